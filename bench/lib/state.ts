/**
 * Local persisted state for a bench section's `wrangler dev`: D1 migrated once per run (each
 * `wrangler d1 migrations apply` takes several seconds), then copied into a fresh folder for
 * every section that asks.
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { applyMigrations } from "../../scripts/lib/wrangler";

let template: Promise<string> | undefined;

export async function migratedState(name: string): Promise<string> {
  template ??= (async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "parcours-bench-migrated-"));
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    await applyMigrations(dir);
    return dir;
  })();
  const state = mkdtempSync(path.join(tmpdir(), `parcours-bench-${name}-`));
  cpSync(await template, state, { recursive: true });
  return state;
}
