// The collections of one sandbox, with how many approved offers each selects now.
import { createModel } from "@preact/signals";
import { listCollections } from "../../lib/api";
import { listLoader } from "../../lib/list-loader";
import type { CollectionSummary } from "../../lib/types";

const byName = (a: CollectionSummary, b: CollectionSummary) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

export const CollectionsModel = createModel(() => listLoader<CollectionSummary>(async (sb) => [...(await listCollections(sb))].sort(byName)));
