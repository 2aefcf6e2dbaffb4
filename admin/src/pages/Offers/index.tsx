// Home page: the offers of the current sandbox, filtered by status, tag and placement, with their
// counters, and the way in to create or edit one.
import { useModel, useSignalEffect } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { useLocation } from "preact-iso";
import { Notice } from "../../components/Notice";
import { paths } from "../../lib/paths";
import { session } from "../../lib/session";
import { FilterBar } from "./FilterBar";
import { applyFilters, describeFilters, filtersQuery, hasFilters, type OfferFilters, readFilters, tagChoices } from "./filters";
import { OffersModel } from "./model";
import { OffersTable } from "./OffersTable";
import { statsById } from "./stats";

export default function Offers() {
  const model = useModel(OffersModel);
  const { query, route } = useLocation();
  const filters = readFilters(query);

  useSignalEffect(() => {
    void model.load(session.sandbox.value);
  });
  // The counters follow the placement filter: filtered on hero, they count hero only.
  useEffect(() => {
    void model.loadStats(session.sandbox.peek(), filters.placement);
  }, [session.sandbox.value, filters.placement]);

  function setFilters(next: OfferFilters) {
    route(`${paths.home}${filtersQuery(next)}`, true);
  }

  const saved = query.saved;
  const all = model.items.value;
  const shown = applyFilters(all, filters);
  const filtered = hasFilters(filters);
  return (
    <section>
      <div class="page-head">
        <h1>Offers</h1>
        <a class="button primary" href={paths.newOffer} data-testid="new-offer">
          New offer
        </a>
      </div>
      {saved && (
        <Notice kind="ok" testId="saved-status">
          Offer <strong>{saved}</strong> saved. Publish to make the change live.
        </Notice>
      )}
      {model.error.value && <Notice kind="error">Could not load offers: {model.error.value}</Notice>}
      {model.loading.value && all.length === 0 ? (
        <p class="muted">Loading offers…</p>
      ) : all.length === 0 && !model.error.value ? (
        <p data-testid="offers-empty">
          No offers in sandbox <strong>{session.sandbox.value}</strong> yet. <a href={paths.newOffer}>Create the first one</a>.
        </p>
      ) : (
        <>
          <FilterBar filters={filters} tags={tagChoices(all, filters.tag)} placements={model.placements.value} onChange={setFilters} />
          <p class="muted result-count" role="status" data-testid="offers-count">
            {filtered ? `${shown.length} of ${all.length} offers: ${describeFilters(filters)}.` : `${all.length} ${all.length === 1 ? "offer" : "offers"}.`}
            {filters.placement ? ` Counters for ${filters.placement} only.` : " Counters over every placement."}
          </p>
          {model.statsError.value && <Notice kind="error">Could not load the counters: {model.statsError.value}</Notice>}
          {shown.length === 0 ? (
            <p data-testid="offers-none-match">
              No {describeFilters(filters)}. <a href={paths.home}>Show every offer</a>.
            </p>
          ) : (
            <OffersTable offers={shown} stats={statsById(model.stats.value)} highlight={saved} />
          )}
        </>
      )}
    </section>
  );
}
