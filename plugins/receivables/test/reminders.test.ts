import { testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { expectStatus, world } from './helpers.js';

const API = '/api/v1/receivables';
const lines = (unitPrice: number) => [{ description: 'Lubricant 200 L', quantity: 1, unitPrice }];

describe.each(testDatabases())('reconciliation reminders on $name', (db) => {
  it('raises unconfirmed statements, stale disputes and unanswered warnings once each, to someone who can act', async () => {
    const w = await world(db);
    const { t } = w;
    try {
      const x = w.customerId; // owned by am
      const y = await w.customer('无人负责的客户 Nobody’s customer', null);
      const febX = await w.invoice({ issueDate: '2026-02-10', lines: lines(5_000) });
      const febY = await w.invoice({ customerId: y, issueDate: '2026-02-12', lines: lines(4_000) });
      // March invoices: one whose responsible person leaves the company, one with nobody responsible.
      const leaving = await w.invoice({
        issueDate: '2026-03-01',
        termDays: 10,
        lines: lines(1_000),
        responsibleId: w.am2.id,
      });
      const orphan = await w.invoice({
        customerId: y,
        issueDate: '2026-03-01',
        termDays: 10,
        lines: lines(2_000),
      });
      expect(orphan.responsibleId).toBeNull();

      // The statements job makes February's drafts; X disputes its statement, Y never answers.
      await w.at('2026-03-02');
      const statements = (await expectStatus(await t.request(`${API}/statements?period=2026-02`), 200)).items;
      const stX = statements.find((s: any) => s.customerId === x);
      const stY = statements.find((s: any) => s.customerId === y);
      expect(stY.status).toBe('draft');
      await expectStatus(await t.request(`${API}/statements/${stX.id}/send`, { body: {} }), 200);
      const disputed = await expectStatus(
        await t.request(`${API}/statements/${stX.id}/dispute`, {
          body: { items: [{ amount: 500, kind: 'return', reason: 'Two drums returned, not credited' }] },
        }),
        200,
      );
      // February is settled in March, so only the March invoices are warned about.
      await w.pay({ amount: 5_000, allocations: [{ invoiceId: febX.id, amount: 5_000 }] }, w.finance.token);
      await w.pay(
        { customerId: y, amount: 4_000, allocations: [{ invoiceId: febY.id, amount: 4_000 }] },
        w.finance.token,
      );
      await expectStatus(
        await t.request(`/api/v1/users/${w.am2.id}`, { method: 'PATCH', body: { active: false } }),
        200,
      );

      await w.at('2026-03-10');
      expect(await w.delivered('receivables.statement.unconfirmed')).toEqual([]);
      await w.at('2026-03-11');
      expect(await w.delivered('receivables.statement.unconfirmed')).toEqual([
        {
          statementId: stY.id,
          customerId: y,
          period: '2026-02',
          currency: 'CNY',
          closing: 4_000,
          status: 'draft',
          reconcileBy: '2026-03-10',
          responsibleId: null,
        },
      ]);

      await w.at('2026-03-15');
      const raised = await w.delivered('receivables.warning.raised');
      expect(raised.map((e) => [e.invoiceId, e.responsibleId]).sort()).toEqual(
        [
          [leaving.id, w.am.id], // its responsible person left: the customer's owner
          [orphan.id, null],
        ].sort(),
      );
      // Y gets an owner; the warning nobody could answer goes to them when it is overdue.
      await expectStatus(
        await t.request(`/api/v1/customers/${y}/owner`, {
          body: { ownerId: w.sales.id, reason: 'Assigned' },
        }),
        200,
      );

      await w.at('2026-03-31');
      expect(await w.delivered('receivables.warning.unanswered')).toEqual([]);
      await w.at('2026-04-01');
      const unanswered = await w.delivered('receivables.warning.unanswered');
      expect(unanswered.map((e) => [e.invoiceId, e.responsibleId, e.answerBy]).sort()).toEqual(
        [
          [leaving.id, w.am.id, '2026-03-31'],
          [orphan.id, w.sales.id, '2026-03-31'],
        ].sort(),
      );
      const orphanWarning = unanswered.find((e) => e.invoiceId === orphan.id)!;
      const answered = await expectStatus(
        await t.request(`${API}/warnings/${orphanWarning.warningId}/answer`, {
          token: w.sales.token,
          body: {
            reason: 'New owner took over',
            measures: 'Called the buyer',
            expectedPaymentDate: '2026-04-10',
          },
        }),
        200,
      );
      expect(answered).toMatchObject({ answered: true, responsibleId: w.sales.id, answerBy: '2026-03-31' });

      await w.at('2026-05-01');
      expect(await w.delivered('receivables.dispute.overdue')).toEqual([]);
      await w.at('2026-05-02');
      await w.at('2026-05-03');
      await w.at('2026-06-20');
      expect(await w.delivered('receivables.dispute.overdue')).toEqual([
        {
          disputeItemId: disputed.disputeItems[0].id,
          statementId: stX.id,
          customerId: x,
          period: '2026-02',
          amount: 500,
          currency: 'CNY',
          reason: 'Two drums returned, not credited',
          openedOn: '2026-03-02',
          responsibleId: w.am.id,
        },
      ]);
      // Once each, however often the job ran.
      // Later months' drafts are late too, each announced once (May's is made the day its reminder is due).
      const late = await w.delivered('receivables.statement.unconfirmed');
      expect(late.filter((e) => e.statementId === stY.id)).toHaveLength(1);
      expect(new Set(late.map((e) => e.statementId)).size).toBe(late.length);
      expect(late.map((e) => `${e.customerId === y ? 'y' : 'x'}:${e.period}`).sort()).toEqual([
        'x:2026-03',
        'x:2026-04',
        'y:2026-02',
        'y:2026-03',
        'y:2026-04',
      ]);
      expect(await w.delivered('receivables.warning.unanswered')).toHaveLength(2);
    } finally {
      await t.close();
    }
  });
});
