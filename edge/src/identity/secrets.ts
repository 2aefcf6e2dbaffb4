/**
 * Datastream secrets, read from D1 when a signed identity must be checked (login moments, not
 * every request) and kept in memory briefly so a burst of logins costs one read.
 */
import { eq } from "drizzle-orm";
import { database, schema } from "../db";

const cache = new Map<string, { secret: string | null; at: number }>();
const TTL_MS = 60_000;

export async function datastreamSecret(env: Env, datastream: string, now = Date.now()): Promise<string | null> {
  const hit = cache.get(datastream);
  if (hit && now - hit.at < TTL_MS) return hit.secret;
  const row = await database(env.DB).select({ secret: schema.datastreams.secret }).from(schema.datastreams).where(eq(schema.datastreams.id, datastream)).get();
  cache.set(datastream, { secret: row?.secret ?? null, at: now });
  return row?.secret ?? null;
}

/** Drops a cached secret after rotation, so this isolate uses the new one at once. */
export function forgetSecret(datastream: string): void {
  cache.delete(datastream);
}
