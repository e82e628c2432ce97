import { csvRecord, csvRecords, UTF8_BOM } from './csv-writer.js';

/** Pages of rows, each row's cells in column order; an array of pages works too. */
export type RowPages =
  | AsyncIterable<readonly (readonly unknown[])[]>
  | Iterable<readonly (readonly unknown[])[]>;

/**
 * Rows from `pages` as a CSV stream (BOM and header first), written through the one CSV writer.
 * The next page is asked for only when the reader wants more, so a large export never sits in memory.
 */
export function csvStream(header: readonly string[], pages: RowPages): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const it =
    Symbol.asyncIterator in pages
      ? pages[Symbol.asyncIterator]()
      : (pages as Iterable<never>)[Symbol.iterator]();
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        let chunk = started ? '' : UTF8_BOM + csvRecord(header);
        started = true;
        const next = await it.next();
        if (!next.done) chunk += csvRecords(next.value);
        if (chunk) controller.enqueue(encoder.encode(chunk));
        if (next.done) controller.close();
      } catch (err) {
        controller.error(err);
      }
    },
    async cancel() {
      await it.return?.();
    },
  });
}
