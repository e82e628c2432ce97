import type { Principal } from '../auth/principal.js';
import { csvRecord, csvRecords, UTF8_BOM } from '../csv/csv-writer.js';
import { exportHeader, exportRow } from './customer-csv-columns.js';
import type { CustomerFilter, CustomerSort } from './customer-list.js';
import type { CustomerService } from './customer-service.js';
import { type EntityStore, entityExportColumns, type RegisteredEntityType } from './entity-store.js';

const PAGE = 500;

export interface ExportOptions {
  format: 'csv' | 'json';
  lang: 'en' | 'zh-CN';
  include: readonly string[];
  sort?: CustomerSort | undefined;
}

/**
 * Streams the customers `principal` may see that match `filter`, a page at a time: the same filters
 * and access rule as the list. CSV starts with a BOM so Excel reads Chinese correctly and carries the
 * primary contact; JSON is an array of list items.
 */
export function exportCustomers(
  svc: CustomerService,
  principal: Principal,
  filter: CustomerFilter,
  options: ExportOptions,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: string | undefined;
  let started = false;
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const fields = await svc.fields.list();
        let chunk = '';
        if (!started) {
          started = true;
          chunk +=
            options.format === 'csv'
              ? UTF8_BOM + csvRecord(exportHeader(fields, options.lang, options.include))
              : '[';
        }
        const page = await svc.list(principal, filter, { limit: PAGE, cursor, sort: options.sort });
        const ids = page.items.map((c) => c.id);
        const facets =
          options.include.length > 0
            ? await svc.loadFacets(ids, options.include, svc.db, principal)
            : undefined;
        if (options.format === 'csv') {
          const contacts = await svc.contacts.forCustomers(ids);
          chunk += csvRecords(
            page.items.map((c) =>
              exportRow(
                c,
                contacts.get(c.id)?.find((x) => x.primary),
                fields,
                options.include,
                facets?.get(c.id),
              ),
            ),
          );
        } else {
          for (const c of page.items) {
            chunk += (first ? '' : ',') + JSON.stringify(facets ? { ...c, facets: facets.get(c.id) } : c);
            first = false;
          }
        }
        const done = page.nextCursor === null;
        if (done && options.format === 'json') chunk += ']';
        if (chunk) controller.enqueue(encoder.encode(chunk));
        if (done) controller.close();
        else cursor = page.nextCursor!;
      } catch (err) {
        controller.error(err);
      }
    },
  });
}

/** Streams the live rows of a plugin entity type whose customers `principal` may see. */
export function exportEntities(
  store: EntityStore,
  def: RegisteredEntityType,
  principal: Principal,
  options: { format: 'csv' | 'json'; customerId?: string | undefined },
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: string | undefined;
  let columns: string[] | undefined;
  let started = false;
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        let q = store.visible(principal).orderBy(`${store.table}.id`).limit(PAGE);
        if (options.customerId && store.customerColumn)
          q = q.where(`${store.table}.${store.customerColumn}`, '=', options.customerId);
        if (after !== undefined) q = q.where(`${store.table}.id`, '>', after);
        const rows: Record<string, unknown>[] = await q.execute();
        let chunk = '';
        if (!started) {
          started = true;
          if (options.format === 'csv') {
            columns = entityExportColumns(def, rows[0]);
            chunk += UTF8_BOM + csvRecord(columns);
          } else chunk += '[';
        }
        if (options.format === 'csv') chunk += csvRecords(rows.map((r) => columns!.map((c) => r[c])));
        else
          for (const r of rows) {
            chunk +=
              (first ? '' : ',') +
              JSON.stringify(
                def.exportColumns ? Object.fromEntries(def.exportColumns.map((c) => [c, r[c]])) : r,
              );
            first = false;
          }
        const done = rows.length < PAGE;
        if (done && options.format === 'json') chunk += ']';
        if (chunk) controller.enqueue(encoder.encode(chunk));
        if (done) controller.close();
        else after = String(rows.at(-1)!.id);
      } catch (err) {
        controller.error(err);
      }
    },
  });
}
