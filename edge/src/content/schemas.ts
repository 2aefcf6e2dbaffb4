/**
 * Input schemas of message content: templates (one set of parts per channel) and fragments, and
 * the bodies of preview and test send. Zod errors carry the field path (`content.subject`), so
 * the console can point at the field.
 */
import { z } from "zod";
import { slug } from "../http/slug";

export const CHANNELS = ["email", "sms", "push", "in-app", "web"] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * A URL part (push `url`, in-app `ctaUrl`): an absolute http(s) URL or a path, or starting with
 * a token (`{{ journey.link | raw }}`), which is checked once rendered.
 */
const urlPart = z
  .string()
  .min(1)
  .max(2000)
  .refine((v) => /^(https?:\/\/|\/|\{\{)/i.test(v.trim()), "Use an absolute http(s) URL, a path starting with /, or a token that gives one");

const line = (max: number) => z.string().max(max).refine((v) => !/[\r\n]/.test(v), "Keep it on one line");

export const emailParts = z
  .object({
    subject: line(998).min(1, "Write a subject"),
    preheader: line(500).optional(),
    html: z.string().min(1, "Write the HTML part").max(60_000),
    /** Derived from the HTML when absent. */
    text: z.string().min(1).max(60_000).optional(),
  })
  .strict();
export const smsParts = z.object({ body: z.string().min(1, "Write the message").max(1600) }).strict();
export const pushParts = z.object({ title: line(200).min(1, "Write a title"), body: z.string().min(1, "Write the message").max(2000), url: urlPart.optional() }).strict();
export const inAppParts = z
  .object({ title: line(200).optional(), body: z.string().min(1, "Write the message").max(2000), ctaLabel: line(80).optional(), ctaUrl: urlPart.optional() })
  .strict()
  .refine((p) => !p.ctaLabel === !p.ctaUrl, { message: "A call to action needs both a label and a URL", path: ["ctaUrl"] });

export type EmailParts = z.output<typeof emailParts>;
export type SmsParts = z.output<typeof smsParts>;
export type PushParts = z.output<typeof pushParts>;
export type InAppParts = z.output<typeof inAppParts>;

/** The parts each channel's content holds. */
export type PartsOf<C extends Channel> = C extends "email" ? EmailParts : C extends "sms" ? SmsParts : C extends "push" ? PushParts : InAppParts;
export type MessageParts = EmailParts | SmsParts | PushParts | InAppParts;

const name = z.string().min(1, "Name is required").max(120);

const withChannel = <S extends z.ZodRawShape>(extra: S) =>
  z.discriminatedUnion("channel", [
    z.object({ ...extra, name, channel: z.literal("email"), content: emailParts }).strict(),
    z.object({ ...extra, name, channel: z.literal("sms"), content: smsParts }).strict(),
    z.object({ ...extra, name, channel: z.literal("push"), content: pushParts }).strict(),
    z.object({ ...extra, name, channel: z.literal("in-app"), content: inAppParts }).strict(),
    z.object({ ...extra, name, channel: z.literal("web"), content: inAppParts }).strict(),
  ]);

/** The fields of a template without its id: the channel decides what `content` holds. */
export const templateFields = withChannel({});
export const templateCreate = withChannel({ id: slug.optional() });
export type TemplateValues = z.output<typeof templateFields>;

export const fragmentFields = z.object({ name, content: z.string().min(1, "Write the fragment").max(30_000) }).strict();
export const fragmentCreate = fragmentFields.extend({ id: slug.optional() }).strict();

const attributes = z.record(z.string(), z.unknown());
/** Offers by placement, as a decision run gives them: `offers.<placement>` in templates. */
const offers = z.record(z.string().min(1).max(64), z.array(z.record(z.string(), z.unknown())).max(30)).refine((o) => Object.keys(o).length <= 30, "At most 30 placements");

export const previewBody = z
  .object({
    /** The profile whose attributes fill `profile.*`; `attributes` are assumed on top of them. */
    profileId: z.string().min(1).max(128).optional(),
    attributes: attributes.optional(),
    /** The journey's variables (its entry event's payload) as `journey.*`. */
    journey: attributes.optional(),
    offers: offers.optional(),
    /** When to render (epoch ms), as `context.now`. */
    now: z.number().int().nonnegative().optional(),
  })
  .strict();

export const testSendBody = previewBody.extend({ to: z.string().min(1).max(320).optional() }).strict();
