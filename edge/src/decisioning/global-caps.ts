/**
 * Global caps: counts across everyone ("at most 1,000 decisions of this offer per day"), kept
 * in a sandbox's N sharded CapCounter objects (cap-counter.ts) so that no one object takes all
 * of a sandbox's traffic. Per-profile caps stay in the profile's own object, where they are exact.
 *
 * Each shard owns a share of every limit: for a limit L over N shards, shard i may count
 * floor(L / N) units, plus one when i < L mod N, so the shares add up to L exactly. A profile
 * asks its home shard (fnv1a(profileId) mod N) first, then the next ones in order (home + 1,
 * home + 2, … mod N), skipping shards whose share is 0; each request sends one RPC per shard it
 * visits, carrying every key still pending, so the common case is one RPC to the home shard.
 *
 * - A rule counting decisions is *taken* when the offer is decided: a shard grants a unit only
 *   while its count is below its share, in one atomic step. No more than L units are ever
 *   granted, whatever the concurrency (overshoot 0), and a claim is refused only when every
 *   shard it visited was full (a unit released meanwhile on a shard already passed is missed).
 *   `releaseGlobal` gives a unit back, to the shard that granted it, when the offer is not
 *   proposed after all (another of its global rules refused).
 * - A rule counting displays, clicks or events is counted only when the notification arrives,
 *   so a claim only *checks*: allowed while some shard's count is below its share. `addGlobal`
 *   then counts the unit on the first shard with room in the same order, or on the home shard
 *   when none has room. Room-granted units never exceed L, and a unit is counted without room
 *   only once every share is used. Hence, if at most K propositions are ever allowed by this
 *   rule but not yet counted at the same time, the count never passes L + K − 1: a proposition
 *   allowed before the L-th unit is counted may still be counted after it, and at that moment at
 *   most K − 1 others are in flight; any check after it is refused. Sequential traffic (K = 1)
 *   never passes L. Propositions that are never displayed count nothing.
 *
 * Buckets: a calendar period counts in the bucket of its start (periodStart, in the rule's or
 * the sandbox's time zone), a lifetime in bucket 0, a rolling window of H hours in one bucket
 * per UTC hour, counting the buckets from the hour of (now − H h) on: the window reaches back
 * between H and H + 1 hours, never less, so the limit holds over every H-hour window and an
 * offer may be refused up to an hour longer than an exact count would.
 *
 * Once every shard refuses a key in a bucket, this isolate remembers it until the bucket ends
 * (calendar, lifetime) or for 5 seconds (rolling, whose window moves), and asks no shard again,
 * so an exhausted offer costs no RPC. The memory only ever refuses, so it never lets anything
 * over the limit; and counts in a calendar or lifetime bucket only grow, so it refuses nothing a
 * shard would grant, but for a released unit: a release forgets the key in this isolate, other
 * isolates may refuse the unit given back until the bucket ends.
 *
 * `CAP_SHARDS` should only change between periods: shards added mid-period start empty with
 * their new shares, and counts on shards removed are no longer seen.
 */
import type { CapShardRpc, ShardItem, ShardOp } from "./cap-counter";
import { periodStart, type CapRule } from "./capping";
import { fnv1a } from "./hash";

const HOUR_MS = 3_600_000;
const DEFAULT_SHARDS = 8;
/** A rolling window slides: an exhausted key is remembered only this long. */
const ROLLING_EXHAUSTION_MS = 5_000;
/** Bounds the exhaustion memory of one isolate; the oldest entries go first. */
const MAX_EXHAUSTED = 10_000;

/** `take` is `rule.counts === "decision"`: decisions are counted when claimed. */
export type GlobalClaim = { key: string; rule: CapRule; take: boolean };
/** `shard` is the shard that granted a take, for `releaseGlobal`. */
export type ClaimResult = { allowed: boolean; shard?: number };

type Window = { bucket: number; from: number };
type Item = { key: string; rule: CapRule; op: ShardOp } & Window;

let shardCalls = 0;
/** How many shard RPCs this isolate has made (for tests). */
export function capShardCalls(): number {
  return shardCalls;
}

const exhausted = new Map<string, { bucket: number; until: number }>();

/**
 * The key a global rule counts under: the offer, the rule's position, a short hash of the rule
 * (editing a rule starts a fresh count) and, for a rule per placement, the placement.
 */
export function globalCapKey(offerId: string, ruleIndex: number, rule: CapRule, placement: string): string {
  const key = `${offerId}:${ruleIndex}:${fnv1a(canonicalJson(rule)).toString(36)}`;
  return rule.perPlacement ? `${key}:${placement}` : key;
}

/** Claims every rule at once; a result per claim, in order. */
export async function claimGlobal(env: Env, sandbox: string, profileId: string, claims: GlobalClaim[], now: number, timeZone: string): Promise<ClaimResult[]> {
  const items = claims.map((c): Item => ({ key: c.key, rule: c.rule, op: c.take ? "take" : "check", ...windowOf(c.rule, now, timeZone) }));
  const open = items.map((item, i) => i).filter((i) => !isExhausted(sandbox, items[i], now));
  const n = shardCount(env);
  const granted = await visit(env, sandbox, n, homeShard(profileId, n), open.map((i) => items[i]), now);
  const results = claims.map((): ClaimResult => ({ allowed: false }));
  open.forEach((i, j) => {
    const shard = granted[j];
    if (shard === undefined) markExhausted(sandbox, items[i], now);
    else results[i] = claims[i].take ? { allowed: true, shard } : { allowed: true };
  });
  return results;
}

/** Counts a display, click or event for each rule: on the first shard with room, else home. */
export async function addGlobal(env: Env, sandbox: string, profileId: string, adds: { key: string; rule: CapRule }[], now: number, timeZone: string): Promise<void> {
  const items = adds.map((a): Item => ({ key: a.key, rule: a.rule, op: "room", ...windowOf(a.rule, now, timeZone) }));
  const n = shardCount(env);
  const home = homeShard(profileId, n);
  const overflow: Item[] = [];
  const withRoom: Item[] = [];
  for (const item of items) (isExhausted(sandbox, item, now) ? overflow : withRoom).push(item);
  const granted = await visit(env, sandbox, n, home, withRoom, now);
  withRoom.forEach((item, j) => {
    if (granted[j] !== undefined) return;
    markExhausted(sandbox, item, now);
    overflow.push(item);
  });
  if (overflow.length) await call(env, sandbox, home, overflow.map((item) => ({ ...toShard(item, 0), op: "add" })), now);
}

/** Gives back units taken by `claimGlobal`; pass the claim's `now`, so the bucket is the same. */
export async function releaseGlobal(env: Env, sandbox: string, releases: { key: string; rule: CapRule; shard: number }[], now: number, timeZone: string): Promise<void> {
  const byShard = new Map<number, ShardItem[]>();
  for (const r of releases) {
    exhausted.delete(cacheKey(sandbox, r.key));
    const item: ShardItem = { key: r.key, op: "release", share: 0, ...windowOf(r.rule, now, timeZone) };
    byShard.set(r.shard, [...(byShard.get(r.shard) ?? []), item]);
  }
  await Promise.all([...byShard].map(([shard, items]) => call(env, sandbox, shard, items, now)));
}

/** The key's count over every shard (N RPCs): for explanations in the console, not for deciding. */
export async function globalCount(env: Env, sandbox: string, key: string, rule: CapRule, now: number, timeZone: string): Promise<number> {
  const { bucket, from } = windowOf(rule, now, timeZone);
  const n = shardCount(env);
  shardCalls += n;
  const counts = await Promise.all(Array.from({ length: n }, (_, i) => shard(env, sandbox, i).count(key, from, bucket)));
  return counts.reduce((a, b) => a + b, 0);
}

// --- internals --------------------------------------------------------------------------------

/**
 * Visits the shards in order from home, one RPC per shard carrying the items still pending that
 * the shard has a share of, until every item is granted or every shard has been asked. Returns
 * the granting shard per item, or undefined when none granted it.
 */
async function visit(env: Env, sandbox: string, n: number, home: number, items: Item[], now: number): Promise<(number | undefined)[]> {
  const granted: (number | undefined)[] = items.map(() => undefined);
  for (let step = 0; step < n; step++) {
    const i = (home + step) % n;
    const asked = items.map((item, j) => j).filter((j) => granted[j] === undefined && shareOf(items[j].rule.limit, n, i) > 0);
    if (!asked.length) continue;
    const answers = await call(env, sandbox, i, asked.map((j) => toShard(items[j], shareOf(items[j].rule.limit, n, i))), now);
    asked.forEach((j, k) => {
      if (answers[k]) granted[j] = i;
    });
    if (granted.every((g) => g !== undefined)) break;
  }
  return granted;
}

/** Shard i's share of a limit over n shards: the shares add up to the limit. */
function shareOf(limit: number, n: number, i: number): number {
  return Math.floor(limit / n) + (i < limit % n ? 1 : 0);
}

function homeShard(profileId: string, n: number): number {
  return fnv1a(profileId) % n;
}

function shardCount(env: Env): number {
  const n = Number(env.CAP_SHARDS);
  return Number.isInteger(n) && n >= 1 ? n : DEFAULT_SHARDS;
}

/** Where a unit counts now, and the first bucket that still counts. */
function windowOf(rule: CapRule, now: number, timeZone: string): Window {
  const period = rule.period;
  if (period.kind === "lifetime") return { bucket: 0, from: 0 };
  if (period.kind === "rolling") return { bucket: hourOf(now), from: hourOf(now - period.hours * HOUR_MS) };
  const start = periodStart(period, now, timeZone);
  return { bucket: start, from: start };
}

function hourOf(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

function toShard(item: Item, share: number): ShardItem {
  return { key: item.key, op: item.op, bucket: item.bucket, from: item.from, share };
}

function shard(env: Env, sandbox: string, i: number): CapShardRpc {
  const ns = env.CAP_COUNTER;
  return ns.get(ns.idFromName(`${sandbox}#${i}`)) as unknown as CapShardRpc;
}

function call(env: Env, sandbox: string, i: number, items: ShardItem[], now: number): Promise<boolean[]> {
  shardCalls++;
  return shard(env, sandbox, i).apply(items, now);
}

function cacheKey(sandbox: string, key: string): string {
  return `${sandbox}\u0000${key}`;
}

function isExhausted(sandbox: string, item: Item, now: number): boolean {
  const k = cacheKey(sandbox, item.key);
  const entry = exhausted.get(k);
  if (!entry) return false;
  if (entry.bucket === item.bucket && now < entry.until) return true;
  exhausted.delete(k);
  return false;
}

function markExhausted(sandbox: string, item: Item, now: number) {
  const k = cacheKey(sandbox, item.key);
  exhausted.delete(k); // re-inserted last, so the oldest entries are the first ones
  exhausted.set(k, { bucket: item.bucket, until: item.rule.period.kind === "rolling" ? now + ROLLING_EXHAUSTION_MS : Infinity });
  if (exhausted.size > MAX_EXHAUSTED) exhausted.delete(exhausted.keys().next().value!);
}

/** JSON with object keys sorted, so the same rule always hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
