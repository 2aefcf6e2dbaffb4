import { describe, expect, it } from "vitest";
import { LineSplitter, splitLines } from "./lines";

const split = async (pieces: string[], maxLineChars?: number) => {
  const out = [];
  for await (const l of splitLines(pieces, { maxLineChars })) out.push(l);
  return out;
};

describe("NDJSON line splitter", () => {
  it("numbers lines from 1, skips blank ones, strips CR of CRLF", async () => {
    expect(await split(['{"a":1}\r\n\n  \r\n{"b":2}\n{"c":3}'])).toEqual([
      { text: '{"a":1}', line: 1 },
      { text: '{"b":2}', line: 4 },
      { text: '{"c":3}', line: 5 },
    ]);
  });

  it("joins lines cut across chunks, including between CR and LF", async () => {
    const text = '{"a":"x"}\r\n{"b":"y"}\r\n';
    const whole = await split([text]);
    for (let i = 0; i <= text.length; i++) expect(await split([text.slice(0, i), text.slice(i)])).toEqual(whole);
    expect(await split([...text])).toEqual(whole);
  });

  it("drops a byte order mark at the very start", async () => {
    expect(await split(["", "\uFEFF{}\n"])).toEqual([{ text: "{}", line: 1 }]);
  });

  it("reports an overlong line by number without keeping it, and carries on", async () => {
    const long = "x".repeat(30);
    const lines = await split(["{}\n", long.slice(0, 10), long.slice(10), "\n{}\n", long], 20);
    expect(lines).toEqual([
      { text: "{}", line: 1 },
      { text: "", line: 2, error: "The line is longer than 20 characters" },
      { text: "{}", line: 3 },
      { text: "", line: 4, error: "The line is longer than 20 characters" },
    ]);
  });

  it("accepts a line of exactly the limit, with or without CR", () => {
    const s = new LineSplitter({ maxLineChars: 3 });
    expect([...s.push("abc\r\nabc\nabcd\n"), ...s.end()].map((l) => l.error ?? l.text)).toEqual(["abc", "abc", "The line is longer than 3 characters"]);
  });
});
