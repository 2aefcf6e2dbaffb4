import { describe, expect, it } from "vitest";
import { compileRule, compilePayload } from "../audiences/evaluate";
import type { JsonObject } from "../profiles/events";
import { definitionSchema, type Definition } from "./definition";
import { addDuration, advance, enter, finish, localInstant, type ProfileView } from "./engine";
import { validateDefinition, validateJumps } from "./validate";

const at = (iso: string) => Date.parse(iso);
const def = (d: unknown): Definition => definitionSchema.parse(d);

const cart = def({
  entry: { type: "event", eventType: "cart.add" },
  start: "wait",
  nodes: {
    wait: { type: "wait", for: "1h", next: "bought" },
    bought: { type: "condition", branches: [{ label: "gold", rule: { "profile.tier": "gold" }, next: "vip" }], else: "split" },
    vip: { type: "action", action: { kind: "message", channel: "email", body: "Your cart, with free shipping" }, next: "end" },
    split: { type: "split", branches: [{ percent: 50, next: "remind" }, { percent: 50, next: "end" }] },
    remind: { type: "wait-event", eventType: "order.placed", where: { total: { $gte: 10 } }, timeout: "2d", next: "end", timeoutNext: "nudge" },
    nudge: { type: "action", action: { kind: "message", channel: "in-app", body: "Still thinking?" }, next: "end" },
    end: { type: "end" },
  },
});

const profile = (attrs: Record<string, unknown> = {}, profileId = "p1", timeZone = "Europe/Paris"): ProfileView => ({
  profileId,
  timeZone,
  attribute: (name) => attrs[name] as never,
  matches: (rule) => compileRule(rule as JsonObject)({ profile: attrs, identities: {}, consent: {}, lists: new Set(), now: 0, events: { ofType: () => [] }, member: () => false } as never),
});
const event = (type: string, data: JsonObject) => ({ kind: "event" as const, type, data, matches: (where: Record<string, unknown>) => compilePayload(where as JsonObject)(data) });

describe("journey engine", () => {
  it("walks nodes until a wait, then moves on when the wait's time comes", () => {
    const t0 = at("2026-12-01T10:00:00Z");
    const start = advance(cart, enter(cart, "cart", 1, "i1", t0, { sku: "tent" }), { kind: "enter" }, t0, profile({ tier: "gold" }));
    expect(start.instance).toMatchObject({ status: "waiting", node: "wait", wakeAt: t0 + 3_600_000 });
    expect(start.steps.map((s) => [s.outcome, s.phase])).toEqual([["entered", "none"], ["waiting until 2026-12-01T11:00:00.000Z", "arrive"]]);
    // Too early: nothing moves.
    expect(advance(cart, start.instance, { kind: "wake" }, t0 + 1000, profile({ tier: "gold" })).steps).toEqual([]);
    const done = advance(cart, start.instance, { kind: "wake" }, t0 + 3_600_000, profile({ tier: "gold" }));
    expect(done.steps.map((s) => [s.node, s.outcome, s.phase])).toEqual([["wait", "waited", "leave"], ["bought", "branch 1 (gold)", "pass"], ["vip", "queued message", "pass"], ["end", "ended", "pass"]]);
    expect(done.instance).toMatchObject({ status: "done", ended: "end" });
    expect(done.effects).toEqual([{ kind: "action", stepId: "i1:5", journey: "cart", version: 1, instance: "i1", node: "vip", action: { kind: "message", channel: "email", body: "Your cart, with free shipping" }, vars: { sku: "tent" } }]);
    // Step ids follow each other: a re-run would reuse them.
    expect(done.steps.map((s) => s.id)).toEqual(["i1:3", "i1:4", "i1:5", "i1:6"]);
  });

  it("splits profiles stably, in about the given shares", () => {
    const counts = [0, 0];
    for (let i = 0; i < 2000; i++) {
      const p = profile({}, `p-${i}`);
      const waiting = advance(cart, enter(cart, "cart", 1, `i${i}`, 0, {}), { kind: "enter" }, 0, p).instance;
      const r = advance(cart, waiting, { kind: "wake" }, 3_600_000, p);
      counts[r.instance.node === "remind" ? 0 : 1]++;
      const again = advance(cart, waiting, { kind: "wake" }, 3_600_000, p);
      expect(again.instance.node).toBe(r.instance.node);
    }
    expect(counts[0] / 2000).toBeGreaterThan(0.45);
    expect(counts[0] / 2000).toBeLessThan(0.55);
  });

  it("waits for an event that meets its condition, or times out", () => {
    const p = profile();
    let id = 0;
    let waiting;
    do {
      const me = profile({}, `q-${id++}`);
      waiting = advance(cart, advance(cart, enter(cart, "cart", 1, "i", 0, {}), { kind: "enter" }, 0, me).instance, { kind: "wake" }, 3_600_000, me).instance;
    } while (waiting.node !== "remind");
    expect(waiting).toMatchObject({ status: "waiting", waitingFor: "order.placed" });
    expect(advance(cart, waiting, event("order.placed", { total: 5 }), 3_700_000, p).steps).toEqual([]);
    const bought = advance(cart, waiting, event("order.placed", { total: 50 }), 3_700_000, p);
    expect(bought.steps.map((s) => s.outcome)).toEqual(["received order.placed", "ended"]);
    expect(waiting.seq).toBeGreaterThan(0);
    expect(bought.instance.vars["order.placed"]).toEqual({ total: 50 });
    const late = advance(cart, waiting, { kind: "wake" }, waiting.wakeAt!, p);
    expect(late.steps.map((s) => s.outcome)).toEqual(["timed out", "queued message", "ended"]);
  });

  it("keeps the wall-clock time of day-long waits across a change of the clocks", () => {
    // Paris moves to summer time on 29 March 2026: 09:00 on the 28th is 08:00 UTC, on the 29th 07:00 UTC.
    expect(addDuration(at("2026-03-28T08:00:00Z"), "1d", "Europe/Paris")).toBe(at("2026-03-29T07:00:00Z"));
    expect(addDuration(at("2026-03-28T08:00:00Z"), "24h", "Europe/Paris")).toBe(at("2026-03-29T08:00:00Z"));
    expect(addDuration(at("2026-10-24T07:00:00Z"), "1w", "Europe/Paris")).toBe(at("2026-10-31T08:00:00Z"));
    expect(localInstant("2026-03-29T09:00", "Europe/Paris")).toBe(at("2026-03-29T07:00:00Z"));
    expect(localInstant("2026-03-29T09:00", "America/New_York")).toBe(at("2026-03-29T13:00:00Z"));
    // Test mode: units become seconds.
    expect(addDuration(1000, "3d", "UTC", true)).toBe(4000);
  });

  it("waits until a profile attribute's time, with an offset, in the profile's zone", () => {
    const birthday = def({ entry: { type: "event", eventType: "x" }, start: "w", nodes: { w: { type: "wait", untilAttribute: "renewal", offset: "-1d", next: "e" }, e: { type: "end" } } });
    const now = at("2026-12-01T00:00:00Z");
    const r = advance(birthday, enter(birthday, "b", 1, "i", now, {}), { kind: "enter" }, now, profile({ renewal: "2026-12-20" }));
    expect(r.instance.wakeAt).toBe(at("2026-12-18T23:00:00Z"));
    // Without the attribute there is nothing to wait for: it moves on.
    expect(advance(birthday, enter(birthday, "b", 1, "i", now, {}), { kind: "enter" }, now, profile({})).instance.status).toBe("done");
  });

  it("ends an instance wherever it is on an exit", () => {
    const waiting = advance(cart, enter(cart, "cart", 1, "i1", 0, {}), { kind: "enter" }, 0, profile()).instance;
    const out = finish(waiting, "exit", 10, "exit: order.placed");
    expect(out.instance).toMatchObject({ status: "done", ended: "exit", wakeAt: null });
    expect(advance(cart, out.instance, { kind: "wake" }, 3_600_000, profile()).steps).toEqual([]);
  });
});

describe("journey validation", () => {
  const base = { entry: { type: "event", eventType: "x" }, start: "a" };
  const problems = (d: unknown) => validateDefinition(def(d)).map((e) => e.path);

  it("accepts a sound journey", () => {
    expect(validateDefinition(cart)).toEqual([]);
  });

  it("names dangling edges, unreachable nodes, loops and unbounded waits", () => {
    expect(problems({ ...base, nodes: { a: { type: "wait", for: "1h", next: "ghost" } } })).toEqual(["nodes.a.next"]);
    expect(problems({ ...base, start: "z", nodes: { a: { type: "end" } } })).toEqual(["start"]);
    expect(problems({ ...base, nodes: { a: { type: "end" }, b: { type: "end" } } })).toEqual(["nodes.b"]);
    expect(problems({ ...base, nodes: { a: { type: "wait", for: "1h", next: "b" }, b: { type: "condition", branches: [{ rule: { "profile.x": 1 }, next: "a" }], else: "c" }, c: { type: "end" } } })).toEqual(["nodes.b.branches.0.next"]);
    expect(problems({ ...base, timeoutDays: 10, nodes: { a: { type: "wait", for: "2w", next: "b" }, b: { type: "end" } } })).toEqual(["nodes.a.for"]);
    expect(problems({ ...base, nodes: { a: { type: "condition", branches: [{ rule: { "nope.x": 1 }, next: "b" }], else: "b" }, b: { type: "end" } } })[0]).toMatch(/^nodes\.a\.branches\.0\.rule/);
  });

  it("refuses malformed nodes field by field", () => {
    const bad = definitionSchema.safeParse({ ...base, nodes: { a: { type: "split", branches: [{ percent: 30, next: "b" }, { percent: 30, next: "b" }] }, b: { type: "wait", next: "a" } } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join("."))).toEqual(["nodes.a.branches", "nodes.b.for"]);
  });

  it("allows far more than 50 nodes", () => {
    const nodes: Record<string, unknown> = {};
    for (let i = 0; i < 250; i++) nodes[`n${i}`] = { type: "wait", for: "1m", next: i === 249 ? "end" : `n${i + 1}` };
    nodes.end = { type: "end" };
    expect(validateDefinition(def({ ...base, start: "n0", nodes }))).toEqual([]);
  });

  it("refuses jumps that come back round", () => {
    const jumpTo = (j: string) => def({ ...base, nodes: { a: { type: "jump", journey: j } } });
    const live = new Map([["b", jumpTo("c")], ["c", jumpTo("a-journey")]]);
    expect(validateJumps("a-journey", jumpTo("b"), live)).toEqual([{ path: "nodes.a.journey", message: "Jumps come back round: a-journey → b → c → a-journey" }]);
    expect(validateJumps("a-journey", jumpTo("a-journey"), live)[0].message).toBe("A journey cannot jump to itself");
    expect(validateJumps("a-journey", jumpTo("missing"), live)[0].path).toBe("nodes.a.journey");
    expect(validateJumps("x", jumpTo("b"), new Map([["b", def({ ...base, nodes: { a: { type: "end" } } })]]))).toEqual([]);
  });
});
