import { testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { expectStatus, type World, world } from './helpers.js';

const API = '/api/v1/receivables';
const lines = (unitPrice: number) => [{ description: 'Lubricant 200 L', quantity: 1, unitPrice }];

/** Generates, sends and confirms a customer's statement for a month, as finance does with the signed 确认书. */
async function confirmStatement(w: World, customerId: string, period: string) {
  const [st] = (
    await expectStatus(
      await w.t.request(`${API}/statements`, { body: { customerId, period, currency: 'CNY' } }),
      201,
    )
  ).items;
  await expectStatus(await w.t.request(`${API}/statements/${st.id}/send`, { body: {} }), 200);
  return expectStatus(
    await w.t.request(`${API}/statements/${st.id}/confirm`, { body: { signedBy: '刘会计' } }),
    200,
  );
}

describe.each(testDatabases())('closed periods (往来对账) on $name', (db) => {
  it('locks a confirmed month: backdated documents are refused, corrections go into the open period, the signed closing is the next opening', async () => {
    const w = await world(db);
    const { t } = w;
    try {
      const a = await w.invoice({ issueDate: '2026-02-05', lines: lines(10_000) });
      await w.pay({ amount: 4_000, date: '2026-02-20' }, w.finance.token);
      const feb = await confirmStatement(w, w.customerId, '2026-02');
      expect(feb).toMatchObject({ status: 'confirmed', opening: 0, closing: 6_000 });

      const invoiceRes = await t.request(`${API}/invoices`, {
        body: { customerId: w.customerId, issueDate: '2026-02-25', lines: lines(2_000) },
      });
      const refused = await expectStatus(invoiceRes, 409);
      expect(refused).toMatchObject({
        code: 'period_closed',
        period: '2026-02',
        lockedThrough: '2026-02',
        lockedBy: 'confirmed_statement',
        statementId: feb.id,
        openFrom: '2026-03-01',
        errors: [{ path: 'body.issueDate' }],
      });
      expect(refused.detail).toContain('2026-02');
      // Earlier months are locked with it: the confirmed opening balance depends on them.
      expect(
        (
          await expectStatus(
            await t.request(`${API}/invoices`, {
              body: { customerId: w.customerId, issueDate: '2026-01-20', lines: lines(2_000) },
            }),
            409,
          )
        ).period,
      ).toBe('2026-01');
      const payment = await t.request(`${API}/payments`, {
        token: w.finance.token,
        body: {
          customerId: w.customerId,
          amount: 1_000,
          currency: 'CNY',
          date: '2026-02-28',
          method: 'cash',
        },
      });
      expect((await expectStatus(payment, 409)).code).toBe('period_closed');
      const note = await t.request(`${API}/credit-notes`, {
        token: w.finance.token,
        body: { invoiceId: a.id, amount: 500, kind: 'discount', reason: 'Late delivery', date: '2026-02-27' },
      });
      expect((await expectStatus(note, 409)).errors[0].path).toBe('body.date');
      // Nothing was written by the refusals.
      expect(
        (await expectStatus(await t.request(`${API}/invoices?customerId=${w.customerId}`), 200)).items,
      ).toHaveLength(1);

      // Another currency of the same customer is another account, still open.
      await w.invoice({ issueDate: '2026-02-10', currency: 'USD', lines: lines(700) });

      // Corrections dated in the open period, referring to the original.
      const correction = await w.invoice({
        issueDate: '2026-03-01',
        lines: lines(2_000),
        correctionOf: a.id,
      });
      expect(correction.correctionOf).toBe(a.id);
      await expectStatus(
        await t.request(`${API}/credit-notes`, {
          token: w.finance.token,
          body: { invoiceId: a.id, amount: 500, kind: 'discount', reason: 'Late delivery' },
        }),
        201,
      );
      const foreign = await w.customer('Another customer', w.am.id);
      const other = await w.invoice({ customerId: foreign, lines: lines(100) });
      expect(
        (
          await expectStatus(
            await t.request(`${API}/invoices`, {
              body: { customerId: w.customerId, lines: lines(100), correctionOf: other.id },
            }),
            422,
          )
        ).errors[0].path,
      ).toBe('body.correctionOf');

      const [march] = (
        await expectStatus(
          await t.request(`${API}/statements`, {
            body: { customerId: w.customerId, period: '2026-03', currency: 'CNY' },
          }),
          201,
        )
      ).items;
      expect(march.opening).toBe(feb.closing);
      expect(march.closing).toBe(6_000 + 2_000 - 500);
      expect(march.lines.map((l: any) => l.description)).toContain(
        `Invoice due 2026-03-31, correcting ${a.number}`,
      );
    } finally {
      await t.close();
    }
  });

  it('a confirmed current month refuses cancellations, reversals and write-offs dated today', async () => {
    const w = await world(db);
    const { t } = w;
    try {
      const gm = await t.user(['general_manager'], 'General manager');
      const a = await w.invoice({ issueDate: '2026-02-05', lines: lines(10_000) });
      const b = await w.invoice({ issueDate: '2026-02-06', lines: lines(3_000) });
      const p = await w.pay({ amount: 1_000, date: '2026-03-01' }, w.finance.token);
      const wo = await expectStatus(
        await t.request(`${API}/write-offs`, { body: { invoiceId: b.id, reason: 'Insolvent' } }),
        201,
      );
      await confirmStatement(w, w.customerId, '2026-03');

      const cancel = await t.request(`${API}/invoices/${a.id}/cancel`, {
        body: { reason: 'Wrong customer' },
      });
      expect(await expectStatus(cancel, 409)).toMatchObject({ code: 'period_closed', period: '2026-03' });
      const reverse = await t.request(`${API}/payments/${p.id}/reverse`, {
        token: w.finance.token,
        body: { reason: 'Bounced' },
      });
      expect((await expectStatus(reverse, 409)).code).toBe('period_closed');
      const approve = await t.request(`${API}/write-offs/${wo.id}/approve`, { token: gm.token, body: {} });
      expect((await expectStatus(approve, 409)).code).toBe('period_closed');

      // In April they are dated in the open period.
      t.clock.set('2026-04-01T08:00:00.000Z');
      expect(
        (
          await expectStatus(
            await t.request(`${API}/write-offs/${wo.id}/approve`, { token: gm.token, body: {} }),
            200,
          )
        ).status,
      ).toBe('approved');
    } finally {
      await t.close();
    }
  });

  it('finance closes a month for every customer; only after it ended, only with the permission', async () => {
    const w = await world(db);
    const { t } = w;
    try {
      const close = (period: string, token: string) =>
        t.request(`${API}/periods/${period}/close`, { token, body: { reason: 'Month-end close 月结' } });
      expect((await expectStatus(await close('2026-03', w.finance.token), 422)).code).toBe(
        'period_not_ended',
      );
      expect((await close('2026-02', w.am.token)).status).toBe(403);
      const closed = await expectStatus(await close('2026-02', w.finance.token), 200);
      expect(closed).toMatchObject({
        period: '2026-02',
        closedBy: w.finance.id,
        reason: 'Month-end close 月结',
      });
      expect(await expectStatus(await close('2026-02', w.finance.token), 200)).toEqual(closed);
      expect((await expectStatus(await t.request(`${API}/periods`), 200)).items).toEqual([closed]);

      const refused = await t.request(`${API}/payments`, {
        token: w.finance.token,
        body: {
          customerId: w.customerId,
          amount: 1_000,
          currency: 'USD',
          date: '2026-01-31',
          method: 'cash',
        },
      });
      expect(await expectStatus(refused, 409)).toMatchObject({
        code: 'period_closed',
        period: '2026-01',
        lockedThrough: '2026-02',
        lockedBy: 'closed_by_finance',
        openFrom: '2026-03-01',
      });
      await w.pay({ amount: 1_000, date: '2026-03-01' }, w.finance.token);
    } finally {
      await t.close();
    }
  });
});
