/**
 * Queue consumer of the events stream: writes events into the D1 dataset (once per id), keeps
 * the searchable profile index and the identity graph's device entries current, and removes
 * expired profiles. A message is acknowledged only after its writes commit; a failing message
 * is retried by the queue and ends in the dead-letter queue.
 */
import { and, eq, sql } from "drizzle-orm";
import { database, schema } from "../db";
import { forgetProfile } from "../identity/graph";
import type { ProfileEvent } from "../profiles/events";
import type { EventsMessage, QueueMessage } from "../profiles/messages";

const { profiles, identities, seenIdentities } = schema;

export async function storeEvents(env: Env, message: EventsMessage): Promise<number> {
  const db = database(env.DB);
  // Raw statements: each event's insert is followed by its stats in the same batch (see statsOf).
  const statements = message.events.flatMap((e) => {
    const insert = env.DB.prepare("INSERT INTO events (sandbox_id, id, profile_id, type, ts, received_at, data) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING").bind(
      message.sandbox, e.id, message.profileId, e.type, e.ts, message.receivedAt, JSON.stringify(e.data),
    );
    const stats = statsOf(env.DB, message.sandbox, e);
    return stats ? [{ statement: insert, event: true }, { statement: stats, event: false }] : [{ statement: insert, event: true }];
  });
  const results = statements.length ? await env.DB.batch(statements.map((s) => s.statement)) : [];
  const stored = results.reduce((n, r, i) => n + (statements[i].event ? (r.meta.changes ?? 0) : 0), 0);
  const times = message.events.length ? message.events.map((e) => e.ts) : [message.receivedAt];
  const index = message.index;
  await db
    .insert(profiles)
    .values({
      sandboxId: message.sandbox,
      id: message.profileId,
      firstSeen: Math.min(...times),
      lastSeen: Math.max(...times),
      eventCount: stored,
      known: index?.known ?? false,
      attributes: index?.attributes ?? {},
      consent: index?.consent ?? {},
    })
    .onConflictDoUpdate({
      target: [profiles.sandboxId, profiles.id],
      set: {
        firstSeen: sql`min(${profiles.firstSeen}, excluded.first_seen)`,
        lastSeen: sql`max(${profiles.lastSeen}, excluded.last_seen)`,
        eventCount: sql`${profiles.eventCount} + excluded.event_count`,
        ...(index ? { known: sql`excluded.known` } : {}),
        // The object's copy replaces what a cold row kept, write times included.
        ...(index?.attributes ? { attributes: sql`excluded.attributes`, stamps: sql`'{}'` } : {}),
        ...(index?.consent ? { consent: sql`excluded.consent` } : {}),
      },
    });
  // Device ids join the graph here, off the hot path. Only unowned entries are written: the
  // graph's owner of an identity changes through merges, never through this queue.
  const devices = (index?.identities ?? []).filter((i) => i.namespace === "pcid" || i.authenticated);
  if (devices.length) {
    await db.batch(
      devices.map((i) =>
        db
          .insert(identities)
          .values({ sandboxId: message.sandbox, namespace: i.namespace, value: i.value, profileId: message.profileId, authenticated: i.authenticated, lastSeen: message.receivedAt })
          .onConflictDoNothing(),
      ) as [never, ...never[]],
    );
  }
  if (index?.identities) await storeSeenIdentities(env, message, index.identities);
  return stored;
}

const STAT_COLUMNS: Record<string, "decisions" | "displays" | "clicks"> = { "proposition.decided": "decisions", "proposition.display": "displays", "proposition.click": "clicks" };

/**
 * The offer counts an event adds to `offer_stats`, as one statement run right after the
 * event's insert in the same batch: `changes() = 1` holds only when the insert stored the
 * event, so a retried message (whose events are stored already) counts nothing twice.
 */
function statsOf(d1: D1Database, sandbox: string, e: ProfileEvent): D1PreparedStatement | null {
  if (e.type === "journey.steps") return journeyStatsOf(d1, sandbox, e);
  const column = STAT_COLUMNS[e.type];
  const list = column === "decisions" ? e.data.items : e.data.offers;
  if (!column || !Array.isArray(list)) return null;
  const rows = list.filter((o): o is { offerId: string; placement: string } => !!o && typeof o === "object" && typeof (o as { offerId?: unknown }).offerId === "string" && typeof (o as { placement?: unknown }).placement === "string");
  if (!rows.length) return null;
  // The rows travel as one JSON parameter (D1 binds at most 100 per statement).
  const one = (c: string) => (column === c ? 1 : 0);
  return d1
    .prepare(
      `INSERT INTO offer_stats (sandbox_id, offer_id, placement, day, decisions, displays, clicks)
       SELECT ?1, json_extract(value, '$[0]'), json_extract(value, '$[1]'), ?2, ?3, ?4, ?5 FROM json_each(?6) WHERE changes() = 1
       ON CONFLICT (sandbox_id, offer_id, placement, day) DO UPDATE SET
         decisions = decisions + excluded.decisions, displays = displays + excluded.displays, clicks = clicks + excluded.clicks`,
    )
    .bind(sandbox, Math.floor(e.ts / 86_400_000), one("decisions"), one("displays"), one("clicks"), JSON.stringify(rows.map((r) => [r.offerId, r.placement])));
}

type StepRecord = { journey: string; version: number; node: string; phase: string; test?: boolean };

/** Journey counts per node: a profile arriving at a wait enters it, leaving exits it, passing a node does both. Test runs count nothing. */
function journeyStatsOf(d1: D1Database, sandbox: string, e: ProfileEvent): D1PreparedStatement | null {
  const steps = (Array.isArray(e.data.steps) ? e.data.steps : []) as StepRecord[];
  const rows = steps.filter((x) => x && !x.test && typeof x.journey === "string" && typeof x.node === "string" && Number.isInteger(x.version) && x.phase !== "none");
  if (!rows.length) return null;
  const packed = rows.map((r) => [r.journey, r.version, r.node, r.phase === "leave" ? 0 : 1, r.phase === "arrive" ? 0 : 1]);
  return d1
    .prepare(
      `INSERT INTO journey_node_stats (sandbox_id, journey_id, version, node, entered, exited, errored)
       SELECT ?1, json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'), json_extract(value, '$[4]'), 0
       FROM json_each(?2) WHERE changes() = 1
       ON CONFLICT (sandbox_id, journey_id, version, node) DO UPDATE SET entered = entered + excluded.entered, exited = exited + excluded.exited`,
    )
    .bind(sandbox, JSON.stringify(packed));
}

/**
 * Identities a profile presented without proof join the index (not the graph) for search. The
 * index update lists all of the profile's identities, so the rows are replaced, not added to.
 */
async function storeSeenIdentities(env: Env, message: EventsMessage, list: NonNullable<EventsMessage["index"]>["identities"] & {}) {
  const db = database(env.DB);
  const unproven = list.filter((i) => i.namespace !== "pcid" && !i.authenticated);
  const clear = db.delete(seenIdentities).where(and(eq(seenIdentities.sandboxId, message.sandbox), eq(seenIdentities.profileId, message.profileId)));
  if (!unproven.length) return void (await clear);
  await db.batch([
    clear,
    db
      .insert(seenIdentities)
      .values(unproven.map((i) => ({ sandboxId: message.sandbox, namespace: i.namespace, value: i.value, profileId: message.profileId, lastSeen: message.receivedAt })))
      .onConflictDoNothing(),
  ]);
}

export async function consumeEvents(batch: MessageBatch<QueueMessage>, env: Env): Promise<void> {
  for (const msg of batch.messages) {
    try {
      const body = msg.body;
      if (body.kind === "expired") await forgetProfile(env, body.sandbox, body.profileId);
      else await storeEvents(env, body);
      msg.ack();
    } catch (err) {
      console.error("storing events failed; will retry", msg.id, err);
      msg.retry({ delaySeconds: Math.min(60, 2 ** msg.attempts) });
    }
  }
}
