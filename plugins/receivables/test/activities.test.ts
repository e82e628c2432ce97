import { testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { expectStatus, type World, world } from './helpers.js';

const mine = async (w: World, who: { token: string }, query = '') =>
  (await expectStatus(await w.t.request(`/api/v1/activities${query}`, { token: who.token }), 200)).items;

describe.each(testDatabases())('receivables rules as activities on $name', (db) => {
  it('a mid-month warning is an activity of the responsible person; answering it completes it', async () => {
    const w = await world(db);
    try {
      await w.invoice({ termDays: 10 }); // due 11 March
      await w.at('2026-03-16');
      const [activity] = await mine(w, w.am, '?type=answer_required');
      expect(activity).toMatchObject({
        type: 'answer_required',
        customerId: w.customerId,
        assigneeId: w.am.id,
        dueDate: '2026-03-31',
        sourcePlugin: 'receivables',
        closedBySource: true,
        link: { type: 'receivables_warning' },
        status: 'open',
      });
      // It closes where it came from, not by hand.
      const byHand = await w.t.request(`/api/v1/activities/${activity.id}/complete`, {
        body: {},
        token: w.am.token,
      });
      expect((await expectStatus(byHand, 409)).code).toBe('closed_by_source');
      // Running the warning job again in the month adds nothing.
      await w.at('2026-03-17');
      expect(await mine(w, w.am, '?type=answer_required')).toHaveLength(1);

      await expectStatus(
        await w.t.request(`/api/v1/receivables/warnings/${activity.link.id}/answer`, {
          body: { reason: '客户资金周转', measures: '每周电话催收', expectedPaymentDate: '2026-03-30' },
          token: w.am.token,
        }),
        200,
      );
      expect(await mine(w, w.am, '?type=answer_required')).toEqual([]);
      const [done] = await mine(w, w.am, '?type=answer_required&status=done');
      expect(done).toMatchObject({ id: activity.id, outcome: 'answered', closedBy: w.am.id });
    } finally {
      await w.t.close();
    }
  });

  it('an unanswered warning escalates to the sales manager after its date', async () => {
    const w = await world(db);
    try {
      await w.invoice({ termDays: 10 });
      await w.at('2026-03-16');
      const [activity] = await mine(w, w.am, '?type=answer_required');
      await w.at('2026-03-31T20:00:00.000Z');
      expect(
        (await expectStatus(await w.t.request('/api/v1/notifications/counts', { token: w.sales.token }), 200))
          .unread,
      ).toBe(0);
      // 1 April: the month ended without an answer.
      await w.at('2026-04-01T01:00:00.000Z');
      const inbox = await expectStatus(
        await w.t.request('/api/v1/notifications', { token: w.sales.token }),
        200,
      );
      expect(inbox.items).toEqual([
        expect.objectContaining({
          kind: 'activity.escalated',
          activityId: activity.id,
          customerId: w.customerId,
        }),
      ]);
      const team = await expectStatus(
        await w.t.request('/api/v1/activities/team?type=answer_required', { token: w.sales.token }),
        200,
      );
      expect(team.items.map((a: any) => [a.id, a.bucket])).toEqual([[activity.id, 'overdue']]);
      expect(team.items[0].escalatedAt).not.toBeNull();
      // Still the responsible person's to answer.
      expect((await mine(w, w.am, '?type=answer_required')).map((a: any) => a.id)).toEqual([activity.id]);
    } finally {
      await w.t.close();
    }
  });

  it('a pending extension or write-off is an approval activity for those who may decide, gone when decided', async () => {
    const w = await world(db);
    try {
      const inv = await w.invoice({ termDays: 30 });
      const ext = await expectStatus(
        await w.t.request('/api/v1/receivables/extensions', {
          body: { invoiceId: inv.id, requestedDueDate: '2026-04-20', reason: '客户盘点' },
          token: w.am.token,
        }),
        201,
      );
      // Finance and sales managers decide extensions; the requester sees none.
      for (const approver of [w.finance, w.sales])
        expect((await mine(w, approver, '?type=approval')).map((a: any) => a.link)).toEqual([
          { type: 'extension_request', id: ext.id },
        ]);
      expect(await mine(w, w.am, '?type=approval')).toEqual([]);

      await expectStatus(
        await w.t.request(`/api/v1/receivables/extensions/${ext.id}/approve`, {
          body: {},
          token: w.finance.token,
        }),
        200,
      );
      expect(await mine(w, w.finance, '?type=approval')).toEqual([]);
      expect(await mine(w, w.sales, '?type=approval')).toEqual([]);
      const [decided] = await mine(w, w.sales, '?status=done');
      expect(decided).toMatchObject({ outcome: 'approved', closedBy: w.finance.id });

      const wo = await expectStatus(
        await w.t.request('/api/v1/receivables/write-offs', {
          body: { invoiceId: inv.id, reason: '客户破产' },
          token: w.am.token,
        }),
        201,
      );
      // Write-offs are the general and finance managers' to approve: here the finance manager.
      expect((await mine(w, w.finance, '?type=approval'))[0].link).toEqual({ type: 'write_off', id: wo.id });
      expect(await mine(w, w.sales, '?type=approval')).toEqual([]);
      await expectStatus(
        await w.t.request(`/api/v1/receivables/write-offs/${wo.id}/reject`, {
          body: { note: '证据不足' },
          token: w.finance.token,
        }),
        200,
      );
      expect(await mine(w, w.finance, '?type=approval')).toEqual([]);
    } finally {
      await w.t.close();
    }
  });
});
