// A group of conditions: all of them, any of them or none of them must hold. Groups nest.
import { SelectField } from "../../components/fields";
import { AttributeRow } from "./AttributeRow";
import { AudienceRow } from "./AudienceRow";
import type { BuilderActions } from "./builder-context";
import { EventRow } from "./EventRow";
import { NodeMessages } from "./NodeMessages";
import { RemoveButton } from "./RemoveButton";
import { GROUP_OPS, type Group, type GroupOp, type NewKind, type RuleNode } from "./rule-tree";

const ADDABLE: { kind: NewKind; label: string }[] = [
  { kind: "attribute", label: "Add attribute" },
  { kind: "event", label: "Add event" },
  { kind: "audience", label: "Add audience" },
  { kind: "group", label: "Add group" },
];

function NodeEditor({ node, actions }: { node: RuleNode; actions: BuilderActions }) {
  if (node.kind === "group") return <GroupEditor group={node} actions={actions} />;
  if (node.kind === "attribute") return <AttributeRow cond={node} actions={actions} />;
  if (node.kind === "event") return <EventRow cond={node} actions={actions} />;
  return <AudienceRow cond={node} actions={actions} />;
}

export function GroupEditor({ group, actions, root = false }: { group: Group; actions: BuilderActions; root?: boolean }) {
  const id = `group-${group.key}`;
  const messages = actions.messagesFor(group.key);
  const testPrefix = root ? "" : "group-";
  return (
    <fieldset class={root ? "rule-group rule-root" : "rule-group"} data-testid={root ? "rule-root" : "rule-group"}>
      <legend class={root ? "visually-hidden" : undefined}>{root ? "Rule conditions" : "Group"}</legend>
      <div class="group-head">
        <SelectField
          id={`${id}-op`}
          testId={`${testPrefix}op`}
          label={root ? "Profiles matching" : "Matching"}
          value={group.op}
          options={GROUP_OPS.map((o) => ({ value: o.value, label: `${o.label} these` }))}
          onChange={(op) => actions.change(group.key, { op: op as GroupOp })}
        />
        {!root && <RemoveButton label="Remove this group and its conditions" onRemove={() => actions.remove(group.key)} />}
      </div>
      <NodeMessages id={`${id}-messages`} messages={messages} />
      {group.children.length === 0 ? (
        <p class="muted" data-testid={root ? "rule-everyone" : undefined}>
          {root ? "No conditions yet: everyone is in this audience." : "No conditions in this group yet."}
        </p>
      ) : (
        <ol class="group-children">
          {group.children.map((child) => (
            <li key={child.key}>
              <NodeEditor node={child} actions={actions} />
            </li>
          ))}
        </ol>
      )}
      <div class="add-node" role="group" aria-label={root ? "Add to the rule" : "Add to this group"}>
        {ADDABLE.map((a) => (
          <button key={a.kind} type="button" class="button" data-testid={`${testPrefix}add-${a.kind}`} onClick={() => actions.add(group.key, a.kind)}>
            + {a.label}
          </button>
        ))}
      </div>
    </fieldset>
  );
}
