import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { badRequest } from '../errors.js';

/** One sheet row as text cells, with the row number the spreadsheet shows. */
export interface SheetRecord {
  row: number;
  cells: string[];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A date cell as the text a CSV would carry: `YYYY-MM-DD`, or an ISO-8601 UTC timestamp when it has a time. */
function dateText(d: Date): string {
  if (
    d.getUTCHours() === 0 &&
    d.getUTCMinutes() === 0 &&
    d.getUTCSeconds() === 0 &&
    d.getUTCMilliseconds() === 0
  )
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return d.toISOString();
}

/** The text of a cell value of any kind exceljs reads: rich text, formulas (their result), links, errors. */
export function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('formula' in value || 'sharedFormula' in value)
      return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('text' in value) return cellText((value as ExcelJS.CellHyperlinkValue).text);
    if ('error' in value) return '';
  }
  return String(value);
}

/**
 * The rows of one worksheet of an `.xlsx` stream — `sheet` by name, else the first — read with
 * exceljs' streaming reader, so only the shared strings and the current row are held. Rows come
 * with their sheet row numbers (empty rows are skipped, their numbers are not reused). An unreadable
 * file or a missing sheet is a 400.
 */
export async function* xlsxRecords(
  body: ReadableStream<Uint8Array>,
  sheet?: string,
): AsyncGenerator<SheetRecord> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.fromWeb(body as any), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let found = false;
  const names: string[] = [];
  try {
    for await (const worksheet of reader) {
      const name = (worksheet as unknown as { name: string }).name;
      names.push(name);
      const wanted = !found && (sheet === undefined || name === sheet);
      for await (const row of worksheet) {
        if (!wanted) continue;
        const values = row.values as ExcelJS.CellValue[];
        const cells: string[] = [];
        // row.values is 1-based: index 0 is empty.
        for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
        yield { row: row.number, cells };
      }
      if (wanted) found = true;
    }
  } catch (err) {
    if (
      err instanceof Error &&
      /zip|signature|end of central directory|invalid|unexpected/i.test(err.message)
    )
      throw badRequest('invalid_xlsx', `The file is not a readable .xlsx workbook: ${err.message}`);
    throw err;
  }
  if (!found)
    throw badRequest(
      'unknown_sheet',
      sheet === undefined
        ? 'The workbook has no worksheet'
        : `The workbook has no sheet "${sheet}"; it has ${names.map((n) => `"${n}"`).join(', ') || 'none'}`,
      [{ path: 'query.sheet', message: 'No such sheet' }],
    );
}
