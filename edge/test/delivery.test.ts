/**
 * Delivery through the queue against a provider stand-in on 127.0.0.1 (providers-stand-in.mjs):
 * retries with backoff on 5xx, 429 (Retry-After) and timeouts, none on 400, the dead-letter
 * queue marking a message failed, idempotency under redelivery, and webhook custom actions
 * called from a journey.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { consumeDeliveries, deliver } from "../src/delivery/consumer";
import type { DeliveryMessage } from "../src/journeys/runtime";
import { admin, eventually, seed } from "./helpers";
import { logRow, profileWith, standIn, stepMessage, type LogRow } from "./providers-client";
import { client } from "./visitors";

type Envelope = { error: { code: string; details?: { path: string; message: string }[] } };

const ok = async <T = Record<string, unknown>>(res: Response, status = 200) => {
  expect(res.status, await res.clone().text()).toBe(status);
  return res.json() as Promise<T>;
};

const email = { kind: "message", channel: "email", title: "Hello", body: "Hi there" } as const;

/** A sandbox whose email goes to an HTTP provider on the stand-in. */
async function withHttpProvider(config: Record<string, unknown> = {}) {
  const { sandbox, datastream } = await seed();
  const s = standIn();
  await ok(await admin("POST", `/sandboxes/${sandbox}/providers`, { id: "hub", name: "Hub", channel: "email", kind: "http", isDefault: true, config: { url: `${s.base}/send`, ...config } }), 201);
  const profileId = await profileWith(sandbox, { email: "ada@example.com" });
  return { sandbox, datastream, s, profileId };
}

const settled = (sandbox: string, id: string, timeoutMs = 10_000) =>
  eventually(async () => {
    const row = await logRow(sandbox, id);
    return row && row.status !== "queued" ? row : null;
  }, timeoutMs);

describe("delivery", () => {
  it("retries a 5xx with backoff and sends once it is accepted, with the same idempotency key each time", async () => {
    const { sandbox, s, profileId } = await withHttpProvider();
    await s.script([{ status: 503, body: "busy" }, { status: 502, body: "" }]);
    const m = stepMessage(sandbox, profileId, email);
    await env.DELIVERY.send(m);
    const row = await settled(sandbox, m.stepId, 15_000);
    expect(row).toMatchObject({ status: "sent", attempts: 3, provider_id: "hub", detail: "sent by hub (200), id msg-3" });
    const reqs = await s.requests();
    expect(reqs.map((r) => r.headers["idempotency-key"])).toEqual([m.stepId, m.stepId, m.stepId]);
    // 1–2 s, then 3–6 s.
    expect(reqs[1].at - reqs[0].at).toBeGreaterThanOrEqual(900);
    expect(reqs[2].at - reqs[1].at).toBeGreaterThanOrEqual(2900);
  }, 20_000);

  it("honours Retry-After on a 429", async () => {
    const { sandbox, s, profileId } = await withHttpProvider();
    await s.script([{ status: 429, headers: { "retry-after": "2" }, body: "slow down" }]);
    const m = stepMessage(sandbox, profileId, email);
    await env.DELIVERY.send(m);
    // While it waits, the log says why.
    const waiting = await eventually(async () => ((await logRow(sandbox, m.stepId))?.attempts === 1 && (await logRow(sandbox, m.stepId))!.detail?.includes("429") ? logRow(sandbox, m.stepId) : null));
    expect(waiting).toMatchObject({ status: "queued", detail: "answered 429: slow down; retrying in 2 s" });
    expect(await settled(sandbox, m.stepId)).toMatchObject({ status: "sent", attempts: 2 });
    const [first, second] = await s.requests();
    expect(second.at - first.at).toBeGreaterThanOrEqual(1900);
  });

  it("retries an attempt that timed out", async () => {
    const { sandbox, s, profileId } = await withHttpProvider({ timeoutMs: 300 });
    await s.script([{ status: 200, delayMs: 1500, body: { slow: true } }]);
    const m = stepMessage(sandbox, profileId, email);
    await env.DELIVERY.send(m);
    expect(await settled(sandbox, m.stepId)).toMatchObject({ status: "sent", attempts: 2, detail: "sent by hub (200), id msg-2" });
  });

  it("does not retry a 400: the message fails with the provider's reason", async () => {
    const { sandbox, s, profileId } = await withHttpProvider();
    await s.script([{ status: 400, body: { error: "invalid recipient" } }]);
    const m = stepMessage(sandbox, profileId, email);
    await env.DELIVERY.send(m);
    expect(await settled(sandbox, m.stepId)).toMatchObject({ status: "failed", attempts: 1, detail: 'answered 400: {"error":"invalid recipient"}' });
    await new Promise((r) => setTimeout(r, 2500));
    expect(await s.requests()).toHaveLength(1);
    const log = await ok<{ items: { id: string; status: string; attempts: number; providerId: string }[] }>(await admin("GET", `/sandboxes/${sandbox}/deliveries?status=failed&providerId=hub`));
    expect(log.items.map((i) => [i.id, i.status, i.attempts, i.providerId])).toEqual([[m.stepId, "failed", 1, "hub"]]);
    expect(await ok<{ items: unknown[] }>(await admin("GET", `/sandboxes/${sandbox}/deliveries?status=sent`))).toEqual({ items: [] });
    expect(((await ok<Envelope>(await admin("GET", `/sandboxes/${sandbox}/deliveries?status=lost`), 400)).error.details ?? []).map((d) => d.path)).toEqual(["status"]);
  });

  it("gives up after the queue's attempts: the dead-letter queue marks the message failed", async () => {
    const { sandbox, s, profileId } = await withHttpProvider();
    // Retry-After: 0 lets the queue's nine attempts (max_retries 8) run back to back.
    await s.script([{ status: 429, headers: { "retry-after": "0" }, body: "quota" }], true);
    const m = stepMessage(sandbox, profileId, email);
    await env.DELIVERY.send(m);
    expect(await settled(sandbox, m.stepId, 15_000)).toMatchObject({ status: "failed", attempts: 9, detail: "gave up after 9 attempts: answered 429: quota" });
    expect(await s.requests()).toHaveLength(9);
  }, 20_000);

  it("marks dead letters failed even when nothing was recorded, and leaves finished ones alone", async () => {
    const { sandbox, profileId } = await withHttpProvider();
    const never = stepMessage(sandbox, profileId, email);
    const done = stepMessage(sandbox, profileId, { kind: "message", channel: "in-app", body: "hi" });
    await deliver(env, done);
    const acked: string[] = [];
    const letters = [never, done].map((body, i) => ({ id: `dl-${i}`, timestamp: new Date(), body, attempts: 1, ack: () => acked.push(body.stepId), retry: () => {} }));
    await consumeDeliveries({ queue: "parcours-delivery-dlq", messages: letters, ackAll: () => letters.forEach((l) => l.ack()), retryAll: () => {} } as unknown as MessageBatch<DeliveryMessage>, env);
    expect(acked).toHaveLength(2);
    expect(await logRow(sandbox, never.stepId)).toMatchObject({ status: "failed", attempts: 0, channel: "email", detail: "gave up: the queue ran out of attempts before any was recorded" });
    expect(await logRow(sandbox, done.stepId)).toMatchObject({ status: "sent", detail: "in the profile's inbox" });
  });

  it("never sends a message twice: not when it is redelivered, not when two copies arrive together", async () => {
    const { sandbox, s, profileId } = await withHttpProvider();
    const m = stepMessage(sandbox, profileId, email);
    await env.DELIVERY.send(m);
    await settled(sandbox, m.stepId);
    await env.DELIVERY.send(m);
    await deliver(env, m);
    await new Promise((r) => setTimeout(r, 300));
    expect(await s.requests()).toHaveLength(1);
    expect(await logRow(sandbox, m.stepId)).toMatchObject({ status: "sent", attempts: 1 });

    // Two copies at once: one claims the attempt, the other comes back later (and finds it sent).
    await s.script([{ status: 200, delayMs: 300, body: {} }]);
    const twin = stepMessage(sandbox, profileId, email);
    const outcomes = await Promise.allSettled([deliver(env, twin), deliver(env, twin)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((await s.requests()).filter((r) => r.headers["idempotency-key"] === twin.stepId)).toHaveLength(1);
    await deliver(env, twin);
    expect((await s.requests()).filter((r) => r.headers["idempotency-key"] === twin.stepId)).toHaveLength(1);

    // Two copies in one queue batch.
    const pair = stepMessage(sandbox, profileId, email);
    await env.DELIVERY.sendBatch([{ body: pair }, { body: pair }]);
    await settled(sandbox, pair.stepId);
    await new Promise((r) => setTimeout(r, 300));
    expect((await s.requests()).filter((r) => r.headers["idempotency-key"] === pair.stepId)).toHaveLength(1);
  });

  it("sends a batch at once: every message its own outcome", async () => {
    const { sandbox, s, profileId } = await withHttpProvider({ body: '{"n":"{{ journey.entry.n }}"}' });
    await s.script([{ status: 200 }, { status: 400, body: "no" }, { status: 200 }, { status: 200 }, { status: 200 }]);
    const messages = Array.from({ length: 5 }, (_, n) => stepMessage(sandbox, profileId, email, { n }));
    await env.DELIVERY.sendBatch(messages.map((body) => ({ body })));
    const rows = await Promise.all(messages.map((m) => settled(sandbox, m.stepId)));
    expect(rows.filter((r) => r.status === "sent")).toHaveLength(4);
    expect(rows.filter((r) => r.status === "failed")).toHaveLength(1);
    expect((await s.requests()).map((r) => JSON.parse(r.body).n).sort()).toEqual(["0", "1", "2", "3", "4"]);
  });
});

describe("webhook custom actions", () => {
  it("are called from a journey with its variables, the profile's id and secrets in headers", async () => {
    const { sandbox, datastream } = await seed();
    const s = standIn();
    const created = await ok<{ customAction: Record<string, unknown> }>(
      await admin("POST", `/sandboxes/${sandbox}/custom-actions`, {
        id: "crm-cart",
        name: "Tell the CRM",
        method: "POST",
        url: `${s.base}/hooks/{{ profile.id }}?sku={{ journey.entry.sku }}`,
        headers: { Authorization: "Bearer {{ secrets.token }}", "X-Source": "parcours" },
        body: '{"profile":"{{ profile.id }}","sku":"{{ journey.entry.sku }}","note":"{{ journey.entry.note }}","tier":"{{ profile.tier }}","step":"{{ delivery.id }}"}',
        timeoutMs: 2000,
        expectedStatuses: [200, 202],
        secrets: { token: "crm-secret-token-000111" },
      }),
      201,
    );
    expect(created.customAction).toMatchObject({ id: "crm-cart", hasSecret: true, secrets: { token: { last4: "0111" } }, idempotencyHeader: "Idempotency-Key" });
    expect(JSON.stringify(created)).not.toContain("crm-secret-token");
    await s.script([{ status: 202, body: "" }]);
    const definition = {
      entry: { type: "event", eventType: "cart.add" },
      start: "hook",
      nodes: { hook: { type: "action", action: { kind: "webhook", action: "crm-cart" }, next: "done" }, done: { type: "end" } },
    };
    await ok(await admin("POST", `/sandboxes/${sandbox}/journeys`, { id: "cart-hook", name: "Cart hook", definition }), 201);
    await ok(await admin("POST", `/sandboxes/${sandbox}/journeys/cart-hook/publish`));

    const visitor = client(datastream);
    await visitor.send("collect", { events: [{ type: "cart.add", data: { sku: "tent/2 p", note: 'a "quoted" note' } }] });
    const [req] = await eventually(async () => {
      const reqs = await s.requests();
      return reqs.length ? reqs : null;
    });
    const pcid = visitor.pcid();
    expect([req.method, req.path, req.query]).toEqual(["POST", `/hooks/${encodeURIComponent(pcid)}`, "sku=tent%2F2%20p"]);
    expect(req.headers).toMatchObject({ authorization: "Bearer crm-secret-token-000111", "x-source": "parcours", "content-type": "application/json" });
    const body = JSON.parse(req.body);
    expect(body).toEqual({ profile: pcid, sku: "tent/2 p", note: 'a "quoted" note', tier: "", step: req.headers["idempotency-key"] });
    const row = (await eventually(async () => {
      const r = await env.DB.prepare("SELECT * FROM deliveries WHERE sandbox_id = ? AND profile_id = ?").bind(sandbox, pcid).first<LogRow>();
      return r?.status === "sent" ? r : null;
    }))!;
    expect(row).toMatchObject({ channel: "webhook", provider_id: "crm-cart", detail: "called crm-cart (202)", id: req.headers["idempotency-key"] });
    expect(row.payload).not.toContain("crm-secret-token");

    // In use by a live journey: it cannot be deleted.
    expect((await ok<Envelope>(await admin("DELETE", `/sandboxes/${sandbox}/custom-actions/crm-cart`), 409)).error.code).toBe("in_use");
  });

  it("fail on an unexpected status and on an unknown action, and validate their settings with field paths", async () => {
    const { sandbox } = await seed();
    const s = standIn();
    await ok(await admin("POST", `/sandboxes/${sandbox}/custom-actions`, { id: "ping", name: "Ping", method: "GET", url: `${s.base}/ping`, expectedStatuses: ["2xx"] }), 201);
    await s.script([{ status: 404, body: "gone" }]);
    const profileId = await profileWith(sandbox, {});
    const m = stepMessage(sandbox, profileId, { kind: "webhook", action: "ping" });
    await deliver(env, m);
    expect(await logRow(sandbox, m.stepId)).toMatchObject({ status: "failed", detail: "answered 404: gone", provider_id: "ping" });
    const unknown = stepMessage(sandbox, profileId, { kind: "webhook", action: "nope" });
    await deliver(env, unknown);
    expect(await logRow(sandbox, unknown.stepId)).toMatchObject({ status: "failed", detail: 'no custom action "nope" in this sandbox' });

    const paths = async (method: string, path: string, body: Record<string, unknown>) => {
      const res = await admin(method, `/sandboxes/${sandbox}/custom-actions${path}`, body);
      expect(res.status, await res.clone().text()).toBe(400);
      return ((await res.json()) as Envelope).error.details!.map((d) => d.path);
    };
    const base = { name: "Hook", url: "https://hooks.example.com/x" };
    expect(await paths("POST", "", { ...base, headers: { Authorization: "Bearer {{ secrets.missing }}" } })).toEqual(["headers.Authorization"]);
    expect(await paths("POST", "", { ...base, body: '{"k":"{{ secrets.token }}"}', secrets: { token: "t" } })).toEqual(["body"]);
    expect(await paths("POST", "", { ...base, url: "https://hooks.example.com{{ journey.entry.path }}" })).toEqual(["url"]);
    expect(await paths("POST", "", { ...base, method: "GET", body: "{}" })).toEqual(["body"]);
    expect(await paths("POST", "", { ...base, expectedStatuses: ["ok"], timeoutMs: 5 })).toEqual(["timeoutMs", "expectedStatuses.0"]);
    expect(await paths("PUT", "/ping", { ...base, headers: { "X-Key": "{{ secrets.key }}" } })).toEqual(["headers.X-Key"]);
    // A replace keeps the secrets it does not name.
    await ok(await admin("PUT", `/sandboxes/${sandbox}/custom-actions/ping`, { ...base, secrets: { key: "k-123456789012" } }));
    const kept = await ok<{ customAction: { secrets: Record<string, { last4: string | null }> } }>(await admin("PUT", `/sandboxes/${sandbox}/custom-actions/ping`, { ...base, headers: { "X-Key": "{{ secrets.key }}" } }));
    expect(kept.customAction.secrets).toEqual({ key: { last4: "9012" } });
    expect(await ok(await admin("DELETE", `/sandboxes/${sandbox}/custom-actions/ping`))).toEqual({ deleted: "ping" });
  });
});
