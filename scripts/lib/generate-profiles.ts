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

export type GenerateOptions = {
  rows: number;
  seed?: number;
  /** Every n-th row (1-based) has no identity; 0 for none. */
  rejectEvery?: number;
  /** Prefix of the generated emails and CRM ids, to keep runs into one sandbox apart. */
  prefix?: string;
};

export const PROFILE_CSV_HEADER = "email,crmId,attr.firstName,attr.lastName,attr.city,attr.loyaltyPoints,attr.lifetimeValue,attr.vip,attr.newsletter,updatedAt";

/** Mulberry32: a tiny seedable PRNG (same as the benchmark's). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ["Ada", "Grace", "Alan", "Katherine", "Linus", "Margaret", "Tim", "Barbara", "Edsger", "Frances", "José", "Zoë"];
const LAST = ["Lovelace", "Hopper", "Turing", "Johnson", "Torvalds", "Hamilton", "Berners-Lee", "Liskov", "Dijkstra", "Allen", "O'Neil", "Smith, Jr."];
const CITY = ["Lyon", "Paris", "Berlin", "Lisbon", "New York, NY", 'The "Big" Apple', "Zürich", "Tokyo", "São Paulo", ""];

const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The data lines (without the header), one string per row, each without a line break. */
export function* profileRows(options: GenerateOptions): Generator<string> {
  const random = rng(options.seed ?? 1);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const prefix = options.prefix ?? "user";
  const base = Date.UTC(2026, 0, 1);
  for (let i = 1; i <= options.rows; i++) {
    const noIdentity = options.rejectEvery ? i % options.rejectEvery === 0 : false;
    const email = noIdentity ? "" : `${prefix}${i}@example.test`;
    const crmId = noIdentity ? "" : `${prefix.toUpperCase()}-${String(i).padStart(8, "0")}`;
    const cells = [
      email,
      crmId,
      pick(FIRST),
      pick(LAST),
      pick(CITY),
      String(Math.floor(random() * 5000)),
      random() < 0.2 ? "" : String(Math.floor(random() * 100_000) / 100),
      random() < 0.1 ? "true" : "false",
      random() < 0.5 ? "TRUE" : "",
      new Date(base + Math.floor(random() * 300 * 86_400_000)).toISOString(),
    ];
    yield cells.map(quote).join(",");
  }
}

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
