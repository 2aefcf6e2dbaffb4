// Offer attributes (what ranking formulas read as `offer.<name>`) as rows of name, type and value.
// The checks here are those the request cannot be built without (a number that is a number, a
// name the edge accepts, each name once); the server checks the rest.
import type { OfferAttributes } from "../../lib/types";

export const MAX_ATTRIBUTES = 50;
export const ATTRIBUTE_NAME = /^[A-Za-z_]\w{0,63}$/;

export type AttrType = "text" | "number" | "boolean";
export type AttrDraft = { key: number; name: string; type: AttrType; value: string };

export const ATTR_TYPES = [
  { value: "number", label: "Number" },
  { value: "text", label: "Text" },
  { value: "boolean", label: "True / false" },
];

let nextKey = 1;

export function newAttr(): AttrDraft {
  return { key: nextKey++, name: "", type: "number", value: "" };
}

export function attrsFromRecord(record: OfferAttributes | null | undefined): AttrDraft[] {
  return Object.entries(record ?? {}).map(([name, v]) => ({
    key: nextKey++,
    name,
    type: typeof v === "number" ? "number" : typeof v === "boolean" ? "boolean" : "text",
    value: String(v),
  }));
}

type Built = { value: OfferAttributes; errors?: undefined } | { value?: undefined; errors: Record<string, string> };

const blank = (a: AttrDraft) => !a.name.trim() && !a.value.trim() && a.type !== "boolean";

/** The record to send, or messages keyed `attributes.<row>.name` / `.value`. Untouched rows are left out. */
export function recordFromAttrs(rows: AttrDraft[]): Built {
  const value: OfferAttributes = {};
  const errors: Record<string, string> = {};
  rows.forEach((row, i) => {
    if (blank(row)) return;
    const name = row.name.trim();
    if (!ATTRIBUTE_NAME.test(name)) errors[`attributes.${i}.name`] = "Start with a letter or _, then letters, digits or _ (at most 64).";
    else if (Object.hasOwn(value, name)) errors[`attributes.${i}.name`] = `"${name}" is already used above.`;
    let v: string | number | boolean = row.value;
    if (row.type === "number") {
      const n = Number(row.value.trim());
      if (!row.value.trim() || !Number.isFinite(n)) errors[`attributes.${i}.value`] = "Enter a number, such as 12.5.";
      v = n;
    } else if (row.type === "boolean") v = row.value === "true";
    if (!errors[`attributes.${i}.name`]) value[name] = v;
  });
  return Object.keys(errors).length ? { errors } : { value };
}

/**
 * The server names an attribute's problem by its name (`attributes.margin`); the form shows it
 * on that row's value (`attributes.2.value`). Other messages pass through.
 */
export function placeAttributeErrors(errors: Record<string, string>, rows: AttrDraft[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) {
    const m = /^attributes\.(.+)$/.exec(path);
    const row = m ? rows.findIndex((r) => r.name.trim() === m[1]) : -1;
    if (m && !/^\d+\.(name|value)$/.test(m[1]) && row >= 0) out[`attributes.${row}.value`] ??= message;
    else out[path] ??= message;
  }
  return out;
}
