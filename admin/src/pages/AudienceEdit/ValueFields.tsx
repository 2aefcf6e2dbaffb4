// A value typed into a condition and the type it is written as in JSON.
import { SelectField, TextField } from "../../components/fields";
import { type TypedValue, VALUE_TYPES, type ValueType } from "./rule-tree";

const PLACEHOLDERS: Record<ValueType, string> = { text: "gold", number: "3", boolean: "", list: "Lyon, Paris", numbers: "1, 2, 3" };

type Props = { idPrefix: string; value: TypedValue; types: readonly ValueType[]; onChange: (value: TypedValue) => void };

export function ValueFields({ idPrefix, value, types, onChange }: Props) {
  return (
    <>
      {value.type === "boolean" ? (
        <SelectField
          id={`${idPrefix}-value`}
          testId="condition-value"
          label="Value"
          value={value.text === "true" ? "true" : "false"}
          options={["true", "false"]}
          onChange={(text) => onChange({ ...value, text })}
        />
      ) : (
        <TextField
          id={`${idPrefix}-value`}
          testId="condition-value"
          label="Value"
          value={value.text}
          placeholder={PLACEHOLDERS[value.type]}
          hint={value.type === "list" || value.type === "numbers" ? "Separate values with commas." : undefined}
          onInput={(text) => onChange({ ...value, text })}
        />
      )}
      {types.length > 1 && (
        <SelectField
          id={`${idPrefix}-type`}
          testId="condition-value-type"
          label="Value type"
          value={value.type}
          options={VALUE_TYPES.filter((t) => types.includes(t.value))}
          onChange={(type) => onChange({ type: type as ValueType, text: type === "boolean" && value.text !== "false" ? "true" : value.text })}
        />
      )}
    </>
  );
}
