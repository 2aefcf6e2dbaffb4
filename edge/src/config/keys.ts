/** KV key layout of published configuration. */
export const snapshotKey = (sandbox: string, version: number) => `config/${sandbox}/${version}`;
export const activeKey = (sandbox: string) => `config/${sandbox}/active`;
/** Per-datastream pointer: one KV read resolves both the sandbox and its active version. */
export const datastreamKey = (datastream: string) => `ds/${datastream}`;

export type DatastreamPointer = { sandbox: string; version: number };
