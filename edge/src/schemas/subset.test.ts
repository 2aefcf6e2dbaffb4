import { describe, expect, it } from "vitest";
import { checkSchemaDocument, MAX_SCHEMA_DEPTH } from "./subset";

const paths = (doc: unknown) => checkSchemaDocument(doc).map((d) => d.path);

const full = {
  $schema: "https://json-schema.org/draft/2019-09/schema",
  title: "Order",
  description: "An order placed in the shop",
  type: "object",
  required: ["orderId", "total"],
  additionalProperties: false,
  properties: {
    orderId: { type: "string", format: "uuid" },
    total: { type: "number", minimum: 0, exclusiveMaximum: 1_000_000 },
    quantity: { type: "integer", exclusiveMinimum: 0, maximum: 99, default: 1 },
    currency: { enum: ["EUR", "USD"] },
    channel: { const: "web" },
    coupon: { type: ["string", "null"], minLength: 3, maxLength: 20, pattern: "^[A-Z0-9]+$" },
    email: { type: "string", format: "email" },
    placedAt: { type: "string", format: "date-time" },
    birthday: { type: "string", format: "date" },
    page: { type: "string", format: "uri" },
    gift: { type: "boolean" },
    items: {
      type: "array",
      minItems: 1,
      maxItems: 50,
      items: { type: "object", properties: { sku: { type: "string" } }, required: ["sku"] },
    },
  },
};

describe("checkSchemaDocument", () => {
  it("accepts every keyword of the subset", () => {
    expect(checkSchemaDocument(full)).toEqual([]);
    expect(checkSchemaDocument({})).toEqual([]);
  });

  it("refuses keywords outside the subset, naming their path", () => {
    expect(paths({ type: "object", properties: { a: { $ref: "#/x" }, b: { anyOf: [] } }, patternProperties: {} })).toEqual([
      "properties.a.$ref",
      "properties.b.anyOf",
      "patternProperties",
    ]);
    // $schema is tolerated at the top only.
    expect(paths({ properties: { a: { $schema: "x" } } })).toEqual(["properties.a.$schema"]);
  });

  it("refuses documents that are not schema objects", () => {
    for (const doc of [null, [], "string", 3, true]) expect(paths(doc)).toEqual(["(root)"]);
    expect(paths({ properties: { a: true } })).toEqual(["properties.a"]);
    expect(paths({ type: "array", items: [{ type: "string" }] })).toContain("items");
  });

  it("wants an object at the top", () => {
    expect(checkSchemaDocument({ type: "string" })).toEqual([{ path: "type", message: expect.stringContaining("object") }]);
    expect(checkSchemaDocument({ type: ["object", "null"] })).toEqual([]);
  });

  it("checks each keyword's value", () => {
    const bad = {
      type: "object",
      properties: {
        a: { type: "text" },
        b: { type: [] },
        c: { type: ["string", "string"] },
        d: { type: "number", minimum: "0" },
        e: { type: "number", exclusiveMinimum: true },
        f: { type: "string", minLength: -1 },
        g: { type: "string", maxLength: 1.5 },
        h: { type: "array", minItems: "1" },
        i: { enum: [] },
        j: { type: "string", format: "phone" },
        k: { type: "string", pattern: 5 },
        l: { type: "object", additionalProperties: { type: "string" } },
        m: { type: "object", required: "a" },
        n: { type: "object", required: ["a", "a"] },
        o: { title: 5, description: ["x"] },
        p: { type: "object", properties: [] },
      },
    };
    expect(paths(bad)).toEqual([
      "properties.a.type",
      "properties.b.type",
      "properties.c.type",
      "properties.d.minimum",
      "properties.e.exclusiveMinimum",
      "properties.f.minLength",
      "properties.g.maxLength",
      "properties.h.minItems",
      "properties.i.enum",
      "properties.j.format",
      "properties.k.pattern",
      "properties.l.additionalProperties",
      "properties.m.required",
      "properties.n.required",
      "properties.o.title",
      "properties.o.description",
      "properties.p.properties",
    ]);
  });

  it("says when a keyword cannot apply to the declared type", () => {
    expect(checkSchemaDocument({ properties: { age: { type: "integer", maxLength: 3 } } })).toEqual([
      { path: "properties.age.maxLength", message: expect.stringContaining("applies to string") },
    ]);
    // With several types one match is enough.
    expect(paths({ properties: { age: { type: ["integer", "string"], maxLength: 3 } } })).toEqual([]);
  });

  it("refuses a lower bound above the upper one", () => {
    expect(paths({ properties: { age: { type: "integer", minimum: 10, maximum: 5 } } })).toEqual(["properties.age.maximum"]);
    expect(paths({ properties: { s: { type: "string", minLength: 4, maxLength: 2 } } })).toEqual(["properties.s.maxLength"]);
    expect(paths({ properties: { l: { type: "array", minItems: 4, maxItems: 2 } } })).toEqual(["properties.l.maxItems"]);
  });

  it("guards patterns against catastrophic backtracking and bad syntax", () => {
    expect(checkSchemaDocument({ properties: { s: { type: "string", pattern: "^(a+)+$" } } })).toEqual([
      { path: "properties.s.pattern", message: expect.stringContaining("Nested quantifiers") },
    ]);
    expect(paths({ properties: { s: { type: "string", pattern: "([a-z" } } })).toEqual(["properties.s.pattern"]);
    expect(paths({ properties: { s: { type: "string", pattern: "x".repeat(201) } } })).toEqual(["properties.s.pattern"]);
  });

  it(`limits nesting to ${MAX_SCHEMA_DEPTH} levels`, () => {
    const nest = (levels: number): Record<string, unknown> =>
      levels === 1 ? { type: "string" } : { type: "object", properties: { x: nest(levels - 1) } };
    expect(paths(nest(MAX_SCHEMA_DEPTH))).toEqual([]);
    expect(paths(nest(MAX_SCHEMA_DEPTH + 1))).toEqual([`${"properties.x.".repeat(MAX_SCHEMA_DEPTH).slice(0, -1)}`]);
    const arrays = (levels: number): Record<string, unknown> => (levels === 1 ? { type: "string" } : { type: "array", items: arrays(levels - 1) });
    expect(paths({ type: "object", properties: { a: arrays(MAX_SCHEMA_DEPTH + 1) } })).toHaveLength(1);
  });

  it("limits size to 32 KB", () => {
    const big = { type: "object", description: "x".repeat(1000), properties: {} as Record<string, unknown> };
    for (let i = 0; i < 400; i++) big.properties[`field_${i}`] = { type: "string", description: "y".repeat(80) };
    expect(checkSchemaDocument(big)).toEqual([{ path: "(root)", message: expect.stringContaining("32 KB") }]);
  });
});
