import { csvRecords, type KehuRouter, UTF8_BOM, XLSX_CONTENT_TYPE, xlsxStream, z } from '@kehu/core';
import type { Deps } from '../context.js';
import { complaintReport, ReportQuery } from '../reports.js';

export function reportRoutes(router: KehuRouter, deps: Deps): void {
  router.get(
    '/reports',
    {
      summary:
        'Complaint analysis by period and group: counts, working times (avg, p90), SLA attainment, reopen rate, compensation per currency',
      access: 'complaints.reports',
      query: ReportQuery,
      responses: {
        200: z.object({
          from: z.string(),
          to: z.string(),
          by: z.string(),
          activeCustomers: z.number().int(),
          invoices: z.number().int().nullable(),
          rows: z.array(z.object({}).loose()),
        }),
      },
    },
    async (c, { query }) => c.json(await complaintReport(deps, query)),
  );
  /** One line per group and compensation currency, for the CSV and the .xlsx file alike. */
  const reportTable = async (
    query: z.infer<typeof ReportQuery>,
    money: (amount: number, currency: string) => unknown,
  ) => {
    const report = await complaintReport(deps, query);
    const header = [
      query.by,
      'complaints',
      'customers',
      'avg_response_min',
      'p90_response_min',
      'avg_resolution_min',
      'p90_resolution_min',
      'sla_attainment',
      'reopen_rate',
      'per_100_customers',
      'per_100_invoices',
      'compensation_currency',
      'compensation_amount',
    ];
    const lines = report.rows.flatMap((r) => {
      const base = [
        r.group,
        r.complaints,
        r.customers,
        r.avgResponseMinutes,
        r.p90ResponseMinutes,
        r.avgResolutionMinutes,
        r.p90ResolutionMinutes,
        r.slaAttainment,
        r.reopenRate,
        r.per100Customers,
        r.per100Invoices,
      ];
      return r.compensation.length
        ? r.compensation.map((m) => [...base, m.currency, money(m.amount, m.currency)])
        : [[...base, null, null]];
    });
    return { header, lines };
  };
  router.get(
    '/reports.csv',
    {
      summary: 'The complaint analysis as CSV (one line per group and currency)',
      access: 'complaints.reports',
      query: ReportQuery,
      responses: { 200: { description: 'CSV', contentType: 'text/csv' } },
    },
    async (c, { query }) => {
      const { header, lines } = await reportTable(query, (amount) => amount);
      return c.body(UTF8_BOM + csvRecords([header, ...lines]), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="complaints-${query.from}-${query.to}-${query.by}.csv"`,
      });
    },
  );
  router.get(
    '/reports.xlsx',
    {
      summary: 'The complaint analysis as an .xlsx file (compensation as a number in its currency)',
      access: 'complaints.reports',
      query: ReportQuery,
      responses: { 200: { description: 'The same lines as `/reports.csv`', contentType: XLSX_CONTENT_TYPE } },
    },
    async (c, { query }) => {
      const { header, lines } = await reportTable(query, (amount, currency) => ({ amount, currency }));
      const columns = header.map((h, i) => ({ header: h, ...(i === 0 ? { type: 'text' as const } : {}) }));
      return c.body(xlsxStream('Complaints', columns, [lines]), 200, {
        'Content-Type': XLSX_CONTENT_TYPE,
        'Content-Disposition': `attachment; filename="complaints-${query.from}-${query.to}-${query.by}.xlsx"`,
      });
    },
  );
}
