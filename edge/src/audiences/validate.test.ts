import { describe, expect, it } from "vitest";
import { validateRule } from "./validate";

const paths = (rule: unknown) => validateRule(rule).map((e) => e.path);

describe("validating a rule when it is saved", () => {
  it("accepts a rule using every part of the language", () => {
    expect(validateRule({
      $and: [
        { "profile.tier": { $in: ["gold", "platinum"] }, "profile.email": { $regex: "@example\\.com$", $options: "i" } },
        { $or: [{ "identities.crmId": { $exists: true } }, { "consent.marketing": "y" }] },
        { $nor: [{ $audience: "churned" }] },
        { "profile.orders": { $elemMatch: { sku: "A", qty: { $gte: 2 } } } },
        { "profile.tags": { $all: ["a"], $size: 2, $not: { $size: 3 } } },
        { $event: { type: "order.placed", where: { total: { $gt: 10 } }, within: "30d", aggregate: "sum", field: "total", is: { $gte: 100 } } },
        { $event: { type: "product.view", between: ["14d", "7d"] } },
        { "context.page.url": { $type: ["string"] } },
      ],
    })).toEqual([]);
  });

  it("names unknown operators by their path", () => {
    expect(paths({ "profile.a": { $foo: 1 } })).toEqual(["rule.profile.a.$foo"]);
    expect(paths({ $where: "this.a > 1" })).toEqual(["rule.$where"]);
    expect(paths({ $and: [{ $expr: {} }] })).toEqual(["rule.$and.0.$expr"]);
  });

  it("asks for paths rooted in what a profile has", () => {
    const [e] = validateRule({ tier: "gold" });
    expect(e).toEqual({ path: "rule.tier", message: expect.stringContaining("profile.tier") });
  });

  it("refuses bad and runaway regexes", () => {
    expect(paths({ "profile.a": { $regex: "(" } })).toEqual(["rule.profile.a.$regex"]);
    expect(paths({ "profile.a": { $regex: "(a+)+$" } })).toEqual(["rule.profile.a.$regex"]);
    expect(paths({ "profile.a": { $regex: "a", $options: "g" } })).toEqual(["rule.profile.a.$options"]);
    expect(paths({ "profile.a": { $options: "i" } })).toEqual(["rule.profile.a.$options"]);
  });

  it("refuses rules nested more than 30 deep or larger than 15 KB", () => {
    let deep: Record<string, unknown> = { "profile.a": 1 };
    for (let i = 0; i < 30; i++) deep = { $and: [deep] };
    expect(validateRule(deep)[0]).toEqual({ path: "rule", message: expect.stringContaining("30 levels") });
    const big = { "profile.a": { $in: Array.from({ length: 2000 }, (_, i) => `value-${i}`) } };
    expect(validateRule(big)[0]).toEqual({ path: "rule", message: expect.stringContaining("15360 bytes") });
  });

  it("checks $event's shape, windows and aggregates", () => {
    expect(paths({ $event: { within: "1d" } })).toEqual(["rule.$event.type"]);
    expect(paths({ $event: { type: "x", within: "1 day" } })).toEqual(["rule.$event.within"]);
    expect(paths({ $event: { type: "x", within: "91d" } })).toEqual(["rule.$event.within"]);
    expect(paths({ $event: { type: "x", between: ["7d", "14d"] } })).toEqual(["rule.$event.between"]);
    expect(paths({ $event: { type: "x", aggregate: "sum" } })).toEqual(["rule.$event.field"]);
    expect(paths({ $event: { type: "x", aggregate: "avg", field: "f" } })).toEqual(["rule.$event.aggregate"]);
    expect(paths({ $event: { type: "x", is: { $bad: 1 } } })).toEqual(["rule.$event.is.$bad"]);
    expect(paths({ $event: { type: "x", where: { $audience: "a" } } })).toEqual(["rule.$event.where.$audience"]);
    expect(paths({ $event: { type: "x", typo: 1 } })).toEqual(["rule.$event.typo"]);
    expect(paths({ "profile.a": { $event: { type: "x" } } })).toEqual(["rule.profile.a.$event"]);
  });

  it("checks operator arguments", () => {
    expect(paths({ "profile.a": { $in: "x", $size: -1, $exists: "yes", $type: "decimal128" } })).toEqual([
      "rule.profile.a.$in", "rule.profile.a.$size", "rule.profile.a.$exists", "rule.profile.a.$type",
    ]);
    expect(paths({ $or: [] })).toEqual(["rule.$or"]);
    expect(paths({ $and: [1] })).toEqual(["rule.$and.0"]);
    expect(paths({ "profile.a": { $gt: 1, b: 2 } })).toEqual(["rule.profile.a"]);
    expect(paths({ $audience: "" })).toEqual(["rule.$audience"]);
    expect(paths([{ "profile.a": 1 }])).toEqual(["rule"]);
  });
});
