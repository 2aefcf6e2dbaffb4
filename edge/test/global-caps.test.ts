/** Global caps on sharded CapCounter objects: exact for decisions, bounded for notifications. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { CapRule } from "../src/decisioning/capping";
import { addGlobal, capShardCalls, claimGlobal, globalCapKey, globalCount, releaseGlobal, type GlobalClaim } from "../src/decisioning/global-caps";

const at = (iso: string) => Date.parse(iso);
const NOW = at("2026-12-01T10:00:00Z");
const UTC = "UTC";

let counter = 0;
/** A fresh sandbox name, so tests never share shards or the exhaustion memory. */
const sandbox = () => `gc-${Date.now().toString(36)}-${counter++}`;

const rule = (over: Partial<CapRule> = {}): CapRule => ({ counts: "decision", scope: "global", period: { kind: "calendar", unit: "day" }, limit: 37, perPlacement: false, ...over });
const claimOf = (r: CapRule, key = "k"): GlobalClaim => ({ key, rule: r, take: r.counts === "decision" });

/** One claim of one rule for one profile. */
const claim = async (sb: string, profile: string, r: CapRule, now = NOW, timeZone = UTC) => (await claimGlobal(env, sb, profile, [claimOf(r)], now, timeZone))[0];

/** Claims a rule counted on notification and, when allowed, counts it straight away. */
async function proposeAndDisplay(sb: string, profile: string, r: CapRule): Promise<boolean> {
  const { allowed } = await claim(sb, profile, r);
  if (allowed) await addGlobal(env, sb, profile, [{ key: "k", rule: r }], NOW, UTC);
  return allowed;
}

/** Whether `n` profiles' claims get through, in order. */
async function sequentially(n: number, step: (i: number) => Promise<boolean>): Promise<boolean[]> {
  const out: boolean[] = [];
  for (let i = 0; i < n; i++) out.push(await step(i));
  return out;
}

describe("global caps counting decisions", () => {
  it("grants exactly the limit to 200 concurrent profiles, each shard its share", async () => {
    const sb = sandbox();
    const r = rule({ limit: 37 });
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => claim(sb, `p${i}`, r)));
    expect(results.filter((x) => x.allowed)).toHaveLength(37);
    // 37 over 8 shards: 5 each for shards 0–4, 4 each for shards 5–7.
    const perShard = Array.from({ length: 8 }, (_, i) => results.filter((x) => x.shard === i).length);
    expect(perShard).toEqual([5, 5, 5, 5, 5, 4, 4, 4]);
    expect(await globalCount(env, sb, "k", r, NOW, UTC)).toBe(37);
  });

  it("grants exactly a limit smaller than the number of shards", async () => {
    const sb = sandbox();
    const r = rule({ limit: 3 });
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => claim(sb, `p${i}`, r)));
    expect(results.filter((x) => x.allowed)).toHaveLength(3);
    expect(results.filter((x) => x.allowed).map((x) => x.shard).sort()).toEqual([0, 1, 2]);
  });

  it("follows CAP_SHARDS", async () => {
    const sb = sandbox();
    const three = { ...env, CAP_SHARDS: "3" } as unknown as Env;
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => claimGlobal(three, sb, `p${i}`, [claimOf(rule({ limit: 10 }))], NOW, UTC)));
    const perShard = [0, 1, 2].map((i) => results.filter(([x]) => x.shard === i).length);
    expect(perShard).toEqual([4, 3, 3]);
    expect(await globalCount(three, sb, "k", rule({ limit: 10 }), NOW, UTC)).toBe(10);
  });

  it("lets a released unit be taken again", async () => {
    const sb = sandbox();
    const r = rule({ limit: 2 });
    const [a, b] = [await claim(sb, "a", r), await claim(sb, "b", r)];
    expect([a.allowed, b.allowed]).toEqual([true, true]);
    expect((await claim(sb, "c", r)).allowed).toBe(false);
    await releaseGlobal(env, sb, [{ key: "k", rule: r, shard: b.shard! }], NOW, UTC);
    expect(await globalCount(env, sb, "k", r, NOW, UTC)).toBe(1);
    expect((await claim(sb, "d", r)).allowed).toBe(true);
    expect((await claim(sb, "e", r)).allowed).toBe(false);
  });

  it("answers several rules in one RPC to the home shard", async () => {
    const sb = sandbox();
    const claims = [claimOf(rule(), "a"), claimOf(rule({ counts: "display" }), "b"), claimOf(rule({ period: { kind: "lifetime" } }), "c")];
    const before = capShardCalls();
    const results = await claimGlobal(env, sb, "p", claims, NOW, UTC);
    expect(capShardCalls() - before).toBe(1);
    expect(results.map((x) => x.allowed)).toEqual([true, true, true]);
    expect(results[0].shard).toBeTypeOf("number");
    expect(results[1].shard).toBeUndefined(); // a check takes nothing, so there is nothing to release
  });
});

describe("global caps counting notifications", () => {
  const displays = (limit: number) => rule({ counts: "display", limit });

  it("never passes the limit when each proposition is displayed before the next is decided", async () => {
    const sb = sandbox();
    const r = displays(5);
    const allowed = await sequentially(20, (i) => proposeAndDisplay(sb, `p${i}`, r));
    expect(allowed.filter(Boolean)).toHaveLength(5);
    expect(await globalCount(env, sb, "k", r, NOW, UTC)).toBe(5);
  });

  it("overshoots by at most K − 1 when K propositions are in flight (the bound is reached)", async () => {
    const sb = sandbox();
    const L = 5;
    const K = 10;
    const r = displays(L);
    await sequentially(L - 1, (i) => proposeAndDisplay(sb, `warm${i}`, r));
    // K propositions decided together while one unit is left: each sees room.
    const checks = await Promise.all(Array.from({ length: K }, (_, i) => claim(sb, `p${i}`, r)));
    expect(checks.every((x) => x.allowed)).toBe(true);
    await Promise.all(Array.from({ length: K }, (_, i) => addGlobal(env, sb, `p${i}`, [{ key: "k", rule: r }], NOW, UTC)));
    expect(await globalCount(env, sb, "k", r, NOW, UTC)).toBe(L + K - 1);
    expect((await claim(sb, "late", r)).allowed).toBe(false);
  });

  it("stays within L + K − 1 with K concurrent visitors, each displaying what it was shown", async () => {
    const sb = sandbox();
    const L = 10;
    const K = 4;
    const r = displays(L);
    // K visitors in parallel, each deciding then displaying 15 times: at most K in flight.
    await Promise.all(Array.from({ length: K }, (_, v) => sequentially(15, (i) => proposeAndDisplay(sb, `v${v}-${i}`, r))));
    const total = await globalCount(env, sb, "k", r, NOW, UTC);
    expect(total).toBeGreaterThanOrEqual(L);
    expect(total).toBeLessThanOrEqual(L + K - 1);
  });

  it("counts a notification on another shard when the home shard is full", async () => {
    const sb = sandbox();
    const r = displays(8); // one unit per shard
    await addGlobal(env, sb, "same", [{ key: "k", rule: r }], NOW, UTC);
    await addGlobal(env, sb, "same", [{ key: "k", rule: r }], NOW, UTC);
    // Both went to shards with room, so seven units are left for checks to find.
    expect(await globalCount(env, sb, "k", r, NOW, UTC)).toBe(2);
    expect(await sequentially(7, (i) => proposeAndDisplay(sb, `p${i}`, r))).toEqual([true, true, true, true, true, true, false]);
  });
});

describe("global cap periods", () => {
  it("starts a new calendar day empty, at midnight in the sandbox's time zone", async () => {
    const sb = sandbox();
    const r = rule({ limit: 2 });
    const late = at("2026-12-01T22:59:59Z"); // 23:59:59 in Paris
    expect((await sequentially(3, async (i) => (await claim(sb, `p${i}`, r, late, "Europe/Paris")).allowed))).toEqual([true, true, false]);
    const midnight = at("2026-12-01T23:00:00Z"); // 00:00 on 2 December in Paris
    expect((await claim(sb, "next", r, midnight, "Europe/Paris")).allowed).toBe(true);
    // In UTC it is still 1 December: a separate count, in its own bucket.
    expect((await claim(sb, "utc", r, midnight, UTC)).allowed).toBe(true);
    expect(await globalCount(env, sb, "k", r, midnight, "Europe/Paris")).toBe(1);
  });

  it("counts a rolling window by the hour: from the hour of (now − window)", async () => {
    const sb = sandbox();
    const r = rule({ limit: 2, period: { kind: "rolling", hours: 2 } });
    expect((await claim(sb, "a", r, at("2026-12-01T10:10:00Z"))).allowed).toBe(true);
    expect((await claim(sb, "b", r, at("2026-12-01T10:20:00Z"))).allowed).toBe(true);
    expect((await claim(sb, "c", r, at("2026-12-01T10:30:00Z"))).allowed).toBe(false);
    // Two hours after 10:20 the exact window would have room; the 10:00 bucket still counts.
    expect((await claim(sb, "d", r, at("2026-12-01T12:30:00Z"))).allowed).toBe(false);
    expect(await globalCount(env, sb, "k", r, at("2026-12-01T12:59:59Z"), UTC)).toBe(2);
    // From 13:00 the window starts at 11:00.
    expect(await globalCount(env, sb, "k", r, at("2026-12-01T13:00:00Z"), UTC)).toBe(0);
    expect((await claim(sb, "e", r, at("2026-12-01T13:00:00Z"))).allowed).toBe(true);
  });

  it("never resets a lifetime", async () => {
    const sb = sandbox();
    const r = rule({ limit: 1, period: { kind: "lifetime" } });
    expect((await claim(sb, "a", r, at("2026-01-01T00:00:00Z"))).allowed).toBe(true);
    expect((await claim(sb, "b", r, at("2027-06-01T00:00:00Z"))).allowed).toBe(false);
  });
});

describe("the exhaustion memory", () => {
  it("refuses an exhausted key without an RPC until its calendar bucket ends", async () => {
    const sb = sandbox();
    const r = rule({ limit: 1 });
    expect((await claim(sb, "a", r)).allowed).toBe(true);
    let before = capShardCalls();
    expect((await claim(sb, "b", r)).allowed).toBe(false); // one shard has a share: one RPC
    expect(capShardCalls() - before).toBe(1);
    before = capShardCalls();
    for (let i = 0; i < 5; i++) expect((await claim(sb, `c${i}`, r)).allowed).toBe(false);
    expect(capShardCalls() - before).toBe(0);
    // The next day is a new bucket: asked again, and granted.
    expect((await claim(sb, "d", r, at("2026-12-02T00:00:00Z"))).allowed).toBe(true);
    expect(capShardCalls() - before).toBe(1);
  });

  it("remembers a rolling window's exhaustion for 5 seconds only", async () => {
    const sb = sandbox();
    const r = rule({ limit: 1, period: { kind: "rolling", hours: 24 } });
    expect((await claim(sb, "a", r)).allowed).toBe(true);
    expect((await claim(sb, "b", r)).allowed).toBe(false);
    let before = capShardCalls();
    expect((await claim(sb, "c", r, NOW + 4_999)).allowed).toBe(false);
    expect(capShardCalls() - before).toBe(0);
    before = capShardCalls();
    expect((await claim(sb, "d", r, NOW + 5_000)).allowed).toBe(false);
    expect(capShardCalls() - before).toBe(1);
  });

  it("sends a notification for an exhausted key straight to the home shard", async () => {
    const sb = sandbox();
    const r = rule({ counts: "click", limit: 1 });
    expect(await proposeAndDisplay(sb, "a", r)).toBe(true);
    expect(await proposeAndDisplay(sb, "b", r)).toBe(false);
    const before = capShardCalls();
    await addGlobal(env, sb, "late", [{ key: "k", rule: r }], NOW, UTC); // a click on an earlier proposition
    expect(capShardCalls() - before).toBe(1);
    expect(await globalCount(env, sb, "k", r, NOW, UTC)).toBe(2);
  });

  it("forgets an exhaustion when a unit is released", async () => {
    const sb = sandbox();
    const r = rule({ limit: 1 });
    const a = await claim(sb, "a", r);
    expect((await claim(sb, "b", r)).allowed).toBe(false);
    await releaseGlobal(env, sb, [{ key: "k", rule: r, shard: a.shard! }], NOW, UTC);
    expect((await claim(sb, "c", r)).allowed).toBe(true);
  });
});

describe("globalCapKey", () => {
  const r = rule();
  it("names the offer and rule, and the placement only for a rule per placement", () => {
    expect(globalCapKey("spring-sale", 0, r, "hero")).toBe(globalCapKey("spring-sale", 0, r, "footer"));
    expect(globalCapKey("spring-sale", 0, { ...r, perPlacement: true }, "hero")).not.toBe(globalCapKey("spring-sale", 0, { ...r, perPlacement: true }, "footer"));
    expect(globalCapKey("spring-sale", 0, r, "hero")).not.toBe(globalCapKey("spring-sale", 1, r, "hero"));
    expect(globalCapKey("spring-sale", 0, r, "hero")).not.toBe(globalCapKey("winter-sale", 0, r, "hero"));
  });

  it("starts a fresh count when the rule is edited, not when its fields are reordered", () => {
    const reordered: CapRule = { limit: r.limit, perPlacement: r.perPlacement, period: { unit: "day", kind: "calendar" }, scope: r.scope, counts: r.counts };
    expect(globalCapKey("o", 0, reordered, "hero")).toBe(globalCapKey("o", 0, r, "hero"));
    expect(globalCapKey("o", 0, { ...r, limit: 38 }, "hero")).not.toBe(globalCapKey("o", 0, r, "hero"));
  });
});
