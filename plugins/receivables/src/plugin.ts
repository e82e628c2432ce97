import {
  BootError,
  dayOfMonth,
  definePlugin,
  type Executor,
  monthKey,
  pluginDeps,
  previousMonth,
  z,
} from '@kehu/core';
import { mailCollectionNotice } from './collection-notice.js';
// TSX modules are imported without an extension, so jiti (which loads plugin sources) finds them.
import { collectionUi } from './collection-ui';
import { receivablesConfigSchema } from './config.js';
import type { Deps } from './context.js';
import { registerCustomerHooks } from './customer-hooks.js';
import { seedReceivablesDemo } from './demo-seed.js';
import { COLLECTION_ACTIVITY_TYPE, FOLLOW_UP_ENTITY, runDunning } from './dunning.js';
import { receivablesMigrations } from './migrations.js';
import { sweepOverdue } from './overdue.js';
import { definePermissions } from './permissions.js';
import { checkAllPlans } from './plans.js';
import { RECONCILIATION_ACTIVITY_TYPE, raiseReminders } from './reminders.js';
import { ageingRoutes } from './routes/ageing.js';
import { balanceRoutes } from './routes/balances.js';
import { creditNoteRoutes } from './routes/credit-notes.js';
import { deliveryRoutes } from './routes/delivery.js';
import { disputeRoutes } from './routes/disputes.js';
import { extensionRoutes } from './routes/extensions.js';
import { followUpRoutes } from './routes/follow-ups.js';
import { handoverRoutes } from './routes/handovers.js';
import { invoiceRoutes } from './routes/invoices.js';
import { paymentRoutes } from './routes/payments.js';
import { periodRoutes } from './routes/periods.js';
import { planRoutes } from './routes/plans.js';
import { standingRoutes } from './routes/standing.js';
import { statementRoutes } from './routes/statements.js';
import { warningRoutes } from './routes/warnings.js';
import { writeOffRoutes } from './routes/write-offs.js';
import { createReceivablesService } from './service.js';
import { loadFacet } from './standing.js';
import { generateMonthlyStatements } from './statements.js';
import { loadTimeline } from './timeline.js';
// TSX modules are imported without an extension, so jiti (which loads plugin sources) finds them.
import { receivablesUi } from './ui';
import { raiseWarnings } from './warnings.js';

const Labels = (en: string, zh: string) => ({ en, 'zh-CN': zh });

/** 应收账款: invoices on credit terms, payments, ageing, warnings, reconciliation, plans, write-off, handover. */
export const receivablesPlugin = definePlugin({
  name: 'receivables',
  version: '0.1.0',
  description:
    'Receivables (应收账款): invoices on credit terms, payments, ageing, warnings, reconciliation, plans, write-off, handover',
  config: receivablesConfigSchema,
  migrations: receivablesMigrations,
  setup(ctx) {
    const deps: Deps = pluginDeps(ctx, {
      userExists: async (id: string, trx: Executor) => !!(await ctx.customers.users.get(id, trx)),
      isActiveUser: async (id: string, trx: Executor) =>
        (await ctx.customers.users.get(id, trx))?.active === true,
    });

    if (ctx.mail.enabled && !ctx.config.publicUrl && ctx.config.dunning.levels.some((l) => l.mailCustomer))
      throw new BootError(
        'receivables: config.publicUrl is required when mail is configured and a dunning level mails the customer (mailCustomer): the collection notice links to it',
      );
    definePermissions(ctx);
    ctx.activities.defineType(COLLECTION_ACTIVITY_TYPE, {
      labels: Labels('Collection follow-up', '催收跟进'),
    });
    // Unconfirmed statements and stale disputes: the sales manager hears of one left overdue.
    ctx.activities.defineType(RECONCILIATION_ACTIVITY_TYPE, {
      labels: Labels('Reconciliation follow-up', '对账跟进'),
      escalation: { afterHours: 0, action: 'notify', role: 'sales_manager' },
    });
    ctx.provide(createReceivablesService(deps));

    for (const routes of [
      invoiceRoutes,
      paymentRoutes,
      creditNoteRoutes,
      warningRoutes,
      planRoutes,
      extensionRoutes,
      writeOffRoutes,
      handoverRoutes,
      followUpRoutes,
      ageingRoutes,
      standingRoutes,
      deliveryRoutes,
      balanceRoutes,
      periodRoutes,
      statementRoutes,
      disputeRoutes,
    ])
      routes(ctx.router, deps);

    registerCustomerHooks(deps, ctx.hooks);
    // After commit, so the link's token is made outside the follow-up's transaction and its event.
    ctx.hooks.on('receivables.followUp.raised', 'collection-notice-mail', (p) =>
      p.customerMail?.status === 'pending' ? mailCollectionNotice(deps, p.followUpId) : undefined,
    );
    receivablesUi(ctx);
    collectionUi(ctx);

    ctx.registry.facet('receivables', {
      schema: z.object({
        balances: z.array(
          z.object({
            currency: z.string(),
            outstanding: z.number().int(),
            overdue: z.number().int(),
            dso: z.number().nullable(),
          }),
        ),
        hasOverdue: z.boolean(),
        oldestOverdueDays: z.number().int(),
      }),
      permission: 'receivables.read',
      load: (ids, trx) => loadFacet(deps, ids, trx),
    });
    ctx.registry.timeline('receivables', {
      permission: 'receivables.read',
      load: (customerId, page, trx) => loadTimeline(trx, customerId, page),
    });
    for (const [name, en, zh] of [
      ['invoice', 'Invoice', '发票'],
      ['payment', 'Payment', '收款'],
      ['credit_note', 'Credit note', '红字发票/折让'],
      ['statement', 'Reconciliation statement', '往来对账单'],
      ['dispute_item', 'Dispute item', '争议事项'],
      ['payment_plan', 'Repayment plan', '还款计划'],
      ['extension_request', 'Extension request', '延期还款审批单'],
      ['write_off', 'Bad-debt write-off', '坏账核销'],
      ['receivables_warning', 'Receivables warning', '应收预警'],
      ['receivables_handover', 'Receivables handover', '应收账款移交'],
      [FOLLOW_UP_ENTITY, 'Collection follow-up', '催收记录'],
    ] as const) {
      ctx.registry.entityType(name, { labels: Labels(en, zh), permission: 'receivables.read' });
    }
    ctx.registry.enumLabels('receivables.invoiceStatus', {
      open: Labels('Open', '未收款'),
      partially_paid: Labels('Partially paid', '部分收款'),
      paid: Labels('Paid', '已结清'),
      written_off: Labels('Written off', '已核销'),
      cancelled: Labels('Cancelled', '已作废'),
    });
    ctx.registry.enumLabels('receivables.statementStatus', {
      draft: Labels('Draft', '草稿'),
      sent: Labels('Sent', '已发送'),
      confirmed: Labels('Confirmed', '已确认'),
      disputed: Labels('Disputed', '有争议'),
    });
    ctx.registry.enumLabels('receivables.paymentMethod', {
      bank_transfer: Labels('Bank transfer', '银行转账'),
      cash: Labels('Cash', '现金'),
      cheque: Labels('Cheque', '支票'),
      acceptance_bill: Labels('Acceptance bill', '承兑汇票'),
      card: Labels('Card', '刷卡'),
      other: Labels('Other', '其他'),
    });

    ctx.scheduler.define({
      name: 'overdue',
      period: 'day',
      run: ({ today }) => sweepOverdue(deps, today),
    });
    ctx.scheduler.define({ name: 'plans', period: 'day', run: () => checkAllPlans(deps) });
    ctx.scheduler.define({ name: 'dunning', period: 'day', run: ({ today }) => runDunning(deps, today) });
    ctx.scheduler.define({
      name: 'warnings',
      period: 'month',
      due: (_at, today) => dayOfMonth(today) >= ctx.config.warningDay,
      run: ({ today }) => raiseWarnings(deps, today),
    });
    ctx.scheduler.define({
      name: 'reminders',
      period: 'day',
      run: ({ today }) => raiseReminders(deps, today),
    });
    ctx.scheduler.define({
      name: 'statements',
      period: 'month',
      due: (_at, today) => dayOfMonth(today) >= ctx.config.statementDay,
      run: ({ today }) => generateMonthlyStatements(deps, previousMonth(monthKey(today))),
    });
  },
  seedDemo: seedReceivablesDemo,
});
