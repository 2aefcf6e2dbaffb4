/**
 * A streaming CSV parser (RFC 4180): it takes text in chunks of any size, cut anywhere, and hands
 * back each record as soon as its line ends, so a file never has to be held whole.
 *
 * Quoted fields may hold commas, line breaks and doubled quotes; records end with CRLF, LF or a
 * lone CR; a byte order mark at the very start is dropped; blank lines are skipped. A malformed
 * record (a quote inside an unquoted field, text after a closing quote, an overlong record, a
 * quote never closed) comes back as one record with an `error` and the line it started on, and
 * the parser carries on with the next record: one bad row never stops a file.
 */

export type CsvRecord = {
  /** The fields, unquoted. Empty when the record has an error. */
  fields: string[];
  /** 1-based physical line on which the record starts. */
  line: number;
  /** Why this record cannot be read; the other records are unaffected. */
  error?: string;
  /** The record's text as it appeared in the input, without its line break (with `keepRaw`). */
  raw?: string;
};

export type CsvOptions = {
  /** Longest record accepted, in characters; longer ones come back as an error. */
  maxRecordChars?: number;
  /** Also return each record's source text, to forward records without re-quoting them. */
  keepRaw?: boolean;
};

const QUOTE = 34; // "
const COMMA = 44; // ,
const CR = 13;
const LF = 10;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** Saw a quote inside a quoted field: either a doubled quote or the closing one. */
  QuoteInQuoted,
}

export const DEFAULT_MAX_RECORD_CHARS = 64 * 1024;

export class CsvParser {
  readonly #maxChars: number;
  readonly #keepRaw: boolean;
  #state = State.FieldStart;
  #fields: string[] = [];
  #field = "";
  #raw = "";
  #chars = 0;
  #line = 1;
  #recordLine = 1;
  #quoteLine = 1;
  #error: string | undefined;
  #tooLong = false;
  /** The last character was a CR inside a quoted field (so a following LF is the same line break). */
  #prevCR = false;
  /** A record just ended at a CR: a following LF completes that line break. */
  #skipLF = false;
  #first = true;
  #ended = false;

  constructor(options: CsvOptions = {}) {
    this.#maxChars = options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
    this.#keepRaw = options.keepRaw ?? false;
  }

  /** Feeds the next piece of text; returns the records it completed. */
  push(chunk: string): CsvRecord[] {
    if (this.#ended) throw new Error("CsvParser: push after end");
    const out: CsvRecord[] = [];
    let i = 0;
    if (this.#first && chunk.length > 0) {
      this.#first = false;
      if (chunk.charCodeAt(0) === 0xfeff) i = 1;
    }
    // Start of the text of the current record inside this chunk (for `raw`) and of the current
    // run of plain characters (copied into the field with one slice).
    let rawFrom = i;
    const n = chunk.length;
    while (i < n) {
      const c = chunk.charCodeAt(i);
      if (this.#skipLF) {
        this.#skipLF = false;
        if (c === LF) {
          // Second half of a CRLF that ended a record: not part of the next one.
          i++;
          rawFrom = i;
          continue;
        }
      }
      switch (this.#state) {
        case State.FieldStart:
        case State.Unquoted: {
          if (c === QUOTE && this.#state === State.FieldStart) {
            this.#state = State.Quoted;
            this.#quoteLine = this.#line;
            this.#prevCR = false;
            this.#count(1);
            i++;
            break;
          }
          // A run of ordinary characters up to the next comma, quote or line break.
          let j = i;
          while (j < n) {
            const d = chunk.charCodeAt(j);
            if (d === COMMA || d === QUOTE || d === CR || d === LF) break;
            j++;
          }
          if (j > i) {
            this.#append(chunk, i, j);
            this.#state = State.Unquoted;
            i = j;
            break;
          }
          if (c === COMMA) {
            this.#endField();
            this.#count(1);
            i++;
          } else if (c === QUOTE) {
            this.#fail("A double quote inside an unquoted field: quote the whole field and double the quote inside it");
            this.#append(chunk, i, i + 1);
            i++;
          } else {
            // CR or LF: the record ends here.
            if (this.#keepRaw) this.#raw += chunk.slice(rawFrom, i);
            this.#endRecord(out);
            this.#newLine(c);
            i++;
            rawFrom = i;
          }
          break;
        }
        case State.Quoted: {
          // Everything up to the next quote belongs to the field, line breaks included.
          let j = i;
          while (j < n) {
            const d = chunk.charCodeAt(j);
            if (d === QUOTE) break;
            // Line breaks inside quotes are content; they only move the line count on.
            if (d === LF) {
              if (!this.#prevCR) this.#line++;
              this.#prevCR = false;
            } else if (d === CR) {
              this.#line++;
              this.#prevCR = true;
            } else this.#prevCR = false;
            j++;
          }
          if (j > i) this.#append(chunk, i, j);
          i = j;
          if (i < n) {
            this.#state = State.QuoteInQuoted;
            this.#count(1);
            i++;
          }
          break;
        }
        case State.QuoteInQuoted: {
          if (c === QUOTE) {
            this.#appendText('"');
            this.#state = State.Quoted;
            this.#prevCR = false;
            i++;
          } else if (c === COMMA) {
            this.#endField();
            this.#count(1);
            i++;
          } else if (c === CR || c === LF) {
            if (this.#keepRaw) this.#raw += chunk.slice(rawFrom, i);
            this.#endRecord(out);
            this.#newLine(c);
            i++;
            rawFrom = i;
          } else {
            this.#fail("Unexpected text after a closing quote: a quoted field must end at a comma or a line break");
            this.#state = State.Unquoted;
          }
          break;
        }
      }
    }
    if (this.#keepRaw && rawFrom < n && !this.#tooLong) this.#raw += chunk.slice(rawFrom, n);
    return out;
  }

  /** Signals the end of the input; returns the last record, if any. */
  end(): CsvRecord[] {
    if (this.#ended) return [];
    this.#ended = true;
    const out: CsvRecord[] = [];
    if (this.#state === State.Quoted) {
      this.#fail(`The quoted field opened on line ${this.#quoteLine} is never closed`);
    }
    if (this.#chars > 0 || this.#error) this.#endRecord(out);
    return out;
  }

  #count(chars: number) {
    this.#chars += chars;
    if (this.#chars > this.#maxChars && !this.#tooLong) {
      this.#tooLong = true;
      this.#fail(`The row is longer than ${this.#maxChars} characters`);
      this.#field = "";
      this.#fields = [];
      this.#raw = "";
    }
  }

  #append(chunk: string, from: number, to: number) {
    this.#count(to - from);
    if (!this.#tooLong) this.#field += chunk.slice(from, to);
  }

  #appendText(text: string) {
    this.#count(text.length);
    if (!this.#tooLong) this.#field += text;
  }

  #fail(message: string) {
    this.#error ??= message;
  }

  #endField() {
    if (!this.#tooLong) this.#fields.push(this.#field);
    this.#field = "";
    this.#state = State.FieldStart;
  }

  #newLine(c: number) {
    this.#line++;
    this.#skipLF = c === CR;
    this.#recordLine = this.#line;
  }

  #endRecord(out: CsvRecord[]) {
    const blank = this.#chars === 0 && !this.#error;
    if (!blank) {
      const record: CsvRecord = { fields: [], line: this.#recordLine };
      if (this.#error) record.error = this.#error;
      else {
        this.#fields.push(this.#field);
        record.fields = this.#fields;
      }
      if (this.#keepRaw && !this.#tooLong) record.raw = this.#raw;
      out.push(record);
    }
    this.#fields = [];
    this.#field = "";
    this.#raw = "";
    this.#chars = 0;
    this.#error = undefined;
    this.#tooLong = false;
    this.#state = State.FieldStart;
  }
}

/** Parses a stream of text chunks into records, one at a time. */
export async function* parseCsv(chunks: AsyncIterable<string> | Iterable<string>, options?: CsvOptions): AsyncGenerator<CsvRecord> {
  const parser = new CsvParser(options);
  for await (const chunk of chunks) yield* parser.push(chunk);
  yield* parser.end();
}
