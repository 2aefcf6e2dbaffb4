/**
 * The JSON Schema subset Parcours accepts for profile attributes and event payloads
 * (docs/schemas.md), and the check that a stored schema stays inside it.
 *
 * The subset is small on purpose: every keyword here is one a person can read in the console and
 * the edge can check in microseconds. No `$ref`, no combinators, no `patternProperties`: a schema
 * is a tree of plain types. Limits on depth, size and `pattern` keep validation cheap per event.
 */
import type { ErrorDetail } from "../http/errors";
import { checkPattern } from "./regex-guard";

export const MAX_SCHEMA_DEPTH = 10;
export const MAX_SCHEMA_BYTES = 32 * 1024;
export const MAX_ENUM_VALUES = 500;

export const SCHEMA_TYPES = ["string", "number", "integer", "boolean", "object", "array", "null"] as const;
export type SchemaType = (typeof SCHEMA_TYPES)[number];

export const SCHEMA_FORMATS = ["email", "date-time", "date", "uri", "uuid"] as const;

/** Keywords and the instance types they apply to (`null` = any type). */
const KEYWORDS: Record<string, readonly SchemaType[] | null> = {
  type: null,
  enum: null,
  const: null,
  description: null,
  title: null,
  default: null,
  properties: ["object"],
  required: ["object"],
  additionalProperties: ["object"],
  minimum: ["number", "integer"],
  maximum: ["number", "integer"],
  exclusiveMinimum: ["number", "integer"],
  exclusiveMaximum: ["number", "integer"],
  minLength: ["string"],
  maxLength: ["string"],
  pattern: ["string"],
  format: ["string"],
  items: ["array"],
  minItems: ["array"],
  maxItems: ["array"],
};

export const SUPPORTED_KEYWORDS = Object.keys(KEYWORDS);

const ROOT_ONLY = new Set(["$schema"]);

type Doc = Record<string, unknown>;

const isPlainObject = (v: unknown): v is Doc => typeof v === "object" && v !== null && !Array.isArray(v);
const isCount = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= 0;
const at = (path: string, key: string) => (path ? `${path}.${key}` : key);
const byteLength = (text: string) => new TextEncoder().encode(text).length;

function typesOf(schema: Doc): SchemaType[] | null {
  const t = schema.type;
  if (typeof t === "string") return (SCHEMA_TYPES as readonly string[]).includes(t) ? [t as SchemaType] : null;
  if (Array.isArray(t) && t.every((x) => (SCHEMA_TYPES as readonly string[]).includes(x))) return t as SchemaType[];
  return null;
}

function checkType(value: unknown, path: string, out: ErrorDetail[]) {
  const allowed = `Use one of ${SCHEMA_TYPES.join(", ")}`;
  if (typeof value === "string") {
    if (!(SCHEMA_TYPES as readonly string[]).includes(value)) out.push({ path, message: `Unknown type "${value}". ${allowed}` });
    return;
  }
  if (!Array.isArray(value) || value.length === 0) {
    out.push({ path, message: `Give a type name or a non-empty list of them. ${allowed}` });
    return;
  }
  value.forEach((t, i) => {
    if (typeof t !== "string" || !(SCHEMA_TYPES as readonly string[]).includes(t)) out.push({ path: `${path}.${i}`, message: `Unknown type ${JSON.stringify(t)}. ${allowed}` });
  });
  if (new Set(value).size !== value.length) out.push({ path, message: "List each type once" });
}

/** Lower bound must not exceed the upper one (same for lengths and item counts). */
function checkRange(schema: Doc, low: string, high: string, path: string, out: ErrorDetail[]) {
  const a = schema[low];
  const b = schema[high];
  if (typeof a === "number" && typeof b === "number" && a > b) out.push({ path: at(path, high), message: `Must be at least ${low} (${a})` });
}

function checkNode(schema: unknown, path: string, depth: number, out: ErrorDetail[]) {
  const where = path || "(root)";
  if (!isPlainObject(schema)) {
    out.push({ path: where, message: "A schema must be a JSON object, e.g. { \"type\": \"string\" }" });
    return;
  }
  if (depth > MAX_SCHEMA_DEPTH) {
    out.push({ path: where, message: `Schemas may nest at most ${MAX_SCHEMA_DEPTH} levels deep` });
    return;
  }
  const types = typesOf(schema);

  for (const [key, value] of Object.entries(schema)) {
    const here = at(path, key);
    if (ROOT_ONLY.has(key) && depth === 1) {
      if (typeof value !== "string") out.push({ path: here, message: "Must be a string" });
      continue;
    }
    if (!(key in KEYWORDS)) {
      out.push({ path: here, message: `"${key}" is not in the supported subset (${SUPPORTED_KEYWORDS.join(", ")})` });
      continue;
    }
    const appliesTo = KEYWORDS[key];
    if (appliesTo && types && !types.some((t) => appliesTo.includes(t))) {
      out.push({ path: here, message: `"${key}" applies to ${appliesTo.join(" or ")} values, but the type here is ${types.join(" or ")}` });
    }

    switch (key) {
      case "type":
        checkType(value, here, out);
        break;
      case "properties":
        if (!isPlainObject(value)) {
          out.push({ path: here, message: "Give an object mapping each property name to its schema" });
          break;
        }
        for (const [name, sub] of Object.entries(value)) {
          if (name.length === 0 || name.length > 100) out.push({ path: at(here, name), message: "Property names are 1 to 100 characters" });
          checkNode(sub, at(here, name), depth + 1, out);
        }
        break;
      case "required":
        if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) out.push({ path: here, message: "Give a list of property names" });
        else if (new Set(value).size !== value.length) out.push({ path: here, message: "List each property once" });
        break;
      case "additionalProperties":
        if (typeof value !== "boolean") out.push({ path: here, message: "Use true or false (schemas for additional properties are not supported)" });
        break;
      case "enum":
        if (!Array.isArray(value) || value.length === 0) out.push({ path: here, message: "Give a non-empty list of allowed values" });
        else if (value.length > MAX_ENUM_VALUES) out.push({ path: here, message: `At most ${MAX_ENUM_VALUES} values` });
        break;
      case "minimum":
      case "maximum":
      case "exclusiveMinimum":
      case "exclusiveMaximum":
        // Draft 4's boolean form is refused so a bound always reads as the number it is.
        if (typeof value !== "number" || !Number.isFinite(value)) out.push({ path: here, message: "Must be a number" });
        break;
      case "minLength":
      case "maxLength":
      case "minItems":
      case "maxItems":
        if (!isCount(value)) out.push({ path: here, message: "Must be a whole number, 0 or more" });
        break;
      case "pattern": {
        const problem = typeof value === "string" ? checkPattern(value) : "Must be a string holding a regular expression";
        if (problem) out.push({ path: here, message: problem });
        break;
      }
      case "format":
        if (typeof value !== "string" || !(SCHEMA_FORMATS as readonly string[]).includes(value)) {
          out.push({ path: here, message: `Unsupported format. Use one of ${SCHEMA_FORMATS.join(", ")}` });
        }
        break;
      case "items":
        checkNode(value, here, depth + 1, out);
        break;
      case "description":
      case "title":
        if (typeof value !== "string") out.push({ path: here, message: "Must be a string" });
        else if (value.length > 2000) out.push({ path: here, message: "At most 2000 characters" });
        break;
      // const and default may be any JSON value.
    }
  }
  checkRange(schema, "minimum", "maximum", path, out);
  checkRange(schema, "minLength", "maxLength", path, out);
  checkRange(schema, "minItems", "maxItems", path, out);
}

/**
 * Checks a schema document against the supported subset. Each problem names its path inside the
 * schema (`properties.age.minimum`; `(root)` for the document itself). Empty means acceptable.
 */
export function checkSchemaDocument(doc: unknown): ErrorDetail[] {
  let text: string;
  try {
    text = JSON.stringify(doc) ?? "";
  } catch {
    return [{ path: "(root)", message: "The schema is not plain JSON" }];
  }
  if (byteLength(text) > MAX_SCHEMA_BYTES) return [{ path: "(root)", message: `The schema is larger than ${MAX_SCHEMA_BYTES / 1024} KB` }];
  const out: ErrorDetail[] = [];
  checkNode(doc, "", 1, out);
  if (isPlainObject(doc)) {
    // Event payloads and profile attributes are objects, so the document describes one.
    const types = typesOf(doc);
    if (types && !types.includes("object")) out.push({ path: "type", message: 'The top of the schema describes an object: use "object"' });
  }
  return out;
}
