// Reads a looked-up profile into what the detail view shows. The answer is typed at the API
// boundary, but much of it is whatever visitors sent (event payloads, attributes, consent), and an
// older edge may leave fields out: a missing or odd field shows as empty, never as a blank page.

export type Identity = { ns: string; value: string; authenticated: boolean };
export type ProfileEvent = { id: string; type: string; at: number | null; data: unknown };
export type OfferCounter = { offerId: string; decisions: number; displays: number; clicks: number };
export type Membership = { audience: string; member: boolean; enteredAt: number | null; exitedAt: number | null };

export type ProfileView = {
  id: string | null;
  known: boolean;
  firstSeen: number | null;
  lastSeen: number | null;
  eventCount: number | null;
  identities: Identity[];
  /** Sorted by name, values as sent. */
  attributes: [string, unknown][];
  consent: [string, unknown][];
  mergedFrom: string[];
  /** Newest first. */
  events: ProfileEvent[];
  /** Most decided first. */
  counters: OfferCounter[];
  /** Audiences it is in first, then those it left; by name within each. */
  audiences: Membership[];
};

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const count = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) && v > 0 ? v : 0);

/** The most a Date can hold either side of 1970; beyond it formatting a time throws. */
const MAX_DATE_MS = 8.64e15;

/** Epoch milliseconds from a number or ISO text; null when it is neither, or no date could hold it. */
export function toMillis(v: unknown): number | null {
  const ms = typeof v === "number" ? v : typeof v === "string" && v !== "" ? Date.parse(v) : Number.NaN;
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS ? ms : null;
}

function identities(raw: unknown): Identity[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isObj).flatMap((i) => {
    const ns = str(i.namespace);
    const value = str(i.value);
    return ns && value ? [{ ns, value, authenticated: i.authenticated === true }] : [];
  });
}

const entries = (raw: unknown): [string, unknown][] =>
  isObj(raw) ? Object.entries(raw).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : [];

function events(raw: unknown): ProfileEvent[] {
  if (!Array.isArray(raw)) return [];
  const list = raw.filter(isObj).map((e, i) => ({
    id: str(e.id) ?? `#${i}`,
    type: str(e.type) ?? "(no type)",
    at: toMillis(e.ts),
    data: e.data ?? null,
  }));
  // The edge sends newest first already; sorting again keeps that true for any sender. Events
  // without a time go last, and equal times keep the order they came in (Array#sort is stable).
  const time = (e: ProfileEvent) => e.at ?? Number.NEGATIVE_INFINITY;
  return list.sort((a, b) => (a.at === b.at ? 0 : time(b) - time(a)));
}

function counters(raw: unknown): OfferCounter[] {
  if (!isObj(raw)) return [];
  return Object.entries(raw)
    .filter((entry): entry is [string, Obj] => isObj(entry[1]))
    .map(([offerId, c]) => ({ offerId, decisions: count(c.decisions), displays: count(c.displays), clicks: count(c.clicks) }))
    .sort((a, b) => b.decisions - a.decisions || a.offerId.localeCompare(b.offerId));
}

function memberships(raw: unknown): Membership[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter(isObj)
    .flatMap((m) => {
      const audience = str(m.audience);
      return audience ? [{ audience, member: m.member === true, enteredAt: toMillis(m.enteredAt), exitedAt: toMillis(m.exitedAt) }] : [];
    })
    .sort((a, b) => Number(b.member) - Number(a.member) || a.audience.localeCompare(b.audience));
}

export function toProfileView(raw: unknown): ProfileView {
  const p = isObj(raw) ? raw : {};
  return {
    id: str(p.id),
    known: p.known === true,
    firstSeen: toMillis(p.firstSeen),
    lastSeen: toMillis(p.lastSeen),
    eventCount: typeof p.eventCount === "number" ? p.eventCount : null,
    identities: identities(p.identities),
    attributes: entries(p.attributes),
    consent: entries(p.consent),
    mergedFrom: Array.isArray(p.mergedFrom) ? p.mergedFrom.filter((m): m is string => typeof m === "string") : [],
    events: events(p.events),
    counters: counters(p.counters),
    audiences: memberships(p.audiences),
  };
}

/** Which built-in namespaces say most about who someone is (the edge's merge ranking). */
const RANK: Record<string, number> = { crmId: 0, email: 1, phone: 2, pcid: 9 };

/**
 * The identity to name a profile by and to open it with: authenticated before ambiguous, then
 * person-level namespaces before custom ones before the device id.
 */
export function preferredIdentity<T extends { namespace: string; authenticated: boolean }>(list: readonly T[]): T | null {
  const rank = (i: T) => (i.authenticated ? 0 : 100) + (RANK[i.namespace] ?? 5);
  return [...list].sort((a, b) => rank(a) - rank(b))[0] ?? null;
}

/** A value a visitor sent, as one line of text: strings as they are, anything else as JSON. */
export function formatValue(value: unknown, max = 120): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** True when a payload has something worth unfolding (not null, not `{}` or `[]`). */
export function hasContent(data: unknown): boolean {
  if (data === null || data === undefined) return false;
  if (Array.isArray(data)) return data.length > 0;
  if (isObj(data)) return Object.keys(data).length > 0;
  return true;
}
