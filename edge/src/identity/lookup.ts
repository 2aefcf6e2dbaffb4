/**
 * Read-only identity lookups (apps and server-side rendering asking "who is crmId 42?", the
 * console) with a KV read-through cache in front of the D1 graph.
 *
 * A cached answer can be stale after a merge, and that is harmless: a merged-away profile's
 * object forwards every call to its survivor. Only deletions (retention, privacy) must remove
 * cache entries, and they do. Writes and merges always read the graph in D1, never this cache.
 */
import { database } from "../db";
import { ownersOf, survivorOf } from "./graph";
import { graphCacheKey } from "./graph-cache";
import type { IdentityRef } from "./namespaces";

const TTL_SECONDS = 3600;

export async function profileOf(env: Env, sandbox: string, ref: IdentityRef): Promise<string | null> {
  const key = graphCacheKey(sandbox, ref);
  const cached = await env.CONFIG.get(key);
  if (cached) return cached;
  const db = database(env.DB);
  const owner = (await ownersOf(db, sandbox, [ref])).values().next().value;
  if (!owner) return null;
  const profileId = await survivorOf(db, sandbox, owner);
  await env.CONFIG.put(key, profileId, { expirationTtl: TTL_SECONDS });
  return profileId;
}
