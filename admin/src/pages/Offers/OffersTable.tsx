// The offers table: one row per offer, its name linking to the edit form.
import { StatusBadge } from "../../components/StatusBadge";
import { formatDateTime } from "../../lib/format";
import { paths } from "../../lib/paths";
import type { Offer } from "../../lib/types";

export function OffersTable({ offers, highlight }: { offers: Offer[]; highlight?: string }) {
  return (
    <div class="table-wrap">
      <table data-testid="offers-table">
        <caption class="visually-hidden">Offers, highest priority first</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Status</th>
            <th scope="col" class="num">
              Priority
            </th>
            <th scope="col">Placements</th>
            <th scope="col">Fallback</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {offers.map((offer) => (
            <tr key={offer.id} data-testid={`offer-row-${offer.id}`} class={offer.id === highlight ? "highlight" : undefined}>
              <th scope="row">
                <a href={paths.offer(offer.id)}>{offer.name}</a>
                <span class="muted id">{offer.id}</span>
              </th>
              <td>
                <StatusBadge status={offer.status} />
              </td>
              <td class="num">{offer.priority}</td>
              <td>{offer.representations.map((r) => r.placement).join(", ") || "—"}</td>
              <td>{offer.fallback ? <span class="badge badge-fallback">Fallback</span> : <span class="muted">—</span>}</td>
              <td class="nowrap">{formatDateTime(offer.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
