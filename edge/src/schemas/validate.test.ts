import { describe, expect, it } from "vitest";
import type { SchemaSet } from "../config/snapshot";
import { BUILT_IN_EVENT_TYPES, compileSchemas, validateAttributes, validateEventData } from "./validate";

const order = {
  type: "object",
  required: ["orderId", "total"],
  properties: {
    orderId: { type: "string", format: "uuid" },
    total: { type: "number", minimum: 0, maximum: 10_000 },
    quantity: { type: "integer", exclusiveMinimum: 0, exclusiveMaximum: 100 },
    currency: { enum: ["EUR", "USD"] },
    channel: { const: "web" },
    coupon: { type: ["string", "null"], minLength: 3, maxLength: 8, pattern: "^[A-Z0-9]+$" },
    email: { type: "string", format: "email" },
    placedAt: { type: "string", format: "date-time" },
    day: { type: "string", format: "date" },
    page: { type: "string", format: "uri" },
    items: {
      type: "array",
      minItems: 1,
      maxItems: 2,
      items: { type: "object", required: ["sku"], properties: { sku: { type: "string" } } },
    },
    meta: { type: "object" },
    shipping: { type: "object", additionalProperties: false, properties: { city: { type: "string" } } },
    extra: { type: "object", additionalProperties: true, properties: { a: { type: "string" } } },
  },
};

const profile = {
  type: "object",
  required: ["email"],
  properties: {
    email: { type: "string", format: "email" },
    age: { type: "integer", minimum: 0, maximum: 130 },
    tier: { enum: ["gold", "silver"] },
    address: { type: "object", required: ["city"], properties: { city: { type: "string" } } },
  },
};

const set = (): SchemaSet => ({ profile, events: { "order.placed": order, "free.form": { type: "object" } } });
const uuid = "0b3f2c1e-7a4d-4e2b-9c1a-5d6e7f8a9b0c";
const okOrder = { orderId: uuid, total: 10 };

const event = (data: unknown, mode: "lenient" | "strict" = "lenient", type = "order.placed") => validateEventData(compileSchemas(set()), mode, type, data);

describe("validateEventData", () => {
  it("accepts a payload that matches", () => {
    expect(event({ ...okOrder, quantity: 2, currency: "EUR", channel: "web", coupon: null, items: [{ sku: "a" }] })).toEqual({ errors: [], unknown: [] });
  });

  it.each([
    ["type", { orderId: 5, total: 1 }, "data.orderId", "Must be string, not integer"],
    ["type list", { ...okOrder, coupon: 5 }, "data.coupon", "Must be string or null, not integer"],
    ["required", { orderId: uuid }, "data.total", "Required"],
    ["minimum", { ...okOrder, total: -1 }, "data.total", "Must be at least 0"],
    ["maximum", { ...okOrder, total: 10_001 }, "data.total", "Must be at most 10000"],
    ["exclusiveMinimum", { ...okOrder, quantity: 0 }, "data.quantity", "Must be greater than 0"],
    ["exclusiveMaximum", { ...okOrder, quantity: 100 }, "data.quantity", "Must be less than 100"],
    ["integer", { ...okOrder, quantity: 1.5 }, "data.quantity", "Must be integer, not number"],
    ["enum", { ...okOrder, currency: "GBP" }, "data.currency", 'Must be one of "EUR", "USD"'],
    ["const", { ...okOrder, channel: "app" }, "data.channel", 'Must be "web"'],
    ["minLength", { ...okOrder, coupon: "AB" }, "data.coupon", "Must be at least 3 characters long"],
    ["maxLength", { ...okOrder, coupon: "ABCDEFGHI" }, "data.coupon", "Must be at most 8 characters long"],
    ["pattern", { ...okOrder, coupon: "abc" }, "data.coupon", "Must match the pattern ^[A-Z0-9]+$"],
    ["format email", { ...okOrder, email: "nope" }, "data.email", "Must be an email address"],
    ["format date-time", { ...okOrder, placedAt: "yesterday" }, "data.placedAt", expect.stringContaining("date and time")],
    ["format date", { ...okOrder, day: "2026-02-30" }, "data.day", expect.stringContaining("a date")],
    ["format uri", { ...okOrder, page: "not a uri" }, "data.page", expect.stringContaining("URI")],
    ["format uuid", { ...okOrder, orderId: "123" }, "data.orderId", "Must be a UUID"],
    ["minItems", { ...okOrder, items: [] }, "data.items", "Must have at least 1 items"],
    ["maxItems", { ...okOrder, items: [{ sku: "a" }, { sku: "b" }, { sku: "c" }] }, "data.items", "Must have at most 2 items"],
    ["items", { ...okOrder, items: [{ sku: "a" }, { sku: 3 }] }, "data.items.1.sku", "Must be string, not integer"],
    ["nested required", { ...okOrder, items: [{}] }, "data.items.0.sku", "Required"],
    ["additionalProperties false", { ...okOrder, shipping: { city: "Lyon", zip: "69001" } }, "data.shipping.zip", expect.stringContaining("Not allowed")],
  ])("reports %s with the field's path", (_keyword, data, path, message) => {
    expect(event(data).errors).toEqual([{ path, message }]);
  });

  it("accepts valid formats", () => {
    const data = { ...okOrder, email: "ana@example.com", placedAt: "2026-11-29T10:00:00Z", day: "2024-02-29", page: "https://shop.example/a?b=c" };
    expect(event(data).errors).toEqual([]);
  });

  it("reports every problem, not just the first", () => {
    expect(event({ orderId: 1, total: -5, currency: "GBP" }).errors.map((e) => e.path).sort()).toEqual(["data.currency", "data.orderId", "data.total"]);
  });

  it("reports a payload that is not an object at data", () => {
    expect(event([1, 2]).errors).toEqual([{ path: "data", message: "Must be object, not array" }]);
  });

  describe("unknown fields", () => {
    const data = { ...okOrder, note: "hi", items: [{ sku: "a", colour: "red" }], meta: { anything: 1 }, extra: { b: 1 } };

    it("keeps and lists them in lenient mode", () => {
      expect(event(data, "lenient")).toEqual({ errors: [], unknown: ["data.note", "data.items.0.colour"] });
    });

    it("rejects them in strict mode", () => {
      expect(event(data, "strict")).toEqual({
        errors: [
          { path: "data.note", message: "Unknown field: it is not in the schema" },
          { path: "data.items.0.colour", message: "Unknown field: it is not in the schema" },
        ],
        unknown: [],
      });
    });

    it("leave schemas without properties free-form in both modes", () => {
      expect(event({ whatever: [1, { deep: true }] }, "strict", "free.form")).toEqual({ errors: [], unknown: [] });
    });
  });

  describe("event types without a schema", () => {
    it("are accepted in lenient mode", () => {
      expect(event({ a: 1 }, "lenient", "product.view")).toEqual({ errors: [], unknown: [] });
    });

    it("are rejected in strict mode at the type", () => {
      expect(event({ a: 1 }, "strict", "product.view").errors).toEqual([{ path: "type", message: 'No schema for event type "product.view"' }]);
    });

    it("do not match names inherited from Object", () => {
      expect(event({}, "strict", "constructor").errors).toEqual([{ path: "type", message: 'No schema for event type "constructor"' }]);
    });

    it.each([...BUILT_IN_EVENT_TYPES])("never include the built-in %s", (type) => {
      expect(event({ any: "thing" }, "strict", type)).toEqual({ errors: [], unknown: [] });
    });
  });

  it("treats missing data as an empty object", () => {
    expect(event(undefined).errors).toEqual([
      { path: "data.orderId", message: "Required" },
      { path: "data.total", message: "Required" },
    ]);
  });
});

describe("validateAttributes", () => {
  const attrs = (a: Record<string, unknown>, mode: "lenient" | "strict" = "lenient", s = set()) => validateAttributes(compileSchemas(s), mode, a);

  it("checks only the attributes being set: top-level required does not apply to an update", () => {
    expect(attrs({ age: 40 })).toEqual({ errors: [], unknown: [] });
  });

  it("reports bad values under attributes.<name>", () => {
    expect(attrs({ age: -1, tier: "bronze", email: "x" }).errors).toEqual([
      { path: "attributes.email", message: "Must be an email address" },
      { path: "attributes.age", message: "Must be at least 0" },
      { path: "attributes.tier", message: 'Must be one of "gold", "silver"' },
    ]);
  });

  it("applies required inside an attribute set as a whole", () => {
    expect(attrs({ address: {} }).errors).toEqual([{ path: "attributes.address.city", message: "Required" }]);
  });

  it("lists unknown attributes in lenient mode and rejects them in strict mode", () => {
    expect(attrs({ age: 3, shoeSize: 42 }, "lenient")).toEqual({ errors: [], unknown: ["attributes.shoeSize"] });
    expect(attrs({ age: 3, shoeSize: 42 }, "strict")).toEqual({
      errors: [{ path: "attributes.shoeSize", message: "Unknown field: it is not in the schema" }],
      unknown: [],
    });
  });

  it("accepts anything without a profile schema in lenient mode, and nothing in strict mode", () => {
    const none: SchemaSet = { profile: null, events: {} };
    expect(attrs({ a: 1 }, "lenient", none)).toEqual({ errors: [], unknown: [] });
    expect(attrs({ a: 1 }, "strict", none).errors).toEqual([{ path: "attributes.a", message: expect.stringContaining("no profile schema") }]);
  });
});

describe("compileSchemas", () => {
  it("compiles once per schema set and leaves the snapshot's documents untouched", () => {
    const s = set();
    const before = JSON.stringify(s);
    const compiled = compileSchemas(s);
    expect(compileSchemas(s)).toBe(compiled);
    expect(compileSchemas(set())).not.toBe(compiled);
    validateEventData(compiled, "lenient", "order.placed", okOrder);
    validateAttributes(compiled, "lenient", { age: 1 });
    expect(JSON.stringify(s)).toBe(before);
    expect(Object.getOwnPropertyNames(s.events["order.placed"])).not.toContain("__absolute_uri__");
    expect(s.profile).toHaveProperty("required", ["email"]);
  });
});
