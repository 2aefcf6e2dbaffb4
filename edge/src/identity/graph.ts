/**
 * The identity graph in D1: which profile owns each identity. Claims are first-writer-wins on
 * the table's primary key, so two concurrent requests presenting the same new email agree on
 * one owner, and the loser merges into it.
 */
import { and, eq, sql } from "drizzle-orm";
import { database, schema, type Database } from "../db";
import { forgetCached } from "./graph-cache";
import { rankOf, type IdentityRef } from "./namespaces";

const { identities, merges, profiles, events, seenIdentities } = schema;

/** An identity as one string, the key of `ownersOf`'s map. */
export const refKey = (r: IdentityRef) => `${r.namespace}\u0000${r.value}`;

/**
 * Current owners of the given identities (absent ones are missing from the map). The refs go in
 * as one JSON parameter, so a batch of any size costs one query (D1 binds at most 100 values).
 * `CROSS JOIN` keeps the list as the outer loop: SQLite otherwise prefers to scan the sandbox's
 * whole graph once per listed identity, which made large imports quadratic.
 */
export async function ownersOf(db: Database, sandbox: string, refs: IdentityRef[]): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  if (!refs.length) return owners;
  const rows = await db.all<{ namespace: string; value: string; profile_id: string }>(sql`
    SELECT i.namespace, i.value, i.profile_id
    FROM json_each(${JSON.stringify(refs.map((r) => [r.namespace, r.value]))}) AS j
    CROSS JOIN identities AS i
      ON i.sandbox_id = ${sandbox} AND i.namespace = json_extract(j.value, '$[0]') AND i.value = json_extract(j.value, '$[1]')`);
  for (const r of rows) owners.set(refKey(r), r.profile_id);
  return owners;
}

/**
 * Claims identities for `candidate` where nobody owns them yet, then reads back every owner.
 * Returns the owner of each identity, in input order.
 */
export async function claim(db: Database, sandbox: string, refs: { ref: IdentityRef; authenticated: boolean }[], candidate: string, now: number) {
  await insertClaims(db, sandbox, refs.map((r) => ({ ...r, owner: candidate })), now);
  const owners = await ownersOf(db, sandbox, refs.map((r) => r.ref));
  return refs.map(({ ref }) => owners.get(refKey(ref)) ?? candidate);
}

/**
 * Writes claims in one statement; an identity that has an owner keeps it (only its last-seen
 * moves). Within one call the first claim of an identity wins, as in separate requests.
 */
export async function insertClaims(db: Database, sandbox: string, list: { ref: IdentityRef; authenticated: boolean; owner: string }[], now: number) {
  if (!list.length) return;
  const rows = JSON.stringify(list.map((c) => [c.ref.namespace, c.ref.value, c.owner, c.authenticated ? 1 : 0]));
  await db.run(sql`
    INSERT INTO identities (sandbox_id, namespace, value, profile_id, authenticated, last_seen)
    SELECT ${sandbox}, json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]'), json_extract(j.value, '$[2]'), json_extract(j.value, '$[3]'), ${now}
    FROM json_each(${rows}) AS j WHERE true
    ON CONFLICT (sandbox_id, namespace, value) DO UPDATE SET last_seen = excluded.last_seen`);
}

/** The survivor among profiles that turn out to be one person: the owner of the strongest identity. */
export function chooseSurvivor(owned: { ref: IdentityRef; owner: string }[], fallback: string): string {
  let best: { rank: number; owner: string } | null = null;
  for (const { ref, owner } of owned) {
    const rank = rankOf(ref.namespace);
    if (!best || rank < best.rank || (rank === best.rank && owner < best.owner)) best = { rank, owner };
  }
  return best?.owner ?? fallback;
}

/** After `from` was absorbed into `into`: its identities, index row and dataset rows follow. */
export async function recordMerge(db: Database, sandbox: string, from: string, into: string) {
  await db.batch([
    db.update(identities).set({ profileId: into }).where(and(eq(identities.sandboxId, sandbox), eq(identities.profileId, from))),
    db.insert(merges).values({ sandboxId: sandbox, fromProfile: from, intoProfile: into }).onConflictDoNothing(),
    db.update(events).set({ profileId: into }).where(and(eq(events.sandboxId, sandbox), eq(events.profileId, from))),
    db.delete(profiles).where(and(eq(profiles.sandboxId, sandbox), eq(profiles.id, from))),
    // Unproven identities move too; one both profiles had is already there for the survivor.
    db.delete(seenIdentities).where(and(
      eq(seenIdentities.sandboxId, sandbox),
      eq(seenIdentities.profileId, from),
      sql`EXISTS (SELECT 1 FROM seen_identities AS s WHERE s.sandbox_id = ${sandbox} AND s.profile_id = ${into}
                  AND s.namespace = ${seenIdentities.namespace} AND s.value = ${seenIdentities.value})`,
    )),
    db.update(seenIdentities).set({ profileId: into }).where(and(eq(seenIdentities.sandboxId, sandbox), eq(seenIdentities.profileId, from))),
  ]);
}

/** Deletes everything D1 (and the graph's KV cache) holds about a profile (retention, privacy). */
export async function forgetProfile(env: Env, sandbox: string, profileId: string) {
  const db = database(env.DB);
  const refs = await db
    .select({ namespace: identities.namespace, value: identities.value })
    .from(identities)
    .where(and(eq(identities.sandboxId, sandbox), eq(identities.profileId, profileId)));
  await forgetCached(env, sandbox, refs);
  await db.batch([
    db.delete(identities).where(and(eq(identities.sandboxId, sandbox), eq(identities.profileId, profileId))),
    db.delete(events).where(and(eq(events.sandboxId, sandbox), eq(events.profileId, profileId))),
    db.delete(profiles).where(and(eq(profiles.sandboxId, sandbox), eq(profiles.id, profileId))),
    db.delete(seenIdentities).where(and(eq(seenIdentities.sandboxId, sandbox), eq(seenIdentities.profileId, profileId))),
  ]);
}

/** Follows merges from a profile id to the profile that holds it now. */
export async function survivorOf(db: Database, sandbox: string, profileId: string): Promise<string> {
  let current = profileId;
  for (let hops = 0; hops < 10; hops++) {
    const row = await db.select({ into: merges.intoProfile }).from(merges).where(and(eq(merges.sandboxId, sandbox), eq(merges.fromProfile, current))).get();
    if (!row) return current;
    current = row.into;
  }
  return current;
}

