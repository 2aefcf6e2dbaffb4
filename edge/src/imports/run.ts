/**
 * Runs an import: pulls rows, hands the good ones to ingestion in batches, and adds up what
 * happened to every row. Rows are pulled only as fast as ingestion takes them, so memory holds
 * one batch, not the file.
 */
import type { IngestOutcome } from "./contract";
import type { ImportRow } from "./reader";
import { locateReasons, ROW, type Reason } from "./values";

export type ImportReject = { row: number; line: number; reasons: Reason[] };

export type ImportSummary = {
  rows: number;
  created: number;
  updated: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  rejects: ImportReject[];
};

export const DEFAULT_BATCH = 250;

export async function runImport<T>(
  rows: AsyncIterable<ImportRow<T>>,
  ingest: (records: T[]) => Promise<IngestOutcome[]>,
  batchSize = DEFAULT_BATCH,
): Promise<ImportSummary> {
  const summary: ImportSummary = { rows: 0, created: 0, updated: 0, accepted: 0, duplicates: 0, rejected: 0, rejects: [] };
  const reject = (r: ImportReject) => {
    summary.rejected++;
    summary.rejects.push(r);
  };
  let batch: { row: number; line: number; record: T; identityPaths?: string[] }[] = [];

  const flush = async () => {
    if (!batch.length) return;
    const pending = batch;
    batch = [];
    const outcomes = await ingest(pending.map((p) => p.record));
    const byIndex = new Map(outcomes.map((o) => [o.index, o]));
    // Rejects come back in row order whatever order ingestion answered in.
    pending.forEach((p, index) => {
      const outcome = byIndex.get(index);
      if (!outcome) throw new Error(`Ingestion gave no outcome for record ${index} of a batch of ${pending.length}`);
      switch (outcome.status) {
        case "created": summary.created++; break;
        case "updated": summary.updated++; break;
        case "accepted": summary.accepted++; break;
        case "duplicate": summary.duplicates++; break;
        case "rejected":
          reject({ row: p.row, line: p.line, reasons: outcome.reasons?.length ? locateReasons(outcome.reasons, p.identityPaths) : [{ path: ROW, message: "Rejected" }] });
          break;
      }
    });
  };

  for await (const row of rows) {
    summary.rows++;
    if (row.ok) {
      batch.push({ row: row.row, line: row.line, record: row.record, identityPaths: row.identityPaths });
      if (batch.length >= batchSize) await flush();
    } else reject({ row: row.row, line: row.line, reasons: row.reasons });
  }
  await flush();
  summary.rejects.sort((a, b) => a.row - b.row);
  return summary;
}
