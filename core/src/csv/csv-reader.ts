import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { type Options, type CsvError as ParseError, parse } from 'csv-parse';
import { unguardCell } from './formula-guard.js';

/** A CSV file that cannot be read, at a spreadsheet row. */
export class CsvError extends Error {
  constructor(
    message: string,
    readonly row: number,
  ) {
    super(message);
    this.name = 'CsvError';
  }
}

/** One record with its spreadsheet row number: the first line is row 1 and blank lines count. */
export interface CsvRow {
  row: number;
  cells: string[];
}

export interface CsvReadLimits {
  /** Characters in one record. */
  maxRecordChars: number;
  maxFields: number;
}

const DEFAULT_LIMITS: CsvReadLimits = { maxRecordChars: 1_000_000, maxFields: 500 };

interface ParsedRecord {
  record: string[];
  info: { records: number; empty_lines: number };
}

/**
 * Reads CSV bytes as they arrive (`csv-parse`), in constant memory: records with the row numbers a
 * spreadsheet shows, cells with the export's formula guard removed so an exported file imports back
 * unchanged. A leading BOM is dropped; CRLF, LF and CR all end a record; blank lines are skipped but
 * counted. Malformed input (an unclosed quote, a record beyond the limits) is a `CsvError`.
 */
export async function* readCsv(
  bytes: ReadableStream<Uint8Array>,
  limits: CsvReadLimits = DEFAULT_LIMITS,
): AsyncGenerator<CsvRow> {
  const parser = parse({
    bom: true,
    info: true,
    skip_empty_lines: true,
    relax_quotes: true,
    relax_column_count: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    max_record_size: limits.maxRecordChars,
    // Passed on to the Node Transform: read ahead a few KiB and a few records, not 16 KiB and 16.
    writableHighWaterMark: 4096,
    readableHighWaterMark: 4,
  } as Options);
  // Node streams between the two keep back-pressure to a few records and chunks (csv-parse's web
  // stream would read a thousand chunks ahead); a failing source fails the records too.
  const done = pipeline(
    Readable.fromWeb(bytes as WebReadableStream<Uint8Array>, { highWaterMark: 4096 }),
    parser,
  ).catch(() => {});
  try {
    for await (const { record, info } of parser as AsyncIterable<ParsedRecord>) {
      const row = info.records + info.empty_lines;
      if (record.length > limits.maxFields)
        throw new CsvError(`A record has more than ${limits.maxFields} fields`, row);
      yield { row, cells: record.map(unguardCell) };
    }
  } catch (err) {
    throw readError(err);
  } finally {
    parser.destroy();
    await done;
  }
}

function readError(err: unknown): unknown {
  const e = err as Partial<ParseError> & { records?: number; empty_lines?: number };
  if (err instanceof CsvError || typeof e?.code !== 'string' || !e.code.startsWith('CSV_')) return err;
  const row = (e.records ?? 0) + (e.empty_lines ?? 0) + 1;
  const message =
    e.code === 'CSV_QUOTE_NOT_CLOSED'
      ? 'A quoted field is not closed before the end of the file'
      : e.code === 'CSV_MAX_RECORD_SIZE'
        ? 'A record is longer than the limit (an unclosed quote?)'
        : (e.message ?? 'Malformed CSV');
  return new CsvError(message, row);
}
