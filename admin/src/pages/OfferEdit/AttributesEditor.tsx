// The offer's attributes: named values that ranking formulas read as `offer.<name>`.
import { SelectField, TextField } from "../../components/fields";
import { ATTR_TYPES, type AttrDraft, type AttrType, MAX_ATTRIBUTES } from "./attributes";

type Props = {
  rows: AttrDraft[];
  errors: Record<string, string>;
  onAdd: () => void;
  onChange: (key: number, patch: Partial<AttrDraft>) => void;
  onRemove: (key: number) => void;
};

export function AttributesEditor({ rows, errors, onAdd, onChange, onRemove }: Props) {
  return (
    <section class="attributes" aria-labelledby="attributes-heading" data-testid="attributes-editor">
      <h2 id="attributes-heading">Attributes</h2>
      <p class="hint">
        Values a decision's ranking formula can read, such as <code>margin</code> as <code>offer.margin</code>. Names start with a letter or _, then letters, digits or _.
      </p>
      {errors.attributes && <p class="field-error">{errors.attributes}</p>}
      {rows.length === 0 && <p class="muted">No attributes.</p>}
      {rows.length > 0 && (
        <ul class="attribute-rows">
          {rows.map((row, index) => {
            const id = (field: string) => `attr-${row.key}-${field}`;
            return (
              <li key={row.key} class="attribute-row" data-testid={`attribute-${index}`}>
                <TextField id={id("name")} testId="attribute-name" label="Attribute name" value={row.name} placeholder="margin" error={errors[`attributes.${index}.name`]} onInput={(name) => onChange(row.key, { name })} />
                <SelectField
                  id={id("type")}
                  testId="attribute-type"
                  label="Type"
                  value={row.type}
                  options={ATTR_TYPES}
                  onChange={(v) => onChange(row.key, { type: v as AttrType, value: v === "boolean" ? "true" : row.type === "boolean" ? "" : row.value })}
                />
                {row.type === "boolean" ? (
                  <SelectField id={id("value")} testId="attribute-value" label="Value" value={row.value === "true" ? "true" : "false"} options={["true", "false"]} error={errors[`attributes.${index}.value`]} onChange={(value) => onChange(row.key, { value })} />
                ) : (
                  <TextField id={id("value")} testId="attribute-value" label="Value" type={row.type === "number" ? "number" : "text"} value={row.value} error={errors[`attributes.${index}.value`]} onInput={(value) => onChange(row.key, { value })} />
                )}
                <button type="button" class="button subtle remove-row" aria-label={`Remove attribute ${row.name || index + 1}`} onClick={() => onRemove(row.key)}>
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <p class="actions tight-top">
        <button type="button" class="button" data-testid="add-attribute" disabled={rows.length >= MAX_ATTRIBUTES} onClick={onAdd}>
          Add attribute
        </button>
      </p>
    </section>
  );
}
