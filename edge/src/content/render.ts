/**
 * Rendering a message template for one person: each part of the channel's content, with the
 * template's fragments included, rendered by the offers' template engine and escaped for what
 * the part is.
 *
 * Why it is built this way:
 * - **Pure and synchronous.** `renderMessage` takes the template, its fragments and the values,
 *   and reads nothing else, so the delivery consumer renders in its own loop and tests need no
 *   bindings. `loadMessage` is the one read from D1 (the template and the fragments it uses).
 * - **Escaped by default, per part.** HTML parts are HTML-escaped; subjects, preheaders, titles,
 *   SMS and push bodies are text (left as they are: the channel shows them as text); URL parts
 *   URL-encode each output, so a value cannot change where a link goes (`| raw` opts out, for a
 *   whole URL the author trusts). Once rendered, a URL must be http(s) or a path, else the part
 *   is left out: a profile value never becomes a `javascript:` link.
 * - **One line where one line is expected.** Subject, preheader, titles and labels have line
 *   breaks folded into spaces after rendering, so no value can add a mail header.
 * - **Never throws.** A missing fragment renders as nothing; a failing output renders as empty
 *   (see template.ts).
 */
import { and, eq } from "drizzle-orm";
import { database, schema } from "../db";
import { renderContent, type ContentFormat, type TemplateScope } from "../decisioning/template";
import type { Proposition } from "../profiles/profile-object";
import { expandFragments, fragmentRefs, type Fragments } from "./language";
import type { Channel, EmailParts, InAppParts, MessageParts, PartsOf, PushParts, SmsParts } from "./schemas";

export type { Fragments };

/** A stored template, as renderMessage needs it. */
export type MessageTemplate<C extends Channel = Channel> = { id: string; channel: C; content: Record<string, string> };

/** An offer as a decision gives it: what `offers.<placement>` lists. */
export type OfferItem = Record<string, unknown> & { offerId?: string; content?: string; link?: string };

export type MessageScope = {
  /** The profile's attributes: `profile.*`. */
  profile?: Record<string, unknown>;
  /** The journey's variables (its entry event's payload): `journey.*`. */
  journey?: Record<string, unknown>;
  /** Offers by placement, from a decision run for the profile: `offers.<placement>`. */
  offers?: Record<string, readonly OfferItem[]>;
  /** When the message is rendered (epoch ms; default now): `context.now`. */
  now?: number;
  /** Data the sender passed (an API-triggered campaign's context): `context.*`, beside the names the edge sets. */
  context?: Record<string, unknown>;
};

/**
 * Where an email's unsubscribe link goes: `{{ context.unsubscribeUrl }}` renders as this
 * address, which `trackEmail` replaces with the person's own link. The `.invalid` domain never
 * resolves, so a preview's link leads nowhere.
 */
export const UNSUBSCRIBE_PLACEHOLDER = "https://unsubscribe.parcours.invalid/";

/** The scope of `offers.*` from a decision's propositions: each placement's items. */
export function offersFromPropositions(propositions: readonly Proposition[]): Record<string, OfferItem[]> {
  const offers: Record<string, OfferItem[]> = {};
  for (const p of propositions) {
    (offers[p.placement] ??= []).push(...p.items.map(({ trackingToken: _token, ...item }) => ({ ...item, id: item.offerId })));
  }
  return offers;
}

type PartKind = "html" | "text" | "line" | "url";
const FORMATS: Record<PartKind, ContentFormat> = { html: "html", text: "text", line: "text", url: "image" };
const KINDS: Record<Channel, Record<string, PartKind>> = {
  email: { subject: "line", preheader: "line", html: "html", text: "text" },
  sms: { body: "text" },
  push: { title: "line", body: "text", url: "url" },
  "in-app": { title: "line", body: "text", ctaLabel: "line", ctaUrl: "url" },
  web: { title: "line", body: "text", ctaLabel: "line", ctaUrl: "url" },
};
/** Parts every message of the channel has, even when they render empty; the others are then left out. */
const REQUIRED: Record<Channel, ReadonlySet<string>> = {
  email: new Set(["subject", "html"]),
  sms: new Set(["body"]),
  push: new Set(["title", "body"]),
  "in-app": new Set(["body"]),
  web: new Set(["body"]),
};

/** What each part of a channel is rendered as, for the docs and the console. */
export const partKinds = (channel: Channel): Readonly<Record<string, PartKind>> => KINDS[channel];

const oneLine = (text: string) => text.replace(/\s*[\r\n]+\s*/g, " ").trim();
const safeUrl = (text: string) => {
  const url = text.trim();
  return /^(https?:\/\/[^\s]+|\/(?!\/)[^\s]*)$/i.test(url) ? url : undefined;
};

function renderPart(kind: PartKind, content: string, fragments: Fragments, scope: TemplateScope): string | undefined {
  const { text } = expandFragments(content, fragments);
  const out = renderContent(text, FORMATS[kind], scope);
  if (kind === "line") return oneLine(out);
  if (kind === "url") return safeUrl(out);
  return out;
}

/**
 * The message's parts for one person. `template.content` holds the channel's parts as saved
 * (validated at save); `fragments` the contents of the fragments it includes (loadMessage reads
 * them); `sandbox` is `context.sandbox`.
 *
 * Email: `html` gets the preheader as a hidden first line of the body, and `text` is derived from
 * the HTML when the template has none. Optional parts that render empty are left out.
 */
export function renderMessage<C extends Channel>(fragments: Fragments, sandbox: string, template: MessageTemplate<C>, scope: MessageScope): PartsOf<C> {
  const now = scope.now ?? Date.now();
  const context: Record<string, unknown> = {
    ...(scope.context ?? {}),
    now: new Date(now).toISOString(),
    sandbox,
    channel: template.channel,
    template: template.id,
    ...(template.channel === "email" ? { unsubscribeUrl: UNSUBSCRIBE_PLACEHOLDER } : {}),
  };
  const values = { profile: scope.profile ?? {}, journey: scope.journey ?? {}, offers: scope.offers ?? {}, context } as unknown as TemplateScope;
  const kinds = KINDS[template.channel];
  const parts: Record<string, string> = {};
  for (const [name, kind] of Object.entries(kinds)) {
    const content = template.content[name];
    if (typeof content !== "string") continue;
    const out = renderPart(kind, content, fragments, values);
    if (out !== undefined && (out !== "" || REQUIRED[template.channel].has(name))) parts[name] = out;
  }
  if (template.channel === "email") {
    const html = parts.html ?? "";
    if (parts.text === undefined) parts.text = htmlToText(html);
    if (parts.preheader) parts.html = withPreheader(html, parts.preheader);
  }
  if ((template.channel === "in-app" || template.channel === "web") && (!parts.ctaLabel || !parts.ctaUrl)) {
    delete parts.ctaLabel;
    delete parts.ctaUrl;
  }
  return parts as unknown as PartsOf<C>;
}

export type { EmailParts, InAppParts, MessageParts, PushParts, SmsParts };

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;" };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]);

/** The preheader as the hidden start of the body, where mail clients read their preview line. */
function withPreheader(html: string, preheader: string): string {
  const block = `<div style="display:none;max-height:0;overflow:hidden;mso-hide:all">${escapeHtml(preheader)}</div>`;
  const body = /<body\b[^>]*>/i.exec(html);
  return body ? html.slice(0, body.index + body[0].length) + block + html.slice(body.index + body[0].length) : block + html;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", copy: "©", reg: "®", hellip: "…", mdash: "—", ndash: "–", rsquo: "’", lsquo: "‘", rdquo: "”", ldquo: "“", euro: "€" };

/** HTML character references decoded once (`&amp;lt;` stays `&lt;`). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]+\d*);/gi, (whole, ref: string) => {
    if (ref[0] === "#") {
      const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/**
 * A plain-text version of an HTML email: block ends become line breaks, links keep their
 * address in brackets after the label, head, styles and scripts go, entities are decoded.
 */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<(head|style|script|title|template)\b[\s\S]*?<\/\1\s*>/gi, "")
    .replace(/<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))[^>]*>([\s\S]*?)<\/a\s*>/gi, (_m, d: string | undefined, s: string | undefined, u: string | undefined, label: string) => {
      const href = (d ?? s ?? u ?? "").trim();
      const words = label.replace(/<[^>]*>/g, "").trim();
      if (!/^(https?:|mailto:)/i.test(href)) return words;
      if (!words || decodeEntities(words) === decodeEntities(href)) return href;
      return `${words} (${href})`;
    })
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<li\b[^>]*>/gi, "\n- ")
    .replace(/<\/?(p|div|h[1-6]|ul|ol|li|tr|table|tbody|thead|blockquote|section|article|header|footer|center|hr)\b[^>]*>/gi, "\n")
    .replace(/<\/t[dh]\s*>/gi, " ")
    .replace(/<[^>]*>/g, "");
  return decodeEntities(text)
    .split("\n")
    .map((l) => l.replace(/[ \t\f\v\u00a0]+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** The fragments a content needs, following fragments that include others. */
export function fragmentsNeeded(contents: Iterable<string>, all: Fragments): Record<string, string> {
  const needed: Record<string, string> = {};
  const queue = [...contents].flatMap(fragmentRefs);
  while (queue.length) {
    const id = queue.pop()!;
    if (Object.hasOwn(needed, id) || !Object.hasOwn(all, id)) continue;
    needed[id] = all[id];
    queue.push(...fragmentRefs(all[id]));
  }
  return needed;
}

/** A sandbox's fragments by id. */
export async function loadFragments(env: Env, sandbox: string): Promise<Record<string, string>> {
  const rows = await database(env.DB).select({ id: schema.fragments.id, content: schema.fragments.content }).from(schema.fragments).where(eq(schema.fragments.sandboxId, sandbox));
  return Object.fromEntries(rows.map((r) => [r.id, r.content]));
}

/** A template and the fragments it includes, ready for renderMessage; null when there is no such template. */
export async function loadMessage(env: Env, sandbox: string, templateId: string): Promise<{ template: MessageTemplate; fragments: Record<string, string> } | null> {
  const { templates } = schema;
  const row = await database(env.DB)
    .select({ id: templates.id, channel: templates.channel, content: templates.content })
    .from(templates)
    .where(and(eq(templates.sandboxId, sandbox), eq(templates.id, templateId)))
    .get();
  if (!row) return null;
  const refs = Object.values(row.content).flatMap((c) => (typeof c === "string" ? fragmentRefs(c) : []));
  const fragments = refs.length ? fragmentsNeeded(Object.values(row.content), await loadFragments(env, sandbox)) : {};
  return { template: row, fragments };
}
