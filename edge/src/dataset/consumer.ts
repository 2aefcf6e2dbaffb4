/**
 * Queue consumer of the events stream: writes events into the D1 dataset (once per id) and keeps
 * the searchable profile index current. A message is acknowledged only after its writes commit;
 * a failing message is retried by the queue and ends in the dead-letter queue.
 */
import { sql } from "drizzle-orm";
import { database, schema } from "../db";
import type { EventsMessage } from "../ingest/pipeline";

const { events, profiles } = schema;

export async function storeEvents(env: Env, message: EventsMessage): Promise<number> {
  const db = database(env.DB);
  const inserts = message.events.map((e) =>
    db
      .insert(events)
      .values({ sandboxId: message.sandbox, id: e.id, profileId: message.profileId, type: e.type, ts: e.ts, receivedAt: message.receivedAt, data: e.data })
      .onConflictDoNothing(),
  );
  if (!inserts.length) return 0;
  const results = await db.batch(inserts as [typeof inserts[0], ...typeof inserts]);
  const stored = results.reduce((n, r) => n + (r.meta.changes ?? 0), 0);
  const times = message.events.map((e) => e.ts);
  await db
    .insert(profiles)
    .values({
      sandboxId: message.sandbox, id: message.profileId,
      firstSeen: Math.min(...times), lastSeen: Math.max(...times), eventCount: stored,
    })
    .onConflictDoUpdate({
      target: [profiles.sandboxId, profiles.id],
      set: {
        firstSeen: sql`min(${profiles.firstSeen}, excluded.first_seen)`,
        lastSeen: sql`max(${profiles.lastSeen}, excluded.last_seen)`,
        eventCount: sql`${profiles.eventCount} + excluded.event_count`,
      },
    });
  return stored;
}

export async function consumeEvents(batch: MessageBatch<EventsMessage>, env: Env): Promise<void> {
  for (const msg of batch.messages) {
    try {
      await storeEvents(env, msg.body);
      msg.ack();
    } catch (err) {
      console.error("storing events failed; will retry", msg.id, err);
      msg.retry({ delaySeconds: Math.min(60, 2 ** msg.attempts) });
    }
  }
}
