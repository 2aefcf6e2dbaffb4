// One `npm test` runs five projects: engines in Node, the Worker in workerd, the SDK in
// happy-dom, end-to-end tests in real Chromium against `wrangler dev`, and then the quick
// benchmark run.
import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

const migrations = await readD1Migrations(path.join(import.meta.dirname, "db/migrations"));

export default defineConfig({
  test: {
    reporters: ["default", "./scripts/summary-reporter.ts"],
    projects: [
      {
        test: {
          name: "unit",
          environment: "node",
          include: ["edge/src/**/*.test.ts", "admin/src/**/*.test.ts", "db/**/*.test.ts", "scripts/**/*.test.ts"],
        },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: { TEST_MIGRATIONS: migrations, ADMIN_TOKEN: "test-admin-token", DEMO_LOGIN: "on" },
            },
          }),
        ],
        test: {
          name: "worker",
          include: ["edge/test/**/*.test.ts"],
          setupFiles: ["edge/test/apply-migrations.ts"],
          // A provider stand-in on 127.0.0.1 (it provides `providerStandIn`, its URL).
          globalSetup: ["edge/test/providers-stand-in.mjs"],
        },
      },
      {
        test: {
          name: "sdk",
          environment: "happy-dom",
          include: ["web-sdk/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "e2e",
          environment: "node",
          include: ["e2e/**/*.test.ts"],
          globalSetup: ["e2e/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          // `npm run bench -- --quick` as a child process, after every other project (it starts
          // its own Workers and would slow theirs), figures checked but not budgets.
          name: "bench",
          environment: "node",
          include: ["bench/**/*.test.ts"],
          testTimeout: 300_000,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
