// One box on the canvas: type, name, what it does, its ports (one per edge leaving it), its
// problem badge and, under it, the live counts. The box is a focusable button of the canvas.
import type { JourneyDefinition, NodeCounts } from "../../lib/types";
import { nodeDomId } from "./dom-ids";
import { ENTRY, type EdgeRef, outgoing, typeName } from "./graph";
import { type Rect, portOffset } from "./layout";
import { countsLine, entrySummary, nodeLabel, nodeSummary } from "./summary";

type Props = {
  def: JourneyDefinition;
  id: string;
  rect: Rect;
  selected: boolean;
  current: boolean;
  problems: number;
  counts?: NodeCounts;
  readOnly: boolean;
  /** Words naming where its edges lead, for the accessible name. */
  leadsTo: string;
  onKeyDown: (e: KeyboardEvent) => void;
  onFocus: () => void;
  onPointerDown: (e: PointerEvent) => void;
  onPortDown: (e: PointerEvent, ref: EdgeRef) => void;
};

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function CanvasNode({ def, id, rect, selected, current, problems, counts, readOnly, leadsTo, onKeyDown, onFocus, onPointerDown, onPortDown }: Props) {
  const entry = id === ENTRY;
  const node = entry ? null : def.nodes[id];
  const type = node ? node.type : "entry";
  const title = entry ? "Entry" : node!.label || id;
  const summary = entry ? entrySummary(def.entry) : nodeSummary(node!);
  const ports: { ref: EdgeRef; label: string; connected: boolean }[] = entry
    ? [{ ref: { from: ENTRY, field: "start" }, label: "start", connected: Boolean(def.nodes[def.start]) }]
    : outgoing(id, node!).map((e) => ({ ref: { from: id, field: e.field }, label: e.label || "next", connected: Boolean(def.nodes[e.to]) }));
  const label = entry
    ? `Entry: ${summary}. Starts with ${def.nodes[def.start] ? def.start : "nothing yet"}.${problems ? ` ${problems === 1 ? "1 problem" : `${problems} problems`}.` : ""} Opens the journey settings.`
    : `${nodeLabel(id, node!, problems, counts)}.${leadsTo ? ` ${leadsTo}.` : ""}`;
  const classes = ["node", `node-${type}`, selected && "is-selected", current && "is-current", problems > 0 && "has-problems"].filter(Boolean).join(" ");

  return (
    <g
      id={nodeDomId(id)}
      class={classes}
      transform={`translate(${rect.x} ${rect.y})`}
      tabIndex={0}
      role="button"
      aria-label={label}
      aria-current={current ? "step" : undefined}
      data-testid={entry ? "entry-node" : `node-${id}`}
      data-node={id}
      onKeyDown={onKeyDown}
      onFocus={onFocus}
      onPointerDown={onPointerDown}
    >
      <rect class="node-focus" x={-5} y={-5} width={rect.w + 10} height={rect.h + 10} rx={11} />
      <rect class="node-box" width={rect.w} height={rect.h} rx={8} />
      <rect class="node-stripe" width={6} height={rect.h} rx={3} />
      <text class="node-type" x={16} y={20}>
        {entry ? "ENTRY" : typeName(node!.type).toUpperCase()}
      </text>
      <text class="node-title" x={16} y={40}>
        {cut(title, 22)}
      </text>
      <text class="node-summary" x={16} y={58}>
        {cut(summary, 28)}
      </text>
      {counts && (
        <>
          <line class="node-rule" x1={12} x2={rect.w - 12} y1={rect.h - 24} y2={rect.h - 24} />
          <text class="node-counts" x={16} y={rect.h - 8} data-testid={`counts-${id}`}>
            {countsLine(counts)}
          </text>
        </>
      )}
      {problems > 0 && (
        <g class="node-badge" transform={`translate(${rect.w - 4} -4)`} data-testid={entry ? "entry-badge" : `badge-${id}`} aria-hidden="true">
          <circle r={11} />
          <text y={4}>{problems > 9 ? "9+" : problems}</text>
        </g>
      )}
      {ports.map((p, i) => (
        <circle
          key={p.ref.field}
          class={p.connected ? "port" : "port is-open"}
          cx={rect.w}
          cy={portOffset(i, ports.length, rect.h)}
          r={6}
          data-port={p.ref.field}
          aria-hidden="true"
          onPointerDown={readOnly ? undefined : (e) => onPortDown(e, p.ref)}
        >
          <title>{readOnly ? p.label : `${p.label}: drag to a node to connect`}</title>
        </circle>
      ))}
    </g>
  );
}
