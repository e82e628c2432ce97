import { testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { API, designate, expectStatus, json, type KaWorld, kaWorld } from './support/kehu.js';

const grant = (w: KaWorld, customerId: string, body: Record<string, unknown>, token = w.sm1.token) =>
  w.request(`${API}/customers/${customerId}/entitlements`, { token, body });
const list = async (w: KaWorld, customerId: string, query = '', token = w.sm1.token) =>
  (await expectStatus(await w.request(`${API}/customers/${customerId}/entitlements${query}`, { token }), 200))
    .items;
const end = (w: KaWorld, id: string, reason: string, token = w.sm2.token) =>
  w.request(`${API}/entitlements/${id}/end`, { token, body: { reason } });
const visits = async (w: KaWorld, customerId: string, query = '') =>
  (await expectStatus(await w.request(`${API}/customers/${customerId}/visits${query}`), 200)).items;
const activitiesOf = async (w: KaWorld, token: string, type: string) =>
  (await expectStatus(await w.request(`/api/v1/activities?type=${type}`, { token }), 200)).items;
async function logVisit(w: KaWorld, customerId: string, occurredAt: string) {
  const res = await w.request(`/api/v1/customers/${customerId}/communications`, {
    body: { channel: 'visit', subject: 'Visit by our general manager', occurredAt },
  });
  return (await expectStatus(res, 201)).id as string;
}

describe.each(testDatabases())('entitlements on $name', (db) => {
  it('grants, lists and ends privileges of a designated account, checked, audited and on the timeline', async () => {
    const w = await kaWorld(db);
    try {
      const id = await w.customer('上海华联超市有限公司');
      const plain = await w.customer('杭州小商店');
      await designate(w, id, w.am.id);

      expect((await expectStatus(await grant(w, plain, { kind: 'green_channel' }), 409)).code).toBe(
        'not_designated',
      );
      // The account manager may see the entitlements but not grant them; another manager's customer is a 404.
      expect((await grant(w, id, { kind: 'green_channel' }, w.am.token)).status).toBe(403);
      const invisible = await w.request(`${API}/customers/${id}/entitlements`, { token: w.am2.token });
      const missing = await w.request(`${API}/customers/nope/entitlements`, { token: w.am2.token });
      expect([invisible.status, missing.status]).toEqual([404, 404]);
      expect((await json(invisible)).code).toBe((await json(missing)).code);

      // Bad input: no cadence for senior-management visits, a cadence elsewhere, an end before the start.
      expect((await grant(w, id, { kind: 'executive_visits' })).status).toBe(400);
      expect((await grant(w, id, { kind: 'green_channel', cadenceDays: 30 })).status).toBe(400);
      expect((await grant(w, id, { kind: 'priority_supply', notAField: 1 })).status).toBe(400);
      const backwards = await grant(w, id, {
        kind: 'priority_supply',
        startsOn: '2026-04-01',
        endsOn: '2026-03-31',
      });
      expect((await expectStatus(backwards, 422)).code).toBe('ends_before_start');
      expect(await list(w, id)).toEqual([]);

      const supply = await expectStatus(
        await grant(w, id, { kind: 'priority_supply', endsOn: '2026-12-31', note: '旺季优先供货' }),
        201,
      );
      expect(supply).toMatchObject({
        customerId: id,
        kind: 'priority_supply',
        startsOn: '2026-03-01',
        endsOn: '2026-12-31',
        cadenceDays: null,
        note: '旺季优先供货',
        status: 'active',
        grantedBy: w.sm1.id,
        endedAt: null,
      });
      const trial = await expectStatus(
        await grant(w, id, { kind: 'new_product_trial', startsOn: '2026-05-01' }),
        201,
      );
      expect(trial.status).toBe('upcoming');
      expect((await expectStatus(await grant(w, id, { kind: 'priority_supply' }), 409)).code).toBe(
        'entitlement_open',
      );

      // The account manager reads them; filters by status and kind.
      expect((await list(w, id, '', w.am.token)).map((e: any) => e.kind)).toEqual([
        'new_product_trial',
        'priority_supply',
      ]);
      expect((await list(w, id, '?status=active')).map((e: any) => e.id)).toEqual([supply.id]);
      expect((await list(w, id, '?kind=new_product_trial')).map((e: any) => e.id)).toEqual([trial.id]);
      expect((await w.request(`${API}/customers/${id}/entitlements?status=open`)).status).toBe(400);
      const facet = await expectStatus(await w.request(`/api/v1/customers/${id}?include=keyAccount`), 200);
      expect(facet.facets.keyAccount.entitlements).toEqual(['priority_supply']);

      w.clock.set('2026-06-10T08:00:00.000Z');
      expect((await end(w, supply.id, 'Supply shortage', w.am.token)).status).toBe(403);
      expect((await end(w, 'nope', 'x')).status).toBe(404);
      expect((await end(w, supply.id, '')).status).toBe(400);
      const ended = await expectStatus(await end(w, supply.id, 'Supply shortage'), 200);
      expect(ended).toMatchObject({
        status: 'ended',
        endsOn: '2026-06-10',
        endedBy: w.sm2.id,
        endReason: 'Supply shortage',
      });
      expect((await expectStatus(await end(w, supply.id, 'Again'), 409)).code).toBe('entitlement_ended');
      expect((await list(w, id, '?status=ended')).map((e: any) => e.id)).toEqual([supply.id]);
      const after = await expectStatus(await w.request(`/api/v1/customers/${id}?include=keyAccount`), 200);
      expect(after.facets.keyAccount.entitlements).toEqual(['new_product_trial']);
      // Once ended, the same kind may be granted again.
      await expectStatus(await grant(w, id, { kind: 'priority_supply', note: 'Restored' }), 201);

      const audit = await expectStatus(
        await w.request(`/api/v1/audit?entityType=key_account_entitlement&entityId=${supply.id}`),
        200,
      );
      expect(audit.items.map((a: any) => [a.action, a.actorId]).sort()).toEqual([
        ['end', w.sm2.id],
        ['grant', w.sm1.id],
      ]);
      const timeline = await expectStatus(await w.request(`/api/v1/customers/${id}/timeline`), 200);
      const titles = timeline.items
        .filter((i: any) => i.type.startsWith('keyAccounts.entitlement'))
        .map((i: any) => i.title);
      expect(titles).toEqual([
        'Entitlement granted: priority_supply from 2026-06-10',
        'Entitlement ended: priority_supply on 2026-06-10',
        'Entitlement granted: new_product_trial from 2026-05-01',
        'Entitlement granted: priority_supply from 2026-03-01',
      ]);
    } finally {
      await w.close();
    }
  });

  it('checks the senior-management visit cadence with the visit plan: overdue once, the next one planned', async () => {
    const w = await kaWorld(db);
    try {
      const id = await w.customer('Golden Harvest Foods Pte. Ltd.');
      await designate(w, id, w.am.id);
      const exec = await expectStatus(
        await grant(w, id, { kind: 'executive_visits', cadenceDays: 30, note: 'GM visits monthly' }),
        201,
      );
      expect(exec.cadenceDays).toBe(30);
      const [first] = await visits(w, id);
      expect(first).toMatchObject({
        type: 'executive',
        dueOn: '2026-03-31',
        status: 'planned',
        cadenceDays: 30,
        entitlementId: exec.id,
      });

      // Nobody went: overdue on 1 April, raised once however often the job runs.
      for (const day of ['2026-04-01', '2026-04-02', '2026-04-03']) {
        w.clock.set(`${day}T08:00:00.000Z`);
        await w.kernel.scheduler.runDue(w.clock.now());
      }
      const overdue = (await w.settle())
        .filter((e) => e.name === 'keyAccounts.visitOverdue')
        .map((e) => e.payload);
      expect(overdue).toEqual([{ customerId: id, visitId: first.id, dueOn: '2026-03-31' }]);
      expect((await activitiesOf(w, w.am.token, 'key_account_visit')).length).toBe(1);
      expect(await visits(w, id, '?status=planned')).toHaveLength(1);

      // The visit is done on 3 April: the activity closes, the cadence plans the next one.
      const met = await logVisit(w, id, '2026-04-03T02:00:00.000Z');
      const done = await expectStatus(
        await w.request(`${API}/visits/${first.id}/done`, {
          token: w.am.token,
          body: { communicationId: met },
        }),
        200,
      );
      expect(done.next).toMatchObject({ type: 'executive', dueOn: '2026-05-03', entitlementId: exec.id });
      expect(await activitiesOf(w, w.am.token, 'key_account_visit')).toEqual([]);
      w.clock.set('2026-04-04T08:00:00.000Z');
      await w.kernel.scheduler.runDue(w.clock.now());
      expect((await visits(w, id, '?status=planned')).map((v: any) => v.dueOn)).toEqual(['2026-05-03']);

      // Ending the entitlement cancels the planned executive visit: no overdue for it afterwards.
      await expectStatus(await end(w, exec.id, 'Replaced by quarterly reviews'), 200);
      expect((await visits(w, id, '?status=cancelled')).map((v: any) => v.dueOn)).toEqual(['2026-05-03']);
      w.clock.set('2026-05-10T08:00:00.000Z');
      await w.kernel.scheduler.runDue(w.clock.now());
      expect((await w.settle()).filter((e) => e.name === 'keyAccounts.visitOverdue')).toHaveLength(1);
      expect(await visits(w, id, '?status=planned')).toEqual([]);
    } finally {
      await w.close();
    }
  });

  it('plans a missing executive visit by the daily job when the last one was done without a cadence', async () => {
    const w = await kaWorld(db);
    try {
      const id = await w.customer('北京远航物流');
      await designate(w, id, w.am.id);
      // An executive visit already planned within the cadence serves it: none is added.
      const planned = await expectStatus(
        await w.request(`${API}/customers/${id}/visits`, {
          token: w.am.token,
          body: { type: 'executive', dueOn: '2026-03-20' },
        }),
        201,
      );
      await expectStatus(await grant(w, id, { kind: 'executive_visits', cadenceDays: 60 }), 201);
      expect((await visits(w, id)).map((v: any) => v.id)).toEqual([planned.id]);

      const met = await logVisit(w, id, '2026-03-18T02:00:00.000Z');
      const done = await expectStatus(
        await w.request(`${API}/visits/${planned.id}/done`, {
          token: w.am.token,
          body: { communicationId: met },
        }),
        200,
      );
      expect(done.next).toBeNull();
      w.clock.set('2026-03-19T08:00:00.000Z');
      await w.kernel.scheduler.runDue(w.clock.now());
      expect(
        (await visits(w, id, '?status=planned')).map((v: any) => [v.type, v.dueOn, v.cadenceDays]),
      ).toEqual([['executive', '2026-05-17', 60]]);
      await w.kernel.scheduler.runDue(w.clock.now());
      w.clock.set('2026-03-20T08:00:00.000Z');
      await w.kernel.scheduler.runDue(w.clock.now());
      expect(await visits(w, id, '?status=planned')).toHaveLength(1);
    } finally {
      await w.close();
    }
  });

  it('ends every open entitlement with the date when the account is de-designated', async () => {
    const w = await kaWorld(db);
    try {
      const id = await w.customer('青岛海鲜批发');
      await designate(w, id, w.am.id);
      await expectStatus(await grant(w, id, { kind: 'green_channel' }), 201);
      await expectStatus(await grant(w, id, { kind: 'dedicated_team', startsOn: '2026-09-01' }), 201);
      await expectStatus(await grant(w, id, { kind: 'executive_visits', cadenceDays: 90 }), 201);
      w.clock.set('2026-04-15T08:00:00.000Z');
      const proposal = await expectStatus(
        await w.request(`${API}/designations`, {
          token: w.sm1.token,
          body: { customerId: id, kind: 'undesignate', reason: 'Volume moved to a competitor' },
        }),
        201,
      );
      // Still open while the de-designation waits for the second user.
      expect(await list(w, id, '?status=ended')).toEqual([]);
      await expectStatus(
        await w.request(`${API}/designations/${proposal.id}/approve`, { token: w.sm2.token, body: {} }),
        200,
      );
      const all = await list(w, id);
      expect(all.map((e: any) => [e.kind, e.status, e.endsOn, e.endedBy])).toEqual([
        ['dedicated_team', 'ended', '2026-04-15', w.sm2.id],
        ['executive_visits', 'ended', '2026-04-15', w.sm2.id],
        ['green_channel', 'ended', '2026-04-15', w.sm2.id],
      ]);
      expect(all[0].endReason).toBe('Undesignated: Volume moved to a competitor');
      expect((await visits(w, id)).map((v: any) => v.status)).toEqual(['cancelled']);
      expect((await expectStatus(await grant(w, id, { kind: 'green_channel' }), 409)).code).toBe(
        'not_designated',
      );
    } finally {
      await w.close();
    }
  });
});
