import { json, testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { bootCredit, scoresFor } from './support/kehu.js';

const approvals = async (t: Awaited<ReturnType<typeof bootCredit>>, who: { token: string }, query = '') =>
  (await json(await t.request(`/api/v1/activities?type=approval${query}`, { token: who.token }))).items;

describe.each(testDatabases())('credit rules as activities on $name', (db) => {
  it('a pending evaluation or limit request is an approval for the other approvers, gone when decided', async () => {
    const t = await bootCredit(db);
    try {
      const customerId = await t.customer('温州五金 Wenzhou Hardware');
      await t.request(`/api/v1/credit/customers/${customerId}/profile`, { token: t.cm1.token, body: {} });
      const evaluation = await json(
        await t.request(`/api/v1/credit/customers/${customerId}/evaluations`, {
          token: t.cm1.token,
          body: { scores: scoresFor(85) },
        }),
      );
      // Four eyes: the author does not get it, the other credit manager does.
      expect(await approvals(t, t.cm1)).toEqual([]);
      const [pending] = await approvals(t, t.cm2);
      expect(pending).toMatchObject({
        customerId,
        link: { type: 'credit_evaluation', id: evaluation.id },
        sourcePlugin: 'credit',
        createdBy: t.cm1.id,
        priority: 'high',
      });
      expect(
        (
          await t.request(`/api/v1/credit/evaluations/${evaluation.id}/approve`, {
            token: t.cm2.token,
            body: {},
          })
        ).status,
      ).toBe(200);
      expect(await approvals(t, t.cm2)).toEqual([]);
      expect((await approvals(t, t.cm2, '&status=done'))[0]).toMatchObject({ outcome: 'approved' });

      // A temporary limit, asked by the account manager: both credit managers may approve it.
      const request = await json(
        await t.request(`/api/v1/credit/customers/${customerId}/limit-requests`, {
          token: t.am.token,
          body: {
            kind: 'temporary',
            amount: 50_000_00,
            currency: 'CNY',
            expiresAt: '2026-04-01T00:00:00.000Z',
            reason: '旺季备货',
          },
        }),
      );
      for (const cm of [t.cm1, t.cm2])
        expect((await approvals(t, cm)).map((a: any) => a.link)).toEqual([
          { type: 'credit_limit_request', id: request.id },
        ]);
      expect(
        (
          await t.request(`/api/v1/credit/limit-requests/${request.id}/reject`, {
            token: t.cm1.token,
            body: { note: '额度已够' },
          })
        ).status,
      ).toBe(200);
      expect(await approvals(t, t.cm1)).toEqual([]);
      expect(await approvals(t, t.cm2)).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it("a placed hold is an activity for the customer's owner, closed on release; subscribers are told", async () => {
    const t = await bootCredit(db);
    try {
      await t.request('/api/v1/notifications/subscriptions/credit.holdPlaced', {
        method: 'PUT',
        token: t.am.token,
        body: { scope: 'mine' },
      });
      const id = await t.creditCustomer({ limit: 100_00 });
      const hold = await json(
        await t.request(`/api/v1/credit/customers/${id}/holds`, {
          token: t.cm1.token,
          body: { note: '调查中' },
        }),
      );
      await t.settle();
      const mine = async () =>
        (await json(await t.request('/api/v1/activities?type=credit_hold', { token: t.am.token }))).items;
      const [activity] = await mine();
      expect(activity).toMatchObject({
        customerId: id,
        assigneeId: t.am.id,
        link: { type: 'credit_hold', id: hold.id },
        closedBySource: true,
      });
      const inbox = await json(await t.request('/api/v1/notifications', { token: t.am.token }));
      expect(inbox.items.map((n: any) => n.kind).sort()).toEqual(['activity.assigned', 'credit.holdPlaced']);

      await t.request(`/api/v1/credit/customers/${id}/holds/${hold.id}/release`, {
        token: t.cm2.token,
        body: { note: 'Cleared' },
      });
      await t.settle();
      expect(await mine()).toEqual([]);
      const hooks = t.kernel.describeHooks();
      expect(hooks.events.find((e) => e.name === 'credit.holdPlaced')!.subscribers).toEqual(
        expect.arrayContaining([
          { id: 'kernel:notify:credit.holdPlaced', plugin: 'kernel' },
          { id: 'credit:hold-activity', plugin: 'credit' },
        ]),
      );
    } finally {
      await t.close();
    }
  });
});
