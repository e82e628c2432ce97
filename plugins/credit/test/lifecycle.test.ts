import { json, testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { creditPlugin } from '../src/index.js';
import { eventSpy, type Seen } from './support/events.js';
import { bootCredit } from './support/kehu.js';

describe.each(testDatabases())('credit reviews, timeline and merges on $name', (db) => {
  it('announces each customer whose review date has passed once per review date', async () => {
    const seen: Seen = [];
    const t = await bootCredit(db, { plugins: [creditPlugin, eventSpy(['credit.reviewDue'], seen)] });
    try {
      const due = await t.creditCustomer({ limit: 100 });
      const later = await t.creditCustomer({ limit: 100 });
      await t.request(`/api/v1/credit/customers/${due}/profile`, {
        method: 'PATCH',
        token: t.cm1.token,
        body: { nextReviewDate: '2026-03-03', reason: 'Quarterly review for new customers' },
      });
      const patched = await t.request(`/api/v1/credit/customers/${later}/profile`, {
        method: 'PATCH',
        token: t.cm1.token,
        body: { nextReviewDate: '2026-03-20', reason: 'Quarterly', version: 99 },
      });
      expect(patched.status).toBe(409);
      await t.request(`/api/v1/credit/customers/${later}/profile`, {
        method: 'PATCH',
        token: t.cm1.token,
        body: { nextReviewDate: '2026-03-20', reason: 'Quarterly' },
      });
      expect(
        (
          await t.request(`/api/v1/credit/customers/${later}/profile`, {
            method: 'PATCH',
            token: t.cm1.token,
            body: { reason: 'nothing' },
          })
        ).status,
      ).toBe(400);

      const run = async (at: string) => {
        t.clock.set(at);
        const results = await t.kernel.scheduler.runDue(t.clock.now(), 'credit.review-due');
        await t.settle();
        return results[0]!;
      };
      expect((await run('2026-03-02T06:00:00Z')).result).toEqual({ announced: [] });
      expect((await run('2026-03-03T06:00:00Z')).result).toEqual({ announced: [due] });
      expect((await run('2026-03-04T06:00:00Z')).result).toEqual({ announced: [] });
      expect(seen.map((e) => e.payload)).toEqual([
        { customerId: due, grade: 'AA', nextReviewDate: '2026-03-03' },
      ]);

      const list = await json(await t.request('/api/v1/credit/reviews/due', { token: t.am.token }));
      expect(list.items.map((r: any) => r.customerId)).toEqual([due]);

      // A review moves the date; reaching the new date announces it again.
      await t.request(`/api/v1/credit/customers/${due}/profile`, {
        method: 'PATCH',
        token: t.cm1.token,
        body: { nextReviewDate: '2026-03-25', reason: 'Postponed' },
      });
      expect((await run('2026-03-25T06:00:00Z')).result).toEqual({ announced: [due, later].sort() });
    } finally {
      await t.close();
    }
  });

  it("puts evaluations, holds and limit changes on the customer's timeline", async () => {
    const t = await bootCredit(db);
    try {
      const id = await t.creditCustomer({ limit: 50_000_00 });
      await t.request(`/api/v1/credit/customers/${id}/holds`, {
        token: t.cm1.token,
        body: { note: 'Investigating' },
      });
      const timeline = await json(
        await t.request(`/api/v1/customers/${id}/timeline?limit=100`, { token: t.am.token }),
      );
      const credit = timeline.items.filter((i: any) => i.source === 'credit').map((i: any) => i.type);
      expect(credit).toEqual(
        expect.arrayContaining([
          'credit.hold.placed',
          'credit.limit.changed',
          'credit.evaluation.approved',
          'credit.evaluation.submitted',
        ]),
      );
      expect(timeline.items.find((i: any) => i.type === 'credit.limit.changed').title).toBe(
        'Fixed limit changed from CN¥0.00 to CN¥50,000.00',
      );
    } finally {
      await t.close();
    }
  });

  it('moves credit records to the surviving customer when duplicates are merged', async () => {
    const t = await bootCredit(db);
    try {
      const target = await t.creditCustomer({ limit: 80_000_00, name: '华联商贸 (总部)' });
      const source = await t.creditCustomer({ limit: 20_000_00, name: '华联商贸' });
      await t.request(`/api/v1/credit/customers/${source}/holds`, {
        token: t.cm1.token,
        body: { note: 'Dispute' },
      });
      await t.request(`/api/v1/credit/customers/${target}/holds`, {
        token: t.cm1.token,
        body: { note: 'Dispute too' },
      });
      const merged = await t.request(`/api/v1/customers/${target}/merge`, {
        body: { sourceId: source, reason: 'Duplicate record' },
      });
      expect(merged.status).toBe(200);
      const credit = await json(
        await t.request(`/api/v1/credit/customers/${target}`, { token: t.cm1.token }),
      );
      expect(credit.profile).toMatchObject({ fixedLimit: 80_000_00, status: 'on_hold' });
      expect(credit.holds).toHaveLength(1);
      const evaluations = await json(
        await t.request(`/api/v1/credit/customers/${target}/evaluations`, { token: t.cm1.token }),
      );
      expect(evaluations.items).toHaveLength(2);
      const holds = await json(
        await t.request(`/api/v1/credit/customers/${target}/holds?all=true`, { token: t.cm1.token }),
      );
      expect(holds.items.map((h: any) => h.releasedAt === null)).toEqual([true, false]);
    } finally {
      await t.close();
    }
  });

  it('removes credit records when the kernel purges a deleted customer', async () => {
    const t = await bootCredit(db);
    try {
      const gone = await t.creditCustomer({ limit: 10_000_00 });
      const kept = await t.creditCustomer({ limit: 10_000_00 });
      const transfer = await json(
        await t.request('/api/v1/credit/limit-transfers', {
          token: t.am.token,
          body: { fromCustomerId: gone, toCustomerId: kept, amount: 1_00, currency: 'CNY', reason: 'x' },
        }),
      );
      expect(
        (await t.request(`/api/v1/customers/${gone}`, { method: 'DELETE', body: { reason: 'Test record' } }))
          .status,
      ).toBe(200);
      t.clock.advanceDays(31);
      const results = await t.kernel.scheduler.runDue(t.clock.now());
      expect(results.find((r) => r.job === 'kernel.customers.purge')).toMatchObject({
        status: 'ran',
        result: { purged: 1, failed: 0 },
      });
      await t.settle();
      const db_ = t.kernel.database.db;
      for (const table of ['credit_profile', 'credit_evaluation', 'credit_limit_request', 'credit_history']) {
        const left = await db_
          .selectFrom(table)
          .select('customer_id')
          .where('customer_id', '=', gone)
          .execute();
        expect(left, table).toEqual([]);
      }
      expect(
        await db_.selectFrom('credit_limit_request').select('id').where('id', '=', transfer.id).execute(),
      ).toEqual([]);
      expect(
        (await json(await t.request(`/api/v1/credit/customers/${kept}`, { token: t.cm1.token }))).profile
          .fixedLimit,
      ).toBe(10_000_00);
    } finally {
      await t.close();
    }
  });
});
