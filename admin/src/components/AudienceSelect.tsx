// Picks one of the sandbox's audiences by id. A stored id that no longer names an audience stays
// selectable, marked unknown, so opening a form never changes what it refers to.
import type { ComponentChildren } from "preact";
import type { AudienceSummary } from "../lib/types";
import { type Option, SelectField } from "./fields";

type Props = {
  id: string;
  testId?: string;
  audiences: readonly AudienceSummary[];
  value: string;
  hint?: ComponentChildren;
  error?: string;
  onChange: (id: string) => void;
};

export function AudienceSelect({ id, testId, audiences, value, hint, error, onChange }: Props) {
  const options: Option[] = audiences.map((a) => ({ value: a.id, label: a.name === a.id ? a.id : `${a.name} (${a.id})` }));
  if (!value) options.unshift({ value: "", label: "Choose an audience", disabled: true });
  else if (!audiences.some((a) => a.id === value)) options.push({ value, label: `${value} (unknown)` });
  return <SelectField id={id} testId={testId} label="Audience" value={value} options={options} hint={hint} error={error} onChange={onChange} />;
}
