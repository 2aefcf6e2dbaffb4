// A condition on membership of another audience of the sandbox; "is not in" is written as $nor.
import { AudienceSelect } from "../../components/AudienceSelect";
import { SelectField } from "../../components/fields";
import type { BuilderActions } from "./builder-context";
import { ConditionFrame } from "./ConditionFrame";
import type { AudienceCondition } from "./rule-tree";

export function AudienceRow({ cond, actions }: { cond: AudienceCondition; actions: BuilderActions }) {
  const id = `cond-${cond.key}`;
  return (
    <ConditionFrame
      nodeKey={cond.key}
      legend="Audience"
      testId="condition-audience"
      actions={actions}
      note={actions.audiences.length === 0 && <p class="hint">This sandbox has no other audience yet.</p>}
    >
      <SelectField
        id={`${id}-negate`}
        testId="audience-negate"
        label="The profile"
        value={cond.negate ? "out" : "in"}
        options={[{ value: "in", label: "is in" }, { value: "out", label: "is not in" }]}
        onChange={(v) => actions.change(cond.key, { negate: v === "out" })}
      />
      <AudienceSelect id={`${id}-audience`} testId="audience-ref" audiences={actions.audiences} value={cond.audience} onChange={(audience) => actions.change(cond.key, { audience })} />
    </ConditionFrame>
  );
}
