/**
 * Events the edge records for a profile on its own behalf (an email opened, a link clicked, an
 * unsubscribe): through the profile's object, as the data plane records a visitor's events,
 * so consent, audiences and journeys follow at once, then on to the dataset through the events
 * queue.
 */
import { activeConfig } from "../config/active";
import { normalizeEvent, type JsonObject } from "../profiles/events";
import { eventsMessageOf } from "../profiles/messages";
import { profileStub } from "../profiles/stub";
import type { InteractInput, Proposition } from "../profiles/profile-object";

export type RecordedEvent = { type: string; data: JsonObject };

/** The consent an email unsubscribe sets: marketing email is out (docs/content.md). */
export const UNSUBSCRIBE_CONSENT: Record<"email", JsonObject> = { email: { email: "out" } };

/** Records events for a profile as the edge's own (a click, an open, an unsubscribe). */
export async function recordForProfile(env: Env, sandbox: string, profileId: string, events: RecordedEvent[], now = Date.now()): Promise<{ profileId: string; accepted: number }> {
  const result = await interactFor(env, sandbox, profileId, now, { events: events.map((e) => normalizeEvent({ type: e.type, data: e.data }, now)) });
  return { profileId: result.profileId, accepted: result.accepted.length };
}

/**
 * A decision run for a profile when a message is sent (a template's `offers.*`): counted like a
 * decision on a page — caps, the optimiser and the offers' reports see it — unless it is a test.
 */
export async function decideForProfile(env: Env, sandbox: string, profileId: string, decision: string, dryRun: boolean, now = Date.now()): Promise<Proposition[]> {
  const result = await interactFor(env, sandbox, profileId, now, { events: [], decisions: [decision], dryRun });
  return result.propositions;
}

/**
 * One call to the profile's object on the edge's own behalf; what it accepted or decided, and
 * what changed for the D1 profile index, go on through the events queue.
 */
export async function interactFor(env: Env, sandbox: string, profileId: string, now: number, input: Pick<InteractInput, "events" | "decisions" | "dryRun" | "identities" | "noColdState">) {
  const config = await activeConfig(env.CONFIG, sandbox);
  const result = await profileStub(env, sandbox, profileId).interact({
    sandbox,
    profileId,
    version: config.version ?? 0,
    placements: [],
    now,
    anonymousTtlDays: config.settings.anonymousTtlDays,
    ...input,
  });
  const message = eventsMessageOf(sandbox, result, now);
  if (message) await env.EVENTS.send(message);
  return result;
}
