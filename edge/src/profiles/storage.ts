/**
 * Schema of a ProfileObject's own SQLite storage, migrated in order by `user_version`-style
 * bookkeeping in the `meta` table. Append steps; never edit one that has shipped.
 */
const STEPS: string[] = [
  `CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE IF NOT EXISTS events (id TEXT PRIMARY KEY, type TEXT NOT NULL, ts INTEGER NOT NULL, data TEXT NOT NULL);
   CREATE INDEX IF NOT EXISTS events_ts ON events (ts);
   CREATE TABLE IF NOT EXISTS propositions (
     token TEXT PRIMARY KEY, offer_id TEXT NOT NULL, placement TEXT NOT NULL, issued_at INTEGER NOT NULL,
     displayed_at INTEGER, clicked_at INTEGER);
   CREATE INDEX IF NOT EXISTS propositions_issued ON propositions (issued_at);
   CREATE TABLE IF NOT EXISTS offer_counters (offer_id TEXT NOT NULL, kind TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (offer_id, kind));`,
  `CREATE TABLE IF NOT EXISTS attributes (name TEXT PRIMARY KEY, value TEXT, ts INTEGER NOT NULL, unset INTEGER NOT NULL DEFAULT 0);
   CREATE TABLE IF NOT EXISTS identities (
     namespace TEXT NOT NULL, value TEXT NOT NULL, authenticated INTEGER NOT NULL, added_at INTEGER NOT NULL,
     PRIMARY KEY (namespace, value));
   CREATE TABLE IF NOT EXISTS merged_from (profile_id TEXT PRIMARY KEY, at INTEGER NOT NULL);
   CREATE TABLE IF NOT EXISTS event_daily (type TEXT NOT NULL, day INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (type, day));`,
  `CREATE TABLE IF NOT EXISTS audiences (
     audience_id TEXT PRIMARY KEY, member INTEGER NOT NULL, entered_at INTEGER, exited_at INTEGER);
   CREATE INDEX IF NOT EXISTS events_type_ts ON events (type, ts);`,
  `CREATE TABLE IF NOT EXISTS cap_log (offer_id TEXT NOT NULL, placement TEXT NOT NULL, kind TEXT NOT NULL, ts INTEGER NOT NULL);
   CREATE INDEX IF NOT EXISTS cap_log_offer ON cap_log (offer_id, kind, ts);`,
  `CREATE TABLE IF NOT EXISTS messages (
     id TEXT PRIMARY KEY, token TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, title TEXT, body TEXT NOT NULL, cta TEXT,
     created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, displayed_at INTEGER, clicked_at INTEGER, dismissed_at INTEGER);
   CREATE INDEX IF NOT EXISTS messages_expires ON messages (expires_at);`,
  `CREATE TABLE IF NOT EXISTS journey_instances (
     id TEXT PRIMARY KEY, journey TEXT NOT NULL, version INTEGER NOT NULL, node TEXT NOT NULL, status TEXT NOT NULL,
     entered_at INTEGER NOT NULL, vars TEXT NOT NULL, seq INTEGER NOT NULL, wake_at INTEGER, waiting_for TEXT,
     test INTEGER NOT NULL DEFAULT 0, ended TEXT, definition TEXT, updated_at INTEGER NOT NULL);
   CREATE INDEX IF NOT EXISTS journey_instances_journey ON journey_instances (journey, entered_at);
   CREATE INDEX IF NOT EXISTS journey_instances_status ON journey_instances (status, wake_at);
   CREATE TABLE IF NOT EXISTS journey_steps (id TEXT PRIMARY KEY, instance TEXT NOT NULL, node TEXT NOT NULL, type TEXT NOT NULL, at INTEGER NOT NULL, outcome TEXT NOT NULL);
   CREATE INDEX IF NOT EXISTS journey_steps_instance ON journey_steps (instance, at);
   CREATE TABLE IF NOT EXISTS journey_outbox (step_id TEXT PRIMARY KEY, body TEXT NOT NULL, created_at INTEGER NOT NULL);`,
];

/**
 * Brings the object's schema up to date. Every object runs this when it is loaded, so an
 * object already current only reads: a `CREATE TABLE IF NOT EXISTS` is a write statement even
 * when the table exists.
 */
export function migrate(sql: SqlStorage): void {
  const hasMeta = sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").toArray().length > 0;
  const row = hasMeta ? sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'schema_version'").toArray()[0] : undefined;
  let version = row ? Number(row.value) : 0;
  if (version >= STEPS.length) return;
  sql.exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
  while (version < STEPS.length) {
    sql.exec(STEPS[version]);
    version++;
    sql.exec(
      "INSERT INTO meta (key, value) VALUES ('schema_version', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      String(version),
    );
  }
}
