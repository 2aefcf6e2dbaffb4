/**
 * The real Worker for a bench section: a fresh persisted state in a temporary folder, D1
 * migrations applied, `wrangler dev` started with a random admin token; stopped and removed
 * afterwards, with the Worker's output printed when the section fails.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { adminClient, type AdminCall } from "../../db/seed";
import { applyMigrations, freePort, startDev, type DevServer } from "../../scripts/lib/wrangler";

export type LocalWorker = { server: DevServer; admin: AdminCall; token: string; state: string };

export async function withWorker<T>(name: string, run: (w: LocalWorker) => Promise<T>): Promise<T> {
  const state = mkdtempSync(path.join(tmpdir(), `parcours-bench-${name}-`));
  const token = randomBytes(12).toString("hex");
  try {
    await applyMigrations(state);
    const server = await startDev({ port: await freePort(), persistTo: state, vars: { ADMIN_TOKEN: token } });
    try {
      return await run({ server, admin: adminClient(server.url, token), token, state });
    } catch (err) {
      console.error(server.output().slice(-8000));
      throw err;
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
}

/** The answer's JSON when it has the status expected, else an error naming what was asked. */
export async function expectStatus<T = Record<string, unknown>>(res: Response, status: number, what: string): Promise<T> {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

/** Polls `probe` until it returns a value (not undefined/null/false), or throws after `timeoutMs`. */
export async function until<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs: number, what: string, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
