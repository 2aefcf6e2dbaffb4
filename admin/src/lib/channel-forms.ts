// Pure helpers of the provider and custom action forms: each provider kind's fields (from
// edge/src/providers/schemas.ts), form text ↔ config values, and secret fields, which show only
// whether a secret is set (and its last four characters) and are sent only when typed or removed.
import type { ProviderChannel, ProviderKind, SecretsView } from "./types";

export type FieldSpec = {
  name: string;
  label: string;
  type: "text" | "number" | "select" | "list" | "json" | "statuses" | "template";
  required?: boolean;
  options?: string[];
  hint?: string;
  /** Shown for an empty optional field: the API's default. */
  placeholder?: string;
};

export type KindSpec = { label: string; channels: readonly ProviderChannel[]; config: FieldSpec[]; secrets: { name: string; label: string; hint?: string }[]; about: string };

const timeout: FieldSpec = { name: "timeoutMs", label: "Timeout (ms)", type: "number", placeholder: "10000", hint: "100 to 30000." };
const baseUrl = (url: string): FieldSpec => ({ name: "baseUrl", label: "API base URL", type: "text", placeholder: url, hint: "For proxies and tests; leave empty for the provider's own." });

export const KINDS: Record<ProviderKind, KindSpec> = {
  outbox: { label: "Outbox", channels: ["email", "sms", "push"], config: [], secrets: [], about: "Keeps messages in the delivery log: nothing leaves. Read them on the Outbox page." },
  http: {
    label: "HTTP (your API)",
    channels: ["email", "sms", "push"],
    about: "Calls your own endpoint with a JSON body you describe.",
    config: [
      { name: "url", label: "URL", type: "template", required: true, hint: "https; tokens such as {{ profile.id }} only after the host." },
      { name: "method", label: "Method", type: "select", options: ["POST", "PUT", "PATCH"] },
      { name: "headers", label: "Headers (JSON object)", type: "json", placeholder: '{ "X-Source": "parcours" }' },
      { name: "authHeader", label: "Auth header", type: "text", placeholder: "Authorization", hint: "The header the secret value below goes in." },
      { name: "body", label: "Body (JSON template)", type: "template", hint: "Leave empty for the default body (id, channel, to, profileId, title, body)." },
      { name: "idempotencyHeader", label: "Idempotency header", type: "text", placeholder: "Idempotency-Key" },
      { ...timeout },
      { name: "expectedStatuses", label: "Expected statuses", type: "statuses", placeholder: "2xx", hint: "Codes or classes, separated by commas: 200, 202, 2xx." },
    ],
    secrets: [{ name: "authValue", label: "Auth header value", hint: "Required with an auth header, e.g. Bearer …" }],
  },
  postmark: {
    label: "Postmark",
    channels: ["email"],
    about: "Sends email through Postmark's API.",
    config: [
      { name: "from", label: "From", type: "text", required: true, placeholder: "Shop <shop@example.com>" },
      { name: "messageStream", label: "Message stream", type: "text", placeholder: "outbound" },
      baseUrl("https://api.postmarkapp.com"),
      { ...timeout },
    ],
    secrets: [{ name: "serverToken", label: "Server token" }],
  },
  resend: {
    label: "Resend",
    channels: ["email"],
    about: "Sends email through Resend's API.",
    config: [
      { name: "from", label: "From", type: "text", required: true, placeholder: "Shop <shop@example.com>" },
      { name: "replyTo", label: "Reply to", type: "text" },
      baseUrl("https://api.resend.com"),
      { ...timeout },
    ],
    secrets: [{ name: "apiKey", label: "API key" }],
  },
  twilio: {
    label: "Twilio",
    channels: ["sms"],
    about: "Sends SMS through Twilio. Give a sender number or a messaging service.",
    config: [
      { name: "accountSid", label: "Account SID", type: "text", required: true, placeholder: "AC…" },
      { name: "from", label: "From number", type: "text", placeholder: "+15551234567" },
      { name: "messagingServiceSid", label: "Messaging service SID", type: "text", placeholder: "MG…" },
      { name: "apiKeySid", label: "API key SID", type: "text", placeholder: "SK…", hint: "With an API key, the secret below is the key's secret." },
      { name: "statusCallback", label: "Status callback URL", type: "text" },
      baseUrl("https://api.twilio.com"),
      { ...timeout },
    ],
    secrets: [{ name: "authToken", label: "Auth token" }],
  },
  webpush: {
    label: "Web push",
    channels: ["push"],
    about: "Sends browser push notifications. Leave both keys empty to have a key pair made.",
    config: [
      { name: "subject", label: "Contact (subject)", type: "text", required: true, placeholder: "mailto:ops@example.com" },
      { name: "vapidPublicKey", label: "VAPID public key", type: "text", hint: "Give it with the private key, or neither to have a pair made. The SDK's applicationServerKey." },
      { name: "ttlSeconds", label: "TTL (seconds)", type: "number", placeholder: "86400" },
      { name: "urgency", label: "Urgency", type: "select", options: ["", "very-low", "low", "normal", "high"] },
      { name: "endpointHosts", label: "Allowed push hosts", type: "list", hint: "Separated by commas; empty for the browsers' own push services." },
      { ...timeout },
    ],
    secrets: [{ name: "vapidPrivateKey", label: "VAPID private key" }],
  },
};

/** The kinds that can send a channel. */
export const kindsFor = (channel: ProviderChannel): ProviderKind[] => (Object.keys(KINDS) as ProviderKind[]).filter((k) => KINDS[k].channels.includes(channel));

/** `200, 2xx` → `[200, "2xx"]`. */
export function parseStatuses(text: string): (number | string)[] {
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** A config value as the form's text. */
export function fieldText(spec: FieldSpec, value: unknown): string {
  if (value === undefined || value === null) return "";
  if (spec.type === "json") return Object.keys(value as object).length ? JSON.stringify(value, null, 2) : "";
  if (spec.type === "list" || spec.type === "statuses") return (value as unknown[]).join(", ");
  return String(value);
}

export type Built = { value: Record<string, unknown>; errors: Record<string, string> };

/** The form's texts as config values: empty optional fields left out (the API's defaults apply). */
export function buildConfig(specs: FieldSpec[], texts: Record<string, string>, prefix = "config."): Built {
  const value: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const spec of specs) {
    const text = (texts[spec.name] ?? "").trim();
    if (!text) {
      if (spec.required) value[spec.name] = "";
      continue;
    }
    if (spec.type === "number") {
      const n = Number(text);
      if (!Number.isInteger(n)) errors[`${prefix}${spec.name}`] = "A whole number";
      else value[spec.name] = n;
    } else if (spec.type === "list") value[spec.name] = text.split(/[\s,]+/).filter(Boolean);
    else if (spec.type === "statuses") value[spec.name] = parseStatuses(text);
    else if (spec.type === "json") {
      try {
        const parsed = JSON.parse(text);
        if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) errors[`${prefix}${spec.name}`] = "A JSON object";
        else value[spec.name] = parsed;
      } catch (err) {
        errors[`${prefix}${spec.name}`] = `Not valid JSON: ${(err as Error).message}`;
      }
    } else value[spec.name] = texts[spec.name];
  }
  return { value, errors };
}

/** One secret field: what is stored (from the API's view), what was typed, and whether to remove it. */
export type SecretField = { stored: boolean; last4: string | null; typed: string; remove: boolean };

export function secretFields(names: string[], view: SecretsView | null): Record<string, SecretField> {
  const hints = view?.secrets ?? {};
  return Object.fromEntries(names.map((n) => [n, { stored: n in hints, last4: hints[n]?.last4 ?? null, typed: "", remove: false }]));
}

/** "set (…1234)", "set" for a short secret, or "not set". */
export function secretState(f: SecretField): string {
  if (f.remove) return "will be removed";
  if (!f.stored) return "not set";
  return f.last4 ? `set (…${f.last4})` : "set";
}

/** Only what changes: typed values, and `null` for stored secrets to remove. Undefined when nothing changes. */
export function secretsPayload(fields: Record<string, SecretField>): Record<string, string | null> | undefined {
  const out: Record<string, string | null> = {};
  for (const [name, f] of Object.entries(fields)) {
    if (f.typed) out[name] = f.typed;
    else if (f.remove && f.stored) out[name] = null;
  }
  return Object.keys(out).length ? out : undefined;
}
