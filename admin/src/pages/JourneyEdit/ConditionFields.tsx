// A condition: branches tried in order, each a rule on the profile and where it leads, then else.
import { TextField } from "../../components/fields";
import type { ConditionBranch } from "../../lib/types";
import { fieldId } from "./dom-ids";
import { EdgeField } from "./EdgeField";
import { JsonObjectField } from "./JsonObjectField";
import type { FieldsProps } from "./panel-kit";

const MAX_BRANCHES = 20;

export function ConditionFields({ model, id, node, errorAt, change }: FieldsProps<"condition">) {
  const setBranches = (branches: ConditionBranch[]) => change({ ...node, branches });
  const patch = (i: number, p: Partial<ConditionBranch>) => setBranches(node.branches.map((b, j) => (j === i ? { ...b, ...p } : b)));
  const move = (i: number, d: -1 | 1) => {
    const list = [...node.branches];
    [list[i], list[i + d]] = [list[i + d], list[i]];
    setBranches(list);
  };
  return (
    <>
      <p class="hint">Branches are tried in order; the first whose rule matches the profile wins. Rules are in the audience language.</p>
      <ol class="branch-list">
        {node.branches.map((b, i) => (
          <li key={i}>
            <fieldset class="branch" data-testid={`branch-${i}`}>
              <legend>Branch {i + 1}</legend>
              <TextField id={fieldId(id, `branches.${i}.label`)} label="Label" value={b.label ?? ""} error={errorAt(`branches.${i}.label`)} onInput={(label) => patch(i, { label })} />
              <JsonObjectField
                id={fieldId(id, `branches.${i}.rule`)}
                label="Rule"
                path={`nodes.${id}.branches.${i}.rule`}
                value={b.rule}
                hint='For example { "profile.tier": "gold" }; {} matches everyone.'
                error={errorAt(`branches.${i}.rule`)}
                onChange={(rule) => patch(i, { rule: rule ?? {} })}
                onInvalid={model.setJsonError}
              />
              <EdgeField model={model} edge={{ from: id, field: `branches.${i}.next` }} label="Then go to" error={errorAt(`branches.${i}.next`)} />
              <p class="actions tight-top">
                <button type="button" class="button subtle" disabled={i === 0} aria-label={`Move branch ${i + 1} up`} onClick={() => move(i, -1)}>
                  Up
                </button>
                <button type="button" class="button subtle" disabled={i === node.branches.length - 1} aria-label={`Move branch ${i + 1} down`} onClick={() => move(i, 1)}>
                  Down
                </button>
                {node.branches.length > 1 && (
                  <button type="button" class="button subtle" aria-label={`Remove branch ${i + 1}`} onClick={() => setBranches(node.branches.filter((_, j) => j !== i))}>
                    Remove
                  </button>
                )}
              </p>
            </fieldset>
          </li>
        ))}
      </ol>
      {node.branches.length < MAX_BRANCHES && (
        <button type="button" class="button" data-testid="add-branch" onClick={() => setBranches([...node.branches, { label: `Branch ${node.branches.length + 1}`, rule: {}, next: "" }])}>
          Add branch
        </button>
      )}
      <EdgeField model={model} edge={{ from: id, field: "else" }} label="Else go to" error={errorAt("else")} />
    </>
  );
}
