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

export const interactBody = z.object({
  ...common,
  events: z.array(eventSchema).max(MAX_EVENTS_PER_REQUEST).default([]),
  placements: z.array(z.string().min(1).max(64)).max(MAX_PLACEMENTS).default([]),
});

export const datastreamQuery = z.object({
  datastream: z.string().min(1, "Name the datastream: ?datastream=<id>").max(64),
});
