/**
 * A stream of text to a stream of numbered rows, each mapped to a record or rejected with its
 * reasons. Rows are numbered from 1 in the order they come (the CSV header and blank lines are
 * not rows) and carry the line they start on, so a person can find them in the file.
 */
import { CsvParser } from "./csv";
import { HeaderError } from "./columns";
import { LineSplitter } from "./lines";
import type { RecordMapper } from "./records";
import { ROW, type Mapped } from "./values";

export type ImportFormat = "csv" | "ndjson";

export type ImportRow<T> = { row: number; line: number } & Mapped<T>;

export type ReadOptions = { maxRowChars?: number };

export async function* readCsvRows<T, C>(chunks: AsyncIterable<string> | Iterable<string>, mapper: RecordMapper<T, C>, options: ReadOptions = {}): AsyncGenerator<ImportRow<T>> {
  const parser = new CsvParser({ maxRecordChars: options.maxRowChars });
  let columns: C[] | undefined;
  let width = 0;
  let row = 0;
  const take = function* (records: ReturnType<CsvParser["push"]>): Generator<ImportRow<T>> {
    for (const record of records) {
      if (!columns) {
        if (record.error) throw new HeaderError([{ path: "header", message: record.error }]);
        columns = mapper.columns(record.fields);
        width = record.fields.length;
        continue;
      }
      row++;
      const { line } = record;
      if (record.error) yield { row, line, ok: false, reasons: [{ path: ROW, message: record.error }] };
      else if (record.fields.length !== width) {
        yield { row, line, ok: false, reasons: [{ path: ROW, message: `The header has ${width} columns but this row has ${record.fields.length}` }] };
      } else yield { row, line, ...mapper.fromCells(record.fields, columns) };
    }
  };
  for await (const chunk of chunks) yield* take(parser.push(chunk));
  yield* take(parser.end());
}

export async function* readNdjsonRows<T, C>(chunks: AsyncIterable<string> | Iterable<string>, mapper: RecordMapper<T, C>, options: ReadOptions = {}): AsyncGenerator<ImportRow<T>> {
  const splitter = new LineSplitter({ maxLineChars: options.maxRowChars });
  let row = 0;
  const take = function* (lines: ReturnType<LineSplitter["push"]>): Generator<ImportRow<T>> {
    for (const { text, line, error } of lines) {
      row++;
      if (error) {
        yield { row, line, ok: false, reasons: [{ path: ROW, message: error }] };
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (err) {
        yield { row, line, ok: false, reasons: [{ path: ROW, message: `Not valid JSON: ${(err as Error).message}` }] };
        continue;
      }
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        yield { row, line, ok: false, reasons: [{ path: ROW, message: "Each line must be one JSON object" }] };
        continue;
      }
      yield { row, line, ...mapper.fromJson(value) };
    }
  };
  for await (const chunk of chunks) yield* take(splitter.push(chunk));
  yield* take(splitter.end());
}

export const readRows = <T, C>(chunks: AsyncIterable<string> | Iterable<string>, format: ImportFormat, mapper: RecordMapper<T, C>, options?: ReadOptions) =>
  format === "csv" ? readCsvRows(chunks, mapper, options) : readNdjsonRows(chunks, mapper, options);
