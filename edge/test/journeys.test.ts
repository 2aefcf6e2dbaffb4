/** Journeys at the edge: published versions run in each profile's object, from the request that triggers them. */
import { env } from "cloudflare:workers";
import { evictDurableObject, runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { deliver } from "../src/delivery/consumer";
import { profileStub } from "../src/profiles/stub";
import { admin, eventually, seed } from "./helpers";
import { client } from "./visitors";

type Envelope = { error: { code: string; details?: { path: string; message: string }[] } };
type Instance = { id: string; journey: string; version: number; node: string; status: string; ended: string | null; wakeAt: number | null; test: boolean };

const ok = async (res: Response, status = 200) => {
  expect(res.status, await res.clone().text()).toBe(status);
  return res.json() as Promise<Record<string, unknown>>;
};

/** Abandoned cart: wait for an order (a second here); without one, a message in the app and an email. */
const cartJourney = (overrides: Record<string, unknown> = {}) => ({
  entry: { type: "event", eventType: "cart.add" },
  start: "wait-order",
  nodes: {
    "wait-order": { type: "wait-event", eventType: "order.placed", timeout: "1s", next: "done", timeoutNext: "nudge" },
    nudge: { type: "action", action: { kind: "message", channel: "in-app", title: "Still thinking?", body: "Your tent is waiting in your cart" }, next: "mail" },
    mail: { type: "action", action: { kind: "message", channel: "email", body: "Your cart misses you" }, next: "done" },
    done: { type: "end" },
  },
  exit: [{ type: "event", eventType: "unsubscribe" }],
  ...overrides,
});

const journeysOf = async (sandbox: string, profileId: string) => ((await profileStub(env, sandbox, profileId).describe(sandbox, profileId)) as unknown as { journeys: Instance[] }).journeys;
const deliveries = (sandbox: string, profileId: string) =>
  env.DB.prepare("SELECT id, channel, status, source FROM deliveries WHERE sandbox_id = ? AND profile_id = ? ORDER BY created_at").bind(sandbox, profileId).all<{ id: string; channel: string; status: string; source: string }>().then((r) => r.results);

async function publishCart(sandbox: string, definition = cartJourney()) {
  await ok(await admin("POST", `/sandboxes/${sandbox}/journeys`, { id: "cart", name: "Abandoned cart", definition }), 201);
  return ok(await admin("POST", `/sandboxes/${sandbox}/journeys/cart/publish`));
}

/** Waits until a wait-event of one second has timed out, then fires the profile's alarm. */
async function afterTimeout(sandbox: string, profileId: string) {
  await new Promise((r) => setTimeout(r, 1100));
  const ns = env.PROFILE;
  await runDurableObjectAlarm(ns.get(ns.idFromName(`${sandbox}:${profileId}`)));
}

describe("journeys", () => {
  it("enters in the request that triggers it, and on timeout sends an in-app message and an email once each", async () => {
    const { sandbox, datastream } = await seed();
    await publishCart(sandbox);
    const visitor = client(datastream);
    await visitor.send("collect", { events: [{ type: "cart.add", data: { sku: "tent" } }] });
    const [inst] = await journeysOf(sandbox, visitor.pcid());
    expect(inst).toMatchObject({ journey: "cart", version: 1, node: "wait-order", status: "waiting" });

    await afterTimeout(sandbox, visitor.pcid());
    expect((await journeysOf(sandbox, visitor.pcid()))[0]).toMatchObject({ status: "done", ended: "end", node: "done" });
    const sent = await eventually(async () => {
      const rows = await deliveries(sandbox, visitor.pcid());
      return rows.length === 2 && rows.every((r) => r.status === "sent") ? rows : null;
    });
    expect(sent.map((r) => [r.channel, r.source])).toEqual([["in-app", "journey:cart:1:nudge"], ["email", "journey:cart:1:mail"]]);
    const log = (await ok(await admin("GET", `/sandboxes/${sandbox}/deliveries?profileId=${visitor.pcid()}&channel=email`))) as { items: { id: string; channel: string; status: string; payload: { body: string } }[] };
    expect(log.items.map((i) => [i.channel, i.status, i.payload.body])).toEqual([["email", "sent", "Your cart misses you"]]);
    const one = (await ok(await admin("GET", `/sandboxes/${sandbox}/deliveries/${encodeURIComponent(log.items[0].id)}`))) as { delivery: { id: string } };
    expect(one.delivery.id).toBe(log.items[0].id);
    expect((await admin("GET", `/sandboxes/${sandbox}/deliveries/nope`)).status).toBe(404);
    const answer = (await visitor.send("interact", { events: [] })).body as unknown as { messages?: { title: string; body: string }[] };
    expect(answer.messages).toEqual([expect.objectContaining({ title: "Still thinking?", body: "Your tent is waiting in your cart" })]);

    // A delivery handed over twice (a retried batch) sends nothing more.
    const row = sent[0];
    await deliver(env, { kind: "action", stepId: row.id, journey: "cart", version: 1, instance: "x", node: "nudge", action: { kind: "message", channel: "in-app", body: "again" }, vars: {}, sandbox, profileId: visitor.pcid() });
    expect(await deliveries(sandbox, visitor.pcid())).toHaveLength(2);
    expect(((await visitor.send("interact", { events: [] })).body as unknown as { messages?: unknown[] }).messages).toHaveLength(1);

    // Re-entrance "never": another cart.add does not start it again.
    await visitor.send("collect", { events: [{ type: "cart.add", data: { sku: "stove" } }] });
    expect(await journeysOf(sandbox, visitor.pcid())).toHaveLength(1);

    // The counts per node follow the dataset.
    const stats = await eventually(async () => {
      const body = (await ok(await admin("GET", `/sandboxes/${sandbox}/journeys/cart/stats`))) as { nodes: Record<string, { entered: number; exited: number; waiting: number }> };
      return body.nodes.mail.entered ? body : null;
    });
    expect(stats.nodes["wait-order"]).toEqual({ entered: 1, waiting: 0, exited: 1, errored: 0 });
    expect(stats.nodes.mail).toMatchObject({ entered: 1, exited: 1 });
  });

  it("moves on when the awaited event comes, and ends on an exit criterion mid-wait", async () => {
    const { sandbox, datastream } = await seed();
    await publishCart(sandbox, cartJourney({ reentrance: { mode: "always" }, nodes: { ...cartJourney().nodes, "wait-order": { type: "wait-event", eventType: "order.placed", where: { total: { $gt: 0 } }, timeout: "1d", next: "done", timeoutNext: "nudge" } } }));
    const visitor = client(datastream);
    await visitor.send("collect", { events: [{ type: "cart.add" }] });
    await visitor.send("collect", { events: [{ type: "order.placed", data: { total: 0 } }] });
    expect((await journeysOf(sandbox, visitor.pcid()))[0].status).toBe("waiting");
    await visitor.send("collect", { events: [{ type: "order.placed", data: { total: 30 } }] });
    expect((await journeysOf(sandbox, visitor.pcid()))[0]).toMatchObject({ status: "done", ended: "end" });

    // Re-entrance "always": a new cart starts a new instance, which the exit criterion ends.
    await visitor.send("collect", { events: [{ type: "cart.add" }] });
    await visitor.send("collect", { events: [{ type: "unsubscribe" }] });
    const [latest] = await journeysOf(sandbox, visitor.pcid());
    expect(latest).toMatchObject({ status: "done", ended: "exit", node: "wait-order" });
    expect(await deliveries(sandbox, visitor.pcid())).toEqual([]);
  });

  it("keeps profiles in the version they entered when a new one is published", async () => {
    const { sandbox, datastream } = await seed();
    await publishCart(sandbox);
    const early = client(datastream);
    await early.send("collect", { events: [{ type: "cart.add" }] });
    // Version 2 sends only an email.
    const { mail: _, ...kept } = cartJourney().nodes;
    const v2 = cartJourney({ nodes: { ...kept, nudge: { type: "action", action: { kind: "message", channel: "email", body: "v2" }, next: "done" } } });
    await ok(await admin("PUT", `/sandboxes/${sandbox}/journeys/cart`, { name: "Abandoned cart", definition: v2 }));
    expect(await ok(await admin("POST", `/sandboxes/${sandbox}/journeys/cart/publish`))).toMatchObject({ version: 2 });
    const late = client(datastream);
    await late.send("collect", { events: [{ type: "cart.add" }] });
    expect((await journeysOf(sandbox, late.pcid()))[0].version).toBe(2);

    await afterTimeout(sandbox, early.pcid());
    await afterTimeout(sandbox, late.pcid());
    const first = await eventually(async () => ((await deliveries(sandbox, early.pcid())).length === 2 ? deliveries(sandbox, early.pcid()) : null));
    expect(first.map((r) => r.source)).toEqual(["journey:cart:1:nudge", "journey:cart:1:mail"]);
    const second = await eventually(async () => ((await deliveries(sandbox, late.pcid())).length === 1 ? deliveries(sandbox, late.pcid()) : null));
    expect(second.map((r) => r.source)).toEqual(["journey:cart:2:nudge"]);
    const { versions } = (await ok(await admin("GET", `/sandboxes/${sandbox}/journeys/cart`))) as { versions: { version: number; status: string }[] };
    expect(versions.map((v) => [v.version, v.status])).toEqual([[2, "live"], [1, "stopped"]]);
  });

  it("loses and repeats no step when the object is evicted mid-journey", async () => {
    const { sandbox, datastream } = await seed();
    await publishCart(sandbox);
    const visitor = client(datastream);
    await visitor.send("collect", { events: [{ type: "cart.add" }] });
    const ns = env.PROFILE;
    const stub = ns.get(ns.idFromName(`${sandbox}:${visitor.pcid()}`));
    await evictDurableObject(stub);
    await afterTimeout(sandbox, visitor.pcid());
    await evictDurableObject(stub);
    // A second alarm after the eviction finds nothing more to do.
    await runDurableObjectAlarm(stub);
    const rows = await eventually(async () => ((await deliveries(sandbox, visitor.pcid())).length >= 2 ? deliveries(sandbox, visitor.pcid()) : null));
    expect(rows.map((r) => r.channel)).toEqual(["in-app", "email"]);
    const [inst] = await journeysOf(sandbox, visitor.pcid());
    const trace = (await profileStub(env, sandbox, visitor.pcid()).journeyTrace(sandbox, visitor.pcid(), inst.id))!;
    expect(trace.steps.map((s) => s.outcome)).toEqual(["entered", expect.stringMatching(/^waiting for order\.placed until /), "timed out", "queued message", "queued message", "ended"]);
  });

  it("triggers from audience entry in the same object, and jumps to another journey", async () => {
    const { sandbox, datastream } = await seed();
    await ok(await admin("POST", `/sandboxes/${sandbox}/audiences`, { id: "gold", name: "Gold", rule: { "profile.tier": "gold" } }), 201);
    const welcome = { entry: { type: "event", eventType: "never.sent" }, start: "hello", nodes: { hello: { type: "action", action: { kind: "message", channel: "email", body: "Welcome to gold" }, next: "end" }, end: { type: "end" } } };
    await ok(await admin("POST", `/sandboxes/${sandbox}/journeys`, { id: "welcome", name: "Welcome", definition: welcome }), 201);
    await ok(await admin("POST", `/sandboxes/${sandbox}/journeys/welcome/publish`));
    const gold = { entry: { type: "audience", audience: "gold" }, start: "go", nodes: { go: { type: "jump", journey: "welcome" } } };
    await ok(await admin("POST", `/sandboxes/${sandbox}/journeys`, { id: "gold-entry", name: "Gold entry", definition: gold }), 201);
    await ok(await admin("POST", `/sandboxes/${sandbox}/journeys/gold-entry/publish`));

    const visitor = client(datastream);
    await visitor.send("collect", { events: [{ type: "profile.update", data: { set: { tier: "gold" } } }] });
    const journeys = await journeysOf(sandbox, visitor.pcid());
    expect(journeys.map((j) => [j.journey, j.ended]).sort()).toEqual([["gold-entry", "jump"], ["welcome", "end"]]);
    const rows = await eventually(async () => ((await deliveries(sandbox, visitor.pcid())).length ? deliveries(sandbox, visitor.pcid()) : null));
    expect(rows.map((r) => r.source)).toEqual(["journey:welcome:1:hello"]);

    // A jump back would loop: refused at publish, naming the node.
    const back = { ...welcome, nodes: { hello: { type: "jump", journey: "gold-entry" } } };
    await ok(await admin("PUT", `/sandboxes/${sandbox}/journeys/welcome`, { name: "Welcome", definition: back }));
    const refused = (await (await admin("POST", `/sandboxes/${sandbox}/journeys/welcome/publish`)).json()) as Envelope;
    expect(refused.error.details).toEqual([{ path: "definition.nodes.hello.journey", message: "Jumps come back round: welcome → gold-entry → welcome" }]);
  });

  it("runs a draft in test mode with waits of seconds, step by step, and a dry run sends nothing", async () => {
    const { sandbox, datastream } = await seed();
    const { nudge: _, ...rest } = cartJourney().nodes;
    const draft = cartJourney({ nodes: { ...rest, "wait-order": { type: "wait", for: "2d", next: "mail" } } });
    await ok(await admin("POST", `/sandboxes/${sandbox}/journeys`, { id: "cart", name: "Abandoned cart", definition: draft }), 201);
    const visitor = client(datastream);
    await visitor.send("collect", { events: [{ type: "page.view" }] });
    const run = (await ok(await admin("POST", `/sandboxes/${sandbox}/journeys/cart/test`, { profileId: visitor.pcid(), data: { sku: "tent" } }), 201)) as { instance: string };
    const trace = async () => (await ok(await admin("GET", `/sandboxes/${sandbox}/journeys/cart/test/${visitor.pcid()}/${run.instance}`))) as { instance: Instance; steps: { outcome: string }[] };
    const first = await trace();
    expect(first.instance).toMatchObject({ status: "waiting", test: true });
    // Two days become two seconds.
    expect(first.instance.wakeAt! - Date.now()).toBeLessThanOrEqual(2000);
    await new Promise((r) => setTimeout(r, 2100));
    const ns = env.PROFILE;
    await runDurableObjectAlarm(ns.get(ns.idFromName(`${sandbox}:${visitor.pcid()}`)));
    expect((await trace()).steps.map((s) => s.outcome).slice(-3)).toEqual(["waited", "queued message", "ended"]);
    const rows = await eventually(async () => ((await deliveries(sandbox, visitor.pcid())).length ? deliveries(sandbox, visitor.pcid()) : null));
    expect(rows.map((r) => r.channel)).toEqual(["email"]);

    // Publish, then a dry run of the live version: steps, and no delivery.
    await ok(await admin("POST", `/sandboxes/${sandbox}/journeys/cart/publish`));
    const other = client(datastream);
    await other.send("collect", { events: [{ type: "page.view" }] });
    const dry = (await ok(await admin("POST", `/sandboxes/${sandbox}/journeys/cart/test`, { profileId: other.pcid(), dryRun: true }), 201)) as { instance: string };
    expect(dry.instance.startsWith("dry~")).toBe(true);
    await new Promise((r) => setTimeout(r, 2100));
    await runDurableObjectAlarm(ns.get(ns.idFromName(`${sandbox}:${other.pcid()}`)));
    const dryTrace = (await ok(await admin("GET", `/sandboxes/${sandbox}/journeys/cart/test/${other.pcid()}/${dry.instance}`))) as { steps: { outcome: string }[] };
    expect(dryTrace.steps.map((s) => s.outcome).slice(-2)).toEqual(["queued message", "ended"]);
    await new Promise((r) => setTimeout(r, 300));
    expect(await deliveries(sandbox, other.pcid())).toEqual([]);
  }, 15_000);

  it("refuses journeys that cannot run, naming the field", async () => {
    const { sandbox } = await seed();
    const dangling = cartJourney({ nodes: { ...cartJourney().nodes, mail: { type: "action", action: { kind: "message", channel: "email", body: "x" }, next: "nowhere" } } });
    await ok(await admin("POST", `/sandboxes/${sandbox}/journeys`, { id: "bad", name: "Bad", definition: dangling }), 201);
    const refused = (await (await admin("POST", `/sandboxes/${sandbox}/journeys/bad/publish`)).json()) as Envelope;
    expect(refused.error.details?.map((d) => d.path)).toEqual(["definition.nodes.mail.next"]);
    const shape = (await (await admin("POST", `/sandboxes/${sandbox}/journeys`, { name: "x", definition: { ...cartJourney(), start: "" } })).json()) as Envelope;
    expect(shape.error.details?.map((d) => d.path)).toEqual(["definition.start"]);
    const unknownAudience = { entry: { type: "audience", audience: "ghosts" }, start: "e", nodes: { e: { type: "end" } } };
    await ok(await admin("POST", `/sandboxes/${sandbox}/journeys`, { id: "ghost", name: "Ghost", definition: unknownAudience }), 201);
    const ghost = (await (await admin("POST", `/sandboxes/${sandbox}/journeys/ghost/publish`)).json()) as Envelope;
    expect(ghost.error.details?.map((d) => d.path)).toEqual(["definition.entry.audience"]);
  });
});

describe("journey rules and timers", () => {
  it("lets test profiles enter a draft in test mode when they trigger it, with waits of seconds", async () => {
    const { sandbox, datastream } = await seed();
    const draft = cartJourney({ nodes: { ...cartJourney().nodes, "wait-order": { type: "wait-event", eventType: "order.placed", timeout: "1h", next: "done", timeoutNext: "nudge" } } });
    await ok(await admin("POST", `/sandboxes/${sandbox}/journeys`, { id: "cart", name: "Abandoned cart", definition: draft }), 201);
    const tester = client(datastream);
    const someone = client(datastream);
    await tester.send("collect", { events: [{ type: "page.view" }] });
    await ok(await admin("PUT", `/sandboxes/${sandbox}/journeys/cart/test-mode`, { profiles: [tester.pcid()] }));
    await tester.send("collect", { events: [{ type: "cart.add" }] });
    await someone.send("collect", { events: [{ type: "cart.add" }] });
    expect(await journeysOf(sandbox, someone.pcid())).toEqual([]);
    const [run] = await journeysOf(sandbox, tester.pcid());
    expect(run).toMatchObject({ journey: "cart", version: 1, status: "waiting", test: true });
    // An hour becomes a second.
    expect(run.wakeAt! - Date.now()).toBeLessThanOrEqual(1000);
    await afterTimeout(sandbox, tester.pcid());
    const rows = await eventually(async () => ((await deliveries(sandbox, tester.pcid())).length === 2 ? deliveries(sandbox, tester.pcid()) : null));
    expect(rows.map((r) => r.source)).toEqual(["journey:cart:1:nudge", "journey:cart:1:mail"]);
    // Counts of the live journey stay clean of tests.
    await ok(await admin("PUT", `/sandboxes/${sandbox}/journeys/cart/test-mode`, { profiles: [] }));
    await tester.send("collect", { events: [{ type: "cart.add" }] });
    expect(await journeysOf(sandbox, tester.pcid())).toHaveLength(1);
  });

  it("re-enters only once the re-entrance wait has passed, and keeps to the throughput limit", async () => {
    const { sandbox, datastream } = await seed();
    const quick = { entry: { type: "event", eventType: "ping" }, start: "e", nodes: { e: { type: "end" } }, reentrance: { mode: "after-wait", wait: "1s" } };
    await ok(await admin("POST", `/sandboxes/${sandbox}/journeys`, { id: "again", name: "Again", definition: quick }), 201);
    await ok(await admin("POST", `/sandboxes/${sandbox}/journeys/again/publish`));
    const visitor = client(datastream);
    await visitor.send("collect", { events: [{ type: "ping" }] });
    await visitor.send("collect", { events: [{ type: "ping" }] });
    expect(await journeysOf(sandbox, visitor.pcid())).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 1100));
    await visitor.send("collect", { events: [{ type: "ping" }] });
    expect(await journeysOf(sandbox, visitor.pcid())).toHaveLength(2);

    const limited = { ...quick, reentrance: { mode: "always" }, throughputPerSecond: 3 };
    await ok(await admin("POST", `/sandboxes/${sandbox}/journeys`, { id: "limited", name: "Limited", definition: { ...limited, entry: { type: "event", eventType: "burst" } } }), 201);
    await ok(await admin("POST", `/sandboxes/${sandbox}/journeys/limited/publish`));
    // Wait for a fresh second so the burst falls in one window.
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 5));
    const visitors = Array.from({ length: 6 }, () => client(datastream));
    await Promise.all(visitors.map((v) => v.send("collect", { events: [{ type: "burst" }] })));
    const entered = (await Promise.all(visitors.map((v) => journeysOf(sandbox, v.pcid())))).filter((j) => j.some((i) => i.journey === "limited")).length;
    expect(entered).toBeLessThanOrEqual(3);
    expect(entered).toBeGreaterThan(0);
  });

  it("moves one instance many times in a request, never enters twice at once, and keeps every step", async () => {
    const { sandbox, datastream } = await seed();
    await publishCart(sandbox, cartJourney({ reentrance: { mode: "always" } }));
    const visitor = client(datastream);
    // Enter; a second entry while the first runs is refused; the order ends it; then enter again.
    await visitor.send("collect", { events: [{ type: "cart.add" }, { type: "cart.add" }, { type: "order.placed" }, { type: "cart.add" }] });
    const instances = await journeysOf(sandbox, visitor.pcid());
    expect(instances.map((i) => i.status).sort()).toEqual(["done", "waiting"]);
    const done = instances.find((i) => i.status === "done")!;
    expect(done).toMatchObject({ node: "done", ended: "end" });
    const trace = await ok(await admin("GET", `/sandboxes/${sandbox}/journeys/cart/test/${visitor.pcid()}/${done.id}`));
    expect((trace.steps as { node: string; outcome: string }[]).map((s) => `${s.node}: ${s.outcome.replace(/ until .*/, "")}`)).toEqual([
      "wait-order: entered",
      "wait-order: waiting for order.placed",
      "wait-order: received order.placed",
      "done: ended",
    ]);
    // Another request moves the waiting one on: what the first request stored is what it reads.
    await visitor.send("collect", { events: [{ type: "order.placed" }] });
    expect((await journeysOf(sandbox, visitor.pcid())).map((i) => i.status)).toEqual(["done", "done"]);
  });

  it("multiplexes many timers of one profile on its one alarm, each firing in turn", async () => {
    const { sandbox, datastream } = await seed();
    const waiting = (id: string, wait: string) => ({
      entry: { type: "event", eventType: "go" }, start: "w",
      nodes: { w: { type: "wait", for: wait, next: "m" }, m: { type: "action", action: { kind: "message", channel: "email", body: id }, next: "e" }, e: { type: "end" } },
    });
    for (const [id, wait] of [["one", "1s"], ["two", "2s"], ["later", "1h"]] as const) {
      await ok(await admin("POST", `/sandboxes/${sandbox}/journeys`, { id, name: id, definition: waiting(id, wait) }), 201);
      await ok(await admin("POST", `/sandboxes/${sandbox}/journeys/${id}/publish`));
    }
    const visitor = client(datastream);
    await visitor.send("collect", { events: [{ type: "go" }] });
    const ns = env.PROFILE;
    const stub = ns.get(ns.idFromName(`${sandbox}:${visitor.pcid()}`));
    const alarm = async () => (await import("cloudflare:test")).runInDurableObject(stub, async (_o, state) => state.storage.getAlarm());
    const first = await alarm();
    const [one] = (await journeysOf(sandbox, visitor.pcid())).filter((j) => j.journey === "one");
    expect(first).toBe(one.wakeAt);
    await new Promise((r) => setTimeout(r, 1100));
    await runDurableObjectAlarm(stub);
    const [two] = (await journeysOf(sandbox, visitor.pcid())).filter((j) => j.journey === "two");
    expect(await alarm()).toBe(two.wakeAt);
    await new Promise((r) => setTimeout(r, 1000));
    await runDurableObjectAlarm(stub);
    const [later] = (await journeysOf(sandbox, visitor.pcid())).filter((j) => j.journey === "later");
    expect(await alarm()).toBe(later.wakeAt);
    const states = Object.fromEntries((await journeysOf(sandbox, visitor.pcid())).map((j) => [j.journey, j.status]));
    expect(states).toEqual({ one: "done", two: "done", later: "waiting" });
    const sent = await eventually(async () => ((await deliveries(sandbox, visitor.pcid())).length === 2 ? deliveries(sandbox, visitor.pcid()) : null));
    expect(sent.map((r) => r.source)).toEqual(["journey:one:1:m", "journey:two:1:m"]);
  }, 15_000);
});

describe("journeys entered from an audience read", () => {
  it("fans the audience's members out to their objects, once per scheduled moment", async () => {
    const { sandbox, datastream } = await seed();
    await ok(await admin("POST", `/sandboxes/${sandbox}/audiences`, { id: "gold", name: "Gold", rule: { "profile.tier": "gold" } }), 201);
    const members = Array.from({ length: 3 }, () => client(datastream));
    const other = client(datastream);
    for (const v of members) await v.send("collect", { events: [{ type: "profile.update", data: { set: { tier: "gold" } } }] });
    await other.send("collect", { events: [{ type: "profile.update", data: { set: { tier: "silver" } } }] });
    // The batch read uses the D1 profile index, which follows the events queue.
    await eventually(async () => {
      const n = await env.DB.prepare("SELECT count(*) AS n FROM profiles WHERE sandbox_id = ? AND json_extract(attributes, '$.tier') IS NOT NULL").bind(sandbox).first<{ n: number }>();
      return n!.n === 4;
    });
    const definition = {
      entry: { type: "read-audience", audience: "gold", schedule: { kind: "once", at: Date.now() } },
      start: "hello",
      nodes: { hello: { type: "action", action: { kind: "message", channel: "email", body: "Gold news" }, next: "end" }, end: { type: "end" } },
    };
    await ok(await admin("POST", `/sandboxes/${sandbox}/journeys`, { id: "gold-news", name: "Gold news", definition }), 201);
    await ok(await admin("POST", `/sandboxes/${sandbox}/journeys/gold-news/publish`));
    // What the Cron Trigger does each minute: the one-off run is due, and runs once.
    const { runDueReads } = await import("../src/journeys/reads");
    await runDueReads(env);
    await runDueReads(env);
    const runs = await env.DB.prepare("SELECT profiles FROM journey_runs WHERE sandbox_id = ?").bind(sandbox).all<{ profiles: number }>();
    expect(runs.results).toEqual([{ profiles: 3 }]);
    for (const v of members) {
      await eventually(async () => (await deliveries(sandbox, v.pcid())).length === 1);
      expect((await journeysOf(sandbox, v.pcid()))[0]).toMatchObject({ journey: "gold-news", status: "done" });
    }
    expect(await journeysOf(sandbox, other.pcid())).toEqual([]);
    // On demand: a new run; re-entrance "never" keeps the members from entering again.
    expect(await ok(await admin("POST", `/sandboxes/${sandbox}/journeys/gold-news/run`), 202)).toMatchObject({ started: true, profiles: 3 });
    await new Promise((r) => setTimeout(r, 300));
    for (const v of members) expect(await journeysOf(sandbox, v.pcid())).toHaveLength(1);
  });
});

describe("journey actions on profiles and lists", () => {
  it("updates attributes and adds to a list audience, which the profile is in at once and the list in D1 follows", async () => {
    const { sandbox, datastream } = await seed();
    await ok(await admin("POST", `/sandboxes/${sandbox}/audiences`, { id: "winners", name: "Winners", kind: "list" }), 201);
    await ok(await admin("POST", `/sandboxes/${sandbox}/audiences`, { id: "rule-based", name: "Rule based", rule: { "profile.x": 1 } }), 201);
    const definition = {
      entry: { type: "event", eventType: "contest.won" },
      start: "mark",
      nodes: {
        mark: { type: "action", action: { kind: "update-profile", set: { contest: "won" } }, next: "list" },
        list: { type: "action", action: { kind: "audience-add", audience: "winners" }, next: "end" },
        end: { type: "end" },
      },
    };
    await ok(await admin("POST", `/sandboxes/${sandbox}/journeys`, { id: "contest", name: "Contest", definition }), 201);
    await ok(await admin("POST", `/sandboxes/${sandbox}/journeys/contest/publish`));
    const visitor = client(datastream);
    await visitor.send("collect", { events: [{ type: "contest.won" }] });
    const profile = (await profileStub(env, sandbox, visitor.pcid()).describe(sandbox, visitor.pcid()))!;
    expect(profile.attributes.contest).toBe("won");
    expect(profile.audiences).toEqual([expect.objectContaining({ audience: "winners", member: true })]);
    const row = await eventually(() => env.DB.prepare("SELECT namespace, value FROM audience_list_members WHERE sandbox_id = ? AND audience_id = 'winners'").bind(sandbox).first<{ namespace: string; value: string }>());
    expect(row).toEqual({ namespace: "pcid", value: visitor.pcid() });

    // Only list audiences take people in and out.
    const bad = { ...definition, nodes: { ...definition.nodes, list: { type: "action", action: { kind: "audience-add", audience: "rule-based" }, next: "end" } } };
    await ok(await admin("PUT", `/sandboxes/${sandbox}/journeys/contest`, { name: "Contest", definition: bad }));
    const refused = (await (await admin("POST", `/sandboxes/${sandbox}/journeys/contest/publish`)).json()) as Envelope;
    expect(refused.error.details?.map((d) => d.path)).toEqual(["definition.nodes.list.action.audience"]);
  });
});

describe("journey references to channels", () => {
  it("refuses webhook actions, templates and decisions that do not exist or do not fit the channel", async () => {
    const { sandbox } = await seed();
    await ok(await admin("POST", `/sandboxes/${sandbox}/templates`, { id: "welcome-sms", name: "Welcome SMS", channel: "sms", content: { body: "Hi {{ profile.firstName }}" } }), 201);
    const definition = {
      entry: { type: "event", eventType: "x" },
      start: "hook",
      nodes: {
        hook: { type: "action", action: { kind: "webhook", action: "crm-sync" }, next: "mail" },
        mail: { type: "action", action: { kind: "message", channel: "email", template: "welcome-sms", decision: "no-such-decision" }, next: "end" },
        end: { type: "end" },
      },
    };
    const created = (await ok(await admin("POST", `/sandboxes/${sandbox}/journeys`, { id: "refs", name: "Refs", definition }), 201)) as { problems: { path: string; message: string }[] };
    expect(created.problems).toEqual([
      { path: "nodes.hook.action.action", message: 'No custom action "crm-sync" in this sandbox' },
      { path: "nodes.mail.action.template", message: '"welcome-sms" is a template for sms; this action sends email' },
      { path: "nodes.mail.action.decision", message: 'No decision "no-such-decision" in this sandbox' },
    ]);
  });
});

describe("business rules before a send", () => {
  it("blocks an email to a profile whose consent to email is out, and says which rule", async () => {
    const { sandbox, datastream } = await seed();
    const definition = { entry: { type: "event", eventType: "signup" }, start: "mail", nodes: { mail: { type: "action", action: { kind: "message", channel: "email", body: "Welcome" }, next: "end" }, end: { type: "end" } }, reentrance: { mode: "always" } };
    await ok(await admin("POST", `/sandboxes/${sandbox}/journeys`, { id: "welcome", name: "Welcome", definition }), 201);
    await ok(await admin("POST", `/sandboxes/${sandbox}/journeys/welcome/publish`));
    const optedOut = client(datastream);
    await optedOut.send("collect", { events: [{ type: "consent.update", data: { email: "out" } }, { type: "signup" }] });
    const fine = client(datastream);
    await fine.send("collect", { events: [{ type: "signup" }] });
    const blocked = await eventually(async () => {
      const rows = await deliveries(sandbox, optedOut.pcid());
      return rows[0]?.status === "blocked" ? rows : null;
    });
    const detail = await env.DB.prepare("SELECT detail FROM deliveries WHERE sandbox_id = ? AND id = ?").bind(sandbox, blocked[0].id).first<{ detail: string }>();
    expect(detail?.detail).toBe("consent: email is out");
    await eventually(async () => (await deliveries(sandbox, fine.pcid()))[0]?.status === "sent");
  });
});

describe("channel rules", () => {
  it("caps emails per profile and drops what quiet hours forbid, each logged with its rule", async () => {
    const { sandbox, datastream } = await seed();
    const definition = { entry: { type: "event", eventType: "ping" }, start: "mail", nodes: { mail: { type: "action", action: { kind: "message", channel: "email", body: "Hi" }, next: "sms" }, sms: { type: "action", action: { kind: "message", channel: "sms", body: "Hi" }, next: "end" }, end: { type: "end" } }, reentrance: { mode: "always" } };
    await ok(await admin("POST", `/sandboxes/${sandbox}/journeys`, { id: "pinger", name: "Pinger", definition }), 201);
    await ok(await admin("POST", `/sandboxes/${sandbox}/journeys/pinger/publish`));
    await ok(await admin("POST", `/sandboxes/${sandbox}/channel-rules`, { id: "one-a-week", kind: "frequency", channel: "email", config: { limit: 1, days: 7 } }), 201);
    // A quiet window around now, whatever the hour: from now to an hour later (UTC).
    const hh = (d: Date) => `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
    const now = new Date(Date.now() - 60_000);
    await ok(await admin("POST", `/sandboxes/${sandbox}/channel-rules`, { kind: "quiet-hours", channel: "sms", config: { from: hh(now), to: hh(new Date(now.getTime() + 3_600_000)), mode: "drop" } }), 201);
    const visitor = client(datastream);
    await visitor.send("collect", { events: [{ type: "profile.update", data: { set: { timeZone: "UTC" } } }, { type: "ping" }] });
    await eventually(async () => (await deliveries(sandbox, visitor.pcid())).filter((r) => r.status !== "queued").length === 2);
    await visitor.send("collect", { events: [{ type: "ping" }] });
    const rows = await eventually(async () => {
      const r = await env.DB.prepare("SELECT channel, status, detail FROM deliveries WHERE sandbox_id = ? AND profile_id = ? ORDER BY created_at, rowid").bind(sandbox, visitor.pcid()).all<{ channel: string; status: string; detail: string }>();
      return r.results.length === 4 && r.results.every((x) => x.status !== "queued") ? r.results : null;
    });
    expect(rows.map((r) => [r.channel, r.status])).toEqual([["email", "sent"], ["sms", "blocked"], ["email", "blocked"], ["sms", "blocked"]]);
    expect(rows[2].detail).toBe("frequency: at most 1 email per 7 days (1 already)");
    expect(rows[1].detail).toMatch(/^quiet hours \d\d:\d\d–\d\d:\d\d \(UTC\): dropped$/);

    const bad = (await (await admin("POST", `/sandboxes/${sandbox}/channel-rules`, { kind: "quiet-hours", channel: "sms", config: { from: "25:00", to: "08:00" } })).json()) as Envelope;
    expect(bad.error.details?.map((d) => d.path)).toEqual(["config.from"]);
    expect((await admin("POST", `/sandboxes/${sandbox}/channel-rules`, { id: "one-a-week", kind: "frequency", channel: "email", config: { limit: 2, days: 7 } })).status).toBe(409);
  });
});

describe("journeys sending templates", () => {
  it("renders an email template for the profile into the outbox, links tracked, and an in-app template into the inbox", async () => {
    const { sandbox, datastream } = await seed();
    await ok(await admin("POST", `/sandboxes/${sandbox}/templates`, {
      id: "cart-mail", name: "Cart mail", channel: "email",
      content: { subject: "Your {{ journey.name }}, {{ profile.firstName | default: \"friend\" }}", html: "<p>Hello {{ profile.firstName }}</p><a href=\"https://shop.example/cart\">Back to your cart</a>" },
    }), 201);
    await ok(await admin("POST", `/sandboxes/${sandbox}/templates`, { id: "cart-app", name: "Cart in app", channel: "in-app", content: { title: "Your {{ journey.name }}", body: "Still there, {{ profile.firstName }}?" } }), 201);
    const definition = {
      entry: { type: "event", eventType: "cart.add" }, start: "mail",
      nodes: {
        mail: { type: "action", action: { kind: "message", channel: "email", template: "cart-mail" }, next: "app" },
        app: { type: "action", action: { kind: "message", channel: "in-app", template: "cart-app" }, next: "end" },
        end: { type: "end" },
      },
    };
    await ok(await admin("POST", `/sandboxes/${sandbox}/journeys`, { id: "cart", name: "Cart", definition }), 201);
    await ok(await admin("POST", `/sandboxes/${sandbox}/journeys/cart/publish`));
    const visitor = client(datastream);
    await visitor.send("collect", { events: [{ type: "profile.update", data: { set: { firstName: "<Ada>", email: "ada@example.com" } } }, { type: "cart.add", data: { name: "tent" } }] });
    const row = await eventually(async () => {
      const r = await env.DB.prepare("SELECT status, payload FROM deliveries WHERE sandbox_id = ? AND profile_id = ? AND channel = 'email'").bind(sandbox, visitor.pcid()).first<{ status: string; payload: string }>();
      return r?.status === "sent" ? r : null;
    });
    const payload = JSON.parse(row.payload) as { subject: string; html: string; headers: Record<string, string> };
    expect(payload.subject).toBe("Your tent, <Ada>");
    expect(payload.html).toContain("Hello &lt;Ada&gt;");
    expect(payload.html).not.toContain('href="https://shop.example/cart"');
    expect(payload.html).toMatch(/href="http:\/\/127\.0\.0\.1:8787\/t\/c\//);
    expect(payload.headers["List-Unsubscribe"]).toMatch(/^<http:\/\/127\.0\.0\.1:8787\/t\/u\//);
    const answer = (await eventually(async () => {
      const a = (await visitor.send("interact", { events: [] })).body as unknown as { messages?: { title: string; body: string }[] };
      return a.messages?.length ? a : null;
    })) as { messages: { title: string; body: string }[] };
    expect(answer.messages[0]).toMatchObject({ title: "Your tent", body: "Still there, <Ada>?" });
  });
});
