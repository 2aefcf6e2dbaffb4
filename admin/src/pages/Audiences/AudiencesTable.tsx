// The audiences table: name (linking to the editor), latest size, when it was counted, and the
// trend of the last counts.
import { Sparkline } from "../../components/Sparkline";
import { formatCount, formatDateTime } from "../../lib/format";
import { paths } from "../../lib/paths";
import type { AudienceSummary } from "../../lib/types";
import { sizeLabel } from "./size";

function trendLabel(a: AudienceSummary): string {
  const sizes = a.trend.map((t) => t.size);
  if (sizes.length < 2) return sizes.length ? `One count so far: ${formatCount(sizes[0])}` : "Not counted yet";
  return `Last ${sizes.length} counts, from ${formatCount(sizes[0])} to ${formatCount(sizes[sizes.length - 1])}`;
}

export function AudiencesTable({ audiences, highlight }: { audiences: AudienceSummary[]; highlight?: string }) {
  return (
    <div class="table-wrap">
      <table data-testid="audiences-table">
        <caption class="visually-hidden">Audiences by name, with their latest size</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col" class="num">
              Size
            </th>
            <th scope="col">Counted</th>
            <th scope="col">Trend</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {audiences.map((a) => {
            const size = sizeLabel(a);
            return (
              <tr key={a.id} data-testid={`audience-row-${a.id}`} class={a.id === highlight ? "highlight" : undefined}>
                <th scope="row">
                  <a href={paths.audience(a.id)}>{a.name}</a>
                  <span class="muted id">{a.id}</span>
                  {a.description && <span class="muted description">{a.description}</span>}
                </th>
                <td class="num" data-testid="audience-size" title={size.title}>
                  {size.text}
                </td>
                <td class="nowrap">{formatDateTime(a.sizedAt)}</td>
                <td>{a.trend.length ? <Sparkline values={a.trend.map((t) => t.size)} label={trendLabel(a)} testId="audience-trend" /> : <span class="muted">—</span>}</td>
                <td class="nowrap">{formatDateTime(a.updatedAt)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
