/**
 * Input schemas of channel providers and webhook custom actions, kind by kind. Everything that
 * can be checked without the database is checked here, each failure with its field path
 * (`config.url`, `secrets.authToken`): URLs (https, tokens only after the host), templates (they
 * parse, read only known names, and a body renders to JSON), header names, senders, keys.
 * Secrets are a separate object (`secrets`), so the stored configuration never holds one.
 */
import { z } from "zod";
import { slug } from "../http/slug";
import { checkOrigin, checkSendTemplate, checkUrlTemplate } from "./templates";

export const CHANNELS = ["email", "sms", "push"] as const;
export type Channel = (typeof CHANNELS)[number];

export const PROVIDER_KINDS = ["outbox", "http", "postmark", "resend", "twilio", "webpush"] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/** The channels each kind can send. */
export const KIND_CHANNELS: Record<ProviderKind, readonly Channel[]> = {
  outbox: CHANNELS,
  http: CHANNELS,
  postmark: ["email"],
  resend: ["email"],
  twilio: ["sms"],
  webpush: ["push"],
};

/** Where push subscriptions may point by default: the browsers' push services. */
export const KNOWN_PUSH_HOSTS = ["fcm.googleapis.com", "updates.push.services.mozilla.com", "*.push.services.mozilla.com", "web.push.apple.com", "*.push.apple.com", "*.notify.windows.com"];

const addIssue = (ctx: z.RefinementCtx, message: string | null) => {
  if (message) ctx.addIssue({ code: "custom", message });
};

export const headerName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/, "A header name: letters, digits and -, no spaces or colons");
const fixedUrl = z.string().max(2000).superRefine((v, ctx) => {
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return addIssue(ctx, "Not a URL");
  }
  addIssue(ctx, checkOrigin(url));
});
export const urlTemplate = z.string().min(1).max(2000).superRefine((v, ctx) => addIssue(ctx, checkUrlTemplate(v) ?? checkSendTemplate(v)));
export const jsonTemplate = z.string().min(2).max(20_000).superRefine((v, ctx) => addIssue(ctx, checkSendTemplate(v, { json: true })));
/**
 * Header values: custom actions' may read `secrets.<name>` (any name parses here; the routes check
 * the names against the stored secrets); a provider's secret goes in its auth header instead.
 */
const headersOf = (secrets: "any" | undefined) =>
  z
    .record(headerName, z.string().max(2000).superRefine((v, ctx) => addIssue(ctx, checkSendTemplate(v, { secrets }))))
    .refine((h) => Object.keys(h).length <= 20, "At most 20 headers")
    .default({});
const timeoutMs = (fallback: number) => z.number().int().min(100, "At least 100 ms").max(30_000, "At most 30 000 ms (30 s)").default(fallback);
/** Codes (`201`) or classes (`"2xx"`). */
export const expectedStatuses = z
  .array(z.union([z.number().int().min(100).max(599), z.string().regex(/^[1-5]xx$/, 'A status code or a class such as "2xx"')]))
  .min(1)
  .max(20)
  .default(["2xx"]);
/** Leave out (null) or rename the header that carries the delivery id. */
const idempotencyHeader = headerName.nullable().default("Idempotency-Key");
const sender = z.string().min(3).max(320).regex(/^(?:[^<>\n]*<)?[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>?$/, 'An address, or "Name <address>"');
const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, "A phone number in international form, such as +15551234567");

const secretValue = z.string().min(1, "Give the secret, or null to remove it").max(4096).nullable();

const outbox = { kind: z.literal("outbox"), config: z.object({}).strict().default({}), secrets: z.object({}).strict().optional() };

export const DEFAULT_HTTP_BODY = `{"id":"{{ delivery.id }}","channel":"{{ message.channel }}","to":"{{ to }}","profileId":"{{ profile.id }}","title":"{{ message.title }}","body":"{{ message.body }}"}`;

const http = {
  kind: z.literal("http"),
  config: z
    .object({
      url: urlTemplate,
      method: z.enum(["POST", "PUT", "PATCH"]).default("POST"),
      headers: headersOf(undefined),
      /** The header the secret `authValue` goes in (`Authorization`, `X-Api-Key`). */
      authHeader: headerName.optional(),
      body: jsonTemplate.default(DEFAULT_HTTP_BODY),
      idempotencyHeader,
      timeoutMs: timeoutMs(10_000),
      expectedStatuses,
    })
    .strict(),
  secrets: z.object({ authValue: secretValue.optional() }).strict().optional(),
};

const postmark = {
  kind: z.literal("postmark"),
  config: z
    .object({
      from: sender,
      messageStream: z.string().min(1).max(64).default("outbound"),
      baseUrl: fixedUrl.default("https://api.postmarkapp.com"),
      timeoutMs: timeoutMs(10_000),
    })
    .strict(),
  secrets: z.object({ serverToken: secretValue.optional() }).strict().optional(),
};

const resend = {
  kind: z.literal("resend"),
  config: z
    .object({
      from: sender,
      replyTo: sender.optional(),
      baseUrl: fixedUrl.default("https://api.resend.com"),
      timeoutMs: timeoutMs(10_000),
    })
    .strict(),
  secrets: z.object({ apiKey: secretValue.optional() }).strict().optional(),
};

const twilio = {
  kind: z.literal("twilio"),
  config: z
    .object({
      accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, "An account SID: AC and 32 hexadecimal digits"),
      /** Basic auth's user name when an API key is used; the account SID otherwise. */
      apiKeySid: z.string().regex(/^SK[0-9a-fA-F]{32}$/, "An API key SID: SK and 32 hexadecimal digits").optional(),
      from: e164.optional(),
      messagingServiceSid: z.string().regex(/^MG[0-9a-fA-F]{32}$/, "A messaging service SID: MG and 32 hexadecimal digits").optional(),
      statusCallback: fixedUrl.optional(),
      baseUrl: fixedUrl.default("https://api.twilio.com"),
      timeoutMs: timeoutMs(10_000),
    })
    .strict()
    .refine((c) => !!c.from !== !!c.messagingServiceSid, { message: "Give a sender number (from) or a messaging service, one of the two", path: ["from"] }),
  secrets: z.object({ authToken: secretValue.optional() }).strict().optional(),
};

const hostPattern = z.string().regex(/^(\*\.)?[a-z0-9.-]+(:\d+)?$/, "A host name, optionally starting with *. (and a port)");

const webpush = {
  kind: z.literal("webpush"),
  config: z
    .object({
      /** The contact push services may reach: mailto: or https:. */
      subject: z.string().regex(/^(mailto:[^\s@]+@[^\s@]+|https:\/\/\S+)$/, "A mailto: address or an https: URL"),
      /** Given with `secrets.vapidPrivateKey`, or both generated when neither is given. */
      vapidPublicKey: z.string().regex(/^[A-Za-z0-9_-]{87}$/, "The 65-byte public key in base64url (87 characters)").optional(),
      ttlSeconds: z.number().int().min(0).max(2_419_200).default(86_400),
      urgency: z.enum(["very-low", "low", "normal", "high"]).default("normal"),
      /** Push services subscriptions may point to. */
      endpointHosts: z.array(hostPattern).min(1).max(20).default(KNOWN_PUSH_HOSTS),
      timeoutMs: timeoutMs(10_000),
    })
    .strict(),
  secrets: z.object({ vapidPrivateKey: secretValue.optional() }).strict().optional(),
};

/** Every field is known: a misspelt one (`secret` for `secrets`) is an error, not a silent loss. */
const common = { name: z.string().min(1, "Name is required").max(120), channel: z.enum(CHANNELS), isDefault: z.boolean().optional() };
const withCommon = <T extends z.ZodRawShape>(shape: T) => z.object({ ...common, ...shape }).strict();
const withId = <T extends z.ZodRawShape>(shape: T) => z.object({ ...common, id: slug.optional(), ...shape }).strict();

const fitsChannel = (p: { kind: ProviderKind; channel: Channel }, ctx: z.RefinementCtx) => {
  if (!KIND_CHANNELS[p.kind].includes(p.channel)) ctx.addIssue({ code: "custom", path: ["channel"], message: `A ${p.kind} provider sends ${KIND_CHANNELS[p.kind].join(" or ")}` });
};

export const providerFields = z.discriminatedUnion("kind", [withCommon(outbox), withCommon(http), withCommon(postmark), withCommon(resend), withCommon(twilio), withCommon(webpush)]).superRefine(fitsChannel);
export const providerCreate = z.discriminatedUnion("kind", [withId(outbox), withId(http), withId(postmark), withId(resend), withId(twilio), withId(webpush)]).superRefine(fitsChannel);
export type ProviderSpec = z.output<typeof providerFields>;
export type ProviderConfig<K extends ProviderKind> = Extract<ProviderSpec, { kind: K }>["config"];
export type ProviderInput = z.output<typeof providerFields>;

/** The secrets each kind cannot send without. */
export function requiredSecrets(spec: ProviderSpec): string[] {
  switch (spec.kind) {
    case "http":
      return spec.config.authHeader ? ["authValue"] : [];
    case "postmark":
      return ["serverToken"];
    case "resend":
      return ["apiKey"];
    case "twilio":
      return ["authToken"];
    case "webpush":
      return ["vapidPrivateKey"];
    default:
      return [];
  }
}

const secretName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, "Name secrets with letters, digits and _");

const customActionShape = {
  name: z.string().min(1, "Name is required").max(120),
  method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]).default("POST"),
  url: urlTemplate,
  /** Values may read `{{ secrets.<name> }}`. */
  headers: headersOf("any"),
  body: jsonTemplate.optional(),
  timeoutMs: timeoutMs(5_000),
  expectedStatuses,
  idempotencyHeader,
  secrets: z.record(secretName, secretValue).refine((s) => Object.keys(s).length <= 10, "At most 10 secrets").optional(),
};
const noGetBody = (a: { method: string; body?: string }) => !(a.method === "GET" && a.body);
const noGetBodyIssue = { message: "A GET request has no body", path: ["body"] };
export const customActionFields = z.object(customActionShape).strict().refine(noGetBody, noGetBodyIssue);
export const customActionCreate = z.object({ ...customActionShape, id: slug.optional() }).strict().refine(noGetBody, noGetBodyIssue);
export type CustomActionInput = z.output<typeof customActionFields>;
export type CustomActionConfig = Omit<CustomActionInput, "name" | "secrets">;
