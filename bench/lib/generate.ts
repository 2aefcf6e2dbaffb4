/**
 * A realistic generated configuration for benchmarks: many offers spread over placements, with
 * a seeded random source so every run measures the same data.
 */
import type { OfferSource, PlacementConfig } from "../../edge/src/config/snapshot";
import { rng } from "../../scripts/lib/seeded-random";

export { rng };

export function generatePlacements(n: number): PlacementConfig[] {
  return Array.from({ length: n }, (_, i) => ({
    id: i === 0 ? "hero" : `slot-${i}`,
    name: i === 0 ? "Hero" : `Slot ${i}`,
    channel: "web" as const,
    format: "html" as const,
    selector: null,
  }));
}

/** Every offer targets `hero` plus two other placements, so `hero` decides over all of them. */
export function generateOffers(n: number, placements: PlacementConfig[], seed = 1): OfferSource[] {
  const random = rng(seed);
  const now = Date.now();
  return Array.from({ length: n }, (_, i) => {
    const others = [1 + Math.floor(random() * (placements.length - 1)), 1 + Math.floor(random() * (placements.length - 1))];
    const targets = [...new Set([0, ...others])].map((p) => placements[p].id);
    const dated = random() < 0.2;
    return {
      id: `offer-${i}`,
      status: random() < 0.9 ? "approved" : "draft",
      priority: Math.floor(random() * 100),
      fallback: i < placements.length,
      startAt: dated ? now - 86_400_000 : null,
      endAt: dated ? now + (random() < 0.5 ? -3_600_000 : 86_400_000) : null,
      representations: targets.map((placement) => ({
        placement,
        format: "html" as const,
        content: `<h2>Offer ${i}</h2><p>${"Lorem ipsum dolor sit amet. ".repeat(3)}</p>`,
        link: `/p/${i}`,
      })),
    } satisfies OfferSource;
  });
}
