import {
  csvRecord,
  csvRecords,
  decodeCursor,
  encodeCursor,
  type KehuRouter,
  listQuery,
  type SheetColumn,
  UTF8_BOM,
  xlsxPages,
  xlsxStream,
  z,
} from '@kehu/core';
import { ageingSummary, bucketDefs, type CustomerAgeing, scanAgeing } from '../ageing.js';
import type { Deps } from '../context.js';
import {
  AgeingSummarySchema,
  CustomerAgeingPageSchema,
  csvDownload,
  xlsxDownload,
} from './response-schemas.js';
import { BucketsParam, csvHeaders, DateString, xlsxHeaders } from './shared.js';

const CUSTOMER_ORDER = 'customer_id';

const AgeingQuery = z.object({ asOf: DateString.optional(), buckets: BucketsParam.optional() });

/** Ageing (账龄) of open receivables: the summary, per customer, and as CSV and .xlsx. */
export function ageingRoutes(router: KehuRouter, deps: Deps): void {
  router.get(
    '/ageing',
    {
      summary:
        'Ageing as of a date: bucket totals per currency, per responsible person, and the customers with the largest oldest-bucket balance',
      description:
        'Buckets default to the configured bounds (30,60,90 days overdue). Limited to the customers the caller may see.',
      access: 'receivables.ageing.read',
      query: AgeingQuery.extend({ top: z.coerce.number().int().min(1).max(500).default(50) }),
      responses: { 200: AgeingSummarySchema },
    },
    async (c, { query, principal }) =>
      c.json(
        await ageingSummary(deps, {
          ...(query.asOf ? { asOf: query.asOf } : {}),
          ...(query.buckets ? { bounds: query.buckets } : {}),
          top: query.top,
          principal,
          readsAll: principal.can('customers.readAll'),
        }),
      ),
  );

  router.get(
    '/ageing/customers',
    {
      summary: 'Ageing per customer and currency, a page at a time in customer order',
      access: 'receivables.ageing.read',
      query: AgeingQuery.extend(listQuery().shape),
      responses: { 200: CustomerAgeingPageSchema },
    },
    async (c, { query, principal }) => {
      const asOf = query.asOf ?? deps.clock.today();
      const bounds = query.buckets ?? deps.config.ageingBuckets;
      const items: CustomerAgeing[] = [];
      const next = await scanAgeing(
        deps,
        {
          asOf,
          bounds,
          principal,
          limit: query.limit,
          ...(query.cursor ? { after: String(decodeCursor(query.cursor, CUSTOMER_ORDER, 1)[0]) } : {}),
        },
        (rows) => {
          items.push(...rows);
        },
      );
      return c.json({
        asOf,
        buckets: bucketDefs(bounds),
        items,
        nextCursor: next ? encodeCursor(CUSTOMER_ORDER, [next]) : null,
      });
    },
  );

  router.get(
    '/ageing/export.csv',
    {
      summary:
        'The full ageing per customer as CSV, streamed chunk by chunk so other requests keep being served',
      access: 'receivables.ageing.read',
      query: AgeingQuery,
      responses: {
        200: csvDownload(
          'One row per customer and currency: customer_id, code, name, currency, outstanding, then each bucket',
        ),
      },
    },
    async (c, { query, principal }) => {
      const asOf = query.asOf ?? deps.clock.today();
      const bounds = query.buckets ?? deps.config.ageingBuckets;
      const defs = bucketDefs(bounds);
      const encoder = new TextEncoder();
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(
            encoder.encode(
              UTF8_BOM +
                csvRecord([
                  'customer_id',
                  'code',
                  'name',
                  'currency',
                  'outstanding',
                  ...defs.map((d) => d.key),
                ]),
            ),
          );
          scanAgeing(deps, { asOf, bounds, principal }, (rows) => {
            const text = csvRecords(
              rows.map((r) => [
                r.customerId,
                r.code ?? '',
                r.name ?? '',
                r.currency,
                r.outstanding,
                ...defs.map((d) => r.buckets[d.key]),
              ]),
            );
            if (text) controller.enqueue(encoder.encode(text));
          }).then(
            () => controller.close(),
            (err) => {
              deps.logger.error('ageing export failed', { error: String(err) });
              controller.error(err);
            },
          );
        },
      });
      return c.body(stream, 200, csvHeaders(`ageing-${asOf}.csv`));
    },
  );

  router.get(
    '/ageing/export.xlsx',
    {
      summary: 'The full ageing per customer as an .xlsx file, streamed; amounts are numbers in the currency',
      access: 'receivables.ageing.read',
      query: AgeingQuery,
      responses: {
        200: xlsxDownload('The same rows and columns as `/ageing/export.csv`, amounts typed as money'),
      },
    },
    async (c, { query, principal }) => {
      const asOf = query.asOf ?? deps.clock.today();
      const bounds = query.buckets ?? deps.config.ageingBuckets;
      const defs = bucketDefs(bounds);
      const money = { type: { moneyCurrencyColumn: 3 } } as const;
      const columns: SheetColumn[] = [
        { header: 'customer_id', type: 'text' },
        { header: 'code', type: 'text' },
        { header: 'name', type: 'text' },
        { header: 'currency', type: 'text' },
        { header: 'outstanding', ...money },
        ...defs.map((d) => ({ header: d.key, ...money })),
      ];
      const pages = xlsxPages<unknown[]>((push) =>
        scanAgeing(deps, { asOf, bounds, principal }, (rows) =>
          push(
            rows.map((r) => [
              r.customerId,
              r.code ?? '',
              r.name ?? '',
              r.currency,
              r.outstanding,
              ...defs.map((d) => r.buckets[d.key]),
            ]),
          ),
        ),
      );
      return c.body(xlsxStream(`Ageing ${asOf}`, columns, pages), 200, xlsxHeaders(`ageing-${asOf}.xlsx`));
    },
  );
}
