/**
 * ProfileObject: the hot state of one profile, one Durable Object per profile.
 *
 * Responsible for:
 * - the profile's recent events (bounded, idempotent by event id);
 * - deciding offers for the profile against the published snapshot, and remembering every
 *   proposition it issued so display and click notifications count once, and only for
 *   propositions this profile was really shown;
 * - per-offer counters (decisions, displays, clicks) that capping and reports build on.
 *
 * Because one object serialises everything about one person, counts are exact and one RPC
 * (`interact`) covers a whole request.
 */
import { DurableObject } from "cloudflare:workers";
import { loadSnapshot } from "../config/cache";
import { decide } from "../decisioning/decide";
import type { ProfileEvent } from "./events";
import { migrate } from "./storage";
import type { ProfileRpc } from "./stub";

export const MAX_EVENTS = 5000;
const PROPOSITION_TTL_MS = 30 * 24 * 3600 * 1000;

export type PropositionItem = {
  offerId: string;
  format: string;
  content: string;
  link?: string;
  alt?: string;
  trackingToken: string;
};
export type Proposition = { id: string; placement: string; items: PropositionItem[]; fallback: boolean };

export type InteractInput = {
  sandbox: string;
  profileId: string;
  version: number;
  events: ProfileEvent[];
  placements: string[];
  now: number;
};
export type InteractResult = { accepted: ProfileEvent[]; propositions: Proposition[] };

export type OfferCounters = Record<string, { decisions: number; displays: number; clicks: number }>;
export type ProfileView = {
  id: string;
  sandbox: string;
  firstSeen: number;
  lastSeen: number;
  eventCount: number;
  events: ProfileEvent[];
  counters: OfferCounters;
};

const NOTIFICATIONS: Record<string, "displays" | "clicks"> = {
  "proposition.display": "displays",
  "proposition.click": "clicks",
};

function token(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_");
}

export class ProfileObject extends DurableObject<Env> implements ProfileRpc {
  #sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#sql = ctx.storage.sql;
    ctx.blockConcurrencyWhile(async () => migrate(this.#sql));
  }

  /** Records events, counts notifications, and decides the requested placements. */
  async interact(input: InteractInput): Promise<InteractResult> {
    const snapshot = input.placements.length
      ? await loadSnapshot(this.env.CONFIG, input.sandbox, input.version)
      : null;
    // Everything after the snapshot read is synchronous, so it runs as one atomic step.
    return this.ctx.storage.transactionSync(() => {
      this.#touch(input.sandbox, input.profileId, input.now);
      const accepted = this.#record(input.events);
      for (const e of accepted) this.#notify(e);
      const propositions: Proposition[] = [];
      if (snapshot) {
        for (const choice of decide(snapshot, input.placements, input.profileId, input.now)) {
          const items: PropositionItem[] = [];
          if (choice.item) {
            const { offerId, format, content, link, alt } = choice.item;
            const trackingToken = token();
            this.#sql.exec(
              "INSERT INTO propositions (token, offer_id, placement, issued_at) VALUES (?, ?, ?, ?)",
              trackingToken, offerId, choice.placement, input.now,
            );
            this.#bump(offerId, "decisions");
            items.push({ offerId, format, content, ...(link ? { link } : {}), ...(alt ? { alt } : {}), trackingToken });
          }
          propositions.push({ id: crypto.randomUUID(), placement: choice.placement, items, fallback: choice.fallback });
        }
      }
      this.#trim(input.now);
      return { accepted, propositions };
    });
  }

  /** The profile as the console shows it, or null when this object has never seen an event. */
  async describe(recent = 50): Promise<ProfileView | null> {
    const meta = Object.fromEntries(
      this.#sql.exec<{ key: string; value: string }>("SELECT key, value FROM meta").toArray().map((r) => [r.key, r.value]),
    );
    if (!meta.profile_id) return null;
    const events = this.#sql
      .exec<{ id: string; type: string; ts: number; data: string }>(
        "SELECT id, type, ts, data FROM events ORDER BY ts DESC, rowid DESC LIMIT ?", recent,
      )
      .toArray()
      .map((r) => ({ id: r.id, type: r.type, ts: r.ts, data: JSON.parse(r.data) }));
    const counters: OfferCounters = {};
    for (const row of this.#sql.exec<{ offer_id: string; kind: string; n: number }>("SELECT offer_id, kind, n FROM offer_counters")) {
      const c = (counters[row.offer_id] ??= { decisions: 0, displays: 0, clicks: 0 });
      c[row.kind as keyof typeof c] = row.n;
    }
    const eventCount = this.#sql.exec<{ n: number }>("SELECT count(*) AS n FROM events").one().n;
    return {
      id: meta.profile_id,
      sandbox: meta.sandbox,
      firstSeen: Number(meta.first_seen),
      lastSeen: Number(meta.last_seen),
      eventCount,
      events,
      counters,
    };
  }

  #touch(sandbox: string, profileId: string, now: number) {
    const set = "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value";
    const keep = "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)";
    this.#sql.exec(keep, "profile_id", profileId);
    this.#sql.exec(keep, "sandbox", sandbox);
    this.#sql.exec(keep, "first_seen", String(now));
    this.#sql.exec(set, "last_seen", String(now));
  }

  /** Stores events not seen before and returns them; a retried event id is ignored. */
  #record(events: ProfileEvent[]): ProfileEvent[] {
    const accepted: ProfileEvent[] = [];
    for (const e of events) {
      const cursor = this.#sql.exec(
        "INSERT OR IGNORE INTO events (id, type, ts, data) VALUES (?, ?, ?, ?)", e.id, e.type, e.ts, JSON.stringify(e.data),
      );
      if (cursor.rowsWritten > 0) accepted.push(e);
    }
    return accepted;
  }

  /** Counts a display or click once per issued proposition token. */
  #notify(e: ProfileEvent) {
    const kind = NOTIFICATIONS[e.type];
    const tokens = e.data.tokens;
    if (!kind || !Array.isArray(tokens)) return;
    const column = kind === "displays" ? "displayed_at" : "clicked_at";
    for (const t of tokens.slice(0, 30)) {
      if (typeof t !== "string") continue;
      const row = this.#sql
        .exec<{ offer_id: string }>(`UPDATE propositions SET ${column} = ? WHERE token = ? AND ${column} IS NULL RETURNING offer_id`, e.ts, t)
        .toArray()[0];
      if (row) this.#bump(row.offer_id, kind);
    }
  }

  #bump(offerId: string, kind: "decisions" | "displays" | "clicks") {
    this.#sql.exec(
      "INSERT INTO offer_counters (offer_id, kind, n) VALUES (?, ?, 1) ON CONFLICT(offer_id, kind) DO UPDATE SET n = n + 1",
      offerId, kind,
    );
  }

  #trim(now: number) {
    this.#sql.exec(
      "DELETE FROM events WHERE rowid IN (SELECT rowid FROM events ORDER BY ts DESC, rowid DESC LIMIT -1 OFFSET ?)", MAX_EVENTS,
    );
    this.#sql.exec("DELETE FROM propositions WHERE issued_at < ?", now - PROPOSITION_TTL_MS);
  }
}
