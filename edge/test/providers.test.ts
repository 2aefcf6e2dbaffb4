/**
 * Channel providers: their admin routes (secrets sealed and never shown, defaults per channel,
 * every bad setting answered with its field path), and the request each kind sends, received by
 * a real HTTP server on 127.0.0.1 (providers-stand-in.mjs).
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { deliver } from "../src/delivery/consumer";
import { admin, seed } from "./helpers";
import { logRow, profileWith, standIn, stepMessage } from "./providers-client";

type Envelope = { error: { code: string; details?: { path: string; message: string }[] } };
type Provider = { id: string; kind: string; channel: string; isDefault: boolean; config: Record<string, unknown>; hasSecret: boolean; secrets: Record<string, { last4: string | null }> };

const ok = async <T = Record<string, unknown>>(res: Response, status = 200) => {
  expect(res.status, await res.clone().text()).toBe(status);
  return res.json() as Promise<T>;
};
const pathsOf = async (res: Response) => {
  expect(res.status, await res.clone().text()).toBe(400);
  return ((await res.json()) as Envelope).error.details!.map((d) => d.path);
};

const TOKEN = "pm-server-token-4f1e9c2a7b";
const email = { kind: "message", channel: "email", title: "Your cart", body: "Still there.\n\nCome back!", cta: { label: "Open the cart", url: "https://shop.example/cart" } } as const;

async function provider(sandbox: string, body: Record<string, unknown>) {
  return (await ok<{ provider: Provider }>(await admin("POST", `/sandboxes/${sandbox}/providers`, { isDefault: true, ...body }), 201)).provider;
}

describe("providers", () => {
  it("seals secrets: answers show only that one is set and its last four characters", async () => {
    const { sandbox } = await seed();
    const created = await provider(sandbox, { id: "pm", name: "Postmark", channel: "email", kind: "postmark", config: { from: "Shop <shop@example.com>" }, secrets: { serverToken: TOKEN } });
    expect(created).toMatchObject({ id: "pm", kind: "postmark", channel: "email", isDefault: true, hasSecret: true, secrets: { serverToken: { last4: "2a7b" } } });
    expect(created.config).toEqual({ from: "Shop <shop@example.com>", messageStream: "outbound", baseUrl: "https://api.postmarkapp.com", timeoutMs: 10_000 });

    for (const res of [await admin("GET", `/sandboxes/${sandbox}/providers`), await admin("GET", `/sandboxes/${sandbox}/providers/pm`)]) {
      const text = await res.text();
      expect(res.status).toBe(200);
      expect(text).not.toContain(TOKEN);
    }
    const row = await env.DB.prepare("SELECT secret, config FROM providers WHERE sandbox_id = ? AND id = 'pm'").bind(sandbox).first<{ secret: string; config: string }>();
    expect(row!.secret).not.toContain(TOKEN);
    expect(row!.config).not.toContain(TOKEN);
    const list = await ok<{ items: Provider[]; secretsKey: string }>(await admin("GET", `/sandboxes/${sandbox}/providers`));
    expect(list.items.map((p) => p.id)).toEqual(["pm"]);
    expect(["PROVIDER_KEY", "development"]).toContain(list.secretsKey);

    // A replace without secrets keeps them; null removes one, which this kind cannot do without.
    const kept = (await ok<{ provider: Provider }>(await admin("PUT", `/sandboxes/${sandbox}/providers/pm`, { name: "Postmark (main)", channel: "email", kind: "postmark", config: { from: "shop@example.com" } }))).provider;
    expect(kept).toMatchObject({ name: "Postmark (main)", hasSecret: true, isDefault: true });
    expect(await pathsOf(await admin("PUT", `/sandboxes/${sandbox}/providers/pm`, { name: "x", channel: "email", kind: "postmark", config: { from: "shop@example.com" }, secrets: { serverToken: null } }))).toEqual(["secrets.serverToken"]);
    const audit = await env.DB.prepare("SELECT action, detail FROM audit_log WHERE sandbox_id = ? ORDER BY id").bind(sandbox).all<{ action: string; detail: string | null }>();
    expect(audit.results.map((a) => a.action)).toEqual(["provider.create", "provider.update"]);
    expect(JSON.stringify(audit.results)).not.toContain(TOKEN);

    expect(await ok(await admin("DELETE", `/sandboxes/${sandbox}/providers/pm`))).toEqual({ deleted: "pm" });
    expect((await admin("GET", `/sandboxes/${sandbox}/providers/pm`)).status).toBe(404);
  });

  it("keeps one default per channel", async () => {
    const { sandbox } = await seed();
    await provider(sandbox, { id: "a", name: "A", channel: "email", kind: "outbox" });
    await provider(sandbox, { id: "b", name: "B", channel: "email", kind: "outbox" });
    await provider(sandbox, { id: "s", name: "S", channel: "sms", kind: "outbox" });
    const defaults = async () => (await ok<{ items: Provider[] }>(await admin("GET", `/sandboxes/${sandbox}/providers`))).items.filter((p) => p.isDefault).map((p) => p.id).sort();
    expect(await defaults()).toEqual(["b", "s"]);
    expect((await ok<{ provider: Provider }>(await admin("POST", `/sandboxes/${sandbox}/providers/a/default`))).provider.isDefault).toBe(true);
    expect(await defaults()).toEqual(["a", "s"]);
    expect((await admin("POST", `/sandboxes/${sandbox}/providers/nope/default`)).status).toBe(404);
    expect((await ok<Envelope>(await admin("POST", `/sandboxes/${sandbox}/providers`, { id: "a", name: "A", channel: "email", kind: "outbox" }), 409)).error.code).toBe("conflict");
  });

  it("answers bad settings with the field path of each", async () => {
    const { sandbox } = await seed();
    const post = (body: Record<string, unknown>) => admin("POST", `/sandboxes/${sandbox}/providers`, { name: "P", channel: "email", ...body });
    expect(await pathsOf(await post({ kind: "http", config: { url: "http://api.example.com/send" } }))).toEqual(["config.url"]);
    expect(await pathsOf(await post({ kind: "http", config: { url: "https://{{ journey.entry.host }}/send" } }))).toEqual(["config.url"]);
    expect(await pathsOf(await post({ kind: "http", config: { url: "https://api.example.com/send", body: '{"to": "{{ order.id }}"}' } }))).toEqual(["config.body"]);
    expect(await pathsOf(await post({ kind: "http", config: { url: "https://api.example.com/send", body: '{"to": "{{ to }}",}' } }))).toEqual(["config.body"]);
    expect(await pathsOf(await post({ kind: "http", config: { url: "https://api.example.com/send", body: '{"to": "{{ to | nofilter }}"}' } }))).toEqual(["config.body"]);
    expect(await pathsOf(await post({ kind: "http", config: { url: "https://api.example.com/send", authHeader: "X-Api-Key", headers: { "Bad Header": "x" } } }))).toEqual(["config.headers.Bad Header"]);
    expect(await pathsOf(await post({ kind: "http", config: { url: "https://api.example.com/send", authHeader: "X-Api-Key" } }))).toEqual(["secrets.authValue"]);
    expect(await pathsOf(await post({ kind: "http", config: { url: "https://api.example.com/send", timeoutMs: 60_000 } }))).toEqual(["config.timeoutMs"]);
    expect(await pathsOf(await post({ kind: "postmark", config: { from: "not an address" } }))).toEqual(["config.from"]);
    expect(await pathsOf(await post({ kind: "postmark", config: { from: "shop@example.com" } }))).toEqual(["secrets.serverToken"]);
    expect(await pathsOf(await post({ kind: "postmark", config: { from: "shop@example.com", sender: "x" }, secrets: { serverToken: TOKEN } }))).toEqual(["config"]);
    expect(await pathsOf(await post({ kind: "twilio", config: { accountSid: "AC123" }, secrets: { authToken: "t" } }))).toEqual(["config.accountSid", "config.from", "channel"]);
    expect(await pathsOf(await post({ kind: "twilio", channel: "sms", config: { accountSid: `AC${"a".repeat(32)}` }, secrets: { authToken: "t" } }))).toEqual(["config.from"]);
    expect(await pathsOf(await post({ kind: "twilio", config: { accountSid: `AC${"a".repeat(32)}`, from: "+15551234567" }, secrets: { authToken: "t" } }))).toEqual(["channel"]);
    expect(await pathsOf(await post({ kind: "http", config: { url: "https://api.example.com/send", headers: { "X-Key": "{{ secrets.key }}" } } }))).toEqual(["config.headers.X-Key"]);
    expect(await pathsOf(await post({ kind: "postmark", config: { from: "shop@example.com" }, secret: { serverToken: TOKEN } }))).toEqual(["(root)"]);
    expect(await pathsOf(await post({ kind: "carrier-pigeon", config: {} }))).toEqual(["kind"]);
    expect(await pathsOf(await post({ channel: "fax", kind: "outbox" }))).toEqual(["channel"]);

    // Web push: the halves of two key pairs, or half a pair.
    const a = (await provider(sandbox, { id: "wp-a", name: "A", channel: "push", kind: "webpush", config: { subject: "mailto:ops@example.com" } })).config.vapidPublicKey as string;
    const b = await provider(sandbox, { id: "wp-b", name: "B", channel: "push", kind: "webpush", config: { subject: "mailto:ops@example.com" } });
    expect(a).toMatch(/^B[A-Za-z0-9_-]{86}$/);
    expect(b).toMatchObject({ hasSecret: true, secrets: { vapidPrivateKey: { last4: expect.any(String) } } });
    const privateB = await env.DB.prepare("SELECT secret FROM providers WHERE sandbox_id = ? AND id = 'wp-b'").bind(sandbox).first<{ secret: string }>();
    expect(privateB!.secret).not.toMatch(/"d"/);
    expect(await pathsOf(await post({ channel: "push", kind: "webpush", config: { subject: "mailto:ops@example.com", vapidPublicKey: a }, secrets: { vapidPrivateKey: "x".repeat(43) } }))).toEqual(["secrets.vapidPrivateKey"]);
    expect(await pathsOf(await post({ channel: "push", kind: "webpush", config: { subject: "mailto:ops@example.com", vapidPublicKey: a } }))).toEqual(["secrets.vapidPrivateKey"]);
    expect(await pathsOf(await post({ channel: "push", kind: "webpush", config: { subject: "ops@example.com" } }))).toEqual(["config.subject"]);
  });

  it("sends the generic HTTP shape: URL and headers rendered, auth header from the secret, JSON-escaped body, idempotency key", async () => {
    const { sandbox } = await seed();
    const s = standIn();
    await provider(sandbox, {
      name: "Hub", channel: "email", kind: "http",
      config: {
        url: `${s.base}/v1/messages/{{ profile.id }}?tenant={{ journey.entry.tenant }}`,
        method: "PUT",
        headers: { "X-Campaign": "{{ journey.id }}-{{ journey.node }}" },
        authHeader: "X-Api-Key",
        body: '{"to":"{{ to }}","name":"{{ profile.firstName }}","subject":"{{ message.title }}","text":"{{ message.body }}","note":"{{ journey.entry.note }}","key":"{{ delivery.id }}"}',
      },
      secrets: { authValue: "hub-key-1234567890" },
    });
    const profileId = await profileWith(sandbox, { email: "ada@example.com", firstName: "Ada" });
    const m = stepMessage(sandbox, profileId, email, { tenant: "a b&c", note: 'she said "hi" \\ bye\n' });
    await deliver(env, m);
    const [req] = await s.requests();
    expect(req.method).toBe("PUT");
    expect(req.path).toBe(`/v1/messages/${encodeURIComponent(profileId)}`);
    expect(req.query).toBe("tenant=a%20b%26c");
    expect(req.headers).toMatchObject({ "x-api-key": "hub-key-1234567890", "x-campaign": "welcome-send", "idempotency-key": m.stepId, "content-type": "application/json" });
    expect(JSON.parse(req.body)).toEqual({ to: "ada@example.com", name: "Ada", subject: "Your cart", text: "Still there.\n\nCome back!", note: 'she said "hi" \\ bye\n', key: m.stepId });
    expect(await logRow(sandbox, m.stepId)).toMatchObject({ status: "sent", attempts: 1, detail: expect.stringMatching(/^sent by hub-\w+ \(200\), id msg-1$/) });
  });

  it("sends Postmark's shape: server token header, From/To/Subject, text and HTML parts, the delivery id in Metadata", async () => {
    const { sandbox } = await seed();
    const s = standIn();
    await s.script([{ status: 200, body: { To: "ada@example.com", MessageID: "pm-0001", ErrorCode: 0, Message: "OK" } }]);
    await provider(sandbox, { id: "pm", name: "Postmark", channel: "email", kind: "postmark", config: { from: "Shop <shop@example.com>", baseUrl: s.base }, secrets: { serverToken: TOKEN } });
    const profileId = await profileWith(sandbox, {}, [{ namespace: "email", value: "ada@example.com", authenticated: true }]);
    const m = stepMessage(sandbox, profileId, email);
    await deliver(env, m);
    const [req] = await s.requests();
    expect([req.method, req.path]).toEqual(["POST", "/email"]);
    expect(req.headers).toMatchObject({ "x-postmark-server-token": TOKEN, accept: "application/json", "content-type": "application/json" });
    const body = JSON.parse(req.body);
    expect(body).toMatchObject({ From: "Shop <shop@example.com>", To: "ada@example.com", Subject: "Your cart", TextBody: "Still there.\n\nCome back!\n\nOpen the cart: https://shop.example/cart", MessageStream: "outbound", Metadata: { deliveryId: m.stepId, profileId } });
    expect(body.HtmlBody).toContain('<p>Still there.</p><p>Come back!</p><p><a href="https://shop.example/cart">Open the cart</a></p>');
    expect(await logRow(sandbox, m.stepId)).toMatchObject({ status: "sent", provider_id: "pm", detail: "sent by pm (200), id pm-0001" });
  });

  it("sends a test through a provider at once and answers what the provider said", async () => {
    const { sandbox } = await seed();
    const s = standIn();
    await s.script([
      { status: 200, body: { To: "ada@example.com", MessageID: "pm-0002", ErrorCode: 0, Message: "OK" } },
      { status: 401, body: { ErrorCode: 10, Message: "Bad or missing Server API Token" } },
    ]);
    await provider(sandbox, { id: "pm", name: "Postmark", channel: "email", kind: "postmark", config: { from: "Shop <shop@example.com>", baseUrl: s.base }, secrets: { serverToken: TOKEN } });
    const sent = await ok<{ deliveryId: string; status: string; detail: string }>(await admin("POST", `/sandboxes/${sandbox}/providers/pm/test`, { to: "ada@example.com" }));
    expect(sent).toMatchObject({ status: "sent", detail: "sent by pm (200), id pm-0002" });
    const [req] = await s.requests();
    expect(JSON.parse(req.body)).toMatchObject({ To: "ada@example.com", Subject: "A test from Parcours", Metadata: { deliveryId: sent.deliveryId, test: "true" } });
    expect(await logRow(sandbox, sent.deliveryId)).toMatchObject({ status: "sent", provider_id: "pm", profile_id: "test" });
    // A refused key is told as the provider put it, and logged failed.
    const refused = await ok<{ deliveryId: string; status: string; detail: string }>(await admin("POST", `/sandboxes/${sandbox}/providers/pm/test`, { to: "ada@example.com", subject: "Again" }));
    expect(refused.status).toBe("failed");
    expect(refused.detail).toMatch(/401/);
    expect(await logRow(sandbox, refused.deliveryId)).toMatchObject({ status: "failed" });
    expect(await pathsOf(await admin("POST", `/sandboxes/${sandbox}/providers/pm/test`, { to: "not an address" }))).toEqual(["to"]);
    expect((await admin("POST", `/sandboxes/${sandbox}/providers/nope/test`, { to: "ada@example.com" })).status).toBe(404);
    // The secret never shows in the answer or the log.
    expect(JSON.stringify(await logRow(sandbox, sent.deliveryId))).not.toContain(TOKEN);
  });

  it("sends Resend's shape with its Idempotency-Key", async () => {
    const { sandbox } = await seed();
    const s = standIn();
    await s.script([{ status: 200, body: { id: "re-42" } }]);
    await provider(sandbox, { id: "re", name: "Resend", channel: "email", kind: "resend", config: { from: "shop@example.com", replyTo: "help@example.com", baseUrl: s.base }, secrets: { apiKey: "re_live_abcdefghijkl" } });
    const profileId = await profileWith(sandbox, { email: "bob@example.com" });
    const m = stepMessage(sandbox, profileId, email);
    await deliver(env, m);
    const [req] = await s.requests();
    expect([req.method, req.path]).toEqual(["POST", "/emails"]);
    expect(req.headers).toMatchObject({ authorization: "Bearer re_live_abcdefghijkl", "idempotency-key": m.stepId });
    expect(JSON.parse(req.body)).toMatchObject({ from: "shop@example.com", to: ["bob@example.com"], subject: "Your cart", reply_to: "help@example.com", text: expect.stringContaining("Come back!") });
    expect((await logRow(sandbox, m.stepId))!.detail).toBe("sent by re (200), id re-42");
  });

  it("sends Twilio's shape: form-encoded, basic auth with the account SID, to the profile's phone", async () => {
    const { sandbox } = await seed();
    const s = standIn();
    const sid = `AC${"0123456789abcdef".repeat(2)}`;
    await s.script([{ status: 201, body: { sid: "SM123", status: "queued" } }]);
    await provider(sandbox, { id: "tw", name: "Twilio", channel: "sms", kind: "twilio", config: { accountSid: sid, from: "+15550001111", baseUrl: s.base }, secrets: { authToken: "twilio-auth-token-xyz" } });
    const profileId = await profileWith(sandbox, { phone: "+33612345678" });
    const m = stepMessage(sandbox, profileId, { kind: "message", channel: "sms", body: "Your code is 1234", cta: { label: "Open", url: "https://shop.example/c" } });
    await deliver(env, m);
    const [req] = await s.requests();
    expect([req.method, req.path]).toEqual(["POST", `/2010-04-01/Accounts/${sid}/Messages.json`]);
    expect(req.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(atob(req.headers.authorization.replace(/^Basic /, ""))).toBe(`${sid}:twilio-auth-token-xyz`);
    expect(Object.fromEntries(new URLSearchParams(req.body))).toEqual({ To: "+33612345678", From: "+15550001111", Body: "Your code is 1234 https://shop.example/c" });
    expect((await logRow(sandbox, m.stepId))!.detail).toBe("sent by tw (201), id SM123");
  });

  it("sends web push: an RFC 8291 body the push service's subscriber decrypts, a valid VAPID token, TTL, urgency and topic", async () => {
    const { sandbox } = await seed();
    const s = standIn();
    const host = new URL(s.root).host;
    const created = await provider(sandbox, { id: "wp", name: "Web push", channel: "push", kind: "webpush", config: { subject: "mailto:ops@example.com", endpointHosts: [host], ttlSeconds: 3600, urgency: "high" } });
    const subscription = await s.pushSubscription();
    const profileId = await profileWith(sandbox, {});
    const m = stepMessage(sandbox, profileId, { kind: "message", channel: "push", title: "Back in stock", body: "The tent is back", cta: { label: "See it", url: "https://shop.example/tent" } }, { pushSubscription: subscription });
    await deliver(env, m);
    const [req] = await s.requests();
    expect(req.push?.error).toBeUndefined();
    expect(JSON.parse(req.push!.text)).toEqual({ id: m.stepId, title: "Back in stock", body: "The tent is back", url: "https://shop.example/tent", action: "See it" });
    expect(req.push).toMatchObject({ rs: 4096, idlen: 65 });
    expect(req.vapid).toMatchObject({ valid: true, header: { typ: "JWT", alg: "ES256" }, claims: { aud: s.root, sub: "mailto:ops@example.com" }, publicKey: created.config.vapidPublicKey });
    expect(req.headers).toMatchObject({ "content-encoding": "aes128gcm", "content-type": "application/octet-stream", ttl: "3600", urgency: "high", topic: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/) });
    expect((await logRow(sandbox, m.stepId))!).toMatchObject({ status: "sent", detail: "sent by wp (201)" });

    // The subscription may also be the profile's attribute; one at a push service not allowed is refused.
    const other = await profileWith(sandbox, { pushSubscription: { ...subscription, endpoint: "https://push.evil.example/x" } });
    const refused = stepMessage(sandbox, other, { kind: "message", channel: "push", body: "hi" });
    await deliver(env, refused);
    expect(await logRow(sandbox, refused.stepId)).toMatchObject({ status: "failed", detail: "push endpoint refused: push.evil.example is not an allowed push service (config.endpointHosts)" });
    const fromAttribute = await profileWith(sandbox, { pushSubscription: subscription });
    const viaProfile = stepMessage(sandbox, fromAttribute, { kind: "message", channel: "push", body: "from the profile" });
    await deliver(env, viaProfile);
    expect(JSON.parse((await s.requests())[1].push!.text)).toMatchObject({ body: "from the profile" });
  });

  it("fails a message with no address at once, and keeps the outbox when no provider is set", async () => {
    const { sandbox } = await seed();
    const s = standIn();
    const profileId = await profileWith(sandbox, { firstName: "Nobody" });
    const outboxed = stepMessage(sandbox, profileId, email);
    await deliver(env, outboxed);
    expect(await logRow(sandbox, outboxed.stepId)).toMatchObject({ status: "sent", detail: "local outbox", provider_id: null, attempts: 1 });

    await provider(sandbox, { id: "pm", name: "Postmark", channel: "email", kind: "postmark", config: { from: "shop@example.com", baseUrl: s.base }, secrets: { serverToken: TOKEN } });
    const m = stepMessage(sandbox, profileId, email);
    await deliver(env, m);
    expect(await logRow(sandbox, m.stepId)).toMatchObject({ status: "failed", provider_id: "pm", detail: "no email address: the profile has no email attribute or email identity" });
    expect(await s.requests()).toEqual([]);
  });
});
