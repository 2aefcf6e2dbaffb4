/**
 * Zod schemas of the data plane's answers, for the OpenAPI document only: nothing validates an
 * answer at run time. The routes build their answers from the profile object's types; the
 * compile-time checks below keep these schemas in step with those types, and
 * edge/test/openapi.test.ts checks real answers against the document with every object closed,
 * so a field added to an answer and not described here fails it.
 */
import { z } from "zod";
import { renderActions } from "../decisioning/schemas";
import type { ErrorDetail, ErrorEnvelope } from "../http/errors";
import type { Message } from "../profiles/inbox";
import type { InteractResult, Proposition } from "../profiles/profile-object";

export const errorDetail = z.object({
  path: z.string(),
  message: z.string(),
});

export const errorEnvelope = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(errorDetail).optional(),
  }),
  requestId: z.string().optional(),
});

export const propositionItem = z.object({
  offerId: z.string(),
  format: z.string(),
  content: z.string(),
  link: z.string().optional(),
  alt: z.string().optional(),
  trackingToken: z.string().optional(),
});

export const proposition = z.object({
  id: z.string(),
  placement: z.string(),
  decision: z.string().nullable(),
  items: z.array(propositionItem),
  fallback: z.boolean(),
  selector: z.string().optional(),
  action: z.enum(renderActions).optional(),
});

export const rejectedEvent = z.object({
  index: z.number().int().nonnegative(),
  reasons: z.array(errorDetail),
});

export const message = z.object({
  id: z.string(),
  kind: z.enum(["banner", "modal"]),
  title: z.string().optional(),
  body: z.string(),
  cta: z.object({ label: z.string(), url: z.string() }).optional(),
  expiresAt: z.number().int(),
  trackingToken: z.string(),
});

/** Shared by both answers, so it is documented once. */
export const messages = z.array(message).optional();

export const interactResponse = z.object({
  pcid: z.string(),
  propositions: z.array(proposition),
  messages,
  rejected: z.array(rejectedEvent).optional(),
  consent: z.literal("out").optional(),
  dropped: z.number().int().nonnegative().optional(),
  requestId: z.string(),
});

export const decideResponse = z.object({
  pcid: z.string(),
  propositions: z.array(proposition),
  messages,
  requestId: z.string(),
});

export const bulkEventsResponse = z.object({
  accepted: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  rejected: z.array(rejectedEvent),
  requestId: z.string(),
});

export const campaignTriggerResponse = z.object({
  campaign: z.string(),
  accepted: z.array(z.object({ index: z.number().int().nonnegative(), profileId: z.string(), deliveryId: z.string() })),
  rejected: z.array(rejectedEvent),
  requestId: z.string(),
});

// Compile-time agreement with the types the routes answer with: a field added, dropped or
// retyped on either side (optional ones included) fails `tsc -p edge`.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Plain<T> = { [K in keyof T]: T[K] extends object ? Plain<T[K]> : T[K] };
const agree = <T extends true>(_: T) => undefined;
agree<Equal<Plain<z.infer<typeof proposition>>, Plain<Proposition>>>(true);
agree<Equal<Plain<z.infer<typeof message>>, Plain<Message>>>(true);
agree<Equal<Plain<z.infer<typeof rejectedEvent>>, Plain<InteractResult["rejected"][number]>>>(true);
agree<Equal<Plain<z.infer<typeof errorDetail>>, Plain<ErrorDetail>>>(true);
agree<Equal<Plain<z.infer<typeof errorEnvelope>>, Plain<ErrorEnvelope>>>(true);
