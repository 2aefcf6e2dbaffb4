// The id of a new record, derived from its name when left empty, and fixed once created.
import { TextField } from "./fields";

type Props = { id: string; label: string; value: string; fixed: boolean; error?: string; onInput: (value: string) => void };

export function IdField({ id, label, value, fixed, error, onInput }: Props) {
  return (
    <TextField
      id={id}
      label={label}
      value={value}
      readOnly={fixed}
      hint={fixed ? "The id cannot change once created." : "Lower-case letters, digits, - and _. Leave empty to derive one from the name."}
      error={error}
      onInput={onInput}
    />
  );
}
