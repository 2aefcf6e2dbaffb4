// The offers list's filters: status, tag and placement. Each change rewrites the query string
// (replacing the history entry), so the view can be linked and the Back button leaves the page.
import { SelectField } from "../../components/fields";
import { paths } from "../../lib/paths";
import { OFFER_STATUSES, type Placement } from "../../lib/types";
import { hasFilters, type OfferFilters } from "./filters";

type Props = { filters: OfferFilters; tags: string[]; placements: Placement[]; onChange: (filters: OfferFilters) => void };

export function FilterBar({ filters, tags, placements, onChange }: Props) {
  const placementOptions = [{ value: "", label: "All placements" }, ...placements.map((p) => ({ value: p.id, label: p.name && p.name !== p.id ? `${p.name} (${p.id})` : p.id }))];
  if (filters.placement && !placements.some((p) => p.id === filters.placement)) placementOptions.push({ value: filters.placement, label: `${filters.placement} (unknown)` });
  return (
    <form class="filter-bar" role="search" aria-label="Filter offers" data-testid="offer-filters" onSubmit={(e) => e.preventDefault()}>
      <SelectField id="filter-status" label="Status" value={filters.status} options={[{ value: "", label: "All statuses" }, ...OFFER_STATUSES]} onChange={(v) => onChange({ ...filters, status: v as OfferFilters["status"] })} />
      <SelectField id="filter-tag" label="Tag" value={filters.tag} options={[{ value: "", label: "All tags" }, ...tags]} onChange={(tag) => onChange({ ...filters, tag })} />
      <SelectField id="filter-placement" label="Placement" value={filters.placement} options={placementOptions} onChange={(placement) => onChange({ ...filters, placement })} />
      {hasFilters(filters) && (
        <a class="button subtle" href={paths.home} data-testid="clear-filters">
          Clear filters
        </a>
      )}
    </form>
  );
}
