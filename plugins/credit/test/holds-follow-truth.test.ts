import { json, testDatabases } from '@kehu/core/testing';
import { receivablesPlugin } from '@kehu/plugin-receivables';
import { describe, expect, it } from 'vitest';
import { creditPlugin } from '../src/index.js';
import { eventSpy, type Seen } from './support/events.js';
import { bootCredit, type CreditTestKehu } from './support/kehu.js';
import { invoice, invoiceOk, pay } from './support/receivables.js';

const CNY = 'CNY';

async function ok(res: Response, status = 200): Promise<any> {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${await res.text()}`);
  return json(res);
}

/**
 * 超期不放 follows the truth: once nothing is overdue, whatever made it so, the overdue hold no
 * longer refuses a sale — at once (the check re-reads the standing) and in the hold record once the
 * receivables event is delivered.
 */
describe.each(testDatabases())('the overdue hold follows what is overdue on $name', (db) => {
  type Clear = (t: CreditTestKehu, users: Users, inv: any) => Promise<void>;
  interface Users {
    finance: { id: string; token: string };
    sales: { id: string; token: string };
  }

  async function overdueCustomer(seen: Seen) {
    const t = await bootCredit(db, {
      plugins: [
        receivablesPlugin,
        creditPlugin,
        eventSpy(['credit.holdPlaced', 'credit.holdReleased'], seen),
      ],
    });
    const users: Users = {
      finance: await t.user(['finance_manager'], 'Finance'),
      sales: await t.user(['sales_manager'], 'Sales manager'),
    };
    const id = await t.creditCustomer({ limit: 100_000_00 });
    const inv = await invoiceOk(t, id, 30_000_00, { termDays: 10 }); // due 2026-03-11
    t.clock.set('2026-03-12T08:00:00.000Z');
    await t.kernel.scheduler.runDue(t.clock.now());
    await t.settle();
    const held = await t.check({ customerId: id, amount: 1_00, currency: CNY });
    expect(held.reasons.map((r: any) => r.code)).toEqual(['on_hold', 'overdue']);
    return { t, users, id, inv };
  }

  const holdsOf = async (t: CreditTestKehu, id: string) =>
    (await ok(await t.request(`/api/v1/credit/customers/${id}/holds?all=true`, { token: t.am.token }))).items;

  const paths: [string, Clear][] = [
    [
      'an approved extension moves the due date',
      async (t, u, inv) => {
        const ext = await ok(
          await t.request('/api/v1/receivables/extensions', {
            token: t.am.token,
            body: { invoiceId: inv.id, requestedDueDate: '2026-03-31', reason: 'Customer pays at month end' },
          }),
          201,
        );
        await ok(
          await t.request(`/api/v1/receivables/extensions/${ext.id}/approve`, {
            token: u.finance.token,
            body: {},
          }),
        );
      },
    ],
    [
      'a credit note clears the overdue amount',
      async (t, u, inv) => {
        await ok(
          await t.request('/api/v1/receivables/credit-notes', {
            token: u.finance.token,
            body: { invoiceId: inv.id, amount: 30_000_00, kind: 'return', reason: 'Goods returned 退货' },
          }),
          201,
        );
      },
    ],
    [
      'the invoice is cancelled',
      async (t, _u, inv) => {
        await ok(
          await t.request(`/api/v1/receivables/invoices/${inv.id}/cancel`, {
            token: t.am.token,
            body: { reason: 'Issued to the wrong customer' },
          }),
        );
      },
    ],
    [
      'a payment settles it',
      async (t, u, inv) => {
        await pay(t, u.finance.token, inv.customerId, 30_000_00);
      },
    ],
  ];

  for (const [name, clear] of paths) {
    it(`${name}: the check approves, and the hold is released`, async () => {
      const seen: Seen = [];
      const { t, users, id, inv } = await overdueCustomer(seen);
      try {
        await clear(t, users, inv);
        // Before any event is delivered the check already answers from the standing.
        const standing = await ok(
          await t.request(`/api/v1/receivables/customers/${id}/standing`, { token: t.am.token }),
        );
        expect(standing.hasOverdue).toBe(false);
        const now = await t.check({ customerId: id, amount: 1_00, currency: CNY });
        expect(now).toMatchObject({ approved: true, reasons: [] });

        await t.settle();
        expect((await holdsOf(t, id)).map((h: any) => [h.reason, h.releasedAt !== null])).toEqual([
          ['overdue', true],
        ]);
        expect(seen.map((e) => e.name)).toEqual(['credit.holdPlaced', 'credit.holdReleased']);
        const credit = (await ok(await t.request(`/api/v1/customers/${id}?include=credit`))).facets.credit;
        expect(credit).toMatchObject({ status: 'normal', holdReasons: [] });
        expect((await invoice(t, id, 1_00)).status).toBe(201);
      } finally {
        await t.close();
      }
    });
  }

  it('a write-off releases the overdue hold; the write-off hold stays for a credit manager', async () => {
    const seen: Seen = [];
    const { t, users, id, inv } = await overdueCustomer(seen);
    try {
      const gm = await t.user(['general_manager'], 'General manager');
      const wo = await ok(
        await t.request('/api/v1/receivables/write-offs', {
          token: t.am.token,
          body: { invoiceId: inv.id, reason: 'Customer insolvent 破产' },
        }),
        201,
      );
      await ok(
        await t.request(`/api/v1/receivables/write-offs/${wo.id}/approve`, { token: gm.token, body: {} }),
      );
      await t.settle();
      const holds = await holdsOf(t, id);
      expect(holds.map((h: any) => [h.reason, h.releasedAt !== null]).sort()).toEqual([
        ['overdue', true],
        ['written_off', false],
      ]);
      const check = await t.check({ customerId: id, amount: 1_00, currency: CNY });
      expect(check.reasons).toEqual([
        expect.objectContaining({ code: 'on_hold', detail: 'Credit is on hold (written_off)' }),
      ]);
      expect(users.finance.id).toBeTruthy();
    } finally {
      await t.close();
    }
  });

  it('an invoice that finds a stale overdue hold releases it in its own transaction', async () => {
    const seen: Seen = [];
    const { t, users, id, inv } = await overdueCustomer(seen);
    try {
      await ok(
        await t.request('/api/v1/receivables/credit-notes', {
          token: users.finance.token,
          body: { invoiceId: inv.id, amount: 30_000_00, kind: 'discount', reason: 'Price agreed 折价' },
        }),
        201,
      );
      // No event delivered yet: the invoice's own credit check finds nothing overdue.
      expect((await invoice(t, id, 1_00)).status).toBe(201);
      expect((await holdsOf(t, id)).map((h: any) => h.releasedAt !== null)).toEqual([true]);
      await t.settle();
      expect(seen.map((e) => e.name)).toEqual(['credit.holdPlaced', 'credit.holdReleased']);
    } finally {
      await t.close();
    }
  });

  it('refuses a sale while delivery is blocked (严控问题渠道发货), even with a one-off exception', async () => {
    const seen: Seen = [];
    const { t, users, id } = await overdueCustomer(seen);
    try {
      t.clock.set('2026-05-11T08:00:00.000Z'); // due 2026-03-11: exactly two months, not yet over
      const two = await t.check({ customerId: id, amount: 1_00, currency: CNY });
      expect(two.reasons.map((r: any) => r.code)).toEqual(['on_hold', 'overdue']);

      t.clock.set('2026-05-12T08:00:00.000Z');
      const over = await t.check({ customerId: id, amount: 1_00, currency: CNY });
      expect(over.reasons.map((r: any) => r.code)).toEqual(['on_hold', 'overdue', 'delivery_blocked']);
      expect(over.reasons[2].detail).toContain('严控问题渠道发货');

      const exception = await ok(
        await t.request(`/api/v1/credit/customers/${id}/overrides`, {
          token: t.cm1.token,
          body: {
            amountCap: 10_000_00,
            currency: CNY,
            expiresAt: '2026-06-01T00:00:00Z',
            reason: 'GM wants this order out',
          },
        }),
        201,
      );
      const excepted = await t.check({
        customerId: id,
        amount: 1_00,
        currency: CNY,
        overrideId: exception.id,
      });
      expect(excepted).toMatchObject({
        approved: false,
        override: { id: exception.id, waived: ['on_hold', 'overdue'] },
      });
      const refused = await invoice(t, id, 1_00, { creditOverrideId: exception.id });
      expect(refused.status).toBe(422);
      expect((await json(refused)).reasons.map((r: any) => r.code)).toContain('delivery_blocked');

      await pay(t, users.finance.token, id, 30_000_00);
      const paid = await t.check({ customerId: id, amount: 1_00, currency: CNY });
      expect(paid).toMatchObject({ approved: true, reasons: [] });
    } finally {
      await t.close();
    }
  });
});
