import {
  downloadHeaders,
  type KehuRouter,
  type SheetColumn,
  TABULAR_FORMATS,
  tabularDownload,
  tabularStream,
} from '@kehu/core';
import type { Deps } from '../context.js';
import { complaintReport, ReportQuery } from '../reports.js';
import { ReportSchema } from './response-schemas.js';

export function reportRoutes(router: KehuRouter, deps: Deps): void {
  router.get(
    '/reports',
    {
      summary:
        'Complaint analysis by period and group: counts, working times (avg, p90), SLA attainment, reopen rate, compensation per currency',
      access: 'complaints.reports',
      query: ReportQuery,
      responses: { 200: ReportSchema },
    },
    async (c, { query }) => c.json(await complaintReport(deps, query)),
  );
  const exports = {
    csv: {
      summary: 'The complaint analysis as CSV (one line per group and currency)',
      description: 'CSV',
    },
    xlsx: {
      summary: 'The complaint analysis as an .xlsx file (compensation as a number in its currency)',
      description: 'The same lines as `/reports.csv`',
    },
  };
  for (const format of TABULAR_FORMATS)
    router.get(
      `/reports.${format}`,
      {
        summary: exports[format].summary,
        access: 'complaints.reports',
        query: ReportQuery,
        responses: { 200: tabularDownload(format, exports[format].description) },
      },
      async (c, { query }) => {
        const report = await complaintReport(deps, query);
        // One line per group and compensation currency; the amount in minor units (CSV), in its
        // currency's units (.xlsx).
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
            ? r.compensation.map((m) => [...base, m.currency, m.amount])
            : [[...base, null, null]];
        });
        return c.body(
          tabularStream(format, { name: 'Complaints', columns: reportColumns(query.by) }, [lines]),
          200,
          downloadHeaders(format, `complaints-${query.from}-${query.to}-${query.by}.${format}`),
        );
      },
    );
}

const reportColumns = (by: string): SheetColumn[] => [
  { header: by, type: 'text' },
  ...[
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
  ].map((header) => ({ header })),
  { header: 'compensation_amount', type: { moneyCurrencyColumn: 11 } },
];
