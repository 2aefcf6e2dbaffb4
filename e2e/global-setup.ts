/**
 * Starts the real Worker under `wrangler dev` on a free port with a fresh local state folder,
 * seeds the demo sandbox through the admin API, and hands the URL and token to the tests.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { adminClient, seedDemo } from "../db/seed";
import { applyMigrations, freePort, startDev } from "../scripts/lib/wrangler";
import { findChromium } from "./browser";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    adminToken: string;
  }
}

export default async function setup(project: TestProject) {
  findChromium(); // fail before starting anything when there is no browser
  const state = mkdtempSync(path.join(tmpdir(), "parcours-e2e-"));
  const token = `e2e-${Math.random().toString(36).slice(2)}`;
  await applyMigrations(state);
  const server = await startDev({ port: await freePort(), persistTo: state, vars: { ADMIN_TOKEN: token, DEMO_LOGIN: "on" } });
  await seedDemo(adminClient(server.url, token));
  project.provide("baseUrl", server.url);
  project.provide("adminToken", token);
  return async () => {
    await server.stop();
    rmSync(state, { recursive: true, force: true });
  };
}
