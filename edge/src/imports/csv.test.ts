import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvParser, type CsvOptions, type CsvRecord } from "./csv";

const parse = (text: string, options?: CsvOptions) => {
  const p = new CsvParser(options);
  return [...p.push(text), ...p.end()];
};

/** Feeds the text cut at the given positions. */
const parseIn = (pieces: string[], options?: CsvOptions) => {
  const p = new CsvParser(options);
  const out: CsvRecord[] = [];
  for (const piece of pieces) out.push(...p.push(piece));
  return [...out, ...p.end()];
};

const fields = (text: string) => parse(text).map((r) => r.fields);

/** Writes rows the RFC 4180 way, quoting only where needed. */
const toCsv = (rows: string[][], eol = "\r\n") =>
  rows.map((r) => r.map((f) => (/[",\r\n]/.test(f) || f === "" ? `"${f.replace(/"/g, '""')}"` : f)).join(",")).join(eol) + eol;

describe("CSV parser", () => {
  it("reads plain records and ends the last one without a line break", () => {
    expect(fields("a,b,c\n1,2,3")).toEqual([["a", "b", "c"], ["1", "2", "3"]]);
    expect(fields("a,b,c\n1,2,3\n")).toEqual([["a", "b", "c"], ["1", "2", "3"]]);
  });

  it("keeps empty fields, at the start, middle and end", () => {
    expect(fields(",a,,b,\n")).toEqual([["", "a", "", "b", ""]]);
    expect(fields(",\n")).toEqual([["", ""]]);
  });

  it("unquotes fields with commas, doubled quotes and line breaks", () => {
    expect(fields('"a,b","say ""hi""","line1\nline2","crlf\r\ninside"\n')).toEqual([["a,b", 'say "hi"', "line1\nline2", "crlf\r\ninside"]]);
    expect(fields('"",""""\n')).toEqual([["", '"']]);
  });

  it("accepts CRLF, LF and lone CR as record ends", () => {
    expect(fields("a\r\nb\nc\rd")).toEqual([["a"], ["b"], ["c"], ["d"]]);
  });

  it("drops a byte order mark at the start only", () => {
    expect(fields("\uFEFFemail,x\n\uFEFFa,b\n")).toEqual([["email", "x"], ["\uFEFFa", "b"]]);
    expect(parseIn(["", "\uFEFFa", "\n"]).map((r) => r.fields)).toEqual([["a"]]);
  });

  it("skips blank lines but counts them", () => {
    const records = parse("a\n\n\r\nb\n\n");
    expect(records.map((r) => [r.fields, r.line])).toEqual([[["a"], 1], [["b"], 4]]);
  });

  it("numbers each record by the line it starts on, across line breaks inside quotes", () => {
    const records = parse('h1,h2\n"x\ny\nz",1\r\nnext,2\r"a\r\nb",3\n');
    expect(records.map((r) => r.line)).toEqual([1, 2, 5, 6]);
  });

  it("keeps whitespace around fields (it is data)", () => {
    expect(fields(" a , b \n")).toEqual([[" a ", " b "]]);
  });

  it("rejects a quote inside an unquoted field, only that record", () => {
    const records = parse('a,b\n5\'10",x\nc,d\n');
    expect(records[1]).toMatchObject({ line: 2, fields: [], error: expect.stringContaining("double quote inside an unquoted field") });
    expect(records[2]).toEqual({ line: 3, fields: ["c", "d"] });
  });

  it("rejects text after a closing quote, only that record", () => {
    const records = parse('"ab"c,d\ne,f\n');
    expect(records[0]).toMatchObject({ line: 1, error: expect.stringContaining("after a closing quote") });
    expect(records[1]).toEqual({ line: 2, fields: ["e", "f"] });
  });

  it("reports a quote never closed with the line it was opened on", () => {
    const records = parse('a,b\nc,"open\nmore\nstill');
    expect(records).toHaveLength(2);
    expect(records[1]).toMatchObject({ line: 2, error: "The quoted field opened on line 2 is never closed" });
  });

  it("rejects an overlong record without keeping it, then carries on", () => {
    const long = "x".repeat(100);
    const records = parse(`a,b\n${long},1\nc,d\n"${long}\n${long}",2\ne,f`, { maxRecordChars: 50, keepRaw: true });
    expect(records.map((r) => r.error ?? r.fields.join("|"))).toEqual([
      "a|b",
      "The row is longer than 50 characters",
      "c|d",
      "The row is longer than 50 characters",
      "e|f",
    ]);
    expect(records[1].raw).toBeUndefined();
    expect(records[4].line).toBe(6);
  });

  it("gives the raw text of each record for forwarding, quotes and all", () => {
    const text = 'h\r\n"a\r\nb",c\r\nplain\n"x""y"\n';
    const records = parse(text, { keepRaw: true });
    expect(records.map((r) => r.raw)).toEqual(["h", '"a\r\nb",c', "plain", '"x""y"']);
  });

  it("reads the same records however the text is cut, even between CR and LF", () => {
    const text = '\uFEFFid,name\r\n1,"Doe, ""JJ""\r\nJr."\r\n2,plain\r3,"a"\n\n4,x"y\n5,"unclosed';
    const whole = parse(text, { keepRaw: true });
    for (let i = 0; i <= text.length; i++) {
      for (const j of [i, Math.min(text.length, i + 1), Math.min(text.length, i + 3)]) {
        expect(parseIn([text.slice(0, i), text.slice(i, j), text.slice(j)], { keepRaw: true })).toEqual(whole);
      }
    }
    expect(parseIn([...text], { keepRaw: true })).toEqual(whole);
  });

  it("round-trips any rows written the RFC 4180 way, cut anywhere", () => {
    const cell = fc.string({ unit: fc.constantFrom("a", "b", " ", ",", '"', "\r", "\n", "é", "😀"), maxLength: 8 });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((width) => fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 6 })),
        fc.array(fc.nat(), { maxLength: 5 }),
        fc.constantFrom("\r\n", "\n"),
        (rows, cuts, eol) => {
          const text = toCsv(rows, eol);
          const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const pieces = [0, ...at].map((start, k) => text.slice(start, at[k] ?? text.length));
          const parsed = parseIn(pieces, { keepRaw: true });
          expect(parsed.map((r) => r.fields)).toEqual(rows);
          // The raw text of each record parses back to the same fields.
          for (const r of parsed) expect(parse(r.raw! + eol)[0].fields).toEqual(r.fields);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("refuses input after the end", () => {
    const p = new CsvParser();
    p.end();
    expect(() => p.push("a")).toThrow();
  });
});
