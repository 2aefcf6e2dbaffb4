// Reads the profile lookup answer into the tables the page shows. docs/api.md only says "with
// recent events and offer counters", so this accepts the plausible spellings (arrays or maps,
// `ts` or `timestamp`) instead of going blank when the edge picks another one.

export type Identity = { ns: string; value: string };
export type ProfileEvent = { id: string; type: string; at: number | string | null; data: unknown };
export type OfferCounter = { offerId: string; decisions: number; displays: number; clicks: number };

export type ProfileView = {
  id: string | null;
  firstSeen: number | string | null;
  lastSeen: number | string | null;
  eventCount: number | null;
  identities: Identity[];
  events: ProfileEvent[];
  counters: OfferCounter[];
};

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" ? v : typeof v === "number" ? String(v) : null);
const num = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);
const time = (v: unknown): number | string | null => (typeof v === "number" || typeof v === "string" ? v : null);
const pick = (o: Obj, ...keys: string[]): unknown => keys.map((k) => o[k]).find((v) => v !== undefined);

function identities(raw: unknown): Identity[] {
  if (Array.isArray(raw)) {
    return raw.filter(isObj).flatMap((i) => {
      const ns = str(pick(i, "ns", "namespace"));
      const value = str(pick(i, "value", "id"));
      return ns && value ? [{ ns, value }] : [];
    });
  }
  if (isObj(raw)) {
    // { pcid: "abc" } or { pcid: ["abc", "def"] }
    return Object.entries(raw).flatMap(([ns, v]) =>
      (Array.isArray(v) ? v : [v]).flatMap((x) => (str(x) ? [{ ns, value: str(x)! }] : [])),
    );
  }
  return [];
}

function events(raw: unknown): ProfileEvent[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isObj).map((e, i) => ({
    id: str(e.id) ?? String(i),
    type: str(e.type) ?? "?",
    at: time(pick(e, "ts", "timestamp", "at", "receivedAt")),
    data: e.data ?? null,
  }));
}

function counters(raw: unknown): OfferCounter[] {
  const row = (offerId: string, c: Obj): OfferCounter => ({
    offerId,
    decisions: num(pick(c, "decisions", "decided")),
    displays: num(pick(c, "displays", "displayed")),
    clicks: num(pick(c, "clicks", "clicked")),
  });
  if (Array.isArray(raw)) return raw.filter(isObj).map((c) => row(str(pick(c, "offerId", "offer", "id")) ?? "?", c));
  if (isObj(raw)) return Object.entries(raw).flatMap(([offerId, c]) => (isObj(c) ? [row(offerId, c)] : []));
  return [];
}

export function toProfileView(raw: unknown): ProfileView {
  const p = isObj(raw) ? raw : {};
  const count = pick(p, "eventCount", "events_count");
  return {
    id: str(pick(p, "id", "profileId")),
    firstSeen: time(p.firstSeen),
    lastSeen: time(p.lastSeen),
    eventCount: typeof count === "number" ? count : null,
    identities: identities(pick(p, "identities", "identityMap", "ids")),
    events: events(pick(p, "events", "recentEvents")),
    counters: counters(pick(p, "offers", "counters", "offerCounters")),
  };
}
