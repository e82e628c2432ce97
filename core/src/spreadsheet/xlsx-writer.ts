import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { currencyExponent, isCurrency } from '../money/currencies.js';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * How a column's cells are typed. `auto` (the default) types each value by what it is: numbers and
 * booleans as such, `YYYY-MM-DD` strings as dates, ISO-8601 UTC timestamps as date-times (UTC),
 * `{ amount, currency }` money as a number in major units with the currency's decimals, other
 * objects as JSON text, everything else as text. `money` reads the currency of each row from
 * another column: its amount is in minor units.
 */
export type SheetColumnType = 'auto' | 'text' | { moneyCurrencyColumn: number };

export interface SheetColumn {
  header: string;
  type?: SheetColumnType;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;
const DATE_FORMAT = 'yyyy-mm-dd';
const TIMESTAMP_FORMAT = 'yyyy-mm-dd hh:mm:ss';

const moneyFormat = (currency: string): string => {
  const decimals = currencyExponent(currency);
  return `#,##0${decimals > 0 ? `.${'0'.repeat(decimals)}` : ''}`;
};

/** A minor-unit amount as a number in major units (12345 CNY → 123.45), exactly as decimal text reads. */
const majorUnits = (amount: number, currency: string): number => {
  const decimals = currencyExponent(currency);
  return decimals === 0 ? amount : Number((amount / 10 ** decimals).toFixed(decimals));
};

interface TypedCell {
  value: ExcelJS.CellValue;
  numFmt?: string;
}

function autoCell(value: unknown): TypedCell {
  if (value === null || value === undefined) return { value: null };
  if (typeof value === 'number' || typeof value === 'boolean') return { value };
  if (typeof value === 'bigint') return { value: Number(value) };
  if (value instanceof Date) return { value, numFmt: TIMESTAMP_FORMAT };
  if (typeof value === 'string') {
    if (DATE.test(value) && !Number.isNaN(Date.parse(value)))
      return { value: new Date(`${value}T00:00:00.000Z`), numFmt: DATE_FORMAT };
    if (TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value)))
      return { value: new Date(value), numFmt: TIMESTAMP_FORMAT };
    return { value };
  }
  const money = value as { amount?: unknown; currency?: unknown };
  if (
    typeof money === 'object' &&
    typeof money.amount === 'number' &&
    typeof money.currency === 'string' &&
    isCurrency(money.currency)
  )
    return { value: majorUnits(money.amount, money.currency), numFmt: moneyFormat(money.currency) };
  return { value: JSON.stringify(value) };
}

function typedCell(column: SheetColumn, value: unknown, row: readonly unknown[]): TypedCell {
  const type = column.type ?? 'auto';
  if (type === 'auto') return autoCell(value);
  if (type === 'text') return { value: value === null || value === undefined ? null : String(value) };
  const currency = row[type.moneyCurrencyColumn];
  if (typeof value === 'number' && typeof currency === 'string' && isCurrency(currency))
    return { value: majorUnits(value, currency), numFmt: moneyFormat(currency) };
  return autoCell(value);
}

/**
 * Streams one worksheet as an `.xlsx` file (exceljs' streaming writer: each row is committed as it
 * is written, so a large export never sits in memory). `pages` yields rows in column order; the
 * next page is asked for once the reader has taken what was written (an array of pages works too). Text cells stay text — a
 * value starting with `=` is a string in the file, never a formula.
 */
export function xlsxStream(
  sheetName: string,
  columns: readonly SheetColumn[],
  pages: AsyncIterable<readonly (readonly unknown[])[]> | Iterable<readonly (readonly unknown[])[]>,
): ReadableStream<Uint8Array> {
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    header: c.header,
    width: Math.min(40, Math.max(10, c.header.length + 4)),
  }));
  sheet.getRow(1).font = { bold: true };
  const write = async () => {
    for await (const rows of pages) {
      for (const values of rows) {
        const row = sheet.addRow([]);
        for (const [i, column] of columns.entries()) {
          const cell = typedCell(column, values[i], values);
          if (cell.value === null) continue;
          const target = row.getCell(i + 1);
          target.value = cell.value;
          if (cell.numFmt) target.numFmt = cell.numFmt;
        }
        row.commit();
      }
      if (out.writableNeedDrain) await new Promise<void>((resolve) => out.once('drain', resolve));
    }
    sheet.commit();
    await workbook.commit();
  };
  write().catch((err) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return Readable.toWeb(out) as ReadableStream<Uint8Array>;
}

/**
 * Pages pushed by a producer (a scan that hands over each chunk to a callback) as the async
 * iterable {@link xlsxStream} reads: the producer waits while the sheet has not taken its last page.
 */
export function xlsxPages<Row>(
  produce: (push: (rows: readonly Row[]) => Promise<void>) => Promise<unknown>,
): AsyncIterable<readonly Row[]> {
  return {
    [Symbol.asyncIterator]() {
      const queue: (readonly Row[])[] = [];
      let wake: (() => void) | undefined;
      let taken: (() => void) | undefined;
      let done = false;
      let failure: unknown;
      const signal = () => {
        wake?.();
        wake = undefined;
      };
      produce(async (rows) => {
        queue.push(rows);
        signal();
        if (queue.length > 1)
          await new Promise<void>((resolve) => {
            taken = resolve;
          });
      }).then(
        () => {
          done = true;
          signal();
        },
        (err) => {
          failure = err;
          done = true;
          signal();
        },
      );
      return {
        async next(): Promise<IteratorResult<readonly Row[]>> {
          for (;;) {
            const rows = queue.shift();
            if (rows) {
              taken?.();
              taken = undefined;
              return { value: rows, done: false };
            }
            if (failure) throw failure;
            if (done) return { value: undefined, done: true };
            await new Promise<void>((resolve) => {
              wake = resolve;
            });
          }
        },
      };
    },
  };
}
