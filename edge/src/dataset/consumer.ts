/**
 * Queue consumer of the events stream: writes events into the D1 dataset (once per id), keeps
 * the searchable profile index and the identity graph's device entries current, and removes
 * expired profiles. A message is acknowledged only after its writes commit; a failing message
 * is retried by the queue and ends in the dead-letter queue.
 */
import { and, eq, sql } from "drizzle-orm";
import { database, schema } from "../db";
import { forgetProfile } from "../identity/graph";
import type { EventsMessage, QueueMessage } from "../profiles/messages";

const { events, profiles, identities, seenIdentities } = schema;

export async function storeEvents(env: Env, message: EventsMessage): Promise<number> {
  const db = database(env.DB);
  const inserts = message.events.map((e) =>
    db
      .insert(events)
      .values({ sandboxId: message.sandbox, id: e.id, profileId: message.profileId, type: e.type, ts: e.ts, receivedAt: message.receivedAt, data: e.data })
      .onConflictDoNothing(),
  );
  const results = inserts.length ? await db.batch(inserts as [(typeof inserts)[0], ...typeof inserts]) : [];
  const stored = results.reduce((n, r) => n + (r.meta.changes ?? 0), 0);
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
