/**
 * A realistic generated configuration for benchmarks: many offers spread over placements, with
 * a seeded random source so every run measures the same data.
 */
import type { Rule } from "../../edge/src/audiences/rule";
import type { DecisionConfig, OfferSource, PlacementConfig } from "../../edge/src/config/snapshot";
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
    const tags = [`t${Math.floor(random() * TAGS)}`, `t${Math.floor(random() * TAGS)}`];
    return {
      id: `offer-${i}`,
      status: random() < 0.9 ? "approved" : "draft",
      priority: Math.floor(random() * 100),
      fallback: i < placements.length,
      startAt: dated ? now - 86_400_000 : null,
      endAt: dated ? now + (random() < 0.5 ? -3_600_000 : 86_400_000) : null,
      tags: [...new Set(tags)],
      attributes: { margin: Math.floor(random() * 100) },
      representations: targets.map((placement) => ({
        placement,
        format: "html" as const,
        content: `<h2>Offer ${i}</h2><p>${"Lorem ipsum dolor sit amet. ".repeat(3)}</p>`,
        link: `/p/${i}`,
      })),
    } satisfies OfferSource;
  });
}

/** Offers carry two of this many tags, so a one-tag collection holds about 2% of them. */
const TAGS = 100;

/** Collections of one to three tags, any or all: most select a few hundred offers, some very few. */
export function generateCollections(n: number, seed = 2): { id: string; match: "any" | "all"; tags: string[] }[] {
  const random = rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const size = 1 + Math.floor(random() * 3);
    const tags = [...new Set(Array.from({ length: size }, () => `t${Math.floor(random() * TAGS)}`))];
    return { id: `collection-${i}`, match: random() < 0.8 ? "any" : "all", tags };
  });
}

/**
 * The home page decision: five placements, each with three criteria (priority, formula, auto
 * ranking) over different collections, two items in the hero.
 */
export function generateDecision(placements: PlacementConfig[], collections: { id: string }[]): DecisionConfig {
  const pick = (i: number) => collections[i % collections.length].id;
  return {
    id: "home",
    allowDuplicates: false,
    placements: placements.slice(0, 5).map((p, i) => ({
      placement: p.id,
      items: i === 0 ? 2 : 1,
      fallback: null,
      criteria: [
        { collection: pick(i * 3), eligibility: { rule: { "profile.tier": "gold" } }, ranking: { kind: "priority" } },
        { collection: pick(i * 3 + 1), ranking: { kind: "formula", formula: "offer.priority + coalesce(offer.margin, 0) / 10 + (context.device.type == \"mobile\" ? 5 : 0)" } },
        { collection: pick(i * 3 + 2), ranking: { kind: "auto", exploration: 0.1 } },
      ],
    })),
  };
}

/** Audience rules read events of these types, over these windows, and profiles of these tiers. */
export const EVENT_TYPES = Array.from({ length: 20 }, (_, i) => `event.${i}`);
export const WINDOWS = ["1h", "1d", "7d", "30d"];
export const TIERS = ["bronze", "silver", "gold", "platinum"];

/** A realistic mix: attribute tests, sets, regexes, event counts in windows, combinations. */
export function generateRules(n: number, random: () => number): { id: string; rule: Rule; peer: Rule }[] {
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  const out: { id: string; rule: Rule; peer: Rule }[] = [];
  for (let i = 0; i < n; i++) {
    const type = pick(EVENT_TYPES);
    const within = pick(WINDOWS);
    const k = 1 + Math.floor(random() * 4);
    const attr: Rule[] = [
      { "profile.tier": pick(TIERS) },
      { "profile.points": { $gte: Math.floor(random() * 5000) } },
      { "profile.city": { $in: ["Lyon", "Paris", "Berlin", "Tokyo"].slice(0, 1 + Math.floor(random() * 4)) } },
      { "profile.email": { $regex: `^user${Math.floor(random() * 9)}` } },
      { "profile.tags": { $all: ["vip"] } },
    ];
    const a = pick(attr);
    const b = pick(attr);
    const event = { $event: { type, within, is: { $gte: k } } };
    // The peer has no $event: the same test over an aggregate worked out beforehand.
    const eventPeer = { [`agg.${type.replace(".", "_")}_${within}`]: { $gte: k } };
    const shape = i % 4;
    const rule = shape === 0 ? { $and: [a, event] } : shape === 1 ? { $or: [a, b] } : shape === 2 ? { ...a, ...b } : { $and: [event, { $or: [a, b] }] };
    const peer = shape === 0 ? { $and: [a, eventPeer] } : shape === 1 ? { $or: [a, b] } : shape === 2 ? { ...a, ...b } : { $and: [eventPeer, { $or: [a, b] }] };
    out.push({ id: `aud-${i}`, rule: rule as Rule, peer: peer as Rule });
  }
  return out;
}

/**
 * A live journey of the load: journey k enters on `bench.k`, waits for `bench.done` up to an
 * hour, then sends an email.
 */
export const loadJourney = (k: number) => ({
  entry: { type: "event", eventType: `bench.${k}` },
  start: "wait",
  nodes: {
    wait: { type: "wait-event", eventType: "bench.done", timeout: "1h", next: "end", timeoutNext: "mail" },
    mail: { type: "action", action: { kind: "message", channel: "email", body: "Hello" }, next: "end" },
    end: { type: "end" },
  },
  reentrance: { mode: "always" },
});
