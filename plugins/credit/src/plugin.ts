import { definePlugin, type Trx } from '@kehu/core';
import { followHolds } from './activities.js';
import { CreditConfigSchema } from './config.js';
import { CREDIT_EVENTS, type CreditService } from './contract.js';
import { followCustomerLifecycle } from './customer-lifecycle.js';
import { enforceOnInvoices } from './enforcement.js';
import { GRADE_LABELS } from './grades.js';
import { creditMigrations } from './migrations.js';
import { defineCreditPermissions, P } from './permissions.js';
import { withHolds } from './profiles.js';
import { subscribeToReceivables } from './reactions.js';
import { defineReviewJob } from './review-job.js';
import { checkRoutes } from './routes/credit-check.js';
import { evaluationRoutes } from './routes/evaluations.js';
import { historyRoutes } from './routes/history.js';
import { holdRoutes } from './routes/holds.js';
import { investigationRoutes } from './routes/investigations.js';
import { limitRoutes } from './routes/limits.js';
import { overrideRoutes } from './routes/overrides.js';
import { policyRoutes } from './routes/policy.js';
import { profileRoutes } from './routes/profiles.js';
import { reviewRoutes } from './routes/reviews.js';
import { createRuntime } from './runtime.js';
import { seedCreditDemo, seedRuntimes } from './seed-demo.js';
import { CreditSummarySchema, creditSummaries } from './summaries.js';
// TSX modules are imported without an extension, so jiti (which loads plugin sources) finds them.
import { creditUi } from './ui';

/** 客户信用管理: evaluations and grades, limits with approval, the credit check, holds. */
export const creditPlugin = definePlugin({
  name: 'credit',
  version: '0.1.0',
  description: 'Credit management (客户信用管理): evaluations, grades, limits, the credit check, holds',
  optional: ['receivables'],
  config: CreditConfigSchema,
  migrations: creditMigrations,
  events: CREDIT_EVENTS,
  setup(ctx) {
    defineCreditPermissions(ctx);
    creditUi(ctx);
    const rt = createRuntime(ctx);
    seedRuntimes.set(ctx.db, rt);
    const { registry, config } = ctx;

    registry.facet('credit', {
      schema: CreditSummarySchema,
      permission: P.read,
      load: (ids, trx, principal) =>
        creditSummaries(trx, ids, { ...rt, currency: config.currency }, principal),
    });
    registry.timeline('credit', { ...rt.history.timelineSource(), permission: P.read });
    // Credit records are never deleted one by one (they are the credit file); they move on merge and
    // go when the customer is purged (customer-lifecycle.ts). The profile is keyed by customer.
    const entity = (name: string, en: string, zh: string) =>
      registry.entityType(name, {
        labels: { en, 'zh-CN': zh },
        table: name,
        customerColumn: 'customer_id',
        softDelete: false,
        permission: P.read,
      });
    registry.entityType('credit_profile', {
      labels: { en: 'Credit profile', 'zh-CN': '信用档案' },
      permission: P.read,
    });
    entity('credit_investigation', 'Credit investigation', '信用调查');
    entity('credit_evaluation', 'Credit evaluation', '信用评估');
    entity('credit_limit_request', 'Credit limit request', '信用额度申请');
    entity('credit_hold', 'Credit hold', '信用冻结');
    entity('credit_override', 'Credit exception', '信用特批');
    registry.enumLabels('credit.grade', GRADE_LABELS[config.scale]);
    registry.enumLabels('credit.holdReason', {
      overdue: { en: 'Overdue receivables', 'zh-CN': '超期欠款' },
      plan_broken: { en: 'Broken payment plan', 'zh-CN': '违反还款计划' },
      written_off: { en: 'Bad debt written off', 'zh-CN': '坏账核销' },
      manual: { en: 'Placed by a credit manager', 'zh-CN': '人工冻结' },
    });
    registry.enumLabels('credit.status', {
      normal: { en: 'Normal', 'zh-CN': '正常' },
      on_hold: { en: 'On hold', 'zh-CN': '冻结' },
    });
    registry.enumLabels('credit.investigationSource', {
      bank: { en: 'Bank', 'zh-CN': '银行' },
      agency: { en: 'Credit agency', 'zh-CN': '信用调查机构' },
      trade_association: { en: 'Trade association', 'zh-CN': '行业协会' },
      customer: { en: 'The customer', 'zh-CN': '客户本身' },
      internal: { en: 'Internal records', 'zh-CN': '内部记录' },
    });
    registry.enumLabels('credit.refusalReason', {
      no_credit_profile: { en: 'No credit profile', 'zh-CN': '无信用档案' },
      not_graded: { en: 'Not yet graded', 'zh-CN': '尚未评级' },
      on_hold: { en: 'Credit on hold', 'zh-CN': '信用冻结' },
      credit_sales_not_allowed: { en: 'Grade allows no credit sales', 'zh-CN': '该等级不允许赊销' },
      overdue: { en: 'Overdue receivables (超期不放)', 'zh-CN': '超期不放' },
      delivery_blocked: { en: 'Unpaid over two months: no deliveries', 'zh-CN': '欠款超两个月，严控发货' },
      currency_mismatch: { en: 'Currency differs from the credit limit', 'zh-CN': '币种与额度不符' },
      currency_not_in_policy: { en: 'No credit in this currency by policy', 'zh-CN': '信用政策不支持该币种' },
      limit_exceeded: { en: 'Credit limit exceeded', 'zh-CN': '超出信用额度' },
      term_exceeds_maximum: { en: 'Term longer than allowed', 'zh-CN': '账期超出上限' },
      override_invalid: { en: 'Exception not usable', 'zh-CN': '特批无效' },
    });

    profileRoutes(rt);
    holdRoutes(rt);
    historyRoutes(rt);
    checkRoutes(rt);
    investigationRoutes(rt);
    evaluationRoutes(rt);
    limitRoutes(rt);
    overrideRoutes(rt);
    policyRoutes(rt);
    reviewRoutes(rt);

    // Receivables is set up first when enabled (declared optional), so its service is known here.
    if (ctx.service('receivables')) {
      enforceOnInvoices(ctx, rt);
      subscribeToReceivables(ctx, rt);
    }
    followCustomerLifecycle(ctx);
    followHolds(ctx);
    defineReviewJob(ctx);

    const service: CreditService = {
      check: (input, trx, options) => {
        if (options?.enforce && !trx)
          throw new Error('credit.check with enforce needs the writing transaction');
        return rt.checker.check(trx ?? ctx.db, input, {
          enforce: options?.enforce ?? false,
          principal: null,
        });
      },
      profile: async (customerId, trx?: Trx) => {
        const db = trx ?? ctx.db;
        const profile = await rt.profiles.get(db, customerId);
        return profile
          ? withHolds(profile, (await rt.holds.active(db, [customerId])).get(customerId) ?? [])
          : undefined;
      },
      holds: async (customerId, trx?: Trx) =>
        (await rt.holds.active(trx ?? ctx.db, [customerId])).get(customerId) ?? [],
    };
    ctx.provide(service);
  },
  seedDemo: { masterData: seedCreditDemo },
});
