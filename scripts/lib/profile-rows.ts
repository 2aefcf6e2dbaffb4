/**
 * The rows of the seeded profile CSV, with no Node import, so Worker tests in workerd generate
 * the same data as the CLI's generator (generate-profiles.ts) and the benchmark.
 */
import { rng } from "./seeded-random";

export type GenerateOptions = {
  rows: number;
  seed?: number;
  /** Every n-th row (1-based) has no identity; 0 for none. */
  rejectEvery?: number;
  /** Prefix of the generated emails and CRM ids, to keep runs into one sandbox apart. */
  prefix?: string;
};

export const PROFILE_CSV_HEADER = "email,crmId,attr.firstName,attr.lastName,attr.city,attr.loyaltyPoints,attr.lifetimeValue,attr.vip,attr.newsletter,updatedAt";


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

