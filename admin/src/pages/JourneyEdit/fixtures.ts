// Journeys shared by the unit tests of the editor's models.
import type { JourneyDefinition } from "../../lib/types";

/** Abandoned cart: wait for an order; without one, a split between a message and nothing. */
export const cart = (): JourneyDefinition => ({
  entry: { type: "event", eventType: "cart.add" },
  start: "wait-order",
  nodes: {
    "wait-order": { type: "wait-event", eventType: "order.placed", timeout: "1d", next: "done", timeoutNext: "ab" },
    ab: { type: "split", branches: [{ label: "Nudge", percent: 80, next: "nudge" }, { percent: 20, next: "done" }] },
    nudge: { type: "action", action: { kind: "message", channel: "email", body: "Your cart misses you" }, next: "done" },
    done: { type: "end" },
  },
  reentrance: { mode: "never" },
  exit: [],
  timeoutDays: 91,
});
