/**
 * Validates event payloads and profile attributes against a sandbox's published schemas.
 *
 * Schemas are compiled once per snapshot (the cache is keyed by the snapshot's `SchemaSet`, so a
 * new publish starts a new cache and an old snapshot's validators are dropped with it) and per
 * event type on first use. Errors name the field as the caller sent it (`data.price`,
 * `attributes.age`). Fields a schema does not declare are "unknown": an error in strict mode, and
 * in lenient mode kept and listed for the caller to flag.
 */
import { Validator, type OutputUnit, type Schema } from "@cfworker/json-schema";
import type { SandboxSettings, SchemaSet } from "../config/snapshot";
import type { ErrorDetail } from "../http/errors";

export type SchemaMode = SandboxSettings["schemaMode"];
export type SchemaCheck = { errors: ErrorDetail[]; unknown: string[] };

/** Event types Parcours itself defines; accepted without a schema in either mode. */
export const BUILT_IN_EVENT_TYPES: ReadonlySet<string> = new Set([
  "page.view",
  "proposition.display",
  "proposition.click",
  "profile.update",
  "identity.login",
  "consent.update",
  "message.display",
  "message.click",
  "message.dismiss",
]);

type Doc = Record<string, unknown>;
type Compiled = { root: Doc; validator: Validator };

const isPlainObject = (v: unknown): v is Doc => typeof v === "object" && v !== null && !Array.isArray(v);

/** The compiled validators of one published schema set; build it with `compileSchemas`. */
export class CompiledSchemas {
  #profile: Compiled | null | undefined;
  readonly #events = new Map<string, Compiled | null>();

  constructor(readonly set: SchemaSet) {}

  /**
   * The profile schema without its top-level `required`: attributes arrive a few at a time, so
   * one update cannot be expected to carry every required attribute.
   */
  profile(): Compiled | null {
    if (this.#profile === undefined) {
      const doc = this.set.profile;
      if (!doc) this.#profile = null;
      else {
        const { required: _ignored, ...rest } = doc;
        this.#profile = build(rest);
      }
    }
    return this.#profile;
  }

  event(type: string): Compiled | null {
    let entry = this.#events.get(type);
    if (entry === undefined) {
      entry = Object.hasOwn(this.set.events, type) ? build(this.set.events[type]) : null;
      this.#events.set(type, entry);
    }
    return entry;
  }
}

function build(doc: Doc): Compiled {
  // The validator annotates the schema objects it is given; keep the snapshot's own untouched.
  const root = structuredClone(doc);
  return { root, validator: new Validator(root as Schema, "2019-09", false) };
}

const cache = new WeakMap<SchemaSet, CompiledSchemas>();

/** Validators for a snapshot's schemas, built once per schema set. */
export function compileSchemas(set: SchemaSet): CompiledSchemas {
  let compiled = cache.get(set);
  if (!compiled) {
    compiled = new CompiledSchemas(set);
    cache.set(set, compiled);
  }
  return compiled;
}

const accepted = (): SchemaCheck => ({ errors: [], unknown: [] });

/** Checks the `data` of one event of type `type`; paths start with `data`. */
export function validateEventData(compiled: CompiledSchemas, mode: SchemaMode, type: string, data: unknown): SchemaCheck {
  if (BUILT_IN_EVENT_TYPES.has(type)) return accepted();
  const entry = compiled.event(type);
  if (!entry) {
    return mode === "strict" ? { errors: [{ path: "type", message: `No schema for event type "${type}"` }], unknown: [] } : accepted();
  }
  return check(entry, data ?? {}, "data", mode);
}

/** Checks the attributes an update sets (not the whole profile); paths start with `attributes`. */
export function validateAttributes(compiled: CompiledSchemas, mode: SchemaMode, attrs: Record<string, unknown>): SchemaCheck {
  const entry = compiled.profile();
  if (!entry) {
    if (mode === "lenient") return accepted();
    return {
      errors: Object.keys(attrs).map((key) => ({ path: `attributes.${key}`, message: "Unknown attribute: the sandbox has no profile schema and its schema mode is strict" })),
      unknown: [],
    };
  }
  return check(entry, attrs, "attributes", mode);
}

function check(entry: Compiled, value: unknown, prefix: string, mode: SchemaMode): SchemaCheck {
  let units: OutputUnit[];
  try {
    units = entry.validator.validate(value).errors;
  } catch {
    // Only a schema that slipped past checkSchemaDocument gets here; refuse rather than guess.
    return { errors: [{ path: prefix, message: "The schema for this data could not be applied; republish a valid schema" }], unknown: [] };
  }
  const errors = units.flatMap((unit) => detailOf(unit, entry.root, value, prefix));
  const unknown: string[] = [];
  collectUnknown(entry.root, value, prefix, unknown);
  if (mode === "strict") {
    for (const path of unknown) errors.push({ path, message: "Unknown field: it is not in the schema" });
    return { errors, unknown: [] };
  }
  return { errors, unknown };
}

/**
 * Fields of objects whose schema lists `properties` but not this one. An explicit
 * `additionalProperties` decides on its own: `false` is a validation error already, `true` opens
 * the object on purpose.
 */
function collectUnknown(schema: Doc, value: unknown, path: string, out: string[]) {
  if (isPlainObject(value)) {
    const props = schema.properties;
    if (!isPlainObject(props)) return;
    for (const [key, v] of Object.entries(value)) {
      const sub = Object.hasOwn(props, key) ? props[key] : undefined;
      if (sub === undefined) {
        if (schema.additionalProperties === undefined) out.push(`${path}.${key}`);
      } else if (isPlainObject(sub)) {
        collectUnknown(sub, v, `${path}.${key}`, out);
      }
    }
  } else if (Array.isArray(value) && isPlainObject(schema.items)) {
    const items = schema.items;
    value.forEach((v, i) => collectUnknown(items, v, `${path}.${i}`, out));
  }
}

// Units that only say "a child failed"; the child's own unit carries the reason.
const WRAPPERS = new Set(["properties", "items", "additionalProperties", "$ref"]);

const segments = (pointer: string) =>
  pointer
    .replace(/^#\/?/, "")
    .split("/")
    .filter((s) => s !== "")
    .map((s) => decodeURIComponent(s).replace(/~1/g, "/").replace(/~0/g, "~"));

function resolve(root: unknown, pointer: string): unknown {
  let node = root;
  for (const key of segments(pointer)) node = node !== null && typeof node === "object" ? (node as Doc)[key] : undefined;
  return node;
}

const fieldPath = (prefix: string, pointer: string) => [prefix, ...segments(pointer)].join(".");

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

const FORMAT_LABELS: Record<string, string> = {
  email: "an email address",
  "date-time": "a date and time such as 2026-11-29T10:00:00Z",
  date: "a date such as 2026-11-29",
  uri: "an absolute URI such as https://example.com/",
  uuid: "a UUID",
};

function listOf(values: unknown[]): string {
  const shown = values.slice(0, 10).map((v) => JSON.stringify(v)).join(", ");
  return values.length > 10 ? `${shown}, …` : shown;
}

function detailOf(unit: OutputUnit, root: Doc, value: unknown, prefix: string): ErrorDetail[] {
  if (WRAPPERS.has(unit.keyword)) return [];
  const path = fieldPath(prefix, unit.instanceLocation);
  const rule = resolve(root, unit.keywordLocation);
  switch (unit.keyword) {
    case "required": {
      const missing = /required property "(.*)"\.?$/.exec(unit.error)?.[1];
      return [{ path: missing === undefined ? path : `${path}.${missing}`, message: "Required" }];
    }
    case "false":
      return [{ path, message: "Not allowed: this object accepts only the fields its schema lists" }];
    case "type": {
      const wanted = Array.isArray(rule) ? rule.join(" or ") : String(rule);
      return [{ path, message: `Must be ${wanted}, not ${typeName(resolve(value, unit.instanceLocation))}` }];
    }
    case "const":
      return [{ path, message: `Must be ${JSON.stringify(rule)}` }];
    case "enum":
      return [{ path, message: `Must be one of ${listOf(rule as unknown[])}` }];
    case "minimum":
      return [{ path, message: `Must be at least ${rule}` }];
    case "maximum":
      return [{ path, message: `Must be at most ${rule}` }];
    case "exclusiveMinimum":
      return [{ path, message: `Must be greater than ${rule}` }];
    case "exclusiveMaximum":
      return [{ path, message: `Must be less than ${rule}` }];
    case "minLength":
      return [{ path, message: `Must be at least ${rule} characters long` }];
    case "maxLength":
      return [{ path, message: `Must be at most ${rule} characters long` }];
    case "pattern":
      return [{ path, message: `Must match the pattern ${rule}` }];
    case "format":
      return [{ path, message: `Must be ${FORMAT_LABELS[String(rule)] ?? `in format ${rule}`}` }];
    case "minItems":
      return [{ path, message: `Must have at least ${rule} items` }];
    case "maxItems":
      return [{ path, message: `Must have at most ${rule} items` }];
    default:
      return [{ path, message: unit.error }];
  }
}
