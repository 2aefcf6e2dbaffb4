/** The active published snapshot of a sandbox, for server-side paths that have no datastream. */
import { loadSnapshot } from "./cache";
import { activeKey } from "./keys";
import { DEFAULT_SETTINGS, type Snapshot } from "./snapshot";

export type ActiveConfig = Pick<Snapshot, "settings" | "namespaces" | "schemas"> & { version: number | null };

export async function activeConfig(kv: KVNamespace, sandbox: string): Promise<ActiveConfig> {
  const version = Number(await kv.get(activeKey(sandbox))) || null;
  const snapshot = version ? await loadSnapshot(kv, sandbox, version) : null;
  if (!snapshot) return { version: null, settings: DEFAULT_SETTINGS, namespaces: [], schemas: { profile: null, events: {} } };
  return { version, settings: snapshot.settings, namespaces: snapshot.namespaces, schemas: snapshot.schemas };
}

/** The whole active snapshot of a sandbox (alarms and admin runs, which have no datastream), or null before the first publish. */
export async function activeSnapshot(kv: KVNamespace, sandbox: string): Promise<Snapshot | null> {
  const version = Number(await kv.get(activeKey(sandbox))) || null;
  return version ? loadSnapshot(kv, sandbox, version) : null;
}
