// A condition on the profile's attributes (or its consent, its identities, the request's context).
import { CheckboxField, SelectField, TextField } from "../../components/fields";
import type { BuilderActions } from "./builder-context";
import { ConditionFrame } from "./ConditionFrame";
import { ATTRIBUTE_OPERATORS, type AttributeCondition, type AttributeOperator, ROOTS, type Root, VALUELESS_OPERATORS, valueTypesFor, withOperator } from "./rule-tree";
import { ValueFields } from "./ValueFields";

const ROOT_LABELS: Record<Root, string> = { profile: "Profile attribute", consent: "Consent", identities: "Identity", context: "Request (edge only)" };

export function AttributeRow({ cond, actions }: { cond: AttributeCondition; actions: BuilderActions }) {
  const id = `cond-${cond.key}`;
  return (
    <ConditionFrame nodeKey={cond.key} legend="Attribute" testId="condition-attribute" actions={actions}>
      <SelectField id={`${id}-root`} testId="attribute-root" label="Source" value={cond.root} options={ROOTS.map((r) => ({ value: r, label: ROOT_LABELS[r] }))} onChange={(root) => actions.change(cond.key, { root: root as Root })} />
      <TextField id={`${id}-path`} testId="attribute-path" label="Path" value={cond.path} placeholder="tier" onInput={(path) => actions.change(cond.key, { path })} />
      <SelectField
        id={`${id}-operator`}
        testId="attribute-operator"
        label="Operator"
        value={cond.operator}
        options={ATTRIBUTE_OPERATORS}
        onChange={(op) => actions.replace(cond.key, withOperator(cond, op as AttributeOperator))}
      />
      {!VALUELESS_OPERATORS.has(cond.operator) && (
        <ValueFields idPrefix={id} value={cond.value} types={valueTypesFor(cond.operator)} onChange={(value) => actions.change(cond.key, { value })} />
      )}
      {cond.operator === "regex" && (
        <CheckboxField id={`${id}-ignore-case`} label="Ignore case" checked={cond.ignoreCase} onChange={(ignoreCase) => actions.change(cond.key, { ignoreCase })} />
      )}
    </ConditionFrame>
  );
}
