/**
 * The batch evaluator: audiences over profiles as D1 keeps them (the profile index, the graph,
 * unproven identities and the events dataset), for counts, exports and scheduled runs. Rows are
 * turned into the same `RuleInput` the profile's object builds, under the same bounds (events
 * of the last 90 days, at most the newest 5,000 per profile), and run through the same
 * streaming evaluation, so the two agree on who is in.
 */
import { EVENT_RETENTION_MS, MAX_EVENTS, type JsonObject, type JsonValue } from "../profiles/events";
import { eventList, type RuleInput } from "./evaluate";
import { reevaluate, type CompiledAudience } from "./membership";

/** One profile as D1 rows: JSON columns still as text. */
export type ProfileRows = {
  id: string;
  attributes: string;
  consent: string;
  identities: { namespace: string; value: string }[];
  events: { type: string; ts: number; data: string }[];
  /** List audiences naming one of its identities. */
  lists?: string[];
};

export function inputFromRows(rows: ProfileRows, now: number): Omit<RuleInput, "member"> {
  const identities: Record<string, string[]> = {};
  for (const i of rows.identities) {
    const list = (identities[i.namespace] ??= []);
    if (!list.includes(i.value)) list.push(i.value);
  }
  const kept = rows.events
    .filter((e) => e.ts >= now - EVENT_RETENTION_MS)
    .sort((a, b) => b.ts - a.ts)
    .slice(0, MAX_EVENTS)
    .map((e) => ({ type: e.type, ts: e.ts, data: JSON.parse(e.data) as JsonObject }));
  return {
    profile: JSON.parse(rows.attributes) as Record<string, JsonValue>,
    identities,
    consent: JSON.parse(rows.consent) as JsonObject,
    events: eventList(kept),
    now,
    lists: new Set(rows.lists ?? []),
  };
}

/** The audiences each profile of a page is in (audiences that need a request's context are left out). */
export function membersOf(audiences: readonly CompiledAudience[], page: readonly ProfileRows[], now: number): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const rows of page) out.set(rows.id, reevaluate(audiences, new Set(), inputFromRows(rows, now), null).current);
  return out;
}
