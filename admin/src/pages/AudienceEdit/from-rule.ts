// Reads rule JSON into the builder's tree, when the builder can show it without losing anything;
// otherwise says what it cannot show, so the console keeps the JSON editor for that rule. Forms
// that mean the same are accepted and written back in the builder's way: `{ "$eq": 3 }` as `3`,
// fields side by side as `$and`, `"aggregate": "count"` left out.
import type { Rule } from "../../lib/types";
import {
  type AttributeCondition, type AttributeOperator, type Comparison, type EventCondition, type Group, type GroupOp,
  MEASURES, type Measure, newAttribute, newAudience, newEvent, newGroup, ROOTS, type Root, type RuleNode, type TypedValue,
} from "./rule-tree";

export type Read = { ok: true; tree: Group } | { ok: false; reason: string };

class Unsupported extends Error {}
const unsupported = (at: string, what: string): never => {
  throw new Unsupported(at ? `${what} (at ${at})` : what);
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const join = (at: string, key: string | number) => (at ? `${at}.${key}` : String(key));

const COMPARISON_KEYS: Record<string, Exclude<Comparison, "any">> = { $eq: "eq", $ne: "ne", $gt: "gt", $gte: "gte", $lt: "lt", $lte: "lte" };

/** A scalar as the builder types it. */
function scalar(value: unknown, at: string): TypedValue {
  if (typeof value === "string") return { type: "text", text: value };
  if (typeof value === "number") return { type: "number", text: String(value) };
  if (typeof value === "boolean") return { type: "boolean", text: String(value) };
  return unsupported(at, value === null ? "A null value" : "An object or list value here");
}

/** A list of all text or all numbers, written comma-separated; only when that reads back the same. */
function list(value: unknown, at: string): TypedValue {
  if (!Array.isArray(value) || !value.length) return unsupported(at, "An empty list or a value that is not a list");
  if (value.every((v) => typeof v === "number")) return { type: "numbers", text: value.join(", ") };
  if (value.every((v) => typeof v === "string" && v !== "" && v === v.trim() && !v.includes(","))) return { type: "list", text: value.join(", ") };
  return unsupported(at, "A list mixing types, or with values holding commas or spaces at their ends");
}

const valueOrList = (value: unknown, at: string) => (Array.isArray(value) ? list(value, at) : scalar(value, at));

/** One field's condition: a value, or operators (several operators make several conditions). */
function fieldConditions(root: Root, path: string, value: unknown, at: string): AttributeCondition[] {
  const make = (operator: AttributeOperator, typed: TypedValue = { type: "text", text: "" }, ignoreCase = false) =>
    newAttribute({ root, path, operator, value: typed, ignoreCase });
  if (!isObject(value)) return [make("eq", valueOrList(value, at))];
  const keys = Object.keys(value);
  if (!keys.length || keys.some((k) => !k.startsWith("$"))) return unsupported(at, "A value that is an object");
  const out: AttributeCondition[] = [];
  if ("$regex" in value) {
    const options = value.$options;
    if (typeof value.$regex !== "string") unsupported(join(at, "$regex"), "A pattern that is not text");
    if (options !== undefined && options !== "i") unsupported(join(at, "$options"), `The pattern options "${String(options)}" (the builder offers only "ignore case")`);
    out.push(make("regex", { type: "text", text: value.$regex as string }, options === "i"));
  }
  for (const [op, arg] of Object.entries(value)) {
    const opAt = join(at, op);
    if (op === "$regex" || op === "$options") continue;
    if (op === "$eq") out.push(make("eq", valueOrList(arg, opAt)));
    else if (op in COMPARISON_KEYS) out.push(make(COMPARISON_KEYS[op], scalar(arg, opAt)));
    else if (op === "$in" || op === "$nin") out.push(make(op === "$in" ? "in" : "nin", list(arg, opAt)));
    else if (op === "$exists" && typeof arg === "boolean") out.push(make(arg ? "exists" : "absent"));
    else unsupported(opAt, `The operator ${op}`);
  }
  return out;
}

function eventCondition(value: unknown, at: string): EventCondition {
  if (!isObject(value)) return unsupported(at, "An $event that is not an object");
  for (const k of Object.keys(value)) {
    if (k === "between") unsupported(join(at, k), 'A window "between" two moments');
    else if (!["type", "within", "where", "aggregate", "field", "is"].includes(k)) unsupported(join(at, k), `The $event key "${k}"`);
  }
  const { type, within, where, aggregate = "count", field, is } = value;
  if (typeof type !== "string") unsupported(join(at, "type"), "An event type that is not text");
  if (within !== undefined && typeof within !== "string") unsupported(join(at, "within"), "A window that is not text");
  if (where !== undefined && !isObject(where)) unsupported(join(at, "where"), "A payload condition that is not an object");
  if (!(MEASURES as readonly unknown[]).includes(aggregate)) unsupported(join(at, "aggregate"), `The aggregate "${String(aggregate)}"`);
  const measure = aggregate as Measure;
  if (measure === "count" ? field !== undefined : typeof field !== "string") unsupported(join(at, "field"), measure === "count" ? "A count with a field" : "An aggregate without a field");
  let comparison: Comparison = "any";
  let typed: TypedValue = { type: "number", text: "" };
  if (is !== undefined) {
    const isAt = join(at, "is");
    if (!isObject(is)) [comparison, typed] = ["eq", scalar(is, isAt)];
    else if (measure !== "count" && Object.keys(is).length === 1 && is.$exists === true) comparison = "any";
    else {
      const keys = Object.keys(is);
      if (keys.length !== 1 || !(keys[0] in COMPARISON_KEYS)) unsupported(isAt, "A test of the measure other than one comparison");
      [comparison, typed] = [COMPARISON_KEYS[keys[0]], scalar(is[keys[0]], join(isAt, keys[0]))];
    }
  }
  return newEvent({
    type: type as string,
    within: (within as string | undefined) ?? "",
    where: where === undefined ? "" : JSON.stringify(where),
    measure,
    field: (field as string | undefined) ?? "",
    comparison,
    value: typed,
  });
}

const isAudienceRef = (v: unknown): v is { $audience: string } => isObject(v) && Object.keys(v).length === 1 && typeof v.$audience === "string";

/** What a document asks, as conditions that must all hold (a document's keys are joined by AND). */
function conjuncts(doc: Record<string, unknown>, at: string): RuleNode[] {
  return Object.entries(doc).flatMap(([key, value]): RuleNode[] => {
    const here = join(at, key);
    if (key === "$and" || key === "$or" || key === "$nor") {
      if (!Array.isArray(value) || !value.length) return unsupported(here, `An empty or malformed ${key}`);
      if (key === "$nor" && value.length === 1 && isAudienceRef(value[0])) return [newAudience({ audience: value[0].$audience, negate: true })];
      return [newGroup(key.slice(1) as GroupOp, value.map((child, i) => element(child, join(here, i))))];
    }
    if (key === "$event") return [eventCondition(value, here)];
    if (key === "$audience") return typeof value === "string" ? [newAudience({ audience: value })] : unsupported(here, "An $audience that is not an id");
    if (key.startsWith("$")) return unsupported(here, `The operator ${key}`);
    const [root, ...rest] = key.split(".");
    if (!(ROOTS as readonly string[]).includes(root) || !rest.join(".")) return unsupported(here, `The path "${key}"`);
    return fieldConditions(root as Root, rest.join("."), value, here);
  });
}

/** One element of a list of conditions: a single condition, or a group of several. */
function element(value: unknown, at: string): RuleNode {
  if (!isObject(value)) return unsupported(at, "A condition that is not an object");
  const parts = conjuncts(value, at);
  if (!parts.length) return unsupported(at, "An empty condition {}");
  return parts.length === 1 ? parts[0] : newGroup("and", parts);
}

/**
 * The root group. A rule that is one group becomes the root itself, except "all of" a single
 * condition: the builder writes that as the condition alone, so it stays a group inside the root.
 */
export function ruleToTree(rule: Rule): Read {
  try {
    const parts = conjuncts(rule, "");
    const only = parts.length === 1 ? parts[0] : null;
    const isRoot = only?.kind === "group" && (only.op !== "and" || only.children.length > 1);
    return { ok: true, tree: isRoot ? (only as Group) : newGroup("and", parts) };
  } catch (err) {
    if (err instanceof Unsupported) return { ok: false, reason: err.message };
    throw err;
  }
}
