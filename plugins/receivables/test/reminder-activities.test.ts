import { testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { expectStatus, world } from './helpers.js';

const API = '/api/v1/receivables';
const lines = (unitPrice: number) => [{ description: 'Lubricant 200 L', quantity: 1, unitPrice }];

describe.each(testDatabases())('reconciliation reminders as activities on $name', (db) => {
  it('gives the responsible person an activity, tells the sales manager when it is overdue, and closes it with the answer', async () => {
    const w = await world(db);
    const { t } = w;
    try {
      const x = w.customerId; // owned by am
      const y = await w.customer('无人负责的客户 Nobody’s customer', null);
      const z = await w.customer('青岛海味 Qingdao Seafood', w.am2.id);
      for (const customerId of [x, y, z])
        await w.invoice({ customerId, issueDate: '2026-02-10', lines: lines(5_000) });
      const activities = async (token: string, query = '') =>
        (
          await expectStatus(
            await t.request(`/api/v1/activities?type=receivables_reconciliation${query}`, { token }),
            200,
          )
        ).items as any[];

      // February's statements are drafted on 2 March; Z disputes its statement at once.
      await w.at('2026-03-02');
      const statements = (await expectStatus(await t.request(`${API}/statements?period=2026-02`), 200)).items;
      const of = (id: string) => statements.find((s: any) => s.customerId === id);
      await expectStatus(await t.request(`${API}/statements/${of(z).id}/send`, { body: {} }), 200);
      const disputed = await expectStatus(
        await t.request(`${API}/statements/${of(z).id}/dispute`, {
          body: { items: [{ amount: 500, kind: 'fee', reason: 'Freight charged twice' }] },
        }),
        200,
      );

      await w.at('2026-03-11');
      const [mine] = await activities(w.am.token);
      expect(mine).toMatchObject({
        customerId: x,
        assigneeId: w.am.id,
        link: { type: 'statement', id: of(x).id },
        dueDate: '2026-03-14',
        status: 'open',
      });
      expect(mine.subject).toContain('2026-02');
      // Nobody is responsible for Y: the managers get it, not nobody.
      expect((await activities(w.sales.token)).map((a) => [a.customerId, a.link.id])).toEqual([
        [y, of(y).id],
      ]);
      expect(await activities(w.am2.token)).toEqual([]);

      // Unanswered by its date: the sales manager hears of it.
      const inbox = async () =>
        (await expectStatus(await t.request('/api/v1/notifications', { token: w.sales.token }), 200))
          .items as any[];
      expect((await inbox()).filter((n) => n.activityId === mine.id)).toEqual([]);
      await w.at('2026-03-15');
      expect((await inbox()).filter((n) => n.activityId === mine.id)).toMatchObject([
        { kind: 'activity.escalated' },
      ]);

      // The customer confirms: the activity is done.
      await expectStatus(await t.request(`${API}/statements/${of(x).id}/send`, { body: {} }), 200);
      await expectStatus(
        await t.request(`${API}/statements/${of(x).id}/confirm`, { body: { signedBy: '刘会计' } }),
        200,
      );
      expect(await activities(w.am.token)).toEqual([]);
      expect((await activities(w.am.token, '&status=done')).map((a) => a.id)).toEqual([mine.id]);

      // A dispute open for more than two months is Z's owner's to chase, until it is resolved.
      await w.at('2026-05-03');
      const disputeItem = disputed.disputeItems[0].id;
      const chase = (await activities(w.am2.token)).filter((a) => a.link.type === 'dispute_item');
      expect(chase).toMatchObject([{ customerId: z, link: { id: disputeItem }, dueDate: '2026-05-06' }]);
      expect(chase[0].subject).toContain('Freight charged twice');
      // Events delivered again and the job's next runs add nothing.
      await t.drain();
      await w.at('2026-05-04');
      expect((await activities(w.am2.token)).filter((a) => a.link.type === 'dispute_item')).toHaveLength(1);
      await expectStatus(
        await t.request(`${API}/disputes/${disputeItem}/resolve`, {
          body: { resolution: 'Credit note issued' },
        }),
        200,
      );
      expect((await activities(w.am2.token)).filter((a) => a.link.type === 'dispute_item')).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
