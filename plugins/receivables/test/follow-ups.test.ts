import { testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { expectStatus, type World, world } from './helpers.js';

const base = '/api/v1/receivables';

/** An invoice of 100,000 (¥1,000.00) issued 1 March, due 11 March. */
const dueMarch11 = (w: World) => w.invoice({ issueDate: '2026-03-01', termDays: 10 });

const followUps = async (w: World) =>
  (await expectStatus(await w.t.request(`${base}/customers/${w.customerId}/follow-ups`), 200)).items as any[];
const overdue = async (w: World, token?: string) =>
  (await expectStatus(await w.t.request(`${base}/collection/overdue`, token ? { token } : {}), 200))
    .items as any[];
const myActivities = async (w: World, token: string) =>
  (await expectStatus(await w.t.request('/api/v1/activities?type=receivables_collection', { token }), 200))
    .items as any[];

describe.each(testDatabases())('collection follow-up (催收) on $name', (db) => {
  it('raises a reminder at 1 day overdue, the second at 15, the final notice at 30, each an activity of the responsible person', async () => {
    const w = await world(db);
    try {
      await expectStatus(
        await w.t.request(`/api/v1/customers/${w.customerId}/contacts`, {
          body: { name: '刘会计 Liu (accounts)', email: 'ap@huadong.example' },
        }),
        201,
      );
      const inv = await dueMarch11(w);
      await w.at('2026-03-11');
      expect(await followUps(w)).toEqual([]);
      expect(await overdue(w)).toEqual([]);

      await w.at('2026-03-12');
      const [first] = await followUps(w);
      expect(first).toMatchObject({
        level: 1,
        levelName: '首次提醒',
        currency: 'CNY',
        amount: 100_000,
        invoices: [{ invoiceId: inv.id, number: inv.number, dueDate: '2026-03-11', daysOverdue: 1 }],
        responsibleId: w.am.id,
        trigger: 'age',
        status: 'open',
        customerMail: null,
      });
      const [activity] = await myActivities(w, w.am.token);
      expect(activity).toMatchObject({ id: first.activityId, customerId: w.customerId, status: 'open' });
      expect(activity.subject).toBe(
        '催收（首次提醒）：华东贸易有限公司 Huadong Trading 逾期 ¥1,000.00，1 张发票',
      );
      expect(await myActivities(w, w.am2.token)).toEqual([]);
      expect((await overdue(w))[0]).toMatchObject({
        customerId: w.customerId,
        overdue: 100_000,
        daysOverdue: 1,
        level: 1,
        lastFollowUp: { id: first.id },
        nextStep: { kind: 'level', level: 2, name: '二次催收', on: '2026-03-26' },
      });
      // Another account manager does not see this customer's overdue account.
      expect(await overdue(w, w.am2.token)).toEqual([]);

      // Days in between raise nothing; recording the outcome completes the activity.
      await w.at('2026-03-13');
      expect(await followUps(w)).toHaveLength(1);
      const recorded = await expectStatus(
        await w.t.request(`${base}/follow-ups/${first.id}/outcome`, {
          token: w.am.token,
          body: { outcome: 'contacted', note: 'Spoke to accounts; payment run next week' },
        }),
        200,
      );
      expect(recorded).toMatchObject({ status: 'recorded', outcome: 'contacted', recordedBy: w.am.id });
      expect(await myActivities(w, w.am.token)).toEqual([]);

      await w.at('2026-03-25');
      expect(await followUps(w)).toHaveLength(1);
      await w.at('2026-03-26');
      const [second] = await followUps(w);
      expect(second).toMatchObject({
        level: 2,
        levelName: '二次催收',
        invoices: [{ daysOverdue: 15 }],
        // No mail configured on this host: the level's mail is not sent, and says why.
        customerMail: { status: 'not_sent', reason: 'mail_not_configured' },
      });
      await w.at('2026-04-10');
      const [final] = await followUps(w);
      expect(final).toMatchObject({ level: 3, levelName: '最后通知', invoices: [{ daysOverdue: 30 }] });
      expect((await overdue(w))[0].nextStep).toEqual({ kind: 'final_level_reached' });

      // Paid: the account starts over, its open follow-up is closed with its activity.
      await w.pay({ amount: 100_000, allocations: [{ invoiceId: inv.id, amount: 100_000 }] });
      await w.at('2026-04-11');
      expect(await overdue(w)).toEqual([]);
      expect((await followUps(w)).map((f) => [f.level, f.status])).toEqual([
        [3, 'closed'],
        [2, 'closed'],
        [1, 'recorded'],
      ]);
      expect(await myActivities(w, w.am.token)).toEqual([]);
    } finally {
      await w.t.close();
    }
  });

  it('skips levels while a dispute is open on the account and resumes when it is resolved', async () => {
    const w = await world(db);
    const { t } = w;
    try {
      await dueMarch11(w);
      await w.at('2026-03-12');
      await w.at('2026-03-26');
      await w.at('2026-04-02');
      const st = (await expectStatus(await t.request(`${base}/statements?customerId=${w.customerId}`), 200))
        .items[0];
      await expectStatus(await t.request(`${base}/statements/${st.id}/send`, { method: 'POST' }), 200);
      await expectStatus(
        await t.request(`${base}/statements/${st.id}/dispute`, {
          body: { items: [{ amount: 3_000, kind: 'fee', reason: 'Freight charged twice' }] },
        }),
        200,
      );
      await w.at('2026-04-10');
      expect((await followUps(w)).map((f) => f.level)).toEqual([2, 1]);
      expect((await overdue(w))[0].nextStep).toEqual({ kind: 'paused', reason: 'dispute' });
      const dispute = (await expectStatus(await t.request(`${base}/disputes?status=open`), 200)).items[0];
      await expectStatus(
        await t.request(`${base}/disputes/${dispute.id}/resolve`, {
          body: { resolution: 'Credit note issued' },
        }),
        200,
      );
      await w.at('2026-04-11');
      expect((await followUps(w)).map((f) => [f.level, f.invoices[0].daysOverdue])).toEqual([
        [3, 31],
        [2, 15],
        [1, 1],
      ]);
    } finally {
      await t.close();
    }
  });

  it('skips the account while an active repayment plan covers it and resumes when the plan ends', async () => {
    const w = await world(db);
    const { t } = w;
    try {
      await dueMarch11(w);
      await w.at('2026-03-12');
      expect((await followUps(w)).map((f) => f.level)).toEqual([1]);
      const plan = await expectStatus(
        await t.request(`${base}/plans`, {
          body: {
            customerId: w.customerId,
            currency: 'CNY',
            reason: 'Cash-flow problem after Spring Festival',
            instalments: [{ dueDate: '2026-04-30', amount: 100_000 }],
          },
        }),
        201,
      );
      await w.at('2026-03-26');
      expect((await followUps(w)).map((f) => f.level)).toEqual([1]);
      expect((await overdue(w))[0].nextStep).toEqual({ kind: 'paused', reason: 'payment_plan' });
      await expectStatus(
        await t.request(`${base}/plans/${plan.id}/cancel`, { body: { reason: 'Customer withdrew' } }),
        200,
      );
      await w.at('2026-03-28');
      expect((await followUps(w)).map((f) => [f.level, f.invoices[0].daysOverdue])).toEqual([
        [2, 17],
        [1, 1],
      ]);
    } finally {
      await t.close();
    }
  });

  it('holds the account on a promise to pay and raises the next level early when the promise is broken', async () => {
    const w = await world(db);
    const { t } = w;
    try {
      await dueMarch11(w);
      await w.at('2026-03-12');
      const [first] = await followUps(w);
      const url = `${base}/follow-ups/${first.id}/outcome`;
      await expectStatus(
        await t.request(url, { token: w.am.token, body: { outcome: 'promise_to_pay' } }),
        422,
      );
      await expectStatus(await t.request(url, { token: w.staff.token, body: { outcome: 'refused' } }), 403);
      await expectStatus(await t.request(url, { token: w.am2.token, body: { outcome: 'refused' } }), 404);
      await expectStatus(await t.request(url, { token: w.am.token, body: { outcome: 'lost' } }), 400);
      const tooFar = await t.request(url, {
        token: w.am.token,
        body: { outcome: 'promise_to_pay', promisedDate: '2026-04-12' },
      });
      expect((await expectStatus(tooFar, 422)).code).toBe('promise_too_far');
      expect(await followUps(w)).toMatchObject([{ status: 'open' }]);
      const promised = await expectStatus(
        await t.request(url, {
          token: w.am.token,
          body: { outcome: 'promise_to_pay', promisedDate: '2026-03-15' },
        }),
        200,
      );
      expect(promised).toMatchObject({ outcome: 'promise_to_pay', promisedDate: '2026-03-15' });
      await expectStatus(await t.request(url, { token: w.am.token, body: { outcome: 'refused' } }), 409);

      await w.at('2026-03-14');
      expect((await overdue(w))[0].nextStep).toEqual({
        kind: 'awaiting_promise',
        promisedDate: '2026-03-15',
      });
      await w.at('2026-03-15');
      expect(await followUps(w)).toHaveLength(1);
      await w.at('2026-03-16');
      const [early] = await followUps(w);
      expect(early).toMatchObject({ level: 2, trigger: 'broken_promise', invoices: [{ daysOverdue: 5 }] });
      // The second level came early; the third still waits for 30 days.
      await w.at('2026-03-26');
      expect(await followUps(w)).toHaveLength(2);
      expect((await overdue(w))[0].nextStep).toEqual({
        kind: 'level',
        level: 3,
        name: '最后通知',
        on: '2026-04-10',
      });
    } finally {
      await t.close();
    }
  });

  it('does not dun a deleted customer, and resumes when it is restored', async () => {
    const w = await world(db);
    const { t } = w;
    try {
      await dueMarch11(w);
      await w.at('2026-03-12');
      expect((await followUps(w)).map((f) => f.level)).toEqual([1]);
      const c = await expectStatus(await t.request(`/api/v1/customers/${w.customerId}`), 200);
      await expectStatus(
        await t.request(`/api/v1/customers/${w.customerId}`, {
          method: 'DELETE',
          body: { reason: 'Entered by mistake', version: c.version },
        }),
        200,
      );
      // 15 days overdue while deleted: no second level, and the account is off the overdue list.
      await w.at('2026-03-26');
      expect(await overdue(w)).toEqual([]);
      await expectStatus(await t.request(`/api/v1/customers/${w.customerId}/restore`, { body: {} }), 200);
      await w.at('2026-03-27');
      expect((await followUps(w)).map((f) => [f.level, f.raisedOn])).toEqual([
        [2, '2026-03-27'],
        [1, '2026-03-12'],
      ]);
    } finally {
      await t.close();
    }
  });

  it("moves a merged customer's follow-ups to the survivor, whose dunning goes on from their level", async () => {
    const w = await world(db);
    const { t } = w;
    try {
      const dup = await w.customer('华东贸易 (duplicate)', w.am.id);
      await w.invoice({ customerId: dup, issueDate: '2026-03-01', termDays: 10 });
      await w.at('2026-03-12');
      await w.at('2026-03-26');
      await expectStatus(
        await t.request(`/api/v1/customers/${w.customerId}/merge`, {
          body: { sourceId: dup, reason: 'Same company registered twice' },
        }),
        200,
      );
      expect((await followUps(w)).map((f) => [f.level, f.customerId])).toEqual([
        [2, w.customerId],
        [1, w.customerId],
      ]);
      expect((await overdue(w)).map((a) => [a.customerId, a.level])).toEqual([[w.customerId, 2]]);
      // The survivor is not reminded a second time at level 2; the final notice comes on day 30.
      await w.at('2026-03-27');
      expect(await followUps(w)).toHaveLength(2);
      await w.at('2026-04-10');
      expect((await followUps(w)).map((f) => f.level)).toEqual([3, 2, 1]);
    } finally {
      await t.close();
    }
  });

  it('takes its levels from the configuration', async () => {
    const w = await world(db, { dunning: { levels: [{ days: 3, name: '提醒' }] } });
    try {
      await dueMarch11(w);
      await w.at('2026-03-13');
      expect(await followUps(w)).toEqual([]);
      await w.at('2026-03-14');
      expect(await followUps(w)).toMatchObject([{ level: 1, levelName: '提醒', customerMail: null }]);
    } finally {
      await w.t.close();
    }
  });
});
