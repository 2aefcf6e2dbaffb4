// The representation preview's token filling. It runs in the browser for display only, and knows
// only the two simplest forms, `{{ profile.x }}` and `{{ profile.x | default: "y" }}`; the edge
// renders the full Liquid language (docs/templates.md). Every filled value is escaped for the
// format as the edge does it, so a hostile sample value cannot change the preview's markup.
import { parseJsonObject } from "../../lib/json-text";
import type { Format } from "../../lib/types";

export const DEFAULT_SAMPLE_PROFILE = '{ "firstName": "Ada" }';

export type Filled = {
  /** The content with the known tokens filled in. */
  output: string;
  /** Liquid the preview leaves as written (tags, other names, other filters), for a note. */
  unsupported: string[];
};

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** Escapes one output as the edge does for the format: markup in html, string syntax in json, a URL part in image. */
export function escapeFor(format: Format, text: string): string {
  if (format === "html") return escapeHtml(text);
  if (format === "json") return JSON.stringify(text).slice(1, -1);
  if (format === "image") return encodeURIComponent(text);
  return text;
}

const PATH = String.raw`[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*`;
const QUOTED = String.raw`"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'`;
const TOKEN = new RegExp(String.raw`\{\{-?\s*profile\.(${PATH})\s*(?:\|\s*default\s*:\s*(${QUOTED})\s*)?-?\}\}`, "g");
const ANY_LIQUID = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g;

/** Reads `a.b.c` from the sample's own fields only (never `constructor` or `__proto__`). */
function lookup(profile: Record<string, unknown>, path: string): unknown {
  let here: unknown = profile;
  for (const part of path.split(".")) {
    if (typeof here !== "object" || here === null || !Object.hasOwn(here, part)) return undefined;
    here = (here as Record<string, unknown>)[part];
  }
  return here;
}

/** What Liquid prints for a value; nothing for a missing one. */
function printed(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.map(printed).join("");
  return JSON.stringify(value);
}

/** Liquid's `default` applies to nil, false and empty strings or lists. */
const isEmpty = (v: unknown) => v === undefined || v === null || v === false || v === "" || (Array.isArray(v) && v.length === 0);

function unquote(literal: string): string {
  return literal.slice(1, -1).replace(/\\(.)/g, "$1");
}

export function fillTokens(content: string, profile: Record<string, unknown>, format: Format): Filled {
  const output = content.replace(TOKEN, (_match, path: string, fallback?: string) => {
    const value = lookup(profile, path);
    const text = isEmpty(value) && fallback !== undefined ? unquote(fallback) : printed(value);
    return escapeFor(format, text);
  });
  const unsupported = [...new Set(content.replace(TOKEN, "").match(ANY_LIQUID) ?? [])];
  return { output, unsupported };
}

export type SampleProfile = { ok: true; value: Record<string, unknown> } | { ok: false; message: string };

/** The sample profile box: a JSON object of attributes; empty means no attributes. */
export function readSampleProfile(text: string): SampleProfile {
  if (!text.trim()) return { ok: true, value: {} };
  const notObject = 'Give the sample as a JSON object of attributes, such as { "firstName": "Ada" }.';
  return parseJsonObject(text, { empty: notObject, notObject });
}

/** A json representation shown indented; content that is not JSON is shown as it is, with the parser's message. */
export function prettyJson(text: string): { text: string; error?: string } {
  try {
    return { text: JSON.stringify(JSON.parse(text), null, 2) };
  } catch (err) {
    return { text, error: err instanceof Error ? err.message : String(err) };
  }
}
