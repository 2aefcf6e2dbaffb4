// What the last save or publish said, over the canvas: a confirmation, or the problems to fix,
// each a link that puts focus on the node concerned (the entry for the journey's own).
import { ErrorSummary } from "../../components/ErrorSummary";
import { Notice } from "../../components/Notice";
import { nodeDomId } from "./dom-ids";
import { ENTRY } from "./graph";
import type { JourneyEditState } from "./model";
import { journeyPathLabel, nodeFieldLabel, nodeOfPath } from "./problems";

export function Outcome({ model }: { model: JourneyEditState }) {
  const outcome = model.outcome.value;
  if (!outcome) return null;
  if (outcome.kind !== "error") {
    return (
      <Notice kind={outcome.kind} testId="journey-outcome">
        {outcome.text}
      </Notice>
    );
  }
  const def = model.definition.value;
  const errors: Record<string, string> = {};
  for (const p of model.problems.value) errors[p.path] ??= p.message;
  // A message announcing a list, once the list is empty, has nothing left to say.
  if (!Object.keys(errors).length && outcome.text.endsWith(":")) return null;
  const labelFor = (path: string) => {
    const at = nodeOfPath(path);
    return at && def.nodes[at.node] ? `${at.node}, ${nodeFieldLabel(def, at.node, at.field).toLowerCase()}` : journeyPathLabel(path);
  };
  const fieldIdFor = (path: string) => {
    const at = nodeOfPath(path);
    return nodeDomId(at && def.nodes[at.node] ? at.node : ENTRY);
  };
  return <ErrorSummary message={outcome.text} errors={errors} labelFor={labelFor} fieldIdFor={fieldIdFor} testId="journey-problems-summary" />;
}
