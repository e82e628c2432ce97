import { z } from 'zod';
import { csvStream, type RowPages } from '../csv/csv-stream.js';
import { type SheetColumn, XLSX_CONTENT_TYPE, xlsxStream } from '../spreadsheet/xlsx-writer.js';

/**
 * A table download in the format the client asked for: the same columns and rows as CSV (through
 * the one CSV writer, formula-guarded) or as an `.xlsx` sheet (cells typed by the columns), so an
 * export route is written once for both.
 */
export type TabularFormat = 'csv' | 'xlsx';

export const TABULAR_FORMATS = ['csv', 'xlsx'] as const satisfies readonly TabularFormat[];

/** The `Content-Type` a download of each format is answered with. */
export const TABULAR_CONTENT_TYPES: Record<TabularFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: XLSX_CONTENT_TYPE,
};

export interface TabularSheet {
  /** The worksheet's name in an `.xlsx` file (at most 31 characters); CSV has none. */
  name: string;
  /** Headers, and how `.xlsx` cells are typed; CSV writes the headers and every value as text. */
  columns: readonly SheetColumn[];
}

/** The file of `sheet` with the rows of `pages` in `format`, streamed a page at a time. */
export function tabularStream(
  format: TabularFormat,
  sheet: TabularSheet,
  pages: RowPages,
): ReadableStream<Uint8Array> {
  return format === 'csv'
    ? csvStream(
        sheet.columns.map((c) => c.header),
        pages,
      )
    : xlsxStream(sheet.name.slice(0, 31), sheet.columns, pages);
}

/** Response headers of a download named `filename` (ASCII) in `format`. */
export const downloadHeaders = (format: TabularFormat, filename: string): Record<string, string> => ({
  'Content-Type': TABULAR_CONTENT_TYPES[format],
  'Content-Disposition': `attachment; filename="${filename}"`,
});

/** A route's `200` response declaration for a download in `format`, for the OpenAPI document. */
export const tabularDownload = (format: TabularFormat, description: string) => ({
  description,
  schema: z.string().describe(format === 'csv' ? 'CSV, UTF-8 with BOM' : 'An .xlsx workbook (binary)'),
  contentType: format === 'csv' ? 'text/csv' : XLSX_CONTENT_TYPE,
});
