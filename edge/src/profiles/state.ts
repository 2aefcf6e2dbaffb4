/**
 * Typed access to one profile's SQLite storage: every query of the ProfileObject lives here, so
 * the object itself reads as the story of a request. All methods are synchronous and meant to run
 * inside `transactionSync`; the object drops this class's caches when one fails.
 */
import type { AttributeEntry, AttributeMap } from "./attributes";
import type { JsonObject, JsonValue, ProfileEvent } from "./events";

import { EVENT_RETENTION_MS, MAX_EVENTS } from "./events";

export { EVENT_RETENTION_MS, MAX_EVENTS };
export const MAX_IDENTITIES = 50;
const PROPOSITION_TTL_MS = 30 * 24 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

export type IdentityRow = { namespace: string; value: string; authenticated: boolean; addedAt: number };
export type CounterKind = "decisions" | "displays" | "clicks";
export type PropositionRow = { token: string; offerId: string; placement: string; issuedAt: number; displayedAt: number | null; clickedAt: number | null };

/** Everything a profile hands over when another profile absorbs it. */
export type MergeState = {
  profileId: string;
  meta: Record<string, string>;
  attributes: AttributeMap;
  identities: IdentityRow[];
  events: ProfileEvent[];
  counters: { offerId: string; kind: CounterKind; n: number }[];
  daily: { type: string; day: number; n: number }[];
  propositions: PropositionRow[];
  caps: { offer_id: string; placement: string; kind: string; ts: number }[];
};

type TypedEvent = { ts: number; data: JsonObject };

export class ProfileState {
  /**
   * What this object has read of its meta rows and of its events by type, kept in step with
   * every write made through this class, so a request asks SQLite for each once at most. A
   * failed transaction rolls storage back, so its caller drops them (`discardCaches`).
   */
  #meta: Map<string, string> | null = null;
  #byType = new Map<string, readonly TypedEvent[]>();
  #attributes: AttributeMap | null = null;
  #identities: IdentityRow[] | null = null;

  constructor(private readonly sql: SqlStorage) {}

  discardCaches() {
    this.#meta = null;
    this.#byType.clear();
    this.#attributes = null;
    this.#identities = null;
  }

  // --- meta -----------------------------------------------------------------------------------
  #metaRows(): Map<string, string> {
    return (this.#meta ??= new Map(this.sql.exec<{ key: string; value: string }>("SELECT key, value FROM meta").toArray().map((r) => [r.key, r.value])));
  }
  meta(): Record<string, string> {
    return Object.fromEntries(this.#metaRows());
  }
  get(key: string): string | undefined {
    return this.#metaRows().get(key);
  }
  set(key: string, value: string) {
    if (this.get(key) === value) return;
    this.sql.exec("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value);
    this.#meta?.set(key, value);
  }
  unset(key: string) {
    this.sql.exec("DELETE FROM meta WHERE key = ?", key);
    this.#meta?.delete(key);
  }
  setOnce(key: string, value: string) {
    if (this.get(key) !== undefined) return;
    this.sql.exec("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", key, value);
    this.#meta?.set(key, value);
  }

  /** Marks the profile as seen now; returns true when it did not exist before. */
  touch(sandbox: string, profileId: string, now: number): boolean {
    const isNew = this.get("profile_id") === undefined;
    this.setOnce("profile_id", profileId);
    this.setOnce("sandbox", sandbox);
    this.setOnce("first_seen", String(now));
    const last = Number(this.get("last_seen") ?? 0);
    if (now > last) this.set("last_seen", String(now));
    return isNew;
  }

  // --- events ---------------------------------------------------------------------------------
  /** Stores an event unless its id was seen before. */
  addEvent(e: ProfileEvent) {
    this.addEvents([e]);
  }
  /**
   * Stores events whose ids were not seen before, in their order, and counts them by day: two
   * statements however many there are (a batch of the SDK's is up to 20 or so).
   */
  addEvents(events: readonly ProfileEvent[]) {
    if (!events.length) return;
    const rows = events.map((e) => [e.id, e.type, e.ts, JSON.stringify(e.data)] as const);
    const stored = new Set(
      this.sql
        .exec<{ id: string }>(
          `INSERT OR IGNORE INTO events (id, type, ts, data)
           SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]') FROM json_each(?) WHERE 1
           RETURNING id`,
          JSON.stringify(rows),
        )
        .toArray()
        .map((r) => r.id),
    );
    const daily = new Map<string, [string, number, number]>();
    rows.forEach(([id, type, ts, data]) => {
      if (!stored.delete(id)) return; // seen before (or twice in this call: stored once)
      const day = Math.floor(ts / DAY_MS);
      const key = `${type}\u0000${day}`;
      const count = daily.get(key) ?? daily.set(key, [type, day, 0]).get(key)!;
      count[2]++;
      const cached = this.#byType.get(type);
      if (cached) {
        // A new list rather than a changed one: what a caller read before stays as it read it.
        // Stored after every event with the same or an earlier time, as `ORDER BY ts, rowid` reads.
        let at = cached.length;
        while (at > 0 && cached[at - 1].ts > ts) at--;
        this.#byType.set(type, [...cached.slice(0, at), { ts, data: JSON.parse(data) as JsonObject }, ...cached.slice(at)]);
      }
    });
    if (daily.size) {
      this.sql.exec(
        `INSERT INTO event_daily (type, day, n)
         SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]') FROM json_each(?) WHERE 1
         ON CONFLICT(type, day) DO UPDATE SET n = n + excluded.n`,
        JSON.stringify([...daily.values()]),
      );
    }
  }
  /** Stores an event another profile had (merging): daily counts are the caller's business. */
  importEvent(e: ProfileEvent) {
    this.sql.exec("INSERT INTO events (id, type, ts, data) VALUES (?, ?, ?, ?)", e.id, e.type, e.ts, JSON.stringify(e.data));
    this.#byType.delete(e.type);
  }
  hasEvent(id: string): boolean {
    return this.sql.exec("SELECT 1 FROM events WHERE id = ?", id).toArray().length > 0;
  }
  /** Which of these event ids the profile already has, in one read. */
  knownEvents(ids: readonly string[]): Set<string> {
    if (!ids.length) return new Set();
    return new Set(this.sql.exec<{ id: string }>("SELECT id FROM events WHERE id IN (SELECT value FROM json_each(?))", JSON.stringify(ids)).toArray().map((r) => r.id));
  }
  bumpDaily(type: string, day: number, n: number) {
    this.sql.exec("INSERT INTO event_daily (type, day, n) VALUES (?, ?, ?) ON CONFLICT(type, day) DO UPDATE SET n = n + excluded.n", type, day, n);
  }
  recentEvents(limit: number): ProfileEvent[] {
    return this.sql
      .exec<{ id: string; type: string; ts: number; data: string }>("SELECT id, type, ts, data FROM events ORDER BY ts DESC, rowid DESC LIMIT ?", limit)
      .toArray()
      .map((r) => ({ id: r.id, type: r.type, ts: r.ts, data: JSON.parse(r.data) as JsonObject }));
  }
  eventCount(): number {
    return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM events").one().n;
  }

  // --- attributes -----------------------------------------------------------------------------
  /** A new map each call (its entries are shared and never changed). */
  attributes(): AttributeMap {
    if (!this.#attributes) {
      const out: AttributeMap = {};
      for (const r of this.sql.exec<{ name: string; value: string | null; ts: number; unset: number }>("SELECT name, value, ts, unset FROM attributes")) {
        out[r.name] = r.unset ? { value: null, ts: r.ts, unset: true } : { value: JSON.parse(r.value ?? "null"), ts: r.ts };
      }
      this.#attributes = out;
    }
    return { ...this.#attributes };
  }
  putAttribute(name: string, e: AttributeEntry) {
    const text = e.unset ? null : JSON.stringify(e.value);
    this.sql.exec(
      "INSERT INTO attributes (name, value, ts, unset) VALUES (?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value, ts = excluded.ts, unset = excluded.unset",
      name, text, e.ts, e.unset ? 1 : 0,
    );
    if (this.#attributes) this.#attributes[name] = e.unset ? { value: null, ts: e.ts, unset: true } : { value: JSON.parse(text ?? "null") as JsonValue, ts: e.ts };
  }

  // --- identities -----------------------------------------------------------------------------
  #identityRows(): IdentityRow[] {
    return (this.#identities ??= this.sql
      .exec<{ namespace: string; value: string; authenticated: number; added_at: number }>("SELECT namespace, value, authenticated, added_at FROM identities ORDER BY added_at, namespace, value")
      .toArray()
      .map((r) => ({ namespace: r.namespace, value: r.value, authenticated: !!r.authenticated, addedAt: r.added_at })));
  }
  /** Oldest first; a new list each call. */
  identities(): IdentityRow[] {
    return this.#identityRows().map((i) => ({ ...i }));
  }
  /** Adds or upgrades an identity (ambiguous → authenticated, never the reverse); true if changed. */
  addIdentity(i: IdentityRow): boolean {
    // Most requests present identities the profile has already: nothing to write then.
    const have = this.#identityRows().find((x) => x.namespace === i.namespace && x.value === i.value);
    if (have && (have.authenticated || !i.authenticated)) return false;
    this.#identities = null;
    const cursor = this.sql.exec(
      `INSERT INTO identities (namespace, value, authenticated, added_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(namespace, value) DO UPDATE SET authenticated = max(authenticated, excluded.authenticated)
       WHERE excluded.authenticated > identities.authenticated`,
      i.namespace, i.value, i.authenticated ? 1 : 0, i.addedAt,
    );
    return cursor.rowsWritten > 0;
  }
  /** Keeps at most MAX_IDENTITIES, dropping the oldest first; returns the dropped ones. */
  capIdentities(): IdentityRow[] {
    const all = this.identities();
    const drop = all.slice(0, Math.max(0, all.length - MAX_IDENTITIES));
    for (const d of drop) this.sql.exec("DELETE FROM identities WHERE namespace = ? AND value = ?", d.namespace, d.value);
    if (drop.length) this.#identities = null;
    return drop;
  }
  isKnown(): boolean {
    return this.#identityRows().some((i) => i.authenticated && i.namespace !== "pcid");
  }

  /** The events of one type, oldest first, for rule windows. */
  eventsOfType(type: string): readonly TypedEvent[] {
    let rows = this.#byType.get(type);
    if (!rows) {
      rows = this.sql
        .exec<{ ts: number; data: string }>("SELECT ts, data FROM events WHERE type = ? ORDER BY ts, rowid", type)
        .toArray()
        .map((r) => ({ ts: r.ts, data: JSON.parse(r.data) as JsonObject }));
      this.#byType.set(type, rows);
    }
    return rows;
  }

  // --- audiences ------------------------------------------------------------------------------
  members(): Set<string> {
    return new Set(this.sql.exec<{ audience_id: string }>("SELECT audience_id FROM audiences WHERE member = 1").toArray().map((r) => r.audience_id));
  }
  enter(audienceId: string, at: number) {
    this.sql.exec(
      "INSERT INTO audiences (audience_id, member, entered_at) VALUES (?, 1, ?) ON CONFLICT(audience_id) DO UPDATE SET member = 1, entered_at = excluded.entered_at",
      audienceId, at,
    );
  }
  exit(audienceId: string, at: number) {
    this.sql.exec("UPDATE audiences SET member = 0, exited_at = ? WHERE audience_id = ?", at, audienceId);
  }
  audienceHistory() {
    return this.sql.exec<{ audience_id: string; member: number; entered_at: number | null; exited_at: number | null }>("SELECT * FROM audiences ORDER BY audience_id").toArray()
      .map((r) => ({ audience: r.audience_id, member: !!r.member, enteredAt: r.entered_at, exitedAt: r.exited_at }));
  }

  // --- propositions and counters --------------------------------------------------------------
  /** Issues many propositions in one statement. */
  issueAll(rows: Omit<PropositionRow, "displayedAt" | "clickedAt">[]) {
    if (!rows.length) return;
    this.sql.exec(
      `INSERT OR IGNORE INTO propositions (token, offer_id, placement, issued_at)
       SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]') FROM json_each(?)`,
      JSON.stringify(rows.map((r) => [r.token, r.offerId, r.placement, r.issuedAt])),
    );
  }
  /** Marks a token displayed or clicked once; returns its offer when this was the first time. */
  notify(token: string, kind: "displays" | "clicks", ts: number): { offerId: string; placement: string } | undefined {
    const column = kind === "displays" ? "displayed_at" : "clicked_at";
    const row = this.sql
      .exec<{ offer_id: string; placement: string }>(`UPDATE propositions SET ${column} = ? WHERE token = ? AND ${column} IS NULL RETURNING offer_id, placement`, ts, token)
      .toArray()[0];
    return row && { offerId: row.offer_id, placement: row.placement };
  }

  // --- capping ----------------------------------------------------------------------------------
  /** One counted thing for caps: `decision`, `display`, `click`, or an event type naming the offer. */
  logCap(offerId: string, placement: string, kind: string, ts: number) {
    this.sql.exec("INSERT INTO cap_log (offer_id, placement, kind, ts) VALUES (?, ?, ?, ?)", offerId, placement, kind, ts);
  }
  capCount(offerId: string, kind: string, since: number, placement?: string): number {
    const from = Number.isFinite(since) ? since : 0;
    return placement === undefined
      ? this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM cap_log WHERE offer_id = ? AND kind = ? AND ts >= ?", offerId, kind, from).one().n
      : this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM cap_log WHERE offer_id = ? AND kind = ? AND ts >= ? AND placement = ?", offerId, kind, from, placement).one().n;
  }
  capLog() {
    return this.sql.exec<{ offer_id: string; placement: string; kind: string; ts: number }>("SELECT offer_id, placement, kind, ts FROM cap_log").toArray();
  }
  bump(offerId: string, kind: CounterKind, n = 1) {
    this.sql.exec("INSERT INTO offer_counters (offer_id, kind, n) VALUES (?, ?, ?) ON CONFLICT(offer_id, kind) DO UPDATE SET n = n + excluded.n", offerId, kind, n);
  }
  /** Adds one to a counter of each offer named (an offer named twice counts twice), in one statement. */
  bumpAll(offerIds: string[], kind: CounterKind) {
    if (!offerIds.length) return;
    const n = new Map<string, number>();
    for (const id of offerIds) n.set(id, (n.get(id) ?? 0) + 1);
    this.sql.exec(
      `INSERT INTO offer_counters (offer_id, kind, n) SELECT json_extract(value, '$[0]'), ?, json_extract(value, '$[1]') FROM json_each(?) WHERE 1
       ON CONFLICT(offer_id, kind) DO UPDATE SET n = n + excluded.n`,
      kind, JSON.stringify([...n]),
    );
  }
  counters() {
    return this.sql.exec<{ offer_id: string; kind: CounterKind; n: number }>("SELECT offer_id, kind, n FROM offer_counters").toArray()
      .map((r) => ({ offerId: r.offer_id, kind: r.kind, n: r.n }));
  }

  // --- merging --------------------------------------------------------------------------------
  hasMerged(profileId: string): boolean {
    return this.sql.exec("SELECT 1 FROM merged_from WHERE profile_id = ?", profileId).toArray().length > 0;
  }
  recordMerged(profileId: string, at: number) {
    this.sql.exec("INSERT OR IGNORE INTO merged_from (profile_id, at) VALUES (?, ?)", profileId, at);
  }

  exportState(): MergeState {
    const propositions = this.sql
      .exec<{ token: string; offer_id: string; placement: string; issued_at: number; displayed_at: number | null; clicked_at: number | null }>("SELECT * FROM propositions")
      .toArray()
      .map((r) => ({ token: r.token, offerId: r.offer_id, placement: r.placement, issuedAt: r.issued_at, displayedAt: r.displayed_at, clickedAt: r.clicked_at }));
    return {
      profileId: this.get("profile_id") ?? "",
      meta: this.meta(),
      attributes: this.attributes(),
      identities: this.identities(),
      events: this.recentEvents(MAX_EVENTS),
      counters: this.counters(),
      daily: this.sql.exec<{ type: string; day: number; n: number }>("SELECT type, day, n FROM event_daily").toArray(),
      propositions,
      caps: this.capLog(),
    };
  }

  importPropositions(rows: PropositionRow[]) {
    for (const r of rows) {
      this.sql.exec(
        "INSERT OR IGNORE INTO propositions (token, offer_id, placement, issued_at, displayed_at, clicked_at) VALUES (?, ?, ?, ?, ?, ?)",
        r.token, r.offerId, r.placement, r.issuedAt, r.displayedAt, r.clickedAt,
      );
    }
  }

  /** Drops everything the profile holds except the meta rows named in `keep`. */
  clear(keep: string[]) {
    for (const table of ["events", "propositions", "offer_counters", "attributes", "identities", "event_daily", "merged_from", "audiences", "cap_log", "messages", "journey_instances", "journey_steps", "journey_outbox"]) this.sql.exec(`DELETE FROM ${table}`);
    const placeholders = keep.map(() => "?").join(", ");
    this.sql.exec(`DELETE FROM meta WHERE key NOT IN (${placeholders || "''"})`, ...keep);
    this.discardCaches();
  }

  // --- housekeeping ---------------------------------------------------------------------------
  trim(now: number) {
    const expired = this.sql.exec("DELETE FROM events WHERE ts < ?", now - EVENT_RETENTION_MS).rowsWritten;
    const over = this.sql.exec("DELETE FROM events WHERE rowid IN (SELECT rowid FROM events ORDER BY ts DESC, rowid DESC LIMIT -1 OFFSET ?)", MAX_EVENTS).rowsWritten;
    if (expired || over) this.#byType.clear();
    this.sql.exec("DELETE FROM propositions WHERE issued_at < ?", now - PROPOSITION_TTL_MS);
    this.sql.exec("DELETE FROM event_daily WHERE day < ?", Math.floor((now - 400 * DAY_MS) / DAY_MS));
    // Caps count back at most 400 days (a calendar month or a rolling window is far less); a
    // lifetime cap across placements counts the offer's counters, which are kept for ever.
    this.sql.exec("DELETE FROM cap_log WHERE ts < ?", now - 400 * DAY_MS);
  }
}
