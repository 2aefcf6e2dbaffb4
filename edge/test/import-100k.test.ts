/**
 * 100,000 generated profile rows through the admin import route into real D1, as the CLI sends
 * them (requests of a few thousand rows, two in flight). Every row must be accounted for, and the
 * profiles must read back as written.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { parseCsv } from "../src/imports/csv";
import { PROFILE_CSV_HEADER, profileRows } from "../../scripts/lib/profile-rows";
import { call, seed, TOKEN } from "./helpers";
import { lookup } from "./visitors";

const ROWS = 100_000;
const PER_REQUEST = 5_000;
const REJECT_EVERY = 1_000;

type Summary = { rows: number; created: number; updated: number; rejected: number; rejects: { row: number; line: number }[] };

async function importRows(sandbox: string, lines: string[]): Promise<Summary> {
  const res = await call(`/admin/api/sandboxes/${sandbox}/imports/profiles?format=csv`, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "text/csv" },
    body: [PROFILE_CSV_HEADER, ...lines].join("\r\n"),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Summary;
}

/** Sends the rows in requests of PER_REQUEST, two in flight, and adds the summaries up. */
async function importAll(sandbox: string, all: string[]) {
  const pieces: string[][] = [];
  for (let at = 0; at < all.length; at += PER_REQUEST) pieces.push(all.slice(at, at + PER_REQUEST));
  const total = { rows: 0, created: 0, updated: 0, rejected: 0, rejectedRows: [] as number[] };
  let next = 0;
  const worker = async () => {
    while (next < pieces.length) {
      const index = next++;
      const s = await importRows(sandbox, pieces[index]);
      total.rows += s.rows;
      total.created += s.created;
      total.updated += s.updated;
      total.rejected += s.rejected;
      total.rejectedRows.push(...s.rejects.map((r) => index * PER_REQUEST + r.row));
    }
  };
  await Promise.all([worker(), worker()]);
  total.rejectedRows.sort((a, b) => a - b);
  return total;
}

describe("importing 100,000 profiles", () => {
  it("imports every good row once, rejects every bad one by number, and reads them back", { timeout: 600_000 }, async () => {
    const { sandbox } = await seed();
    const lines = [...profileRows({ rows: ROWS, seed: 3, rejectEvery: REJECT_EVERY, prefix: "big" })];
    const bad = ROWS / REJECT_EVERY;

    const first = await importAll(sandbox, lines);
    expect(first).toMatchObject({ rows: ROWS, created: ROWS - bad, updated: 0, rejected: bad });
    expect(first.rejectedRows).toEqual(Array.from({ length: bad }, (_, i) => (i + 1) * REJECT_EVERY));

    const counts = (await env.DB.prepare(
      `SELECT (SELECT count(*) FROM profiles WHERE sandbox_id = ?1) AS profiles,
              (SELECT count(*) FROM profiles WHERE sandbox_id = ?1 AND cold = 1) AS cold,
              (SELECT count(*) FROM identities WHERE sandbox_id = ?1) AS identities,
              (SELECT count(DISTINCT profile_id) FROM identities WHERE sandbox_id = ?1) AS owners`,
    ).bind(sandbox).first<{ profiles: number; cold: number; identities: number; owners: number }>())!;
    expect(counts).toEqual({ profiles: ROWS - bad, cold: ROWS - bad, identities: 2 * (ROWS - bad), owners: ROWS - bad });

    // Read back a few people through their objects: the cells as the generator wrote them.
    for (const n of [1, 4_321, 77_777, ROWS - 1]) {
      const cells = (await parseCsv([lines[n - 1]]).next()).value!.fields;
      const profile = (await lookup(sandbox, "crmId", `BIG-${String(n).padStart(8, "0")}`))!;
      expect(profile.identities.find((i) => i.namespace === "email")?.value).toBe(`big${n}@example.test`);
      expect(profile.attributes).toMatchObject({ firstName: cells[2], lastName: cells[3], loyaltyPoints: Number(cells[5]), vip: cells[7] === "true" });
    }

    // Running the same file again changes nothing but says every good row was an update.
    const again = await importAll(sandbox, lines.slice(0, 20_000));
    expect(again).toMatchObject({ rows: 20_000, created: 0, updated: 20_000 - 20, rejected: 20 });
    const after = (await env.DB.prepare("SELECT count(*) AS n FROM profiles WHERE sandbox_id = ?").bind(sandbox).first<{ n: number }>())!;
    expect(after.n).toBe(ROWS - bad);
  });
});
