/**
 * End-to-end edge benchmark: the real Worker under `wrangler dev` with a large generated config,
 * driven by autocannon with thousands of distinct visitors. Every figure is paired with the
 * no-op route `/v1/ping` measured on the same server in the same run (the floor).
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { adminClient } from "../db/seed";
import { applyMigrations, freePort, ROOT, startDev } from "../scripts/lib/wrangler";
import { generateCollections, generateDecision, generateOffers, generatePlacements } from "./lib/generate";
import type { Figure } from "./lib/results";
import { median, round } from "./lib/stats";

const sqlText = (v: string) => `'${v.replace(/'/g, "''")}'`;

function bulkConfigSql(sandbox: string, offerCount: number): string {
  const placements = generatePlacements(30);
  const offers = generateOffers(offerCount, placements);
  const lines = [
    `INSERT INTO sandboxes (id, name) VALUES (${sqlText(sandbox)}, 'Benchmark');`,
    `INSERT INTO datastreams (id, sandbox_id, name, secret) VALUES ('demo', ${sqlText(sandbox)}, 'Benchmark', ${sqlText(randomBytes(32).toString("hex"))});`,
  ];
  lines.push(...placements.map((p) => `INSERT INTO placements (sandbox_id, id, name, channel, format) VALUES (${sqlText(sandbox)}, ${sqlText(p.id)}, ${sqlText(p.name)}, 'web', 'html');`));
  for (const o of offers) {
    lines.push(
      `INSERT INTO offers (sandbox_id, id, name, status, priority, fallback, start_at, end_at, tags, attributes, representations) VALUES (${sqlText(sandbox)}, ${sqlText(o.id)}, ${sqlText(o.id)}, ${sqlText(o.status)}, ${o.priority}, ${o.fallback ? 1 : 0}, ${o.startAt ?? "NULL"}, ${o.endAt ?? "NULL"}, ${sqlText(JSON.stringify(o.tags ?? []))}, ${sqlText(JSON.stringify(o.attributes ?? {}))}, ${sqlText(JSON.stringify(o.representations))});`,
    );
  }
  const collections = generateCollections(1000);
  for (const c of collections) {
    lines.push(`INSERT INTO collections (sandbox_id, id, name, match, tags) VALUES (${sqlText(sandbox)}, ${sqlText(c.id)}, ${sqlText(c.id)}, ${sqlText(c.match)}, ${sqlText(JSON.stringify(c.tags))});`);
  }
  const d = generateDecision(placements, collections);
  lines.push(`INSERT INTO decisions (sandbox_id, id, name, allow_duplicates, placements) VALUES (${sqlText(sandbox)}, ${sqlText(d.id)}, 'Home page', 0, ${sqlText(JSON.stringify(d.placements))});`);
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

type Run = { p50: number; p99: number; rps: number; errors: number; ok: number };

/**
 * Waits until the server is quiet again: the queues' consumers drain what a saturation run left
 * in the same process, and a fixed-rate run measured meanwhile would time the backlog, not the
 * route. Quiet is five pings in a row answered within 15 ms (or 60 s have passed).
 */
async function quiet(url: string): Promise<void> {
  const end = Date.now() + 60_000;
  let calm = 0;
  while (calm < 5 && Date.now() < end) {
    const t0 = performance.now();
    await fetch(`${url}/v1/ping`);
    calm = performance.now() - t0 < 15 ? calm + 1 : 0;
    if (calm === 0) await new Promise((r) => setTimeout(r, 200));
  }
}

async function load(url: string, opts: { path: string; body?: () => string; cookies?: string[]; rate?: number; seconds: number; connections: number }): Promise<Run> {
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
          const i = n++;
          const headers: Record<string, string> = { "content-type": "text/plain" };
          if (opts.cookies) headers.cookie = `pcid=${opts.cookies[i % opts.cookies.length]}`;
          return { ...req, headers, ...(opts.body ? { body: opts.body() } : {}) } as autocannon.Request;
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
  };
}

export async function edge(quick: boolean, log: (s: string) => void): Promise<Figure[]> {
  const offerCount = quick ? 1000 : 10_000;
  const visitors = quick ? 500 : 5000;
  const seconds = quick ? 3 : 10;
  const rounds = quick ? 1 : 3;
  const rate = 50;
  const state = mkdtempSync(path.join(tmpdir(), "parcours-bench-"));
  const token = randomBytes(12).toString("hex");
  log(`edge: migrating and starting wrangler dev (${offerCount} offers, ${visitors} visitors)`);
  await applyMigrations(state);
  // Bulk configuration goes straight into local D1 before the Worker starts; publishing then
  // goes through the admin API like any other publish.
  const sqlFile = path.join(state, "bulk.sql");
  writeFileSync(sqlFile, bulkConfigSql("prod", offerCount));
  wranglerD1(state, ["--file", sqlFile]);
  const server = await startDev({ port: await freePort(), persistTo: state, vars: { ADMIN_TOKEN: token } });
  try {
    const admin = adminClient(server.url, token);
    const pub = await admin("POST", "/sandboxes/prod/publish");
    if (!pub.ok) throw new Error(`publish failed: ${pub.status} ${await pub.text()}`);

    const cookies = Array.from({ length: visitors }, () => randomBytes(16).toString("base64url"));
    let eventSeq = 0;
    const interactBody = () =>
      JSON.stringify({
        events: [{ id: `bench-${eventSeq++}`, type: "page.view", data: { url: "https://shop.test/", title: "Home" } }],
        // The home decision: 5 placements, 3 criteria each (priority, formula, auto) over 1,000 collections.
        decisions: ["home"],
      });
    const collectBody = () => JSON.stringify({ events: [{ id: `bench-${eventSeq++}`, type: "page.view", data: { url: "https://shop.test/p" } }] });

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
    const sent = eventSeq;
    const m = (runs: Run[], k: keyof Run) => median(runs.map((x) => x[k]));
    const errors = [floorFixed, interactFixed, collectFixed, floorSat, interactSat, collectSat].flat().reduce((n, x) => n + x.errors, 0);

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
      await new Promise((r) => setTimeout(r, 2000));
    }
    const accepted = sent; // every request was answered 2xx when errors = 0

    // How soon a publish is live: a new top offer, published, then asked for until it shows.
    log("edge: timing a publish until it is live");
    const fresh = { id: "just-published", name: "Just published", status: "approved", priority: 1_000_000, representations: [{ placement: "hero", format: "html", content: "<p>new</p>" }] };
    const created = await admin("POST", "/sandboxes/prod/offers", fresh);
    if (!created.ok) throw new Error(`creating the offer failed: ${created.status} ${await created.text()}`);
    const publishedAt = performance.now();
    if (!(await admin("POST", "/sandboxes/prod/publish")).ok) throw new Error("publish failed");
    let liveMs = Number.NaN;
    while (performance.now() - publishedAt < 30_000) {
      const res = await fetch(`${server.url}/v1/decide?datastream=demo&placement=hero&dryRun=1`);
      const body = (await res.json()) as { propositions: { items: { offerId: string }[] }[] };
      if (body.propositions[0]?.items[0]?.offerId === fresh.id) {
        liveMs = performance.now() - publishedAt;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }

    const section = "Edge, end to end (wrangler dev)";
    return [
      { section, name: "edge.floor_p50_ms", value: m(floorFixed, "p50"), unit: "ms", note: `/v1/ping at ${rate} req/s` },
      { section, name: "edge.floor_p99_ms", value: m(floorFixed, "p99"), unit: "ms" },
      { section, name: "edge.interact_p50_ms", value: m(interactFixed, "p50"), unit: "ms", note: `a 5-placement decision, ${offerCount} offers, 1,000 collections, at ${rate} req/s` },
      { section, name: "edge.interact_p99_ms", value: m(interactFixed, "p99"), unit: "ms" },
      { section, name: "edge.interact_p99_ratio_to_floor", value: round(m(interactFixed, "p99") / Math.max(1, m(floorFixed, "p99")), 2), unit: "×" },
      { section, name: "edge.collect_p50_ms", value: m(collectFixed, "p50"), unit: "ms", note: "the same profile round trip, deciding nothing" },
      { section, name: "edge.decide_overhead_p50_ms", value: round(m(interactFixed, "p50") - m(collectFixed, "p50"), 2), unit: "ms", note: "interact − collect at the same rate: what deciding 5 placements adds" },
      { section, name: "edge.floor_rps", value: round(m(floorSat, "rps"), 0), unit: "req/s", note: "saturation, 16 connections" },
      { section, name: "edge.interact_rps", value: round(m(interactSat, "rps"), 0), unit: "req/s" },
      { section, name: "edge.interact_rps_ratio_to_floor", value: round(m(interactSat, "rps") / m(floorSat, "rps"), 3), unit: "×" },
      { section, name: "edge.collect_rps", value: round(m(collectSat, "rps"), 0), unit: "req/s" },
      { section, name: "edge.errors", value: errors, unit: "requests" },
      { section, name: "publish.live_ms", value: round(liveMs, 0), unit: "ms", note: "from the publish request to the first decision showing the change" },
      { section, name: "edge.events_lost", value: Math.max(0, accepted - stored), unit: "events", note: `${accepted} accepted, ${stored} stored` },
    ];
  } catch (err) {
    console.error(server.output());
    throw err;
  } finally {
    await server.stop();
    rmSync(state, { recursive: true, force: true });
  }
}
