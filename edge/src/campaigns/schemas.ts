/**
 * Input schemas of campaigns: what an admin saves, and what a server sends to trigger one.
 * Zod errors carry the field path (`schedule.at`), so the console can point at the field.
 */
import { z } from "zod";
import { slug } from "../http/slug";
import { CHANNELS } from "../content/schemas";

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use HH:MM, 24-hour, UTC");

/** Once at a moment, or every hour, day or week at a UTC time of day, optionally until a moment. */
export const scheduleSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("once"), at: z.number().int().nonnegative() }).strict(),
  z.object({ kind: z.literal("recurring"), every: z.enum(["hour", "day", "week"]), at: hhmm.optional(), until: z.number().int().positive().optional() }).strict(),
]);
export type Schedule = z.output<typeof scheduleSchema>;

const campaignObject = z
  .object({
    name: z.string().min(1, "Name is required").max(120),
    description: z.string().max(1000).nullish(),
    /** Scheduled: to an audience at a moment (or by hand); api: to recipients a server names. */
    kind: z.enum(["scheduled", "api"]),
    purpose: z.enum(["marketing", "transactional"]).default("marketing"),
    channel: z.enum(CHANNELS),
    template: slug,
    /** A decision run for each recipient when the message is sent: `offers.<placement>` in the template. */
    decision: slug.nullish(),
    audience: slug.nullish(),
    schedule: scheduleSchema.nullish(),
  })
  .strict();

function checkCampaign(c: z.output<typeof campaignObject>, ctx: z.RefinementCtx) {
    if (c.kind === "scheduled" && !c.audience) ctx.addIssue({ code: "custom", path: ["audience"], message: "A scheduled campaign sends to an audience: choose one" });
    if (c.kind === "api" && c.schedule) ctx.addIssue({ code: "custom", path: ["schedule"], message: "An API-triggered campaign sends when it is called, not on a schedule" });
    if (c.schedule?.kind === "recurring" && c.schedule.until !== undefined && c.schedule.until <= Date.now())
      ctx.addIssue({ code: "custom", path: ["schedule", "until"], message: "The end of a recurring schedule must be in the future" });
}

export const campaignFields = campaignObject.superRefine(checkCampaign);
export const campaignCreate = campaignObject.extend({ id: slug.optional() }).strict().superRefine(checkCampaign);
export type CampaignValues = z.output<typeof campaignFields>;

const identities = z.union([
  z.record(z.string().min(1).max(64), z.string().min(1).max(320)),
  z.array(z.object({ namespace: z.string().min(1).max(64), value: z.string().min(1).max(320) }).strict()).max(20),
]);
const contextData = z.record(z.string().min(1).max(64), z.unknown());

export const MAX_TRIGGER_RECIPIENTS = 100;

/** `POST /v1/campaigns/:id/trigger`: up to 100 recipients, each by identities or profile id, with context data. */
export const triggerBody = z
  .object({
    recipients: z
      .array(
        z
          .object({
            identities: identities.optional(),
            profileId: z.string().min(1).max(128).optional(),
            /** This recipient's data, over the call's shared `context`. */
            context: contextData.optional(),
            /** The same key sends once: repeat a call safely after a timeout. */
            idempotencyKey: z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/, "Use 1–100 letters, digits, '.', '_', ':' or '-'").optional(),
          })
          .strict()
          .refine((r) => (r.identities && Object.keys(r.identities).length) || r.profileId, { message: "Name the recipient by identities or profileId", path: ["identities"] }),
      )
      .min(1, "Name at least one recipient")
      .max(MAX_TRIGGER_RECIPIENTS, `At most ${MAX_TRIGGER_RECIPIENTS} recipients a call`),
    context: contextData.optional(),
  })
  .strict()
  .refine((b) => JSON.stringify(b).length <= 64 * 1024, { message: "Context data is limited to 64 KB a call", path: ["context"] });
export type TriggerBody = z.output<typeof triggerBody>;
