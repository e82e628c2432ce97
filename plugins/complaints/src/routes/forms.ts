import { badRequest, csvRecords, isBusinessDate, type KehuRouter, UTF8_BOM, z } from '@kehu/core';
import { requireComplaint } from '../access.js';
import type { Deps } from '../context.js';
import {
  COMPLAINT_FORMS,
  complaintForm,
  formRecords,
  PERIOD_FORMS,
  type PrintedForm,
  periodForm,
} from '../forms.js';

const Day = z.string().refine(isBusinessDate, 'A date is written YYYY-MM-DD');
const Output = {
  format: z.enum(['json', 'csv']).default('json').describe('`csv` answers the form as a CSV file'),
  lang: z.enum(['en', 'zh-CN']).default('en').describe('Language of the form’s labels'),
};
const Form = z.object({
  form: z.string(),
  lang: z.string(),
  title: z.string(),
  subtitle: z.string(),
  sections: z.array(
    z.object({ heading: z.string(), fields: z.array(z.object({ label: z.string(), value: z.string() })) }),
  ),
  table: z.object({ head: z.array(z.string()), rows: z.array(z.array(z.string())) }).nullable(),
  signatures: z.array(z.string()),
  truncated: z.boolean(),
  printedAt: z.string(),
});

const csvFile = (form: PrintedForm, name: string) =>
  new Response(UTF8_BOM + csvRecords(formRecords(form)), {
    status: 200,
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}.csv"`,
    },
  });

/** The four forms of the manuals (处理表, 意见表, 分析表, 追踪表) as JSON to print or as CSV. */
export function formRoutes(router: KehuRouter, deps: Deps): void {
  router.get(
    '/forms/:form',
    {
      summary: 'A period form: the analysis form (分析表) or the tracking form (追踪表), JSON or CSV',
      description:
        'Complaints received in the company dates [from, to] that the caller may see. The tracking form lists at most 2,000 complaints (`truncated` says when it was cut).',
      access: 'complaints.reports',
      params: z.object({ form: z.enum(PERIOD_FORMS) }),
      query: z.strictObject({ from: Day, to: Day, ...Output }),
      responses: { 200: Form },
    },
    async (c, { params, query, principal }) => {
      if (query.from > query.to)
        throw badRequest('invalid_period', 'The period ends before it starts', [
          { path: 'query.to', message: 'Before from' },
        ]);
      const form = await periodForm(deps, principal, params.form, query, query.lang);
      if (query.format === 'csv') return csvFile(form, `complaints-${params.form}-${query.from}-${query.to}`);
      return c.json(form);
    },
  );
  router.get(
    '/:id/forms/:form',
    {
      summary: 'A complaint’s handling form (处理表) or opinion form (意见表), JSON or CSV',
      access: 'complaints.read',
      params: z.object({ id: z.string().min(1).max(64), form: z.enum(COMPLAINT_FORMS) }),
      query: z.strictObject(Output),
      responses: { 200: Form },
    },
    async (c, { params, query, principal }) => {
      const row = await requireComplaint(deps, principal, params.id);
      const form = await complaintForm(deps, row, params.form, query.lang);
      if (query.format === 'csv') return csvFile(form, `${row.number}-${params.form}`);
      return c.json(form);
    },
  );
}
