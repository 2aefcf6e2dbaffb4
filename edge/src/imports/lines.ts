/**
 * A streaming line splitter for NDJSON: text in chunks cut anywhere, complete lines out, each
 * with its 1-based line number. LF or CRLF end a line; a byte order mark at the very start is
 * dropped; blank lines are skipped (they still count for line numbers). An overlong line comes
 * back as an error without being kept in memory.
 */

export type Line = {
  text: string;
  /** 1-based line number in the input. */
  line: number;
  /** Why the line cannot be read (it is too long); `text` is then empty. */
  error?: string;
};

export const DEFAULT_MAX_LINE_CHARS = 64 * 1024;

export class LineSplitter {
  readonly #maxChars: number;
  #buffer = "";
  #line = 1;
  #tooLong = false;
  #first = true;

  constructor(options: { maxLineChars?: number } = {}) {
    this.#maxChars = options.maxLineChars ?? DEFAULT_MAX_LINE_CHARS;
  }

  push(chunk: string): Line[] {
    if (this.#first && chunk.length > 0) {
      this.#first = false;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    const out: Line[] = [];
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf("\n", from);
      if (nl === -1) break;
      this.#take(chunk.slice(from, nl));
      this.#emit(out);
      from = nl + 1;
    }
    if (from < chunk.length) this.#take(chunk.slice(from));
    return out;
  }

  end(): Line[] {
    const out: Line[] = [];
    if (this.#buffer.length > 0 || this.#tooLong) this.#emit(out);
    return out;
  }

  #take(text: string) {
    if (this.#tooLong) return;
    this.#buffer += text;
    // One character of slack for the CR of a CRLF.
    if (this.#buffer.length > this.#maxChars + 1) {
      this.#tooLong = true;
      this.#buffer = "";
    }
  }

  #emit(out: Line[]) {
    let text = this.#buffer;
    if (text.endsWith("\r")) text = text.slice(0, -1);
    if (this.#tooLong) out.push({ text: "", line: this.#line, error: `The line is longer than ${this.#maxChars} characters` });
    else if (text.length > this.#maxChars) out.push({ text: "", line: this.#line, error: `The line is longer than ${this.#maxChars} characters` });
    else if (text.trim() !== "") out.push({ text, line: this.#line });
    this.#buffer = "";
    this.#tooLong = false;
    this.#line++;
  }
}

/** Splits a stream of text chunks into non-blank lines, one at a time. */
export async function* splitLines(chunks: AsyncIterable<string> | Iterable<string>, options?: { maxLineChars?: number }): AsyncGenerator<Line> {
  const splitter = new LineSplitter(options);
  for await (const chunk of chunks) yield* splitter.push(chunk);
  yield* splitter.end();
}
