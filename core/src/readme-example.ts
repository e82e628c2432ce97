/**
 * The example plugins of core/README.md, compiled and run by readme.test.ts so the README's code and
 * its `describeHooks()` output stay true. Not exported from the package.
 */
import { z } from 'zod';
import type { Executor } from './db/database.js';
import { DomainError } from './errors.js';
import { definePlugin } from './plugin/define-plugin.js';

export interface Redemption {
  customerId: string;
  points: number;
}

declare module './hooks/types.js' {
  interface KehuFilters {
    'loyalty.beforeRedeem': Redemption;
  }
  interface KehuEvents {
    'loyalty.redeemed': Redemption & { balance: number };
  }
}

export interface LoyaltyService {
  /** Pass the caller's transaction when inside one. */
  balance(customerId: string, trx?: Executor): Promise<number>;
}

declare module './plugin/plugin-context.js' {
  interface KehuServices {
    loyalty: LoyaltyService;
  }
}

export const loyalty = definePlugin({
  name: 'loyalty',
  version: '1.0.0',
  config: z.object({ welcomePoints: z.number().int().min(0).default(100) }),
  migrations: [
    {
      name: '001_accounts',
      async up(db) {
        await db.schema
          .createTable('loyalty_account')
          .addColumn('customer_id', 'varchar(32)', (c) => c.primaryKey())
          .addColumn('points', 'integer', (c) => c.notNull())
          .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
          .execute();
      },
    },
  ],
  setup(ctx) {
    ctx.role('loyalty_manager', { en: 'Loyalty manager', 'zh-CN': '会员经理' });
    ctx.permission('loyalty.redeem', {
      description: 'Redeem points',
      roles: ['loyalty_manager', 'account_manager'],
    });
    ctx.grant('loyalty_manager', 'customers.read');
    // Redeeming changes a customer's account: the loyalty manager serves every customer.
    ctx.grant('loyalty_manager', 'customers.readAll');

    const balance = async (customerId: string, trx: Executor = ctx.db) =>
      Number(
        (
          await trx
            .selectFrom('loyalty_account')
            .select('points')
            .where('customer_id', '=', customerId)
            .executeTakeFirst()
        )?.points ?? 0,
      );
    ctx.provide({ balance } satisfies LoyaltyService);

    ctx.registry.facet('loyalty', {
      schema: z.object({ points: z.number().int() }),
      async load(ids, trx) {
        const rows = await trx
          .selectFrom('loyalty_account')
          .select(['customer_id', 'points'])
          .where('customer_id', 'in', ids)
          .execute();
        return new Map(rows.map((r) => [r.customer_id as string, { points: Number(r.points) }]));
      },
    });

    ctx.registry.entityType('redemption', { labels: { en: 'Redemption', 'zh-CN': '积分兑换' } });
    ctx.registry.enumLabels('loyaltyTier', {
      gold: { en: 'Gold', 'zh-CN': '金卡' },
      silver: { en: 'Silver', 'zh-CN': '银卡' },
    });

    ctx.hooks.on('customer.created', 'open-account', async ({ customer }) => {
      await ctx.db
        .insertInto('loyalty_account')
        .values({
          customer_id: customer.id,
          points: ctx.config.welcomePoints,
          updated_at: ctx.clock.now().toISOString(),
        })
        .onConflict((oc) => oc.column('customer_id').doNothing())
        .execute();
    });

    ctx.hooks.filter('loyalty.beforeRedeem', async (r, { trx }) => {
      const row = await trx
        .selectFrom('loyalty_account')
        .select('points')
        .where('customer_id', '=', r.customerId)
        .executeTakeFirst();
      const points = Number(row?.points ?? 0);
      if (r.points > points)
        throw new DomainError('not_enough_points', `Only ${points} points left`, {
          balance: points,
          requested: r.points,
        });
    });

    ctx.router.post(
      '/redemptions',
      {
        summary: 'Redeem points',
        access: 'loyalty.redeem',
        customer: { body: 'customerId', access: 'change' },
        body: z.strictObject({ customerId: z.string().max(32), points: z.number().int().positive() }),
        responses: { 201: z.object({ balance: z.number().int() }) },
      },
      async (c, { body, principal }) => {
        const balanceAfter = await ctx.transaction(async (trx) => {
          const r = await ctx.hooks.applyFilters('loyalty.beforeRedeem', body, { trx, principal });
          const before = await balance(r.customerId, trx);
          const after = before - r.points;
          await trx
            .updateTable('loyalty_account')
            .set({ points: after, updated_at: ctx.clock.now().toISOString() })
            .where('customer_id', '=', r.customerId)
            .execute();
          await ctx.audit.record(trx, {
            entityType: 'customer',
            entityId: r.customerId,
            customerId: r.customerId,
            action: 'loyalty.redeem',
            actor: principal,
            changes: { points: { from: before, to: after } },
          });
          await ctx.hooks.emit(trx, 'loyalty.redeemed', { ...r, balance: after });
          return after;
        });
        return c.json({ balance: balanceAfter }, 201);
      },
    );

    ctx.router.get(
      '/accounts/:customerId',
      {
        summary: 'One loyalty account',
        access: 'customers.read',
        params: z.object({ customerId: z.string().max(32) }),
        query: z.object({ tier: z.enum(['gold', 'silver']).optional() }),
        responses: { 200: z.object({ customerId: z.string(), points: z.number().int(), tier: z.string() }) },
      },
      async (c, { params, query }) => {
        const points = await balance(params.customerId);
        return c.json({
          customerId: params.customerId,
          points,
          tier: query.tier ?? (points >= 1000 ? 'gold' : 'silver'),
        });
      },
    );

    ctx.scheduler.define({
      name: 'expire-points',
      period: 'day',
      async run({ at }) {
        const yearAgo = new Date(at.getTime() - 365 * 86_400_000).toISOString();
        const res = await ctx.db
          .updateTable('loyalty_account')
          .set({ points: 0 })
          .where('updated_at', '<', yearAgo)
          .where('points', '>', 0)
          .executeTakeFirst();
        return { expired: Number(res.numUpdatedRows) };
      },
    });
  },
});

export const visits = definePlugin({
  name: 'visits',
  version: '0.2.0',
  requires: ['loyalty'],
  setup(ctx) {
    ctx.hooks.filter('loyalty.beforeRedeem', (r) => ({ ...r, points: Math.min(r.points, 5000) }), {
      priority: 50,
    });
    ctx.hooks.filter('customer.beforeCreate', (input) => ({
      ...input,
      tags: [...(input.tags ?? []), 'visit-planned'],
    }));
    ctx.hooks.on('loyalty.redeemed', 'thank-you-visit', async ({ customerId }) => {
      ctx.logger.info('plan a thank-you visit', { customerId });
    });
  },
});
