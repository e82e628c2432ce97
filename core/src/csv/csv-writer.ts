import { stringify } from 'csv-stringify/sync';
import { guardCell } from './formula-guard.js';

/** What a CSV cell may be given: text is guarded against formulas, numbers are written as they are. */
export type CsvValue = unknown;

/** Byte-order mark: makes Excel read the file as UTF-8, so Chinese shows correctly. */
export const UTF8_BOM = '\uFEFF';

/** The text of one cell: numbers as digits, dates as ISO-8601, objects as JSON, text formula-guarded. */
export function csvCellText(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  if (value instanceof Date) return value.toISOString();
  return guardCell(typeof value === 'string' ? value : JSON.stringify(value));
}

/**
 * CSV records (RFC 4180 quoting by `csv-stringify`, CRLF line ends as Excel expects), every cell
 * through `csvCellText`. The one writer every export uses, so every export is guarded alike.
 * Cells with leading or trailing spaces are quoted so spreadsheets keep the spaces.
 */
export function csvRecords(rows: readonly (readonly CsvValue[])[]): string {
  if (rows.length === 0) return '';
  return stringify(
    rows.map((r) => r.map(csvCellText)),
    { record_delimiter: 'windows', quoted_match: /^\s|\s$|[\r\n]/, eof: true },
  );
}

/** One CSV record. */
export const csvRecord = (values: readonly CsvValue[]): string => csvRecords([values]);
