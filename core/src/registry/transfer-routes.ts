import type { KehuRouter } from '../http/router.js';
import type { ArchiveKernel } from './archive-kernel.js';
import { EXPORT_TYPES, exportCustomers } from './customer-export.js';
import { importCustomers } from './customer-import.js';
import { customerFilterOf, parseInclude } from './customer-query.js';
import { ExportQuery, ImportQuery, ImportReportSchema } from './customer-schemas.js';
import { uploadedSource } from './sheet-import.js';

/** `/customers/export` and `/customers/import`: CSV and .xlsx (and JSON export) with the list's filters and access rule. */
export function transferRoutes(router: KehuRouter, kernel: ArchiveKernel): void {
  router.get(
    '/export',
    {
      summary: 'Export the customers the caller may see (CSV with BOM, .xlsx, or JSON)',
      description:
        'Takes the same filters as the list. The CSV or .xlsx header is English keys or, with `lang=zh-CN`, Chinese; `.xlsx` cells are typed (dates as dates, numbers and yes/no as such); the file imports again as it is.',
      access: 'customers.export',
      query: ExportQuery,
      responses: {
        200: {
          description: 'The customers, streamed (text/csv, .xlsx or JSON by `format`)',
          contentType: 'text/csv',
        },
      },
    },
    async (c, { query, principal }) => {
      const include = parseInclude(kernel, query.include, principal);
      const filter = await customerFilterOf(kernel, principal, query);
      const stream = exportCustomers(kernel.customers, principal, filter, {
        format: query.format,
        lang: query.lang,
        include,
        sort: query.sort,
      });
      const day = kernel.clock.now().toISOString().slice(0, 10).replace(/-/g, '');
      return c.body(stream, 200, {
        'Content-Type': EXPORT_TYPES[query.format],
        'Content-Disposition': `attachment; filename="customers-${day}.${query.format}"`,
      });
    },
  );

  router.post(
    '/import',
    {
      summary: 'Import customers from CSV or .xlsx',
      description:
        "CSV in UTF-8 with or without BOM, or an .xlsx workbook (content type `application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`; the first sheet, or `sheet=<name>`; row numbers in the report are the sheet's); English or Chinese headers (those of the export). `dryRun=true` checks and reports without writing. `mode=all-or-nothing` (default) writes nothing when any row is bad (422 with the report); `mode=skip-invalid` writes the good rows. The body is read as a stream.",
      access: 'customers.import',
      customer: false,
      query: ImportQuery,
      rawBody: { contentType: 'text/csv', description: 'The CSV or .xlsx file' },
      responses: { 200: ImportReportSchema },
    },
    async (c, { query, principal }) => {
      const source = uploadedSource(c.req.header('content-type'), c.req.raw.body, query.sheet);
      const report = await importCustomers(kernel.customers, source, {
        mode: query.mode,
        dryRun: query.dryRun,
        force: query.force,
        actor: principal,
      });
      return c.json(report);
    },
  );
}
