/**
 * The data-plane pipeline shared by /v1/interact and /v1/collect: resolve the datastream,
 * read and validate the body, find the profile (merging on a signed login), hand everything to
 * its object in one call, and send accepted events on to the dataset queue without making the
 * visitor wait.
 */
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { z } from "zod";
import { loadSnapshot, resolveDatastream } from "../config/cache";
import type { Snapshot } from "../config/snapshot";
import { ApiError } from "../http/errors";
import type { AppEnv } from "../http/middleware";
import { parseWith } from "../http/validate";
import { isPcid, mintPcid, PCID_COOKIE, PCID_MAX_AGE } from "../identity/pcid";
import { resolveProfile } from "../identity/resolve";
import { eventBytes, MAX_EVENT_BYTES, normalizeEvent, type IncomingEvent } from "../profiles/events";
import { eventsMessageOf } from "../profiles/messages";
import type { InteractResult } from "../profiles/profile-object";
import { profileStub } from "../profiles/stub";
import { buildContext } from "../audiences/context";
import { checkEvent, flagged } from "./check-events";
import { readIdentities } from "./identities";
import { collectBody, datastreamQuery, type interactBody } from "./schemas";

export async function readJson(c: Context<AppEnv>): Promise<unknown> {
  const text = await c.req.text();
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, "malformed_json", "The request body is not valid JSON");
  }
}

export function checkEventSizes(events: IncomingEvent[]) {
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

/** Sends accepted events and index changes to the async plane without delaying the answer. */
export function enqueue(c: Context<AppEnv>, sandbox: string, result: Pick<InteractResult, "profileId" | "accepted" | "index" | "logged">, now: number) {
  const message = eventsMessageOf(sandbox, result, now);
  if (!message) return;
  c.executionCtx.waitUntil(c.env.EVENTS.send(message).catch((err) => console.error("events queue send failed", c.get("requestId"), err)));
}

type Body = z.output<typeof interactBody>;

/** The page comes from the request's page view (the SDK sends its URL), else the Referer header. */
function requestContext(c: Context<AppEnv>, events: IncomingEvent[], snapshot: Snapshot, now: number) {
  const view = events.find((e) => e.type === "page.view")?.data as { url?: unknown; referrer?: unknown } | undefined;
  const cf = (c.req.raw as { cf?: { country?: string; region?: string; city?: string; timezone?: string } }).cf;
  return buildContext({
    url: typeof view?.url === "string" ? view.url : c.req.header("referer"),
    referrer: typeof view?.referrer === "string" ? view.referrer : undefined,
    userAgent: c.req.header("user-agent"),
    geo: cf ? { country: cf.country, region: cf.region, city: cf.city, timezone: cf.timezone } : undefined,
    now,
    timeZone: snapshot.settings.timeZone,
  });
}

/** A request's body as the pipeline reads it: JSON from a POST, or built from a GET's query. */
export type BodySource = (c: Context<AppEnv>) => Promise<unknown>;

export async function handleInteraction(c: Context<AppEnv>, schema: z.ZodType<Partial<Body> & { events: IncomingEvent[] }>, source: BodySource = readJson) {
  const now = Date.now();
  const { datastream } = parseWith(datastreamQuery, c.req.query());
  const pointer = await resolveDatastream(c.env.CONFIG, datastream, Number(c.env.CONFIG_POINTER_TTL_MS) || 1000, now);
  if (!pointer) throw new ApiError(404, "unknown_datastream", `No published datastream "${datastream}"`);
  const snapshot: Snapshot | null = await loadSnapshot(c.env.CONFIG, pointer.sandbox, pointer.version);
  if (!snapshot) throw new ApiError(503, "config_unavailable", "The published configuration could not be read; try again");
  allowOrigin(c, snapshot.datastreams[datastream]?.allowedOrigins ?? []);

  const body = parseWith(schema, await source(c));
  checkEventSizes(body.events);
  const checks = body.events.map((e) => checkEvent(snapshot, e));
  const schemaErrors = checks.flatMap((chk, i) => chk.errors.map((d) => ({ path: `events.${i}.${d.path}`, message: d.message })));
  if (schemaErrors.length) throw new ApiError(400, "validation_failed", "An event does not match its schema", schemaErrors);
  const { signed, ambiguous } = await readIdentities(c.env, datastream, body, snapshot.namespaces, now);

  const fromCookie = getCookie(c, PCID_COOKIE);
  const pcid = isPcid(fromCookie) ? fromCookie : isPcid(body.pcid) ? body.pcid : mintPcid();
  const profileId = signed.length
    ? (await resolveProfile(c.env, pointer.sandbox, snapshot.settings, signed, now, { pcid })).profileId
    : pcid;

  const result = await profileStub(c.env, pointer.sandbox, profileId).interact({
    sandbox: pointer.sandbox,
    profileId,
    version: pointer.version,
    events: body.events.map((e, i) => normalizeEvent(flagged(e, checks[i].unknown), now)),
    placements: body.placements ?? [],
    decisions: body.decisions ?? [],
    dryRun: body.dryRun ?? false,
    now,
    identities: [
      { namespace: "pcid", value: pcid, authenticated: false },
      ...signed.map((s) => ({ ...s.ref, authenticated: true })),
      ...ambiguous.map((a) => ({ ...a.ref, authenticated: false })),
    ],
    anonymousTtlDays: snapshot.settings.anonymousTtlDays,
    // Only decisions read the context (streamed audiences never do): collect requests skip it.
    context: body.placements?.length || body.decisions?.length ? requestContext(c, body.events, snapshot, now) : undefined,
    // Cold state exists only for people imports were the first to know, under ids they minted;
    // a profile named by its device id never has any, so anonymous traffic never reads D1.
    noColdState: profileId === pcid,
    // Collect-only requests answer nothing: messages wait for the next interaction.
    deliverMessages: schema !== collectBody,
  });
  enqueue(c, pointer.sandbox, result, now);

  setCookie(c, PCID_COOKIE, pcid, {
    path: "/",
    maxAge: PCID_MAX_AGE,
    sameSite: "Lax",
    secure: new URL(c.req.url).protocol === "https:",
  });
  return { pcid, result };
}
