/**
 * What a rule reads: the attributes, event types and other audiences it depends on, and whether
 * it looks at identities, consent or the request's context. The profile's object uses this to
 * re-evaluate only the audiences an event can change; saving uses it to refuse cycles.
 */
import type { JsonValue } from "../profiles/events";
import { parseDuration } from "./duration";
import type { EventCondition, Rule } from "./rule";

export type Reads = {
  /** Top-level attribute names; `*` when the rule looks at `profile` as a whole. */
  attributes: Set<string>;
  eventTypes: Set<string>;
  audiences: Set<string>;
  identities: boolean;
  consent: boolean;
  /** Needs a request: only the edge, at decision time, can tell. */
  context: boolean;
  /** Has a time window, so membership can change with time alone. */
  windowed: boolean;
  /** The `$event` conditions, for working out when a window next moves. */
  events: EventCondition[];
  /** A list audience: membership comes from an uploaded list of identities. */
  list: boolean;
};

const isObject = (v: unknown): v is Record<string, JsonValue> => typeof v === "object" && v !== null && !Array.isArray(v);

export function readsOf(rule: Rule): Reads {
  const reads: Reads = { attributes: new Set(), eventTypes: new Set(), audiences: new Set(), identities: false, consent: false, context: false, windowed: false, events: [], list: false };
  const walk = (doc: Record<string, JsonValue>) => {
    for (const [key, value] of Object.entries(doc)) {
      if (key === "$and" || key === "$or" || key === "$nor") {
        if (Array.isArray(value)) for (const child of value) if (isObject(child)) walk(child);
      } else if (key === "$event" && isObject(value)) {
        const c = value as unknown as EventCondition;
        reads.eventTypes.add(c.type);
        reads.events.push(c);
        if (c.within || c.between) reads.windowed = true;
      } else if (key === "$audience") {
        reads.audiences.add(String(value));
      } else if (!key.startsWith("$")) {
        const [root, name] = key.split(".");
        if (root === "profile") reads.attributes.add(name ?? "*");
        else if (root === "identities") reads.identities = true;
        else if (root === "consent") reads.consent = true;
        else if (root === "context") reads.context = true;
      }
    }
  };
  walk(rule);
  return reads;
}

/**
 * The next moment, after `now`, at which one of the rule's windows gains or loses one of the
 * given events: when membership may change with no new event. Null when none will.
 */
export function nextBoundary(events: EventCondition[], eventsOf: (type: string) => readonly { ts: number }[], now: number, seen?: Map<string, number>): number | null {
  let next = Infinity;
  for (const c of events) {
    // Several audiences often share a window: work each one out once per call site.
    const key = `${c.type}|${c.within ?? ""}|${c.between?.join(",") ?? ""}`;
    const known = seen?.get(key);
    if (known !== undefined) {
      if (known < next) next = known;
      continue;
    }
    let own = Infinity;
    const spans = c.within ? [0, parseDuration(c.within)!] : c.between ? [parseDuration(c.between[1])!, parseDuration(c.between[0])!] : null;
    if (spans) {
      for (const e of eventsOf(c.type)) {
        // An event enters a window `spans[0]` after it happened and leaves it just after `spans[1]`.
        const enters = e.ts + spans[0];
        const leaves = e.ts + spans[1] + 1;
        if (enters > now && enters < own) own = enters;
        if (leaves > now && leaves < own) own = leaves;
      }
    }
    seen?.set(key, own);
    if (own < next) next = own;
  }
  return Number.isFinite(next) ? next : null;
}

/**
 * Orders audiences so that each comes after those it references, or names a cycle. Unknown
 * references are reported too: an audience may only use audiences that exist.
 */
export function orderByReferences(audiences: { id: string; reads: Set<string> }[]): { order: string[] } | { cycle: string[] } | { unknown: { id: string; ref: string } } {
  const byId = new Map(audiences.map((a) => [a.id, a.reads]));
  for (const a of audiences) for (const ref of a.reads) if (!byId.has(ref)) return { unknown: { id: a.id, ref } };
  const order: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (id: string): string[] | null => {
    if (state.get(id) === "done") return null;
    if (state.get(id) === "visiting") return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, "visiting");
    stack.push(id);
    for (const ref of [...byId.get(id)!].sort()) {
      const cycle = visit(ref);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(id, "done");
    order.push(id);
    return null;
  };
  for (const a of [...audiences].sort((x, y) => x.id.localeCompare(y.id))) {
    const cycle = visit(a.id);
    if (cycle) return { cycle };
  }
  return { order };
}
