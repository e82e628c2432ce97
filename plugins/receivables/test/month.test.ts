import { testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { expectStatus, world } from './helpers.js';

describe.each(testDatabases())('a month of receivables on $name', (db) => {
  it('invoice → partial payment → overdue once → warning once → answered → statement disputed → stale dispute → plan broken → extension → write-off with approval', async () => {
    const w = await world(db);
    const { t } = w;
    try {
      // 1 March: an invoice on 10 days' credit, responsible person defaults to the customer's owner.
      const inv = await w.invoice({ termDays: 10 });
      expect(inv).toMatchObject({
        dueDate: '2026-03-11',
        total: 100_000,
        outstanding: 100_000,
        status: 'open',
        responsibleId: w.am.id,
        currency: 'CNY',
      });
      expect(inv.number).toMatch(/^INV-2026-\d{6}$/);
      expect((await w.delivered('receivables.invoice.created'))[0].invoice.id).toBe(inv.id);

      // 5 March: a partial payment, allocated oldest due first.
      await w.at('2026-03-05');
      const pay = await w.pay({ amount: 30_000 }, w.finance.token);
      expect(pay.allocations).toEqual([expect.objectContaining({ invoiceId: inv.id, amount: 30_000 })]);
      expect(pay.unallocated).toBe(0);
      let got = await expectStatus(await t.request(`/api/v1/receivables/invoices/${inv.id}`), 200);
      expect(got).toMatchObject({ status: 'partially_paid', paidAmount: 30_000, outstanding: 70_000 });

      // 11 March (due date): not overdue yet. 12 March: overdue, announced once, days in the payload.
      await w.at('2026-03-11');
      expect(await w.delivered('receivables.invoice.overdue')).toHaveLength(0);
      await w.at('2026-03-12');
      await w.at('2026-03-13');
      await t.kernel.scheduler.runDue(t.clock.now());
      const overdue = await w.delivered('receivables.invoice.overdue');
      expect(overdue).toHaveLength(1);
      expect(overdue[0]).toMatchObject({
        invoiceId: inv.id,
        daysOverdue: 1,
        outstanding: 70_000,
        currency: 'CNY',
        dueDate: '2026-03-11',
      });
      got = await expectStatus(await t.request(`/api/v1/receivables/invoices/${inv.id}`), 200);
      expect(got.overdueSince).toBe('2026-03-12');

      // 15 March: the mid-month warning, once, to the responsible person.
      await w.at('2026-03-14');
      expect(await w.delivered('receivables.warning.raised')).toHaveLength(0);
      await w.at('2026-03-15');
      await w.at('2026-03-16');
      await t.kernel.scheduler.runDue(t.clock.now(), 'receivables.warnings');
      const raised = await w.delivered('receivables.warning.raised');
      expect(raised).toHaveLength(1);
      const unanswered = await expectStatus(
        await t.request('/api/v1/receivables/warnings?answered=false', { token: w.am.token }),
        200,
      );
      expect(unanswered.items).toHaveLength(1);
      const warning = unanswered.items[0];
      expect(warning).toMatchObject({
        invoiceId: inv.id,
        responsibleId: w.am.id,
        period: '2026-03',
        answered: false,
      });
      const answer = {
        reason: 'Customer waiting for its own client to pay',
        measures: 'Weekly calls; visit on 20 March',
        expectedPaymentDate: '2026-03-31',
      };
      await expectStatus(
        await t.request(`/api/v1/receivables/warnings/${warning.id}/answer`, {
          body: answer,
          token: w.am2.token,
        }),
        404, // am2 may not see the warning: it answers as a warning that does not exist
      );
      await expectStatus(
        await t.request(`/api/v1/receivables/warnings/${warning.id}/answer`, {
          body: { ...answer, expectedPaymentDate: '2026-02-30' },
          token: w.am.token,
        }),
        400,
      );
      const answered = await expectStatus(
        await t.request(`/api/v1/receivables/warnings/${warning.id}/answer`, {
          body: answer,
          token: w.am.token,
        }),
        200,
      );
      expect(answered).toMatchObject({
        answered: true,
        answeredBy: w.am.id,
        expectedPaymentDate: '2026-03-31',
        measures: answer.measures,
      });
      await expectStatus(
        await t.request(`/api/v1/receivables/warnings/${warning.id}/answer`, {
          body: answer,
          token: w.am.token,
        }),
        409,
      );
      expect(
        (await expectStatus(await t.request('/api/v1/receivables/warnings?answered=false'), 200)).items,
      ).toHaveLength(0);

      // 1 April: the statement job reconciles March; sent; the customer disputes through the link.
      await w.at('2026-04-01');
      const listed = await expectStatus(
        await t.request(`/api/v1/receivables/statements?customerId=${w.customerId}&period=2026-03`),
        200,
      );
      expect(listed.items).toHaveLength(1);
      const st = listed.items[0];
      expect(st).toMatchObject({
        status: 'draft',
        opening: 0,
        invoiced: 100_000,
        paid: 30_000,
        credited: 0,
        closing: 70_000,
        currency: 'CNY',
      });
      const sent = await expectStatus(
        await t.request(`/api/v1/receivables/statements/${st.id}/send`, { method: 'POST' }),
        200,
      );
      const link = sent.confirmationPath as string;
      const view = await expectStatus(await t.request(link, { token: null }), 200);
      expect(view).toMatchObject({ period: '2026-03', closing: 70_000 });
      const dispute = {
        signedBy: '王经理 (Huadong)',
        items: [{ amount: 5_000, kind: 'return', reason: 'Two drums returned damaged, not credited' }],
      };
      await expectStatus(await t.request(`${link}/dispute`, { body: dispute, token: null }), 200);
      await expectStatus(await t.request(`${link}/confirm`, { body: { signedBy: 'x' }, token: null }), 410);
      const disputed = await w.delivered('receivables.statement.disputed');
      expect(disputed).toHaveLength(1);
      expect(disputed[0]).toMatchObject({
        statementId: st.id,
        period: '2026-03',
        items: [expect.objectContaining({ amount: 5_000 })],
      });

      // Two months later the dispute item is still open: flagged; the invoice is unpaid for over two months.
      await w.at('2026-06-01');
      expect(
        (await expectStatus(await t.request('/api/v1/receivables/disputes?stale=true'), 200)).items,
      ).toHaveLength(0);
      await w.at('2026-06-02');
      const stale = await expectStatus(await t.request('/api/v1/receivables/disputes?stale=true'), 200);
      expect(stale.items).toEqual([expect.objectContaining({ statementId: st.id, openOverTwoMonths: true })]);
      expect(
        (await expectStatus(await t.request(`/api/v1/receivables/statements/${st.id}`), 200))
          .hasStaleDisputes,
      ).toBe(true);
      const standing = await expectStatus(
        await t.request(`/api/v1/receivables/customers/${w.customerId}/standing`),
        200,
      );
      expect(standing).toMatchObject({
        hasOverdue: true,
        unpaidOverTwoMonths: true,
        deliveryBlocked: true,
        disputesOpenOverTwoMonths: 1,
        oldestOverdueDays: 83,
      });

      // A repayment plan; the first instalment is paid, the second missed: broken, announced once.
      const plan = await expectStatus(
        await t.request('/api/v1/receivables/plans', {
          body: {
            customerId: w.customerId,
            currency: 'CNY',
            reason: 'Agreed with the customer on 2 June',
            instalments: [
              { dueDate: '2026-06-10', amount: 30_000 },
              { dueDate: '2026-06-20', amount: 40_000 },
            ],
          },
          token: w.am.token,
        }),
        201,
      );
      await w.at('2026-06-09');
      await w.pay({ amount: 30_000 }, w.finance.token);
      await w.at('2026-06-11');
      let p = await expectStatus(await t.request(`/api/v1/receivables/plans/${plan.id}`), 200);
      expect(p.status).toBe('active');
      expect(p.instalments.map((i: any) => i.status)).toEqual(['paid', 'pending']);
      await w.at('2026-06-20');
      expect(await w.delivered('receivables.plan.broken')).toHaveLength(0);
      await w.at('2026-06-21');
      await w.at('2026-06-22');
      const broken = await w.delivered('receivables.plan.broken');
      expect(broken).toEqual([
        expect.objectContaining({
          planId: plan.id,
          instalmentDueDate: '2026-06-20',
          amount: 40_000,
          currency: 'CNY',
        }),
      ]);
      p = await expectStatus(await t.request(`/api/v1/receivables/plans/${plan.id}`), 200);
      expect(p.status).toBe('broken');

      // An extension request, decided by a finance or sales manager; the due date moves, audited.
      const inv2 = await w.invoice({ termDays: 30 });
      expect(inv2.dueDate).toBe('2026-07-22');
      const ext = await expectStatus(
        await t.request('/api/v1/receivables/extensions', {
          body: { invoiceId: inv2.id, requestedDueDate: '2026-08-05', reason: 'Customer stocktake in July' },
          token: w.am.token,
        }),
        201,
      );
      await expectStatus(
        await t.request(`/api/v1/receivables/extensions/${ext.id}/approve`, { body: {}, token: w.am.token }),
        403,
      );
      expect(
        (await expectStatus(await t.request(`/api/v1/receivables/invoices/${inv2.id}`), 200)).dueDate,
      ).toBe('2026-07-22');
      await expectStatus(
        await t.request(`/api/v1/receivables/extensions/${ext.id}/approve`, {
          body: { note: 'OK once' },
          token: w.finance.token,
        }),
        200,
      );
      expect(
        (await expectStatus(await t.request(`/api/v1/receivables/invoices/${inv2.id}`), 200)).dueDate,
      ).toBe('2026-08-05');
      const audit = await expectStatus(
        await t.request(`/api/v1/audit?entityType=invoice&entityId=${inv2.id}`),
        200,
      );
      expect(audit.items).toContainEqual(
        expect.objectContaining({
          action: 'due_date_moved',
          actorId: w.finance.id,
          changes: { dueDate: { from: '2026-07-22', to: '2026-08-05' } },
        }),
      );
      expect(await w.delivered('receivables.invoice.dueDateMoved')).toEqual([
        expect.objectContaining({ invoiceId: inv2.id, from: '2026-07-22', to: '2026-08-05' }),
      ]);

      // Write-off only with approval: the request changes nothing; the requester cannot approve; finance can.
      const wo = await expectStatus(
        await t.request('/api/v1/receivables/write-offs', {
          body: { invoiceId: inv.id, reason: 'Customer insolvent; liquidator confirms nothing left' },
          token: w.am.token,
        }),
        201,
      );
      expect(
        (await expectStatus(await t.request(`/api/v1/receivables/invoices/${inv.id}`), 200)).status,
      ).toBe('partially_paid');
      expect(await w.delivered('receivables.invoice.writtenOff')).toHaveLength(0);
      await expectStatus(
        await t.request(`/api/v1/receivables/write-offs/${wo.id}/approve`, { body: {}, token: w.am.token }),
        403,
      );
      const own = await expectStatus(
        await t.request('/api/v1/receivables/write-offs', {
          body: { invoiceId: inv2.id, reason: 'test' },
          token: w.finance.token,
        }),
        201,
      );
      expect(
        (
          await expectStatus(
            await t.request(`/api/v1/receivables/write-offs/${own.id}/approve`, {
              body: {},
              token: w.finance.token,
            }),
            403,
          )
        ).code,
      ).toBe('own_request');
      await expectStatus(
        await t.request(`/api/v1/receivables/write-offs/${wo.id}/approve`, {
          body: {},
          token: w.finance.token,
        }),
        200,
      );
      const after = await expectStatus(await t.request(`/api/v1/receivables/invoices/${inv.id}`), 200);
      expect(after).toMatchObject({ status: 'written_off', outstanding: 0, writtenOffAmount: 40_000 });
      expect(await w.delivered('receivables.invoice.writtenOff')).toEqual([
        expect.objectContaining({
          invoiceId: inv.id,
          amount: 40_000,
          approvedBy: w.finance.id,
          reason: expect.stringContaining('insolvent'),
        }),
      ]);
    } finally {
      await t.close();
    }
  }, 120_000);
});
