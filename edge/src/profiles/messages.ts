/** Messages on the events queue: the async plane's link from the hot path to D1. */
import type { IndexUpdate } from "./profile-object";
import type { ProfileEvent } from "./events";

export type EventsMessage = {
  kind: "events";
  sandbox: string;
  profileId: string;
  receivedAt: number;
  events: ProfileEvent[];
  index?: IndexUpdate;
};

/** An anonymous profile expired: its D1 rows go too. */
export type ExpiredMessage = { kind: "expired"; sandbox: string; profileId: string };

export type QueueMessage = EventsMessage | ExpiredMessage;
