/** Messages on the events queue: the async plane's link from the hot path to D1. */
import type { IndexUpdate, InteractResult } from "./profile-object";
import type { ProfileEvent } from "./events";

export type EventsMessage = {
  kind: "events";
  sandbox: string;
  profileId: string;
  receivedAt: number;
  events: ProfileEvent[];
  index?: IndexUpdate;
};

/**
 * What an interaction hands the async plane: the events the object accepted and the records it
 * logged for the dataset (what was decided), with the index's changes; null when there is none.
 */
export function eventsMessageOf(sandbox: string, result: Pick<InteractResult, "profileId" | "accepted" | "index" | "logged">, receivedAt: number): EventsMessage | null {
  const events = result.logged?.length ? [...result.accepted, ...result.logged] : result.accepted;
  if (!events.length && !result.index) return null;
  return { kind: "events", sandbox, profileId: result.profileId, receivedAt, events, index: result.index };
}

/** An anonymous profile expired: its D1 rows go too. */
export type ExpiredMessage = { kind: "expired"; sandbox: string; profileId: string };

export type QueueMessage = EventsMessage | ExpiredMessage;
