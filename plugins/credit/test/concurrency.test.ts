import { DomainError, definePlugin, newId, z } from '@kehu/core';
import { json, testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { creditPlugin } from '../src/index.js';
import { bootCredit } from './support/kehu.js';

/**
 * A third-party plugin that writes its own sales on credit (orders) and guards them with the credit
 * service in enforce mode, with no lock of its own: the profile lock alone must keep concurrent orders
 * within the limit. Its open orders count towards exposure through `credit.exposure`.
 */
const ordersPlugin = definePlugin({
  name: 'orders',
  version: '0.0.1',
  config: z.object({}),
  migrations: [
    {
      name: '001_orders',
      async up(db) {
        await db.schema
          .createTable('orders_order')
          .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
          .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
          .addColumn('amount', 'bigint', (c) => c.notNull())
          .addColumn('currency', 'varchar(3)', (c) => c.notNull())
          .execute();
      },
    },
  ],
  setup(ctx) {
    ctx.hooks.filter('credit.exposure', async (query, { trx }) => {
      const rows = await trx
        .selectFrom('orders_order')
        .select((eb) => ['customer_id', 'currency', eb.fn.sum('amount').as('amount')])
        .where('customer_id', 'in', [...query.customerIds])
        .groupBy(['customer_id', 'currency'])
        .execute();
      for (const r of rows)
        query.contributions.push({
          customerId: r.customer_id,
          source: 'orders',
          kind: 'openOrders',
          amount: Number(r.amount),
          currency: r.currency,
        });
      return query;
    });
    ctx.router.post(
      '/',
      {
        summary: 'Place an order on credit',
        access: 'authenticated',
        customer: { body: 'customerId', access: 'change' },
        body: z.strictObject({ customerId: z.string(), amount: z.number().int().positive() }),
      },
      async (c, { body }) => {
        const order = await ctx.transaction(async (trx) => {
          const credit = await ctx
            .service('credit')!
            .check({ customerId: body.customerId, amount: body.amount, currency: 'CNY' }, trx, {
              enforce: true,
            });
          if (!credit.approved)
            throw new DomainError('credit_refused', 'Credit refused', { available: credit.available });
          const row = { id: newId(), customer_id: body.customerId, amount: body.amount, currency: 'CNY' };
          await trx.insertInto('orders_order').values(row).execute();
          return row;
        });
        return c.json(order, 201);
      },
    );
  },
});

describe.each(testDatabases())('concurrent credit sales on $name', (db) => {
  it('never lets 50 simultaneous orders guarded only by the credit check exceed the limit', async () => {
    const t = await bootCredit(db, { plugins: [creditPlugin, ordersPlugin] });
    try {
      const id = await t.creditCustomer({ limit: 100_000_00 });
      const amount = 7_000_00; // 50 × 7 000 = 350 000 > 100 000: room for 14
      const responses = await Promise.all(
        Array.from({ length: 50 }, () => t.request('/api/v1/orders', { body: { customerId: id, amount } })),
      );
      const accepted = responses.filter((r) => r.status === 201).length;
      const refused = await Promise.all(responses.filter((r) => r.status !== 201).map((r) => json(r)));
      expect(refused.every((b) => b.code === 'credit_refused')).toBe(true);
      expect(accepted).toBe(14);
      const facet = (await json(await t.request(`/api/v1/customers/${id}?include=credit`))).facets.credit;
      expect(facet.exposure).toBe(accepted * amount);
      expect(facet.exposure).toBeLessThanOrEqual(facet.limit);
    } finally {
      await t.close();
    }
  });
});
