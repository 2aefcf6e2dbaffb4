/**
 * Templates in provider and custom-action settings — a URL, header values, a JSON body — with
 * the `{{ }}` tokens of offer content, rendered by the same engine (decisioning/template.ts):
 * bodies in its `json` format, so every value is escaped for a JSON string and a visitor's data
 * cannot change the document's shape; URLs in its `image` format, so values are URL-encoded;
 * header values as text with line breaks removed, so no value can add a header.
 *
 * What a template may read (checked at save, with the field's path in the error):
 * - `profile` — `profile.id`, and the profile's attributes (read only when a template needs one);
 * - `journey` — `journey.id`, `journey.version`, `journey.node`, and `journey.entry`, the entry
 *   event's payload (the journey's variables);
 * - `message` — for providers: `message.id`, `message.channel`, `message.title`, `message.body`,
 *   `message.cta.label`, `message.cta.url`;
 * - `delivery.id` — the delivery's id, the same on every attempt (an idempotency key);
 * - `to` — for providers: the recipient (the profile's email address, phone number);
 * - `secrets.<name>` — only in custom actions' header values.
 *
 * A URL's scheme and host are fixed text: tokens may appear only from its path on, so no data
 * can send a request to another host.
 */
import { Liquid } from "liquidjs";
import { renderContent, type TemplateScope } from "../decisioning/template";
import type { JsonObject } from "../profiles/events";

export type SendScope = {
  profile: Record<string, unknown> & { id: string };
  journey: { id?: string; version?: number; node?: string; entry?: JsonObject };
  /** The message; an email from a template also has its rendered `subject`, `html` and `text`. */
  message: { id?: string; channel?: string; title?: string | null; body?: string | null; cta?: { label: string; url: string } | null; subject?: string; html?: string; text?: string };
  delivery: { id: string };
  to: string;
  secrets?: Record<string, string>;
};

const NAMESPACES = new Set(["profile", "journey", "message", "delivery", "to"]);

const checker = new Liquid({ strictFilters: true, ownPropertyOnly: true });
for (const name of ["include", "render", "layout"]) {
  checker.registerTag(name, {
    parse() {
      throw new Error(`{% ${name} %} is not available in provider templates`);
    },
    render() {},
  });
}

const hasTokens = (text: string) => text.includes("{{") || text.includes("{%");

/**
 * Why a template cannot be saved, or null. `secrets` lists the names it may read as
 * `secrets.<name>` ("any" while the names are not known yet); without it, secrets are refused.
 */
export function checkSendTemplate(content: string, opts: { secrets?: readonly string[] | "any"; json?: boolean } = {}): string | null {
  if (!hasTokens(content)) return opts.json ? checkJson(content) : null;
  try {
    const templates = checker.parse(content);
    const segments = checker.globalVariableSegmentsSync(templates);
    for (const s of segments) {
      const [root, name] = s;
      if (root === "secrets") {
        if (!opts.secrets) return "Secrets can be read only in a custom action's header values (a provider's goes in its auth header)";
        if (typeof name !== "string" || (opts.secrets !== "any" && !opts.secrets.includes(name))) return `No secret named "${String(name ?? "")}": define it under "secrets" first`;
        continue;
      }
      if (typeof root !== "string" || !NAMESPACES.has(root)) {
        return `Unknown name "${String(root)}": templates read profile, journey, message, delivery or to (e.g. {{ profile.id }})`;
      }
    }
    return opts.json ? checkJson(renderContent(content, "json", sampleScope(segments) as unknown as TemplateScope)) : null;
  } catch (err) {
    return err instanceof Error ? err.message.replace(/, line:(\d+), col:(\d+)$/, " (line $1, column $2)") : String(err);
  }
}

function checkJson(rendered: string): string | null {
  try {
    JSON.parse(rendered);
    return null;
  } catch (err) {
    return `The body must render to JSON: ${(err as Error).message}`;
  }
}

/** A scope holding 0 wherever the template reads a value: enough to see the JSON's shape. */
function sampleScope(segments: unknown[][]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const path of segments) {
    let at = root;
    path.forEach((segment, i) => {
      const key = String(segment);
      if (i === path.length - 1) {
        if (!(key in at)) at[key] = 0;
        return;
      }
      if (typeof at[key] !== "object" || at[key] === null) at[key] = {};
      at = at[key] as Record<string, unknown>;
    });
  }
  return root;
}

/** Where a URL's fixed part ends: tokens may only follow the host. */
export function checkUrlTemplate(url: string): string | null {
  const firstToken = url.search(/\{\{|\{%/);
  const fixed = firstToken < 0 ? url : url.slice(0, firstToken);
  const match = /^(https?):\/\/([^/?#]+)[/?#]/.exec(fixed) ?? (firstToken < 0 ? /^(https?):\/\/([^/?#]+)$/.exec(fixed) : null);
  if (!match) return "Start with https:// and a host; tokens may appear only after the host";
  let parsed: URL;
  try {
    parsed = new URL(`${match[1]}://${match[2]}/`);
  } catch {
    return "Not a URL";
  }
  return checkOrigin(parsed);
}

/** https, or http to this machine (local development and tests). */
export function checkOrigin(url: URL): string | null {
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname)) return null;
  return "Use https (http is accepted only for localhost and 127.0.0.1)";
}

/** The secret names a template reads. */
export function secretsRead(content: string): string[] {
  if (!hasTokens(content)) return [];
  try {
    return checker.globalVariableSegmentsSync(checker.parse(content)).filter((s) => s[0] === "secrets" && typeof s[1] === "string").map((s) => s[1] as string);
  } catch {
    return [];
  }
}

export const needsProfile = (templates: readonly (string | undefined)[]) => templates.some((t) => t && /\bprofile\.(?!id\b)/.test(t));

const asScope = (scope: SendScope) => scope as unknown as TemplateScope;

export const renderJson = (content: string, scope: SendScope) => renderContent(content, "json", asScope(scope));
export const renderUrl = (content: string, scope: SendScope) => renderContent(content, "image", asScope(scope));
export const renderHeader = (content: string, scope: SendScope) => renderContent(content, "text", asScope(scope)).replace(/[\r\n]+/g, " ").trim();
