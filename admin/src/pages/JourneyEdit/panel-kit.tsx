// Small pieces the node panels share: how a panel reads its node's problems, a date-and-time
// field, and the props every type's fields receive.
import type { NodeOf, NodeType } from "../../lib/types";
import type { JourneyEditState } from "./model";
import { type NodeProblem, isAt } from "./problems";

export type FieldsProps<T extends NodeType> = {
  model: JourneyEditState;
  id: string;
  node: NodeOf<T>;
  /** The first problem at a field of this node (or inside it). */
  errorAt: (field: string) => string | undefined;
  change: (node: NodeOf<T>) => void;
};

export const errorsOf = (problems: readonly NodeProblem[]) => (field: string) => problems.find((p) => isAt(p, field))?.message;

type DateTimeProps = { id: string; label: string; value: string; hint?: string; error?: string; onInput: (value: string) => void };

/** A local date and time (`2026-12-24T09:00`), as the browser's picker writes it. */
export function DateTimeField({ id, label, value, hint, error, onInput }: DateTimeProps) {
  const described = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div class={error ? "field has-error" : "field"}>
      <label for={id}>{label}</label>
      <input type="datetime-local" id={id} name={id} data-testid={id} value={value} aria-invalid={error ? "true" : undefined} aria-describedby={described} onInput={(e) => onInput(e.currentTarget.value)} />
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** A whole number typed in a box: NaN while it is not one. */
export const readInt = (text: string) => (/^\s*-?\d+\s*$/.test(text) ? Number(text) : Number.NaN);
