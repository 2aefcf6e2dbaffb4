/**
 * Checks a rule when it is saved, so the edge only ever runs rules it can run quickly: every
 * operator known, every path rooted in what a profile has, regexes that cannot backtrack without
 * bound, windows the profile keeps events for, at most 30 levels deep and 15 KB. Each problem is
 * reported with the path to it (`rule.$and.1.profile.email.$regex`).
 */
import type { ErrorDetail } from "../http/errors";
import type { JsonValue } from "../profiles/events";
import { checkPattern } from "../schemas/regex-guard";
import { MAX_WINDOW_MS, parseDuration } from "./duration";
import { AGGREGATES, FIELD_OPERATORS, LOGICAL, MAX_DEPTH, MAX_RULE_BYTES, ROOTS, TYPE_NAMES } from "./rule";

type Mode = "rule" | "payload";

const isObject = (v: unknown): v is Record<string, JsonValue> => typeof v === "object" && v !== null && !Array.isArray(v);
const isOperatorDoc = (v: unknown): v is Record<string, JsonValue> => isObject(v) && Object.keys(v).some((k) => k.startsWith("$"));
const AUDIENCE_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** The deepest nesting of objects and arrays, counting the document itself as 1. */
function depthOf(value: unknown): number {
  if (typeof value !== "object" || value === null) return 0;
  let deepest = 0;
  for (const child of Object.values(value)) deepest = Math.max(deepest, depthOf(child));
  return deepest + 1;
}

export function validateRule(rule: unknown, prefix = "rule"): ErrorDetail[] {
  if (!isObject(rule)) return [{ path: prefix, message: "A rule is a JSON object, such as { \"profile.tier\": \"gold\" }" }];
  const bytes = new TextEncoder().encode(JSON.stringify(rule)).length;
  if (bytes > MAX_RULE_BYTES) return [{ path: prefix, message: `The rule is ${bytes} bytes; keep it to ${MAX_RULE_BYTES} bytes` }];
  if (depthOf(rule) > MAX_DEPTH) return [{ path: prefix, message: `The rule nests more than ${MAX_DEPTH} levels deep` }];
  const errors: ErrorDetail[] = [];
  checkDocument(rule, prefix, "rule", errors);
  return errors;
}

/** Checks a condition on one event's payload (`{ "total": { "$gte": 50 } }`), as journeys use them. */
export function validatePayload(where: unknown, prefix: string): ErrorDetail[] {
  if (!isObject(where)) return [{ path: prefix, message: "A condition on the event's payload is a JSON object, such as { \"total\": { \"$gte\": 50 } }" }];
  if (depthOf(where) > MAX_DEPTH) return [{ path: prefix, message: `The condition nests more than ${MAX_DEPTH} levels deep` }];
  const errors: ErrorDetail[] = [];
  checkDocument(where, prefix, "payload", errors);
  return errors;
}

/** A query document: logical operators, `$event`/`$audience` (rule level only) and field conditions. */
function checkDocument(doc: Record<string, JsonValue>, path: string, mode: Mode, errors: ErrorDetail[]) {
  for (const [key, value] of Object.entries(doc)) {
    const at = `${path}.${key}`;
    if ((LOGICAL as readonly string[]).includes(key)) {
      if (!Array.isArray(value) || value.length === 0) {
        errors.push({ path: at, message: `${key} takes a non-empty list of conditions` });
        continue;
      }
      value.forEach((child, i) => {
        if (isObject(child)) checkDocument(child, `${at}.${i}`, mode, errors);
        else errors.push({ path: `${at}.${i}`, message: "Each condition is an object" });
      });
    } else if (key === "$event" || key === "$audience") {
      if (mode !== "rule") errors.push({ path: at, message: `${key} can only be used in the rule itself, not inside an event's payload condition` });
      else if (key === "$event") checkEvent(value, at, errors);
      else if (typeof value !== "string" || !AUDIENCE_ID.test(value)) errors.push({ path: at, message: "Name the audience by its id" });
    } else if (key.startsWith("$")) {
      errors.push({ path: at, message: `Unknown operator ${key} here; use $and, $or, $nor, $event, $audience or a field path` });
    } else {
      if (mode === "rule" && !(ROOTS as readonly string[]).includes(key.split(".")[0])) {
        errors.push({ path: at, message: `Paths start with ${ROOTS.map((r) => `${r}.`).join(", ")} (for example profile.${key})` });
        continue;
      }
      checkCondition(value, at, errors);
    }
  }
}

/** What a field is compared with: a value (equality) or an object of operators. */
function checkCondition(value: JsonValue, path: string, errors: ErrorDetail[]) {
  if (!isOperatorDoc(value)) return;
  const keys = Object.keys(value);
  if (keys.some((k) => !k.startsWith("$"))) {
    errors.push({ path, message: "Do not mix operators ($…) and field names in one condition" });
    return;
  }
  if ("$options" in value && !("$regex" in value)) errors.push({ path: `${path}.$options`, message: "$options goes with $regex" });
  for (const [op, arg] of Object.entries(value)) {
    const at = `${path}.${op}`;
    switch (op) {
      case "$in": case "$nin": case "$all":
        if (!Array.isArray(arg)) errors.push({ path: at, message: `${op} takes a list of values` });
        break;
      case "$size":
        if (!Number.isInteger(arg) || (arg as number) < 0) errors.push({ path: at, message: "$size takes a whole number, 0 or more" });
        break;
      case "$exists":
        if (typeof arg !== "boolean") errors.push({ path: at, message: "$exists takes true or false" });
        break;
      case "$type": {
        const names = Array.isArray(arg) ? arg : [arg];
        if (!names.length || names.some((n) => (typeof n !== "string" && typeof n !== "number") || !(String(n) in TYPE_NAMES))) {
          errors.push({ path: at, message: `$type takes one of ${Object.keys(TYPE_NAMES).filter((n) => Number.isNaN(Number(n))).join(", ")} (or MongoDB's type numbers)` });
        }
        break;
      }
      case "$regex": {
        const why = typeof arg === "string" ? checkPattern(arg) : "$regex takes the pattern as a string";
        if (why) errors.push({ path: at, message: why });
        break;
      }
      case "$options":
        if (typeof arg !== "string" || !/^[ims]*$/.test(arg)) errors.push({ path: at, message: "$options takes any of the flags i, m and s" });
        break;
      case "$elemMatch":
        if (!isObject(arg)) errors.push({ path: at, message: "$elemMatch takes a condition object" });
        else if (isOperatorDoc(arg) && Object.keys(arg).every((k) => k.startsWith("$") && !(LOGICAL as readonly string[]).includes(k))) checkCondition(arg, at, errors);
        else checkDocument(arg, at, "payload", errors);
        break;
      case "$not":
        if (!isOperatorDoc(arg)) errors.push({ path: at, message: "$not takes an object of operators, such as { \"$gt\": 5 }" });
        else checkCondition(arg, at, errors);
        break;
      default:
        if (!(FIELD_OPERATORS as readonly string[]).includes(op)) errors.push({ path: at, message: `Unknown operator ${op}` });
    }
  }
}

function checkEvent(value: JsonValue, path: string, errors: ErrorDetail[]) {
  if (!isObject(value)) {
    errors.push({ path, message: "$event takes an object such as { \"type\": \"product.view\", \"within\": \"1d\", \"is\": { \"$gte\": 3 } }" });
    return;
  }
  const known = ["type", "where", "within", "between", "aggregate", "field", "is"];
  for (const key of Object.keys(value)) if (!known.includes(key)) errors.push({ path: `${path}.${key}`, message: `Unknown key; $event takes ${known.join(", ")}` });
  if (typeof value.type !== "string" || !value.type || value.type.length > 64) errors.push({ path: `${path}.type`, message: "Name the event type" });
  if (value.where !== undefined) {
    if (!isObject(value.where)) errors.push({ path: `${path}.where`, message: "where is a condition on the event's payload" });
    else checkDocument(value.where, `${path}.where`, "payload", errors);
  }
  if (value.within !== undefined && value.between !== undefined) errors.push({ path: `${path}.between`, message: "Give within or between, not both" });
  if (value.within !== undefined) checkWindow(value.within, `${path}.within`, errors);
  if (value.between !== undefined) {
    const b = value.between;
    if (!Array.isArray(b) || b.length !== 2) errors.push({ path: `${path}.between`, message: "between takes two durations ago, such as [\"14d\", \"7d\"]" });
    else {
      b.forEach((d, i) => checkWindow(d, `${path}.between.${i}`, errors));
      const [from, to] = b.map(parseDuration);
      if (from !== null && to !== null && from <= to) errors.push({ path: `${path}.between`, message: "The first duration reaches further back than the second: [\"14d\", \"7d\"]" });
    }
  }
  const aggregate = value.aggregate ?? "count";
  if (!(AGGREGATES as readonly string[]).includes(aggregate as string)) errors.push({ path: `${path}.aggregate`, message: `aggregate is one of ${AGGREGATES.join(", ")}` });
  if (aggregate !== "count" && (typeof value.field !== "string" || !value.field)) errors.push({ path: `${path}.field`, message: `Name the payload field to ${aggregate}` });
  if (aggregate === "count" && value.field !== undefined) errors.push({ path: `${path}.field`, message: "A count takes no field" });
  if (value.is !== undefined) checkCondition(value.is, `${path}.is`, errors);
}

function checkWindow(value: JsonValue, path: string, errors: ErrorDetail[]) {
  const ms = parseDuration(value);
  if (ms === null) errors.push({ path, message: "A duration such as 30m, 12h, 7d or 2w" });
  else if (ms > MAX_WINDOW_MS) errors.push({ path, message: "Windows reach back 90 days at most (profiles keep 90 days of events)" });
}
