import { testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { expectStatus, world } from './helpers.js';

const inv = (unitPrice: number, extra: Record<string, unknown> = {}) => ({
  lines: [{ description: 'Cartons', quantity: 1, unitPrice }],
  ...extra,
});

describe.each(testDatabases())('payments and credit notes on $name', (db) => {
  it('allocates oldest due first, keeps the remainder as credit balance, applies it later', async () => {
    const w = await world(db);
    const { t } = w;
    try {
      const late = await w.invoice(inv(30_000, { issueDate: '2026-02-20', termDays: 30 })); // due 03-22
      const early = await w.invoice(inv(20_000, { issueDate: '2026-02-10', termDays: 20 })); // due 03-02
      const third = await w.invoice(inv(50_000, { termDays: 30 })); // due 03-31
      const usd = await w.invoice(inv(9_000, { currency: 'USD' }));
      const p = await w.pay({ amount: 60_000 }, w.finance.token);
      expect(p.allocations.map((a: any) => [a.invoiceId, a.amount])).toEqual([
        [early.id, 20_000],
        [late.id, 30_000],
        [third.id, 10_000],
      ]);
      expect(p.unallocated).toBe(0);
      const rec = await w.delivered('receivables.payment.recorded');
      expect(rec[0]).toMatchObject({ paymentId: p.id, amount: 60_000, unallocated: 0 });
      expect((await w.delivered('receivables.invoice.paid')).map((e) => e.invoiceId).sort()).toEqual(
        [early.id, late.id].sort(),
      );

      const over = await w.pay({ amount: 45_000 }, w.finance.token);
      expect(over).toMatchObject({
        unallocated: 5_000,
        allocations: [expect.objectContaining({ invoiceId: third.id, amount: 40_000 })],
      });
      let standing = await expectStatus(
        await t.request(`/api/v1/receivables/customers/${w.customerId}/standing`),
        200,
      );
      expect(standing.balances).toEqual([
        { currency: 'CNY', outstanding: 0, overdue: 0, creditBalance: 5_000 },
        { currency: 'USD', outstanding: 9_000, overdue: 0, creditBalance: 0 },
      ]);
      // The credit balance settles the next invoice when applied.
      const next = await w.invoice(inv(8_000));
      const applied = await expectStatus(
        await t.request(`/api/v1/receivables/payments/${over.id}/allocations`, {
          body: {},
          token: w.finance.token,
        }),
        200,
      );
      expect(applied.unallocated).toBe(0);
      expect(applied.allocations.at(-1)).toMatchObject({ invoiceId: next.id, amount: 5_000 });
      await expectStatus(
        await t.request(`/api/v1/receivables/payments/${over.id}/allocations`, {
          body: {},
          token: w.finance.token,
        }),
        409,
      );
      standing = await expectStatus(
        await t.request(`/api/v1/receivables/customers/${w.customerId}/standing`),
        200,
      );
      expect(standing.balances[0]).toEqual({
        currency: 'CNY',
        outstanding: 3_000,
        overdue: 0,
        creditBalance: 0,
      });
      expect(
        (await expectStatus(await t.request(`/api/v1/receivables/invoices/${usd.id}`), 200)).status,
      ).toBe('open');
      // An account manager may not record payments.
      await expectStatus(
        await t.request('/api/v1/receivables/payments', {
          body: { customerId: w.customerId, amount: 1, currency: 'CNY', date: '2026-03-01', method: 'cash' },
          token: w.am.token,
        }),
        403,
      );
    } finally {
      await t.close();
    }
  });

  it('refuses over-allocation, mixed currencies and other bad input, writing nothing', async () => {
    const w = await world(db);
    const { t } = w;
    try {
      const a = await w.invoice(inv(10_000));
      const b = await w.invoice(inv(10_000));
      const usd = await w.invoice(inv(10_000, { currency: 'USD' }));
      const other = await w.customer('Someone else', w.am.id);
      const theirs = await w.invoice(inv(10_000, { customerId: other }));
      const pay = (body: Record<string, unknown>) =>
        t.request('/api/v1/receivables/payments', {
          body: {
            customerId: w.customerId,
            currency: 'CNY',
            method: 'bank_transfer',
            date: '2026-03-01',
            amount: 10_000,
            ...body,
          },
        });
      const cases: [Record<string, unknown>, number, string, string?][] = [
        [
          { allocations: [{ invoiceId: a.id, amount: 10_001 }], amount: 20_000 },
          422,
          'body.allocations.0.amount',
          'over_allocation',
        ],
        [
          {
            allocations: [
              { invoiceId: a.id, amount: 6_000 },
              { invoiceId: b.id, amount: 6_000 },
            ],
          },
          422,
          'body.allocations',
          'over_allocation',
        ],
        [
          { allocations: [{ invoiceId: usd.id, amount: 1_000 }] },
          422,
          'body.allocations.0.invoiceId',
          'currency_mismatch',
        ],
        [
          { allocations: [{ invoiceId: theirs.id, amount: 1_000 }] },
          422,
          'body.allocations.0.invoiceId',
          'unknown_invoice',
        ],
        [
          {
            allocations: [
              { invoiceId: a.id, amount: 1 },
              { invoiceId: a.id, amount: 1 },
            ],
          },
          400,
          'body.allocations.1.invoiceId',
          'duplicate_allocation',
        ],
        [{ allocations: [{ invoiceId: a.id, amount: 0 }] }, 400, 'body.allocations.0.amount'],
        [{ amount: -5 }, 400, 'body.amount'],
        [{ amount: 0 }, 400, 'body.amount'],
        [{ amount: 10.5 }, 400, 'body.amount'],
        [{ currency: 'ABC' }, 422, 'body.currency', 'unknown_currency'],
        [{ date: '2026-04-31' }, 400, 'body.date'],
        [{ date: '2026-03-02' }, 422, 'body.date', 'date_in_future'],
        [{ method: 'bitcoin' }, 400, 'body.method'],
      ];
      for (const [body, status, path, code] of cases) {
        const problem = await expectStatus(await pay(body), status);
        expect(problem.errors.map((e: any) => e.path)).toContain(path);
        if (code) expect(problem.code).toBe(code);
      }
      expect((await expectStatus(await t.request('/api/v1/receivables/payments'), 200)).items).toHaveLength(
        0,
      );
      for (const id of [a.id, b.id, usd.id])
        expect(
          (await expectStatus(await t.request(`/api/v1/receivables/invoices/${id}`), 200)).outstanding,
        ).toBe(10_000);
    } finally {
      await t.close();
    }
  });

  it('reverses a payment: invoices owe again, announced, not twice', async () => {
    const w = await world(db);
    const { t } = w;
    try {
      const a = await w.invoice(inv(10_000));
      const p = await w.pay({ amount: 12_000 });
      expect((await expectStatus(await t.request(`/api/v1/receivables/invoices/${a.id}`), 200)).status).toBe(
        'paid',
      );
      const reversed = await expectStatus(
        await t.request(`/api/v1/receivables/payments/${p.id}/reverse`, {
          body: { reason: 'Transfer bounced' },
        }),
        200,
      );
      expect(reversed).toMatchObject({
        status: 'reversed',
        reversalReason: 'Transfer bounced',
        reversedOn: '2026-03-01',
      });
      expect(reversed.allocations[0].reversedOn).toBe('2026-03-01');
      expect(await expectStatus(await t.request(`/api/v1/receivables/invoices/${a.id}`), 200)).toMatchObject({
        status: 'open',
        outstanding: 10_000,
        paidAmount: 0,
      });
      const standing = await expectStatus(
        await t.request(`/api/v1/receivables/customers/${w.customerId}/standing`),
        200,
      );
      expect(standing.balances).toEqual([
        { currency: 'CNY', outstanding: 10_000, overdue: 0, creditBalance: 0 },
      ]);
      expect(
        (
          await expectStatus(
            await t.request(`/api/v1/receivables/payments/${p.id}/reverse`, { body: { reason: 'again' } }),
            409,
          )
        ).code,
      ).toBe('payment_reversed');
      expect(await w.delivered('receivables.payment.reversed')).toEqual([
        { paymentId: p.id, customerId: w.customerId, amount: 12_000, currency: 'CNY' },
      ]);
      await expectStatus(
        await t.request(`/api/v1/receivables/payments/${p.id}`, { token: w.am2.token }),
        404,
      );
    } finally {
      await t.close();
    }
  });

  it('credit notes reduce what an invoice owes, never below zero', async () => {
    const w = await world(db);
    const { t } = w;
    try {
      const a = await w.invoice(inv(10_000));
      const note = (body: Record<string, unknown>, token?: string) =>
        t.request('/api/v1/receivables/credit-notes', {
          body: { invoiceId: a.id, kind: 'return', reason: 'Two cartons returned', amount: 2_500, ...body },
          ...(token ? { token } : {}),
        });
      const cn = await expectStatus(await note({}), 201);
      expect(cn.number).toMatch(/^CN-2026-/);
      expect(await expectStatus(await t.request(`/api/v1/receivables/invoices/${a.id}`), 200)).toMatchObject({
        creditedAmount: 2_500,
        outstanding: 7_500,
        status: 'partially_paid',
      });
      expect((await expectStatus(await note({ amount: 7_501 }), 422)).errors[0].path).toBe('body.amount');
      await expectStatus(await note({ amount: -1 }), 400);
      await expectStatus(await note({ kind: 'gift' }), 400);
      await expectStatus(await note({}, w.am.token), 403);
      await expectStatus(await note({ amount: 7_500, kind: 'discount' }), 201);
      expect(await expectStatus(await t.request(`/api/v1/receivables/invoices/${a.id}`), 200)).toMatchObject({
        outstanding: 0,
        status: 'paid',
      });
      expect((await expectStatus(await note({ amount: 1 }), 422)).code).toBe('exceeds_outstanding');
      expect(
        (await expectStatus(await t.request(`/api/v1/receivables/credit-notes?invoiceId=${a.id}`), 200))
          .items,
      ).toHaveLength(2);
      expect(await w.delivered('receivables.creditNote.issued')).toHaveLength(2);
    } finally {
      await t.close();
    }
  });
});
