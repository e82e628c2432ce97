import { createTestKehu, testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { receivablesPlugin } from '../src/index.js';
import { expectStatus } from './helpers.js';

describe.each(testDatabases())('demo seeding on $name', (db) => {
  it('creates believable invoices and payments through the service, consistent with the ageing', async () => {
    const t = await createTestKehu(db, { plugins: [receivablesPlugin] });
    try {
      t.clock.set('2026-06-30T08:00:00.000Z');
      const customers = [];
      for (let i = 0; i < 12; i++)
        customers.push(
          await t.kernel.customers.get(
            (
              await expectStatus(
                await t.request('/api/v1/customers', { body: { name: `Demo customer ${i}` } }),
                201,
              )
            ).id,
          ),
        );
      let state = 7;
      const random = () => {
        state = (state * 16807) % 2147483647;
        return (state - 1) / 2147483646;
      };
      const seed = receivablesPlugin.seedDemo;
      const transactions = typeof seed === 'function' ? seed : seed?.transactions;
      await transactions!({
        kernel: t.kernel,
        customers: customers as never,
        users: {},
        random,
        progress: () => undefined,
      });
      const invoices = await expectStatus(await t.request('/api/v1/receivables/invoices?limit=500'), 200);
      expect(invoices.items.length).toBeGreaterThan(5);
      expect(
        (await expectStatus(await t.request('/api/v1/receivables/payments?limit=500'), 200)).items.length,
      ).toBeGreaterThan(0);
      const ageing = await expectStatus(await t.request('/api/v1/receivables/ageing'), 200);
      const open = invoices.items
        .filter((i: any) => i.currency === 'CNY')
        .reduce((s: number, i: any) => s + i.outstanding, 0);
      expect(ageing.totals.find((x: any) => x.currency === 'CNY')?.outstanding ?? 0).toBe(open);
    } finally {
      await t.close();
    }
  });
});
