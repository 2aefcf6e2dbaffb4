import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Rule } from "../../lib/types";
import { ruleToTree } from "./from-rule";
import {
  addChild, ATTRIBUTE_OPERATORS, COMPARISONS, type Group, MEASURES, newAttribute, newAudience, newEvent, newGroup, NUMERIC_MEASURES, removeNode,
  ROOTS, type RuleNode, updateNode, type ValueType, valueTypesFor, withMeasure, withOperator,
} from "./rule-tree";
import { treeToRule } from "./to-rule";

const build = (tree: Group): Rule => {
  const built = treeToRule(tree);
  if (!built.ok) throw new Error(`Not built: ${JSON.stringify(built.problems)}`);
  return built.rule;
};

const read = (rule: Rule): Group => {
  const parsed = ruleToTree(rule);
  if (!parsed.ok) throw new Error(`Not read: ${parsed.reason}`);
  return parsed.tree;
};

/** Rules in the builder's own form: reading one and writing it again gives the same JSON. */
const CANONICAL: Rule[] = [
  {},
  { "profile.tier": "gold" },
  { "profile.points": { $gte: 1000 } },
  { "profile.vip": true },
  { "profile.city": { $in: ["Lyon", "Paris"] } },
  { "profile.age": { $nin: [17, 18] } },
  { "profile.tags": ["vip", "beta"] },
  { "consent.email": "y" },
  { "identities.crmId": { $exists: true } },
  { "profile.phone": { $exists: false } },
  { "profile.email": { $regex: "@example\\.com$", $options: "i" } },
  { "profile.lastName": { $regex: "^Mc" } },
  { "context.utm.campaign": "spring" },
  { $event: { type: "product.view", within: "1d", is: { $gte: 3 } } },
  { $event: { type: "order.placed", where: { currency: "EUR" }, within: "30d", aggregate: "sum", field: "total", is: { $gte: 100 } } },
  { $event: { type: "page.view", aggregate: "last", field: "path", is: "/checkout" } },
  { $event: { type: "order.placed", is: 0 } },
  { $event: { type: "cart.add" } },
  { $audience: "gold-members" },
  { $nor: [{ $audience: "churned" }] },
  { $and: [{ $audience: "gold-members" }, { $nor: [{ $audience: "churned" }] }] },
  { $or: [{ "profile.tier": "platinum" }, { "profile.tags": "vip" }] },
  { $nor: [{ "profile.tier": "bronze" }, { $event: { type: "refund" } }] },
  { $and: [{ "profile.tier": "gold" }] },
  { $and: [{ "profile.tier": "gold" }, { $or: [{ $event: { type: "a", within: "2w" } }, { $and: [{ "profile.x": 1 }, { "profile.y": { $lt: 2.5 } }] }] }] },
];

describe("reading and writing rules", () => {
  it.each(CANONICAL.map((rule) => [JSON.stringify(rule), rule]))("round-trips %s exactly", (_, rule) => {
    expect(build(read(rule))).toEqual(rule);
  });

  it("writes the builder's tree as the documented JSON: an event counted at least 2 times within 1d", () => {
    const tree = newGroup("and", [newEvent({ type: "product.view", within: "1d", comparison: "gte", value: { type: "number", text: "2" } })]);
    expect(build(tree)).toEqual({ $event: { type: "product.view", within: "1d", is: { $gte: 2 } } });
  });

  it("writes all of several conditions as $and, and an empty root as everyone", () => {
    expect(build(newGroup())).toEqual({});
    const tree = newGroup("and", [newAttribute({ path: "tier", value: { type: "text", text: "gold" } }), newAudience({ audience: "churned", negate: true })]);
    expect(build(tree)).toEqual({ $and: [{ "profile.tier": "gold" }, { $nor: [{ $audience: "churned" }] }] });
    expect(build(newGroup("or", tree.children))).toEqual({ $or: [{ "profile.tier": "gold" }, { $nor: [{ $audience: "churned" }] }] });
  });

  it("types values: numbers, booleans, comma-separated lists", () => {
    const attr = (operator: Parameters<typeof newAttribute>[0]) => build(newGroup("and", [newAttribute({ path: "x", ...operator })]));
    expect(attr({ value: { type: "number", text: " 42 " } })).toEqual({ "profile.x": 42 });
    expect(attr({ value: { type: "boolean", text: "false" } })).toEqual({ "profile.x": false });
    expect(attr({ operator: "in", value: { type: "list", text: "Lyon, Paris,, " } })).toEqual({ "profile.x": { $in: ["Lyon", "Paris"] } });
    expect(attr({ operator: "in", value: { type: "numbers", text: "1,2.5" } })).toEqual({ "profile.x": { $in: [1, 2.5] } });
    expect(attr({ value: { type: "text", text: " spaced " } })).toEqual({ "profile.x": " spaced " });
  });

  it("reads forms that mean the same into the builder's form", () => {
    expect(build(read({ "profile.tier": { $eq: "gold" } }))).toEqual({ "profile.tier": "gold" });
    expect(build(read({ "profile.tier": "gold", "profile.age": { $gte: 18, $lt: 30 } }))).toEqual({
      $and: [{ "profile.tier": "gold" }, { "profile.age": { $gte: 18 } }, { "profile.age": { $lt: 30 } }],
    });
    expect(build(read({ $event: { type: "x", aggregate: "count" } }))).toEqual({ $event: { type: "x" } });
    expect(build(read({ $event: { type: "x", aggregate: "last", field: "f", is: { $exists: true } } }))).toEqual({ $event: { type: "x", aggregate: "last", field: "f" } });
    expect(build(read({ $or: [{ "profile.a": 1, "profile.b": 2 }] }))).toEqual({ $or: [{ $and: [{ "profile.a": 1 }, { "profile.b": 2 }] }] });
  });

  it("says what it cannot show, and where, so the JSON editor stays", () => {
    const reason = (rule: Rule) => {
      const parsed = ruleToTree(rule);
      return parsed.ok ? null : parsed.reason;
    };
    expect(reason({ "profile.tags": { $size: 2 } })).toBe("The operator $size (at profile.tags.$size)");
    expect(reason({ $and: [{ "profile.n": { $not: { $gt: 1 } } }] })).toContain("$not");
    expect(reason({ $event: { type: "cart.add", between: ["14d", "7d"] } })).toContain('"between"');
    expect(reason({ "profile.x": null })).toContain("null");
    expect(reason({ "profile.x": { $in: ["a,b"] } })).toContain("commas");
    expect(reason({ "profile.x": { $regex: "a", $options: "m" } })).toContain('"m"');
    expect(reason({ tier: "gold" })).toBe('The path "tier" (at tier)');
    expect(reason({ $where: "1" })).toContain("$where");
    expect(reason({ $or: [{}] })).toContain("empty condition");
  });

  it("refuses to write what cannot be JSON, naming the condition", () => {
    const bad = newAttribute({ path: "age", value: { type: "number", text: "twelve" } });
    const nameless = newAttribute({ path: " " });
    const empty = newGroup("or");
    const result = treeToRule(newGroup("and", [bad, nameless, empty, newAudience()]));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.key)).toEqual([bad.key, nameless.key, empty.key, expect.any(Number)]);
    expect(result.problems[0].message).toContain("number");
    expect(treeToRule(newGroup("and", [newEvent({ type: "x", where: "{currency}" })])).ok).toBe(false);
  });

  it("says where each node landed in the rule, for the server's messages", () => {
    const attr = newAttribute({ path: "email", operator: "regex", value: { type: "text", text: "(a+)+" } });
    const event = newEvent({ type: "x" });
    const inner = newGroup("or", [event, newAudience({ audience: "a", negate: true })]);
    const root = newGroup("and", [attr, inner]);
    const built = treeToRule(root);
    expect(built.ok && Object.fromEntries(built.locations)).toEqual({
      [root.key]: "$and",
      [attr.key]: "$and.0.profile.email",
      [inner.key]: "$and.1.$or",
      [event.key]: "$and.1.$or.0.$event",
      [inner.children[1].key]: "$and.1.$or.1.$nor",
    });
  });
});

describe("editing the tree", () => {
  it("adds, changes and removes nodes by key without touching the others", () => {
    const attr = newAttribute();
    const group = newGroup("or", []);
    let tree = newGroup("and", [attr, group]);
    tree = addChild(tree, group.key, newEvent({ type: "cart.add" }));
    tree = updateNode(tree, attr.key, { path: "tier", value: { type: "text", text: "gold" } });
    expect(build(tree)).toEqual({ $and: [{ "profile.tier": "gold" }, { $or: [{ $event: { type: "cart.add" } }] }] });
    tree = removeNode(tree, group.key);
    expect(build(tree)).toEqual({ "profile.tier": "gold" });
    expect(removeNode(tree, tree.key)).toEqual(tree);
  });

  it("moves the value's type with the operator, and a count's value to numbers", () => {
    const attr = newAttribute({ path: "n", value: { type: "number", text: "3" } });
    expect(withOperator(attr, "in").value.type).toBe("numbers");
    expect(withOperator(withOperator(attr, "in"), "gt").value.type).toBe("number");
    expect(withOperator(newAttribute({ value: { type: "boolean", text: "true" } }), "regex").value.type).toBe("text");
    const last = newEvent({ measure: "last", field: "path", value: { type: "text", text: "/" } });
    expect(withMeasure(last, "count")).toMatchObject({ measure: "count", field: "", value: { type: "number" } });
  });
});

// Any tree the builder can make, with values it accepts, is written and read back to the same JSON.
const text = fc.string({ minLength: 1, maxLength: 8 }).filter((s) => !s.includes(","));
const word = fc.stringMatching(/^[a-z][a-z0-9]{0,6}(\.[a-z][a-z0-9]{0,4})?$/);
const numberText = fc.integer({ min: -1000, max: 1000 }).map(String);
const listText = fc.array(text.map((s) => s.trim()).filter(Boolean), { minLength: 1, maxLength: 4 }).map((l) => l.join(", "));
const numbersText = fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 4 }).map((l) => l.join(", "));
const typed = (types: ValueType[]) =>
  fc.constantFrom(...types).chain((type) => {
    const arb = { text, number: numberText, boolean: fc.constantFrom("true", "false"), list: listText, numbers: numbersText }[type];
    return arb.map((t) => ({ type, text: t }));
  });

const attribute = fc
  .record({ root: fc.constantFrom(...ROOTS), path: word, operator: fc.constantFrom(...ATTRIBUTE_OPERATORS.map((o) => o.value)), ignoreCase: fc.boolean() })
  .chain((a) => typed(valueTypesFor(a.operator)).map((value) => newAttribute({ ...a, value, ignoreCase: a.operator === "regex" && a.ignoreCase })));

const event = fc
  .record({
    type: word,
    within: fc.constantFrom("", "30m", "7d", "2w"),
    where: fc.constantFrom("", '{"currency":"EUR"}'),
    measure: fc.constantFrom(...MEASURES),
    field: word,
    comparison: fc.constantFrom(...COMPARISONS.map((c) => c.value)),
  })
  .chain((e) =>
    typed(NUMERIC_MEASURES.has(e.measure) ? ["number"] : ["text", "number", "boolean"]).map((value) =>
      newEvent({ ...e, field: e.measure === "count" ? "" : e.field, value }),
    ),
  );

const audience = fc.record({ audience: word.map((w) => w.replace(".", "-")), negate: fc.boolean() }).map((a) => newAudience(a));

const { node } = fc.letrec<{ node: RuleNode; group: Group }>((tie) => ({
  node: fc.oneof({ depthSize: "small", withCrossShrink: true }, attribute, event, audience, tie("group")),
  group: fc.record({ op: fc.constantFrom("and" as const, "or" as const, "nor" as const), children: fc.array(tie("node"), { minLength: 1, maxLength: 3 }) }).map((g) => newGroup(g.op, g.children)),
}));

describe("any tree the builder makes", () => {
  it("converts back to the same JSON", () => {
    fc.assert(
      fc.property(fc.constantFrom("and" as const, "or" as const, "nor" as const), fc.array(node, { maxLength: 4 }), (op, children) => {
        if (op !== "and" && !children.length) return;
        const rule = build(newGroup(op, children));
        expect(build(read(rule))).toEqual(rule);
      }),
      { numRuns: 300 },
    );
  });
});
