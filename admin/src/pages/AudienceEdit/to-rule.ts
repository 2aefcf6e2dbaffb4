// Writes the builder's tree as rule JSON (docs/audiences.md), and says where in the JSON each
// node landed, so the server's messages (`rule.$and.1.profile.email.$regex`) can be shown beside
// the condition they are about. Only what the JSON cannot be written without is checked here
// (a number that is not one, a group left empty); every other rule is the server's.
import type { Rule } from "../../lib/types";
import type { AttributeCondition, AttributeOperator, Comparison, Condition, EventCondition, Group, RuleNode, TypedValue } from "./rule-tree";

export type Problem = { key: number; message: string };

export type Built =
  | { ok: true; rule: Rule; /** Node key → its place in the rule, such as `$and.0.$event`. */ locations: Map<number, string> }
  | { ok: false; problems: Problem[] };

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
type Out = { locations: Map<number, string>; problems: Problem[] };

export const join = (at: string, key: string | number) => (at ? `${at}.${key}` : String(key));

const OPERATOR_KEYS: Partial<Record<AttributeOperator | Comparison, string>> = {
  ne: "$ne", gt: "$gt", gte: "$gte", lt: "$lt", lte: "$lte", in: "$in", nin: "$nin",
};

/** The typed text as a JSON value, or the reason it cannot be one. */
export function valueOf(value: TypedValue): { ok: true; value: Json } | { ok: false; message: string } {
  const items = () => value.text.split(",").map((s) => s.trim()).filter(Boolean);
  const isNumber = (s: string) => s.trim() !== "" && Number.isFinite(Number(s));
  switch (value.type) {
    case "text":
      return { ok: true, value: value.text };
    case "number":
      return isNumber(value.text) ? { ok: true, value: Number(value.text) } : { ok: false, message: "Enter a number, such as 3 or 12.5." };
    case "boolean":
      return { ok: true, value: value.text === "true" };
    case "list":
      return items().length ? { ok: true, value: items() } : { ok: false, message: "Give at least one value; separate values with commas." };
    case "numbers": {
      const list = items();
      if (!list.length) return { ok: false, message: "Give at least one number; separate numbers with commas." };
      const bad = list.find((s) => !isNumber(s));
      return bad === undefined ? { ok: true, value: list.map(Number) } : { ok: false, message: `"${bad}" is not a number.` };
    }
  }
}

function attributeDoc(cond: AttributeCondition, at: string, out: Out): Record<string, Json> | null {
  const path = cond.path.trim();
  if (!path) {
    out.problems.push({ key: cond.key, message: "Name the attribute, such as tier or address.city." });
    return null;
  }
  const field = `${cond.root}.${path}`;
  out.locations.set(cond.key, join(at, field));
  if (cond.operator === "exists" || cond.operator === "absent") return { [field]: { $exists: cond.operator === "exists" } };
  if (cond.operator === "regex") return { [field]: cond.ignoreCase ? { $regex: cond.value.text, $options: "i" } : { $regex: cond.value.text } };
  const value = valueOf(cond.value);
  if (!value.ok) {
    out.problems.push({ key: cond.key, message: value.message });
    return null;
  }
  return { [field]: cond.operator === "eq" ? value.value : { [OPERATOR_KEYS[cond.operator]!]: value.value } };
}

function eventDoc(cond: EventCondition, at: string, out: Out): Record<string, Json> | null {
  out.locations.set(cond.key, join(at, "$event"));
  const event: Record<string, Json> = { type: cond.type.trim() };
  if (cond.where.trim()) {
    let where: unknown;
    try {
      where = JSON.parse(cond.where);
    } catch {
      where = undefined;
    }
    if (typeof where !== "object" || where === null || Array.isArray(where)) {
      out.problems.push({ key: cond.key, message: 'The payload condition is a JSON object, such as { "currency": "EUR" }.' });
      return null;
    }
    event.where = where as Json;
  }
  if (cond.within.trim()) event.within = cond.within.trim();
  if (cond.measure !== "count") {
    event.aggregate = cond.measure;
    event.field = cond.field.trim();
  }
  if (cond.comparison !== "any") {
    const value = valueOf(cond.value);
    if (!value.ok) {
      out.problems.push({ key: cond.key, message: value.message });
      return null;
    }
    event.is = cond.comparison === "eq" ? value.value : { [OPERATOR_KEYS[cond.comparison]!]: value.value };
  }
  return { $event: event };
}

function conditionDoc(cond: Condition, at: string, out: Out): Record<string, Json> | null {
  if (cond.kind === "attribute") return attributeDoc(cond, at, out);
  if (cond.kind === "event") return eventDoc(cond, at, out);
  if (!cond.audience) {
    out.problems.push({ key: cond.key, message: "Choose an audience." });
    return null;
  }
  out.locations.set(cond.key, join(at, cond.negate ? "$nor" : "$audience"));
  return cond.negate ? { $nor: [{ $audience: cond.audience }] } : { $audience: cond.audience };
}

/** A group as `{ "$and": [...] }`; at the root, all of nothing is `{}` and all of one is that one. */
function groupDoc(group: Group, at: string, root: boolean, out: Out): Record<string, Json> | null {
  if (root && group.op === "and" && group.children.length <= 1) {
    out.locations.set(group.key, at);
    return group.children.length ? nodeDoc(group.children[0], at, out) : {};
  }
  if (!group.children.length) {
    out.problems.push({ key: group.key, message: "Add a condition to this group, or remove it." });
    return null;
  }
  const listAt = join(at, `$${group.op}`);
  out.locations.set(group.key, listAt);
  const children = group.children.map((c, i) => nodeDoc(c, join(listAt, i), out));
  return children.every((c) => c !== null) ? { [`$${group.op}`]: children as Json[] } : null;
}

function nodeDoc(node: RuleNode, at: string, out: Out): Record<string, Json> | null {
  return node.kind === "group" ? groupDoc(node, at, false, out) : conditionDoc(node, at, out);
}

export function treeToRule(root: Group): Built {
  const out: Out = { locations: new Map(), problems: [] };
  const rule = groupDoc(root, "", true, out);
  return rule && !out.problems.length ? { ok: true, rule, locations: out.locations } : { ok: false, problems: out.problems };
}
