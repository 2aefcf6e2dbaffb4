/**
 * One attempt at sending a message through a provider: the request each kind's API expects,
 * sent with a timeout, its answer classified (retry.ts). Kinds:
 * - `http`: any JSON-over-HTTP API — URL, method, headers, an auth header whose value is a
 *   secret, a body template rendered with JSON escaping, the delivery id as an idempotency key;
 * - `postmark` (email): `POST /email` with `X-Postmark-Server-Token`; Postmark takes no
 *   idempotency key, so the delivery id travels in `Metadata`, and the log guards against
 *   sending twice;
 * - `resend` (email): `POST /emails` with a bearer key and `Idempotency-Key` (kept 24 hours by
 *   Resend), so an attempt repeated after a lost answer sends nothing more;
 * - `twilio` (SMS): `POST /2010-04-01/Accounts/<sid>/Messages.json`, form-encoded, basic auth;
 * - `webpush`: an RFC 8291 encrypted body to the subscription's endpoint with a VAPID token, and
 *   a `Topic` derived from the delivery id, so a copy still waiting at the push service is
 *   replaced rather than shown twice.
 * Redirects are not followed: a provider answering 3xx is misconfigured, and following would let
 * an answer send the request elsewhere.
 */
import { utf8 } from "./bytes";
import { classifyAnswer, classifyError, type Outcome } from "./retry";
import type { Channel, ProviderConfig, ProviderKind } from "./schemas";
import type { SecretValues } from "./secrets";
import { checkOrigin, renderHeader, renderJson, renderUrl, type SendScope } from "./templates";
import { encryptPayload, topicOf, vapidAuthorization, type PushSubscription } from "./webpush";

export type StoredProvider = { id: string; kind: ProviderKind; channel: Channel; config: Record<string, unknown>; secrets: SecretValues };
export type Recipient = { email?: string; phone?: string; push?: PushSubscription };
/** A rendered email (from a template): its parts and the headers it must carry (List-Unsubscribe). */
export type RenderedEmail = { subject: string; html: string; text: string; headers: Record<string, string> };
export type OutgoingMessage = {
  deliveryId: string; channel: Channel; title: string | null; body: string | null; cta: { label: string; url: string } | null; test: boolean;
  /** Set when the message comes from an email template: then it is what is sent. */
  email?: RenderedEmail;
};

/** A request ready to go, or why the message cannot be sent at all. */
export type Prepared = { url: string; init: RequestInit; timeoutMs: number; expected?: readonly (number | string)[] } | { outcome: Outcome };

const failed = (reason: string): Prepared => ({ outcome: { kind: "failed", reason } });

/** Sends the request once: the answer (or its absence) classified for the log and the queue. */
export async function perform(p: Exclude<Prepared, { outcome: Outcome }>, attempt: number, label: string, now = Date.now): Promise<Outcome> {
  try {
    const res = await fetch(p.url, { ...p.init, redirect: "manual", signal: AbortSignal.timeout(p.timeoutMs) });
    const body = await res.text();
    return classifyAnswer({ status: res.status, retryAfter: res.headers.get("retry-after"), body }, attempt, { expected: p.expected, now: now(), success: `${label} (${res.status})${idIn(body)}` });
  } catch (err) {
    return classifyError(err, attempt, p.timeoutMs);
  }
}

/** The provider's id for what it accepted, when its answer names one. */
function idIn(body: string): string {
  try {
    const json = JSON.parse(body) as Record<string, unknown>;
    const id = json.MessageID ?? json.id ?? json.sid;
    return typeof id === "string" || typeof id === "number" ? `, id ${id}` : "";
  } catch {
    return "";
  }
}

const textOf = (m: OutgoingMessage) => m.email?.text ?? [m.body ?? "", m.cta ? `${m.cta.label}: ${m.cta.url}` : ""].filter(Boolean).join("\n\n");
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
function htmlOf(m: OutgoingMessage): string {
  if (m.email) return m.email.html;
  const paragraphs = (m.body ?? "").split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replace(/\n/g, "<br>")}</p>`);
  const cta = m.cta && /^https?:\/\//.test(m.cta.url) ? `<p><a href="${escapeHtml(m.cta.url)}">${escapeHtml(m.cta.label)}</a></p>` : "";
  return `<!doctype html><html><body>${paragraphs.join("")}${cta}</body></html>`;
}

const jsonInit = (headers: Record<string, string>, body: unknown, method = "POST"): RequestInit => ({
  method,
  headers: { "content-type": "application/json", accept: "application/json", ...headers },
  body: typeof body === "string" ? body : JSON.stringify(body),
});

function prepareHttp(c: ProviderConfig<"http">, secrets: SecretValues, m: OutgoingMessage, scope: SendScope): Prepared {
  const body = renderJson(c.body, scope);
  try {
    JSON.parse(body);
  } catch {
    return failed("the body template rendered invalid JSON for this message");
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(c.headers)) headers[name] = renderHeader(value, scope);
  if (c.authHeader && secrets.authValue) headers[c.authHeader] = secrets.authValue;
  if (c.idempotencyHeader) headers[c.idempotencyHeader] = m.deliveryId;
  return { url: renderUrl(c.url, scope), init: jsonInit(headers, body, c.method), timeoutMs: c.timeoutMs, expected: c.expectedStatuses };
}

function preparePostmark(c: ProviderConfig<"postmark">, secrets: SecretValues, m: OutgoingMessage, scope: SendScope, to: string): Prepared {
  const body = {
    From: c.from,
    To: to,
    Subject: m.email?.subject ?? m.title ?? "",
    TextBody: textOf(m),
    HtmlBody: htmlOf(m),
    MessageStream: c.messageStream,
    ...(m.email && Object.keys(m.email.headers).length ? { Headers: Object.entries(m.email.headers).map(([Name, Value]) => ({ Name, Value })) } : {}),
    Metadata: { deliveryId: m.deliveryId, profileId: scope.profile.id, ...(m.test ? { test: "true" } : {}) },
  };
  return { url: `${c.baseUrl.replace(/\/$/, "")}/email`, init: jsonInit({ "x-postmark-server-token": secrets.serverToken ?? "" }, body), timeoutMs: c.timeoutMs };
}

function prepareResend(c: ProviderConfig<"resend">, secrets: SecretValues, m: OutgoingMessage, to: string): Prepared {
  const body = {
    from: c.from, to: [to], subject: m.email?.subject ?? m.title ?? "", text: textOf(m), html: htmlOf(m),
    ...(c.replyTo ? { reply_to: c.replyTo } : {}), ...(m.email && Object.keys(m.email.headers).length ? { headers: m.email.headers } : {}),
  };
  const headers = { authorization: `Bearer ${secrets.apiKey ?? ""}`, "idempotency-key": m.deliveryId.slice(0, 256) };
  return { url: `${c.baseUrl.replace(/\/$/, "")}/emails`, init: jsonInit(headers, body), timeoutMs: c.timeoutMs };
}

function prepareTwilio(c: ProviderConfig<"twilio">, secrets: SecretValues, m: OutgoingMessage, to: string): Prepared {
  const form = new URLSearchParams({ To: to, Body: [m.body ?? "", m.cta?.url ?? ""].filter(Boolean).join(" ") });
  if (c.from) form.set("From", c.from);
  if (c.messagingServiceSid) form.set("MessagingServiceSid", c.messagingServiceSid);
  if (c.statusCallback) form.set("StatusCallback", c.statusCallback);
  const user = c.apiKeySid ?? c.accountSid;
  return {
    url: `${c.baseUrl.replace(/\/$/, "")}/2010-04-01/Accounts/${c.accountSid}/Messages.json`,
    init: {
      method: "POST",
      headers: { authorization: `Basic ${toBase64(`${user}:${secrets.authToken ?? ""}`)}`, "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: form.toString(),
    },
    timeoutMs: c.timeoutMs,
  };
}

const toBase64 = (text: string) => btoa(String.fromCharCode(...utf8(text)));

/** Whether `host` is one of the patterns (`*.notify.windows.com` covers its subdomains). */
export function hostAllowed(host: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => (p.startsWith("*.") ? host.endsWith(p.slice(1)) : host === p));
}

async function prepareWebPush(c: ProviderConfig<"webpush">, secrets: SecretValues, m: OutgoingMessage, sub: PushSubscription): Promise<Prepared> {
  let endpoint: URL;
  try {
    endpoint = new URL(sub.endpoint);
  } catch {
    return failed("the push subscription's endpoint is not a URL");
  }
  const bad = checkOrigin(endpoint) ?? (hostAllowed(endpoint.host, c.endpointHosts) ? null : `${endpoint.host} is not an allowed push service (config.endpointHosts)`);
  if (bad) return failed(`push endpoint refused: ${bad}`);
  if (!c.vapidPublicKey || !secrets.vapidPrivateKey) return failed("the provider has no VAPID key pair");
  const payload = utf8(JSON.stringify({ id: m.deliveryId, title: m.title ?? "", body: m.body ?? "", ...(m.cta ? { url: m.cta.url, action: m.cta.label } : {}), ...(m.test ? { test: true } : {}) }));
  let body: Uint8Array<ArrayBuffer>;
  try {
    body = await encryptPayload(payload, sub.keys);
  } catch (err) {
    return failed(`the message cannot be encrypted for this subscription: ${(err as Error).message}`);
  }
  const headers = {
    authorization: await vapidAuthorization(endpoint.href, { publicKey: c.vapidPublicKey, privateKey: secrets.vapidPrivateKey }, c.subject),
    "content-encoding": "aes128gcm",
    "content-type": "application/octet-stream",
    ttl: String(c.ttlSeconds),
    urgency: c.urgency,
    topic: await topicOf(m.deliveryId),
  };
  return { url: endpoint.href, init: { method: "POST", headers, body }, timeoutMs: c.timeoutMs };
}

/** What the kind needs to know about the person. */
export const recipientNeeded = (kind: ProviderKind, channel: Channel): keyof Recipient | null =>
  kind === "postmark" || kind === "resend" ? "email" : kind === "twilio" ? "phone" : kind === "webpush" ? "push" : kind === "http" ? (channel === "email" ? "email" : channel === "sms" ? "phone" : null) : null;

const MISSING: Record<keyof Recipient, string> = {
  email: "no email address: the profile has no email attribute or email identity",
  phone: "no phone number: the profile has no phone attribute or phone identity",
  push: "no push subscription: neither the journey's variables nor the profile hold a pushSubscription",
};

/** The request for this provider, or why there is none. */
export async function prepare(p: StoredProvider, m: OutgoingMessage, scope: SendScope, recipient: Recipient): Promise<Prepared> {
  const c = p.config;
  const need = recipientNeeded(p.kind, p.channel);
  if (need && p.kind !== "http" && !recipient[need]) return failed(MISSING[need]);
  if (p.kind !== "http" && !m.body && !m.email) return failed("the message has no body and no template");
  const to = need === "email" ? recipient.email! : need === "phone" ? recipient.phone! : "";
  switch (p.kind) {
    case "http":
      return prepareHttp(c as ProviderConfig<"http">, p.secrets, m, { ...scope, to: (need && (recipient[need] as string | undefined)) || "" });
    case "postmark":
      return preparePostmark(c as ProviderConfig<"postmark">, p.secrets, m, scope, to);
    case "resend":
      return prepareResend(c as ProviderConfig<"resend">, p.secrets, m, to);
    case "twilio":
      return prepareTwilio(c as ProviderConfig<"twilio">, p.secrets, m, to);
    case "webpush":
      return prepareWebPush(c as ProviderConfig<"webpush">, p.secrets, m, recipient.push!);
    default:
      return failed(`provider kind "${p.kind}" does not send over HTTP`);
  }
}
