/**
 * The events queue's consumer against real D1: a whole queue batch is written in one
 * transaction, a redelivered batch counts nothing twice, and one bad message is retried on its
 * own while the rest of its batch is stored.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { consumeEvents } from "../src/dataset/consumer";
import type { ProfileEvent } from "../src/profiles/events";
import type { EventsMessage, QueueMessage } from "../src/profiles/messages";
import { seed } from "./helpers";

type Outcome = { acked: string[]; retried: string[] };

/** A queue batch as the runtime hands it over, recording what the consumer acknowledged. */
function batchOf(bodies: QueueMessage[], outcome: Outcome): MessageBatch<QueueMessage> {
  const messages = bodies.map((body, i) => ({
    id: `m${i}`,
    timestamp: new Date(),
    attempts: 1,
    body,
    ack: () => outcome.acked.push(`m${i}`),
    retry: () => outcome.retried.push(`m${i}`),
  }));
  return { queue: "parcours-events", messages, ackAll: () => {}, retryAll: () => {} } as unknown as MessageBatch<QueueMessage>;
}

const now = Date.UTC(2026, 11, 1, 12);
const day = Math.floor(now / 86_400_000);

function messages(sandbox: string, tag: string): EventsMessage[] {
  return [
    {
      kind: "events", sandbox, profileId: `${tag}-a`, receivedAt: now,
      events: [
        { id: `${tag}-1`, type: "page.view", ts: now, data: { url: "https://shop.test/", big: 12345678901234567890 } },
        { id: `${tag}-2`, type: "proposition.decided", ts: now, data: { items: [{ offerId: "o1", placement: "hero" }, { offerId: "o2", placement: "side" }] } },
      ],
      index: { known: true, attributes: { tier: "gold" }, identities: [{ namespace: "pcid", value: `${tag}-dev`, authenticated: false }, { namespace: "phone", value: "+15550100", authenticated: false }] },
    },
    {
      kind: "events", sandbox, profileId: `${tag}-b`, receivedAt: now + 1,
      events: [
        { id: `${tag}-3`, type: "proposition.display", ts: now + 1, data: { tokens: ["t"], offers: [{ offerId: "o1", placement: "hero" }] } },
        { id: `${tag}-4`, type: "journey.steps", ts: now + 1, data: { steps: [{ journey: "j", version: 1, node: "start", phase: "pass" }, { journey: "j", version: 1, node: "wait", phase: "arrive" }] } },
      ],
    },
    // A second message repeating an event id already in this batch: stored and counted once.
    { kind: "events", sandbox, profileId: `${tag}-b`, receivedAt: now + 2, events: [{ id: `${tag}-3`, type: "proposition.display", ts: now + 1, data: { tokens: ["t"], offers: [{ offerId: "o1", placement: "hero" }] } }] },
  ];
}

async function figures(sandbox: string, tag: string) {
  const q = <T>(sql: string, ...args: unknown[]) => env.DB.prepare(sql).bind(...args).all<T>().then((r) => r.results);
  return {
    events: await q<{ id: string; profile_id: string; data: string }>("SELECT id, profile_id, data FROM events WHERE sandbox_id = ? ORDER BY id", sandbox),
    profiles: await q<{ id: string; event_count: number; known: number; attributes: string; first_seen: number; last_seen: number }>(
      "SELECT id, event_count, known, attributes, first_seen, last_seen FROM profiles WHERE sandbox_id = ? ORDER BY id", sandbox),
    offers: await q<{ offer_id: string; placement: string; day: number; decisions: number; displays: number }>(
      "SELECT offer_id, placement, day, decisions, displays FROM offer_stats WHERE sandbox_id = ? ORDER BY offer_id, placement", sandbox),
    nodes: await q<{ node: string; entered: number; exited: number }>("SELECT node, entered, exited FROM journey_node_stats WHERE sandbox_id = ? ORDER BY node", sandbox),
    devices: await q<{ value: string; profile_id: string }>("SELECT value, profile_id FROM identities WHERE sandbox_id = ? AND namespace = 'pcid' AND value = ?", sandbox, `${tag}-dev`),
    seen: await q<{ namespace: string; value: string }>("SELECT namespace, value FROM seen_identities WHERE sandbox_id = ? AND profile_id = ?", sandbox, `${tag}-a`),
  };
}

describe("the events consumer", () => {
  it("stores a batch in one go, and a redelivered batch changes nothing", async () => {
    const { sandbox } = await seed();
    const first: Outcome = { acked: [], retried: [] };
    await consumeEvents(batchOf(messages(sandbox, "r"), first), env);
    expect(first).toEqual({ acked: ["m0", "m1", "m2"], retried: [] });

    const once = await figures(sandbox, "r");
    expect(once.events.map((e) => [e.id, e.profile_id])).toEqual([["r-1", "r-a"], ["r-2", "r-a"], ["r-3", "r-b"], ["r-4", "r-b"]]);
    // The data is stored as the object serialised it, numbers beyond 2^53 included.
    expect(once.events[0].data).toBe(JSON.stringify({ url: "https://shop.test/", big: 12345678901234567890 }));
    expect(once.profiles).toEqual([
      { id: "r-a", event_count: 2, known: 1, attributes: JSON.stringify({ tier: "gold" }), first_seen: now, last_seen: now },
      { id: "r-b", event_count: 2, known: 0, attributes: "{}", first_seen: now + 1, last_seen: now + 1 },
    ]);
    expect(once.offers).toEqual([
      { offer_id: "o1", placement: "hero", day, decisions: 1, displays: 1 },
      { offer_id: "o2", placement: "side", day, decisions: 1, displays: 0 },
    ]);
    expect(once.nodes).toEqual([{ node: "start", entered: 1, exited: 1 }, { node: "wait", entered: 1, exited: 0 }]);
    expect(once.devices).toEqual([{ value: "r-dev", profile_id: "r-a" }]);
    expect(once.seen).toEqual([{ namespace: "phone", value: "+15550100" }]);

    const again: Outcome = { acked: [], retried: [] };
    await consumeEvents(batchOf(messages(sandbox, "r"), again), env);
    expect(again).toEqual({ acked: ["m0", "m1", "m2"], retried: [] });
    expect(await figures(sandbox, "r")).toEqual(once);
  });

  it("retries only the message that cannot be stored", async () => {
    const { sandbox } = await seed();
    const bodies: QueueMessage[] = messages(sandbox, "x");
    // An event without a type breaks the events table's NOT NULL constraint: the whole batch's
    // transaction fails, then each message is written on its own.
    bodies.splice(1, 0, { kind: "events", sandbox, profileId: "x-bad", receivedAt: now, events: [{ id: "x-bad-1", type: null as unknown as string, ts: now, data: {} }] });
    const outcome: Outcome = { acked: [], retried: [] };
    await consumeEvents(batchOf(bodies, outcome), env);
    expect(outcome).toEqual({ acked: ["m0", "m2", "m3"], retried: ["m1"] });

    const stored = await figures(sandbox, "x");
    expect(stored.events.map((e) => e.id)).toEqual(["x-1", "x-2", "x-3", "x-4"]);
    expect(stored.profiles.map((p) => [p.id, p.event_count])).toEqual([["x-a", 2], ["x-b", 2]]);
    expect(stored.offers.find((o) => o.offer_id === "o1")).toMatchObject({ decisions: 1, displays: 1 });
  });

  it("writes plain messages and index changes of one profile in one batch as if one by one", async () => {
    const { sandbox } = await seed();
    const view = (id: string, ts: number): ProfileEvent => ({ id, type: "page.view", ts, data: {} });
    const bodies: EventsMessage[] = [
      { kind: "events", sandbox, profileId: "m-a", receivedAt: now, events: [view("m-1", now), view("m-2", now + 5)] },
      { kind: "events", sandbox, profileId: "m-a", receivedAt: now + 10, events: [view("m-2", now + 5), view("m-3", now + 10)], index: { known: true, attributes: { tier: "gold" } } },
      // Repeats an event of each message before it, and brings one new one.
      { kind: "events", sandbox, profileId: "m-a", receivedAt: now + 20, events: [view("m-1", now), view("m-3", now + 10), view("m-4", now + 20)] },
      { kind: "events", sandbox, profileId: "m-b", receivedAt: now + 30, events: [{ id: "m-5", type: "proposition.decided", ts: now + 30, data: { items: [{ offerId: "o9", placement: "hero" }] } }] },
    ];
    const outcome: Outcome = { acked: [], retried: [] };
    await consumeEvents(batchOf(bodies, outcome), env);
    expect(outcome).toEqual({ acked: ["m0", "m1", "m2", "m3"], retried: [] });
    const stored = await figures(sandbox, "m");
    expect(stored.events.map((e) => [e.id, e.profile_id])).toEqual([["m-1", "m-a"], ["m-2", "m-a"], ["m-3", "m-a"], ["m-4", "m-a"], ["m-5", "m-b"]]);
    expect(stored.profiles).toEqual([
      { id: "m-a", event_count: 4, known: 1, attributes: JSON.stringify({ tier: "gold" }), first_seen: now, last_seen: now + 20 },
      { id: "m-b", event_count: 1, known: 0, attributes: "{}", first_seen: now + 30, last_seen: now + 30 },
    ]);
    expect(stored.offers).toEqual([{ offer_id: "o9", placement: "hero", day, decisions: 1, displays: 0 }]);

    // Delivered again, message by message this time: nothing changes.
    for (const body of bodies) await consumeEvents(batchOf([body], { acked: [], retried: [] }), env);
    expect(await figures(sandbox, "m")).toEqual(stored);
  });

  it("splits a large batch into several transactions, losing and double counting nothing", async () => {
    const { sandbox } = await seed();
    const bodies: EventsMessage[] = Array.from({ length: 250 }, (_, i) => ({
      kind: "events", sandbox, profileId: `p${i % 40}`, receivedAt: now + i,
      events: [
        { id: `n-${i}`, type: "page.view", ts: now + i, data: { n: i } } as ProfileEvent,
        { id: `d-${i}`, type: "proposition.decided", ts: now + i, data: { items: [{ offerId: "o1", placement: "hero" }] } } as ProfileEvent,
      ],
      index: { known: false, identities: [{ namespace: "pcid", value: `dev-${i % 40}`, authenticated: false }] },
    }));
    const outcome: Outcome = { acked: [], retried: [] };
    await consumeEvents(batchOf(bodies, outcome), env);
    expect(outcome.acked).toHaveLength(250);
    const stored = await figures(sandbox, "n");
    expect(stored.events).toHaveLength(500);
    expect(stored.profiles.reduce((n, p) => n + p.event_count, 0)).toBe(500);
    expect(stored.offers).toEqual([{ offer_id: "o1", placement: "hero", day, decisions: 250, displays: 0 }]);
  });
});
