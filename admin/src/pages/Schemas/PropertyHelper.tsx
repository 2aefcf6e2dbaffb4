// The structured helper under the JSON editor: the top-level properties as a table, and a row to
// add one by name, type and whether it is required. It edits the JSON text above it.
import { CheckboxField, SelectField, TextField } from "../../components/fields";
import { issuesOfProperty, PROPERTY_TYPES, type PropertyType } from "./draft";
import type { SchemaEditorState } from "./editor";

export function PropertyHelper({ model, idPrefix }: { model: SchemaEditorState; idPrefix: string }) {
  const rows = model.properties.value;
  const draft = model.newProperty.value;
  const error = model.helperError.value;
  const issues = model.issues.value;
  return (
    <fieldset class="property-helper" data-testid={`${idPrefix}-helper`}>
      <legend>Properties</legend>
      {!model.parsed.value.ok ? (
        <p class="muted">Fix the JSON above to see its properties here.</p>
      ) : rows.length === 0 ? (
        <p class="muted" data-testid={`${idPrefix}-no-properties`}>
          No properties yet: anything is accepted until you list some.
        </p>
      ) : (
        <div class="table-wrap">
          <table data-testid={`${idPrefix}-properties`}>
            <thead>
              <tr>
                <th scope="col">Property</th>
                <th scope="col">Type</th>
                <th scope="col">Required</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const problems = issuesOfProperty(issues, row.name);
                return (
                  <tr key={row.name} data-testid="property-row" data-name={row.name} class={problems.length ? "has-error" : undefined}>
                    <th scope="row">
                      <code>{row.name}</code>
                      {problems.map((p) => (
                        <p key={p.path} class="field-error">
                          {p.path}: {p.message}
                        </p>
                      ))}
                    </th>
                    <td>{row.type}</td>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`${row.name} is required`}
                        data-testid="property-required"
                        checked={row.required}
                        onChange={(e) => model.toggleRequired(row.name, e.currentTarget.checked)}
                      />
                    </td>
                    <td class="num">
                      <button type="button" class="button subtle" data-testid="remove-property" aria-label={`Remove ${row.name}`} onClick={() => model.removeNamed(row.name)}>
                        Remove
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      <div class="form inline add-property">
        <TextField
          id={`${idPrefix}-prop-name`}
          label="New property name"
          value={draft.name}
          placeholder="e.g. loyaltyTier"
          error={error?.field === "name" ? error.message : undefined}
          onInput={(name) => model.updateNewProperty({ name })}
        />
        <SelectField
          id={`${idPrefix}-prop-type`}
          label="Type"
          value={draft.type}
          options={PROPERTY_TYPES}
          error={error?.field === "type" ? error.message : undefined}
          onChange={(type) => model.updateNewProperty({ type: type as PropertyType })}
        />
        <CheckboxField id={`${idPrefix}-prop-required`} label="Required" checked={draft.required} onChange={(required) => model.updateNewProperty({ required })} />
        <p class="actions">
          <button type="button" class="button" data-testid={`${idPrefix}-add-prop`} onClick={() => model.addNewProperty()}>
            Add property
          </button>
        </p>
      </div>
    </fieldset>
  );
}
