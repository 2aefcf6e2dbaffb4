/**
 * The import CLI against a stand-in server that runs the real import engine (parser, mapping,
 * batching) over an in-memory ingestion: row numbers must map back to file lines across
 * requests, and every failure must end with a message a person can act on.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IngestOutcome } from "../edge/src/imports/contract";
import { readRows, type ImportFormat } from "../edge/src/imports/reader";
import { eventMapper, profileMapper } from "../edge/src/imports/records";
import { runImport } from "../edge/src/imports/run";
import { importFile, ImportError } from "./lib/importer";
import { freePort, ROOT } from "./lib/wrangler";
import { profileRows, PROFILE_CSV_HEADER, writeProfilesCsv } from "./lib/generate-profiles";

const TOKEN = "cli-test-token";
const dir = mkdtempSync(path.join(tmpdir(), "parcours-import-"));
const fileOf = (name: string, text: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};

/** Emails containing "bad" are refused by "ingestion", like an invalid address would be. */
function fakeIngest(known: Set<string>) {
  return async (records: { identities: { namespace: string; value: string }[] }[]): Promise<IngestOutcome[]> =>
    records.map((r, index) => {
      const id = r.identities[0].value;
      if (id.includes("bad")) return { index, status: "rejected", reasons: [{ path: "identities.0", message: "Not a valid email address" }] };
      if (known.has(id)) return { index, status: "updated" };
      known.add(id);
      return { index, status: "created" };
    });
}

type Stub = { url: string; server: Server; requests: number; failOn?: number; drops: number; hang?: boolean; known: Set<string> };

async function startStub(): Promise<Stub> {
  const port = await freePort();
  const stub: Stub = { url: `http://127.0.0.1:${port}`, requests: 0, drops: 0, known: new Set(), server: undefined as never };
  stub.server = createServer(async (req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(401, { error: { code: "unauthorized", message: "A valid admin token is required" } });
    const url = new URL(req.url!, stub.url);
    if (url.pathname === "/admin/api/session") return send(200, { ok: true, sandboxes: [{ id: "prod" }, { id: "staging" }] });
    const m = /^\/admin\/api\/sandboxes\/prod\/imports\/(profiles|events)$/.exec(url.pathname);
    if (!m) return send(404, { error: { code: "not_found", message: "no route" } });
    req.setEncoding("utf8");
    if (stub.hang) return; // never answers
    if (stub.drops > 0) {
      // What wrangler dev's proxy answers when it loses its keep-alive race with the Worker.
      stub.drops--;
      for await (const _ of req);
      res.writeHead(503, { "retry-after": "0" });
      return res.end("Your worker restarted mid-request. Please try sending the request again. Only GET or HEAD requests are retried automatically.");
    }
    const n = ++stub.requests;
    if (stub.failOn === n) {
      for await (const _ of req);
      return send(500, { error: { code: "internal", message: "Something went wrong on our side" }, requestId: "req-42" });
    }
    const mapper = m[1] === "profiles" ? profileMapper : eventMapper;
    const summary = await runImport(readRows(req as AsyncIterable<string>, url.searchParams.get("format") as ImportFormat, mapper as typeof profileMapper), fakeIngest(stub.known), 7);
    send(200, summary);
  });
  await new Promise<void>((resolve) => stub.server.listen(port, "127.0.0.1", resolve));
  return stub;
}

/** What the server would report for the whole file in one request: the truth to compare with. */
async function wholeFileRejects(text: string, format: ImportFormat) {
  const summary = await runImport(readRows([text], format, profileMapper), fakeIngest(new Set()));
  return summary.rejects.map((r) => r.line);
}

let stub: Stub;
beforeAll(async () => {
  stub = await startStub();
});
afterAll(async () => {
  await new Promise((r) => stub.server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const options = (file: string, extra: Partial<Parameters<typeof importFile>[0]> = {}) => ({
  file, sandbox: "prod", kind: "profiles" as const, format: "csv" as const, url: stub.url, token: TOKEN, rowsPerRequest: 3, concurrency: 3, ...extra,
});

describe("import CLI engine", () => {
  it("maps every reject to its file line across many small requests, CSV with quoted line breaks", async () => {
    const csv = [
      "\uFEFFemail,note",
      "a1@x.test,plain",
      'a2@x.test,"two\r\nlines"',
      "",
      "bad3@x.test,refused by ingestion",
      ",no identity",
      'a5@x.test,"quote "inside',
      "a6@x.test,too,many",
      'a7@x.test,"""quoted"", with comma"',
      "bad8@x.test,x",
      "a9@x.test,last without line break",
    ].join("\r\n");
    const file = fileOf("mixed.csv", csv);
    const progress: number[] = [];
    const result = await importFile(options(file), (p) => progress.push(p.done));
    expect(result).toMatchObject({ rows: 9, created: 4, updated: 0, rejected: 5 });
    expect(result.rejects.map((r) => r.line)).toEqual([6, 7, 8, 9, 11]);
    expect(result.rejects.map((r) => r.line)).toEqual(await wholeFileRejects(csv, "csv"));
    expect(result.rejects[0].reasons).toEqual([{ path: "email", message: "Not a valid email address" }]);
    expect(result.rejects[2].reasons[0].message).toContain("after a closing quote");
    expect(progress.at(-1)).toBe(9);
    expect(stub.known.has("a7@x.test")).toBe(true);
  });

  it("maps NDJSON rejects to file lines the same way", async () => {
    const lines = ['{"identities":{"email":"n1@x.test"}}', "", "{broken", '{"identities":{"email":"nbad@x.test"}}', '{"identities":{"email":"n5@x.test"},"extra":1}', '{"identities":{"email":"n6@x.test"}}'];
    const file = fileOf("mixed.ndjson", lines.join("\n"));
    const result = await importFile(options(file, { format: "ndjson", rowsPerRequest: 2 }));
    expect(result).toMatchObject({ rows: 5, created: 2, rejected: 3 });
    expect(result.rejects.map((r) => [r.line, r.reasons[0].path])).toEqual([[3, "(row)"], [4, "identities.email"], [5, "(row)"]]);
  });

  it("imports a generated file, then updates the same profiles on a second run", async () => {
    const file = path.join(dir, "generated.csv");
    await writeProfilesCsv(file, { rows: 500, seed: 7, rejectEvery: 50, prefix: "gen" });
    const first = await importFile(options(file, { rowsPerRequest: 64 }));
    expect(first).toMatchObject({ rows: 500, created: 490, updated: 0, rejected: 10 });
    expect(first.rejects.map((r) => r.line)).toEqual(Array.from({ length: 10 }, (_, i) => (i + 1) * 50 + 1));
    const second = await importFile(options(file, { rowsPerRequest: 64 }));
    expect(second).toMatchObject({ rows: 500, created: 0, updated: 490, rejected: 10 });
  });

  it("refuses a header the server would refuse, before sending anything", async () => {
    const before = stub.requests;
    const file = fileOf("noid.csv", "firstName,lastName\nAda,Lovelace\n");
    await expect(importFile(options(file))).rejects.toMatchObject({ kind: "header", message: expect.stringContaining("No identity") });
    expect(stub.requests).toBe(before);
  });

  it("stops on a server failure and says which lines were not imported", async () => {
    const file = fileOf("fail.csv", ["email", ...Array.from({ length: 30 }, (_, i) => `f${i}@x.test`)].join("\n"));
    stub.failOn = stub.requests + 2;
    const result = await importFile(options(file, { concurrency: 1 }));
    stub.failOn = undefined;
    expect(result.failure?.message).toContain("500 internal: Something went wrong on our side [request req-42]");
    expect(result.failure?.notImported).toEqual([expect.stringMatching(/^lines 5–7: The server answered 500/), "line 8 to the end of the file: not sent"]);
    expect(result.created).toBe(3);
  });

  it("sends a request again when wrangler dev's proxy dropped it, and only then", async () => {
    const file = fileOf("dropped.csv", ["email", ...Array.from({ length: 9 }, (_, i) => `d${i}@x.test`)].join("\n"));
    stub.drops = 2;
    const result = await importFile(options(file, { concurrency: 1 }));
    expect(stub.drops).toBe(0);
    expect(result).toMatchObject({ rows: 9, created: 9, updated: 0 });
    expect(result.failure).toBeUndefined();
  });

  it("gives up on a request the server never answers, instead of hanging", async () => {
    const file = fileOf("hang.csv", "email\nh@x.test\n");
    stub.hang = true;
    const result = await importFile(options(file, { timeoutMs: 300 }));
    stub.hang = false;
    expect(result.failure?.notImported).toEqual(["line 2: The server gave no answer within 0.3 s"]);
  });

  it("names the problem: missing file, unreachable server, bad token, unknown sandbox", async () => {
    const file = fileOf("one.csv", "email\no@x.test\n");
    await expect(importFile(options(path.join(dir, "nope.csv")))).rejects.toMatchObject({ kind: "file", message: `No such file: ${path.join(dir, "nope.csv")}` });
    const closed = `http://127.0.0.1:${await freePort()}`;
    await expect(importFile(options(file, { url: closed }))).rejects.toMatchObject({ kind: "unreachable", message: expect.stringContaining("npm start") });
    await expect(importFile(options(file, { token: "wrong" }))).rejects.toMatchObject({ kind: "auth", message: expect.stringContaining("401") });
    const unknown = importFile(options(file, { sandbox: "qa" }));
    await expect(unknown).rejects.toBeInstanceOf(ImportError);
    await expect(unknown).rejects.toMatchObject({ kind: "sandbox", message: 'Unknown sandbox "qa". Sandboxes on this server: prod, staging.' });
  });
});

describe("profile generator", () => {
  it("writes the same rows for the same seed, all importable, quoting where needed", async () => {
    const a = [...profileRows({ rows: 200, seed: 3 })];
    expect([...profileRows({ rows: 200, seed: 3 })]).toEqual(a);
    expect([...profileRows({ rows: 200, seed: 4 })]).not.toEqual(a);
    const text = [PROFILE_CSV_HEADER, ...a].join("\r\n");
    const summary = await runImport(readRows([text], "csv", profileMapper), fakeIngest(new Set()));
    expect(summary).toMatchObject({ rows: 200, created: 200, rejected: 0 });
    expect(text).toMatch(/"[^"\n]*,[^"\n]*"/);
  });
});

/** Runs the real CLI in a child process. */
function cli(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), [path.join(ROOT, "scripts/import.ts"), ...args], {
      cwd: dir,
      env: { ...process.env, PARCOURS_ADMIN_TOKEN: "", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

// Each run starts Node with tsx: about a second apiece.
describe("import CLI", { timeout: 30_000 }, () => {
  it("prints a summary, writes the rejects file, and exits 0 despite rejected rows", async () => {
    const file = fileOf("cli.csv", "email,tier\nc1@x.test,gold\nbad@x.test,x\n,none\nc4@x.test,\n");
    const run = await cli([file, "--sandbox", "prod", "--url", stub.url], { PARCOURS_ADMIN_TOKEN: TOKEN });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/imported\s+2\s+new profiles/);
    expect(run.stdout).toMatch(/rejected\s+2\s+see .*cli\.csv\.rejects\.ndjson/);
    expect(run.stdout).toMatch(/throughput\s+[\d,]+ rows\/s/);
    const rejects = readFileSync(`${file}.rejects.ndjson`, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(rejects).toEqual([
      { line: 3, reasons: [{ path: "email", message: "Not a valid email address" }] },
      { line: 4, reasons: [{ path: "identities", message: expect.stringContaining("No identity") }] },
    ]);
  });

  it("exits 1 with a clear message for a bad token or a stopped server, 2 for a usage mistake", async () => {
    const file = fileOf("cli2.csv", "email\nz@x.test\n");
    const bad = await cli([file, "--sandbox", "prod", "--url", stub.url, "--token", "nope"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("refused the admin token (401)");
    const down = await cli([file, "--sandbox", "prod", "--url", `http://127.0.0.1:${await freePort()}`, "--token", TOKEN]);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain("Start it with npm start");
    const usage = await cli([file]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("--sandbox");
    const missing = await cli(["missing.csv", "--sandbox", "prod", "--url", stub.url, "--token", TOKEN]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("No such file: missing.csv");
  });

  it("exits 1 when the server fails part-way, listing what was not imported", async () => {
    const file = fileOf("cli3.csv", ["email", ...Array.from({ length: 10 }, (_, i) => `k${i}@x.test`)].join("\n"));
    stub.failOn = stub.requests + 1;
    const run = await cli([file, "--sandbox", "prod", "--url", stub.url, "--token", TOKEN, "--batch", "4", "--concurrency", "1"]);
    stub.failOn = undefined;
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("The server failed part-way");
    expect(run.stderr).toContain("lines 2–5");
  });
});
