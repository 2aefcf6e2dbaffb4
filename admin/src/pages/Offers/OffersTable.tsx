// The offers table: one row per offer, its name linking to the edit form, with its counters.
import { StatusBadge } from "../../components/StatusBadge";
import { formatDateTime } from "../../lib/format";
import { paths } from "../../lib/paths";
import type { Offer, OfferStats } from "../../lib/types";
import { statCells } from "./stats";

type Props = { offers: Offer[]; stats: ReadonlyMap<string, OfferStats>; highlight?: string };

export function OffersTable({ offers, stats, highlight }: Props) {
  return (
    <div class="table-wrap">
      <table data-testid="offers-table">
        <caption class="visually-hidden">Offers, highest priority first, with their decisions, displays, clicks and click-through rate</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Status</th>
            <th scope="col" class="num">
              Priority
            </th>
            <th scope="col">Tags</th>
            <th scope="col">Placements</th>
            <th scope="col">Fallback</th>
            <th scope="col" class="num">
              Decisions
            </th>
            <th scope="col" class="num">
              Displays
            </th>
            <th scope="col" class="num">
              Clicks
            </th>
            <th scope="col" class="num">
              <abbr title="Click-through rate: clicks per display">CTR</abbr>
            </th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {offers.map((offer) => {
            const cells = statCells(stats.get(offer.id));
            return (
              <tr key={offer.id} data-testid={`offer-row-${offer.id}`} class={offer.id === highlight ? "highlight" : undefined}>
                <th scope="row">
                  <a href={paths.offer(offer.id)}>{offer.name}</a>
                  <span class="muted id">{offer.id}</span>
                </th>
                <td>
                  <StatusBadge status={offer.status} />
                </td>
                <td class="num">{offer.priority}</td>
                <td>{offer.tags.length ? offer.tags.map((t) => <span key={t} class="chip chip-static">{t}</span>) : <span class="muted">—</span>}</td>
                <td>{offer.representations.map((r) => r.placement).join(", ") || "—"}</td>
                <td>{offer.fallback ? <span class="badge badge-fallback">Fallback</span> : <span class="muted">—</span>}</td>
                <td class="num" data-testid="offer-decisions">{cells.decisions}</td>
                <td class="num" data-testid="offer-displays">{cells.displays}</td>
                <td class="num" data-testid="offer-clicks">{cells.clicks}</td>
                <td class="num" data-testid="offer-ctr">{cells.ctr}</td>
                <td class="nowrap">{formatDateTime(offer.updatedAt)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
