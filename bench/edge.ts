/**
 * End-to-end edge benchmark: the real Worker under `wrangler dev` with a large generated config
 * (10,000 offers, 1,000 collections, 30 placements, 1,000 audiences, 100 live journeys) and
 * 100,000 imported profiles, driven by autocannon with thousands of distinct visitors, a fifth
 * of them (a tenth with --quick) signed in as imported profiles. Every figure is paired with
 * the no-op route `/v1/ping` measured on the same server in the same run (the floor).
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import { validateRule } from "../edge/src/audiences/validate";
import { signIdentity } from "../edge/src/identity/signature";
import { definitionSchema } from "../edge/src/journeys/definition";
import { adminClient, type AdminCall } from "../db/seed";
import { freePort, ROOT, startDev, type DevServer } from "../scripts/lib/wrangler";
import { generateCollections, generateDecision, generateOffers, generatePlacements, generateRules, loadJourney, rng } from "./lib/generate";
import { importProfiles, profileEmail } from "./lib/profiles";
import type { Figure } from "./lib/results";
import { migratedState } from "./lib/state";
import { median, round } from "./lib/stats";

const sqlText = (v: string) => `'${v.replace(/'/g, "''")}'`;

/** What the edge run is measured over; `--quick` scales it down, and the report says which. */
export type EdgeScale = { offers: number; collections: number; placements: number; audiences: number; journeys: number; profiles: number; visitors: number; known: number };

export function edgeScale(quick: boolean): EdgeScale {
  return quick
    ? { offers: 1000, collections: 1000, placements: 30, audiences: 100, journeys: 10, profiles: 10_000, visitors: 500, known: 50 }
    : { offers: 10_000, collections: 1000, placements: 30, audiences: 1000, journeys: 100, profiles: 100_000, visitors: 5000, known: 1000 };
}

/**
 * The whole configuration as SQL, straight into local D1 before the Worker starts (through the
 * admin API, 100 journey publishes would each compile the sandbox): placements, offers,
 * collections, the home decision, audiences (the audiences section's rules) and live journeys
 * (the journeys section's load journeys, stored as the admin API stores them: with the
 * definition's defaults filled in).
 */
export function bulkConfigSql(sandbox: string, scale: EdgeScale, secret: string): string {
  const placements = generatePlacements(scale.placements);
  const offers = generateOffers(scale.offers, placements);
  const lines = [
    `INSERT INTO sandboxes (id, name) VALUES (${sqlText(sandbox)}, 'Benchmark');`,
    `INSERT INTO datastreams (id, sandbox_id, name, secret) VALUES ('demo', ${sqlText(sandbox)}, 'Benchmark', ${sqlText(secret)});`,
  ];
  lines.push(...placements.map((p) => `INSERT INTO placements (sandbox_id, id, name, channel, format) VALUES (${sqlText(sandbox)}, ${sqlText(p.id)}, ${sqlText(p.name)}, 'web', 'html');`));
  for (const o of offers) {
    lines.push(
      `INSERT INTO offers (sandbox_id, id, name, status, priority, fallback, start_at, end_at, tags, attributes, representations) VALUES (${sqlText(sandbox)}, ${sqlText(o.id)}, ${sqlText(o.id)}, ${sqlText(o.status)}, ${o.priority}, ${o.fallback ? 1 : 0}, ${o.startAt ?? "NULL"}, ${o.endAt ?? "NULL"}, ${sqlText(JSON.stringify(o.tags ?? []))}, ${sqlText(JSON.stringify(o.attributes ?? {}))}, ${sqlText(JSON.stringify(o.representations))});`,
    );
  }
  const collections = generateCollections(scale.collections);
  for (const c of collections) {
    lines.push(`INSERT INTO collections (sandbox_id, id, name, match, tags) VALUES (${sqlText(sandbox)}, ${sqlText(c.id)}, ${sqlText(c.id)}, ${sqlText(c.match)}, ${sqlText(JSON.stringify(c.tags))});`);
  }
  const d = generateDecision(placements, collections);
  lines.push(`INSERT INTO decisions (sandbox_id, id, name, allow_duplicates, placements) VALUES (${sqlText(sandbox)}, ${sqlText(d.id)}, 'Home page', 0, ${sqlText(JSON.stringify(d.placements))});`);
  for (const a of generateRules(scale.audiences, rng(11))) {
    if (validateRule(a.rule).length) throw new Error(`generated rule ${a.id} is invalid`);
    lines.push(`INSERT INTO audiences (sandbox_id, id, name, rule) VALUES (${sqlText(sandbox)}, ${sqlText(a.id)}, ${sqlText(a.id)}, ${sqlText(JSON.stringify(a.rule))});`);
  }
  const publishedAt = Date.now();
  for (let k = 0; k < scale.journeys; k++) {
    lines.push(
      `INSERT INTO journeys (sandbox_id, id, name) VALUES (${sqlText(sandbox)}, 'load-${k}', 'load-${k}');`,
      `INSERT INTO journey_versions (sandbox_id, journey_id, version, status, definition, published_at) VALUES (${sqlText(sandbox)}, 'load-${k}', 1, 'live', ${sqlText(JSON.stringify(definitionSchema.parse(loadJourney(k))))}, ${publishedAt});`,
    );
  }
  return lines.join("\n");
}

function wranglerD1(state: string, args: string[]): string {
  return execFileSync(process.execPath, [path.join(ROOT, "node_modules/wrangler/bin/wrangler.js"), "d1", "execute", "DB", "--local", "--persist-to", state, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

export type Run = { p50: number; p99: number; rps: number; errors: number; ok: number; why: string };

/** What went wrong in a load run, for the report: timeouts, statuses other than 2xx, socket errors. */
function describeErrors(route: string, r: autocannon.Result): string {
  if (!r.errors && !r.timeouts && !r.non2xx) return "";
  const statuses = Object.entries((r as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {})
    .filter(([code]) => !code.startsWith("2"))
    .map(([code, { count }]) => `${count}× ${code}`);
  return `${route.split("?")[0]}: ${[r.timeouts ? `${r.timeouts} timeouts` : "", statuses.join(", "), r.errors - r.timeouts > 0 ? `${r.errors - r.timeouts} socket errors` : ""].filter(Boolean).join(", ")}`;
}

/**
 * Waits until the server is quiet again: the queues' consumers drain what a saturation run left
 * in the same process, and a fixed-rate run measured meanwhile would time the backlog, not the
 * route. Quiet is five pings in a row answered within 15 ms (or 60 s have passed).
 */
export async function quiet(url: string): Promise<void> {
  const end = Date.now() + 60_000;
  let calm = 0;
  while (calm < 5 && Date.now() < end) {
    const t0 = performance.now();
    const answered = await fetch(`${url}/v1/ping`, { signal: AbortSignal.timeout(10_000) }).then(() => true, () => false);
    calm = answered && performance.now() - t0 < 15 ? calm + 1 : 0;
    if (calm === 0) await new Promise((r) => setTimeout(r, 200));
  }
}

export async function load(url: string, opts: { path: string; body?: (visitor: number) => string; cookies?: string[]; rate?: number; seconds: number; connections: number }): Promise<Run> {
  let n = 0;
  const result = await autocannon({
    url: url + opts.path,
    connections: opts.connections,
    duration: opts.seconds,
    ...(opts.rate ? { overallRate: opts.rate } : {}),
    method: opts.body ? "POST" : "GET",
    requests: [
      {
        setupRequest: (req: autocannon.Request) => {
          const visitor = n++ % (opts.cookies?.length ?? 1);
          const headers: Record<string, string> = { "content-type": "text/plain" };
          if (opts.cookies) headers.cookie = `pcid=${opts.cookies[visitor]}`;
          return { ...req, headers, ...(opts.body ? { body: opts.body(visitor) } : {}) } as autocannon.Request;
        },
      },
    ],
  });
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: result.requests.average,
    errors: result.errors + result.timeouts + result.non2xx,
    ok: result["2xx"],
    why: describeErrors(opts.path, result),
  };
}

/** `n` requests, `concurrency` at a time, each timed: the latencies in milliseconds. */
async function timeEach(n: number, concurrency: number, send: (i: number) => Promise<Response>, progress: (done: number) => void): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  const ticker = setInterval(() => progress(times.length), 10_000);
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const t0 = performance.now();
      const res = await send(i);
      const text = await res.text();
      if (!res.ok) throw new Error(`request ${i}: ${res.status} ${text.slice(0, 500)}`);
      times.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker)).finally(() => clearInterval(ticker));
  return times;
}

export type EdgeRun = {
  server: DevServer;
  admin: AdminCall;
  state: string;
  cookies: string[];
  interactBody: (visitor: number) => string;
  collectBody: (visitor: number) => string;
  /** Events sent so far, every one with an id `bench-<n>`. */
  sent: () => number;
  /** Each signed-in visitor's first interact, in milliseconds. */
  firstVisit: number[];
  stop: () => Promise<void>;
};

/**
 * The edge at a scale, ready for load: the configuration in D1, `wrangler dev` started and the
 * sandbox published, the profiles imported, the visitors made and the signed-in ones' first
 * visits done. Shared by the edge section and the CPU profile (bench/profile.ts).
 */
export async function startEdge(
  scale: EdgeScale,
  log: (s: string) => void,
  dev: { label?: string; inspectorPort?: number; onServer?: (server: DevServer) => Promise<void> } = {},
): Promise<EdgeRun> {
  const label = dev.label ?? "edge";
  const state = await migratedState("edge");
  const token = randomBytes(12).toString("hex");
  const secret = randomBytes(32).toString("hex");
  log(`${label}: ${scale.offers} offers, ${scale.collections} collections, ${scale.audiences} audiences, ${scale.journeys} live journeys; starting wrangler dev`);
  // Bulk configuration goes straight into local D1 before the Worker starts; publishing then
  // goes through the admin API like any other publish.
  const sqlFile = path.join(state, "bulk.sql");
  writeFileSync(sqlFile, bulkConfigSql("prod", scale, secret));
  wranglerD1(state, ["--file", sqlFile]);
  const server = await startDev({ port: await freePort(), persistTo: state, vars: { ADMIN_TOKEN: token }, inspectorPort: dev.inspectorPort });
  const stop = async () => {
    await server.stop();
    rmSync(state, { recursive: true, force: true });
  };
  try {
    await dev.onServer?.(server);
    // A connection kept alive from before a long pause may be closed by the dev server just as
    // it is reused; nothing reached the Worker then, so the call is made once more.
    const once = adminClient(server.url, token);
    const admin: typeof once = (method, route, body) => once(method, route, body).catch(() => once(method, route, body));
    const pub = await admin("POST", "/sandboxes/prod/publish");
    if (!pub.ok) throw new Error(`publish failed: ${pub.status} ${await pub.text()}`);
    // The people the edge knows before any visit: imported, cold in D1 until they sign in.
    const imported = await importProfiles({ url: server.url, token, rows: scale.profiles, dir: state, label, log });
    if (imported.rejected || imported.rows !== scale.profiles) throw new Error(`import: ${imported.rows} rows, ${imported.rejected} rejected`);

    // Visitors: a device id each; the first `known` are signed in as imported profiles, spread
    // over the file, and present their signed email with every request, as a site's pages do.
    const cookies = Array.from({ length: scale.visitors }, () => randomBytes(16).toString("base64url"));
    const expires = Math.floor(Date.now() / 1000) + 6 * 3600;
    const identify = await Promise.all(
      Array.from({ length: scale.known }, async (_, i) => {
        const email = profileEmail(1 + Math.floor((i * scale.profiles) / scale.known));
        return [{ namespace: "email", value: email, expires, signature: await signIdentity(secret, "email", email, expires) }];
      }),
    );
    let eventSeq = 0;
    // A page view each request; every fourth also enters one of the live journeys, and as many
    // end the wait of the journeys entered before.
    const events = (extra: Record<string, unknown> = {}) => {
      const seq = eventSeq++;
      const journey = seq % 4 === 1 ? [{ id: `bench-${eventSeq++}`, type: `bench.${(seq >> 2) % Math.max(1, scale.journeys)}` }] : seq % 4 === 3 ? [{ id: `bench-${eventSeq++}`, type: "bench.done" }] : [];
      return [{ id: `bench-${seq}`, type: "page.view", data: { url: "https://shop.test/", title: "Home", ...extra } }, ...journey];
    };
    const interactBody = (visitor: number) =>
      JSON.stringify({
        events: events(),
        // The home decision: 5 placements, 3 criteria each (priority, formula, auto) over 1,000 collections.
        decisions: ["home"],
        ...(visitor < scale.known ? { identify: identify[visitor] } : {}),
      });
    const collectBody = (visitor: number) => JSON.stringify({ events: events({ url: "https://shop.test/p" }), ...(visitor < scale.known ? { identify: identify[visitor] } : {}) });

    // Sign-in: each known visitor's first request takes its imported profile over from D1 and
    // merges the device's profile into it. Timed apart, so the load runs measure visits.
    log(`${label}: first visit of ${scale.known} signed-in visitors`);
    const firstVisit = await timeEach(scale.known, 4, (i) =>
      fetch(`${server.url}/v1/interact?datastream=demo`, { method: "POST", headers: { "content-type": "text/plain", cookie: `pcid=${cookies[i]}` }, body: interactBody(i) }),
      (done) => log(`${label}: ${done}/${scale.known} first visits`),
    );

    return { server, admin, state, cookies, interactBody, collectBody, sent: () => eventSeq, firstVisit, stop };
  } catch (err) {
    console.error(server.output());
    await stop();
    throw err;
  }
}

export async function edge(quick: boolean, log: (s: string) => void): Promise<Figure[]> {
  const scale = edgeScale(quick);
  const seconds = quick ? 2 : 10;
  const rounds = quick ? 1 : 3;
  const rate = 50;
  const { server, admin, state, cookies, interactBody, collectBody, sent: sentSoFar, firstVisit, stop } = await startEdge(scale, log);
  try {
    // Warm up the isolate, caches and every visitor's Durable Object.
    await load(server.url, { path: "/v1/interact?datastream=demo", body: interactBody, cookies, seconds: quick ? 2 : 5, connections: 10 });

    const floorFixed: Run[] = [], interactFixed: Run[] = [], collectFixed: Run[] = [], floorSat: Run[] = [], interactSat: Run[] = [], collectSat: Run[] = [];
    for (let r = 0; r < rounds; r++) {
      log(`edge: round ${r + 1}/${rounds}`);
      await quiet(server.url);
      floorFixed.push(await load(server.url, { path: "/v1/ping", rate, seconds, connections: 4 }));
      await quiet(server.url);
      interactFixed.push(await load(server.url, { path: "/v1/interact?datastream=demo", body: interactBody, cookies, rate, seconds, connections: 4 }));
      await quiet(server.url);
      collectFixed.push(await load(server.url, { path: "/v1/collect?datastream=demo", body: collectBody, cookies, rate, seconds, connections: 4 }));
      await quiet(server.url);
      floorSat.push(await load(server.url, { path: "/v1/ping", seconds, connections: 16 }));
      await quiet(server.url);
      interactSat.push(await load(server.url, { path: "/v1/interact?datastream=demo", body: interactBody, cookies, seconds, connections: 16 }));
      await quiet(server.url);
      collectSat.push(await load(server.url, { path: "/v1/collect?datastream=demo", body: collectBody, cookies, seconds, connections: 16 }));
    }
    const sent = sentSoFar();
    const m = (runs: Run[], k: "p50" | "p99" | "rps") => median(runs.map((x) => x[k]));
    const runs = [floorFixed, interactFixed, collectFixed, floorSat, interactSat, collectSat].flat();
    const errors = runs.reduce((n, x) => n + x.errors, 0);
    const why = runs.map((x) => x.why).filter(Boolean).join("; ");

    // No loss: every event the edge accepted reaches the D1 dataset once the queue drains.
    log("edge: waiting for the events queue to drain");
    let stored = 0;
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      try {
        const out = JSON.parse(wranglerD1(state, ["--json", "--command", "SELECT count(*) AS n FROM events WHERE id LIKE 'bench-%'"]));
        stored = out[0].results[0].n;
        if (stored >= sent) break;
      } catch (err) {
        // The running Worker's consumer may hold the database file's lock: read again shortly.
        if (!String((err as { stderr?: string }).stderr ?? err).includes("SQLITE_BUSY")) throw err;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
    const accepted = sent; // every request was answered 2xx when errors = 0
    if (stored < accepted) console.error(`edge: ${accepted - stored} events never reached the dataset; the Worker's last output:\n${server.output().slice(-6000)}`);

    // How soon a publish is live: a new top offer, published, then asked for until it shows.
    log("edge: timing a publish until it is live");
    const fresh = { id: "just-published", name: "Just published", status: "approved", priority: 1_000_000, representations: [{ placement: "hero", format: "html", content: "<p>new</p>" }] };
    const created = await admin("POST", "/sandboxes/prod/offers", fresh);
    if (!created.ok) throw new Error(`creating the offer failed: ${created.status} ${await created.text()}`);
    const publishedAt = performance.now();
    if (!(await admin("POST", "/sandboxes/prod/publish")).ok) throw new Error("publish failed");
    let liveMs = Number.NaN;
    while (performance.now() - publishedAt < 30_000) {
      // wrangler dev restarts the Worker when its source changes and drops the connections it
      // had: a poll asks again.
      const body = await fetch(`${server.url}/v1/decide?datastream=demo&placement=hero&dryRun=1`)
        .then((res) => res.json() as Promise<{ propositions: { items: { offerId: string }[] }[] }>)
        .catch(() => ({ propositions: [] }));
      if (body.propositions[0]?.items[0]?.offerId === fresh.id) {
        liveMs = performance.now() - publishedAt;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }

    const section = "Edge, end to end (wrangler dev)";
    const scaleNote = `${scale.offers.toLocaleString("en")} offers, ${scale.collections.toLocaleString("en")} collections, ${scale.audiences.toLocaleString("en")} audiences, ${scale.journeys} live journeys`;
    return [
      { section, name: "edge.offers", value: scale.offers, unit: "offers", note: `the run's scale: ${scale.placements} placements, ${scale.collections.toLocaleString("en")} collections` },
      { section, name: "edge.audiences", value: scale.audiences, unit: "audiences", note: "streamed on every event" },
      { section, name: "edge.live_journeys", value: scale.journeys, unit: "journeys" },
      { section, name: "edge.profiles", value: scale.profiles, unit: "profiles", note: "imported through the import CLI's code before the load (cold in D1)" },
      { section, name: "edge.visitors", value: scale.visitors, unit: "visitors", note: `distinct device ids; ${scale.known.toLocaleString("en")} of them signed in as imported profiles` },
      { section, name: "edge.known_first_p50_ms", value: round(median(firstVisit), 1), unit: "ms", note: "a signed-in visitor's first interact: the imported profile taken over from D1, the device's profile merged in (4 at a time)" },
      { section, name: "edge.floor_p50_ms", value: m(floorFixed, "p50"), unit: "ms", note: `/v1/ping at ${rate} req/s` },
      { section, name: "edge.floor_p99_ms", value: m(floorFixed, "p99"), unit: "ms" },
      { section, name: "edge.interact_p50_ms", value: m(interactFixed, "p50"), unit: "ms", note: `page view (+ a journey event every other request) and a 5-placement decision; ${scaleNote}; at ${rate} req/s` },
      { section, name: "edge.interact_p99_ms", value: m(interactFixed, "p99"), unit: "ms" },
      { section, name: "edge.interact_p99_ratio_to_floor", value: round(m(interactFixed, "p99") / Math.max(1, m(floorFixed, "p99")), 2), unit: "×" },
      { section, name: "edge.collect_p50_ms", value: m(collectFixed, "p50"), unit: "ms", note: "the same events and profile round trip, deciding nothing" },
      { section, name: "edge.decide_overhead_p50_ms", value: round(m(interactFixed, "p50") - m(collectFixed, "p50"), 2), unit: "ms", note: "interact − collect at the same rate: what deciding 5 placements adds" },
      { section, name: "edge.floor_rps", value: round(m(floorSat, "rps"), 0), unit: "req/s", note: "saturation, 16 connections" },
      { section, name: "edge.interact_rps", value: round(m(interactSat, "rps"), 0), unit: "req/s" },
      { section, name: "edge.interact_rps_ratio_to_floor", value: round(m(interactSat, "rps") / m(floorSat, "rps"), 3), unit: "×" },
      { section, name: "edge.collect_rps", value: round(m(collectSat, "rps"), 0), unit: "req/s" },
      { section, name: "edge.errors", value: errors, unit: "requests", ...(why ? { note: why } : {}) },
      { section, name: "publish.live_ms", value: round(liveMs, 0), unit: "ms", note: "from the publish request to the first decision showing the change" },
      { section, name: "edge.events_lost", value: Math.max(0, accepted - stored), unit: "events", note: `${accepted} accepted, ${stored} stored` },
    ];
  } catch (err) {
    console.error(server.output());
    throw err;
  } finally {
    await stop();
  }
}
