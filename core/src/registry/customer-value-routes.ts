import { z } from 'zod';
import type { Principal } from '../auth/principal.js';
import { ProblemError } from '../errors.js';
import type { KehuRouter } from '../http/router.js';
import { isCurrency } from '../money/currencies.js';
import { type SheetColumn, xlsxStream } from '../spreadsheet/xlsx-writer.js';
import type { ArchiveKernel } from './archive-kernel.js';
import { csvStream, EXPORT_TYPES } from './customer-export.js';
import type { CustomerStatus } from './customer-record.js';
import { ImportQuery, ImportReportSchema } from './customer-schemas.js';
import {
  SERVICE_LEVELS,
  VALUE_METHOD,
  VALUE_SEGMENTS,
  type ValueAssessment,
  type YearFigure,
} from './customer-value.js';
import { uploadedSource } from './sheet-import.js';
import { FIGURE_COLUMNS, importValueFigures } from './value-figures-import.js';

const MANAGE = 'customers.value.manage';
const Money = z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);
const Figure = z.object({
  year: z.number().int(),
  currency: z.string(),
  revenue: z.number().describe('Net revenue, integer minor units'),
  margin: z.number().nullable().describe('Known margin; null when revenue × marginRate is used'),
  source: z.string().describe('`imported` or the plugin that reported it'),
});
export const ValueSchema = z.object({
  currency: z.string(),
  segment: z.enum(VALUE_SEGMENTS),
  serviceLevel: z.enum(['priority', 'development', 'standard']),
  lifetimeValue: z.number(),
  averageYearlyMargin: z.number(),
  yearsAveraged: z.array(z.number()),
  lastYearRevenue: z.number(),
  growth: z.number().nullable(),
  expectedYears: z.number(),
  history: z.array(Figure),
  method: z.string(),
});
const FiguresBody = z.strictObject({
  items: z
    .array(
      z.strictObject({
        customerId: z.string().min(1).max(32),
        year: z.number().int().min(1900).max(2999),
        currency: z.string().refine(isCurrency, 'An ISO 4217 currency code'),
        revenue: Money.describe('Net revenue of the year, integer minor units'),
        margin: Money.nullish().describe('Margin of the year when known'),
      }),
    )
    .min(1)
    .max(10_000),
});
const ReportQuery = z.object({
  format: z.enum(['json', 'csv', 'xlsx']).default('json'),
  lang: z.enum(['en', 'zh-CN']).default('en'),
});
const SegmentRow = z.object({
  segment: z.enum(VALUE_SEGMENTS),
  serviceLevel: z.string(),
  customers: z.number(),
  lifetimeValue: z.number(),
  lastYearRevenue: z.number(),
});
const TopRow = z.object({
  customerId: z.string(),
  code: z.string(),
  name: z.string(),
  segment: z.enum(VALUE_SEGMENTS),
  lifetimeValue: z.number(),
  lastYearRevenue: z.number(),
});
const ReportSchema = z.object({
  currency: z.string(),
  computedAt: z.string().nullable(),
  segments: z.array(SegmentRow),
  top: z.array(TopRow),
});

const HEADERS = {
  en: [
    'Code',
    'Name',
    'Segment',
    'Service level',
    'Lifetime value',
    'Average yearly margin',
    'Last year revenue',
    'Currency',
    'Growth',
  ],
  'zh-CN': [
    '客户编号',
    '客户名称',
    '价值分层',
    '服务等级',
    '生命周期价值',
    '年均毛利',
    '上年收入',
    '币种',
    '增长率',
  ],
};
const PAGE = 1000;

/**
 * The customer-value view (客户价值): the `value` facet and `GET /:id/value`, imported yearly
 * figures, the stored segments (list filter `valueSegment`) and the report.
 */
export function customerValueRoutes(router: KehuRouter, kernel: ArchiveKernel): void {
  const { values, customers } = kernel;
  const statuses = async (ids: readonly string[], trx = customers.db) => {
    if (ids.length === 0) return [];
    const build = () => trx.selectFrom('customer').select(['id', 'status']).where('id', 'in', ids);
    // A page's worth as a compiled statement: the facet runs on every customer read.
    const rows =
      ids.length <= 200
        ? await customers.queries.rows(trx, `statuses:${ids.length}`, build, ids)
        : await build().execute();
    return rows as { id: string; status: CustomerStatus }[];
  };

  if (!kernel.registry.facets.has('value'))
    kernel.registry.addFacet('kernel', 'value', {
      schema: ValueSchema,
      permission: 'customers.read',
      async load(ids, trx, _principal, rows) {
        // The route's customers carry their status: no second read of the rows.
        const assessed = await values.assess(trx, rows ?? (await statuses(ids, trx as typeof customers.db)));
        // Each assessment is this call's own object: it takes the method in place rather than being
        // copied (an object spread per customer, and a second map, on every `include=value` read).
        const out = assessed as Map<string, ValueAssessment & { history: YearFigure[]; method: string }>;
        for (const a of out.values()) a.method = VALUE_METHOD;
        return out;
      },
    });

  router.get(
    '/value/report',
    {
      summary: 'Value segments of the customers you may see: counts, lifetime value, the top 20',
      description:
        'From the stored segments (refreshed daily, after an import, or by `POST /value/refresh`). `format=csv|xlsx` gives one row per customer, highest lifetime value first.',
      access: 'customers.read',
      customer: false,
      query: ReportQuery,
      responses: {
        200: { schema: ReportSchema, description: 'The report (JSON), or the rows as CSV or .xlsx' },
      },
    },
    async (c, { query, principal }) => {
      if (query.format !== 'json') {
        const stream = reportRows(kernel, principal, query.format, query.lang);
        return c.body(stream, 200, {
          'Content-Type': EXPORT_TYPES[query.format],
          'Content-Disposition': `attachment; filename="customer-value.${query.format}"`,
        });
      }
      return c.json(await report(kernel, principal));
    },
  );

  router.post(
    '/value/refresh',
    {
      summary: 'Recompute every customer’s value segment now',
      access: MANAGE,
      customer: false,
      responses: { 200: z.object({ customers: z.number() }) },
    },
    async (c) => c.json({ customers: await kernel.transaction((trx) => values.refresh(trx)) }),
  );

  router.post(
    '/value/figures/import',
    {
      summary: 'Import yearly revenue (and margin) figures from CSV or .xlsx',
      description: `One row per customer, year and currency, amounts in major units (12345.67); the columns, in English or Chinese: ${FIGURE_COLUMNS.map((c) => `\`${c.key}\` (${c.zh})`).join(', ')}. A customer by its code or id; the currency defaults to the value view's. Like the customer import: CSV in UTF-8 or an .xlsx sheet (\`sheet=\`), \`dryRun=true\`, \`mode=all-or-nothing\` (422 with the report when any row is bad) or \`skip-invalid\`, a report per row with the sheet's row numbers. A row replaces the imported figure of its year and currency; a figure a plugin reports wins over it. The customers' segments are refreshed.`,
      access: MANAGE,
      customer: false,
      query: ImportQuery.omit({ force: true }),
      rawBody: { contentType: 'text/csv', description: 'The CSV or .xlsx file' },
      responses: { 200: ImportReportSchema },
    },
    async (c, { query, principal }) => {
      const source = uploadedSource(c.req.header('content-type'), c.req.raw.body, query.sheet);
      const report = await importValueFigures(kernel.customers, values, source, {
        mode: query.mode,
        dryRun: query.dryRun,
        actor: principal,
        defaultCurrency: values.settings.currency,
      });
      return c.json(report);
    },
  );

  router.put(
    '/value/figures',
    {
      summary:
        'Import yearly revenue (and margin) figures; one row per customer, year and currency replaces the stored one',
      description:
        'For customers whose sales are not in Kehu, or years before them. A figure a plugin (receivables) reports for the same year and currency wins. All or nothing; the customers’ segments are refreshed.',
      access: MANAGE,
      customer: false,
      body: FiguresBody,
      responses: { 200: z.object({ imported: z.number() }) },
    },
    async (c, { body }) => {
      const ids = [...new Set(body.items.map((i) => i.customerId))];
      const found = new Set((await statuses(ids)).map((r) => r.id));
      const errors = body.items.flatMap((item, i) =>
        found.has(item.customerId)
          ? []
          : [{ path: `body.items.${i}.customerId`, message: `Customer ${item.customerId} does not exist` }],
      );
      if (errors.length > 0)
        throw new ProblemError({
          status: 422,
          code: 'invalid_reference',
          detail: `${errors.length} row(s) name a customer that does not exist; nothing was imported`,
          errors: errors.slice(0, 100),
        });
      await kernel.transaction((trx) => values.importFigures(trx, body.items));
      return c.json({ imported: body.items.length });
    },
  );
}

/** `GET /:id/value`: mounted with the customer's other routes. */
export function customerValueRoute(router: KehuRouter, kernel: ArchiveKernel): void {
  router.get(
    '/:id/value',
    {
      summary: "The customer's value: yearly history, lifetime value, segment and service level",
      description: VALUE_METHOD,
      access: 'customers.read',
      customer: { param: 'id', access: 'see' },
      params: z.object({ id: z.string().min(1).max(64) }),
      responses: { 200: ValueSchema },
    },
    async (c, { customer }) => {
      const { id, status } = customer!;
      const assessed = await kernel.values.assess(kernel.customers.db, [{ id, status }]);
      return c.json({ ...assessed.get(id)!, method: VALUE_METHOD });
    },
  );
}

function valueRows(kernel: ArchiveKernel, principal: Principal) {
  const visible = kernel.customers.visibilityFilter(principal);
  let q = kernel.customers.db
    .selectFrom('customer_value')
    .innerJoin('customer', 'customer.id', 'customer_value.customer_id')
    .where('customer.deleted_at', 'is', null);
  if (visible) q = q.where(visible);
  return q;
}

async function report(kernel: ArchiveKernel, principal: Principal) {
  const segments = await valueRows(kernel, principal)
    .select((eb) => [
      'customer_value.segment',
      eb.fn.countAll().as('n'),
      eb.fn.sum('customer_value.lifetime_value').as('ltv'),
      eb.fn.sum('customer_value.last_year_revenue').as('revenue'),
      eb.fn.max('customer_value.computed_at').as('at'),
    ])
    .groupBy('customer_value.segment')
    .execute();
  const top = await valueRows(kernel, principal)
    .select([
      'customer.id',
      'customer.code',
      'customer.name',
      'customer_value.segment',
      'customer_value.lifetime_value',
      'customer_value.last_year_revenue',
    ])
    .orderBy('customer_value.lifetime_value', 'desc')
    .orderBy('customer.id')
    .limit(20)
    .execute();
  const by = new Map(segments.map((s) => [s.segment as string, s]));
  const at =
    segments
      .map((s) => s.at as string)
      .sort()
      .at(-1) ?? null;
  return {
    currency: kernel.values.settings.currency,
    computedAt: at,
    segments: VALUE_SEGMENTS.map((segment) => {
      const s = by.get(segment);
      return {
        segment,
        serviceLevel: SERVICE_LEVELS[segment],
        customers: Number(s?.n ?? 0),
        lifetimeValue: Number(s?.ltv ?? 0),
        lastYearRevenue: Number(s?.revenue ?? 0),
      };
    }),
    top: top.map((r) => ({
      customerId: r.id as string,
      code: r.code as string,
      name: r.name as string,
      segment: r.segment as (typeof VALUE_SEGMENTS)[number],
      lifetimeValue: Number(r.lifetime_value),
      lastYearRevenue: Number(r.last_year_revenue),
    })),
  };
}

/** Every valued customer the caller sees, highest lifetime value first, a page at a time. */
function reportRows(
  kernel: ArchiveKernel,
  principal: Principal,
  format: 'csv' | 'xlsx',
  lang: 'en' | 'zh-CN',
): ReadableStream<Uint8Array> {
  const currency = kernel.values.settings.currency;
  async function* pages() {
    let after: { ltv: number; id: string } | undefined;
    for (;;) {
      let q = valueRows(kernel, principal).select([
        'customer.id',
        'customer.code',
        'customer.name',
        'customer_value.segment',
        'customer_value.service_level',
        'customer_value.lifetime_value',
        'customer_value.average_margin',
        'customer_value.last_year_revenue',
        'customer_value.growth_bp',
      ]);
      if (after) {
        const { ltv, id } = after;
        q = q.where((eb) =>
          eb.or([
            eb('customer_value.lifetime_value', '<', ltv),
            eb.and([eb('customer_value.lifetime_value', '=', ltv), eb('customer.id', '>', id)]),
          ]),
        );
      }
      const rows = await q
        .orderBy('customer_value.lifetime_value', 'desc')
        .orderBy('customer.id')
        .limit(PAGE)
        .execute();
      // CSV carries minor units as integers; the .xlsx writer turns them into numbers with the currency's decimals.
      yield rows.map((r) => [
        r.code,
        r.name,
        r.segment,
        r.service_level,
        Number(r.lifetime_value),
        Number(r.average_margin),
        Number(r.last_year_revenue),
        currency,
        r.growth_bp === null ? null : Number(r.growth_bp) / 10_000,
      ]);
      if (rows.length < PAGE) return;
      const last = rows.at(-1)!;
      after = { ltv: Number(last.lifetime_value), id: last.id as string };
    }
  }
  const header = HEADERS[lang];
  if (format === 'csv') return csvStream(header, pages());
  const money = { moneyCurrencyColumn: 7 } as const;
  const columns: SheetColumn[] = header.map((h, i) => ({
    header: h,
    ...(i >= 4 && i <= 6 ? { type: money } : i <= 3 ? { type: 'text' as const } : {}),
  }));
  return xlsxStream('Customer value', columns, pages());
}
