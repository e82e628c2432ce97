import { dayOfMonth, definePlugin, pluginDeps, z } from '@kehu/core';
import { raiseGaps } from './buying-centre.js';
import { keyAccountsConfigSchema } from './config.js';
import type { Deps } from './context.js';
import { seedDeps, seedKeyAccountsDemo } from './demo-seed.js';
import { planEntitlementVisits } from './entitlements.js';
import { loadFacet } from './facet.js';
import { loadTimeline, registerCustomerHooks } from './integration.js';
import { keyAccountsMigrations } from './migrations.js';
import { definePermissions } from './permissions.js';
import { accountRoutes } from './routes/accounts.js';
import { classificationRoutes } from './routes/classification.js';
import { entitlementRoutes } from './routes/entitlements.js';
import { managementRoutes } from './routes/management.js';
import { runClassification } from './runs.js';
import { createKeyAccountsService } from './service.js';
import { keyAccountsUi } from './ui';
import { raiseOverdueVisits } from './visits.js';

const Labels = (en: string, zh: string) => ({ en, 'zh-CN': zh });

/** 大客户管理: ABC classification, designation, account teams, stages, buying centre, visit and account plans, scorecards. */
export const keyAccountsPlugin = definePlugin({
  name: 'key-accounts',
  version: '0.1.0',
  description:
    'Key accounts (大客户管理): ABC classification from revenue, designation, account teams, buying centre, visit and account plans, scorecards',
  optional: ['receivables', 'complaints'],
  config: keyAccountsConfigSchema,
  migrations: keyAccountsMigrations,
  setup(ctx) {
    const deps: Deps = pluginDeps(ctx, { receivables: () => ctx.service('receivables') });
    seedDeps.set(ctx.customers, deps);
    definePermissions(ctx);
    ctx.provide(createKeyAccountsService(ctx.db, ctx.clock));
    classificationRoutes(ctx.router, deps);
    accountRoutes(ctx.router, deps);
    managementRoutes(ctx.router, deps);
    entitlementRoutes(ctx.router, deps);
    keyAccountsUi(ctx, deps);
    registerCustomerHooks(ctx);
    ctx.registry.timeline('keyAccounts', {
      load: (customerId, page, trx) => loadTimeline(trx, customerId, page),
    });

    // The account team sees the customer everywhere the owner rule applies; the key-account manager
    // may also change it. Only while the account is designated; removing a member ends it at once.
    const team = (principal: { id: string }, db: any, managerOnly: boolean) => {
      let q = db
        .selectFrom('ka_member')
        .innerJoin('ka_account', 'ka_account.customer_id', 'ka_member.customer_id')
        .select('ka_member.customer_id')
        .where('ka_member.user_id', '=', principal.id)
        .where('ka_account.designated', '=', 1);
      if (managerOnly) q = q.where('ka_member.role', '=', 'manager');
      return q;
    };
    ctx.registry.widenAccess({
      see: (principal, db) => team(principal, db, false),
      change: (principal, db) => team(principal, db, true),
    });
    ctx.activities.defineType('key_account_gap', { labels: Labels('Buying-centre gap', '采购决策链缺口') });
    ctx.activities.defineType('key_account_visit', {
      labels: Labels('Overdue key-account visit', '大客户走访逾期'),
    });
    for (const [name, en, zh] of [
      ['key_account_visit', 'Key-account visit', '大客户走访'],
      ['key_account_plan', 'Account plan', '大客户计划'],
      ['key_account_target', 'Sales target', '销售目标'],
    ] as const)
      ctx.registry.entityType(name, { labels: Labels(en, zh) });

    ctx.registry.entityType('key_account', { labels: Labels('Key account', '大客户') });
    ctx.registry.entityType('key_account_designation', {
      labels: Labels('Key-account designation', '大客户认定'),
    });
    ctx.registry.entityType('key_account_entitlement', {
      labels: Labels('Key-account entitlement', '大客户权益'),
    });
    ctx.registry.entityType('key_account_revenue', { labels: Labels('Imported revenue', '导入的销售额') });
    ctx.registry.facet('keyAccount', {
      schema: z.object({
        class: z.enum(['A', 'B', 'C', 'none']),
        designated: z.boolean(),
        managerId: z.string().nullable(),
        stage: z.string().nullable(),
        relationship: z.string().nullable(),
        openGaps: z.array(z.string()),
        nextVisitDue: z.string().nullable(),
        entitlements: z.array(z.string()).describe('Kinds of the entitlements in force today'),
      }),
      permission: 'keyAccounts.read',
      load: (ids, trx) => loadFacet(trx, ids, ctx.clock.today()),
    });

    ctx.scheduler.define({
      name: 'classification',
      period: 'month',
      due: (_at, today) => dayOfMonth(today) >= ctx.config.classificationDay,
      run: () =>
        deps
          .transaction((trx) => runClassification(deps, trx, { trigger: 'job', actor: null }))
          .then(() => {}),
    });
    ctx.scheduler.define({
      name: 'visits',
      period: 'day',
      run: async ({ today }) => {
        // A senior-management cadence first plans its missing executive visit, which may be overdue already.
        await planEntitlementVisits(deps, today);
        await raiseOverdueVisits(deps, today);
      },
    });
    ctx.scheduler.define({
      name: 'coverage',
      period: 'day',
      run: async () => {
        const accounts = await ctx.db
          .selectFrom('ka_account')
          .select(['customer_id', 'manager_id'])
          .where('designated', '=', 1)
          .execute();
        for (const a of accounts)
          await deps.transaction((trx) => raiseGaps(deps, trx, a.customer_id, a.manager_id ?? null));
      },
    });
  },
  seedDemo: { transactions: seedKeyAccountsDemo },
});
