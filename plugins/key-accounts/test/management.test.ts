import { definePlugin } from '@kehu/core';
import { createTestKehu, json, testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { keyAccountsPlugin } from '../src/index.js';
import { API, designate, expectStatus, type KaWorld, kaWorld } from './support/kehu.js';

async function contact(w: KaWorld, customerId: string, name: string) {
  return (
    await expectStatus(await w.request(`/api/v1/customers/${customerId}/contacts`, { body: { name } }), 201)
  ).id as string;
}
async function logVisit(
  w: KaWorld,
  customerId: string,
  occurredAt: string,
  contactId?: string,
  channel = 'visit',
) {
  const res = await w.request(`/api/v1/customers/${customerId}/communications`, {
    body: { channel, subject: 'Quarterly review', occurredAt, ...(contactId ? { contactId } : {}) },
  });
  return (await expectStatus(res, 201)).id as string;
}
const activitiesOf = async (w: KaWorld, token: string, type: string) =>
  (await expectStatus(await w.request(`/api/v1/activities?type=${type}`, { token }), 200)).items;

describe.each(testDatabases())('account management on $name', (db) => {
  it('moves the stage with its duty checklist and the relationship type, each with history', async () => {
    const w = await kaWorld(db);
    try {
      const id = await w.customer('青岛海鲜批发');
      const put = (what: string, value: string, token = w.am.token) =>
        w.request(`${API}/customers/${id}/${what}`, {
          method: 'PUT',
          token,
          body: { value, reason: 'Review' },
        });
      expect((await expectStatus(await put('stage', 'initial'), 200)).changed).toBe(true);
      const duties = await expectStatus(
        await w.request(`${API}/customers/${id}/duties/environment_scan`, {
          method: 'PUT',
          token: w.am.token,
          body: { done: true },
        }),
        200,
      );
      expect(duties.duties[0]).toEqual({ duty: 'environment_scan', doneOn: '2026-03-01', doneBy: w.am.id });
      const unknown = await w.request(`${API}/customers/${id}/duties/joint_long_term_plan`, {
        method: 'PUT',
        token: w.am.token,
        body: { done: true },
      });
      expect((await expectStatus(unknown, 422)).code).toBe('unknown_duty');
      w.clock.set('2026-06-01T08:00:00.000Z');
      await expectStatus(await put('stage', 'mature'), 200);
      expect(
        (await expectStatus(await w.request(`${API}/customers/${id}/duties`), 200)).duties.map(
          (d: any) => d.duty,
        ),
      ).toEqual(['joint_long_term_plan', 'executive_visit', 'joint_promotion']);
      await expectStatus(await put('relationship', 'supplier'), 200);
      await expectStatus(await put('relationship', 'partner'), 200);
      expect((await put('relationship', 'enemy')).status).toBe(400);
      expect((await put('stage', 'middle', w.am2.token)).status).toBe(404);
      const rel = await expectStatus(await w.request(`${API}/customers/${id}/relationship/history`), 200);
      expect(rel.items.map((r: any) => [r.from, r.to, r.changedOn])).toEqual([
        ['supplier', 'partner', '2026-06-01'],
        [null, 'supplier', '2026-06-01'],
      ]);
      const stages = (await w.settle())
        .filter((e) => e.name === 'keyAccounts.stageChanged')
        .map((e) => e.payload);
      expect(stages).toEqual([
        { customerId: id, from: null, to: 'initial' },
        { customerId: id, from: 'initial', to: 'mature' },
      ]);
      const timeline = await expectStatus(await w.request(`/api/v1/customers/${id}/timeline`), 200);
      expect(timeline.items.map((i: any) => i.type)).toEqual(
        expect.arrayContaining(['keyAccounts.stage', 'keyAccounts.relationship']),
      );
    } finally {
      await w.close();
    }
  });

  it('reports buying-centre gaps and raises each once as an activity for the manager, closing it when covered', async () => {
    const w = await kaWorld(db);
    try {
      const id = await w.customer('上海华联超市有限公司');
      await designate(w, id, w.am.id);
      const boss = await contact(w, id, '王总 (general manager)');
      const buyer = await contact(w, id, '刘采购');
      const roles = (contactId: string, list: string[]) =>
        w.request(`${API}/customers/${id}/contacts/${contactId}/roles`, {
          method: 'PUT',
          token: w.am.token,
          body: { roles: list },
        });
      await expectStatus(await roles(boss, ['decision_maker', 'initiator']), 200);
      const cov = await expectStatus(await roles(buyer, ['purchaser', 'user']), 200);
      // The decision maker was last spoken with 120 days ago: too long (90 days).
      await logVisit(w, id, '2025-11-01T02:00:00.000Z', boss);
      expect(cov.gaps.sort()).toEqual(['missing:influencer', 'stale:decision_maker']);
      expect((await roles(buyer, ['buyer'])).status).toBe(400);
      expect((await roles('not-a-contact', ['user'])).status).toBe(404);

      await w.kernel.scheduler.runDue(w.clock.now());
      w.clock.set('2026-03-02T08:00:00.000Z');
      await w.kernel.scheduler.runDue(w.clock.now());
      const gaps = await activitiesOf(w, w.am.token, 'key_account_gap');
      expect(gaps.map((a: any) => a.subject).sort()).toEqual([
        'Buying-centre gap: missing:influencer',
        'Buying-centre gap: stale:decision_maker',
      ]);
      const raised = (await w.settle())
        .filter((e) => e.name === 'keyAccounts.coverageGap')
        .map((e) => e.payload.gap);
      expect(raised.sort()).toEqual(['missing:influencer', 'stale:decision_maker']);
      const facet = await expectStatus(await w.request(`/api/v1/customers/${id}?include=keyAccount`), 200);
      expect(facet.facets.keyAccount.openGaps).toEqual(['missing:influencer', 'stale:decision_maker']);

      // Covered: a fresh conversation with the decision maker, an influencer named.
      await logVisit(w, id, '2026-03-02T03:00:00.000Z', boss);
      await expectStatus(await roles(buyer, ['purchaser', 'user', 'influencer']), 200);
      w.clock.set('2026-03-03T08:00:00.000Z');
      await w.kernel.scheduler.runDue(w.clock.now());
      expect(await activitiesOf(w, w.am.token, 'key_account_gap')).toEqual([]);
      expect((await expectStatus(await w.request(`${API}/customers/${id}/coverage`), 200)).gaps).toEqual([]);
    } finally {
      await w.close();
    }
  });

  it('raises an overdue visit once, closes it by a linked visit and plans the next by the cadence', async () => {
    const w = await kaWorld(db);
    try {
      const id = await w.customer('Golden Harvest Foods Pte. Ltd.');
      await designate(w, id, w.am.id);
      const visit = await expectStatus(
        await w.request(`${API}/customers/${id}/visits`, {
          token: w.am.token,
          body: { type: 'executive', dueOn: '2026-03-05', participants: [w.sm1.id], cadenceDays: 90 },
        }),
        201,
      );
      w.clock.set('2026-03-06T08:00:00.000Z');
      await w.kernel.scheduler.runDue(w.clock.now());
      w.clock.set('2026-03-07T08:00:00.000Z');
      await w.kernel.scheduler.runDue(w.clock.now());
      const overdue = (await w.settle())
        .filter((e) => e.name === 'keyAccounts.visitOverdue')
        .map((e) => e.payload);
      expect(overdue).toEqual([{ customerId: id, visitId: visit.id, dueOn: '2026-03-05' }]);
      expect((await activitiesOf(w, w.am.token, 'key_account_visit')).length).toBe(1);

      const call = await logVisit(w, id, '2026-03-07T02:00:00.000Z', undefined, 'call');
      const notVisit = await w.request(`${API}/visits/${visit.id}/done`, {
        token: w.am.token,
        body: { communicationId: call },
      });
      expect((await expectStatus(notVisit, 422)).code).toBe('not_a_visit');
      const met = await logVisit(w, id, '2026-03-07T02:30:00.000Z');
      const done = await expectStatus(
        await w.request(`${API}/visits/${visit.id}/done`, {
          token: w.am.token,
          body: { communicationId: met },
        }),
        200,
      );
      expect(done.visit).toMatchObject({
        status: 'done',
        doneOn: '2026-03-07',
        communicationId: met,
        overdue: false,
      });
      expect(done.next).toMatchObject({
        type: 'executive',
        dueOn: '2026-06-05',
        status: 'planned',
        cadenceDays: 90,
      });
      expect(await activitiesOf(w, w.am.token, 'key_account_visit')).toEqual([]);
      expect(
        (
          await w.request(`${API}/visits/${visit.id}/done`, {
            token: w.am.token,
            body: { communicationId: met },
          })
        ).status,
      ).toBe(409);
      expect(
        (
          await w.request(`${API}/visits/${visit.id}/done`, {
            token: w.am2.token,
            body: { communicationId: met },
          })
        ).status,
      ).toBe(404);
      const facet = await expectStatus(await w.request(`/api/v1/customers/${id}?include=keyAccount`), 200);
      expect(facet.facets.keyAccount.nextVisitDue).toBe('2026-06-05');
    } finally {
      await w.close();
    }
  });

  it('computes plan completion, refuses termination while a plan is active, and scores the manager from known inputs', async () => {
    const survey = definePlugin({
      name: 'survey-stub',
      version: '1.0.0',
      optional: ['key-accounts'],
      setup(ctx) {
        ctx.hooks.filter('keyAccounts.scorecardSatisfaction', (q) => {
          q.result = { score: 80, measure: 'CSI', n: q.customerIds.length * 4 };
        });
      },
    });
    const w = await kaWorld(db, { plugins: [survey] });
    try {
      const id = await w.customer('北京远航物流');
      await designate(w, id, w.am.id);
      await expectStatus(
        await w.importRevenue([
          [id, '2025-05-01', '1000.00'],
          [id, '2026-02-01', '1200.00'],
        ]),
        200,
      );
      const plan = await expectStatus(
        await w.request(`${API}/customers/${id}/plans`, {
          token: w.am.token,
          body: {
            year: 2026,
            title: '2026 joint growth plan',
            objectives: [
              { title: 'Joint promotion in Q2', ownerId: w.am.id, dueOn: '2026-06-30' },
              { title: 'Executive visit' },
            ],
            measures: [
              { name: 'Revenue', source: 'revenue', unit: 'CNY', target: 240_000 },
              { name: 'New stores listed', target: 10, actual: 3 },
            ],
          },
        }),
        201,
      );
      // Objectives 0/2 → 0; revenue 120,000 of 240,000 → 50; stores 3 of 10 → 30: (0 + 50 + 30) / 3 = 27.
      expect(plan.completion).toBe(27);
      await expectStatus(
        await w.request(`${API}/plans/${plan.id}/objectives/${plan.objectives[0].id}`, {
          method: 'PUT',
          token: w.am.token,
          body: { status: 'done' },
        }),
        200,
      );
      const updated = await expectStatus(
        await w.request(`${API}/plans/${plan.id}/measures/${plan.measures[1].id}`, {
          method: 'PUT',
          token: w.am.token,
          body: { actual: 12 },
        }),
        200,
      );
      // (50 + 50 + 100) / 3 = 67.
      expect(updated.completion).toBe(67);
      expect(
        (
          await w.request(`${API}/customers/${id}/plans`, {
            token: w.am.token,
            body: { year: 2026, title: 'Again' },
          })
        ).status,
      ).toBe(409);

      const terminate = await w.request(`/api/v1/customers/${id}/terminate`, {
        body: { reason: 'Relocated abroad' },
      });
      const refused = await expectStatus(terminate, 409);
      expect(refused.code).toBe('open_items');
      expect(JSON.stringify(refused)).toContain('account_plan');

      // Scorecard: plan 67; satisfaction 80 (stub); market 50 + 20.0 % growth; information: 0 of 5 roles,
      // 0 communications → 0. Weights 40/20/25/15: (67×40 + 80×20 + 70×25 + 0×15) / 100 = 60.
      w.clock.set('2026-12-31T08:00:00.000Z');
      const card = await expectStatus(
        await w.request(`${API}/scorecards/${w.am.id}/2026`, { token: w.sm1.token }),
        200,
      );
      expect(card.customerIds).toEqual([id]);
      expect(Object.fromEntries(card.components.map((c: any) => [c.name, c.score]))).toEqual({
        planCompletion: 67,
        satisfaction: 80,
        marketDevelopment: 70,
        informationGathering: 0,
      });
      expect(card.components[2].inputs).toMatchObject({
        revenue: 120_000,
        previousRevenue: 100_000,
        growthPercent: 20,
      });
      expect(card.components[1].inputs).toEqual({ score: 80, measure: 'CSI', n: 4 });
      expect(card.total).toBe(60);
      expect((await w.request(`${API}/scorecards/${w.am.id}/2026`, { token: w.am.token })).status).toBe(403);

      await expectStatus(
        await w.request(`${API}/targets/${w.am.id}/2026`, {
          method: 'PUT',
          token: w.sm1.token,
          body: { amount: 150_000 },
        }),
        200,
      );
      const variance = await expectStatus(
        await w.request(`${API}/targets/${w.am.id}/2026`, { token: w.sm2.token }),
        200,
      );
      expect(variance).toEqual({
        managerId: w.am.id,
        period: '2026',
        currency: 'CNY',
        target: 150_000,
        actual: 120_000,
        variance: -30_000,
        achievedPercent: 80,
      });
      expect(
        (
          await w.request(`${API}/targets/${w.am.id}/2026-13`, {
            method: 'PUT',
            token: w.sm1.token,
            body: { amount: 1 },
          })
        ).status,
      ).toBe(400);

      await expectStatus(
        await w.request(`${API}/plans/${plan.id}/close`, { token: w.am.token, body: {} }),
        200,
      );
      await expectStatus(
        await w.request(`/api/v1/customers/${id}/terminate`, { body: { reason: 'Relocated abroad' } }),
        200,
      );
    } finally {
      await w.close();
    }
  });

  it('sets a new customer’s owner by territory when it names none', async () => {
    const stored = await db.persistent();
    const first = await createTestKehu(db, { plugins: [keyAccountsPlugin], database: await stored.open() });
    const east = await first.user(['account_manager'], 'East China sales');
    await first.close();
    const t = await createTestKehu(db, {
      plugins: [keyAccountsPlugin],
      database: await stored.open(),
      config: { 'key-accounts': { territories: [{ region: '华东', ownerId: east.id }] } },
    });
    try {
      const inEast = await json(
        await t.request('/api/v1/customers', { body: { name: '杭州茶叶', region: '华东' } }),
      );
      expect(inEast.ownerId).toBe(east.id);
      const elsewhere = await json(
        await t.request('/api/v1/customers', { body: { name: '成都火锅', region: '西南' } }),
      );
      expect(elsewhere.ownerId).toBeNull();
      const named = await json(
        await t.request('/api/v1/customers', { body: { name: '宁波港', region: '华东', ownerId: null } }),
      );
      expect(named.ownerId).toBeNull();
    } finally {
      await t.close();
      await stored.remove();
    }
  });

  it('moves its rows (tiers, entitlements) on a merge', async () => {
    const w2 = await kaWorld(db);
    try {
      const target = await w2.customer('上海华联超市有限公司');
      const source = await w2.customer('上海华联超市 (duplicate)');
      await expectStatus(await w2.importRevenue([[source, '2026-01-10', '100.00']]), 200);
      await w2.run();
      await designate(w2, source, w2.am.id);
      const granted = await expectStatus(
        await w2.request(`${API}/customers/${source}/entitlements`, {
          token: w2.sm1.token,
          body: { kind: 'green_channel' },
        }),
        201,
      );
      await expectStatus(
        await w2.request(`/api/v1/customers/${target}/merge`, {
          body: { sourceId: source, reason: 'Same company' },
        }),
        200,
      );
      const account = await expectStatus(await w2.request(`${API}/customers/${target}`), 200);
      expect(account.class).toBe('A');
      expect(
        (await expectStatus(await w2.request(`${API}/customers/${target}/tiers`), 200)).items,
      ).toHaveLength(1);
      const moved = await expectStatus(await w2.request(`${API}/customers/${target}/entitlements`), 200);
      expect(moved.items.map((e: any) => [e.id, e.customerId])).toEqual([[granted.id, target]]);
    } finally {
      await w2.close();
    }
  });
});
