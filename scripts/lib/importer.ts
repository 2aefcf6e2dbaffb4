/**
 * The import CLI's engine: checks the server, token and sandbox, streams a file to the admin
 * import API a few thousand rows per request with a few requests in flight, and adds the
 * answers up, with every reject mapped back to the line of the file it came from.
 * No terminal code here: `scripts/import.ts` draws the progress bar and prints the summary.
 */
import { stat } from "node:fs/promises";
import type { ImportFormat } from "../../edge/src/imports/reader";
import type { ImportSummary } from "../../edge/src/imports/run";
import { describe, isDevProxyDrop, request, type Answer } from "./http-request";
import { cutIntoPieces, fileText, type FileReject, type ImportKind, type Piece } from "./import-pieces";

export type { FileReject, ImportKind };

export type ImportOptions = {
  file: string;
  sandbox: string;
  kind: ImportKind;
  format: ImportFormat;
  url: string;
  token: string;
  rowsPerRequest?: number;
  concurrency?: number;
  /** Longest wait for one request's answer, in milliseconds (default 10 minutes). */
  timeoutMs?: number;
};

export type Progress = {
  /** Rows answered for (by the server, or rejected here). */
  done: number;
  /** Rows read from the file so far. */
  read: number;
  /** Total rows: exact once the whole file is read, estimated from the bytes read until then. */
  total: number;
  exact: boolean;
};

export type ImportResult = {
  rows: number;
  created: number;
  updated: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Sorted by line. */
  rejects: FileReject[];
  ms: number;
  /** Set when the server failed: what went wrong and which lines were not imported. */
  failure?: { message: string; notImported: string[] };
};

/** A reason to stop before importing anything, with a message meant for a person. */
export class ImportError extends Error {
  constructor(
    message: string,
    readonly kind: "file" | "unreachable" | "auth" | "sandbox" | "header" | "server",
  ) {
    super(message);
    this.name = "ImportError";
  }
}

const unreachable = (url: string, err: unknown) =>
  new ImportError(
    `Cannot reach Parcours at ${url} (${(err as { code?: string })?.code ?? (err as Error)?.message ?? err}). ` +
      "Is the server running? Start it with npm start, or point --url at it.",
    "unreachable",
  );

/** The file exists and is a file. */
export async function checkFile(file: string): Promise<number> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new ImportError(`${file} is not a file`, "file");
    return info.size;
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new ImportError(`No such file: ${file}`, "file");
  }
}

/** The server answers, takes the token, and has the sandbox. */
export async function checkServer(url: string, token: string, sandbox: string): Promise<void> {
  let res: Answer;
  try {
    res = await request(`${url}/admin/api/session`, { method: "GET", headers: { authorization: `Bearer ${token}` } });
  } catch (err) {
    throw unreachable(url, err);
  }
  if (res.status === 401) {
    throw new ImportError(
      "The server refused the admin token (401). Pass --token, set PARCOURS_ADMIN_TOKEN, or check ADMIN_TOKEN in .dev.vars (npm start prints it).",
      "auth",
    );
  }
  if (res.status !== 200) throw new ImportError(`The server could not list sandboxes: ${describe(res)}`, "server");
  let sandboxes: { id: string }[];
  try {
    ({ sandboxes } = JSON.parse(res.text) as { sandboxes: { id: string }[] });
  } catch {
    throw new ImportError(`${url} does not answer like Parcours (GET /admin/api/session: ${describe(res)})`, "server");
  }
  if (!sandboxes.some((s) => s.id === sandbox)) {
    const known = sandboxes.map((s) => s.id).join(", ") || "none yet";
    throw new ImportError(`Unknown sandbox "${sandbox}". Sandboxes on this server: ${known}.`, "sandbox");
  }
}

const span = (lines: number[]) => (lines.length === 1 ? `line ${lines[0]}` : `lines ${lines[0]}–${lines[lines.length - 1]}`);

export async function importFile(options: ImportOptions, onProgress: (p: Progress) => void = () => {}): Promise<ImportResult> {
  const fileBytes = await checkFile(options.file);
  await checkServer(options.url, options.token, options.sandbox);

  const started = Date.now();
  const result: ImportResult = { rows: 0, created: 0, updated: 0, accepted: 0, duplicates: 0, rejected: 0, rejects: [], ms: 0 };
  let bytesRead = 0;
  let read = 0;
  let exact = false;
  const report = () => {
    const total = exact || bytesRead === 0 ? read : Math.max(read, Math.round((read * fileBytes) / bytesRead));
    onProgress({ done: result.rows, read, total, exact });
  };
  const reject = (r: FileReject) => {
    result.rows++;
    result.rejected++;
    result.rejects.push(r);
  };

  const endpoint = `${options.url}/admin/api/sandboxes/${encodeURIComponent(options.sandbox)}/imports/${options.kind}?format=${options.format}`;
  const contentType = options.format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
  const failed: { piece: Piece; message: string }[] = [];

  const headers = { authorization: `Bearer ${options.token}`, "content-type": contentType };
  const send = async (piece: Piece) => {
    let res: Answer;
    try {
      for (let attempt = 1; ; attempt++) {
        res = await request(endpoint, { method: "POST", headers, body: piece.body, timeoutMs: options.timeoutMs });
        // wrangler dev's proxy dropped it before the Worker saw it: safe to send again.
        if (!isDevProxyDrop(res) || attempt > 3) break;
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
    } catch (err) {
      const code = (err as { code?: string }).code;
      failed.push({ piece, message: code === "ETIMEDOUT" ? `The server gave ${(err as Error).message}` : unreachable(options.url, err).message });
      return;
    }
    if (res.status !== 200) {
      failed.push({ piece, message: `The server answered ${describe(res)}` });
      return;
    }
    const summary = JSON.parse(res.text) as ImportSummary;
    if (summary.rows !== piece.lines.length) {
      failed.push({ piece, message: `The server counted ${summary.rows} rows where ${piece.lines.length} were sent (is it running another version?)` });
      return;
    }
    result.rows += summary.rows - summary.rejected;
    result.created += summary.created;
    result.updated += summary.updated;
    result.accepted += summary.accepted;
    result.duplicates += summary.duplicates;
    for (const r of summary.rejects) reject({ line: piece.lines[r.row - 1], reasons: r.reasons });
    report();
  };

  const pieces = cutIntoPieces(
    fileText(options.file, (n) => (bytesRead += n)),
    {
      format: options.format,
      kind: options.kind,
      rowsPerRequest: options.rowsPerRequest ?? 2000,
      onLocalReject: reject,
      onRow: () => read++,
    },
  );

  const inFlight = new Set<Promise<void>>();
  const concurrency = Math.max(1, options.concurrency ?? 2);
  let notSentFrom: number | undefined;
  try {
    for await (const piece of pieces) {
      if (failed.length) {
        notSentFrom = piece.lines[0];
        break;
      }
      const p = send(piece).finally(() => inFlight.delete(p));
      inFlight.add(p);
      report();
      while (inFlight.size >= concurrency) await Promise.race(inFlight);
    }
    exact = !failed.length;
  } catch (err) {
    await Promise.allSettled(inFlight);
    if (err instanceof Error && err.name === "HeaderError") throw new ImportError(err.message, "header");
    throw err;
  }
  await Promise.all(inFlight);
  report();

  result.rejects.sort((a, b) => a.line - b.line);
  result.ms = Date.now() - started;
  if (failed.length) {
    const notImported = failed.sort((a, b) => a.piece.lines[0] - b.piece.lines[0]).map((f) => `${span(f.piece.lines)}: ${f.message}`);
    if (notSentFrom !== undefined) notImported.push(`line ${notSentFrom} to the end of the file: not sent`);
    result.failure = { message: failed[0].message, notImported };
  }
  return result;
}
