/**
 * Displays and clicks per offer and placement, as the auto-optimiser reads them: summed from
 * the `offer_stats` table the events queue keeps, and cached per isolate for a few seconds so
 * a busy placement costs one D1 read every few seconds rather than one per request.
 */
import type { Counts } from "./decide";

const TTL_MS = 5000;
type Entry = { at: number; byPlacement: Map<string, Map<string, Counts>> };
const cache = new Map<string, Entry>();

export async function placementStats(db: D1Database, sandbox: string, placements: readonly string[], now = Date.now()): Promise<Map<string, Map<string, Counts>>> {
  const key = `${sandbox}\u0000${[...placements].sort().join(",")}`;
  const hit = cache.get(key);
  if (hit && now - hit.at < TTL_MS) return hit.byPlacement;
  const marks = placements.map(() => "?").join(",");
  const { results } = await db
    .prepare(`SELECT placement, offer_id, sum(displays) AS displays, sum(clicks) AS clicks FROM offer_stats WHERE sandbox_id = ? AND placement IN (${marks}) GROUP BY placement, offer_id`)
    .bind(sandbox, ...placements)
    .all<{ placement: string; offer_id: string; displays: number; clicks: number }>();
  const byPlacement = new Map<string, Map<string, Counts>>();
  for (const r of results) {
    let m = byPlacement.get(r.placement);
    if (!m) byPlacement.set(r.placement, (m = new Map()));
    m.set(r.offer_id, { displays: Number(r.displays), clicks: Number(r.clicks) });
  }
  if (cache.size > 500) cache.clear();
  cache.set(key, { at: now, byPlacement });
  return byPlacement;
}
