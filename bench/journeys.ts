/**
 * Journeys under `wrangler dev`: 100 live journeys (10 with --quick), events that enter and
 * advance them through the profiles' objects (events per second at saturation), the delay from
 * a trigger to its first action reaching the delivery log, and how late wait steps fire.
 */
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import autocannon from "autocannon";
import { adminClient, seedDemo } from "../db/seed";
import { freePort, startDev } from "../scripts/lib/wrangler";
import { loadJourney } from "./lib/generate";
import type { Figure } from "./lib/results";
import { migratedState } from "./lib/state";
import { percentile, round } from "./lib/stats";

/** Live journeys of the load (each publish compiles the sandbox: `--quick` publishes fewer). */
const journeyCount = (quick: boolean) => (quick ? 10 : 100);
/** Events per collect request, as the SDK batches them. */
const EVENTS_PER_REQUEST = 20;

/** The timed journey: a first action at once, then a two-second wait and a second action. */
const timedJourney = {
  entry: { type: "event", eventType: "bench.trigger" },
  start: "first",
  nodes: {
    first: { type: "action", action: { kind: "message", channel: "email", body: "First" }, next: "wait" },
    wait: { type: "wait", for: "2s", next: "second" },
    second: { type: "action", action: { kind: "message", channel: "email", body: "Second" }, next: "end" },
    end: { type: "end" },
  },
};

type Delivery = { id: string; createdAt: number; payload: { body: string } };

export async function journeys(quick: boolean, log: (s: string) => void): Promise<Figure[]> {
  const state = await migratedState("journeys");
  const token = randomBytes(12).toString("hex");
  const live = journeyCount(quick);
  const server = await startDev({ port: await freePort(), persistTo: state, vars: { ADMIN_TOKEN: token } });
  try {
    const admin = adminClient(server.url, token);
    await seedDemo(admin);
    // Saturation: many visitors, each request 20 events entering and advancing journeys.
    const visitors = Array.from({ length: quick ? 500 : 3000 }, () => randomBytes(16).toString("base64url"));
    let n = 0;
    const body = () =>
      JSON.stringify({
        events: Array.from({ length: EVENTS_PER_REQUEST }, (_, i) => ({ type: i === EVENTS_PER_REQUEST - 1 ? "bench.done" : `bench.${(n * 7 + i) % live}` })),
      });
    const drive = () => autocannon({
      url: `${server.url}/v1/collect?datastream=demo`,
      method: "POST",
      connections: 16,
      duration: quick ? 4 : 12,
      requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, headers: { "content-type": "text/plain", cookie: `pcid=${visitors[n++ % visitors.length]}` }, body: body() }) as autocannon.Request }],
    });

    // The floor: the same traffic before any journey exists, through the same objects.
    log("journeys: driving events with no journey (the floor)");
    const floor = await drive();
    log(`journeys: publishing ${live + 1} journeys`);
    const create = async (id: string, definition: unknown) => {
      const res = await admin("POST", "/sandboxes/prod/journeys", { id, name: id, definition });
      if (!res.ok) throw new Error(`creating ${id}: ${res.status} ${await res.text()}`);
      const pub = await admin("POST", `/sandboxes/prod/journeys/${id}/publish`);
      if (!pub.ok) throw new Error(`publishing ${id}: ${pub.status} ${await pub.text()}`);
    };
    for (let k = 0; k < live; k++) await create(`load-${k}`, loadJourney(k));
    await create("timed", timedJourney);
    await new Promise((r) => setTimeout(r, 1500)); // the publish reaches the edge's pointer

    // Trigger to first action, and timer lateness, one visitor at a time.
    const samples = quick ? 10 : 30;
    log(`journeys: timing ${samples} triggers`);
    const firstDelays: number[] = [];
    const late: number[] = [];
    const pending: { pcid: string; sentAt: number }[] = [];
    for (let i = 0; i < samples; i++) {
      const pcid = randomBytes(16).toString("base64url");
      const sentAt = Date.now();
      const res = await fetch(`${server.url}/v1/collect?datastream=demo`, { method: "POST", headers: { cookie: `pcid=${pcid}` }, body: JSON.stringify({ events: [{ type: "bench.trigger" }] }) });
      if (res.status !== 204) throw new Error(`trigger: ${res.status}`);
      pending.push({ pcid, sentAt });
    }
    const deadline = Date.now() + 60_000;
    const stepDelays: number[] = [];
    for (const p of pending) {
      for (;;) {
        const res = await admin("GET", `/sandboxes/prod/deliveries?profileId=${p.pcid}`);
        const { items } = (await res.json()) as { items: Delivery[] };
        const first = items.find((d) => d.payload.body === "First");
        const second = items.find((d) => d.payload.body === "Second");
        if (first && second) {
          firstDelays.push(first.createdAt - p.sentAt);
          // The steps themselves: when the first action ran, and how late the wait ended.
          const lookup = (await (await admin("GET", `/sandboxes/prod/profiles/lookup?ns=pcid&value=${p.pcid}`)).json()) as { profile: { journeys: { id: string; journey: string }[] } };
          const instance = lookup.profile.journeys.find((j) => j.journey === "timed")!.id;
          const trace = (await (await admin("GET", `/sandboxes/prod/journeys/timed/test/${p.pcid}/${instance}`)).json()) as { steps: { node: string; at: number; outcome: string }[] };
          const ran = trace.steps.find((x) => x.node === "first")!;
          const due = Date.parse(trace.steps.find((x) => x.outcome.startsWith("waiting until "))!.outcome.slice("waiting until ".length));
          const waited = trace.steps.find((x) => x.outcome === "waited")!;
          stepDelays.push(ran.at - p.sentAt);
          late.push(Math.max(0, waited.at - due));
          break;
        }
        if (Date.now() > deadline) throw new Error("deliveries did not arrive in time");
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    log(`journeys: driving events through ${live} live journeys`);
    const result = await drive();
    const errors = result.errors + result.timeouts + result.non2xx + floor.errors + floor.timeouts + floor.non2xx;
    const eventsPerSecond = result.requests.average * EVENTS_PER_REQUEST;
    const section = "Journeys (wrangler dev)";
    return [
      { section, name: "journeys.events_per_second", value: round(eventsPerSecond, 0), unit: "events/s", note: `${live} live journeys, ${EVENTS_PER_REQUEST} events per request, 16 connections` },
      { section, name: "journeys.events_ratio_to_floor", value: round(result.requests.average / Math.max(1, floor.requests.average), 3), unit: "×", note: `the same events with no journey: ${round(floor.requests.average * EVENTS_PER_REQUEST, 0)} events/s` },
      { section, name: "journeys.errors", value: errors, unit: "requests" },
      { section, name: "journeys.first_step_p50_ms", value: round(percentile(stepDelays, 50), 0), unit: "ms", note: "trigger request sent → its first action's step ran (in the same request)" },
      { section, name: "journeys.first_action_p50_ms", value: round(percentile(firstDelays, 50), 0), unit: "ms", note: "trigger request sent → the first action recorded by the delivery consumer" },
      { section, name: "journeys.first_action_p99_ms", value: round(percentile(firstDelays, 99), 0), unit: "ms" },
      { section, name: "journeys.timer_late_p50_ms", value: round(percentile(late, 50), 0), unit: "ms", note: "a 2 s wait: when its step ran, after the time it was due (the object's alarm)" },
      { section, name: "journeys.timer_late_p99_ms", value: round(percentile(late, 99), 0), unit: "ms" },
    ];
  } catch (err) {
    console.error(server.output());
    throw err;
  } finally {
    await server.stop();
    rmSync(state, { recursive: true, force: true });
  }
}
