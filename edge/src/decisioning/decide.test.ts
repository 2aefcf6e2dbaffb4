import { describe, expect, it } from "vitest";
import { compileSnapshot, emptySource, type OfferSource } from "../config/snapshot";
import { asksOf, decide, decideAll, type DecideContext, type PlacementTrace } from "./decide";
import type { DecisionConfig } from "../config/snapshot";
import { seeded } from "./thompson";

const hero = { id: "hero", name: "Hero", channel: "web" as const, format: "html" as const, selector: null };
const rep = (content: string) => [{ placement: "hero", format: "html" as const, content }];
const offer = (id: string, priority: number, extra: Partial<OfferSource> = {}): OfferSource => ({
  id, status: "approved", priority, fallback: false, startAt: null, endAt: null, representations: rep(id), ...extra,
});
const snapshotOf = (offers: OfferSource[]) =>
  compileSnapshot({ ...emptySource("prod"), placements: [hero], offers }, 1, 0);

describe("decide", () => {
  it("returns the highest-priority approved offer", () => {
    const s = snapshotOf([offer("low", 1), offer("high", 9), offer("mid", 5)]);
    expect(decide(s, ["hero"], "p1", 1000)[0].items[0]?.offerId).toBe("high");
  });

  it("ignores drafts, archived offers and offers outside their dates", () => {
    const s = snapshotOf([
      offer("draft", 99, { status: "draft" }),
      offer("archived", 98, { status: "archived" }),
      offer("future", 97, { startAt: 5000 }),
      offer("expired", 96, { endAt: 500 }),
      offer("live", 1),
    ]);
    expect(decide(s, ["hero"], "p1", 1000)[0].items[0]?.offerId).toBe("live");
  });

  it("falls back when no offer is live, and says so", () => {
    const s = snapshotOf([offer("expired", 5, { endAt: 10 }), offer("welcome", 0, { fallback: true })]);
    const [choice] = decide(s, ["hero"], "p1", 1000);
    expect(choice).toMatchObject({ fallback: true, items: [{ offerId: "welcome" }] });
  });

  it("breaks priority ties the same way for one profile on every call, and spreads profiles", () => {
    const s = snapshotOf([offer("a", 5), offer("b", 5), offer("c", 5)]);
    const first = decide(s, ["hero"], "visitor-1", 0)[0].items[0]?.offerId;
    for (let i = 0; i < 20; i++) expect(decide(s, ["hero"], "visitor-1", i)[0].items[0]?.offerId).toBe(first);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(decide(s, ["hero"], `visitor-${i}`, 0)[0].items[0].offerId);
    expect([...seen].sort()).toEqual(["a", "b", "c"]);
  });

  it("skips unknown placements and answers each placement once", () => {
    const s = snapshotOf([offer("a", 1)]);
    expect(decide(s, ["hero", "nope", "hero"], "p", 0).map((c) => c.placement)).toEqual(["hero"]);
  });
});

describe("decisions", () => {
  const side = { id: "side", name: "Side", channel: "web" as const, format: "html" as const, selector: null };
  const both = (content: string) => [
    { placement: "hero", format: "html" as const, content },
    { placement: "side", format: "html" as const, content },
  ];
  const tagged = (id: string, priority: number, tags: string[], extra: Partial<OfferSource> = {}) => offer(id, priority, { tags, representations: both(id), ...extra });
  const offers = [
    tagged("gold-1", 5, ["gold"]),
    tagged("gold-2", 4, ["gold"]),
    tagged("sale-1", 9, ["sale"]),
    tagged("sale-2", 8, ["sale", "summer"]),
    tagged("sale-3", 1, ["sale"], { attributes: { margin: 90 } }),
    offer("fb", 0, { fallback: true, representations: both("fb") }),
  ];
  const decision = (extra: Partial<DecisionConfig> = {}, placements?: DecisionConfig["placements"]): DecisionConfig => ({
    id: "home",
    allowDuplicates: false,
    placements: placements ?? [
      { placement: "hero", items: 1, fallback: "fb", criteria: [{ collection: "gold", eligibility: { audience: "vip" }, ranking: { kind: "priority" } }, { collection: "sale", ranking: { kind: "priority" } }] },
      { placement: "side", items: 2, fallback: "fb", criteria: [{ collection: "sale", ranking: { kind: "priority" } }] },
    ],
    ...extra,
  });
  const build = (d: DecisionConfig) =>
    compileSnapshot(
      {
        ...emptySource("prod"),
        placements: [hero, side],
        offers,
        collections: [
          { id: "gold", match: "any", tags: ["gold"] },
          { id: "sale", match: "any", tags: ["sale"] },
          { id: "summer-sale", match: "all", tags: ["sale", "summer"] },
        ],
        decisions: [d],
      },
      1,
      0,
    );
  const run = (d: DecisionConfig, ctx: Partial<DecideContext> = {}) => {
    const s = build(d);
    return decideAll(s, asksOf(s, { decisions: ["home"] }), { profileId: "p1", now: 0, ...ctx });
  };
  const ids = (c: { items: { offerId: string }[] }) => c.items.map((i) => i.offerId);

  it("compiles collections from tags, any or all", () => {
    const s = build(decision());
    expect(s.collections).toEqual({ gold: ["gold-1", "gold-2"], sale: ["sale-1", "sale-2", "sale-3"], "summer-sale": ["sale-2"] });
  });

  it("tries criteria in order: a criterion the profile is not for is skipped", () => {
    const [heroChoice] = run(decision(), { qualifies: () => false });
    expect(ids(heroChoice)).toEqual(["sale-1"]);
    const [vip] = run(decision(), { qualifies: () => true });
    expect(ids(vip)).toEqual(["gold-1"]);
  });

  it("fills the number of items asked, and does not repeat offers across the decision's placements", () => {
    const [heroChoice, sideChoice] = run(decision(), { qualifies: () => false });
    expect(ids(heroChoice)).toEqual(["sale-1"]);
    expect(ids(sideChoice)).toEqual(["sale-2", "sale-3"]);
    const [, withDuplicates] = run(decision({ allowDuplicates: true }), { qualifies: () => false });
    expect(ids(withDuplicates)).toEqual(["sale-1", "sale-2"]);
  });

  it("falls through to the next criterion when one runs short", () => {
    const d = decision({}, [{ placement: "hero", items: 4, fallback: null, criteria: [{ collection: "gold", ranking: { kind: "priority" } }, { collection: "sale", ranking: { kind: "priority" } }] }]);
    expect(ids(run(d)[0])).toEqual(["gold-1", "gold-2", "sale-1", "sale-2"]);
  });

  it("returns the decision's fallback when nothing qualifies", () => {
    const [heroChoice] = run(decision(), { judge: () => "Capped" });
    expect(heroChoice).toMatchObject({ fallback: true, items: [{ offerId: "fb" }], decision: "home" });
  });

  it("ranks by formula over offer attributes, profile and context", () => {
    const d = decision({}, [{ placement: "hero", items: 1, fallback: null, criteria: [{ collection: "sale", ranking: { kind: "formula", formula: "coalesce(offer.margin, 0) + (profile.tier == \"gold\" ? offer.priority * 100 : 0)" } }] }]);
    expect(ids(run(d, { scope: { profile: {}, context: {} } })[0])).toEqual(["sale-3"]);
    expect(ids(run(d, { scope: { profile: { tier: "gold" }, context: {} } })[0])).toEqual(["sale-1"]);
  });

  it("ranking by formula judges candidates best first, only until the placement is filled", () => {
    const d = decision({}, [{ placement: "hero", items: 1, fallback: null, criteria: [{ collection: "sale", ranking: { kind: "formula", formula: "offer.priority" } }] }]);
    const judged: string[] = [];
    const judge = (i: { offerId: string }) => (judged.push(i.offerId), i.offerId === "sale-1" ? "Capped" : null);
    // sale-1 scores best but is capped: the next best is chosen and the rest are never judged.
    expect(ids(run(d, { judge, scope: { profile: {}, context: {} } })[0])).toEqual(["sale-2"]);
    expect(judged).toEqual(["sale-1", "sale-2"]);
    // An explanation still judges every candidate.
    judged.length = 0;
    run(d, { judge, scope: { profile: {}, context: {} }, trace: [] });
    expect(judged.sort()).toEqual(["sale-1", "sale-2", "sale-3"]);
  });

  it("ranks automatically from displays and clicks, reproducibly with a seed", () => {
    const d = decision({}, [{ placement: "hero", items: 1, fallback: null, criteria: [{ collection: "sale", ranking: { kind: "auto", exploration: 0 } }] }]);
    const stats = () => new Map([["sale-1", { displays: 1000, clicks: 10 }], ["sale-2", { displays: 1000, clicks: 200 }], ["sale-3", { displays: 1000, clicks: 12 }]]);
    const random = seeded(42);
    const wins = new Map<string, number>();
    for (let i = 0; i < 200; i++) {
      const id = ids(run(d, { stats, random })[0])[0];
      wins.set(id, (wins.get(id) ?? 0) + 1);
    }
    expect(wins.get("sale-2")).toBe(200);
    const again = seeded(7);
    const a = Array.from({ length: 20 }, () => ids(run(d, { random: again })[0])[0]);
    const same = seeded(7);
    const b = Array.from({ length: 20 }, () => ids(run(d, { random: same })[0])[0]);
    expect(a).toEqual(b);
    expect(new Set(a).size).toBeGreaterThan(1);
  });

  it("ranking automatically judges in draw order, only until the placement is filled, never choosing a refused offer", () => {
    const d = decision({}, [{ placement: "hero", items: 1, fallback: null, criteria: [{ collection: "sale", ranking: { kind: "auto", exploration: 0 } }] }]);
    // sale-2 is drawn first (20 % clicks against 1 %: the draws never come close), but it is capped.
    const stats = () => new Map([["sale-1", { displays: 1000, clicks: 10 }], ["sale-2", { displays: 1000, clicks: 200 }], ["sale-3", { displays: 1000, clicks: 11 }]]);
    const random = seeded(3);
    for (let i = 0; i < 50; i++) {
      const judged: string[] = [];
      const judge = (item: { offerId: string }) => (judged.push(item.offerId), item.offerId === "sale-2" ? "Capped" : null);
      const [choice] = run(d, { stats, random, judge });
      expect(["sale-1", "sale-3"]).toContain(ids(choice)[0]);
      expect(judged).toHaveLength(2);
      expect(judged[0]).toBe("sale-2");
    }
    // An explanation still judges every candidate.
    const judged: string[] = [];
    run(d, { stats, random, judge: (item) => (judged.push(item.offerId), null), trace: [] });
    expect(judged.sort()).toEqual(["sale-1", "sale-2", "sale-3"]);
  });

  it("explains every candidate with a trace", () => {
    const trace: PlacementTrace[] = [];
    run(decision(), { qualifies: () => false, judge: (i) => (i.offerId === "sale-1" ? "Capped: 2 of 2 displays today" : null), trace });
    expect(trace[0].criteria).toEqual([
      { index: 0, collection: "gold", qualified: false, candidates: 2, reason: "The profile is not one this criterion is for" },
      { index: 1, collection: "sale", qualified: true, candidates: 3 },
    ]);
    expect(trace[0].offers).toEqual([
      { offerId: "sale-1", criterion: 1, eligible: false, reason: "Capped: 2 of 2 displays today", chosen: false },
      { offerId: "sale-2", criterion: 1, eligible: true, rank: 1, chosen: true },
      { offerId: "sale-3", criterion: 1, eligible: true, rank: 2, chosen: false },
    ]);
    expect(trace[1].offers.find((o) => o.offerId === "sale-2")).toMatchObject({ eligible: false, reason: "Already shown in another placement of this decision" });
  });
});
