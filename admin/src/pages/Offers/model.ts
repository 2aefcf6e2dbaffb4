// The offers of one sandbox, as listed on the home page.
import { action, createModel, signal } from "@preact/signals";
import { listOffers } from "../../lib/api";
import { messageOf } from "../../lib/api-error";
import type { Offer } from "../../lib/types";

/** Highest priority first, the order the decision engine ranks them; name breaks ties. */
const byRank = (a: Offer, b: Offer) => b.priority - a.priority || a.name.localeCompare(b.name);

export const OffersModel = createModel(() => {
  const items = signal<Offer[]>([]);
  const loading = signal(true);
  const error = signal<string | null>(null);
  let request = 0;

  const load = action(async (sb: string) => {
    const mine = ++request;
    loading.value = true;
    error.value = null;
    try {
      const offers = await listOffers(sb);
      // A slower answer for the previous sandbox must not overwrite this one.
      if (mine === request) items.value = [...offers].sort(byRank);
    } catch (err) {
      if (mine === request) error.value = messageOf(err);
    } finally {
      if (mine === request) loading.value = false;
    }
  });

  return { items, loading, error, load };
});
