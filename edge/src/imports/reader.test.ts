import { describe, expect, it } from "vitest";
import { HeaderError } from "./columns";
import { readRows, type ImportRow } from "./reader";
import { eventMapper, profileMapper } from "./records";

async function collect<T>(rows: AsyncIterable<ImportRow<T>>) {
  const out: ImportRow<T>[] = [];
  for await (const r of rows) out.push(r);
  return out;
}

const summarise = <T>(rows: ImportRow<T>[]) => rows.map((r) => (r.ok ? [r.row, r.line, "ok"] : [r.row, r.line, r.reasons.map((x) => x.path).join(",")]));

describe("reading CSV rows", () => {
  it("numbers data rows from 1 after the header and keeps their starting lines", async () => {
    const csv = 'email,note\r\na@b.c,"two\r\nlines"\r\n\r\n,orphan\r\nb@b.c,x,extra\r\nc@b.c,"bad"x\r\nd@b.c,ok';
    expect(summarise(await collect(readRows([csv], "csv", profileMapper)))).toEqual([
      [1, 2, "ok"],
      [2, 5, "identities"],
      [3, 6, "(row)"],
      [4, 7, "(row)"],
      [5, 8, "ok"],
    ]);
  });

  it("says how many fields the header has when a row has another number", async () => {
    const [row] = await collect(readRows(["email,a,b\nx@y.z,1\n"], "csv", profileMapper));
    expect(row).toMatchObject({ ok: false, reasons: [{ path: "(row)", message: "The header has 3 columns but this row has 2" }] });
  });

  it("refuses the whole file when the header is unusable, before any row", async () => {
    await expect(collect(readRows(["firstName,lastName\nAda,Lovelace\n"], "csv", profileMapper))).rejects.toBeInstanceOf(HeaderError);
    await expect(collect(readRows(['"email\nx'], "csv", profileMapper))).rejects.toMatchObject({ details: [{ path: "header", message: expect.stringContaining("never closed") }] });
  });

  it("has no rows for an empty body or a header alone", async () => {
    expect(await collect(readRows([], "csv", profileMapper))).toEqual([]);
    expect(await collect(readRows(["email,tier\r\n"], "csv", profileMapper))).toEqual([]);
  });

  it("reads event CSV through the same path", async () => {
    const rows = await collect(readRows(["type,email,data.sku\npage.view,a@b.c,S1\n,a@b.c,\n"], "csv", eventMapper));
    expect(summarise(rows)).toEqual([[1, 2, "ok"], [2, 3, "type"]]);
  });
});

describe("reading NDJSON rows", () => {
  it("numbers non-blank lines as rows and reports bad JSON and non-objects by row and line", async () => {
    const text = ['{"identities":{"email":"a@b.c"}}', "", "{oops", "[1,2]", '{"identities":{"email":"b@b.c"},"attributes":{"n":1}}', "null"].join("\n");
    const rows = await collect(readRows([text.slice(0, 7), text.slice(7)], "ndjson", profileMapper));
    expect(summarise(rows)).toEqual([
      [1, 1, "ok"],
      [2, 3, "(row)"],
      [3, 4, "(row)"],
      [4, 5, "ok"],
      [5, 6, "(row)"],
    ]);
    expect(rows[1]).toMatchObject({ reasons: [{ message: expect.stringMatching(/^Not valid JSON/) }] });
    expect(rows[2]).toMatchObject({ reasons: [{ message: "Each line must be one JSON object" }] });
  });

  it("rejects an overlong line as a row and goes on", async () => {
    const rows = await collect(readRows([`{"identities":{"email":"${"x".repeat(100)}"}}\n{"identities":{"email":"a@b.c"}}`], "ndjson", profileMapper, { maxRowChars: 50 }));
    expect(summarise(rows)).toEqual([[1, 1, "(row)"], [2, 2, "ok"]]);
  });
});
