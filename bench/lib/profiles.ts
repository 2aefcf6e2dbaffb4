/**
 * Known profiles for the benchmarks: the seeded profile CSV, imported through the import CLI's
 * code into a running Worker (admin import route → identity resolution → cold rows in D1), with
 * a progress bar on a terminal and a line every ten seconds in logs.
 */
import path from "node:path";
import cliProgress from "cli-progress";
import { writeProfilesCsv } from "../../scripts/lib/generate-profiles";
import { importFile, type ImportResult } from "../../scripts/lib/importer";

/** The seed of the imported file: row i is `user{i}@example.test`, CRM id `USER-{i:8}`. */
export const PROFILE_SEED = 7;
export const profileEmail = (i: number) => `user${i}@example.test`;

export async function importProfiles(opts: { url: string; token: string; rows: number; dir: string; label: string; log: (s: string) => void }): Promise<ImportResult> {
  const file = path.join(opts.dir, "profiles.csv");
  await writeProfilesCsv(file, { rows: opts.rows, seed: PROFILE_SEED });
  opts.log(`${opts.label}: importing ${opts.rows.toLocaleString("en")} profile rows`);
  const bar = process.stdout.isTTY ? new cliProgress.SingleBar({ format: "  {bar} {percentage}% | {value}/{total} rows", hideCursor: true }, cliProgress.Presets.shades_classic) : null;
  bar?.start(opts.rows, 0);
  let lastLog = Date.now();
  try {
    const result = await importFile({ file, sandbox: "prod", kind: "profiles", format: "csv", url: opts.url, token: opts.token }, (p) => {
      bar?.update(p.done);
      if (!bar && Date.now() - lastLog > 10_000) {
        lastLog = Date.now();
        opts.log(`${opts.label}: ${p.done}/${p.total} rows`);
      }
    });
    if (result.failure) throw new Error(`import failed: ${result.failure.message}`);
    return result;
  } finally {
    bar?.stop();
  }
}
