import { badRequest, ProblemError } from '../errors.js';
import type { KehuRouter } from '../http/router.js';
import type { ArchiveKernel } from './archive-kernel.js';
import { exportCustomers } from './customer-export.js';
import { importCustomers } from './customer-import.js';
import { customerFilterOf, parseInclude } from './customer-query.js';
import { ExportQuery, ImportQuery, ImportReportSchema } from './customer-schemas.js';

const CSV_TYPES =
  /^(text\/csv|application\/csv|text\/plain|application\/vnd\.ms-excel|application\/octet-stream)\b/i;

/** `/customers/export` and `/customers/import`: CSV (and JSON export) with the list's filters and access rule. */
export function transferRoutes(router: KehuRouter, kernel: ArchiveKernel): void {
  router.get(
    '/export',
    {
      summary: 'Export the customers the caller may see (CSV with BOM, or JSON)',
      description:
        'Takes the same filters as the list. The CSV header is English keys or, with `lang=zh-CN`, Chinese; the file imports again as it is.',
      access: 'customers.export',
      query: ExportQuery,
      responses: {
        200: { description: 'The customers, streamed', contentType: 'text/csv' },
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
        'Content-Type':
          query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
        'Content-Disposition': `attachment; filename="customers-${day}.${query.format}"`,
      });
    },
  );

  router.post(
    '/import',
    {
      summary: 'Import customers from CSV',
      description:
        'UTF-8 with or without BOM; English or Chinese headers (those of the export). `dryRun=true` checks and reports without writing. `mode=all-or-nothing` (default) writes nothing when any row is bad (422 with the report); `mode=skip-invalid` writes the good rows. The body is read as a stream.',
      access: 'customers.import',
      customer: false,
      query: ImportQuery,
      rawBody: { contentType: 'text/csv', description: 'The CSV file' },
      responses: { 200: ImportReportSchema },
    },
    async (c, { query, principal }) => {
      const type = c.req.header('content-type') ?? '';
      if (!CSV_TYPES.test(type))
        throw new ProblemError({
          status: 415,
          code: 'unsupported_media_type',
          detail: 'Send the file as text/csv',
        });
      const body = c.req.raw.body;
      if (!body) throw badRequest('empty_file', 'The request has no file');
      const report = await importCustomers(kernel.customers, body, {
        mode: query.mode,
        dryRun: query.dryRun,
        force: query.force,
        actor: principal,
      });
      return c.json(report);
    },
  );
}
