/**
 * Incoming events: their schema and normalisation. An event is stored once per id (retries are
 * idempotent), its time is the client's unless it lies in the future (then the server's), and
 * its size is bounded.
 */
import { z } from "zod";

export const MAX_EVENT_BYTES = 10 * 1024;
export const MAX_EVENTS_PER_REQUEST = 50;
/** A profile keeps its events for 90 days, and at most the newest 5,000, as Adobe does. */
export const MAX_EVENTS = 5000;
export const EVENT_RETENTION_MS = 90 * 24 * 3600 * 1000;

export const eventSchema = z.object({
  id: z.string().min(1).max(64).regex(/^[\w.:-]+$/, "Use letters, digits and . _ : -").optional(),
  type: z.string().min(1).max(64).regex(/^[A-Za-z][\w.:-]*$/, "Start with a letter; use letters, digits and . _ : -"),
  timestamp: z.union([z.iso.datetime({ offset: true }), z.number().int().nonnegative()]).optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});

export type IncomingEvent = z.infer<typeof eventSchema>;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export type ProfileEvent = { id: string; type: string; ts: number; data: JsonObject };

export function normalizeEvent(e: IncomingEvent, now: number): ProfileEvent {
  const claimed = e.timestamp === undefined ? now : typeof e.timestamp === "number" ? e.timestamp : Date.parse(e.timestamp);
  return { id: e.id ?? crypto.randomUUID(), type: e.type, ts: Math.min(claimed, now), data: (e.data ?? {}) as JsonObject };
}

/** Byte length of an event as JSON, for the per-event size limit. */
export const eventBytes = (e: unknown) => new TextEncoder().encode(JSON.stringify(e)).length;
