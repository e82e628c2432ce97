import { isUtf8 } from 'node:buffer';
import { CsvError, readCsv } from '../csv/csv-reader.js';
import type { Trx } from '../db/database.js';
import { badRequest, ProblemError } from '../errors.js';
import { xlsxRecords } from '../spreadsheet/xlsx-reader.js';
import { XLSX_CONTENT_TYPE } from '../spreadsheet/xlsx-writer.js';
import { headerKey } from './customer-csv-columns.js';

export type ImportMode = 'all-or-nothing' | 'skip-invalid';

/** The uploaded file: CSV, or an `.xlsx` workbook read from its first sheet or the one named. */
export interface ImportSource {
  format: 'csv' | 'xlsx';
  body: ReadableStream<Uint8Array>;
  sheet?: string | undefined;
}

export interface ImportRowError {
  /** Spreadsheet row number: the header is row 1, the first data row 2. */
  row: number;
  /** The column header as written in the file, or `row`. */
  field: string;
  message: string;
}

export interface ImportReport {
  dryRun: boolean;
  mode: ImportMode;
  rows: number;
  valid: number;
  invalid: number;
  /** Rows written. */
  created: number;
  errors: ImportRowError[];
  /** More rows were invalid than the report lists. */
  errorsTruncated: boolean;
}

const MAX_REPORTED_ERRORS = 1000;
/** Uploads are streamed, so size costs time, not memory; this bounds the time. */
export const MAX_IMPORT_BYTES = 512 * 1024 * 1024;

const CSV_TYPES =
  /^(text\/csv|application\/csv|text\/plain|application\/vnd\.ms-excel|application\/octet-stream)\b/i;

/** An import route's upload by its content type: CSV or `.xlsx`; anything else is a 415, no body a 400. */
export function uploadedSource(
  contentType: string | undefined,
  body: ReadableStream<Uint8Array> | null,
  sheet: string | undefined,
): ImportSource {
  const type = contentType ?? '';
  const xlsx = type.toLowerCase().startsWith(XLSX_CONTENT_TYPE);
  if (!xlsx && !CSV_TYPES.test(type))
    throw new ProblemError({
      status: 415,
      code: 'unsupported_media_type',
      detail: `Send the file as text/csv or ${XLSX_CONTENT_TYPE}`,
    });
  if (!body) throw badRequest('empty_file', 'The request has no file');
  return { format: xlsx ? 'xlsx' : 'csv', body, sheet };
}

/** Bytes that are not UTF-8: a CSV saved in GBK or another legacy code page. */
class NotUtf8Error extends Error {}

/** How many leading bytes of `bytes` end on a character boundary: a sequence cut by the chunk's end is left over. */
function completeLength(bytes: Uint8Array): number {
  const n = bytes.length;
  // A UTF-8 sequence is at most 4 bytes: look back from the end for its lead byte.
  for (let i = n - 1; i >= 0 && i >= n - 4; i--) {
    const b = bytes[i]!;
    if (b < 0x80) return n;
    if (b >= 0xc0) {
      const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return i + length > n ? i : n;
    }
  }
  return n;
}

/**
 * Passes the bytes through unchanged, failing on the first that are not UTF-8 — the check a fatal
 * `TextDecoderStream` makes, without decoding to text and encoding it back for the CSV parser.
 */
function utf8Only(): TransformStream<Uint8Array, Uint8Array> {
  let carry: Uint8Array | undefined;
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      let bytes = chunk;
      if (carry) {
        bytes = new Uint8Array(carry.length + chunk.length);
        bytes.set(carry);
        bytes.set(chunk, carry.length);
        carry = undefined;
      }
      const end = completeLength(bytes);
      const whole = end === bytes.length ? bytes : bytes.subarray(0, end);
      if (!isUtf8(whole)) throw new NotUtf8Error();
      if (end < bytes.length) carry = bytes.slice(end);
      if (whole.length > 0) controller.enqueue(whole);
    },
    flush() {
      // The file ends inside a character.
      if (carry) throw new NotUtf8Error();
    },
  });
}

/**
 * The records of an upload with the row numbers a spreadsheet shows, read as they arrive. CSV must
 * be UTF-8 (a file saved in GBK is refused rather than read as mojibake); a file beyond
 * {@link MAX_IMPORT_BYTES} is a 413, one that cannot be read a 400.
 */
export async function* sourceRecords(source: ImportSource): AsyncGenerator<{ row: number; cells: string[] }> {
  let bytes = 0;
  const counted = source.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytes += chunk.byteLength;
        if (bytes > MAX_IMPORT_BYTES)
          throw new ProblemError({
            status: 413,
            code: 'payload_too_large',
            detail: `An import file may have at most ${MAX_IMPORT_BYTES} bytes`,
          });
        controller.enqueue(chunk);
      },
    }),
  );
  try {
    if (source.format === 'xlsx') yield* xlsxRecords(counted, source.sheet);
    else yield* readCsv(counted.pipeThrough(utf8Only()));
  } catch (err) {
    if (err instanceof CsvError)
      throw badRequest('invalid_csv', `Row ${err.row}: ${err.message}`, [
        { path: `body.row${err.row}`, message: err.message },
      ]);
    if (err instanceof NotUtf8Error)
      throw badRequest('invalid_encoding', 'The file is not valid UTF-8; save it as "CSV UTF-8"');
    throw err;
  }
}

/**
 * The header row's columns as keys of `columns` (header text → key, by {@link headerKey}); `null`
 * for a blank header. Unknown and repeated columns, and missing required ones, are 400s naming them.
 */
export function mapHeader(
  record: readonly string[],
  columns: ReadonlyMap<string, string>,
  options: { known: string; required?: readonly { keys: readonly string[]; detail: string }[] },
): { keys: (string | null)[]; names: string[] } {
  const names = record.map((h) => h.trim());
  const keys = names.map((h) => columns.get(headerKey(h)) ?? null);
  const unknown = names.filter((h, i) => keys[i] === null && h !== '');
  if (unknown.length > 0)
    throw badRequest(
      'unknown_columns',
      `Unknown columns: ${unknown.join(', ')}. Known: ${options.known}`,
      unknown.map((h) => ({ path: `header.${h}`, message: 'Unknown column' })),
    );
  const seen = new Set<string>();
  for (const [i, k] of keys.entries()) {
    if (k === null) continue;
    if (seen.has(k))
      throw badRequest('duplicate_column', `Column ${names[i]} appears twice`, [
        { path: `header.${names[i]}`, message: 'Appears twice' },
      ]);
    seen.add(k);
  }
  for (const r of options.required ?? [])
    if (!r.keys.some((k) => seen.has(k)))
      throw badRequest('missing_column', r.detail, [{ path: `header.${r.keys[0]}`, message: 'Missing' }]);
  return { keys, names };
}

/** A report being filled while rows are read and written. */
export class ImportReportBuilder {
  readonly report: ImportReport;
  private readonly invalidRows = new Set<number>();

  constructor(options: { dryRun: boolean; mode: ImportMode }) {
    this.report = {
      dryRun: options.dryRun,
      mode: options.mode,
      rows: 0,
      valid: 0,
      invalid: 0,
      created: 0,
      errors: [],
      errorsTruncated: false,
    };
  }

  /** Marks the row bad, with the column (its header as written) and why. */
  fail(row: number, field: string, message: string): void {
    this.invalidRows.add(row);
    if (this.report.errors.length < MAX_REPORTED_ERRORS) this.report.errors.push({ row, field, message });
    else this.report.errorsTruncated = true;
  }

  finish(): ImportReport {
    this.report.invalid = this.invalidRows.size;
    this.report.valid = this.report.rows - this.report.invalid;
    this.report.errors.sort((a, b) => a.row - b.row);
    return this.report;
  }
}

/** Thrown inside the import transaction to roll it back and hand the report out. */
class RollBack extends Error {
  constructor(readonly report: ImportReport) {
    super('import rolled back');
  }
}

/**
 * Runs an import in one transaction: `body` reads, checks and writes rows, reporting bad ones. A
 * dry run, or an all-or-nothing import with any bad row, is rolled back; the latter is a 422
 * `import_invalid` carrying the report.
 */
export async function runImport(
  inTransaction: (fn: (trx: Trx) => Promise<void>) => Promise<void>,
  options: { dryRun: boolean; mode: ImportMode },
  body: (trx: Trx, report: ImportReportBuilder) => Promise<void>,
): Promise<ImportReport> {
  const builder = new ImportReportBuilder(options);
  try {
    await inTransaction(async (trx) => {
      await body(trx, builder);
      const report = builder.finish();
      if (options.dryRun || (options.mode === 'all-or-nothing' && report.invalid > 0)) {
        report.created = 0;
        throw new RollBack(report);
      }
    });
  } catch (err) {
    if (!(err instanceof RollBack)) throw err;
    if (!options.dryRun) {
      const { report } = err;
      throw new ProblemError({
        status: 422,
        code: 'import_invalid',
        detail: `${report.invalid} of ${report.rows} rows are invalid; nothing was imported (use mode=skip-invalid to import the valid rows)`,
        data: { report },
      });
    }
  }
  return builder.report;
}
