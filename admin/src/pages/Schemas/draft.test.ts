import { describe, expect, it } from "vitest";
import { addProperty, EMPTY_SCHEMA, issuesOfProperty, listProperties, parseSchemaText, removeProperty, schemaIssues, setRequired } from "./draft";

describe("the schema helper", () => {
  it("parses the text, saying what is wrong when it is not a JSON object", () => {
    expect(parseSchemaText('{"type":"object"}')).toEqual({ ok: true, doc: { type: "object" } });
    expect(parseSchemaText("")).toMatchObject({ ok: false, message: expect.stringContaining("empty") });
    expect(parseSchemaText("{type: object}")).toMatchObject({ ok: false, message: expect.stringContaining("Not valid JSON") });
    expect(parseSchemaText("[]")).toMatchObject({ ok: false, message: expect.stringContaining("JSON object") });
  });

  it("adds a property with its type, and to required when asked, without touching the rest", () => {
    const start = { type: "object", title: "Shopper", properties: { age: { type: "integer", minimum: 0 } }, required: ["age"] };
    const added = addProperty(start, { name: " tier ", type: "string", required: true });
    expect(added).toEqual({
      ok: true,
      doc: { type: "object", title: "Shopper", properties: { age: { type: "integer", minimum: 0 }, tier: { type: "string" } }, required: ["age", "tier"] },
    });
    expect(start.properties).not.toHaveProperty("tier");
    expect(addProperty({}, { name: "a", type: "boolean", required: false })).toEqual({ ok: true, doc: { type: "object", properties: { a: { type: "boolean" } } } });
  });

  it("refuses a property without a name or with a name already used", () => {
    expect(addProperty(EMPTY_SCHEMA, { name: "  ", type: "string", required: false })).toMatchObject({ ok: false, field: "name" });
    expect(addProperty({ properties: { a: {} } }, { name: "a", type: "string", required: false })).toMatchObject({ ok: false, field: "name", message: expect.stringContaining("already") });
  });

  it("lists properties with type and required, and removes one everywhere", () => {
    const doc = { type: "object", properties: { a: { type: ["string", "null"] }, b: { enum: [1, 2] }, c: {} }, required: ["a"] };
    expect(listProperties(doc)).toEqual([
      { name: "a", type: "string | null", required: true },
      { name: "b", type: "enum", required: false },
      { name: "c", type: "any", required: false },
    ]);
    expect(removeProperty(doc, "a")).toEqual({ type: "object", properties: { b: { enum: [1, 2] }, c: {} } });
    expect(setRequired(doc, "b", true).required).toEqual(["a", "b"]);
    expect(setRequired(doc, "a", false)).not.toHaveProperty("required");
  });

  it("splits the server's details into paths inside the schema and other fields", () => {
    const split = schemaIssues([
      { path: "jsonSchema.properties.age.minimum", message: "Must be a number" },
      { path: "jsonSchema", message: "Required" },
      { path: "type", message: "Built in" },
    ]);
    expect(split).toEqual({
      schema: [
        { path: "properties.age.minimum", message: "Must be a number" },
        { path: "(root)", message: "Required" },
      ],
      fields: { type: "Built in" },
    });
    expect(issuesOfProperty(split.schema, "age")).toHaveLength(1);
    expect(issuesOfProperty(split.schema, "ag")).toHaveLength(0);
  });
});
