import { testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import '../src/index.js';
import { expectStatus, world } from './helpers.js';

const line = (unitPrice: number) => [{ description: 'Lubricant 200 L', quantity: 1, unitPrice }];

describe.each(testDatabases())('delivery check (严控问题渠道发货) on $name', (db) => {
  it('answers whether a delivery may go out, names the invoices that hold it, and applies customer access', async () => {
    const w = await world(db);
    const { t } = w;
    try {
      const check = (token?: string) =>
        t.request(`/api/v1/receivables/customers/${w.customerId}/delivery-check`, token ? { token } : {});
      expect(await expectStatus(await check(w.am.token), 200)).toEqual({
        customerId: w.customerId,
        allowed: true,
        reasons: [],
        blockingInvoices: [],
        checkedOn: '2026-03-01',
      });

      const old = await w.invoice({ issueDate: '2026-01-05', termDays: 10, lines: line(80_000) }); // due 01-15
      await w.invoice({ issueDate: '2026-02-20', termDays: 5, lines: line(10_000) }); // due 02-25
      // 2026-03-15: due 01-15 is exactly two months ago — not over two months yet.
      t.clock.set('2026-03-15T08:00:00.000Z');
      expect((await expectStatus(await check(w.am.token), 200)).allowed).toBe(true);

      t.clock.set('2026-03-16T08:00:00.000Z');
      const blocked = await expectStatus(await check(w.am.token), 200);
      expect(blocked).toMatchObject({
        allowed: false,
        reasons: [{ code: 'unpaid_over_two_months' }],
        blockingInvoices: [
          {
            invoiceId: old.id,
            number: old.number,
            dueDate: '2026-01-15',
            daysOverdue: 60,
            outstanding: 80_000,
          },
        ],
        checkedOn: '2026-03-16',
      });
      expect(blocked.reasons[0].detail).toContain('2026-01-15');
      const standing = await expectStatus(
        await t.request(`/api/v1/receivables/customers/${w.customerId}/standing`, { token: w.am.token }),
        200,
      );
      expect(standing.deliveryBlocked).toBe(true);

      // The same answer through the service, for an integration running in the host.
      expect(await t.kernel.service('receivables')!.deliveryCheck(w.customerId)).toEqual(blocked);

      // Someone who may not see the customer gets the same 404 as for a customer that does not exist.
      expect((await check(w.am2.token)).status).toBe(404);
      expect(
        (await t.request('/api/v1/receivables/customers/nope/delivery-check', { token: w.am.token })).status,
      ).toBe(404);

      await w.pay(
        { amount: 80_000, date: '2026-03-16', allocations: [{ invoiceId: old.id, amount: 80_000 }] },
        w.finance.token,
      );
      expect((await expectStatus(await check(w.am.token), 200)).allowed).toBe(true);
    } finally {
      await t.close();
    }
  });
});
