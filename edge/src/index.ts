/**
 * Worker entry: HTTP through the Hono app, the events queue consumer, the scheduled batch
 * audience run, and the Durable Object classes exported by name for their bindings.
 */
import { countScheduled } from "./audiences/scheduled";
import { consumeEvents } from "./dataset/consumer";
import { consumeDeliveries } from "./delivery/consumer";
import type { EntryMessage } from "./journeys/reads";
import { runDueReads } from "./journeys/reads";
import type { DeliveryMessage } from "./journeys/runtime";
import { app } from "./http/app";
import type { QueueMessage } from "./profiles/messages";

export { ProfileObject } from "./profiles/profile-object";
export { CapCounter } from "./decisioning/cap-counter";

export default {
  fetch: app.fetch,
  async queue(batch, env) {
    if (batch.queue.startsWith("parcours-events")) await consumeEvents(batch as MessageBatch<QueueMessage>, env);
    else if (batch.queue.startsWith("parcours-delivery")) await consumeDeliveries(batch as MessageBatch<DeliveryMessage | EntryMessage>, env);
  },
  async scheduled(controller, env, ctx) {
    // Every minute: due journey reads; on the hour: audience sizes for their trends.
    ctx.waitUntil(runDueReads(env, controller.scheduledTime));
    if (new Date(controller.scheduledTime).getUTCMinutes() === 0) ctx.waitUntil(countScheduled(env));
  },
} satisfies ExportedHandler<Env, QueueMessage | DeliveryMessage | EntryMessage>;
