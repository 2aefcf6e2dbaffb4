/** Engine benchmarks in Node: the decisioning engine over a large generated offer library. */
import { Bench } from "tinybench";
import { compileSnapshot, emptySource } from "../edge/src/config/snapshot";
import { asksOf, decide, decideAll } from "../edge/src/decisioning/decide";
import { seeded } from "../edge/src/decisioning/thompson";
import { renderContent, type TemplateScope } from "../edge/src/decisioning/template";
import { definitionSchema } from "../edge/src/journeys/definition";
import { advance, enter, type ProfileView } from "../edge/src/journeys/engine";
import { generateCollections, generateDecision, generateOffers, generatePlacements } from "./lib/generate";
import type { Figure } from "./lib/results";
import { round } from "./lib/stats";

export async function engines(quick: boolean): Promise<Figure[]> {
  const placements = generatePlacements(30);
  const offers = generateOffers(10_000, placements);
  const t0 = performance.now();
  const collections = generateCollections(1000);
  const decision = generateDecision(placements, collections);
  const snapshot = compileSnapshot({ ...emptySource("bench"), placements, offers, collections, decisions: [decision] }, 1, Date.now());
  const compileMs = performance.now() - t0;
  const asks = asksOf(snapshot, { decisions: ["home"] });
  // Displays and clicks for the auto-ranked criteria, as the stats table would give them.
  const counts = new Map(offers.map((o, k) => [o.id, { displays: 1000 + (k % 500), clicks: k % 97 }]));
  const random = seeded(1);
  const visitors = Array.from({ length: 64 }, (_, k) => ({ profile: { tier: k % 3 ? "silver" : "gold" }, context: { device: { type: k % 2 ? "mobile" : "desktop" } } }));
  const candidates = snapshot.offersByPlacement.hero.length;

  const bench = new Bench({ time: quick ? 300 : 1500, warmupTime: quick ? 100 : 300 });
  let i = 0;
  const now = Date.now();
  bench.add("decide 1 placement over 10,000 offers", () => {
    decide(snapshot, ["hero"], `visitor-${i++ % 5000}`, now);
  });
  bench.add("decide 5 placements", () => {
    decide(snapshot, ["hero", "slot-1", "slot-2", "slot-3", "slot-4"], `visitor-${i++ % 5000}`, now);
  });
  bench.add("a 5-placement decision: 3 criteria each (priority, formula, auto) over 1,000 collections", () => {
    const v = visitors[i++ % visitors.length];
    decideAll(snapshot, asks, {
      profileId: `visitor-${i % 5000}`,
      now,
      qualifies: (e) => "rule" in e && v.profile.tier === "gold",
      scope: v,
      stats: () => counts,
      random,
    });
  });
  // A typical html offer (about 300 bytes) with three tokens: a default, a conditional, an offer field.
  const offerHtml = `<div class="offer-hero"><h2>Welcome back, {{ profile.firstName | default: "there" }}!</h2><p>{% if profile.tier == "gold" %}As a gold member you get free express shipping on every order.{% else %}Join our loyalty club for free shipping.{% endif %}</p><a class="cta" href="/sale">Shop {{ offer.name }} now</a></div>`;
  const scopes: TemplateScope[] = ["gold", "silver", undefined].flatMap((tier) =>
    ["Ann", "<b>Bob</b>", undefined].map((firstName) => ({ profile: { firstName, tier }, context: { page: { path: "/" } }, offer: { name: "Summer sale" } })),
  );
  bench.add("render a 300-byte html offer with 3 tokens", () => {
    renderContent(offerHtml, "html", scopes[i++ % scopes.length]);
  });
  // Journey stepping: a profile enters a 12-node journey (a condition, a split, actions) and walks to its wait.
  const journeyDef = definitionSchema.parse({
    entry: { type: "event", eventType: "cart.add" },
    start: "tier",
    nodes: {
      tier: { type: "condition", branches: [{ rule: { "profile.tier": "gold" }, next: "gold" }], else: "split" },
      gold: { type: "action", action: { kind: "message", channel: "email", body: "Gold" }, next: "wait" },
      split: { type: "split", branches: [{ percent: 50, next: "a" }, { percent: 50, next: "b" }] },
      a: { type: "action", action: { kind: "message", channel: "in-app", body: "A" }, next: "tag" },
      b: { type: "action", action: { kind: "message", channel: "in-app", body: "B" }, next: "tag" },
      tag: { type: "action", action: { kind: "update-profile", set: { cart: true } }, next: "wait" },
      wait: { type: "wait-event", eventType: "order.placed", timeout: "1d", next: "end", timeoutNext: "nudge" },
      nudge: { type: "action", action: { kind: "message", channel: "email", body: "Nudge" }, next: "end" },
      end: { type: "end" },
    },
  });
  const profileView = (k: number): ProfileView => ({ profileId: `p${k}`, timeZone: "Europe/Paris", attribute: () => undefined, matches: () => k % 3 === 0 });
  bench.add("journey: enter and walk to the first wait", () => {
    const k = i++;
    advance(journeyDef, enter(journeyDef, "cart", 1, `i${k}`, now, {}), { kind: "enter" }, now, profileView(k));
  });
  await bench.run();
  const [one, five, decisionRun, template, journeyStep] = bench.tasks.map((t) => t.result!);
  const criteriaSizes = decision.placements.flatMap((p) => p.criteria.map((c) => snapshot.collections[c.collection].length));
  const section = "Engines (Node)";
  return [
    { section, name: "decisioning.ms_per_placement", value: round(one.latency.p50!, 4), unit: "ms", note: `median; ${candidates} candidate offers in hero` },
    { section, name: "decisioning.p99_ms_per_placement", value: round(one.latency.p99!, 4), unit: "ms" },
    { section, name: "decisioning.ms_5_placements", value: round(five.latency.p50!, 4), unit: "ms", note: "median" },
    {
      section, name: "decisioning.decision_ms_per_placement", value: round(decisionRun.latency.p50! / 5, 4), unit: "ms",
      note: `median of a 5-placement decision ÷ 5; 1,000 collections, criteria of ${Math.min(...criteriaSizes)}–${Math.max(...criteriaSizes)} offers`,
    },
    { section, name: "publish.compile_ms_10k_offers", value: round(compileMs, 1), unit: "ms", note: "one run" },
    { section, name: "journeys.us_per_entry", value: round(journeyStep.latency.p50! * 1000, 2), unit: "µs", note: "median; enter a journey and walk 4–5 nodes to its wait (engine only)" },
    { section, name: "templates.us_per_render", value: round(template.latency.p50! * 1000, 2), unit: "µs", note: `median; ${offerHtml.length}-byte html offer, 3 tokens, parsed once` },
  ];
}
