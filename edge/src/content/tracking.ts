/**
 * Email tracking: links that go through the edge (which records the click), an open pixel, and
 * an unsubscribe link with the `List-Unsubscribe` headers of RFC 2369 and RFC 8058.
 *
 * Why it is built this way:
 * - **Signed tokens, no table.** Each tracked address carries what it stands for (kind,
 *   sandbox, delivery, profile, and for a click the destination) and an HMAC-SHA256 over it with
 *   a Worker secret. The edge redirects only to a destination it signed itself, so a tracked
 *   link cannot be turned into an open redirect, and a token altered by one character is
 *   refused. Nothing is written per link, so rendering a campaign costs no D1 writes.
 * - **The kind is signed too**, so an open token cannot be replayed as an unsubscribe.
 * - **One secret.** `TRACKING_SECRET` when set (`wrangler secret put TRACKING_SECRET`), else
 *   derived from the admin token, which every deployment has: a deployment tracks out of the
 *   box, and setting its own secret (which invalidates links already sent) separates the two.
 *   The secret is the HMAC key; the signed text starts with a label of its own, so a tracking
 *   signature is never valid anywhere else.
 * - **Tokens do not expire**: an unsubscribe link must keep working long after the send.
 */
import { base64url } from "../identity/random";
import type { EmailParts } from "./schemas";
import { UNSUBSCRIBE_PLACEHOLDER } from "./render";

export type TrackingKind = "click" | "open" | "unsubscribe";
export type TrackingClaim = { kind: TrackingKind; sandbox: string; deliveryId: string; profileId: string; channel: "email"; url?: string };
export type TrackingOptions = {
  sandbox: string;
  /** The delivery's id (its row in `deliveries`): clicks and opens name it. */
  deliveryId: string;
  profileId: string;
  /** The Worker's public origin, such as `https://edge.example.com`: tracked links point there. */
  baseUrl: string;
  /** `trackingSecret(env)`. */
  secret: string;
};
export type UnsubscribeHeaders = { "List-Unsubscribe": string; "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
export type TrackedEmail = {
  html: string;
  /** Headers the provider must add to the message. */
  headers: UnsubscribeHeaders;
  unsubscribeUrl: string;
  /** How many links now go through the edge. */
  links: number;
};

/** Links past this many in one email are left as they are (each carries its own signed token). */
export const MAX_TRACKED_LINKS = 200;
const MAX_TOKEN_LENGTH = 6000;
const LABEL = "parcours/tracking/v1\n";
const KIND_CODES: Record<TrackingKind, string> = { click: "c", open: "o", unsubscribe: "u" };
const CODE_KINDS: Record<string, TrackingKind> = { c: "click", o: "open", u: "unsubscribe" };

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function keyFor(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    if (keys.size > 8) keys.clear();
    key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    keys.set(secret, key);
  }
  return key;
}

/** The secret tracking tokens are signed with, or null when the Worker has neither secret. */
export function trackingSecret(env: Env): string | null {
  const own = (env as Env & { TRACKING_SECRET?: string }).TRACKING_SECRET;
  if (own) return own;
  return env.ADMIN_TOKEN ? `parcours-admin-token:${env.ADMIN_TOKEN}` : null;
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  try {
    const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/** A token for one tracked address: `<payload>.<signature>`, both base64url. */
export async function signToken(secret: string, claim: TrackingClaim): Promise<string> {
  const fields = [KIND_CODES[claim.kind], claim.sandbox, claim.deliveryId, claim.profileId, ...(claim.kind === "click" ? [claim.url ?? ""] : [])];
  const payload = base64url(encoder.encode(JSON.stringify(fields)));
  const signature = await crypto.subtle.sign("HMAC", await keyFor(secret), encoder.encode(LABEL + payload));
  return `${payload}.${base64url(signature)}`;
}

export type TokenVerdict = { ok: true; claim: TrackingClaim } | { ok: false; reason: "malformed" | "forged" };

/** What a token stands for, once its signature is checked. */
export async function verifyToken(secret: string, token: string): Promise<TokenVerdict> {
  const dot = token.lastIndexOf(".");
  if (token.length > MAX_TOKEN_LENGTH || dot <= 0) return { ok: false, reason: "malformed" };
  const payload = token.slice(0, dot);
  const signature = fromBase64url(token.slice(dot + 1));
  const bytes = fromBase64url(payload);
  if (!signature || !bytes || signature.length !== 32) return { ok: false, reason: "malformed" };
  if (!(await crypto.subtle.verify("HMAC", await keyFor(secret), signature, encoder.encode(LABEL + payload)))) return { ok: false, reason: "forged" };
  let fields: unknown;
  try {
    fields = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (!Array.isArray(fields) || fields.some((f) => typeof f !== "string")) return { ok: false, reason: "malformed" };
  const [code, sandbox, deliveryId, profileId, url] = fields as string[];
  const kind = CODE_KINDS[code];
  if (!kind || !sandbox || !deliveryId || !profileId) return { ok: false, reason: "malformed" };
  if (kind === "click" && !/^https?:\/\/[^\s\x00-\x1f\x7f]+$/i.test(url ?? "")) return { ok: false, reason: "malformed" };
  return { ok: true, claim: { kind, sandbox, deliveryId, profileId, channel: "email", ...(kind === "click" ? { url } : {}) } };
}

const ROUTES: Record<TrackingKind, (token: string) => string> = {
  click: (t) => `/t/c/${t}`,
  open: (t) => `/t/o/${t}.gif`,
  unsubscribe: (t) => `/t/u/${t}`,
};

function baseOf(baseUrl: string): string {
  const url = new URL(baseUrl);
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error(`The tracking base URL must be http(s): ${baseUrl}`);
  return url.origin + url.pathname.replace(/\/+$/, "");
}

async function addressOf(options: TrackingOptions, base: string, kind: TrackingKind, url?: string): Promise<string> {
  const { sandbox, deliveryId, profileId, secret } = options;
  return base + ROUTES[kind](await signToken(secret, { kind, sandbox, deliveryId, profileId, channel: "email", ...(url ? { url } : {}) }));
}

const escapeAttribute = (text: string) => text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const decodeAttribute = (text: string) =>
  text.replace(/&(amp|quot|apos|lt|gt|#\d{1,7}|#x[0-9a-f]{1,6});/gi, (whole, ref: string) => {
    const named: Record<string, string> = { amp: "&", quot: '"', apos: "'", lt: "<", gt: ">" };
    if (ref[0] !== "#") return named[ref.toLowerCase()] ?? whole;
    const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });

/** Opening `<a>` tags, quoted attribute values allowed to hold `>`. */
const ANCHOR = /<a\b(?:[^>"']|"[^"]*"|'[^']*')*>/gi;
const HREF = /(\shref\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/i;
const NO_TRACK = /\sdata-track\s*=\s*["']?(?:off|false|no)\b/i;
/** An absolute http(s) address without spaces or control characters (it becomes a Location header). */
const trackable = (url: string) => /^https?:\/\/[^\s\x00-\x1f\x7f]+$/i.test(url) && !url.startsWith(UNSUBSCRIBE_PLACEHOLDER);

/** Puts `block` before the last `</body>`, or at the end. */
function beforeBodyEnd(html: string, block: string): string {
  const at = html.toLowerCase().lastIndexOf("</body");
  return at >= 0 ? html.slice(0, at) + block + html.slice(at) : html + block;
}

function headersFor(unsubscribeUrl: string): UnsubscribeHeaders {
  return { "List-Unsubscribe": `<${unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}

/**
 * The HTML of an email as it leaves for one delivery: every `<a href="http(s)…">` goes through
 * the edge's click route (unless the tag has `data-track="off"`), the unsubscribe placeholder
 * (`{{ context.unsubscribeUrl }}`) becomes the person's unsubscribe link — or, when the HTML
 * has none, a short unsubscribe line is added at the end — and an open pixel closes the body.
 */
export async function trackEmail(html: string, options: TrackingOptions): Promise<TrackedEmail> {
  const base = baseOf(options.baseUrl);
  // First pass: the destinations, signed together; second pass: the same tags, rewritten.
  const destinations: string[] = [];
  for (const [tag] of html.matchAll(ANCHOR)) {
    if (destinations.length >= MAX_TRACKED_LINKS || NO_TRACK.test(tag)) continue;
    const m = HREF.exec(tag);
    const url = m ? decodeAttribute((m[2] ?? m[3] ?? m[4]).trim()) : "";
    if (trackable(url)) destinations.push(url);
  }
  const tracked = await Promise.all(destinations.map((url) => addressOf(options, base, "click", url)));
  let next = 0;
  let out = html.replace(ANCHOR, (tag) => {
    if (next >= tracked.length || NO_TRACK.test(tag)) return tag;
    return tag.replace(HREF, (whole, lead: string, d?: string, s?: string, u?: string) => {
      const url = decodeAttribute((d ?? s ?? u ?? "").trim());
      if (!trackable(url) || url !== destinations[next]) return whole;
      return `${lead}"${escapeAttribute(tracked[next++])}"`;
    });
  });

  const [unsubscribeUrl, pixel] = await Promise.all([addressOf(options, base, "unsubscribe"), addressOf(options, base, "open")]);
  if (out.includes(UNSUBSCRIBE_PLACEHOLDER)) out = out.split(UNSUBSCRIBE_PLACEHOLDER).join(escapeAttribute(unsubscribeUrl));
  else {
    out = beforeBodyEnd(out, `<p style="font-size:12px;color:#6b7280;margin-top:24px">Don't want these emails? <a href="${escapeAttribute(unsubscribeUrl)}">Unsubscribe</a>.</p>`);
  }
  out = beforeBodyEnd(out, `<img src="${escapeAttribute(pixel)}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0" />`);
  return { html: out, headers: headersFor(unsubscribeUrl), unsubscribeUrl, links: tracked.length };
}

/** Web addresses in plain text, without the punctuation that usually follows one. */
const TEXT_URL = /https?:\/\/[^\s<>"'()]+/g;

/**
 * All the parts of a rendered email, tracked for one delivery: the HTML as `trackEmail` does it,
 * and in the text part every http(s) address goes through the click route and the unsubscribe
 * placeholder becomes the link (or an unsubscribe line is added at the end).
 */
export async function trackEmailParts(parts: EmailParts, options: TrackingOptions): Promise<{ parts: EmailParts; headers: UnsubscribeHeaders; unsubscribeUrl: string }> {
  const email = await trackEmail(parts.html, options);
  let text = parts.text ?? "";
  if (text) {
    const base = baseOf(options.baseUrl);
    const found: { at: number; url: string }[] = [];
    for (const m of text.matchAll(TEXT_URL)) {
      const url = m[0].replace(/[.,;:!?]+$/, "");
      if (trackable(url) && found.length < MAX_TRACKED_LINKS) found.push({ at: m.index, url });
    }
    const tracked = await Promise.all(found.map((f) => addressOf(options, base, "click", f.url)));
    for (let i = found.length - 1; i >= 0; i--) text = text.slice(0, found[i].at) + tracked[i] + text.slice(found[i].at + found[i].url.length);
  }
  text = text.includes(UNSUBSCRIBE_PLACEHOLDER) ? text.split(UNSUBSCRIBE_PLACEHOLDER).join(email.unsubscribeUrl) : `${text}${text ? "\n\n" : ""}Unsubscribe: ${email.unsubscribeUrl}`;
  return { parts: { ...parts, html: email.html, text }, headers: email.headers, unsubscribeUrl: email.unsubscribeUrl };
}
