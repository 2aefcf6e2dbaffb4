/**
 * Ingestion benchmark: a generated profile CSV imported through the real CLI code path into the
 * real Worker under `wrangler dev` (admin import route → identity resolution → cold rows in D1).
 */
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { adminClient, seedDemo } from "../db/seed";
import { freePort, startDev } from "../scripts/lib/wrangler";
import { importProfiles } from "./lib/profiles";
import type { Figure } from "./lib/results";
import { migratedState } from "./lib/state";
import { round } from "./lib/stats";

export async function ingestion(quick: boolean, log: (s: string) => void): Promise<Figure[]> {
  // New people are written cold, straight to D1 (profiles/cold.ts), so the full 100,000 rows run.
  const rows = quick ? 10_000 : 100_000;
  const state = await migratedState("import");
  const token = randomBytes(12).toString("hex");
  try {
    const server = await startDev({ port: await freePort(), persistTo: state, vars: { ADMIN_TOKEN: token } });
    try {
      await seedDemo(adminClient(server.url, token));
      const result = await importProfiles({ url: server.url, token, rows, dir: state, label: "ingestion", log }).catch((err: Error) => {
        throw new Error(`${err.message}\n--- worker output ---\n${server.output().slice(-4000)}`);
      });

      // Batch segmentation over what was just imported: every profile in D1, three audiences.
      const admin = adminClient(server.url, token);
      const rules = [{ "profile.city": "Lyon" }, { "profile.loyaltyPoints": { $gte: 2500 } }, { $or: [{ "profile.vip": true }, { "profile.lifetimeValue": { $gte: 500 } }] }];
      for (const [i, rule] of rules.entries()) {
        const res = await admin("POST", "/sandboxes/prod/audiences", { id: `bench-${i}`, name: `Bench ${i}`, rule });
        if (res.status !== 201) throw new Error(`creating a bench audience failed: ${res.status} ${await res.text()}`);
      }
      log(`ingestion: counting ${rules.length} audiences over the imported profiles`);
      const t0 = performance.now();
      const run = await admin("POST", "/sandboxes/prod/audiences/run");
      const batchSeconds = (performance.now() - t0) / 1000;
      const counted = (await run.json()) as { profiles: number };
      if (run.status !== 200) throw new Error(`batch count failed: ${run.status}`);
      const section = "Ingestion";
      return [
        { section, name: "import.rows", value: result.rows, unit: "rows", note: "generated profile CSV through the import CLI code" },
        { section, name: "import.rows_per_second", value: round(result.rows / (result.ms / 1000), 0), unit: "rows/s" },
        { section, name: "import.rejected", value: result.rejected, unit: "rows" },
        { section, name: "audiences.d1_batch_seconds", value: round(batchSeconds, 2), unit: "s", note: `${counted.profiles.toLocaleString("en")} profiles in D1 × ${rules.length} audiences, POST /audiences/run through wrangler dev` },
      ];
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
}
