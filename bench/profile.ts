/**
 * `npm run bench:profile`: where the Worker's time goes while it serves `/v1/interact` at a
 * fixed rate. The edge section's setup (the same generated config, imported profiles and
 * visitors, signed-in ones included) under `wrangler dev --inspector-port`; the V8 sampling
 * profiler of the Worker's isolate (Durable Objects included: local dev runs them in the same
 * isolate) started over the Chrome DevTools protocol, the load run, the profiler stopped.
 * Writes bench/results/interact.cpuprofile (gitignored; open it in Chrome DevTools or
 * speedscope) and prints the functions with the most self time, mapped to their source through
 * the bundle's source map.
 *
 * `--route=collect` profiles `/v1/collect` with the same events, `--route=journeys` collect
 * requests of 20 events entering and ending the live journeys (as the journeys section sends).
 * `--isolates` also profiles the other isolates local dev runs on the same thread (local D1, KV,
 * the queues' broker, the assets router, miniflare's entry worker) through workerd's own
 * inspector, and prints each one's busy time a request.
 *
 *   npm run bench:profile [-- --quick] [--route=interact|collect|journeys] [--isolates] [--seconds=20] [--rate=50] [--top=25]
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { SourceMap } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, ROOT } from "../scripts/lib/wrangler";
import { edgeScale, load, quiet, startEdge } from "./edge";
import { BENCH_DIR } from "./lib/results";

// Node 20 has a WebSocket client only behind a flag: run again with it.
if (typeof WebSocket === "undefined") {
  const again = spawnSync(process.execPath, ["--experimental-websocket", ...process.execArgv, ...process.argv.slice(1)], { stdio: "inherit" });
  process.exit(again.status ?? 1);
}

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => Number(args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const quick = args.includes("--quick");
const seconds = flag("seconds", quick ? 10 : 20);
const rate = flag("rate", 50);
const top = flag("top", 25);
const routeArg = args.find((a) => a.startsWith("--route="))?.split("=")[1] ?? "interact";
if (!["interact", "collect", "journeys"].includes(routeArg)) throw new Error(`--route=${routeArg}: use interact, collect or journeys`);
const route = routeArg as "interact" | "collect" | "journeys";
const isolates = args.includes("--isolates");
const log = (s: string) => console.log(`  ${new Date().toISOString().slice(11, 19)} ${s}`);

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type CpuProfile = { nodes: { id: number; callFrame: CallFrame; children?: number[]; positionTicks?: { line: number; ticks: number }[] }[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

/** A Chrome DevTools protocol session over the inspector's websocket. */
async function inspector(url: string) {
  // The dev server's inspector proxy wants an Origin it knows (undici's client sends none).
  const ws = new WebSocket(url, { headers: { origin: "http://127.0.0.1" } } as unknown as string[]);
  await new Promise((resolve, reject) => {
    setTimeout(() => reject(new Error(`the inspector at ${url} did not open in 30 s`)), 30_000).unref();
    ws.addEventListener("open", resolve, { once: true });
    ws.addEventListener("error", () => reject(new Error(`cannot open the inspector at ${url}`)), { once: true });
  });
  let id = 0;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  ws.addEventListener("message", (m) => {
    const msg = JSON.parse(String(m.data)) as { id?: number; result?: unknown; error?: { message: string } };
    const w = msg.id === undefined ? undefined : waiting.get(msg.id);
    if (!w) return;
    waiting.delete(msg.id!);
    if (msg.error) w.reject(new Error(msg.error.message));
    else w.resolve(msg.result);
  });
  const send = <T>(method: string, params: Record<string, unknown> = {}, timeoutMs = 30_000) =>
    new Promise<T>((resolve, reject) => {
      const n = ++id;
      const timer = setTimeout(() => reject(new Error(`${method}: no answer from the inspector in ${timeoutMs / 1000} s`)), timeoutMs);
      waiting.set(n, { resolve: (v) => (clearTimeout(timer), resolve(v as T)), reject });
      ws.send(JSON.stringify({ id: n, method, params }));
    });
  return { send, close: () => ws.close() };
}

type Target = { id: string; webSocketDebuggerUrl: string };

/**
 * The isolates besides the Worker's that workerd runs for local dev (D1, KV, queues, assets,
 * miniflare's entry worker), found on workerd's own inspector port: `wrangler dev` starts it on
 * a free port, so the listening ports of the workerd processes are asked in turn. The Worker's
 * own isolate is left out (wrangler holds its one session; it is profiled through wrangler).
 */
async function otherIsolates(): Promise<Target[]> {
  const pids = spawnSync("pgrep", ["-f", "workerd serve"], { encoding: "utf8" }).stdout?.split("\n").filter(Boolean) ?? [];
  const listening = spawnSync("ss", ["-ltnpH"], { encoding: "utf8" }).stdout ?? "";
  const ports = listening.split("\n").filter((l) => pids.some((p) => l.includes(`pid=${p},`))).map((l) => /127\.0\.0\.1:(\d+)/.exec(l)?.[1]);
  for (const port of ports) {
    if (!port) continue;
    const list = await fetch(`http://127.0.0.1:${port}/json/list`, { signal: AbortSignal.timeout(2000) }).then((r) => r.json()).catch(() => null);
    if (Array.isArray(list) && list.some((t: Target) => t.id?.startsWith("core:user:"))) return (list as Target[]).filter((t) => !t.id.startsWith("core:user:"));
  }
  throw new Error("--isolates: found no workerd inspector listing the Worker's isolates (needs pgrep and ss)");
}

/** The folders `wrangler dev` bundles the Worker into (removed when it stops). */
const devDirs = () => {
  const tmp = path.join(ROOT, ".wrangler", "tmp");
  return new Set(existsSync(tmp) ? readdirSync(tmp).filter((d) => d.startsWith("dev-")).map((d) => path.join(tmp, d)) : []);
};

/** Source positions in the bundle our `wrangler dev` built (in `bundleDir`), through its source map. */
function sourceOf(frame: CallFrame, bundleDir: string | undefined, maps: Map<string, SourceMap | null>): string {
  if (!frame.url) return "";
  if (!maps.has(frame.url)) {
    const file = frame.url.startsWith("file:") ? fileURLToPath(frame.url) : bundleDir && !path.isAbsolute(frame.url) ? path.join(bundleDir, frame.url) : frame.url;
    maps.set(frame.url, existsSync(`${file}.map`) ? new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8"))) : null);
  }
  const entry = maps.get(frame.url)?.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string; originalLine?: number } | undefined;
  const where = entry?.originalSource ? `${entry.originalSource}:${(entry.originalLine ?? 0) + 1}` : `${frame.url}:${frame.lineNumber + 1}`;
  const file = where.startsWith("file:") ? fileURLToPath(where) : where;
  const relative = path.isAbsolute(file) ? path.relative(ROOT, file) : file.replace(/^(\.\.\/)+/, "");
  // A library's file, however node_modules is reached (a link to another checkout's, say).
  const lib = relative.indexOf("node_modules/");
  return lib > 0 ? relative.slice(lib) : relative;
}

/** The profiler's sampling interval, in microseconds. */
const INTERVAL_US = 200;

/**
 * A sample's time: the gap to the next sample (as DevTools counts it), but at most four
 * intervals. The isolate's thread is often parked between requests without V8 knowing it is
 * idle, and the whole pause would otherwise land on whatever ran just before it (a queue send,
 * building a Response): such functions came out several times larger than their samples say.
 */
function sampleTime(profile: CpuProfile, i: number): number {
  return i + 1 < profile.timeDeltas.length ? Math.min(profile.timeDeltas[i + 1], 4 * INTERVAL_US) : 0;
}

/** Self time per function (name and source line), in microseconds, most first. */
export function selfTimes(profile: CpuProfile, where: (f: CallFrame) => string) {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = sampleTime(profile, i);
    const frame = byNode.get(profile.samples[i])!.callFrame;
    const key = `${frame.functionName || "(anonymous)"}\t${where(frame)}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  }
  const idle = ["(idle)", "(program)"].reduce((n, name) => n + [...self].filter(([k]) => k.startsWith(`${name}\t`)).reduce((m, [, v]) => m + v, 0), 0);
  const rows = [...self].map(([key, us]) => ({ fn: key.split("\t")[0], source: key.split("\t")[1], us })).sort((a, b) => b.us - a.us);
  return { rows, total, busy: total - idle };
}

/**
 * The same samples with native and library frames folded into the nearest function of ours on
 * the stack (edge/src): where in the Worker's own code the time is spent, SQLite and RPC
 * included.
 */
export function oursTimes(profile: CpuProfile, where: (f: CallFrame) => string) {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const owner = new Map<number, string>();
  const ownerOf = (id: number): string => {
    const known = owner.get(id);
    if (known !== undefined) return known;
    const frame = byNode.get(id)!.callFrame;
    const source = where(frame);
    const up = parent.get(id);
    const key = source.startsWith("edge/src/") ? `${frame.functionName || "(anonymous)"}\t${source}` : up === undefined ? `${frame.functionName || "(root)"}\t` : ownerOf(up);
    owner.set(id, key);
    return key;
  };
  const self = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const frame = byNode.get(profile.samples[i])!.callFrame;
    if (frame.functionName === "(idle)" || frame.functionName === "(program)") continue;
    const key = ownerOf(profile.samples[i]);
    self.set(key, (self.get(key) ?? 0) + sampleTime(profile, i));
  }
  return [...self].map(([key, us]) => ({ fn: key.split("\t")[0], source: key.split("\t")[1], us })).sort((a, b) => b.us - a.us);
}

/** The line of a function with the most samples, as a source position (`file:line`). */
export function hottestLines(profile: CpuProfile, where: (f: CallFrame) => string) {
  const ticks = new Map<string, Map<number, number>>();
  for (const n of profile.nodes) {
    const key = `${n.callFrame.functionName || "(anonymous)"}\t${where(n.callFrame)}`;
    const lines = ticks.get(key) ?? new Map<number, number>();
    for (const t of n.positionTicks ?? []) lines.set(t.line, (lines.get(t.line) ?? 0) + t.ticks);
    ticks.set(key, lines);
  }
  return (fn: string, source: string, frameOf: (line: number) => CallFrame | undefined) => {
    const lines = [...(ticks.get(`${fn}\t${source}`) ?? [])].sort((a, b) => b[1] - a[1]);
    const frame = lines.length ? frameOf(lines[0][0]) : undefined;
    return frame ? where(frame).split(":").pop() : undefined;
  };
}

const printTable = (rows: { fn: string; source: string; us: number }[], busy: number, n: number, hotLine: (fn: string, source: string) => string | undefined = () => undefined) => {
  console.log("| # | function | source (hottest line) | self ms | share of busy |\n|---:|---|---|---:|---:|");
  rows.slice(0, n).forEach((r, i) => {
    const line = r.source ? hotLine(r.fn, r.source) : undefined;
    console.log(`| ${i + 1} | \`${r.fn}\` | ${r.source || "—"}${line ? ` (${line})` : ""} | ${(r.us / 1000).toFixed(1)} | ${((100 * r.us) / busy).toFixed(1)} % |`);
  });
};

async function main() {
  const scale = edgeScale(quick);
  const port = await freePort();
  const before = devDirs();
  // The session is opened as soon as the Worker is up and kept through the setup: opened minutes
  // later (after the full-scale import and first visits), the dev server's inspector proxy
  // does not open it.
  let session: Awaited<ReturnType<typeof inspector>> | undefined;
  let keepAlive: NodeJS.Timeout | undefined;
  const connect = async () => {
    log("profile: connecting to the inspector");
    for (let attempt = 1; !session; attempt++) {
      const targets = (await (await fetch(`http://127.0.0.1:${port}/json`, { signal: AbortSignal.timeout(30_000) })).json()) as { webSocketDebuggerUrl: string }[];
      session = await inspector(targets[0].webSocketDebuggerUrl).catch((err: Error) => {
        if (attempt === 3) throw err;
        log(`profile: ${err.message}; trying again`);
        return undefined;
      });
    }
    await session.send("Profiler.enable");
    keepAlive = setInterval(() => void session?.send("Profiler.setSamplingInterval", { interval: INTERVAL_US }).catch(() => undefined), 15_000);
  };
  const run = await startEdge(scale, log, { label: "profile", inspectorPort: port, onServer: connect });
  // Ours is the bundle folder that appeared while it started (another dev server started at
  // the same moment would bundle the same source).
  const bundleDir = [...devDirs()].find((d) => !before.has(d) && existsSync(path.join(d, "index.js.map")));
  try {
    const path_ = `/v1/${route === "interact" ? "interact" : "collect"}?datastream=demo`;
    // As the journeys section sends them: 19 entries into the live journeys, then the event that ends their waits.
    let n = 0;
    const journeysBody = () => JSON.stringify({ events: Array.from({ length: 20 }, (_, i) => ({ type: i === 19 ? "bench.done" : `bench.${(n++ * 7 + i) % scale.journeys}` })) });
    const body = route === "collect" ? run.collectBody : route === "journeys" ? journeysBody : run.interactBody;
    const url = `${run.server.url}${path_}`;
    log("profile: warming up");
    await load(run.server.url, { path: "/v1/interact?datastream=demo", body: run.interactBody, cookies: run.cookies, seconds: quick ? 3 : 5, connections: 10 });
    log("profile: waiting for a quiet server");
    await quiet(run.server.url);
    clearInterval(keepAlive);
    if (!session) throw new Error("no inspector session");
    await session.send("Profiler.setSamplingInterval", { interval: INTERVAL_US });
    const others = isolates ? await Promise.all((await otherIsolates()).map(async (t) => ({ id: t.id, session: await inspector(t.webSocketDebuggerUrl) }))) : [];
    for (const o of others) {
      await o.session.send("Profiler.enable");
      await o.session.send("Profiler.setSamplingInterval", { interval: INTERVAL_US });
      await o.session.send("Profiler.start");
    }
    await session.send("Profiler.start");
    log(`profile: ${url.replace(run.server.url, "")} at ${rate} req/s for ${seconds} s, profiling`);
    const result = await load(run.server.url, { path: path_, body, cookies: run.cookies, rate, seconds, connections: 4 });
    log("profile: stopping the profiler");
    const { profile } = await session.send<{ profile: CpuProfile }>("Profiler.stop", {}, 180_000);
    session.close();
    const otherBusy = await Promise.all(others.map(async (o) => {
      const { profile: p } = await o.session.send<{ profile: CpuProfile }>("Profiler.stop", {}, 180_000);
      o.session.close();
      // Busy time (idle and unattributed native time aside) and the top functions, by file name.
      const { rows, busy } = selfTimes(p, (f) => f.url.split("/").pop() ?? "");
      const top = rows.filter((r) => r.fn !== "(idle)" && r.fn !== "(program)").slice(0, 3).map((r) => [`${r.fn}${r.source ? ` (${r.source})` : ""}`, r.us] as const);
      return { id: o.id, busy, top };
    }));

    const file = path.join(BENCH_DIR, "results", `${route}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    const maps = new Map<string, SourceMap | null>();
    const { rows, total, busy } = selfTimes(profile, (f) => sourceOf(f, bundleDir, maps));
    const served = result.ok;
    console.log(`\n${served} requests served (${result.errors} errors), p50 ${result.p50} ms, p99 ${result.p99} ms; ${(busy / 1000).toFixed(0)} ms of CPU in the isolate over ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s, ${(busy / 1000 / Math.max(1, served)).toFixed(2)} ms a request.`);
    console.log(`Scale: ${Object.entries(scale).map(([k, v]) => `${k} ${v}`).join(", ")}.\n`);
    console.log("Self time by function (native and library functions on their own):\n");
    // positionTicks are 1-based lines of the bundle; a frame at the line's start maps it back.
    const hot = hottestLines(profile, (f) => sourceOf(f, bundleDir, maps));
    const urlOf = new Map(profile.nodes.map((n) => [`${n.callFrame.functionName || "(anonymous)"}\t${sourceOf(n.callFrame, bundleDir, maps)}`, n.callFrame.url]));
    const hotLine = (fn: string, source: string) => hot(fn, source, (line) => ({ functionName: fn, url: urlOf.get(`${fn}\t${source}`) ?? "", lineNumber: line - 1, columnNumber: 10_000 }));
    printTable(rows.filter((r) => r.fn !== "(idle)" && r.fn !== "(program)"), busy, top, hotLine);
    console.log("\nThe same, native and library time folded into the nearest function of edge/src on the stack:\n");
    printTable(oursTimes(profile, (f) => sourceOf(f, bundleDir, maps)), busy, top, hotLine);
    if (otherBusy.length) {
      console.log("\nThe other isolates on the same thread (busy time a request, top functions):\n");
      console.log("| isolate | busy ms a request | top functions (ms a request) |\n|---|---:|---|");
      for (const o of otherBusy.filter((x) => x.busy > 0).sort((a, b) => b.busy - a.busy)) {
        console.log(`| ${o.id} | ${(o.busy / 1000 / Math.max(1, served)).toFixed(3)} | ${o.top.map(([k, us]) => `\`${k}\` ${(us / 1000 / Math.max(1, served)).toFixed(3)}`).join(", ")} |`);
      }
    }
    console.log(`\nWrote ${path.relative(ROOT, file)}.`);
    if (result.errors) process.exitCode = 1;
  } finally {
    clearInterval(keepAlive);
    await run.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
