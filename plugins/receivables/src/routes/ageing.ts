import {
  decodeCursor,
  downloadHeaders,
  encodeCursor,
  type KehuRouter,
  listQuery,
  type SheetColumn,
  TABULAR_FORMATS,
  tabularDownload,
  tabularStream,
  xlsxPages,
  z,
} from '@kehu/core';
import { ageingSummary, bucketDefs, type CustomerAgeing, scanAgeing } from '../ageing.js';
import type { Deps } from '../context.js';
import { AgeingSummarySchema, CustomerAgeingPageSchema } from './response-schemas.js';
import { BucketsParam, DateString } from './shared.js';

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

  const exports = {
    csv: {
      summary:
        'The full ageing per customer as CSV, streamed chunk by chunk so other requests keep being served',
      description:
        'One row per customer and currency: customer_id, code, name, currency, outstanding, then each bucket',
    },
    xlsx: {
      summary: 'The full ageing per customer as an .xlsx file, streamed; amounts are numbers in the currency',
      description: 'The same rows and columns as `/ageing/export.csv`, amounts typed as money',
    },
  };
  for (const format of TABULAR_FORMATS)
    router.get(
      `/ageing/export.${format}`,
      {
        summary: exports[format].summary,
        access: 'receivables.ageing.read',
        query: AgeingQuery,
        responses: { 200: tabularDownload(format, exports[format].description) },
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
        return c.body(
          tabularStream(format, { name: `Ageing ${asOf}`, columns }, pages),
          200,
          downloadHeaders(format, `ageing-${asOf}.${format}`),
        );
      },
    );
}
