/**
 * Batch runs over D1: pages of profiles (by id, which is random, so any prefix of the order is
 * a fair sample) with their identities and the events the audiences read, handed to the batch
 * evaluator. Used for audience sizes (on a schedule and on demand), live estimates and exports.
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import { database, schema } from "../db";
import { EVENT_RETENTION_MS } from "../profiles/events";
import { membersOf, type ProfileRows } from "./batch";
import { listsByIdentity } from "./lists";
import type { CompiledAudience } from "./membership";

const { audienceSizes } = schema;
export const PAGE = 1000;

type Row = { id: string; attributes: string; consent: string };

/** Profile ids after `after` up to `until` included (null: to the end). */
export type IdRange = { after: string; until: string | null };

/** Pages of profiles as D1 rows, in id order, `limit` profiles at most, within a range of ids. */
export async function* profilePages(env: Env, sandbox: string, eventTypes: ReadonlySet<string>, now: number, limit = Infinity, range: IdRange = { after: "", until: null }): AsyncGenerator<ProfileRows[]> {
  let after = range.after;
  let seen = 0;
  const types = JSON.stringify([...eventTypes]);
  while (seen < limit) {
    const size = Math.min(PAGE, limit - seen);
    const { results: rows } = await env.DB.prepare("SELECT id, attributes, consent FROM profiles WHERE sandbox_id = ? AND id > ? AND (?3 IS NULL OR id <= ?3) ORDER BY id LIMIT ?4")
      .bind(sandbox, after, range.until, size)
      .all<Row>();
    if (!rows.length) return;
    const ids = JSON.stringify(rows.map((r) => r.id));
    const [graph, seenIds, events] = await env.DB.batch([
      env.DB.prepare("SELECT profile_id, namespace, value FROM identities WHERE sandbox_id = ? AND profile_id IN (SELECT value FROM json_each(?))").bind(sandbox, ids),
      env.DB.prepare("SELECT profile_id, namespace, value FROM seen_identities WHERE sandbox_id = ? AND profile_id IN (SELECT value FROM json_each(?))").bind(sandbox, ids),
      env.DB.prepare(
        `SELECT profile_id, type, ts, data FROM events
         WHERE sandbox_id = ? AND profile_id IN (SELECT value FROM json_each(?)) AND type IN (SELECT value FROM json_each(?)) AND ts >= ?`,
      ).bind(sandbox, ids, types, now - EVENT_RETENTION_MS),
    ]);
    const byId = new Map<string, ProfileRows>(rows.map((r) => [r.id, { ...r, identities: [], events: [] }]));
    for (const i of [...graph.results, ...seenIds.results] as { profile_id: string; namespace: string; value: string }[]) byId.get(i.profile_id)?.identities.push({ namespace: i.namespace, value: i.value });
    for (const e of events.results as { profile_id: string; type: string; ts: number; data: string }[]) byId.get(e.profile_id)?.events.push({ type: e.type, ts: e.ts, data: e.data });
    const lists = await listsByIdentity(env.DB, sandbox, [...byId.values()].flatMap((p) => p.identities));
    for (const p of byId.values()) p.lists = [...new Set(p.identities.flatMap((i) => lists.get(`${i.namespace}\u0000${i.value}`) ?? []))];
    yield [...byId.values()];
    seen += rows.length;
    after = rows[rows.length - 1].id;
    if (rows.length < size) return;
  }
}

const typesRead = (audiences: readonly CompiledAudience[]) => new Set(audiences.flatMap((a) => [...a.reads.eventTypes]));

/** The members of one audience, a page at a time (an export), within a range of ids when given. */
export async function* membersPages(env: Env, sandbox: string, audiences: readonly CompiledAudience[], id: string, now = Date.now(), range?: IdRange): AsyncGenerator<ProfileRows[]> {
  for await (const page of profilePages(env, sandbox, typesRead(audiences), now, Infinity, range)) {
    const members = membersOf(audiences, page, now);
    yield page.filter((p) => members.get(p.id)?.has(id));
  }
}

/** Counts the members of every audience over every profile of the sandbox. */
export async function countAll(env: Env, sandbox: string, audiences: readonly CompiledAudience[], now = Date.now()) {
  const sizes = new Map(audiences.filter((a) => !a.reads.context).map((a) => [a.id, 0]));
  let profiles = 0;
  for await (const page of profilePages(env, sandbox, typesRead(audiences), now)) {
    profiles += page.length;
    for (const members of membersOf(audiences, page, now).values()) for (const id of members) sizes.set(id, (sizes.get(id) ?? 0) + 1);
  }
  return { profiles, sizes };
}

/** Counts and keeps the sizes, so the console can draw each audience's trend. */
export async function recordSizes(env: Env, sandbox: string, audiences: readonly CompiledAudience[], now = Date.now()) {
  const { profiles, sizes } = await countAll(env, sandbox, audiences, now);
  const db = database(env.DB);
  const rows = [...sizes].map(([audienceId, size]) => ({ sandboxId: sandbox, audienceId, at: now, size, profiles }));
  for (let i = 0; i < rows.length; i += 20) await db.insert(audienceSizes).values(rows.slice(i, i + 20)).onConflictDoNothing();
  return { profiles, sizes, at: now };
}

/** The last `n` recorded sizes of each audience, oldest first. */
export async function sizeHistory(env: Env, sandbox: string, ids: string[], n = 30) {
  const out = new Map<string, { at: number; size: number; profiles: number }[]>();
  if (!ids.length) return out;
  const rows = await database(env.DB)
    .select()
    .from(audienceSizes)
    .where(and(eq(audienceSizes.sandboxId, sandbox), inArray(audienceSizes.audienceId, ids)))
    .orderBy(desc(audienceSizes.at))
    .limit(n * ids.length);
  for (const r of rows) {
    const list = out.get(r.audienceId) ?? out.set(r.audienceId, []).get(r.audienceId)!;
    if (list.length < n) list.unshift({ at: r.at, size: r.size, profiles: r.profiles });
  }
  return out;
}

/**
 * An estimate from the first `sample` profiles by id: ids are random, so they are a fair
 * sample, and the count scales to the whole index.
 */
export async function estimate(env: Env, sandbox: string, target: CompiledAudience, audiences: readonly CompiledAudience[], sample = 5000, now = Date.now()) {
  const all = [...audiences.filter((a) => a.id !== target.id), target];
  let looked = 0;
  let matched = 0;
  for await (const page of profilePages(env, sandbox, typesRead(all), now, sample)) {
    looked += page.length;
    for (const members of membersOf(all, page, now).values()) if (members.has(target.id)) matched++;
  }
  const { n: total } = (await env.DB.prepare("SELECT count(*) AS n FROM profiles WHERE sandbox_id = ?").bind(sandbox).first<{ n: number }>())!;
  return { sampled: looked, matched, profiles: total, estimate: looked ? Math.round((matched / looked) * total) : 0, exact: looked === total };
}
