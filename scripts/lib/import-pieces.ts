/**
 * Cuts an import file into request bodies of a few thousand rows for the import CLI, with the
 * same parser the server uses, so both count rows alike and a row number in a server answer
 * maps back to a line of the file. CSV bodies repeat the header; records are forwarded as they
 * were written (quotes and all). Rows the parser cannot read never leave the machine: they are
 * rejected here, with the same words the server would use.
 */
import { createReadStream } from "node:fs";
import { eventColumns, HeaderError, profileColumns } from "../../edge/src/imports/columns";
import { CsvParser } from "../../edge/src/imports/csv";
import { LineSplitter } from "../../edge/src/imports/lines";
import type { ImportFormat } from "../../edge/src/imports/reader";
import { ROW, type Reason } from "../../edge/src/imports/values";

export type ImportKind = "profiles" | "events";

export type FileReject = { line: number; reasons: Reason[] };

/** One request: its body, and the file line each of its rows starts on (row n is lines[n-1]). */
export type Piece = { body: string; lines: number[] };

export type CutOptions = {
  format: ImportFormat;
  kind: ImportKind;
  rowsPerRequest: number;
  /** A row rejected before sending (it cannot be parsed). */
  onLocalReject: (reject: FileReject) => void;
  /** Every row read from the file, sent or not. */
  onRow?: () => void;
};

/** A file as text chunks, reporting bytes as they are read (for the progress estimate). */
export async function* fileText(file: string, onBytes: (n: number) => void): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  for await (const buf of createReadStream(file, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
    onBytes(buf.length);
    const text = decoder.decode(buf, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

export async function* cutIntoPieces(chunks: AsyncIterable<string>, options: CutOptions): AsyncGenerator<Piece> {
  let head = "";
  let parts: string[] = [];
  let lines: number[] = [];
  const take = (text: string, line: number) => {
    parts.push(text);
    lines.push(line);
    options.onRow?.();
  };
  const full = () => lines.length >= options.rowsPerRequest;
  const cut = (): Piece => {
    const piece = { body: head + parts.join("\n") + "\n", lines };
    parts = [];
    lines = [];
    return piece;
  };
  const reject = (line: number, message: string) => {
    options.onRow?.();
    options.onLocalReject({ line, reasons: [{ path: ROW, message }] });
  };

  if (options.format === "csv") {
    const parser = new CsvParser({ keepRaw: true });
    let haveHeader = false;
    const handle = function* (records: ReturnType<CsvParser["push"]>): Generator<Piece> {
      for (const record of records) {
        if (!haveHeader) {
          if (record.error) throw new HeaderError([{ path: "header", message: record.error }]);
          // Refuse a header the server would refuse, before sending anything.
          (options.kind === "profiles" ? profileColumns : eventColumns)(record.fields);
          head = record.raw! + "\n";
          haveHeader = true;
          continue;
        }
        if (record.error || record.raw === undefined) reject(record.line, record.error ?? "The row cannot be read");
        else take(record.raw, record.line);
        if (full()) yield cut();
      }
    };
    for await (const chunk of chunks) yield* handle(parser.push(chunk));
    yield* handle(parser.end());
  } else {
    const splitter = new LineSplitter();
    const handle = function* (found: ReturnType<LineSplitter["push"]>): Generator<Piece> {
      for (const { text, line, error } of found) {
        if (error) reject(line, error);
        else take(text, line);
        if (full()) yield cut();
      }
    };
    for await (const chunk of chunks) yield* handle(splitter.push(chunk));
    yield* handle(splitter.end());
  }
  if (lines.length) yield cut();
}
