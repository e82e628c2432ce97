import { addDays, isBusinessDate, z } from '@kehu/core';
import type { Deps } from './context.js';
import { parseJson } from './model.js';

const Day = z.string().refine(isBusinessDate, 'A date is written YYYY-MM-DD');
/** What a report groups by. */
export const REPORT_GROUPS = [
  'category',
  'nature',
  'severity',
  'channel',
  'responsibleParty',
  'handler',
  'tier',
  'month',
] as const;
export const ReportQuery = z.strictObject({
  from: Day,
  to: Day,
  by: z.enum(REPORT_GROUPS).default('category'),
});
export type ReportQuery = z.infer<typeof ReportQuery>;

const MINUTE = 60_000;
const avg = (xs: number[]) =>
  xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length / MINUTE) : null;
/** The nearest-rank 90th percentile. */
const p90 = (xs: number[]) => {
  if (!xs.length) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  return Math.round(sorted[Math.ceil(0.9 * sorted.length) - 1]! / MINUTE);
};

export interface ReportRow {
  group: string;
  complaints: number;
  customers: number;
  avgResponseMinutes: number | null;
  p90ResponseMinutes: number | null;
  avgResolutionMinutes: number | null;
  p90ResolutionMinutes: number | null;
  /** Share of complaints with a result (resolved or breached) that met their resolution target. */
  slaAttainment: number | null;
  reopenRate: number;
  /** Complaints per 100 active customers (the registry's count now); null without any. */
  per100Customers: number | null;
  /** Complaints per 100 invoices issued in the period; null without receivables or invoices. */
  per100Invoices: number | null;
  compensation: { currency: string; amount: number }[];
}

export interface ComplaintReport {
  from: string;
  to: string;
  by: string;
  /** The complaint rates' bases: active customers, and invoices issued in the period (null without receivables). */
  activeCustomers: number;
  invoices: number | null;
  rows: ReportRow[];
}

/** Complaints per 100 of `base`, to two decimals. */
const per100 = (n: number, base: number | null): number | null =>
  base ? Math.round((n / base) * 10_000) / 100 : null;

/** 留档分析: complaints received in the company dates [from, to], grouped. */
export async function complaintReport(deps: Deps, query: ReportQuery): Promise<ComplaintReport> {
  const from = deps.clock.startOf(query.from).toISOString();
  const to = deps.clock.startOf(addDays(query.to, 1)).toISOString();
  const rows = await deps.db
    .selectFrom('cmp_complaint')
    .select([
      'id',
      'customer_id',
      'received_at',
      'category',
      'nature',
      'severity',
      'channel',
      'responsible_party',
      'handler_id',
      'key_reasons',
      'response_working_ms',
      'resolution_working_ms',
      'resolution_breached',
      'resolved_at',
      'reopen_count',
    ])
    .where('received_at', '>=', from)
    .where('received_at', '<', to)
    .where('state', 'not in', ['withdrawn', 'duplicate'])
    .execute();
  const paid = await deps.db
    .selectFrom('cmp_remedy')
    .innerJoin('cmp_complaint', 'cmp_complaint.id', 'cmp_remedy.complaint_id')
    .select(['cmp_remedy.complaint_id', 'cmp_remedy.currency', 'cmp_remedy.amount'])
    .where('cmp_complaint.received_at', '>=', from)
    .where('cmp_complaint.received_at', '<', to)
    .where('cmp_remedy.status', '=', 'approved')
    .where('cmp_remedy.kind', 'in', ['refund', 'compensation'])
    .execute();
  const keyOf = (r: any): string => {
    switch (query.by) {
      case 'responsibleParty':
        return r.responsible_party ?? 'unknown';
      case 'handler':
        return r.handler_id;
      case 'tier':
        return parseJson<string[]>(r.key_reasons, []).includes('key_account') ? 'key_account' : 'other';
      case 'month':
        return deps.clock.dateOf(r.received_at).slice(0, 7);
      case 'nature':
        return r.nature ?? 'unidentified';
      default:
        return r[query.by];
    }
  };
  const receivables = deps.service('receivables');
  const [statuses, invoices] = await Promise.all([
    deps.customers.countsByStatus(),
    receivables ? receivables.countInvoices({ from: query.from, to: query.to }) : null,
  ]);
  const groups = new Map<string, any[]>();
  const groupOf = new Map<string, string>();
  for (const r of rows) {
    const k = keyOf(r);
    groupOf.set(r.id as string, k);
    const list = groups.get(k);
    if (list) list.push(r);
    else groups.set(k, [r]);
  }
  // Compensation per group and currency, in one pass.
  const money = new Map<string, Map<string, number>>();
  for (const p of paid) {
    const group = groupOf.get(p.complaint_id as string);
    if (group === undefined) continue;
    const sums = money.get(group) ?? new Map<string, number>();
    money.set(group, sums);
    sums.set(p.currency as string, (sums.get(p.currency as string) ?? 0) + Number(p.amount));
  }
  const out: ReportRow[] = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([group, list]) => {
      const response = list
        .filter((r) => r.response_working_ms != null)
        .map((r) => Number(r.response_working_ms));
      const resolution = list
        .filter((r) => r.resolution_working_ms != null)
        .map((r) => Number(r.resolution_working_ms));
      const judged = list.filter((r) => r.resolved_at || Number(r.resolution_breached) === 1);
      return {
        group,
        complaints: list.length,
        customers: new Set(list.map((r) => r.customer_id)).size,
        avgResponseMinutes: avg(response),
        p90ResponseMinutes: p90(response),
        avgResolutionMinutes: avg(resolution),
        p90ResolutionMinutes: p90(resolution),
        slaAttainment: judged.length
          ? Math.round(
              (judged.filter((r) => Number(r.resolution_breached) !== 1).length / judged.length) * 1000,
            ) / 1000
          : null,
        reopenRate:
          Math.round((list.filter((r) => Number(r.reopen_count) > 0).length / list.length) * 1000) / 1000,
        per100Customers: per100(list.length, statuses.active),
        per100Invoices: per100(list.length, invoices),
        compensation: [...(money.get(group) ?? new Map<string, number>()).entries()]
          .sort()
          .map(([currency, amount]) => ({ currency, amount })),
      };
    });
  return {
    from: query.from,
    to: query.to,
    by: query.by,
    activeCustomers: statuses.active,
    invoices,
    rows: out,
  };
}
