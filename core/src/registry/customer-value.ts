import { z } from 'zod';
import { chunks } from '../chunks.js';
import type { Executor, Trx } from '../db/database.js';
import { BootError } from '../errors.js';
import { isCurrency } from '../money/currencies.js';
import { inlineRows } from './customer-reads.js';
import type { CustomerStatus } from './customer-record.js';
import type { CustomerService } from './customer-service.js';

export const VALUE_SEGMENTS = ['high', 'potential', 'low'] as const;
export type ValueSegment = (typeof VALUE_SEGMENTS)[number];
/** What each segment is owed (高价值优先服务, 潜力客户重点培育, 低价值标准服务). */
export const SERVICE_LEVELS = { high: 'priority', potential: 'development', low: 'standard' } as const;
export type ServiceLevel = (typeof SERVICE_LEVELS)[ValueSegment];

export const CustomerValueConfig = z.strictObject({
  /** LTV and segments are figured in this currency only; other currencies show in the history. */
  currency: z.string().refine(isCurrency, 'An ISO 4217 currency code').default('CNY'),
  /** Share of revenue that is margin, for years without a margin figure. */
  marginRate: z.number().min(0).max(1).default(0.2),
  /** Complete years averaged for the yearly margin. */
  lookbackYears: z.number().int().min(1).max(20).default(3),
  /** Years the relationship is expected to last from now. */
  expectedYears: z.number().min(0).max(50).default(5),
  /** LTV (minor units) from which a customer is high value. */
  highMinLtv: z.number().int().min(0).default(50_000_000),
  /** Revenue growth of the last complete year over the one before (0.2 = 20%) that makes a customer potential. */
  potentialMinGrowth: z.number().min(0).default(0.2),
});
export type CustomerValueOptions = z.input<typeof CustomerValueConfig>;
export type CustomerValueSettings = z.output<typeof CustomerValueConfig>;

/** Revenue of one customer in one year and currency, from a plugin (receivables) or imported. */
export interface YearFigure {
  year: number;
  currency: string;
  /** Net revenue, integer minor units. */
  revenue: number;
  /** Margin when known (imported); otherwise revenue × marginRate. */
  margin: number | null;
  source: string;
}

export interface ValueAssessment {
  currency: string;
  segment: ValueSegment;
  serviceLevel: ServiceLevel;
  /** Average yearly margin × expected remaining years, minor units of `currency`. */
  lifetimeValue: number;
  averageYearlyMargin: number;
  /** The complete years averaged (since the first year with revenue, at most `lookbackYears`). */
  yearsAveraged: number[];
  lastYearRevenue: number;
  /** Revenue growth of the last complete year over the one before; null without revenue the year before. */
  growth: number | null;
  expectedYears: number;
}

export const VALUE_METHOD =
  'lifetimeValue = average yearly margin of the last complete years (since the first year with revenue) × expected remaining years; a year without a margin figure counts revenue × marginRate';

/**
 * The customer-value view of one customer (客户价值): from its yearly figures in the configured
 * currency, the average yearly margin, the lifetime value estimate and the segment it puts the
 * customer in. Pure: the same inputs always give the same answer.
 */
export function assessValue(
  figures: readonly YearFigure[],
  status: CustomerStatus,
  today: string,
  o: CustomerValueSettings,
): ValueAssessment {
  const thisYear = Number(today.slice(0, 4));
  const byYear = new Map<number, YearFigure>();
  for (const f of figures) if (f.currency === o.currency) byYear.set(f.year, f);
  const withRevenue = [...byYear.values()].filter((f) => f.revenue !== 0).map((f) => f.year);
  const firstYear = withRevenue.length > 0 ? Math.min(...withRevenue) : null;
  const years: number[] = [];
  if (firstYear !== null)
    for (let y = Math.max(thisYear - o.lookbackYears, firstYear); y < thisYear; y++) years.push(y);
  const marginOf = (y: number) => {
    const f = byYear.get(y);
    if (!f) return 0;
    return f.margin ?? Math.round(f.revenue * o.marginRate);
  };
  const averageYearlyMargin =
    years.length === 0 ? 0 : Math.round(years.reduce((s, y) => s + marginOf(y), 0) / years.length);
  const lifetimeValue = Math.max(0, Math.round(averageYearlyMargin * o.expectedYears));
  const last = byYear.get(thisYear - 1)?.revenue ?? 0;
  const before = byYear.get(thisYear - 2)?.revenue ?? 0;
  const growth = before > 0 ? Math.round(((last - before) / before) * 10_000) / 10_000 : null;
  const young = firstYear !== null && firstYear >= thisYear - 1;
  const segment: ValueSegment =
    lifetimeValue >= o.highMinLtv && lifetimeValue > 0
      ? 'high'
      : status === 'potential' || young || (growth !== null && growth >= o.potentialMinGrowth)
        ? 'potential'
        : 'low';
  return {
    currency: o.currency,
    segment,
    serviceLevel: SERVICE_LEVELS[segment],
    lifetimeValue,
    averageYearlyMargin,
    yearsAveraged: years,
    lastYearRevenue: last,
    growth,
    expectedYears: o.expectedYears,
  };
}

export interface ContributionInput {
  customerId: string;
  year: number;
  currency: string;
  revenue: number;
  margin?: number | null | undefined;
}

/** Newest year first, then by currency. */
const newestFirst = (a: YearFigure, b: YearFigure) => b.year - a.year || a.currency.localeCompare(b.currency);

/**
 * Yearly figures of customers and the value view built on them. Revenue comes from the plugins that
 * answer the `customer.revenueByYear` filter (receivables) and from imported figures; for a year and
 * currency a plugin reports, its figure wins over an imported one. Segments are stored by
 * {@link refresh} (the daily job, after an import, on demand) so lists filter on them.
 */
export class CustomerValues {
  readonly settings: CustomerValueSettings;

  constructor(
    private readonly svc: CustomerService,
    private readonly today: () => string,
    options: CustomerValueOptions | undefined,
  ) {
    const parsed = CustomerValueConfig.safeParse(options ?? {});
    if (!parsed.success)
      throw new BootError(
        `Invalid customers.value: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    this.settings = parsed.data;
  }

  /** Every yearly figure of the customers (all when `ids` is null), plugin figures winning. */
  async figures(
    trx: Executor,
    ids: readonly string[] | null,
    today = this.today(),
    read?: readonly Record<string, any>[],
  ): Promise<Map<string, YearFigure[]>> {
    const thisYear = Number(today.slice(0, 4));
    const out = new Map<string, Map<string, YearFigure>>();
    const put = (customerId: string, f: YearFigure, override: boolean) => {
      let m = out.get(customerId);
      if (!m) {
        m = new Map();
        out.set(customerId, m);
      }
      const key = `${f.year}:${f.currency}`;
      if (override || !m.has(key)) m.set(key, f);
    };
    // `read`: the imported rows of `ids`, already read with the customers (see `customer-reads.ts`).
    const imported = read ? [...read] : [];
    for (const part of read ? [] : ids === null ? [null] : chunks(ids, 500)) {
      // Built only when run or compiled: a cached statement needs no query builder.
      const build = () => {
        const q = trx.selectFrom('customer_contribution').selectAll();
        return part ? q.where('customer_id', 'in', part) : q;
      };
      // The facet's one-customer read as a compiled statement; bulk reads as they come.
      imported.push(
        ...(part && part.length <= 200
          ? await this.svc.queries.rows(trx, `contributions:${part.length}`, build, part)
          : await build().execute()),
      );
    }
    for (const r of imported)
      put(
        r.customer_id,
        {
          year: Number(r.year),
          currency: r.currency,
          revenue: Number(r.revenue),
          margin: r.margin === null ? null : Number(r.margin),
          source: 'imported',
        },
        false,
      );
    // Nobody reports revenue (no receivables): no payload and no await on every customer read.
    if (this.svc.hooks.hasFilters('customer.revenueByYear')) {
      const reported = await this.svc.hooks.applyFilters(
        'customer.revenueByYear',
        { customerIds: ids, toYear: thisYear, rows: [] },
        { trx: trx as Trx, principal: null },
      );
      for (const r of reported.rows)
        put(
          r.customerId,
          { year: r.year, currency: r.currency, revenue: r.revenue, margin: null, source: r.source },
          true,
        );
    }
    const byCustomer = new Map<string, YearFigure[]>();
    for (const [id, m] of out) byCustomer.set(id, [...m.values()].sort(newestFirst));
    return byCustomer;
  }

  /** The live assessment and history of each customer among `ids` (the `value` facet). */
  async assess(
    trx: Executor,
    customers: readonly { id: string; status: CustomerStatus }[],
  ): Promise<Map<string, ValueAssessment & { history: YearFigure[] }>> {
    const today = this.today();
    const figures = await this.figures(
      trx,
      customers.map((c) => c.id),
      today,
      inlineRows(customers, 'value')?.flat(),
    );
    const out = new Map<string, ValueAssessment & { history: YearFigure[] }>();
    for (const c of customers) {
      const history = figures.get(c.id) ?? [];
      const assessment = assessValue(history, c.status, today, this.settings) as ValueAssessment & {
        history: YearFigure[];
      };
      assessment.history = history;
      out.set(c.id, assessment);
    }
    return out;
  }

  /** Upserts imported yearly figures (one row per customer, year and currency), then refreshes those customers. */
  async importFigures(trx: Trx, rows: readonly ContributionInput[]): Promise<void> {
    const now = this.svc.clock.now().toISOString();
    for (const r of rows) {
      await trx
        .deleteFrom('customer_contribution')
        .where('customer_id', '=', r.customerId)
        .where('year', '=', r.year)
        .where('currency', '=', r.currency)
        .execute();
    }
    for (const part of chunks(rows, 500))
      await trx
        .insertInto('customer_contribution')
        .values(
          part.map((r) => ({
            customer_id: r.customerId,
            year: r.year,
            currency: r.currency,
            revenue: r.revenue,
            margin: r.margin ?? null,
            updated_at: now,
          })),
        )
        .execute();
    await this.refresh(trx, [...new Set(rows.map((r) => r.customerId))]);
  }

  /** Recomputes and stores the segment of the customers (every live one when `ids` is absent). */
  async refresh(trx: Trx, ids?: readonly string[]): Promise<number> {
    const customers: { id: string; status: CustomerStatus }[] = [];
    for (const part of ids ? chunks(ids, 500) : [null]) {
      let q = trx.selectFrom('customer').select(['id', 'status']).where('deleted_at', 'is', null);
      if (part) q = q.where('id', 'in', part);
      customers.push(...((await q.execute()) as { id: string; status: CustomerStatus }[]));
    }
    const figures = await this.figures(trx, ids ?? null);
    const today = this.today();
    const now = this.svc.clock.now().toISOString();
    if (ids)
      for (const part of chunks(ids, 500))
        await trx.deleteFrom('customer_value').where('customer_id', 'in', part).execute();
    else await trx.deleteFrom('customer_value').execute();
    const rows = customers.map((c) => {
      const a = assessValue(figures.get(c.id) ?? [], c.status, today, this.settings);
      return {
        customer_id: c.id,
        currency: a.currency,
        segment: a.segment,
        service_level: a.serviceLevel,
        lifetime_value: a.lifetimeValue,
        average_margin: a.averageYearlyMargin,
        last_year_revenue: a.lastYearRevenue,
        growth_bp: a.growth === null ? null : Math.round(a.growth * 10_000),
        computed_at: now,
      };
    });
    for (const part of chunks(rows, 500)) await trx.insertInto('customer_value').values(part).execute();
    return rows.length;
  }
}
