/**
 * `POST /v1/events`: server-side bulk ingestion with an API key, up to 1,000 events and 1 MB a
 * call. Each event names its person by identities. Good events are kept even when others in the
 * same call are rejected; the answer lists rejections by index.
 */
import { createFactory } from "hono/factory";
import { z } from "zod";
import { apiKeyAuth, type ApiKeyEnv } from "../apikeys/middleware";
import { ApiError } from "../http/errors";
import { limitBody } from "../http/middleware";
import { parseWith } from "../http/validate";
import type { IdentityRef } from "../identity/namespaces";
import { ingestEvents } from "../profiles/ingest";
import { readJson } from "./pipeline";

export const MAX_BULK_EVENTS = 1000;
export const MAX_BULK_BYTES = 1024 * 1024;

const bulkBody = z.object({ events: z.array(z.unknown()).min(1).max(MAX_BULK_EVENTS) });

/** Identities as `{ "email": "a@b.c" }` or `[{ "namespace": "email", "value": "a@b.c" }]`. */
export function identitiesOf(raw: unknown): IdentityRef[] {
  if (Array.isArray(raw)) return raw.filter((r) => r && typeof r === "object").map((r) => ({ namespace: String(r.namespace), value: String(r.value) }));
  if (raw && typeof raw === "object") return Object.entries(raw).map(([namespace, value]) => ({ namespace, value: String(value) }));
  return [];
}

export const bulkRoutes = createFactory<ApiKeyEnv>()
  .createApp()
  .post("/events", limitBody(MAX_BULK_BYTES), apiKeyAuth, async (c) => {
    const { events } = parseWith(bulkBody, await readJson(c as never));
    const records = events.map((e) => {
      const { identities, ...event } = (e && typeof e === "object" ? e : {}) as Record<string, unknown>;
      return { identities: identitiesOf(identities), event: event as never };
    });
    const outcomes = await ingestEvents(c.env, c.get("sandbox"), records);
    const count = (s: string) => outcomes.filter((o) => o.status === s).length;
    const rejected = outcomes.filter((o) => o.status === "rejected").map((o) => ({ index: o.index, reasons: o.reasons ?? [] }));
    if (rejected.length === outcomes.length) throw new ApiError(400, "validation_failed", "No event was accepted", rejected.flatMap((r) => r.reasons.map((d) => ({ path: d.path === "(root)" ? `events.${r.index}` : `events.${r.index}.${d.path}`, message: d.message }))));
    return c.json({ accepted: count("accepted"), duplicates: count("duplicate"), rejected, requestId: c.get("requestId") });
  });
