/**
 * Cold profiles: people an import brought in who have not yet been reached through their
 * ProfileObject. Their state is their D1 row (`profiles.cold = 1`: the attributes and when each
 * was written) plus their identities in the graph, so a 100,000-row import costs a few bulk
 * statements per batch instead of a Durable Object and a queue message per person.
 *
 * Who holds a profile's state is settled in D1, one atomic statement or batch at a time:
 * - an import writes a row only while it is cold and still at the revision the import read
 *   (`writeCold`), and creates one only where no row exists;
 * - an object's first use takes the state over (`takeOver`): in one transaction it reads the row,
 *   marks it warm, and leaves a warm row where there was none.
 * Whichever lands first wins and the loser takes the other path (the import hands its records to
 * the object), so no write is lost and none is applied twice.
 */
import { sql } from "drizzle-orm";
import type { Database } from "../db";
import type { AttributeMap } from "./attributes";
import type { JsonValue } from "./events";

/** A profile's row as an import sees it: `cold` says whether the row is the state or a copy. */
export type ProfileRow = { id: string; cold: boolean; rev: number; attributes: AttributeMap; firstSeen: number };

/** A cold write: `rev` is the revision read (0 when there was no row). */
export type ColdWrite = { id: string; rev: number; attributes: AttributeMap; firstSeen: number; lastSeen: number };

/** What an object takes over from a cold row. */
export type ColdState = {
  attributes: AttributeMap;
  identities: { namespace: string; value: string; authenticated: boolean; addedAt: number }[];
  firstSeen: number;
  lastSeen: number;
};

type RawRow = { id: string; cold: number; rev: number; attributes: string; stamps: string; first_seen: number; last_seen: number };

/** Attribute values and their write times, as the row keeps them, back into one map. */
function toMap(attributes: string, stamps: string, fallbackTs: number): AttributeMap {
  const values = JSON.parse(attributes) as Record<string, JsonValue>;
  const times = JSON.parse(stamps) as Record<string, number>;
  const out: AttributeMap = {};
  for (const [name, value] of Object.entries(values)) out[name] = { value, ts: times[name] ?? fallbackTs };
  return out;
}

/**
 * The row as D1 keeps it. Imports only ever set attributes, so a cold profile has no unset
 * markers to store; one that reaches here anyway is left out, which is what "unset" shows.
 */
function fromMap(attrs: AttributeMap): { attributes: string; stamps: string } {
  const values: Record<string, JsonValue> = {};
  const times: Record<string, number> = {};
  for (const [name, e] of Object.entries(attrs)) {
    if (e.unset) continue;
    values[name] = e.value;
    times[name] = e.ts;
  }
  return { attributes: JSON.stringify(values), stamps: JSON.stringify(times) };
}

/** The rows of the given profiles, in one query (`CROSS JOIN`: see `ownersOf` in the graph). */
export async function readProfileRows(db: Database, sandbox: string, ids: string[]): Promise<Map<string, ProfileRow>> {
  const out = new Map<string, ProfileRow>();
  if (!ids.length) return out;
  const rows = await db.all<RawRow>(sql`
    SELECT p.id, p.cold, p.rev, p.attributes, p.stamps, p.first_seen, p.last_seen
    FROM json_each(${JSON.stringify(ids)}) AS j
    CROSS JOIN profiles AS p ON p.sandbox_id = ${sandbox} AND p.id = j.value`);
  for (const r of rows) {
    out.set(r.id, { id: r.id, cold: !!r.cold, rev: r.rev, attributes: toMap(r.attributes, r.stamps, r.last_seen), firstSeen: r.first_seen });
  }
  return out;
}

/**
 * Writes cold rows in one statement and returns the ids it wrote. A row that was taken over by
 * its object, or written by someone else since it was read, is not written: the caller sends
 * those records to the object instead.
 */
export async function writeCold(db: Database, sandbox: string, writes: ColdWrite[]): Promise<Set<string>> {
  if (!writes.length) return new Set();
  const rows = JSON.stringify(writes.map((w) => {
    const { attributes, stamps } = fromMap(w.attributes);
    return [w.id, attributes, stamps, w.firstSeen, w.lastSeen, w.rev + 1];
  }));
  const written = await db.all<{ id: string }>(sql`
    INSERT INTO profiles (sandbox_id, id, first_seen, last_seen, event_count, known, attributes, cold, stamps, rev)
    SELECT ${sandbox}, json_extract(j.value, '$[0]'), json_extract(j.value, '$[3]'), json_extract(j.value, '$[4]'), 0, 1,
           json_extract(j.value, '$[1]'), 1, json_extract(j.value, '$[2]'), json_extract(j.value, '$[5]')
    FROM json_each(${rows}) AS j WHERE true
    ON CONFLICT (sandbox_id, id) DO UPDATE SET
      attributes = excluded.attributes, stamps = excluded.stamps, rev = excluded.rev,
      first_seen = min(profiles.first_seen, excluded.first_seen), last_seen = max(profiles.last_seen, excluded.last_seen)
    WHERE profiles.cold = 1 AND profiles.rev = excluded.rev - 1
    RETURNING id`);
  return new Set(written.map((r) => r.id));
}

/**
 * An object's first use: takes over the cold state, if there is one, in one D1 transaction.
 * With `claim`, the row is left warm (created when missing), so no import can write a cold row
 * for this profile from now on; without it (a read-only look) nothing is written unless there is
 * cold state to take. A warm row whose write times are still set is the trace of a take-over that
 * was interrupted before the object stored it, and is taken again.
 */
export async function takeOver(d1: D1Database, sandbox: string, profileId: string, now: number, claim: boolean): Promise<ColdState | null> {
  const statements = [
    d1.prepare("SELECT id, cold, rev, attributes, stamps, first_seen, last_seen FROM profiles WHERE sandbox_id = ? AND id = ?").bind(sandbox, profileId),
    d1.prepare("SELECT namespace, value, authenticated, created_at FROM identities WHERE sandbox_id = ? AND profile_id = ?").bind(sandbox, profileId),
    d1.prepare("UPDATE profiles SET cold = 0 WHERE sandbox_id = ? AND id = ? AND cold = 1").bind(sandbox, profileId),
  ];
  if (claim) {
    statements.push(
      d1.prepare("INSERT INTO profiles (sandbox_id, id, first_seen, last_seen) VALUES (?, ?, ?, ?) ON CONFLICT (sandbox_id, id) DO NOTHING").bind(sandbox, profileId, now, now),
    );
  }
  const [rowsResult, identitiesResult] = await d1.batch(statements);
  const rows = rowsResult.results as RawRow[];
  const identities = identitiesResult.results as { namespace: string; value: string; authenticated: number; created_at: number }[];
  const row = rows[0];
  if (!row || (!row.cold && row.stamps === "{}")) return null;
  return {
    attributes: toMap(row.attributes, row.stamps, row.last_seen),
    identities: identities.map((i) => ({ namespace: i.namespace, value: i.value, authenticated: !!i.authenticated, addedAt: i.created_at })),
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
  };
}
