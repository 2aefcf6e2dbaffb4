/**
 * Events the edge records for a profile on its own behalf (an email opened, a link clicked, an
 * unsubscribe): through the profile's object, as the data plane records a visitor's events,
 * so consent, audiences and journeys follow at once, then on to the dataset through the events
 * queue.
 */
import { activeConfig } from "../config/active";
import { normalizeEvent, type JsonObject } from "../profiles/events";
import type { EventsMessage } from "../profiles/messages";
import { profileStub } from "../profiles/stub";

export type RecordedEvent = { type: string; data: JsonObject };

/** The consent an email unsubscribe sets: marketing email is out (docs/content.md). */
export const UNSUBSCRIBE_CONSENT: Record<"email", JsonObject> = { email: { email: "out" } };

/** Whether a profile's consent says no to marketing on this channel (an unsubscribe link sets it). */
export const marketingOut = (consent: JsonObject, channel: string) => consent[channel] === "out";

export async function recordForProfile(env: Env, sandbox: string, profileId: string, events: RecordedEvent[], now = Date.now()): Promise<{ profileId: string; accepted: number }> {
  const config = await activeConfig(env.CONFIG, sandbox);
  const result = await profileStub(env, sandbox, profileId).interact({
    sandbox,
    profileId,
    version: config.version ?? 0,
    events: events.map((e) => normalizeEvent({ type: e.type, data: e.data }, now)),
    placements: [],
    now,
    anonymousTtlDays: config.settings.anonymousTtlDays,
  });
  const all = result.logged?.length ? [...result.accepted, ...result.logged] : result.accepted;
  if (all.length || result.index) {
    const message: EventsMessage = { kind: "events", sandbox, profileId: result.profileId, receivedAt: now, events: all, index: result.index };
    await env.EVENTS.send(message);
  }
  return { profileId: result.profileId, accepted: result.accepted.length };
}
