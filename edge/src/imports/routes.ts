/**
 * Admin routes for batch imports: `POST /profiles` and `POST /events` take CSV or NDJSON, read
 * the body as a stream, and hand records to ingestion 250 at a time. One bad row is rejected and
 * reported by number; it never fails the request.
 */
import type { Context } from "hono";
import { z } from "zod";
import { ApiError, validationFailed } from "../http/errors";
import { factory, requireSandbox, sandboxParam } from "../http/factory";
import type { AppEnv } from "../http/middleware";
import { param, query } from "../http/validate";
import { ingestEvents, ingestProfiles } from "../profiles/ingest";
import { bodyText, BodyTooLargeError } from "./body";
import { HeaderError } from "./columns";
import type { IngestOutcome } from "./contract";
import { readRows, type ImportFormat } from "./reader";
import { eventMapper, profileMapper, type RecordMapper } from "./records";
import { runImport, type ImportSummary } from "./run";

/** Largest body one import request may send; the CLI sends far less per request. */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;

/**
 * Import requests are exempt from the admin API's 64 KB limit: they stream and count their own
 * bytes (Hono's `bodyLimit` would buffer an upload sent without a length).
 */
export const isImportRequest = (path: string) => /\/sandboxes\/[^/]+\/(imports\/[^/]+|audiences\/[^/]+\/list)\/?$/.test(path);

const formatQuery = z.object({ format: z.enum(["csv", "ndjson"]).optional() });

export function formatOf(c: Context<AppEnv>, asked: ImportFormat | undefined): ImportFormat {
  if (asked) return asked;
  const type = (c.req.header("content-type") ?? "").toLowerCase();
  if (type.startsWith("text/csv")) return "csv";
  if (/^application\/(x-ndjson|ndjson|jsonl|x-jsonlines)/.test(type)) return "ndjson";
  throw validationFailed([{ path: "format", message: "Say ?format=csv or ?format=ndjson (or send Content-Type text/csv or application/x-ndjson)" }]);
}

export const tooLarge = () => new ApiError(413, "payload_too_large", `The request body is larger than ${IMPORT_MAX_BYTES} bytes; send fewer rows per request`);

async function runRequest<T, C>(c: Context<AppEnv>, sb: string, format: ImportFormat, mapper: RecordMapper<T, C>, ingest: (records: T[]) => Promise<IngestOutcome[]>): Promise<ImportSummary> {
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > IMPORT_MAX_BYTES) throw tooLarge();
  await requireSandbox(c.env, sb);
  try {
    const rows = readRows(bodyText(c.req.raw.body, IMPORT_MAX_BYTES), format, mapper);
    return await runImport(rows, ingest);
  } catch (err) {
    if (err instanceof HeaderError) throw validationFailed(err.details, "The CSV header cannot be used");
    if (err instanceof BodyTooLargeError) throw tooLarge();
    throw err;
  }
}

export const importRoutes = factory
  .createApp()
  .post("/profiles", param(sandboxParam), query(formatQuery), async (c) => {
    const { sb } = c.req.valid("param");
    const format = formatOf(c, c.req.valid("query").format);
    const summary = await runRequest(c, sb, format, profileMapper, (records) => ingestProfiles(c.env, sb, records));
    return c.json(summary);
  })
  .post("/events", param(sandboxParam), query(formatQuery), async (c) => {
    const { sb } = c.req.valid("param");
    const format = formatOf(c, c.req.valid("query").format);
    const summary = await runRequest(c, sb, format, eventMapper, (records) => ingestEvents(c.env, sb, records));
    return c.json(summary);
  });
