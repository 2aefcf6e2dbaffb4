// The offers of one sandbox, as listed on the home page.
import { createModel } from "@preact/signals";
import { listOffers } from "../../lib/api";
import { listLoader } from "../../lib/list-loader";
import type { Offer } from "../../lib/types";

/** Highest priority first, the order the decision engine ranks them; name breaks ties. */
const byRank = (a: Offer, b: Offer) => b.priority - a.priority || a.name.localeCompare(b.name);

export const OffersModel = createModel(() =>
  listLoader<Offer>(async (sb) => [...(await listOffers(sb))].sort(byRank)),
);
