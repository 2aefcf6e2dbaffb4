/**
 * Worker entry: HTTP through the Hono app, the events and delivery queue consumers, the
 * scheduled work (journey reads, campaign runs, batch audience sizes), and the Durable Object
 * classes exported by name for their bindings.
 */
import { countScheduled } from "./audiences/scheduled";
import { consumeEvents } from "./dataset/consumer";
import { consumeDeliveries, type DeliveryQueueMessage } from "./delivery/consumer";
import { runDueReads } from "./journeys/reads";
import { runDueCampaigns } from "./campaigns/runs";
import { app } from "./http/app";
import type { QueueMessage } from "./profiles/messages";

export { ProfileObject } from "./profiles/profile-object";
export { CapCounter } from "./decisioning/cap-counter";

export default {
  fetch: app.fetch,
  async queue(batch, env) {
    if (batch.queue.startsWith("parcours-events")) await consumeEvents(batch as MessageBatch<QueueMessage>, env);
    else if (batch.queue.startsWith("parcours-delivery") || batch.queue === "parcours-campaign-parts") await consumeDeliveries(batch as MessageBatch<DeliveryQueueMessage>, env);
  },
  async scheduled(controller, env, ctx) {
    // Every minute: due journey reads and campaign runs; on the hour: audience sizes for their trends.
    ctx.waitUntil(runDueReads(env, controller.scheduledTime));
    ctx.waitUntil(runDueCampaigns(env, controller.scheduledTime));
    if (new Date(controller.scheduledTime).getUTCMinutes() === 0) ctx.waitUntil(countScheduled(env));
  },
} satisfies ExportedHandler<Env, QueueMessage | DeliveryQueueMessage>;
