// The offers list's filters, kept in the query string so a filtered view can be linked and
// survives a reload: `/admin/?status=approved&tag=seasonal&placement=hero`.
import { OFFER_STATUSES, type Offer, type OfferStatus } from "../../lib/types";

export type OfferFilters = { status: OfferStatus | ""; tag: string; placement: string };

export const NO_FILTERS: OfferFilters = { status: "", tag: "", placement: "" };

/** Reads the filters from the query; an unknown status is no status filter. */
export function readFilters(query: Record<string, string | undefined>): OfferFilters {
  const status = query.status ?? "";
  return {
    status: (OFFER_STATUSES as readonly string[]).includes(status) ? (status as OfferStatus) : "",
    tag: (query.tag ?? "").trim(),
    placement: (query.placement ?? "").trim(),
  };
}

/** The query string for the filters, "" when there are none; only set filters appear. */
export function filtersQuery(filters: OfferFilters): string {
  const params = new URLSearchParams();
  if (filters.status) params.set("status", filters.status);
  if (filters.tag) params.set("tag", filters.tag);
  if (filters.placement) params.set("placement", filters.placement);
  const text = params.toString();
  return text ? `?${text}` : "";
}

export const hasFilters = (f: OfferFilters) => Boolean(f.status || f.tag || f.placement);

export function applyFilters(offers: readonly Offer[], f: OfferFilters): Offer[] {
  return offers.filter(
    (o) => (!f.status || o.status === f.status) && (!f.tag || o.tags.includes(f.tag)) && (!f.placement || o.representations.some((r) => r.placement === f.placement)),
  );
}

/** Every tag used by an offer, sorted; a filtered tag no offer has any more stays listed. */
export function tagChoices(offers: readonly Offer[], current = ""): string[] {
  const tags = new Set(offers.flatMap((o) => o.tags));
  if (current) tags.add(current);
  return [...tags].sort((a, b) => a.localeCompare(b));
}

/** "approved offers tagged seasonal with content for hero", for the line above the table. */
export function describeFilters(f: OfferFilters): string {
  const parts = [f.tag && `tagged ${f.tag}`, f.placement && `with content for ${f.placement}`].filter(Boolean);
  return [`${f.status ? `${f.status} ` : ""}offers`, ...parts].join(" ");
}
