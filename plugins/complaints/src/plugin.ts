import { addDays, definePlugin, type Executor, pluginDeps, timelineKeyset, z } from '@kehu/core';
import { READ_ALL } from './access.js';
import { complaintsConfigSchema } from './config.js';
import type { Deps } from './context.js';
import { seedComplaintsDemo } from './demo-seed.js';
import { complaintsMigrations } from './migrations.js';
import { APPROVE_COMPENSATION } from './remedies.js';
import { complaintRoutes } from './routes/complaints.js';
import { formRoutes } from './routes/forms.js';
import { remedyRoutes } from './routes/remedies.js';
import { reportRoutes } from './routes/reports.js';
import { settingsRoutes } from './routes/settings.js';
import { systemicIssueRoutes } from './routes/systemic-issues.js';
import { createComplaintsService } from './service.js';
import { runSlaJob } from './sla.js';
import { complaintsUi } from './ui';
import { complaintFormPages } from './ui-forms';

const L = (en: string, zh: string) => ({ en, 'zh-CN': zh });
const SERVICE = ['customer_service', 'service_manager'];
const SALES = ['general_manager', 'sales_manager', 'account_manager'];

/** 客户投诉: intake by the handler who follows through, nature, SLA on working time, return visits, systemic issues. */
export const complaintsPlugin = definePlugin({
  name: 'complaints',
  version: '0.1.0',
  description:
    'Complaints (客户投诉): intake by the handler who follows through, nature, a state machine, SLA on working time with escalation, return visits, systemic issues',
  optional: ['receivables'],
  config: complaintsConfigSchema,
  migrations: complaintsMigrations,
  setup(ctx) {
    const deps: Deps = pluginDeps(ctx);

    ctx.role('customer_service', L('Customer service', '客服专员'));
    ctx.role('service_manager', L('Service manager', '客服经理'));
    ctx.role('department_manager', L('Department manager', '部门经理'));
    const def = (name: string, description: string, roles: readonly string[]) =>
      ctx.permission(name, { description, roles });
    def('complaints.read', 'See the complaints one handles and those of customers one may see', [
      ...SERVICE,
      ...SALES,
      'department_manager',
      'staff',
    ]);
    def(READ_ALL, 'See every complaint (not the customers’ archive)', [
      'service_manager',
      'general_manager',
      'department_manager',
    ]);
    def('complaints.intake', 'File complaints for any calling customer, with the narrow customer lookup', [
      ...SERVICE,
      ...SALES,
      'staff',
    ]);
    def('complaints.handle', 'Move the complaints one handles forward, reply, log contacts, hand over', [
      ...SERVICE,
      ...SALES,
      'staff',
    ]);
    def('complaints.manage', 'Act on any complaint as a service manager; assess systemic issues', [
      'service_manager',
      'general_manager',
    ]);
    def(APPROVE_COMPENSATION, 'Approve compensation above the threshold (four eyes)', [
      'service_manager',
      'general_manager',
    ]);
    def('complaints.reports', 'Complaint reports, systemic issues and forms', [
      'service_manager',
      'general_manager',
      'department_manager',
      'sales_manager',
    ]);
    def('complaints.admin', 'SLA policies, the working calendar and complaint categories', [
      'service_manager',
    ]);

    ctx.activities.defineType('complaint_escalation', {
      labels: L('Complaint SLA escalation', '投诉时限升级'),
    });
    ctx.activities.defineType('complaint_return_visit', { labels: L('Complaint return visit', '投诉回访') });
    ctx.activities.defineType('complaint_systemic_issue', {
      labels: L('Systemic complaint issue', '普遍性投诉问题'),
    });
    for (const [name, en, zh] of [
      ['complaint', 'Complaint', '客户投诉'],
      ['complaint_remedy', 'Complaint remedy', '投诉处理措施'],
      ['complaint_sla_policy', 'Complaint SLA policy', '投诉时限策略'],
      ['complaint_systemic_issue', 'Systemic complaint issue', '普遍性投诉问题'],
      ['complaint_calendar', 'Working calendar', '工作日历'],
    ] as const)
      ctx.registry.entityType(name, { labels: L(en, zh) });

    ctx.provide(createComplaintsService(deps));
    // Before the complaint routes: `/reports`, `/remedies`… are not complaint ids.
    reportRoutes(ctx.router, deps);
    formRoutes(ctx.router, deps);
    settingsRoutes(ctx.router, deps);
    systemicIssueRoutes(ctx.router, deps);
    remedyRoutes(ctx.router, deps);
    complaintRoutes(ctx.router, deps);
    complaintsUi(ctx, deps);
    complaintFormPages(ctx);

    ctx.registry.facet('complaints', {
      schema: z.object({
        open: z.number().int(),
        lastReceivedOn: z.string().nullable(),
        lastNature: z.string().nullable(),
        breachesLast12Months: z.number().int(),
        reopensLast12Months: z.number().int(),
      }),
      permission: 'complaints.read',
      load: (ids, trx) => loadFacet(deps, ids, trx),
    });
    ctx.registry.timeline('complaints', {
      async load(customerId, page, trx) {
        const q = trx
          .selectFrom('cmp_event')
          .innerJoin('cmp_complaint', 'cmp_complaint.id', 'cmp_event.complaint_id')
          .select([
            'cmp_event.id',
            'cmp_event.at',
            'cmp_event.kind',
            'cmp_event.to_state',
            'cmp_complaint.number',
            'cmp_complaint.subject',
            'cmp_complaint.id as complaint_id',
          ])
          .where('cmp_event.customer_id', '=', customerId);
        const rows = await timelineKeyset(q, page, { at: 'cmp_event.at', id: 'cmp_event.id' }).execute();
        return rows.map((r: any) => ({
          id: r.id,
          at: r.at,
          type: `complaints.${r.kind}`,
          title: `Complaint ${r.number}: ${r.kind.replace(/_/g, ' ')}${r.to_state ? ` → ${r.to_state}` : ''}`,
          data: { complaintId: r.complaint_id, subject: r.subject, kind: r.kind, state: r.to_state ?? null },
        }));
      },
    });

    // Open complaints must be settled before the relationship ends.
    ctx.hooks.filter('customer.beforeTerminate', async (input, { trx }) => {
      const open = await createComplaintsService(deps).openCount(input.customer.id, trx);
      if (open > 0)
        input.openItems.push({
          plugin: 'complaints',
          kind: 'complaints',
          count: open,
          detail: `${open} open complaints`,
        });
      return input;
    });
    // Complaints follow the customer on merge; purge erases them with their history.
    ctx.hooks.filter('customer.merge', async ({ source, target }, { trx }) => {
      for (const table of ['cmp_complaint', 'cmp_event', 'cmp_remedy'])
        await trx
          .updateTable(table)
          .set({ customer_id: target.id })
          .where('customer_id', '=', source.id)
          .execute();
    });
    ctx.hooks.filter('customer.purge', async ({ customerId }, { trx }) => {
      const ids = (
        await trx.selectFrom('cmp_complaint').select('id').where('customer_id', '=', customerId).execute()
      ).map((r) => r.id as string);
      if (ids.length > 0)
        await trx.deleteFrom('cmp_systemic_link').where('complaint_id', 'in', ids).execute();
      for (const table of ['cmp_event', 'cmp_remedy', 'cmp_complaint'])
        await trx.deleteFrom(table).where('customer_id', '=', customerId).execute();
    });

    ctx.scheduler.define({ name: 'sla', period: 'hour', run: ({ at }) => runSlaJob(deps, at) });
  },
  seedDemo: seedComplaintsDemo,
});

async function loadFacet(deps: Deps, ids: readonly string[], trx: Executor) {
  const since = deps.clock.startOf(addDays(deps.clock.today(), -365)).toISOString();
  const rows = await trx
    .selectFrom('cmp_complaint')
    .select([
      'customer_id',
      'open',
      'received_at',
      'nature',
      'response_breached',
      'resolution_breached',
      'reopen_count',
    ])
    .where('customer_id', 'in', [...ids])
    .execute();
  const out = new Map<
    string,
    {
      open: number;
      lastReceivedOn: string | null;
      lastNature: string | null;
      breachesLast12Months: number;
      reopensLast12Months: number;
      last: string;
    }
  >();
  for (const id of ids)
    out.set(id, {
      open: 0,
      lastReceivedOn: null,
      lastNature: null,
      breachesLast12Months: 0,
      reopensLast12Months: 0,
      last: '',
    });
  for (const r of rows as any[]) {
    const f = out.get(r.customer_id)!;
    if (Number(r.open) === 1) f.open++;
    if (r.received_at > f.last) {
      f.last = r.received_at;
      f.lastReceivedOn = deps.clock.dateOf(r.received_at);
      f.lastNature = r.nature ?? null;
    }
    if (r.received_at >= since) {
      f.breachesLast12Months += Number(r.response_breached) + Number(r.resolution_breached) > 0 ? 1 : 0;
      f.reopensLast12Months += Number(r.reopen_count);
    }
  }
  return new Map([...out].map(([id, { last: _last, ...f }]) => [id, f]));
}
