// The visual rule builder's tree: groups (all of / any of / none of) holding conditions on an
// attribute, on events, or on another audience's membership. Edits here are pure and return a
// new tree; to-rule.ts writes the tree as rule JSON and from-rule.ts reads JSON back into one.

export type GroupOp = "and" | "or" | "nor";
export const GROUP_OPS: readonly { value: GroupOp; label: string }[] = [
  { value: "and", label: "All of" },
  { value: "or", label: "Any of" },
  { value: "nor", label: "None of" },
];

/** Where an attribute path starts (docs/audiences.md); `context` is only known at decision time. */
export const ROOTS = ["profile", "consent", "identities", "context"] as const;
export type Root = (typeof ROOTS)[number];

/** How a value typed into the builder is written in JSON. */
export const VALUE_TYPES: readonly { value: ValueType; label: string }[] = [
  { value: "text", label: "Text" },
  { value: "number", label: "Number" },
  { value: "boolean", label: "True/false" },
  { value: "list", label: "List of text" },
  { value: "numbers", label: "List of numbers" },
];
export type ValueType = "text" | "number" | "boolean" | "list" | "numbers";
/** As typed: lists are comma-separated, booleans are "true" or "false". */
export type TypedValue = { type: ValueType; text: string };

export type AttributeOperator = "eq" | "ne" | "gt" | "gte" | "lt" | "lte" | "in" | "nin" | "exists" | "absent" | "regex";
export const ATTRIBUTE_OPERATORS: readonly { value: AttributeOperator; label: string }[] = [
  { value: "eq", label: "equals" },
  { value: "ne", label: "does not equal" },
  { value: "gt", label: "is greater than" },
  { value: "gte", label: "is at least" },
  { value: "lt", label: "is less than" },
  { value: "lte", label: "is at most" },
  { value: "in", label: "is one of" },
  { value: "nin", label: "is none of" },
  { value: "exists", label: "exists" },
  { value: "absent", label: "does not exist" },
  { value: "regex", label: "matches the pattern" },
];
/** Operators that take a list, and those that take no value at all. */
export const LIST_OPERATORS: ReadonlySet<AttributeOperator> = new Set(["in", "nin"]);
export const VALUELESS_OPERATORS: ReadonlySet<AttributeOperator> = new Set(["exists", "absent"]);

/** The value types each operator takes: lists for "is one of", text for patterns, scalars for comparisons. */
export function valueTypesFor(operator: AttributeOperator): ValueType[] {
  if (LIST_OPERATORS.has(operator)) return ["list", "numbers"];
  if (operator === "regex") return ["text"];
  if (operator === "eq") return ["text", "number", "boolean", "list", "numbers"];
  return ["text", "number", "boolean"];
}

export const MEASURES = ["count", "sum", "min", "max", "first", "last"] as const;
export type Measure = (typeof MEASURES)[number];
export const MEASURE_LABELS: Record<Measure, string> = {
  count: "how many times",
  sum: "the sum of",
  min: "the smallest",
  max: "the largest",
  first: "the first value of",
  last: "the last value of",
};
/** Measures that only make sense of numbers. */
export const NUMERIC_MEASURES: ReadonlySet<Measure> = new Set(["count", "sum", "min", "max"]);

/** How an event's measure is tested; `any` leaves the test out (at least once, or the value exists). */
export type Comparison = "any" | "eq" | "ne" | "gt" | "gte" | "lt" | "lte";
export const COMPARISONS: readonly { value: Comparison; label: string }[] = [
  { value: "any", label: "(any)" },
  { value: "gte", label: "is at least" },
  { value: "gt", label: "is more than" },
  { value: "eq", label: "is exactly" },
  { value: "ne", label: "is not" },
  { value: "lte", label: "is at most" },
  { value: "lt", label: "is less than" },
];

export type AttributeCondition = {
  kind: "attribute";
  key: number;
  root: Root;
  /** The path after the root, such as `tier` or `address.city`. */
  path: string;
  operator: AttributeOperator;
  value: TypedValue;
  /** For `regex` only: letter case does not matter (`$options: "i"`). */
  ignoreCase: boolean;
};

export type EventCondition = {
  kind: "event";
  key: number;
  type: string;
  /** A window ending now, such as `7d`; empty for every event the profile keeps. */
  within: string;
  /** A condition on the payload as JSON text; empty for none. */
  where: string;
  measure: Measure;
  /** The payload field measured (not for `count`). */
  field: string;
  comparison: Comparison;
  value: TypedValue;
};

export type AudienceCondition = { kind: "audience"; key: number; audience: string; negate: boolean };

export type Group = { kind: "group"; key: number; op: GroupOp; children: RuleNode[] };

export type Condition = AttributeCondition | EventCondition | AudienceCondition;
export type RuleNode = Group | Condition;

// Stable keys let Preact keep focus in the right row when another one is removed.
let nextKey = 1;
const key = () => nextKey++;

export function newGroup(op: GroupOp = "and", children: RuleNode[] = []): Group {
  return { kind: "group", key: key(), op, children };
}

export function newAttribute(init: Partial<Omit<AttributeCondition, "kind" | "key">> = {}): AttributeCondition {
  return { kind: "attribute", key: key(), root: "profile", path: "", operator: "eq", value: { type: "text", text: "" }, ignoreCase: false, ...init };
}

export function newEvent(init: Partial<Omit<EventCondition, "kind" | "key">> = {}): EventCondition {
  return { kind: "event", key: key(), type: "", within: "", where: "", measure: "count", field: "", comparison: "any", value: { type: "number", text: "" }, ...init };
}

export function newAudience(init: Partial<Omit<AudienceCondition, "kind" | "key">> = {}): AudienceCondition {
  return { kind: "audience", key: key(), audience: "", negate: false, ...init };
}

export type NewKind = "attribute" | "event" | "audience" | "group";

export function newNode(kind: NewKind): RuleNode {
  if (kind === "attribute") return newAttribute();
  if (kind === "event") return newEvent();
  if (kind === "audience") return newAudience();
  return newGroup("and", [newAttribute()]);
}

/** The tree with `change` applied to the node with `target` as key (the same tree if none has it). */
export function mapNode(node: RuleNode, target: number, change: (n: RuleNode) => RuleNode): RuleNode {
  if (node.key === target) return change(node);
  if (node.kind !== "group") return node;
  return { ...node, children: node.children.map((c) => mapNode(c, target, change)) };
}

type Fields<N> = Partial<Omit<N, "kind" | "key">>;
/** New values for some fields of one node, of any kind. */
export type NodePatch = Fields<Group> | Fields<AttributeCondition> | Fields<EventCondition> | Fields<AudienceCondition>;

/** Sets fields of one node; the patch must suit that node's kind. */
export function updateNode(root: Group, target: number, patch: NodePatch): Group {
  return mapNode(root, target, (n) => ({ ...n, ...patch }) as RuleNode) as Group;
}

export function addChild(root: Group, groupKey: number, child: RuleNode): Group {
  return mapNode(root, groupKey, (g) => (g.kind === "group" ? { ...g, children: [...g.children, child] } : g)) as Group;
}

/** The tree without the node (the root itself is never removed). */
export function removeNode(root: Group, target: number): Group {
  const prune = (g: Group): Group => ({
    ...g,
    children: g.children.filter((c) => c.key !== target).map((c) => (c.kind === "group" ? prune(c) : c)),
  });
  return prune(root);
}

/** A new operator, with the value's type following it: lists for "is one of", not for the others. */
export function withOperator(cond: AttributeCondition, operator: AttributeOperator): AttributeCondition {
  const allowed = valueTypesFor(operator);
  const numeric = cond.value.type === "number" || cond.value.type === "numbers";
  const type = allowed.includes(cond.value.type) ? cond.value.type : (allowed.find((t) => numeric === (t === "number" || t === "numbers")) ?? allowed[0]);
  return { ...cond, operator, value: { ...cond.value, type } };
}

/** A new measure: counts, sums, minimums and maximums compare numbers and counts read no field. */
export function withMeasure(cond: EventCondition, measure: Measure): EventCondition {
  return {
    ...cond,
    measure,
    field: measure === "count" ? "" : cond.field,
    value: NUMERIC_MEASURES.has(measure) ? { ...cond.value, type: "number" } : cond.value,
  };
}
