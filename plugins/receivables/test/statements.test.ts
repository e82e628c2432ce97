import { xlsxRecords } from '@kehu/core';
import { testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { expectStatus, world } from './helpers.js';

const inv = (unitPrice: number, extra: Record<string, unknown> = {}) => ({
  lines: [{ description: 'Flanges DN100', quantity: 1, unitPrice }],
  ...extra,
});

describe.each(testDatabases())('reconciliation statements on $name', (db) => {
  it('reconciles a month: opening, invoices, payments, credit notes, closing; drafts regenerate, sent ones do not', async () => {
    const w = await world(db);
    const { t } = w;
    try {
      await w.invoice(inv(40_000, { issueDate: '2026-02-10' }));
      await w.pay({ amount: 15_000, date: '2026-02-25' });
      await w.at('2026-03-10');
      const march = await w.invoice(inv(25_000));
      const cancelled = await w.invoice(inv(1_000));
      await expectStatus(
        await t.request(`/api/v1/receivables/invoices/${cancelled.id}/cancel`, {
          body: { reason: 'wrong customer' },
        }),
        200,
      );
      await expectStatus(
        await t.request('/api/v1/receivables/credit-notes', {
          body: { invoiceId: march.id, amount: 5_000, kind: 'discount', reason: '折价 agreed' },
        }),
        201,
      );
      const p = await w.pay({ amount: 10_000 });
      await expectStatus(
        await t.request(`/api/v1/receivables/payments/${p.id}/reverse`, { body: { reason: 'bounced' } }),
        200,
      );
      await w.pay({ amount: 20_000 });
      await w.at('2026-04-03');

      const feb = (
        await expectStatus(
          await t.request('/api/v1/receivables/statements', {
            body: { customerId: w.customerId, period: '2026-02' },
          }),
          201,
        )
      ).items[0];
      expect(feb).toMatchObject({ opening: 0, invoiced: 40_000, paid: 15_000, closing: 25_000 });
      const made = await expectStatus(
        await t.request('/api/v1/receivables/statements', {
          body: { customerId: w.customerId, period: '2026-03', currency: 'CNY' },
        }),
        201,
      );
      const st = made.items[0];
      expect(st).toMatchObject({
        period: '2026-03',
        status: 'draft',
        opening: 25_000,
        invoiced: 25_000,
        paid: 20_000,
        credited: 5_000,
        writtenOff: 0,
        closing: 25_000,
      });
      expect(st.lines.map((l: any) => l.kind)).toEqual([
        'invoice',
        'invoice',
        'cancellation',
        'credit_note',
        'payment',
        'payment',
        'payment_reversal',
      ]);
      expect(st.opening + st.lines.reduce((s: number, l: any) => s + l.amount, 0)).toBe(st.closing);
      // The job on 1 April already made a draft: asking again regenerates it rather than duplicating.
      expect(
        (
          await expectStatus(
            await t.request(`/api/v1/receivables/statements?customerId=${w.customerId}&period=2026-03`),
            200,
          )
        ).items,
      ).toHaveLength(1);

      const csv = await t.request(`/api/v1/receivables/statements/${st.id}/export.csv`);
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toContain('text/csv');
      const text = await csv.text();
      expect(text).toContain('opening,,Opening balance,,,250.00');
      expect(text).toContain('closing,,Closing balance,,,250.00');
      expect(text.split('\r\n').filter((l) => l.startsWith('2026-03')).length).toBeGreaterThanOrEqual(8);
      const xlsx = await t.request(`/api/v1/receivables/statements/${st.id}/export.xlsx`);
      expect(xlsx.status).toBe(200);
      const sheet: string[][] = [];
      for await (const r of xlsxRecords(xlsx.body!)) sheet.push(r.cells);
      expect(sheet.find((r) => r[1] === 'opening')!.slice(0, 7)).toEqual([
        '2026-03-01',
        'opening',
        '',
        'Opening balance',
        '',
        '',
        '250',
      ]);
      expect(sheet.find((r) => r[1] === 'closing')![6]).toBe('250');

      await expectStatus(
        await t.request(`/api/v1/receivables/statements/${st.id}/confirm`, { body: {} }),
        409,
      );
      const sent = await expectStatus(
        await t.request(`/api/v1/receivables/statements/${st.id}/send`, {
          method: 'POST',
          token: w.am.token,
        }),
        200,
      );
      expect(sent.statement.status).toBe('sent');
      expect(
        (
          await expectStatus(
            await t.request('/api/v1/receivables/statements', {
              body: { customerId: w.customerId, period: '2026-03', currency: 'CNY' },
            }),
            409,
          )
        ).code,
      ).toBe('statement_locked');
      const confirmed = await expectStatus(
        await t.request(`/api/v1/receivables/statements/${st.id}/confirm`, {
          body: { signedBy: '刘会计' },
          token: w.am.token,
        }),
        200,
      );
      expect(confirmed).toMatchObject({
        status: 'confirmed',
        confirmedVia: 'staff',
        confirmedBy: w.am.id,
        signedBy: '刘会计',
      });
      // The link issued before the staff recorded the answer is spent too.
      expect((await t.request(sent.confirmationPath, { token: null })).status).toBe(410);
      expect(await w.delivered('receivables.statement.confirmed')).toEqual([
        expect.objectContaining({ statementId: st.id, closing: 25_000, via: 'staff' }),
      ]);

      await expectStatus(
        await t.request('/api/v1/receivables/statements', {
          body: { customerId: w.customerId, period: '2026-05' },
        }),
        422,
      );
      await expectStatus(
        await t.request('/api/v1/receivables/statements', {
          body: { customerId: w.customerId, period: '2026-13' },
        }),
        400,
      );
      await expectStatus(
        await t.request(`/api/v1/receivables/statements/${st.id}`, { token: w.am2.token }),
        404,
      );
      await expectStatus(
        await t.request('/api/v1/receivables/statements', {
          body: { customerId: w.customerId, period: '2026-03' },
          token: w.staff.token,
        }),
        403,
      );
    } finally {
      await t.close();
    }
  });

  it('lets the customer confirm through a single-use link without logging in', async () => {
    const w = await world(db);
    const { t } = w;
    try {
      await w.invoice(inv(12_345));
      await w.at('2026-04-02');
      const st = (
        await expectStatus(await t.request(`/api/v1/receivables/statements?customerId=${w.customerId}`), 200)
      ).items[0];
      const first = await expectStatus(
        await t.request(`/api/v1/receivables/statements/${st.id}/send`, { method: 'POST' }),
        200,
      );
      const second = await expectStatus(
        await t.request(`/api/v1/receivables/statements/${st.id}/send`, { method: 'POST' }),
        200,
      );
      // Sending again replaces the link.
      expect((await t.request(first.confirmationPath, { token: null })).status).toBe(404);
      const view = await expectStatus(await t.request(second.confirmationPath, { token: null }), 200);
      expect(view).toMatchObject({
        customer: { name: expect.stringContaining('Huadong') },
        closing: 12_345,
        status: 'sent',
      });
      expect(view.confirmedBy).toBeUndefined();
      await expectStatus(
        await t.request(`${second.confirmationPath}/confirm`, { body: {}, token: null }),
        400,
      );
      const done = await expectStatus(
        await t.request(`${second.confirmationPath}/confirm`, { body: { signedBy: '王经理' }, token: null }),
        200,
      );
      expect(done).toMatchObject({ status: 'confirmed', closing: 12_345 });
      expect(
        (await t.request(`${second.confirmationPath}/confirm`, { body: { signedBy: '王经理' }, token: null }))
          .status,
      ).toBe(410);
      expect(
        (
          await t.request(`${second.confirmationPath}/dispute`, {
            body: { signedBy: 'x', items: [{ amount: 1, kind: 'fee', reason: 'x' }] },
            token: null,
          })
        ).status,
      ).toBe(410);
      const stored = await expectStatus(await t.request(`/api/v1/receivables/statements/${st.id}`), 200);
      expect(stored).toMatchObject({
        status: 'confirmed',
        confirmedVia: 'link',
        confirmedBy: null,
        signedBy: '王经理',
      });
      expect(
        (
          await t.request('/api/v1/receivables/public/statements/not-a-real-token-at-all-xyz', {
            token: null,
          })
        ).status,
      ).toBe(404);
      expect((await t.request('/api/v1/receivables/public/statements/short', { token: null })).status).toBe(
        400,
      );
    } finally {
      await t.close();
    }
  });

  it('tracks dispute items recorded by staff until resolved', async () => {
    const w = await world(db);
    const { t } = w;
    try {
      await w.invoice(inv(50_000));
      await w.at('2026-04-02');
      const st = (
        await expectStatus(await t.request(`/api/v1/receivables/statements?customerId=${w.customerId}`), 200)
      ).items[0];
      await expectStatus(
        await t.request(`/api/v1/receivables/statements/${st.id}/send`, { method: 'POST' }),
        200,
      );
      await expectStatus(
        await t.request(`/api/v1/receivables/statements/${st.id}/dispute`, { body: { items: [] } }),
        400,
      );
      await expectStatus(
        await t.request(`/api/v1/receivables/statements/${st.id}/dispute`, {
          body: { items: [{ amount: -3, kind: 'fee', reason: 'x' }] },
        }),
        400,
      );
      const disputed = await expectStatus(
        await t.request(`/api/v1/receivables/statements/${st.id}/dispute`, {
          body: {
            items: [
              { amount: 3_000, kind: 'fee', reason: 'Freight charged twice' },
              { amount: 2_000, kind: 'return', reason: 'Return not credited' },
            ],
          },
        }),
        200,
      );
      expect(disputed.status).toBe('disputed');
      expect(disputed.disputeItems).toHaveLength(2);
      const open = await expectStatus(await t.request('/api/v1/receivables/disputes?status=open'), 200);
      expect(open.items).toHaveLength(2);
      const resolved = await expectStatus(
        await t.request(`/api/v1/receivables/disputes/${open.items[0].id}/resolve`, {
          body: { resolution: 'Credit note CN-2026-000009 issued' },
        }),
        200,
      );
      expect(resolved).toMatchObject({ status: 'resolved', openOverTwoMonths: false });
      await expectStatus(
        await t.request(`/api/v1/receivables/disputes/${open.items[0].id}/resolve`, {
          body: { resolution: 'again' },
        }),
        409,
      );
      await w.at('2026-06-03');
      const stale = await expectStatus(await t.request('/api/v1/receivables/disputes?stale=true'), 200);
      expect(stale.items.map((i: any) => i.id)).toEqual([open.items[1].id]);
      expect(
        (await expectStatus(await t.request(`/api/v1/receivables/customers/${w.customerId}/standing`), 200))
          .disputesOpenOverTwoMonths,
      ).toBe(1);
    } finally {
      await t.close();
    }
  });
});
