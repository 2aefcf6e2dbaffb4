/**
 * Consumer of the delivery queue: the side effects journeys hand over. Each message is recorded
 * once in `deliveries` (its step id is the key, so a redelivered message is recognised and sent
 * no second time), then delivered by its channel:
 * - in-app and web messages join the profile's inbox, shown on its next interaction;
 * - email, SMS and push go to the local outbox (the `deliveries` table, which the console shows)
 *   until a provider is configured for the sandbox.
 * A message is acknowledged only once recorded and delivered; a failure is retried with backoff.
 */
import type { Action } from "../journeys/definition";
import type { EntryMessage } from "../journeys/reads";
import type { DeliveryMessage } from "../journeys/runtime";
import { profileStub } from "../profiles/stub";

type MessageAction = Extract<Action, { kind: "message" }>;

const sourceOf = (m: DeliveryMessage) => `journey:${m.journey}:${m.version}:${m.node}`;

async function record(env: Env, m: DeliveryMessage, channel: string, status: "queued" | "sent" | "failed", payload: Record<string, unknown>, detail: string | null): Promise<boolean> {
  const res = await env.DB.prepare(
    "INSERT INTO deliveries (sandbox_id, id, profile_id, channel, source, status, payload, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
  )
    .bind(m.sandbox, m.stepId, m.profileId, channel, sourceOf(m), status, JSON.stringify(payload), detail)
    .run();
  return (res.meta.changes ?? 0) > 0;
}

async function setStatus(env: Env, m: DeliveryMessage, status: "sent" | "failed", detail: string | null) {
  await env.DB.prepare("UPDATE deliveries SET status = ?, detail = ?, updated_at = ? WHERE sandbox_id = ? AND id = ?").bind(status, detail, Date.now(), m.sandbox, m.stepId).run();
}

export async function deliver(env: Env, m: DeliveryMessage): Promise<void> {
  const a = m.action;
  if (a.kind === "audience-add" || a.kind === "audience-remove") {
    // The profile's object changed its membership already; the list in D1 follows, for batch reads and exports.
    const who = m.vars.listIdentity as { namespace: string; value: string } | undefined;
    if (!who) return;
    if (!(await record(env, m, "audience", "queued", { action: a, identity: who }, null))) return;
    const statement = a.kind === "audience-add"
      ? env.DB.prepare("INSERT OR IGNORE INTO audience_list_members (sandbox_id, audience_id, namespace, value) VALUES (?, ?, ?, ?)")
      : env.DB.prepare("DELETE FROM audience_list_members WHERE sandbox_id = ? AND audience_id = ? AND namespace = ? AND value = ?");
    await statement.bind(m.sandbox, a.audience, who.namespace, who.value).run();
    await setStatus(env, m, "sent", `${a.kind === "audience-add" ? "added to" : "removed from"} ${a.audience}`);
    return;
  }
  if (a.kind !== "message") {
    // Webhooks are recorded; their calls come with custom actions.
    await record(env, m, a.kind, "queued", { action: a, vars: m.vars, ...(m.test ? { test: true } : {}) }, "waiting for a configured custom action");
    return;
  }
  const msg = a as MessageAction;
  const payload = { title: msg.title ?? null, body: msg.body ?? null, template: msg.template ?? null, cta: msg.cta ?? null, vars: m.vars, ...(m.test ? { test: true } : {}) };
  const fresh = await record(env, m, msg.channel, "queued", payload, null);
  if (!fresh) {
    // Seen before: deliver only if the earlier attempt did not finish.
    const row = await env.DB.prepare("SELECT status FROM deliveries WHERE sandbox_id = ? AND id = ?").bind(m.sandbox, m.stepId).first<{ status: string }>();
    if (row?.status !== "queued") return;
  }
  if (msg.channel === "in-app" || msg.channel === "web") {
    await profileStub(env, m.sandbox, m.profileId).queueMessage(m.sandbox, m.profileId, {
      kind: "banner", body: msg.body ?? "", ...(msg.title ? { title: msg.title } : {}), ...(msg.cta ? { cta: msg.cta } : {}), ttlSeconds: 7 * 86_400,
    }, Date.now(), m.stepId);
    await setStatus(env, m, "sent", "in the profile's inbox");
    return;
  }
  await setStatus(env, m, "sent", "local outbox");
}

/** Fan-out of a read-audience run: each profile's object enters the journey itself. */
async function enterAll(env: Env, m: EntryMessage) {
  const results = await Promise.allSettled(m.profileIds.map((id) => profileStub(env, m.sandbox, id).enterJourney(m.sandbox, id, m.journey, m.at)));
  const failed = results.filter((r) => r.status === "rejected");
  // Entering twice is harmless (re-entrance rules decide), so a retry takes the whole batch again.
  if (failed.length) throw new Error(`${failed.length} of ${m.profileIds.length} profiles could not enter ${m.journey}: ${(failed[0] as PromiseRejectedResult).reason}`);
}

export async function consumeDeliveries(batch: MessageBatch<DeliveryMessage | EntryMessage>, env: Env): Promise<void> {
  for (const msg of batch.messages) {
    try {
      const body = msg.body;
      if ("kind" in body && body.kind === "enter") await enterAll(env, body);
      else await deliver(env, body as DeliveryMessage);
      msg.ack();
    } catch (err) {
      console.error("delivery failed; will retry", msg.id, err);
      msg.retry({ delaySeconds: Math.min(300, 2 ** msg.attempts + Math.random()) });
    }
  }
}
