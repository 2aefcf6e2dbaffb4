/**
 * Campaigns through the real Worker: saved, checked and activated; scheduled runs started by
 * what the Cron Trigger calls, fanned out through the delivery queue in ranges, each member
 * sent once; counts per run; pausing; consent for marketing and not for transactional
 * messages; offers from a decision at send time; API-triggered sends with context data to a
 * provider stand-in on 127.0.0.1, idempotent by key.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { deliver } from "../src/delivery/consumer";
import { messageFor, readPart, runDueCampaigns, RunNotStarted, startRun, type CampaignRow } from "../src/campaigns/runs";
import { admin, call, eventually, postJson, seed } from "./helpers";

// Each test waits on queues (runs, deliveries, the index following): generous, as the machine may be busy.
vi.setConfig({ testTimeout: 90_000 });

/** Queue work done: generous for the same reason. */
const soon = <T>(check: () => Promise<T | undefined | null | false>) => eventually(check, 30_000);
import { logRow, profileWith, standIn } from "./providers-client";
import { client } from "./visitors";

type Envelope = { error: { code: string; details?: { path: string; message: string }[] } };
type Run = { id: string; state: string; trigger: string; counts: Record<string, number>; parts: number | null; partsDone: number };

const ok = async <T = Record<string, unknown>>(res: Response, status = 200) => {
  expect(res.status, await res.clone().text()).toBe(status);
  return res.json() as Promise<T>;
};
const paths = async (res: Response) => ((await res.json()) as Envelope).error.details?.map((d) => d.path);

const mail = { id: "news", name: "News", channel: "email", content: { subject: "News for {{ profile.firstName | default: \"you\" }}", html: "<p>Hello {{ profile.firstName }}</p><a href=\"https://shop.example/new\">See what is new</a>" } };

const logOf = (sandbox: string, source: string) =>
  env.DB.prepare("SELECT id, profile_id AS profileId, status, detail, payload FROM deliveries WHERE sandbox_id = ? AND source = ? ORDER BY profile_id")
    .bind(sandbox, source)
    .all<{ id: string; profileId: string; status: string; detail: string | null; payload: string }>()
    .then((r) => r.results);

/** A sandbox with a "gold" audience of three visitors (and one who is not), published and indexed in D1. */
async function goldSandbox() {
  const { sandbox, datastream } = await seed();
  await ok(await admin("POST", `/sandboxes/${sandbox}/audiences`, { id: "gold", name: "Gold", rule: { "profile.tier": "gold" } }), 201);
  await ok(await admin("POST", `/sandboxes/${sandbox}/publish`), 201);
  const members = Array.from({ length: 3 }, () => client(datastream));
  const other = client(datastream);
  // Each in a time zone of their own (the third has none: the sandbox's, UTC).
  const zones = [{ timeZone: "Asia/Tokyo" }, { timeZone: "America/New_York" }, {}];
  for (const [i, v] of members.entries()) await v.send("collect", { events: [{ type: "profile.update", data: { set: { tier: "gold", firstName: `Gold${i}`, email: `gold${i}@example.com`, ...zones[i] } } }] });
  await other.send("collect", { events: [{ type: "profile.update", data: { set: { tier: "silver", email: "silver@example.com" } } }] });
  // Runs read the D1 profile index, which follows the events queue.
  await soon(async () => {
    const n = await env.DB.prepare("SELECT count(*) AS n FROM profiles WHERE sandbox_id = ? AND json_extract(attributes, '$.tier') IS NOT NULL").bind(sandbox).first<{ n: number }>();
    return n!.n === 4;
  });
  await ok(await admin("POST", `/sandboxes/${sandbox}/templates`, mail), 201);
  return { sandbox, datastream, members, other };
}

const campaignRow = (sandbox: string, id: string) => env.DB.prepare("SELECT * FROM campaigns WHERE sandbox_id = ? AND id = ?").bind(sandbox, id).first<Record<string, unknown>>();
const asRow = (r: Record<string, unknown>): CampaignRow => ({
  sandboxId: r.sandbox_id, id: r.id, name: r.name, description: r.description, kind: r.kind, purpose: r.purpose, channel: r.channel, templateId: r.template_id,
  decisionId: r.decision_id, audienceId: r.audience_id, schedule: r.schedule ? JSON.parse(r.schedule as string) : null, status: r.status, activatedAt: r.activated_at,
  createdAt: r.created_at, updatedAt: r.updated_at,
}) as CampaignRow;

async function runOf(sandbox: string, id: string, run: string) {
  return (await ok<{ run: Run }>(await admin("GET", `/sandboxes/${sandbox}/campaigns/${id}/runs/${run}`))).run;
}

describe("campaigns: saving and activating", () => {
  it("checks fields and references, naming the field, and keeps an active campaign from being edited or deleted", async () => {
    const { sandbox } = await goldSandbox();
    const base = { id: "spring", name: "Spring", kind: "scheduled", channel: "email", template: "news", audience: "gold" };
    let res = await admin("POST", `/sandboxes/${sandbox}/campaigns`, { ...base, audience: undefined });
    expect(res.status).toBe(400);
    expect(await paths(res)).toContain("audience");
    res = await admin("POST", `/sandboxes/${sandbox}/campaigns`, { ...base, schedule: { kind: "recurring", every: "day", at: "25:00" } });
    expect(await paths(res)).toContain("schedule.at");
    res = await admin("POST", `/sandboxes/${sandbox}/campaigns`, { ...base, kind: "api", schedule: { kind: "once", at: Date.now() } });
    expect(await paths(res)).toContain("schedule");

    // Saved as a draft with what activating would refuse.
    const draft = await ok<{ problems: { path: string }[] }>(await admin("POST", `/sandboxes/${sandbox}/campaigns`, { ...base, template: "nope", audience: "missing", decision: "none" }), 201);
    expect(draft.problems.map((p) => p.path).sort()).toEqual(["audience", "decision", "template"]);
    res = await admin("POST", `/sandboxes/${sandbox}/campaigns/spring/activate`);
    expect(res.status).toBe(400);
    expect((await paths(res))!.sort()).toEqual(["audience", "decision", "template"]);
    await ok(await admin("POST", `/sandboxes/${sandbox}/templates`, { id: "sms-hi", name: "Hi", channel: "sms", content: { body: "Hi" } }), 201);
    res = await admin("PUT", `/sandboxes/${sandbox}/campaigns/spring`, { ...base, id: undefined, template: "sms-hi" });
    expect((await ok<{ problems: { path: string; message: string }[] }>(res)).problems).toEqual([{ path: "template", message: 'Template "sms-hi" is for sms, not email' }]);

    // A one-off moment long gone would send at once: refused until it is moved.
    const late = await ok<{ problems: { path: string }[] }>(await admin("POST", `/sandboxes/${sandbox}/campaigns`, { ...base, id: "late", schedule: { kind: "once", at: Date.now() - 3_600_000 } }), 201);
    expect(late.problems.map((p) => p.path)).toEqual(["schedule.at"]);
    expect(await paths(await admin("POST", `/sandboxes/${sandbox}/campaigns/late/activate`))).toEqual(["schedule.at"]);

    await ok(await admin("PUT", `/sandboxes/${sandbox}/campaigns/spring`, { ...base, id: undefined }));
    const active = await ok<{ campaign: { status: string } }>(await admin("POST", `/sandboxes/${sandbox}/campaigns/spring/activate`));
    expect(active.campaign.status).toBe("active");
    expect((await admin("PUT", `/sandboxes/${sandbox}/campaigns/spring`, { ...base, id: undefined, name: "Renamed" })).status).toBe(409);
    expect((await admin("DELETE", `/sandboxes/${sandbox}/campaigns/spring`)).status).toBe(409);
    await ok(await admin("POST", `/sandboxes/${sandbox}/campaigns/spring/pause`));
    await ok(await admin("PUT", `/sandboxes/${sandbox}/campaigns/spring`, { ...base, id: undefined, name: "Renamed" }));
    // What a campaign names cannot be deleted from under it.
    let res409 = await admin("DELETE", `/sandboxes/${sandbox}/templates/news`);
    expect(res409.status).toBe(409);
    expect(((await res409.json()) as Envelope).error.details!.map((d) => d.path).sort()).toEqual(["campaigns.late", "campaigns.spring"]);
    res409 = await admin("DELETE", `/sandboxes/${sandbox}/audiences/gold`);
    expect(res409.status).toBe(409);
    expect(((await res409.json()) as Envelope).error.details!.map((d) => d.message)).toEqual(["Used by campaign late", "Used by campaign spring"]);
    await ok(await admin("DELETE", `/sandboxes/${sandbox}/campaigns/spring`));
    expect((await admin("GET", `/sandboxes/${sandbox}/campaigns/spring`)).status).toBe(404);
  });
});

describe("scheduled campaigns", () => {
  it("runs once at its moment, sends each member once with the template rendered and tracked, and counts clicks", async () => {
    const { sandbox, members, other } = await goldSandbox();
    await ok(await admin("POST", `/sandboxes/${sandbox}/campaigns`, { id: "spring", name: "Spring", kind: "scheduled", channel: "email", template: "news", audience: "gold", schedule: { kind: "once", at: Date.now() - 1000 } }), 201);
    // A draft is not run by the schedule.
    await runDueCampaigns(env);
    expect((await env.DB.prepare("SELECT count(*) AS n FROM campaign_runs WHERE sandbox_id = ?").bind(sandbox).first<{ n: number }>())!.n).toBe(0);
    await ok(await admin("POST", `/sandboxes/${sandbox}/campaigns/spring/activate`));
    // What the Cron Trigger does each minute: the moment has come, and it runs once.
    await runDueCampaigns(env);
    await runDueCampaigns(env);
    const { runs } = await ok<{ runs: Run[]; campaign: { status: string } }>(await admin("GET", `/sandboxes/${sandbox}/campaigns/spring`));
    expect(runs).toHaveLength(1);
    expect(runs[0].trigger).toBe("schedule");
    const run = await soon(async () => {
      const r = await runOf(sandbox, "spring", runs[0].id);
      return r.state === "done" ? r : null;
    });
    expect(run.counts).toMatchObject({ targeted: 3, sent: 3, failed: 0, blocked: 0, clicked: 0 });
    expect((await ok<{ campaign: { status: string } }>(await admin("GET", `/sandboxes/${sandbox}/campaigns/spring`))).campaign.status).toBe("completed");

    const log = await logOf(sandbox, `campaign:spring:${run.id}`);
    expect(log.map((r) => r.profileId).sort()).toEqual(members.map((m) => m.pcid()).sort());
    expect(log.some((r) => r.profileId === other.pcid())).toBe(false);
    const first = log.find((r) => r.profileId === members[0].pcid())!;
    const payload = JSON.parse(first.payload) as { subject: string; html: string };
    expect(payload.subject).toBe("News for Gold0");
    const link = /href="(http:\/\/127\.0\.0\.1:8787\/t\/c\/[^"]+)"/.exec(payload.html)![1];
    const res = await call(new URL(link).pathname, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("https://shop.example/new");
    const clicked = await soon(async () => {
      const r = await runOf(sandbox, "spring", run.id);
      return r.counts.clicked === 1 ? r : null;
    });
    expect(clicked.counts).toMatchObject({ sent: 3, clicked: 1 });
  });

  it("runs a recurring schedule once per moment from its activation on, and completes after its end", async () => {
    const { sandbox } = await goldSandbox();
    const until = Date.now() + 2.5 * 3_600_000;
    await ok(await admin("POST", `/sandboxes/${sandbox}/campaigns`, { id: "hourly", name: "Hourly", kind: "scheduled", channel: "email", template: "news", audience: "gold", schedule: { kind: "recurring", every: "hour", at: "00:30", until } }), 201);
    const { campaign } = await ok<{ campaign: { activatedAt: number } }>(await admin("POST", `/sandboxes/${sandbox}/campaigns/hourly/activate`));
    const runs = async () => (await env.DB.prepare("SELECT scheduled_for AS at FROM campaign_runs WHERE sandbox_id = ? ORDER BY scheduled_for").bind(sandbox).all<{ at: number }>()).results.map((r) => r.at);
    const slot = (t: number) => Math.floor((t - 30 * 60_000) / 3_600_000) * 3_600_000 + 30 * 60_000;
    // Moments before the activation are not made up for.
    await runDueCampaigns(env, campaign.activatedAt + 1000);
    expect(await runs()).toEqual(slot(campaign.activatedAt + 1000) >= campaign.activatedAt ? [slot(campaign.activatedAt + 1000)] : []);
    const before = (await runs()).length;
    const next = slot(campaign.activatedAt) + 3_600_000;
    await runDueCampaigns(env, next + 5_000);
    await runDueCampaigns(env, next + 65_000);
    expect(await runs()).toHaveLength(before + 1);
    expect((await runs()).at(-1)).toBe(next);
    await runDueCampaigns(env, next + 3_600_000 + 5_000);
    expect(await runs()).toHaveLength(before + 2);
    // Past its end: completed, no more runs.
    await runDueCampaigns(env, until + 3_600_000);
    const after = (await runs()).length;
    // Its last moment came after the end: nothing ran for it.
    expect(after).toBe(before + 2);
    expect((await campaignRow(sandbox, "hourly"))!.status).toBe("completed");
    await runDueCampaigns(env, until + 2 * 3_600_000);
    expect(await runs()).toHaveLength(after);
  });

  it("takes back a run whose ranges could not be queued, so the next minute starts it again", async () => {
    const { sandbox, members } = await goldSandbox();
    await ok(await admin("POST", `/sandboxes/${sandbox}/campaigns`, { id: "spring", name: "Spring", kind: "scheduled", channel: "email", template: "news", audience: "gold", schedule: { kind: "once", at: Date.now() - 1000 } }), 201);
    await ok(await admin("POST", `/sandboxes/${sandbox}/campaigns/spring/activate`));
    const row = asRow((await campaignRow(sandbox, "spring"))!);
    const down = { ...env, CAMPAIGN_PARTS: { sendBatch: async () => { throw new Error("queue unavailable"); } } } as unknown as Env;
    await expect(startRun(down, row, "schedule", Date.now() - 1000)).rejects.toBeInstanceOf(RunNotStarted);
    expect((await env.DB.prepare("SELECT count(*) AS n FROM campaign_runs WHERE sandbox_id = ?").bind(sandbox).first<{ n: number }>())!.n).toBe(0);
    // The Cron Trigger's next call finds the moment still due, and this time it goes.
    await runDueCampaigns(env);
    const [run] = (await env.DB.prepare("SELECT id FROM campaign_runs WHERE sandbox_id = ?").bind(sandbox).all<{ id: string }>()).results;
    const done = await soon(async () => {
      const r = await runOf(sandbox, "spring", run.id);
      return r.state === "done" ? r : null;
    });
    expect(done.counts).toMatchObject({ targeted: members.length, sent: members.length });
  });

  it("reads a range again without sending twice, and a paused campaign queues and sends nothing more", async () => {
    const { sandbox, members } = await goldSandbox();
    await ok(await admin("POST", `/sandboxes/${sandbox}/campaigns`, { id: "spring", name: "Spring", kind: "scheduled", channel: "email", template: "news", audience: "gold" }), 201);
    await ok(await admin("POST", `/sandboxes/${sandbox}/campaigns/spring/activate`));
    const { run } = await ok<{ run: Run }>(await admin("POST", `/sandboxes/${sandbox}/campaigns/spring/send`), 202);
    expect(run.trigger).toBe("manual");
    await soon(async () => (await runOf(sandbox, "spring", run.id)).state === "done");
    // The queue may deliver a range twice: the same delivery ids, sent once; the same count.
    const part = { kind: "campaign-part" as const, sandbox, campaign: "spring", run: run.id, part: 0, after: "", until: null, at: Date.now() };
    expect(await readPart(env, part)).toEqual({ targeted: 3 });
    await new Promise((r) => setTimeout(r, 300));
    const again = await runOf(sandbox, "spring", run.id);
    expect(again.counts).toMatchObject({ targeted: 3, sent: 3 });
    expect(await logOf(sandbox, `campaign:spring:${run.id}`)).toHaveLength(3);

    await ok(await admin("POST", `/sandboxes/${sandbox}/campaigns/spring/pause`));
    expect((await admin("POST", `/sandboxes/${sandbox}/campaigns/spring/send`)).status).toBe(409);
    // A range read after the pause queues nobody; a message not yet sent is blocked by the pause.
    expect(await readPart(env, { ...part, run: run.id, part: 1 })).toEqual({ targeted: 0 });
    // A range of a run that was never recorded (taken back) sends nothing either.
    await ok(await admin("POST", `/sandboxes/${sandbox}/campaigns/spring/activate`));
    expect(await readPart(env, { ...part, run: "never-recorded" })).toEqual({ targeted: 0 });
    expect(await logOf(sandbox, "campaign:spring:never-recorded")).toEqual([]);
    await ok(await admin("POST", `/sandboxes/${sandbox}/campaigns/spring/pause`));
    const row = asRow((await campaignRow(sandbox, "spring"))!);
    const message = messageFor(row, "later", members[0].pcid());
    await deliver(env, message);
    expect(await logRow(sandbox, message.stepId)).toMatchObject({ status: "blocked", detail: 'campaign "spring" is paused' });
  });

  it("blocks marketing to a profile whose consent is out, and sends a transactional message all the same", async () => {
    const { sandbox, members } = await goldSandbox();
    await members[1].send("collect", { events: [{ type: "consent.update", data: { email: "out" } }] });
    // A run reads its people from the D1 profile index, which follows the events queue.
    await soon(async () => {
      const row = await env.DB.prepare("SELECT json_extract(consent, '$.email') AS email FROM profiles WHERE sandbox_id = ? AND id = ?").bind(sandbox, members[1].pcid()).first<{ email: string | null }>();
      return row?.email === "out";
    });
    for (const [id, purpose] of [["promo", "marketing"], ["notice", "transactional"]] as const) {
      await ok(await admin("POST", `/sandboxes/${sandbox}/campaigns`, { id, name: id, kind: "scheduled", purpose, channel: "email", template: "news", audience: "gold" }), 201);
      await ok(await admin("POST", `/sandboxes/${sandbox}/campaigns/${id}/activate`));
      const { run } = await ok<{ run: Run }>(await admin("POST", `/sandboxes/${sandbox}/campaigns/${id}/send`), 202);
      const done = await soon(async () => {
        const r = await runOf(sandbox, id, run.id);
        return r.state === "done" ? r : null;
      });
      if (purpose === "marketing") {
        expect(done.counts).toMatchObject({ targeted: 3, sent: 2, blocked: 1 });
        const blocked = (await logOf(sandbox, `campaign:${id}:${run.id}`)).find((r) => r.status === "blocked")!;
        expect(blocked).toMatchObject({ profileId: members[1].pcid(), detail: "consent: email is out" });
      } else {
        expect(done.counts).toMatchObject({ targeted: 3, sent: 3, blocked: 0 });
      }
    }
  });

  it("holds back a message during the quiet hours of its person's own time zone, and sends the others", async () => {
    const { sandbox, members } = await goldSandbox();
    await ok(await admin("POST", `/sandboxes/${sandbox}/templates`, { id: "sms-hi", name: "Hi", channel: "sms", content: { body: "Hi {{ profile.firstName }}" } }), 201);
    // Quiet from a minute ago to an hour from now on Tokyo's clock: New York and UTC are hours away from it.
    const tokyo = (d: Date) => new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Tokyo", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(d);
    const from = new Date(Date.now() - 60_000);
    await ok(await admin("POST", `/sandboxes/${sandbox}/channel-rules`, { kind: "quiet-hours", channel: "sms", config: { from: tokyo(from), to: tokyo(new Date(from.getTime() + 3_600_000)), mode: "delay" } }), 201);
    await ok(await admin("POST", `/sandboxes/${sandbox}/campaigns`, { id: "hi", name: "Hi", kind: "scheduled", channel: "sms", template: "sms-hi", audience: "gold" }), 201);
    await ok(await admin("POST", `/sandboxes/${sandbox}/campaigns/hi/activate`));
    const { run } = await ok<{ run: Run }>(await admin("POST", `/sandboxes/${sandbox}/campaigns/hi/send`), 202);
    const going = await soon(async () => {
      const r = await runOf(sandbox, "hi", run.id);
      return r.counts.targeted === 3 && r.counts.sent === 2 && r.counts.queued === 1 ? r : null;
    });
    expect(going.state).toBe("sending");
    const log = await logOf(sandbox, `campaign:hi:${run.id}`);
    const held = log.find((r) => r.status === "queued")!;
    expect(held.profileId).toBe(members[0].pcid());
    expect(held.detail).toMatch(/^quiet hours \d\d:\d\d–\d\d:\d\d \(Asia\/Tokyo\); retrying in \d+ s$/);
    // Until the window ends on Tokyo's clock: just under an hour.
    const wait = Number(/retrying in (\d+) s/.exec(held.detail!)![1]);
    expect(wait).toBeGreaterThan(3_400);
    expect(wait).toBeLessThanOrEqual(3_600);
    expect(log.filter((r) => r.status === "sent").map((r) => r.profileId).sort()).toEqual([members[1].pcid(), members[2].pcid()].sort());
  });

  it("puts offers from a decision run at send time into the template", async () => {
    const { sandbox } = await goldSandbox();
    await ok(await admin("POST", `/sandboxes/${sandbox}/collections`, { id: "all", name: "Seasonal", tags: ["seasonal"] }), 201);
    await ok(await admin("POST", `/sandboxes/${sandbox}/decisions`, { id: "mail-offer", name: "Mail offer", placements: [{ placement: "hero", items: 1, criteria: [{ collection: "all" }] }] }), 201);
    await ok(await admin("POST", `/sandboxes/${sandbox}/publish`), 201);
    await ok(await admin("POST", `/sandboxes/${sandbox}/templates`, {
      id: "offer-mail", name: "Offer mail", channel: "email",
      content: { subject: "For you", html: "<div>{% for o in offers.hero %}{{ o.content | raw }}{% endfor %}</div>" },
    }), 201);
    await ok(await admin("POST", `/sandboxes/${sandbox}/campaigns`, { id: "offer", name: "Offer", kind: "scheduled", channel: "email", template: "offer-mail", decision: "mail-offer", audience: "gold" }), 201);
    await ok(await admin("POST", `/sandboxes/${sandbox}/campaigns/offer/activate`));
    const { run } = await ok<{ run: Run }>(await admin("POST", `/sandboxes/${sandbox}/campaigns/offer/send`), 202);
    await soon(async () => (await runOf(sandbox, "offer", run.id)).state === "done");
    const log = await logOf(sandbox, `campaign:offer:${run.id}`);
    expect(log).toHaveLength(3);
    for (const r of log) expect((JSON.parse(r.payload) as { html: string }).html).toContain("<h2>Spring sale: 20% off garden tools</h2>");
    const inUse = await admin("DELETE", `/sandboxes/${sandbox}/decisions/mail-offer`);
    expect(inUse.status).toBe(409);
    expect(await paths(inUse)).toEqual(["campaigns.offer"]);
  });
});

describe("API-triggered campaigns", () => {
  it("sends to named recipients with context data through the provider, once per idempotency key", async () => {
    const { sandbox } = await seed();
    const s = standIn();
    await ok(await admin("POST", `/sandboxes/${sandbox}/providers`, { id: "hub", name: "Hub", channel: "email", kind: "http", isDefault: true, config: { url: `${s.base}/send`, body: '{"to":"{{ to }}","subject":"{{ message.subject }}","key":"{{ delivery.id }}"}' } }), 201);
    await ok(await admin("POST", `/sandboxes/${sandbox}/templates`, { id: "receipt", name: "Receipt", channel: "email", content: { subject: "Order {{ context.orderId }} confirmed", html: "<p>Total: {{ context.total }}</p>" } }), 201);
    await ok(await admin("POST", `/sandboxes/${sandbox}/campaigns`, { id: "receipt", name: "Receipt", kind: "api", purpose: "transactional", channel: "email", template: "receipt" }), 201);
    const { key } = await ok<{ key: string }>(await admin("POST", `/sandboxes/${sandbox}/api-keys`, { name: "shop" }), 201);
    const trigger = (body: unknown, k = key) => postJson("/v1/campaigns/receipt/trigger", body, { authorization: `Bearer ${k}` });
    const body = { context: { shop: "Parcours" }, recipients: [{ identities: { email: "new.buyer@example.com" }, context: { orderId: "A-1", total: "<b>12 €</b>" }, idempotencyKey: "order-A-1" }] };

    expect((await trigger(body, "pk_nope.nope")).status).toBe(401);
    expect((await trigger(body)).status).toBe(409);
    await ok(await admin("POST", `/sandboxes/${sandbox}/campaigns/receipt/activate`));
    let res = await trigger({ recipients: [{ identities: { email: "not an email" } }] });
    expect(res.status).toBe(400);
    expect((await paths(res))![0]).toMatch(/^recipients\.0\.identities/);
    res = await trigger({ recipients: [] });
    expect(await paths(res)).toContain("recipients");

    const first = await ok<{ accepted: { deliveryId: string; profileId: string }[] }>(await trigger(body), 202);
    // Called again after a timeout: the same key, the same message, not sent twice.
    const second = await ok<{ accepted: { deliveryId: string; profileId: string }[] }>(await trigger(body), 202);
    expect(second.accepted[0]).toEqual(first.accepted[0]);
    const row = await soon(async () => {
      const r = await logRow(sandbox, first.accepted[0].deliveryId);
      return r?.status === "sent" ? r : null;
    });
    expect(row.provider_id).toBe("hub");
    const payload = JSON.parse(row.payload) as { subject: string; html: string; context: Record<string, unknown> };
    expect(payload.subject).toBe("Order A-1 confirmed");
    expect(payload.html).toContain("Total: &lt;b&gt;12 €&lt;/b&gt;");
    await new Promise((r) => setTimeout(r, 300));
    const requests = await s.requests();
    expect(requests).toHaveLength(1);
    expect(JSON.parse(requests[0].body)).toEqual({ to: "new.buyer@example.com", subject: "Order A-1 confirmed", key: first.accepted[0].deliveryId });

    // The new person is in the profile index too, found by the address the server gave.
    await soon(async () => (await env.DB.prepare("SELECT profile_id FROM identities WHERE sandbox_id = ? AND namespace = 'email' AND value = ?").bind(sandbox, "new.buyer@example.com").first<{ profile_id: string }>())?.profile_id === first.accepted[0].profileId);
    await soon(async () => !!(await env.DB.prepare("SELECT id FROM profiles WHERE sandbox_id = ? AND id = ?").bind(sandbox, first.accepted[0].profileId).first()));

    // One recipient, once: what the campaigns list counts too.
    const list = await ok<{ items: { id: string; counts: Record<string, number> }[] }>(await admin("GET", `/sandboxes/${sandbox}/campaigns`));
    expect(list.items.find((c) => c.id === "receipt")!.counts).toMatchObject({ targeted: 1, sent: 1 });

    // A hundred recipients sharing a large context: each message carries it, and the queue takes them all.
    const shared = { note: "x".repeat(20_000) };
    const many = await ok<{ accepted: { deliveryId: string }[] }>(
      await trigger({ context: shared, recipients: Array.from({ length: 100 }, (_, i) => ({ profileId: first.accepted[0].profileId, idempotencyKey: `bulk-${i}` })) }),
      202,
    );
    expect(many.accepted).toHaveLength(100);
    await soon(async () => (await env.DB.prepare("SELECT count(*) AS n FROM deliveries WHERE sandbox_id = ? AND id LIKE 'c:receipt:api:bulk-%' AND status = 'sent'").bind(sandbox).first<{ n: number }>())!.n === 100);

    // A scheduled campaign is not triggered by this API.
    await ok(await admin("POST", `/sandboxes/${sandbox}/audiences`, { id: "all", name: "All", rule: { "profile.tier": { $exists: true } } }), 201);
    await ok(await admin("POST", `/sandboxes/${sandbox}/campaigns`, { id: "weekly", name: "Weekly", kind: "scheduled", channel: "email", template: "receipt", audience: "all" }), 201);
    res = await postJson("/v1/campaigns/weekly/trigger", body, { authorization: `Bearer ${key}` });
    expect(res.status).toBe(409);
    expect(await paths(res)).toEqual(["kind"]);
  });
});

describe("campaign tests", () => {
  it("sends the message to one chosen profile, marked as a test and left out of the counts", async () => {
    const { sandbox, members } = await goldSandbox();
    await ok(await admin("POST", `/sandboxes/${sandbox}/campaigns`, { id: "spring", name: "Spring", kind: "scheduled", channel: "email", template: "news", audience: "gold" }), 201);
    const { deliveryId } = await ok<{ deliveryId: string }>(await admin("POST", `/sandboxes/${sandbox}/campaigns/spring/test`, { profileId: members[2].pcid() }), 202);
    const row = await soon(async () => {
      const r = await logRow(sandbox, deliveryId);
      return r?.status === "sent" ? r : null;
    });
    expect(JSON.parse(row.payload)).toMatchObject({ subject: "News for Gold2", test: true });
    const list = await ok<{ items: { id: string; counts: Record<string, number> }[] }>(await admin("GET", `/sandboxes/${sandbox}/campaigns`));
    expect(list.items.find((c) => c.id === "spring")!.counts.sent).toBe(0);
    expect((await admin("POST", `/sandboxes/${sandbox}/campaigns/spring/test`, { profileId: "nobody" })).status).toBe(404);
  });
});

describe("the delivery log in figures", () => {
  it("counts messages per day, channel and status, for a campaign or the whole sandbox", async () => {
    const { sandbox, members } = await goldSandbox();
    await members[1].send("collect", { events: [{ type: "consent.update", data: { email: "out" } }] });
    await soon(async () => {
      const row = await env.DB.prepare("SELECT json_extract(consent, '$.email') AS email FROM profiles WHERE sandbox_id = ? AND id = ?").bind(sandbox, members[1].pcid()).first<{ email: string | null }>();
      return row?.email === "out";
    });
    await ok(await admin("POST", `/sandboxes/${sandbox}/campaigns`, { id: "spring", name: "Spring", kind: "scheduled", channel: "email", template: "news", audience: "gold" }), 201);
    await ok(await admin("POST", `/sandboxes/${sandbox}/campaigns/spring/activate`));
    const { run } = await ok<{ run: Run }>(await admin("POST", `/sandboxes/${sandbox}/campaigns/spring/send`), 202);
    await soon(async () => (await runOf(sandbox, "spring", run.id)).state === "done");
    // Another campaign whose id starts the same way stays out of "campaign:spring".
    await ok(await admin("POST", `/sandboxes/${sandbox}/campaigns`, { id: "spring-2", name: "Spring 2", kind: "scheduled", channel: "email", template: "news", audience: "gold" }), 201);
    await ok(await admin("POST", `/sandboxes/${sandbox}/campaigns/spring-2/test`, { profileId: members[0].pcid() }), 202);
    await soon(async () => (await logOf(sandbox, "campaign:spring-2:test")).some((r) => r.status === "sent"));

    type Summary = { rows: { day: string; channel: string; status: string; n: number }[]; totals: Record<string, number> };
    // A test send of the campaign itself stays out of its figures.
    await ok(await admin("POST", `/sandboxes/${sandbox}/campaigns/spring/test`, { profileId: members[2].pcid() }), 202);
    await soon(async () => (await logOf(sandbox, "campaign:spring:test")).some((r) => r.status === "sent"));
    const mine = await ok<Summary>(await admin("GET", `/sandboxes/${sandbox}/deliveries/summary?source=campaign:spring`));
    const today = new Date().toISOString().slice(0, 10);
    expect(mine.rows).toEqual([
      { day: today, channel: "email", status: "blocked", n: 1, opened: 0, clicked: 0 },
      { day: today, channel: "email", status: "sent", n: 2, opened: 0, clicked: 0 },
    ]);
    expect(mine.totals).toMatchObject({ messages: 3, sent: 2, blocked: 1 });
    const all = await ok<Summary>(await admin("GET", `/sandboxes/${sandbox}/deliveries/summary?days=7`));
    expect(all.totals).toMatchObject({ messages: 5, sent: 4, blocked: 1 });
    expect(await paths(await admin("GET", `/sandboxes/${sandbox}/deliveries/summary?days=400`))).toEqual(["days"]);
    expect(await paths(await admin("GET", `/sandboxes/${sandbox}/deliveries/summary?source=x'--`))).toEqual(["source"]);
  });
});
