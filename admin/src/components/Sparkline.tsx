// A small inline line chart of a series (an audience's sizes), drawn as SVG. The label gives the
// numbers for screen readers, and the title for a mouse.
import { sparkPoints } from "../lib/sparkline";

type Props = { values: readonly number[]; label: string; width?: number; height?: number; testId?: string };

export function Sparkline({ values, label, width = 96, height = 24, testId }: Props) {
  const points = sparkPoints(values, { width, height });
  const last = points.at(-1);
  return (
    <svg class="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} data-testid={testId}>
      <title>{label}</title>
      {points.length > 0 && <polyline points={points.map(([x, y]) => `${x},${y}`).join(" ")} fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round" stroke-linecap="round" />}
      {last && <circle cx={last[0]} cy={last[1]} r="2" fill="currentColor" />}
    </svg>
  );
}
