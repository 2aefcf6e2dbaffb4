/**
 * Runs audience rules. MongoDB's query semantics (paths into arrays, missing fields, type
 * brackets in comparisons) come from `sift`, which builds plain tester functions and never
 * generates code, so it runs in workerd; this module adds what MongoDB does not have:
 * `$event` (aggregates over the profile's recent events in a time window) and `$audience`
 * (membership of another audience), and MongoDB's own `$type` names.
 *
 * A rule is compiled once (at publish, or when an audience is saved) and then tested against
 * any number of inputs. The same compiled rule serves the three evaluators: streaming in the
 * profile's object, at decision time with the request's context, and in batch over D1; only the
 * way each builds its `RuleInput` differs.
 */
import * as siftModule from "sift";
import type { JsonObject, JsonValue } from "../profiles/events";
import { parseDuration } from "./duration";
import { TYPE_NAMES, type Aggregate, type EventCondition, type Rule } from "./rule";

/** The profile's events of one type, oldest first. */
export interface EventSource {
  ofType(type: string): readonly { ts: number; data: JsonObject }[];
}

export type RuleInput = {
  profile: Record<string, JsonValue>;
  /** Values per namespace: `{ email: ["ada@example.com"] }`. */
  identities: Record<string, string[]>;
  consent: JsonObject;
  context?: JsonObject;
  events: EventSource;
  now: number;
  /** Whether the profile is in another audience (already evaluated). */
  member(audienceId: string): boolean;
  /** The list audiences whose uploaded lists name one of the profile's identities. */
  lists?: ReadonlySet<string>;
};

export type Tester = (input: RuleInput) => boolean;

type Operation = (params: unknown, owner: unknown, options: unknown, name: string) => unknown;
type SiftModule = {
  default: (query: unknown, options?: { operations?: Record<string, Operation> }) => (item: unknown) => boolean;
  createEqualsOperation: (test: (value: unknown) => boolean, owner: unknown, options: unknown) => unknown;
};
// sift ships CommonJS for Node and ES modules for bundlers; both shapes end up here.
const sift: SiftModule = "createEqualsOperation" in siftModule ? (siftModule as unknown as SiftModule) : (siftModule as unknown as { default: SiftModule }).default;

/** What the tester sees: the input's data, with the input itself kept out of reach of paths. */
const INPUT = Symbol("input");
type Document = { profile: unknown; identities: unknown; consent: unknown; context: unknown; [INPUT]: RuleInput };

const documents = new WeakMap<RuleInput, Document>();
/** The document for an input, built once however many rules test it. */
function toDocument(input: RuleInput): Document {
  let doc = documents.get(input);
  if (!doc) documents.set(input, (doc = { profile: input.profile, identities: input.identities, consent: input.consent, context: input.context ?? {}, [INPUT]: input }));
  return doc;
}

/**
 * Aggregates measured per event source and moment: many audiences often ask the same question
 * ("product views in the last day"), which is then worked out once.
 */
const measured = new WeakMap<EventSource, Map<string, { now: number; value: JsonValue | undefined }>>();

/**
 * The test of an aggregate: for numeric aggregates (a count, sum, min or max is a number or
 * nothing) a direct comparison for the common `{ "$gte": 3 }` shapes; sift for anything else,
 * such as a `last` value that may be a list. The answers are the same; the direct one is
 * several times faster, and most audiences with events use it.
 */
function compileIs(is: JsonValue, numeric: boolean): (value: JsonValue | undefined) => boolean {
  const ops = typeof is === "object" && is !== null && !Array.isArray(is) ? Object.entries(is) : [];
  if (numeric && ops.length === 1 && typeof ops[0][1] === "number") {
    const [op, n] = ops[0] as [string, number];
    const num = (v: JsonValue | undefined): v is number => typeof v === "number";
    switch (op) {
      case "$gte": return (v) => num(v) && v >= n;
      case "$gt": return (v) => num(v) && v > n;
      case "$lte": return (v) => num(v) && v <= n;
      case "$lt": return (v) => num(v) && v < n;
      case "$eq": return (v) => num(v) && v === n;
    }
  }
  const test = sift.default({ v: is }, { operations });
  return (value) => test(value === undefined ? {} : { v: value });
}

function typeMatches(value: unknown, wanted: string): boolean {
  switch (wanted) {
    case "number": return typeof value === "number";
    case "int": return Number.isInteger(value);
    case "string": return typeof value === "string";
    case "bool": return typeof value === "boolean";
    case "null": return value === null;
    case "array": return Array.isArray(value);
    case "object": return typeof value === "object" && value !== null && !Array.isArray(value);
    default: return false;
  }
}

const getPath = (data: unknown, path: string): unknown => {
  let at = data;
  for (const part of path.split(".")) {
    if (typeof at !== "object" || at === null) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
};

/** The aggregate of the matching events' field (count needs no field). */
function aggregate(kind: Aggregate, events: { ts: number; data: JsonObject }[], field: string | undefined): JsonValue | undefined {
  if (kind === "count") return events.length;
  const values = events.map((e) => getPath(e.data, field!)).filter((v) => v !== undefined) as JsonValue[];
  if (kind === "first") return values[0];
  if (kind === "last") return values[values.length - 1];
  const numbers = values.filter((v): v is number => typeof v === "number");
  if (kind === "sum") return numbers.reduce((a, b) => a + b, 0);
  if (!numbers.length) return undefined;
  return kind === "min" ? Math.min(...numbers) : Math.max(...numbers);
}

/** The window `[from, to]` an `$event` condition looks at, in epoch ms. */
export function windowOf(c: EventCondition, now: number): { from: number; to: number } {
  if (c.within) return { from: now - parseDuration(c.within)!, to: now };
  if (c.between) return { from: now - parseDuration(c.between[0])!, to: now - parseDuration(c.between[1])! };
  return { from: -Infinity, to: now };
}

/** An `$event` condition compiled: the aggregate it measures, and whether that passes `is`. */
export function compileEvent(c: EventCondition): (input: RuleInput) => { value: JsonValue | undefined; match: boolean } {
  const where = c.where ? compile(c.where, false) : null;
  const kind = c.aggregate ?? "count";
  const is = compileIs(c.is ?? (kind === "count" ? { $gte: 1 } : { $exists: true }), kind !== "first" && kind !== "last");
  const key = JSON.stringify([c.type, c.where ?? null, c.within ?? null, c.between ?? null, kind, c.field ?? null]);
  return (input) => {
    const cache = measured.get(input.events) ?? measured.set(input.events, new Map()).get(input.events)!;
    const hit = cache.get(key);
    let value: JsonValue | undefined;
    if (hit && hit.now === input.now) value = hit.value;
    else {
      const { from, to } = windowOf(c, input.now);
      const matching = input.events.ofType(c.type).filter((e) => e.ts >= from && e.ts <= to && (!where || where(e.data)));
      value = aggregate(kind, matching, c.field);
      cache.set(key, { now: input.now, value });
    }
    return { value, match: is(value) };
  };
}

const operations: Record<string, Operation> = {
  $type: (params, owner, options) => {
    const wanted = (Array.isArray(params) ? params : [params]).map((p) => TYPE_NAMES[String(p)]);
    return sift.createEqualsOperation((value) => wanted.some((w) => typeMatches(value, w)), owner, options);
  },
  $event: (params, owner, options) => {
    const test = compileEvent(params as EventCondition);
    return sift.createEqualsOperation((doc) => !!doc && typeof doc === "object" && INPUT in doc && test((doc as Document)[INPUT]).match, owner, options);
  },
  $audience: (params, owner, options) =>
    sift.createEqualsOperation((doc) => !!doc && typeof doc === "object" && INPUT in doc && (doc as Document)[INPUT].member(String(params)), owner, options),
};

function compile(query: JsonObject, atRoot: true): Tester;
function compile(query: JsonObject, atRoot: false): (data: unknown) => boolean;
function compile(query: JsonObject, atRoot: boolean) {
  const test = sift.default(query, { operations });
  return atRoot ? (input: RuleInput) => test(toDocument(input)) : test;
}

/** Compiles a payload condition that `validatePayload` accepted. */
export const compilePayload = (where: JsonObject): ((data: unknown) => boolean) => compile(where, false);

/** Compiles a rule that `validateRule` accepted. */
export const compileRule = (rule: Rule): Tester => compile(rule, true);

/** An `EventSource` over a list of events (tests, the evaluate endpoint, batch). */
export function eventList(events: readonly { type: string; ts: number; data: JsonObject }[]): EventSource {
  const byType = new Map<string, { ts: number; data: JsonObject }[]>();
  for (const e of [...events].sort((a, b) => a.ts - b.ts)) (byType.get(e.type) ?? byType.set(e.type, []).get(e.type)!).push({ ts: e.ts, data: e.data });
  return { ofType: (type) => byType.get(type) ?? [] };
}
