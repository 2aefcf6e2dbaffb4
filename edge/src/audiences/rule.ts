/**
 * The audience rule language: JSON condition documents with MongoDB query semantics over a
 * profile, plus `$event` (aggregates of the profile's recent events) and `$audience` (membership
 * of another audience). This module names the parts; validate.ts checks a document, evaluate.ts
 * runs it.
 */
import type { JsonObject, JsonValue } from "../profiles/events";

export type Rule = JsonObject;

/** Where a path may start: what an evaluated document holds. */
export const ROOTS = ["profile", "identities", "consent", "context"] as const;
export type Root = (typeof ROOTS)[number];

export const LOGICAL = ["$and", "$or", "$nor"] as const;
export const FIELD_OPERATORS = ["$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$exists", "$type", "$regex", "$options", "$elemMatch", "$size", "$all", "$not"] as const;
export const AGGREGATES = ["count", "sum", "min", "max", "first", "last"] as const;
export type Aggregate = (typeof AGGREGATES)[number];

/** `$type` names, as MongoDB spells them, and its numeric codes. */
export const TYPE_NAMES: Record<string, string> = {
  double: "number", int: "int", long: "int", decimal: "number", number: "number",
  string: "string", object: "object", array: "array", bool: "bool", null: "null",
  "1": "number", "2": "string", "3": "object", "4": "array", "8": "bool", "10": "null", "16": "int", "18": "int", "19": "number",
};

/**
 * `{ "$event": { type, where?, within? | between?, aggregate?, field?, is? } }`: the `aggregate`
 * (default `count`) of the events of `type` whose payload matches `where`, inside the window,
 * compared with `is` (default `{ "$gte": 1 }` for a count, `{ "$exists": true }` otherwise).
 */
export type EventCondition = {
  type: string;
  where?: JsonObject;
  within?: string;
  between?: [string, string];
  aggregate?: Aggregate;
  field?: string;
  is?: JsonValue;
};

export const MAX_DEPTH = 30;
export const MAX_RULE_BYTES = 15 * 1024;
