import type { Principal } from '../auth/principal.js';
import { csvStream } from '../csv/csv-stream.js';
import { tabularStream } from '../export/tabular-export.js';
import type { SheetColumn } from '../spreadsheet/xlsx-writer.js';
import type { CustomField } from './custom-fields.js';
import { exportHeader, exportRow } from './customer-csv-columns.js';
import type { CustomerFilter, CustomerSort } from './customer-list.js';
import type { CustomerService } from './customer-service.js';
import { type EntityStore, entityExportColumns, type RegisteredEntityType } from './entity-store.js';

const PAGE = 500;

export type ExportFormat = 'csv' | 'json' | 'xlsx';

export interface ExportOptions {
  format: ExportFormat;
  lang: 'en' | 'zh-CN';
  include: readonly string[];
  sort?: CustomerSort | undefined;
}

/** Content type and file extension of each export format. */
export const EXPORT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

// The customer value export (customer-value-routes.ts) writes its CSV through the same writer.
export { csvStream };

/** Items from `pages` as one streamed JSON array. */
function jsonStream(pages: AsyncIterable<readonly unknown[]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const it = pages[Symbol.asyncIterator]();
  let first = true;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        let chunk = started ? '' : '[';
        started = true;
        const next = await it.next();
        if (!next.done)
          for (const item of next.value) {
            chunk += (first ? '' : ',') + JSON.stringify(item);
            first = false;
          }
        else chunk += ']';
        controller.enqueue(encoder.encode(chunk));
        if (next.done) controller.close();
      } catch (err) {
        controller.error(err);
      }
    },
  });
}

/**
 * Streams the customers `principal` may see that match `filter`, a page at a time: the same filters
 * and access rule as the list. CSV starts with a BOM so Excel reads Chinese correctly and carries the
 * primary contact; `.xlsx` has the same columns with typed cells (dates, numbers, yes/no); JSON is an
 * array of list items. CSV and `.xlsx` import again as they are.
 */
export function exportCustomers(
  svc: CustomerService,
  principal: Principal,
  filter: CustomerFilter,
  options: ExportOptions,
): ReadableStream<Uint8Array> {
  async function* customerPages() {
    let cursor: string | undefined;
    for (;;) {
      const page = await svc.list(principal, filter, { limit: PAGE, cursor, sort: options.sort });
      const ids = page.items.map((c) => c.id);
      const facets =
        options.include.length > 0
          ? await svc.loadFacets(ids, options.include, svc.db, principal, page.items)
          : undefined;
      yield { items: page.items, ids, facets };
      if (page.nextCursor === null) return;
      cursor = page.nextCursor;
    }
  }
  async function* items() {
    for await (const { items, facets } of customerPages())
      yield items.map((c) => (facets ? { ...c, facets: facets.get(c.id) } : c));
  }
  async function* rows(fields: readonly CustomField[]) {
    for await (const { items, ids, facets } of customerPages()) {
      const contacts = await svc.contacts.forCustomers(ids);
      yield items.map((c) =>
        exportRow(
          c,
          contacts.get(c.id)?.find((x) => x.primary),
          fields,
          options.include,
          facets?.get(c.id),
        ),
      );
    }
  }
  const format = options.format;
  if (format === 'json') return jsonStream(items());
  return deferred(async () => {
    const fields = await svc.fields.list();
    const header = exportHeader(fields, options.lang, options.include);
    const name = options.lang === 'zh-CN' ? '客户' : 'Customers';
    return tabularStream(
      format,
      { name, columns: header.map((h): SheetColumn => ({ header: h })) },
      rows(fields),
    );
  });
}

/** A stream whose source is made on first read (so setup errors surface as stream errors, lazily). */
function deferred(make: () => Promise<ReadableStream<Uint8Array>>): ReadableStream<Uint8Array> {
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        reader ??= (await make()).getReader();
        const next = await reader.read();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      } catch (err) {
        controller.error(err);
      }
    },
    cancel(reason) {
      return reader?.cancel(reason);
    },
  });
}

/** Streams the live rows of a plugin entity type whose customers `principal` may see. */
export function exportEntities(
  store: EntityStore,
  def: RegisteredEntityType,
  principal: Principal,
  options: { format: ExportFormat; customerId?: string | undefined },
): ReadableStream<Uint8Array> {
  let columns: string[] | undefined;
  async function* raw() {
    let after: string | undefined;
    for (;;) {
      let q = store.visible(principal).orderBy(`${store.table}.id`).limit(PAGE);
      if (options.customerId && store.customerColumn)
        q = q.where(`${store.table}.${store.customerColumn}`, '=', options.customerId);
      if (after !== undefined) q = q.where(`${store.table}.id`, '>', after);
      const rows: Record<string, unknown>[] = await q.execute();
      columns ??= entityExportColumns(def, rows[0]);
      yield rows;
      if (rows.length < PAGE) return;
      after = String(rows.at(-1)!.id);
    }
  }
  const format = options.format;
  if (format === 'json')
    return jsonStream(
      (async function* () {
        for await (const rows of raw())
          yield def.exportColumns
            ? rows.map((r) => Object.fromEntries(def.exportColumns!.map((c) => [c, r[c]])))
            : rows;
      })(),
    );
  return deferred(async () => {
    const it = raw()[Symbol.asyncIterator]();
    const first = await it.next();
    const cols = columns!;
    const rowsOf = (rows: Record<string, unknown>[]) => rows.map((r) => cols.map((c) => r[c]));
    const pages = (async function* () {
      if (!first.done) yield rowsOf(first.value);
      for (let next = await it.next(); !next.done; next = await it.next()) yield rowsOf(next.value);
    })();
    const money = def.moneyColumns ?? {};
    const sheetColumns = cols.map((c): SheetColumn => {
      const currency = money[c];
      const at = currency ? cols.indexOf(currency) : -1;
      return { header: c, ...(at >= 0 ? { type: { moneyCurrencyColumn: at } } : {}) };
    });
    return tabularStream(format, { name: def.labels.en, columns: sheetColumns }, pages);
  });
}
