/** Bodies of the data-plane routes. */
import { z } from "zod";
import { eventSchema, MAX_EVENTS_PER_REQUEST } from "../profiles/events";

export const MAX_PLACEMENTS = 30;

export const collectBody = z.object({
  pcid: z.string().max(64).optional(),
  events: z.array(eventSchema).max(MAX_EVENTS_PER_REQUEST),
});

export const interactBody = z.object({
  pcid: z.string().max(64).optional(),
  events: z.array(eventSchema).max(MAX_EVENTS_PER_REQUEST).default([]),
  placements: z.array(z.string().min(1).max(64)).max(MAX_PLACEMENTS).default([]),
});

export const datastreamQuery = z.object({
  datastream: z.string().min(1, "Name the datastream: ?datastream=<id>").max(64),
});
