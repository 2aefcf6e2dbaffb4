/**
 * Picks the offer to show in each requested placement.
 *
 * Candidates come pre-sorted by priority from the compiled snapshot. Among offers of equal
 * priority the winner is chosen by a stable hash of profile and offer, so one visitor keeps
 * seeing the same offer across reloads while different visitors spread over the tied offers.
 * When no offer is live, the placement's fallback is returned, marked as such.
 */
import type { CompiledItem, Snapshot } from "../config/snapshot";
import { fnv1a } from "./hash";

export type Choice = { placement: string; item: CompiledItem | null; fallback: boolean };

const isLive = (item: CompiledItem, now: number) =>
  (item.startAt === null || item.startAt <= now) && (item.endAt === null || now < item.endAt);

/** Whether the profile may see an offer in a placement (eligibility, caps); everyone by default. */
export type Eligible = (item: CompiledItem, placement: string) => boolean;
const everyone: Eligible = () => true;

export function pickForPlacement(candidates: readonly CompiledItem[], profileId: string, now: number, eligible: Eligible = everyone, placement = ""): CompiledItem | null {
  let best: CompiledItem | null = null;
  let bestHash = 0;
  for (const item of candidates) {
    if (best && item.priority < best.priority) break; // sorted: nothing further can win
    if (!isLive(item, now) || !eligible(item, placement)) continue;
    const h = fnv1a(`${profileId}:${item.offerId}`);
    if (!best || h > bestHash) {
      best = item;
      bestHash = h;
    }
  }
  return best;
}

export function decide(snapshot: Snapshot, placements: readonly string[], profileId: string, now: number, eligible: Eligible = everyone): Choice[] {
  const choices: Choice[] = [];
  for (const placement of new Set(placements)) {
    if (!snapshot.placements[placement]) continue;
    const item = pickForPlacement(snapshot.offersByPlacement[placement] ?? [], profileId, now, eligible, placement);
    if (item) choices.push({ placement, item, fallback: false });
    else choices.push({ placement, item: snapshot.fallbackByPlacement[placement] ?? null, fallback: true });
  }
  return choices;
}
