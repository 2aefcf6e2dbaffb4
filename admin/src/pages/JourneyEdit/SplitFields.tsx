// A split: shares of profiles (stable per profile) adding up to 100, each leading somewhere.
import { TextField } from "../../components/fields";
import type { SplitBranch } from "../../lib/types";
import { fieldId } from "./dom-ids";
import { EdgeField } from "./EdgeField";
import { type FieldsProps, readInt } from "./panel-kit";

const MAX_BRANCHES = 10;

export function SplitFields({ model, id, node, errorAt, change }: FieldsProps<"split">) {
  const setBranches = (branches: SplitBranch[]) => change({ ...node, branches });
  const patch = (i: number, p: Partial<SplitBranch>) => setBranches(node.branches.map((b, j) => (j === i ? { ...b, ...p } : b)));
  const total = node.branches.reduce((s, b) => s + (Number.isFinite(b.percent) ? b.percent : 0), 0);
  return (
    <>
      <ol class="branch-list">
        {node.branches.map((b, i) => (
          <li key={i}>
            <fieldset class="branch" data-testid={`branch-${i}`}>
              <legend>Share {i + 1}</legend>
              <div class="grid-2 tight">
                <TextField id={fieldId(id, `branches.${i}.label`)} label="Label" value={b.label ?? ""} error={errorAt(`branches.${i}.label`)} onInput={(label) => patch(i, { label })} />
                <TextField
                  id={fieldId(id, `branches.${i}.percent`)}
                  label="Percent"
                  type="number"
                  value={Number.isFinite(b.percent) ? String(b.percent) : ""}
                  error={errorAt(`branches.${i}.percent`)}
                  onInput={(v) => patch(i, { percent: readInt(v) })}
                />
              </div>
              <EdgeField model={model} edge={{ from: id, field: `branches.${i}.next` }} label="Then go to" error={errorAt(`branches.${i}.next`)} />
              {node.branches.length > 2 && (
                <p class="actions tight-top">
                  <button type="button" class="button subtle" aria-label={`Remove share ${i + 1}`} onClick={() => setBranches(node.branches.filter((_, j) => j !== i))}>
                    Remove
                  </button>
                </p>
              )}
            </fieldset>
          </li>
        ))}
      </ol>
      <p class={total === 100 ? "split-total" : "split-total field-error"} data-testid="split-total" aria-live="polite">
        Total: {total}%{total === 100 ? "" : " (the shares must add up to 100)"}
      </p>
      {errorAt("branches") && <p class="field-error">{errorAt("branches")}</p>}
      {node.branches.length < MAX_BRANCHES && (
        <button type="button" class="button" data-testid="add-branch" onClick={() => setBranches([...node.branches, { label: "", percent: Math.max(1, 100 - total), next: "" }])}>
          Add share
        </button>
      )}
    </>
  );
}
