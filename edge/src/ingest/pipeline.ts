/**
 * The data-plane pipeline shared by /v1/interact and /v1/collect: resolve the datastream,
 * read and validate the body, find the profile, hand everything to its object in one call,
 * and send accepted events on to the dataset queue without making the visitor wait.
 */
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { ZodType, z } from "zod";
import { loadSnapshot, resolveDatastream } from "../config/cache";
import { ApiError } from "../http/errors";
import type { AppEnv } from "../http/middleware";
import { parseWith } from "../http/validate";
import { isPcid, mintPcid, PCID_COOKIE, PCID_MAX_AGE } from "../identity/pcid";
import { eventBytes, MAX_EVENT_BYTES, normalizeEvent, type IncomingEvent } from "../profiles/events";
import type { InteractResult } from "../profiles/profile-object";
import { profileStub } from "../profiles/stub";
import { datastreamQuery } from "./schemas";

export type EventsMessage = { sandbox: string; profileId: string; receivedAt: number; events: InteractResult["accepted"] };

async function readJson(c: Context<AppEnv>): Promise<unknown> {
  const text = await c.req.text();
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, "malformed_json", "The request body is not valid JSON");
  }
}

function checkEventSizes(events: IncomingEvent[]) {
  const details = events.flatMap((e, i) =>
    eventBytes(e) > MAX_EVENT_BYTES ? [{ path: `events.${i}`, message: `Event is larger than ${MAX_EVENT_BYTES} bytes` }] : [],
  );
  if (details.length) throw new ApiError(413, "event_too_large", "An event is over the size limit", details);
}

/** Allows browsers from the datastream's origins (any origin when the list is empty). */
function allowOrigin(c: Context<AppEnv>, allowed: string[]) {
  const origin = c.req.header("origin");
  if (!origin) return;
  if (allowed.length && !allowed.includes(origin)) {
    throw new ApiError(403, "forbidden_origin", `Origin ${origin} may not use this datastream`);
  }
  c.header("Access-Control-Allow-Origin", origin);
  c.header("Access-Control-Allow-Credentials", "true");
  c.header("Vary", "Origin");
}

export async function handleInteraction<T extends ZodType<{ pcid?: string; events: IncomingEvent[]; placements?: string[] }>>(
  c: Context<AppEnv>,
  schema: T,
): Promise<{ pcid: string; result: InteractResult }> {
  const now = Date.now();
  const { datastream } = parseWith(datastreamQuery, c.req.query());
  const pointer = await resolveDatastream(c.env.CONFIG, datastream, Number(c.env.CONFIG_POINTER_TTL_MS) || 1000, now);
  if (!pointer) throw new ApiError(404, "unknown_datastream", `No published datastream "${datastream}"`);
  const snapshot = await loadSnapshot(c.env.CONFIG, pointer.sandbox, pointer.version);
  allowOrigin(c, snapshot?.datastreams[datastream]?.allowedOrigins ?? []);

  const body: z.output<T> = parseWith(schema, await readJson(c));
  checkEventSizes(body.events);

  const fromCookie = getCookie(c, PCID_COOKIE);
  const pcid = isPcid(fromCookie) ? fromCookie : isPcid(body.pcid) ? body.pcid : mintPcid();
  const events = body.events.map((e) => normalizeEvent(e, now));

  const result = await profileStub(c.env, pointer.sandbox, pcid).interact({
    sandbox: pointer.sandbox,
    profileId: pcid,
    version: pointer.version,
    events,
    placements: body.placements ?? [],
    now,
  });

  if (result.accepted.length) {
    const message: EventsMessage = { sandbox: pointer.sandbox, profileId: pcid, receivedAt: now, events: result.accepted };
    c.executionCtx.waitUntil(
      c.env.EVENTS.send(message).catch((err) => console.error("events queue send failed", c.get("requestId"), err)),
    );
  }

  setCookie(c, PCID_COOKIE, pcid, {
    path: "/",
    maxAge: PCID_MAX_AGE,
    sameSite: "Lax",
    secure: new URL(c.req.url).protocol === "https:",
  });
  return { pcid, result };
}
