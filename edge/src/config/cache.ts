/**
 * In-memory cache of published configuration, per isolate.
 *
 * Snapshots are immutable, so they are cached by version with no expiry (a few recent versions
 * kept). Datastream pointers change on publish, so they are re-read from KV once their short TTL
 * has passed: that TTL bounds how long a publish takes to be live at this isolate.
 */
import { datastreamKey, snapshotKey, type DatastreamPointer } from "./keys";
import type { Snapshot } from "./snapshot";

type Entry = { pointer: DatastreamPointer | null; fetchedAt: number };

const pointers = new Map<string, Entry>();
const snapshots = new Map<string, Promise<Snapshot | null>>();
const MAX_SNAPSHOTS = 8;

export async function resolveDatastream(
  kv: KVNamespace,
  datastream: string,
  ttlMs: number,
  now = Date.now(),
): Promise<DatastreamPointer | null> {
  const hit = pointers.get(datastream);
  if (hit && now - hit.fetchedAt < ttlMs) return hit.pointer;
  const pointer = await kv.get<DatastreamPointer>(datastreamKey(datastream), "json");
  pointers.set(datastream, { pointer, fetchedAt: now });
  return pointer;
}

export function loadSnapshot(kv: KVNamespace, sandbox: string, version: number): Promise<Snapshot | null> {
  const key = snapshotKey(sandbox, version);
  let pending = snapshots.get(key);
  if (!pending) {
    pending = kv.get<Snapshot>(key, "json");
    // A failed or missing read must not be cached forever.
    pending.then((s) => s ?? snapshots.delete(key), () => snapshots.delete(key));
    snapshots.set(key, pending);
    if (snapshots.size > MAX_SNAPSHOTS) snapshots.delete(snapshots.keys().next().value!);
  }
  return pending;
}

/** Drops cached pointers, so a publish made in this isolate is seen at once. */
export function forgetPointers(): void {
  pointers.clear();
}
