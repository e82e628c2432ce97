import { testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { API, criteria, expectStatus, kaWorld, no, yes } from './support/kehu.js';

describe.each(testDatabases())('designation on $name', (db) => {
  it('needs a second user: the proposer cannot approve, another sales manager can; de-designation the same way', async () => {
    const w = await kaWorld(db);
    try {
      const id = await w.customer('上海华联超市有限公司');
      const proposal = await expectStatus(
        await w.request(`${API}/designations`, {
          token: w.am.token,
          body: {
            customerId: id,
            kind: 'designate',
            reason: 'Biggest buyer in the region',
            criteria,
            managerId: w.am2.id,
          },
        }),
        201,
      );
      expect(proposal).toMatchObject({
        status: 'pending',
        origin: 'manual',
        managerId: w.am2.id,
        requestedBy: w.am.id,
      });
      // An approval activity for each sales manager (not the proposer).
      const inbox = await expectStatus(
        await w.request('/api/v1/activities?type=approval', { token: w.sm1.token }),
        200,
      );
      expect(inbox.items.map((a: any) => a.customerId)).toEqual([id]);

      // The account manager may not approve at all; a second proposal waits for the first.
      expect(
        (await w.request(`${API}/designations/${proposal.id}/approve`, { token: w.am.token, body: {} }))
          .status,
      ).toBe(403);
      const second = await w.request(`${API}/designations`, {
        token: w.sm1.token,
        body: { customerId: id, kind: 'designate', reason: 'Again', criteria },
      });
      expect((await expectStatus(second, 409)).code).toBe('proposal_pending');
      expect(await w.kernel.service('key-accounts')!.isKeyAccount(id)).toBe(false);

      await expectStatus(
        await w.request(`${API}/designations/${proposal.id}/approve`, {
          token: w.sm1.token,
          body: { note: 'Agreed' },
        }),
        200,
      );
      const account = await expectStatus(await w.request(`${API}/customers/${id}`), 200);
      expect(account).toMatchObject({ designated: true, designatedOn: '2026-03-01', managerId: w.am2.id });
      expect(await w.kernel.service('key-accounts')!.isKeyAccount(id)).toBe(true);
      const team = await expectStatus(await w.request(`${API}/customers/${id}/team`), 200);
      expect(team.items.map((m: any) => [m.userId, m.role])).toEqual([[w.am2.id, 'manager']]);
      expect(
        (await w.request(`${API}/designations/${proposal.id}/reject`, { token: w.sm2.token, body: {} }))
          .status,
      ).toBe(409);
      // The approval activities are closed by the decision.
      const after = await expectStatus(
        await w.request('/api/v1/activities?type=approval', { token: w.sm2.token }),
        200,
      );
      expect(after.items).toEqual([]);

      // De-designation: proposed by sm1, sm1 may not approve, sm2 may.
      const end = await expectStatus(
        await w.request(`${API}/designations`, {
          token: w.sm1.token,
          body: { customerId: id, kind: 'undesignate', reason: 'Moved its purchasing abroad' },
        }),
        201,
      );
      const own = await expectStatus(
        await w.request(`${API}/designations/${end.id}/approve`, { token: w.sm1.token, body: {} }),
        403,
      );
      expect(own.code).toBe('own_request');
      await expectStatus(
        await w.request(`${API}/designations/${end.id}/approve`, { token: w.sm2.token, body: {} }),
        200,
      );
      expect(await w.kernel.service('key-accounts')!.isKeyAccount(id)).toBe(false);

      const events = (await w.settle()).filter(
        (e) => e.name.startsWith('keyAccounts.') && e.name.endsWith('designated'),
      );
      expect(events.map((e) => [e.name, e.payload])).toEqual([
        ['keyAccounts.designated', { customerId: id, managerId: w.am2.id }],
        ['keyAccounts.undesignated', { customerId: id }],
      ]);
      const history = await expectStatus(await w.request(`${API}/customers/${id}/designations`), 200);
      expect(history.items.map((d: any) => [d.kind, d.status, d.decidedBy])).toEqual([
        ['undesignate', 'approved', w.sm2.id],
        ['designate', 'approved', w.sm1.id],
      ]);
    } finally {
      await w.close();
    }
  });

  it('checks the criteria, refuses impossible proposals and hides other owners’ customers', async () => {
    const w = await kaWorld(db);
    try {
      const id = await w.customer('Golden Harvest Foods Pte. Ltd.');
      const post = (body: Record<string, unknown>, token = w.sm1.token) =>
        w.request(`${API}/designations`, { token, body: { customerId: id, reason: 'Large', ...body } });
      const weak = { ...criteria, revenueShare: no, lossImpact: no, strategicFit: no };
      expect((await expectStatus(await post({ kind: 'designate', criteria: weak }), 422)).code).toBe(
        'criteria_not_met',
      );
      expect((await expectStatus(await post({ kind: 'designate' }), 422)).code).toBe('criteria_required');
      expect((await expectStatus(await post({ kind: 'undesignate' }), 409)).code).toBe('not_designated');
      expect((await post({ kind: 'designate', criteria: { ...criteria, extra: yes() } })).status).toBe(400);
      expect(
        (await expectStatus(await post({ kind: 'designate', criteria, managerId: 'nobody' }), 422)).code,
      ).toBe('unknown_user');
      // am2 does not own the customer: as if it did not exist.
      expect((await post({ kind: 'designate', criteria }, w.am2.token)).status).toBe(404);
      expect((await expectStatus(await w.request(`${API}/customers/${id}/designations`), 200)).items).toEqual(
        [],
      );

      // A class-A customer's proposal says so.
      await expectStatus(await w.importRevenue([[id, '2026-01-10', '100.00']]), 200);
      await w.run();
      const fromA = await expectStatus(await post({ kind: 'designate', criteria }), 201);
      expect(fromA.origin).toBe('class_a');
      expect(
        (
          await expectStatus(
            await w.request(`${API}/designations/${fromA.id}/reject`, {
              token: w.sm2.token,
              body: { note: 'Not yet' },
            }),
            200,
          )
        ).status,
      ).toBe('rejected');
      expect(await w.kernel.service('key-accounts')!.isKeyAccount(id)).toBe(false);
    } finally {
      await w.close();
    }
  });
});
