/**
 * `npm run import -- <file> --sandbox <id>`: imports profiles or events from a CSV or NDJSON
 * file into a running Parcours through the admin API, with a progress bar, a summary, and the
 * rejected rows written to a file with their line numbers and reasons.
 *
 * Exit codes: 0 when the import ran (rejected rows included), 1 when it could not run or the
 * server failed part-way, 2 for a usage mistake.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { ImportError, importFile, type ImportKind, type ImportResult, type Progress } from "./lib/importer";
import { ROOT } from "./lib/wrangler";

const USAGE = `Usage: npm run import -- <file> --sandbox <id> [options]

  <file>                 a .csv, .ndjson or .jsonl file (see docs/import.md)
  --sandbox <id>         the sandbox to import into (required)
  --kind profiles|events what the rows are (default: profiles)
  --format csv|ndjson    default: from the file extension
  --url <url>            the Worker (default: $PARCOURS_URL or http://127.0.0.1:8787)
  --token <token>        admin token (default: $PARCOURS_ADMIN_TOKEN, else ADMIN_TOKEN in .dev.vars)
  --rejects <file>       where rejected rows go (default: <file>.rejects.ndjson)
  --batch <n>            rows per request (default: 2000)
  --concurrency <n>      requests in flight (default: 2; 1 for very large imports on a small machine)
  --timeout <seconds>    longest wait for one request's answer (default: 600)`;

function usage(message?: string): never {
  if (message) console.error(`${message}\n`);
  console.error(USAGE);
  process.exit(2);
}

function fail(message: string): never {
  console.error(`\n✗ ${message}`);
  process.exit(1);
}

/** --token, then $PARCOURS_ADMIN_TOKEN, then ADMIN_TOKEN in the repository's .dev.vars. */
function adminToken(given: string | undefined): string | undefined {
  if (given) return given;
  if (process.env.PARCOURS_ADMIN_TOKEN) return process.env.PARCOURS_ADMIN_TOKEN;
  const file = path.join(ROOT, ".dev.vars");
  if (!existsSync(file)) return undefined;
  const token = /^ADMIN_TOKEN\s*=\s*"?([^"\n]+)"?\s*$/m.exec(readFileSync(file, "utf8"))?.[1]?.trim();
  return token && token !== "replace-me" ? token : undefined;
}

/** What is left to wait, once there is a rate to tell it from. */
function timeLeft(rows: number, rate: number): string {
  if (!rows) return "done";
  if (!rate) return "time left: measuring…";
  const s = Math.ceil(rows / rate);
  return `about ${s < 90 ? `${s} s` : `${Math.round(s / 60)} min`} left`;
}

function formatOf(file: string, given: string | undefined): "csv" | "ndjson" {
  if (given === "csv" || given === "ndjson") return given;
  if (given) usage(`--format must be csv or ndjson, not "${given}"`);
  const ext = path.extname(file).toLowerCase();
  if (ext === ".csv") return "csv";
  if (ext === ".ndjson" || ext === ".jsonl") return "ndjson";
  usage(`Cannot tell the format of ${file} from its extension: pass --format csv or --format ndjson`);
}

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) usage(`--${name} must be a positive whole number`);
  return n;
}

const num = (n: number) => n.toLocaleString("en-US");

function printSummary(result: ImportResult, kind: ImportKind, rejectsFile: string | undefined) {
  const seconds = result.ms / 1000;
  const rate = seconds > 0 ? Math.round(result.rows / seconds) : result.rows;
  const rows: [string, string, string?][] = [["rows", num(result.rows)]];
  if (kind === "profiles") {
    rows.push(["imported", num(result.created), "new profiles"], ["updated", num(result.updated), "existing profiles"]);
  } else {
    rows.push(["imported", num(result.accepted), "new events"], ["duplicates", num(result.duplicates), "already there, ignored"]);
  }
  rows.push(["rejected", num(result.rejected), rejectsFile ? `see ${rejectsFile}` : undefined]);
  rows.push(["duration", `${seconds.toFixed(1)} s`], ["throughput", `${num(rate)} rows/s`]);
  const width = Math.max(...rows.map((r) => r[1].length));
  console.log("");
  for (const [label, value, note] of rows) console.log(`  ${label.padEnd(11)} ${value.padStart(width)}${note ? `   ${note}` : ""}`);
}

function writeRejects(file: string, result: ImportResult) {
  writeFileSync(file, result.rejects.map((r) => JSON.stringify(r)).join("\n") + "\n");
}

async function main() {
  let args;
  try {
    args = parseArgs({
      allowPositionals: true,
      options: {
        sandbox: { type: "string" },
        kind: { type: "string", default: "profiles" },
        format: { type: "string" },
        url: { type: "string" },
        token: { type: "string" },
        rejects: { type: "string" },
        batch: { type: "string" },
        concurrency: { type: "string" },
        timeout: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (err) {
    usage((err as Error).message);
  }
  const { values, positionals } = args;
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const file = positionals[0];
  if (!file || positionals.length > 1) usage(file ? "Give one file at a time" : "Which file? Give its path first");
  if (!values.sandbox) usage("Which sandbox? Pass --sandbox <id> (the demo one is prod)");
  const kind = values.kind;
  if (kind !== "profiles" && kind !== "events") usage(`--kind must be profiles or events, not "${kind}"`);
  const format = formatOf(file, values.format);
  const url = (values.url ?? process.env.PARCOURS_URL ?? "http://127.0.0.1:8787").replace(/\/+$/, "");
  const token = adminToken(values.token);
  if (!token) fail("No admin token: pass --token, set PARCOURS_ADMIN_TOKEN, or run npm start once (it writes ADMIN_TOKEN to .dev.vars).");
  const rejectsFile = values.rejects ?? `${file}.rejects.ndjson`;

  console.log(`Importing ${kind} from ${file} (${format}) into sandbox "${values.sandbox}" at ${url}`);
  const bar = new cliProgress.SingleBar(
    {
      format: "  {bar} {percentage}% | {value}/{total}{approx} rows | {speed} rows/s | {left}",
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 20,
      // Logs and CI get a line every few seconds instead of a redrawn bar.
      noTTYOutput: !process.stderr.isTTY,
      notTTYSchedule: 5000,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = 0;
  let last: Progress | undefined;
  const draw = () => {
    if (!last) return;
    const seconds = Math.max(0.001, (Date.now() - started) / 1000);
    const rate = last.done / seconds;
    bar.setTotal(Math.max(last.total, 1));
    bar.update(last.done, { speed: num(Math.round(rate)), approx: last.exact ? "" : " (estimated)", left: timeLeft(Math.max(0, last.total - last.done), rate) });
  };
  // Rows are answered a request (thousands of rows) at a time: redraw every second so the rate
  // and the ETA keep moving in between.
  const ticker = setInterval(draw, 1000);
  ticker.unref();
  const onProgress = (p: Progress) => {
    if (!started) {
      started = Date.now();
      bar.start(Math.max(p.total, 1), 0, { speed: "0", approx: "", left: timeLeft(p.total, 0) });
    }
    last = p;
    draw();
  };

  let result: ImportResult;
  try {
    const rowsPerRequest = positiveInt("batch", values.batch, 2000);
    const concurrency = positiveInt("concurrency", values.concurrency, 2);
    const timeoutMs = positiveInt("timeout", values.timeout, 600) * 1000;
    result = await importFile({ file, sandbox: values.sandbox, kind, format, url, token, rowsPerRequest, concurrency, timeoutMs }, onProgress);
  } catch (err) {
    clearInterval(ticker);
    if (started) bar.stop();
    if (err instanceof ImportError) fail(err.message);
    throw err;
  }
  clearInterval(ticker);
  if (started) bar.stop();

  if (result.rejected) writeRejects(rejectsFile, result);
  printSummary(result, kind, result.rejected ? rejectsFile : undefined);
  if (result.rows === 0 && !result.failure) console.log("\n  The file has no rows to import.");
  if (result.failure) {
    console.error(`\n✗ The server failed part-way: ${result.failure.message}`);
    console.error(`  Not imported:\n    ${result.failure.notImported.join("\n    ")}`);
    process.exit(1);
  }
}

main().catch((err) => {
  console.error(`\n✗ The import stopped on an unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : err}`);
  process.exit(1);
});
