/** Bodies of the data-plane routes. */
import { z } from "zod";
import { eventSchema, MAX_EVENTS_PER_REQUEST } from "../profiles/events";

export const MAX_PLACEMENTS = 30;

const identityRef = z.object({ namespace: z.string().min(1).max(64), value: z.string().min(1).max(256) });

/** A known identity signed by the site's backend (see docs/identity.md). */
export const signedIdentity = identityRef.extend({
  expires: z.number().int().positive(),
  signature: z.string().min(1).max(128),
});

const common = {
  pcid: z.string().max(64).optional(),
  /** Signed known identities: these may merge profiles. */
  identify: z.array(signedIdentity).max(5).optional(),
  /** Unsigned known identities: kept as ambiguous, never merged on. */
  identities: z.array(identityRef).max(10).optional(),
};

export const collectBody = z.object({
  ...common,
  events: z.array(eventSchema).max(MAX_EVENTS_PER_REQUEST),
});

const names = z.array(z.string().min(1).max(64)).max(MAX_PLACEMENTS);

export const interactBody = z.object({
  ...common,
  events: z.array(eventSchema).max(MAX_EVENTS_PER_REQUEST).default([]),
  /** Placements to decide on their own (all their offers, by priority). */
  placements: names.default([]),
  /** Decisions to run, each over its placements. */
  decisions: names.default([]),
  /** Decide without counting anything (previews, server-side checks). */
  dryRun: z.boolean().default(false),
});

/** `GET /v1/decide?datastream=…&placement=…&decision=…`: repeated parameters, or comma-separated. */
const listParam = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).flatMap((x) => x.split(",")).map((x) => x.trim()).filter(Boolean)))
  .pipe(names);

export const decideQuery = z
  .object({
    placement: listParam,
    decision: listParam,
    pcid: z.string().max(64).optional(),
    dryRun: z.enum(["0", "1", "true", "false"]).optional().transform((v) => v === "1" || v === "true"),
  })
  .refine((q) => q.placement.length + q.decision.length > 0, { message: "Name at least one placement (?placement=hero) or decision (?decision=home)", path: ["placement"] });

export const datastreamQuery = z.object({
  datastream: z.string().min(1, "Name the datastream: ?datastream=<id>").max(64),
});
