// One edge: a curve from a port to the box it leads to, an arrow head, and its label (a branch,
// a share, "timeout"). A click selects the node it leaves and puts the panel on that edge.
import type { Edge } from "./graph";

type Props = { edge: Edge; d: string; label: { x: number; y: number }; highlighted: boolean; onSelect: (edge: Edge) => void };

export function CanvasEdge({ edge, d, label, highlighted, onSelect }: Props) {
  const text = edge.label;
  const width = Math.max(24, text.length * 6.6 + 12);
  return (
    <g
      class={`edge edge-${edge.kind}${highlighted ? " is-highlighted" : ""}`}
      data-testid={`canvas-edge-${edge.from}-${edge.field}`}
      data-to={edge.to}
      onPointerDown={(e) => {
        e.stopPropagation();
        onSelect(edge);
      }}
    >
      {/* A wide transparent stroke under the curve, so it is easy to hit. */}
      <path class="edge-hit" d={d} />
      <path class="edge-line" d={d} marker-end={highlighted ? "url(#arrow-on)" : "url(#arrow)"} />
      {text && (
        <g class="edge-label" transform={`translate(${label.x} ${label.y})`}>
          <rect x={-width / 2} y={-10} width={width} height={20} rx={10} />
          <text y={4}>{text}</text>
        </g>
      )}
    </g>
  );
}
