// The offers of one sandbox, as listed on the home page, with their counters and the placements
// the placement filter offers.
import { action, createModel, signal } from "@preact/signals";
import { listOffers, listPlacements, offerStats } from "../../lib/api";
import { messageOf } from "../../lib/api-error";
import { listLoader } from "../../lib/list-loader";
import type { Offer, OfferStats, Placement } from "../../lib/types";

/** Highest priority first, the order the decision engine ranks them; name breaks ties. */
const byRank = (a: Offer, b: Offer) => b.priority - a.priority || a.name.localeCompare(b.name);

export const OffersModel = createModel(() => {
  const offers = listLoader<Offer>(async (sb) => [...(await listOffers(sb))].sort(byRank));
  const placements = listLoader<Placement>(listPlacements, false);
  const stats = signal<OfferStats[]>([]);
  const statsError = signal<string | null>(null);
  let statsRequest = 0;

  const load = action(async (sb: string) => {
    await Promise.all([offers.load(sb), placements.load(sb)]);
  });

  /** The counters, over every placement or one; a failure leaves dashes and a note, not an empty page. */
  const loadStats = action(async (sb: string, placement: string) => {
    const mine = ++statsRequest;
    statsError.value = null;
    try {
      const items = await offerStats(sb, placement ? { placement } : {});
      if (mine === statsRequest) stats.value = items;
    } catch (err) {
      if (mine === statsRequest) {
        stats.value = [];
        statsError.value = messageOf(err);
      }
    }
  });

  return { items: offers.items, loading: offers.loading, error: offers.error, placements: placements.items, stats, statsError, load, loadStats };
});
