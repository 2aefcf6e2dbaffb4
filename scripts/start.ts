/**
 * `npm start`: builds the SDK and console, makes sure a local admin token exists, applies the
 * local D1 migrations, starts the Worker with `wrangler dev` on 127.0.0.1:8787, seeds the demo
 * sandbox when the database is empty, and prints where everything is.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { adminClient, isSeeded, seedDemo } from "../db/seed";
import { build } from "./build";
import { applyMigrations, ROOT, startDev } from "./lib/wrangler";

const PORT = Number(process.env.PORT ?? 8787);

/**
 * Reads ADMIN_TOKEN from .dev.vars, generating and saving one when it is missing, and turns on
 * the demo store's stand-in login backend unless the file says otherwise.
 */
function ensureDevVars(): string {
  const file = path.join(ROOT, ".dev.vars");
  const text = existsSync(file) ? readFileSync(file, "utf8") : "";
  const lines = text.split("\n").filter((l) => l.trim());
  let token = /^ADMIN_TOKEN\s*=\s*"?([^"\n]+)"?\s*$/m.exec(text)?.[1];
  let changed = false;
  if (!token || token === "replace-me") {
    token = randomBytes(24).toString("base64url");
    lines.splice(0, lines.length, ...lines.filter((l) => !/^ADMIN_TOKEN\s*=/.test(l)), `ADMIN_TOKEN=${token}`);
    console.log("• generated a new admin token in .dev.vars");
    changed = true;
  }
  if (!lines.some((l) => /^DEMO_LOGIN\s*=/.test(l))) {
    lines.push("DEMO_LOGIN=on");
    changed = true;
  }
  if (changed) writeFileSync(file, lines.join("\n") + "\n", { mode: 0o600 });
  return token;
}

async function main() {
  build();
  const token = ensureDevVars();
  process.stdout.write("• applying local D1 migrations… ");
  await applyMigrations();
  console.log("done");
  console.log(`• starting the Worker on http://127.0.0.1:${PORT} …`);
  const server = await startDev({ port: PORT, inherit: true });
  const call = adminClient(server.url, token);
  if (!(await isSeeded(call))) {
    const { version } = await seedDemo(call);
    console.log(`• seeded the demo sandbox "prod" and published version ${version}`);
  }
  console.log(`
  Parcours is running.

    Demo store   ${server.url}/demo
    Console      ${server.url}/admin
    Admin token  ${token}

  Press Ctrl+C to stop.
`);
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  server.child.on("exit", (code) => {
    console.error(`wrangler dev exited with ${code}`);
    process.exit(code ?? 1);
  });
}

main().catch((err) => {
  console.error(`\nParcours could not start: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
