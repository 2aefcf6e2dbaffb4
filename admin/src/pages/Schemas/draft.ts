// The JSON text of a schema being edited, and the small structured helper over it: list the
// top-level properties, add one (name, type, required), remove one. The text stays the source of
// truth; the helper only rewrites it, so people who write JSON Schema lose nothing.
import type { FieldIssue } from "../../lib/api-error";
import { parseJsonObject } from "../../lib/json-text";
import type { SchemaDoc } from "../../lib/types";

export const PROPERTY_TYPES = ["string", "number", "integer", "boolean", "object", "array"] as const;
export type PropertyType = (typeof PROPERTY_TYPES)[number];

export type PropertyRow = { name: string; type: string; required: boolean };
export type NewProperty = { name: string; type: PropertyType; required: boolean };

export const EMPTY_SCHEMA: SchemaDoc = { type: "object", properties: {} };

export const formatSchema = (doc: SchemaDoc) => JSON.stringify(doc, null, 2);

type Parsed = { ok: true; doc: SchemaDoc } | { ok: false; message: string };

/** The text as a schema object, or what is wrong with it as JSON (the subset is the server's to check). */
export function parseSchemaText(text: string): Parsed {
  const parsed = parseJsonObject(text, {
    empty: "The schema is empty: start from { \"type\": \"object\" }.",
    notObject: "The schema must be a JSON object, like { \"type\": \"object\" }.",
  });
  return parsed.ok ? { ok: true, doc: parsed.value } : parsed;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function typeLabel(schema: unknown): string {
  if (!isObject(schema)) return "?";
  const t = schema.type;
  if (typeof t === "string") return t;
  if (Array.isArray(t)) return t.join(" | ");
  if (Array.isArray(schema.enum)) return "enum";
  if ("const" in schema) return "const";
  return "any";
}

/** Top-level properties with their type and whether they are required, in document order. */
export function listProperties(doc: SchemaDoc): PropertyRow[] {
  const props = isObject(doc.properties) ? doc.properties : {};
  const required = Array.isArray(doc.required) ? doc.required : [];
  return Object.entries(props).map(([name, schema]) => ({ name, type: typeLabel(schema), required: required.includes(name) }));
}

type Added = { ok: true; doc: SchemaDoc } | { ok: false; field: "name" | "type"; message: string };

/** A copy of the schema with one more property (and its name in `required` when asked). */
export function addProperty(doc: SchemaDoc, prop: NewProperty): Added {
  const name = prop.name.trim();
  if (!name) return { ok: false, field: "name", message: "Give the property a name." };
  if (name.length > 100) return { ok: false, field: "name", message: "At most 100 characters." };
  if (!(PROPERTY_TYPES as readonly string[]).includes(prop.type)) return { ok: false, field: "type", message: "Pick a type." };
  const props = isObject(doc.properties) ? doc.properties : {};
  if (Object.hasOwn(props, name)) return { ok: false, field: "name", message: `"${name}" is already a property.` };

  const next: SchemaDoc = { ...doc, properties: { ...props, [name]: { type: prop.type } } };
  if (doc.type === undefined) next.type = "object";
  if (prop.required) {
    const required = Array.isArray(doc.required) ? doc.required : [];
    next.required = [...required, name];
  }
  return { ok: true, doc: next };
}

/** A copy without the property, and without its name in `required`. */
export function removeProperty(doc: SchemaDoc, name: string): SchemaDoc {
  const props = isObject(doc.properties) ? { ...doc.properties } : {};
  delete props[name];
  const next: SchemaDoc = { ...doc, properties: props };
  if (Array.isArray(doc.required)) {
    const required = doc.required.filter((r) => r !== name);
    if (required.length) next.required = required;
    else delete next.required;
  }
  return next;
}

/** Marks a property required or not. */
export function setRequired(doc: SchemaDoc, name: string, required: boolean): SchemaDoc {
  const list = Array.isArray(doc.required) ? doc.required.filter((r) => r !== name) : [];
  if (required) list.push(name);
  const next: SchemaDoc = { ...doc };
  if (list.length) next.required = list;
  else delete next.required;
  return next;
}

/**
 * The server's messages about the document, keyed by the path inside it (`properties.age.minimum`,
 * or `(root)` for the whole document); messages about other fields (`description`, `type`) are
 * kept under their own names.
 */
export function schemaIssues(details: FieldIssue[]): { schema: FieldIssue[]; fields: Record<string, string> } {
  const schema: FieldIssue[] = [];
  const fields: Record<string, string> = {};
  for (const d of details) {
    if (d.path === "jsonSchema") schema.push({ path: "(root)", message: d.message });
    else if (d.path.startsWith("jsonSchema.")) schema.push({ path: d.path.slice("jsonSchema.".length), message: d.message });
    else fields[d.path] ??= d.message;
  }
  return { schema, fields };
}

/** The messages that concern one top-level property, for showing beside it in the helper. */
export const issuesOfProperty = (issues: FieldIssue[], name: string) =>
  issues.filter((i) => i.path === `properties.${name}` || i.path.startsWith(`properties.${name}.`));
