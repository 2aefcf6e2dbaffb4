/**
 * Seeded profile CSV for import tests and the benchmark: the same seed always writes the same
 * file. Each row has an email and a CRM id, a handful of attributes of every cell type (text
 * with commas and quotes that need quoting, integers, decimals, booleans, empty cells) and an
 * `updatedAt`. With `rejectEvery`, every n-th row has no identity, so it must be rejected.
 *
 *   tsx scripts/lib/generate-profiles.ts out.csv --rows 100000 [--seed 1] [--reject-every 0]
 */
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { PROFILE_CSV_HEADER, profileRows, type GenerateOptions } from "./profile-rows";

export { PROFILE_CSV_HEADER, profileRows, type GenerateOptions };

/** Writes the CSV file (CRLF line ends, as RFC 4180 has them); resolves with its size. */
export async function writeProfilesCsv(file: string, options: GenerateOptions): Promise<{ rows: number; bytes: number }> {
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, "drain");
  };
  await write(PROFILE_CSV_HEADER + "\r\n");
  let batch = "";
  let n = 0;
  for (const line of profileRows(options)) {
    batch += line + "\r\n";
    if (++n % 1000 === 0) {
      await write(batch);
      batch = "";
    }
  }
  await write(batch);
  out.end();
  await once(out, "finish");
  return { rows: options.rows, bytes: out.bytesWritten };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { rows: { type: "string", default: "100000" }, seed: { type: "string", default: "1" }, "reject-every": { type: "string", default: "0" }, prefix: { type: "string" } },
  });
  const file = positionals[0];
  if (!file) {
    console.error("Usage: tsx scripts/lib/generate-profiles.ts <out.csv> [--rows 100000] [--seed 1] [--reject-every 0] [--prefix user]");
    process.exit(2);
  }
  const { rows, bytes } = await writeProfilesCsv(file, {
    rows: Number(values.rows), seed: Number(values.seed), rejectEvery: Number(values["reject-every"]), prefix: values.prefix,
  });
  console.log(`Wrote ${rows} rows (${(bytes / 1024 / 1024).toFixed(1)} MB) to ${file}`);
}
