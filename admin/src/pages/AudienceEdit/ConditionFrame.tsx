// The frame every condition of the builder shares: its kind as the legend, its fields in a row
// with a Remove button, and the messages about it underneath.
import type { ComponentChildren } from "preact";
import type { BuilderActions } from "./builder-context";
import { NodeMessages } from "./NodeMessages";
import { RemoveButton } from "./RemoveButton";

type Props = { nodeKey: number; legend: string; testId: string; actions: BuilderActions; note?: ComponentChildren; children: ComponentChildren };

export function ConditionFrame({ nodeKey, legend, testId, actions, note, children }: Props) {
  const messagesId = `cond-${nodeKey}-messages`;
  const messages = actions.messagesFor(nodeKey);
  return (
    <fieldset class="condition" data-testid={testId} aria-describedby={messages.length ? messagesId : undefined}>
      <legend>{legend}</legend>
      <div class="condition-fields">
        {children}
        <RemoveButton label={`Remove this ${legend.toLowerCase()} condition`} onRemove={() => actions.remove(nodeKey)} />
      </div>
      {note}
      <NodeMessages id={messagesId} messages={messages} />
    </fieldset>
  );
}
