import { describe, expect, it } from "vitest";
import type { IngestOutcome, ProfileRecord } from "./contract";
import { readRows } from "./reader";
import { profileMapper } from "./records";
import { runImport } from "./run";

const csvOf = (n: number, bad: (i: number) => boolean) =>
  ["email,tier", ...Array.from({ length: n }, (_, i) => (bad(i) ? `,gold` : `u${i}@example.test,gold`))].join("\n");

describe("running an import", () => {
  it("ingests good rows in batches, counts every outcome, and reports rejects by row and line", async () => {
    const batches: number[] = [];
    const ingest = async (records: ProfileRecord[]): Promise<IngestOutcome[]> => {
      batches.push(records.length);
      // Answer out of order, as a concurrent implementation might.
      return records
        .map((r, index): IngestOutcome => {
          const n = Number(/u(\d+)@/.exec(r.identities[0].value)![1]);
          if (n % 10 === 3) return { index, status: "rejected", reasons: [{ path: "identities.0.value", message: "Not valid here" }] };
          return { index, status: n % 2 ? "updated" : "created", profileId: `p${n}` };
        })
        .reverse();
    };
    const summary = await runImport(readRows([csvOf(600, (i) => i === 5)], "csv", profileMapper), ingest, 250);
    expect(batches).toEqual([250, 250, 99]);
    expect(summary.rows).toBe(600);
    expect(summary.rejected).toBe(1 + 60);
    expect(summary.created + summary.updated + summary.rejected).toBe(600);
    // Ingestion speaks of identities.0; the report names the column it came from.
    expect(summary.rejects[0]).toEqual({ row: 4, line: 5, reasons: [{ path: "email.value", message: "Not valid here" }] });
    expect(summary.rejects[1]).toEqual({ row: 6, line: 7, reasons: [{ path: "identities", message: expect.stringContaining("No identity") }] });
    expect(summary.rejects.map((r) => r.row)).toEqual([...summary.rejects.map((r) => r.row)].sort((a, b) => a - b));
  });

  it("counts accepted and duplicate outcomes, and gives a rejected outcome without reasons one", async () => {
    const statuses: IngestOutcome["status"][] = ["accepted", "duplicate", "rejected"];
    const summary = await runImport(readRows([csvOf(3, () => false)], "csv", profileMapper), async (records) => records.map((_, index) => ({ index, status: statuses[index] })));
    expect(summary).toEqual({ rows: 3, created: 0, updated: 0, accepted: 1, duplicates: 1, rejected: 1, rejects: [{ row: 3, line: 4, reasons: [{ path: "(row)", message: "Rejected" }] }] });
  });

  it("never calls ingestion for a file with no good rows", async () => {
    let calls = 0;
    const summary = await runImport(readRows([csvOf(3, () => true)], "csv", profileMapper), async () => (calls++, []));
    expect(calls).toBe(0);
    expect(summary.rejected).toBe(3);
  });

  it("fails loudly when ingestion forgets a record", async () => {
    await expect(runImport(readRows([csvOf(2, () => false)], "csv", profileMapper), async () => [{ index: 0, status: "created" }])).rejects.toThrow(/no outcome for record 1/);
  });

  it("pulls rows only as ingestion takes them", async () => {
    let pulled = 0;
    async function* rows() {
      for (let i = 0; i < 1000; i++) {
        pulled++;
        yield { row: i + 1, line: i + 2, ok: true as const, record: i };
      }
    }
    const seen: number[] = [];
    await runImport(rows(), async (records) => {
      seen.push(pulled);
      return records.map((_, index) => ({ index, status: "created" as const }));
    }, 100);
    expect(seen[0]).toBe(100);
    expect(seen[1]).toBe(200);
  });
});
