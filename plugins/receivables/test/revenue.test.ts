import { testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { expectStatus, world } from './helpers.js';

const API = '/api/v1/receivables';
const lines = (unitPrice: number) => [{ description: 'Lubricant 200 L', quantity: 1, unitPrice }];

describe.each(testDatabases())('revenue by customer on $name', (db) => {
  it('nets credit notes, drops cancelled invoices and other currencies, lists customers invoiced before the window', async () => {
    const w = await world(db);
    const { t } = w;
    try {
      await w.invoice({ issueDate: '2026-02-01', lines: lines(100_000) });
      const discounted = await w.invoice({ issueDate: '2026-02-10', lines: lines(50_000) });
      await expectStatus(
        await t.request(`${API}/credit-notes`, {
          token: w.finance.token,
          body: {
            invoiceId: discounted.id,
            amount: 20_000,
            kind: 'discount',
            reason: 'Late delivery',
            date: '2026-02-20',
          },
        }),
        201,
      );
      const cancelled = await w.invoice({ issueDate: '2026-02-12', lines: lines(900_000) });
      await expectStatus(
        await t.request(`${API}/invoices/${cancelled.id}/cancel`, { body: { reason: 'Wrong customer' } }),
        200,
      );
      await w.invoice({ issueDate: '2026-02-15', currency: 'USD', lines: lines(7_000) });

      const before = await w.customer('Invoiced only last year', w.am.id);
      await w.invoice({ customerId: before, issueDate: '2025-06-01', lines: lines(40_000) });
      const never = await w.customer('Never invoiced', w.am.id);

      const service = t.kernel.service('receivables')!;
      const cny = await service.revenueByCustomer({ from: '2026-01-01', to: '2026-02-28', currency: 'CNY' });
      expect(Object.fromEntries(cny)).toEqual({ [w.customerId]: 130_000, [before]: 0 });
      expect(cny.has(never)).toBe(false);
      const usd = await service.revenueByCustomer({ from: '2026-01-01', to: '2026-02-28', currency: 'USD' });
      expect(Object.fromEntries(usd)).toEqual({ [w.customerId]: 7_000 });
      // The window's end is inclusive; an invoice after it is not counted (nor is the customer).
      const early = await service.revenueByCustomer({
        from: '2026-01-01',
        to: '2026-02-01',
        currency: 'CNY',
      });
      expect(Object.fromEntries(early)).toEqual({ [w.customerId]: 100_000, [before]: 0 });
      // Counted in every currency, the cancelled one and last year's not.
      expect(await service.countInvoices({ from: '2026-01-01', to: '2026-02-28' })).toBe(3);
      expect(await service.countInvoices({ from: '2026-02-10', to: '2026-02-15' })).toBe(2);
    } finally {
      await t.close();
    }
  });
});

describe.each(testDatabases())("the archive's value view on $name", (db) => {
  it('takes each year’s net revenue from invoices, over an imported figure of the same year', async () => {
    const w = await world(db);
    const { t } = w;
    try {
      await w.invoice({ issueDate: '2024-05-01', lines: lines(300_000) });
      const inv = await w.invoice({ issueDate: '2025-06-01', lines: lines(400_000) });
      await expectStatus(
        await t.request(`${API}/credit-notes`, {
          token: w.finance.token,
          body: {
            invoiceId: inv.id,
            amount: 50_000,
            kind: 'discount',
            reason: 'Late delivery',
            date: '2025-07-01',
          },
        }),
        201,
      );
      await w.invoice({ issueDate: '2025-08-01', currency: 'USD', lines: lines(7_000) });
      await expectStatus(
        await t.request('/api/v1/customers/value/figures', {
          method: 'PUT',
          body: {
            items: [
              { customerId: w.customerId, year: 2023, currency: 'CNY', revenue: 200_000 },
              { customerId: w.customerId, year: 2025, currency: 'CNY', revenue: 999_999 },
            ],
          },
        }),
        200,
      );
      const value = await expectStatus(
        await t.request(`/api/v1/customers/${w.customerId}/value`, { token: w.am.token }),
        200,
      );
      expect(value.history.map((f: any) => [f.year, f.currency, f.revenue, f.source])).toEqual([
        [2025, 'CNY', 350_000, 'receivables'],
        [2025, 'USD', 7_000, 'receivables'],
        [2024, 'CNY', 300_000, 'receivables'],
        [2023, 'CNY', 200_000, 'imported'],
      ]);
      // (200k + 300k + 350k) × 20% / 3 × 5
      expect(value.lifetimeValue).toBe(283_335);
    } finally {
      await t.close();
    }
  });
});
