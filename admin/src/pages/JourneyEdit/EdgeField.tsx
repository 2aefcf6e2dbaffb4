// Where one edge leads: a select of the journey's nodes, and a button to disconnect it. The
// keyboard's way to connect nodes; dragging from a port on the canvas does the same.
import { SelectField, type Option } from "../../components/fields";
import { edgeFieldId } from "./dom-ids";
import { ENTRY, type EdgeRef, outgoing, typeName } from "./graph";
import type { JourneyEditState } from "./model";

type Props = { model: JourneyEditState; edge: EdgeRef; label: string; error?: string; hint?: string };

export function EdgeField({ model, edge, label, error, hint }: Props) {
  const def = model.shown.value;
  const from = def.nodes[edge.from];
  const to = edge.from === ENTRY ? def.start : from ? (outgoing(edge.from, from).find((e) => e.field === edge.field)?.to ?? "") : "";
  const id = edgeFieldId(edge);
  const options: Option[] = [{ value: "", label: "Not connected" }];
  for (const [nid, n] of Object.entries(def.nodes)) {
    if (nid === edge.from) continue;
    options.push({ value: nid, label: `${n.label ? `${n.label} (${nid})` : nid}: ${typeName(n.type)}` });
  }
  if (to && !def.nodes[to]) options.push({ value: to, label: `${to} (no such node)` });

  return (
    <div class="edge-field">
      <SelectField id={id} label={label} value={to} options={options} error={error} hint={hint} onChange={(value) => model.connect(edge, value)} />
      {to && !model.readOnly.value && (
        <button type="button" class="button subtle" data-testid={`${id}-disconnect`} aria-label={`Disconnect ${label}`} onClick={() => model.connect(edge, "")}>
          Disconnect
        </button>
      )}
    </div>
  );
}
