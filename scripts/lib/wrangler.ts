/**
 * Runs the real Worker locally: applies D1 migrations and starts `wrangler dev` (workerd through
 * Miniflare) with local persistence. Shared by `npm start`, the end-to-end tests and the benchmark.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * No telemetry, and no attempt to download the `Request.cf` sample from the internet: offline it
 * only prints a stack trace, and the local placeholder serves development well.
 */
const QUIET_ENV = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };
const WRANGLER = path.join(ROOT, "node_modules/wrangler/bin/wrangler.js");

function run(args: string[], quiet = true): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRANGLER, ...args], { cwd: ROOT, stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit", env: QUIET_ENV });
    let output = "";
    child.stdout?.on("data", (d) => (output += d));
    child.stderr?.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`wrangler ${args.join(" ")} exited with ${code}\n${output}`))));
  });
}

export const applyMigrations = (persistTo?: string) =>
  run(["d1", "migrations", "apply", "DB", "--local", ...(persistTo ? ["--persist-to", persistTo] : [])]);

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export async function waitForHealthy(url: string, timeoutMs = 60_000, child?: ChildProcess): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (child && child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode} before it was ready`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`The Worker at ${url} did not answer /healthz within ${timeoutMs / 1000}s`);
}

export type DevServer = { url: string; child: ChildProcess; output: () => string; stop: () => Promise<void> };

/** `inspectorPort`: the Chrome DevTools protocol of the Worker's isolate on that port (bench/profile.ts). */
export async function startDev(opts: { port: number; persistTo?: string; vars?: Record<string, string>; inherit?: boolean; inspectorPort?: number }): Promise<DevServer> {
  const args = [WRANGLER, "dev", "--ip", "127.0.0.1", "--port", String(opts.port), "--log-level", "warn", "--show-interactive-dev-session=false"];
  if (opts.persistTo) args.push("--persist-to", opts.persistTo);
  if (opts.inspectorPort) args.push("--inspector-ip", "127.0.0.1", "--inspector-port", String(opts.inspectorPort));
  for (const [k, v] of Object.entries(opts.vars ?? {})) args.push("--var", `${k}:${v}`);
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: opts.inherit ? ["ignore", "inherit", "inherit"] : ["ignore", "pipe", "pipe"],
    env: QUIET_ENV,
  });
  let output = "";
  child.stdout?.on("data", (d) => (output = (output + d).slice(-20_000)));
  child.stderr?.on("data", (d) => (output = (output + d).slice(-20_000)));
  const url = `http://127.0.0.1:${opts.port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => child.exitCode === null && child.kill("SIGKILL"), 5000).unref();
    });
  try {
    await waitForHealthy(url, 90_000, child);
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n--- wrangler output ---\n${output}`);
  }
  return { url, child, output: () => output, stop };
}
