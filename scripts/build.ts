/** Builds what the Worker serves as static assets: the SDK (and demo page) and the console. */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { ROOT } from "./lib/wrangler";

function step(label: string, cmd: string, args: string[]) {
  const started = Date.now();
  process.stdout.write(`• ${label}… `);
  const res = spawnSync(cmd, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  if (res.status !== 0) {
    console.log("failed");
    console.error(res.stdout, res.stderr);
    process.exit(res.status ?? 1);
  }
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

export function build() {
  step("building the SDK and demo page", process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "scripts/build-sdk.ts"]);
  step("building the console", process.execPath, [path.join(ROOT, "node_modules/vite/bin/vite.js"), "build", "--config", "admin/vite.config.ts", "--logLevel", "warn"]);
}

if (import.meta.url === `file://${process.argv[1]}`) build();
