import { json, testDatabases } from '@kehu/core/testing';
import { creditPlugin } from '@kehu/plugin-credit';
import { receivablesPlugin } from '@kehu/plugin-receivables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, designate, expectStatus, type KaWorld, kaWorld } from './support/kehu.js';

/**
 * The account team sees a designated key account on every route an owner would — the kernel's list,
 * search, include=, export and timeline, receivables' and credit's routes — and the key-account
 * manager may change it; removing a member removes the access at once.
 */
describe.each(testDatabases())('account team access on $name', (db) => {
  let w: KaWorld;
  let member: { id: string; token: string };
  let kam: { id: string; token: string };
  let x: string;
  let invoiceId: string;

  beforeAll(async () => {
    w = await kaWorld(db, {
      plugins: [receivablesPlugin, creditPlugin],
      config: { credit: { withoutProfile: 'allow' } },
    });
    member = await w.user(['account_manager'], 'Technical member');
    kam = await w.user(['account_manager'], 'Key-account manager');
    x = await w.customer('烟台苹果商行', { ownerId: w.am.id });
    invoiceId = (
      await expectStatus(
        await w.request('/api/v1/receivables/invoices', {
          body: {
            customerId: x,
            issueDate: '2026-01-05',
            lines: [{ description: '苹果', quantity: 10, unitPrice: 5_000 }],
          },
        }),
        201,
      )
    ).id;
  });
  afterAll(() => w.close());

  const as = (who: { token: string }, path: string, init: { method?: string; body?: unknown } = {}) =>
    w.request(path, { ...init, token: who.token });

  const reads = async (who: { token: string }) => {
    const ids = async (path: string) => ((await json(await as(who, path))).items ?? []).map((i: any) => i.id);
    const exported = await (await as(who, '/api/v1/customers/export?format=json')).json();
    const one = await as(who, `/api/v1/customers/${x}?include=receivables,credit,keyAccount`);
    const doc = one.status === 200 ? await json(one) : null;
    const status = async (path: string) => (await as(who, path)).status;
    return {
      get: one.status,
      facet: doc ? doc.facets.keyAccount.designated : null,
      list: (await ids('/api/v1/customers?include=keyAccount')).includes(x),
      search: (await ids('/api/v1/customers?q=烟台')).includes(x),
      export: (exported as any[]).some?.((c) => c.id === x) ?? false,
      timeline: (await as(who, `/api/v1/customers/${x}/timeline`)).status,
      invoices: (await ids(`/api/v1/receivables/invoices?customerId=${x}`)).includes(invoiceId),
      invoice: (await as(who, `/api/v1/receivables/invoices/${invoiceId}`)).status,
      credit: (await as(who, `/api/v1/credit/customers/${x}`)).status,
      creditFacet: doc ? doc.facets.credit !== undefined : null,
      receivablesRoutes: await Promise.all(
        ['standing', 'delivery-check', 'follow-ups'].map((r) =>
          status(`/api/v1/receivables/customers/${x}/${r}`),
        ),
      ),
      creditRoutes: await Promise.all(
        ['history', 'evaluations', 'limits', 'investigations'].map((r) =>
          status(`/api/v1/credit/customers/${x}/${r}`),
        ),
      ),
      account: (await as(who, `${API}/customers/${x}`)).status,
    };
  };
  const hidden = {
    get: 404,
    facet: null,
    list: false,
    search: false,
    export: false,
    timeline: 404,
    invoices: false,
    invoice: 404,
    credit: 404,
    creditFacet: null,
    receivablesRoutes: [404, 404, 404],
    creditRoutes: [404, 404, 404, 404],
    account: 404,
  };
  const visible = {
    get: 200,
    facet: true,
    list: true,
    search: true,
    export: true,
    timeline: 200,
    invoices: true,
    invoice: 200,
    credit: 200,
    creditFacet: true,
    receivablesRoutes: [200, 200, 200],
    creditRoutes: [200, 200, 200, 200],
    account: 200,
  };
  const patch = (who: { token: string }, version: number) =>
    as(who, `/api/v1/customers/${x}`, {
      method: 'PATCH',
      body: { version, industry: '水果批发', reason: 'Team update' },
    });
  const investigate = (who: { token: string }) =>
    as(who, `/api/v1/credit/customers/${x}/investigations`, {
      body: { source: 'internal', investigatedOn: '2026-02-01', findings: 'Pays on time' },
    });

  it('shows the customer to nobody outside the owner rule before designation and team', async () => {
    expect(await reads(member)).toEqual(hidden);
    expect(await reads(kam)).toEqual(hidden);
  });

  it('lets the team see and the key-account manager change, everywhere', async () => {
    await designate(w, x, kam.id);
    const add = await as(w.am, `${API}/customers/${x}/team/${member.id}`, {
      method: 'PUT',
      body: { role: 'technical' },
    });
    expect((await expectStatus(add, 200)).items.map((m: any) => [m.userId, m.role])).toEqual([
      [kam.id, 'manager'],
      [member.id, 'technical'],
    ]);
    expect(await reads(member)).toEqual(visible);
    expect(await reads(kam)).toEqual(visible);
    // A member sees but does not change; the manager changes through kernel and credit routes.
    expect((await json(await patch(member, 1))).code).toBe('not_owner');
    expect((await json(await investigate(member))).code).toBe('not_owner');
    await expectStatus(await patch(kam, 1), 200);
    await expectStatus(await investigate(kam), 201);
    // The manager manages the team; a member does not.
    const other = await w.user(['account_manager'], 'Service member');
    expect(
      (
        await as(member, `${API}/customers/${x}/team/${other.id}`, {
          method: 'PUT',
          body: { role: 'service' },
        })
      ).status,
    ).toBe(403);
    await expectStatus(
      await as(kam, `${API}/customers/${x}/team/${other.id}`, { method: 'PUT', body: { role: 'service' } }),
      200,
    );
  });

  it('takes the access away at once when the member is removed', async () => {
    await expectStatus(await as(kam, `${API}/customers/${x}/team/${member.id}`, { method: 'DELETE' }), 200);
    expect(await reads(member)).toEqual(hidden);
    expect(await reads(kam)).toEqual(visible);
    expect((await as(kam, `${API}/customers/${x}/team/${member.id}`, { method: 'DELETE' })).status).toBe(404);
    const bad = await as(kam, `${API}/customers/${x}/team/nobody`, {
      method: 'PUT',
      body: { role: 'service' },
    });
    expect((await expectStatus(bad, 422)).code).toBe('unknown_user');
    expect(
      (await as(kam, `${API}/customers/${x}/team/${member.id}`, { method: 'PUT', body: { role: 'manager' } }))
        .status,
    ).toBe(400);
  });

  it('takes the whole team’s access away when the account is de-designated', async () => {
    await expectStatus(
      await as(kam, `${API}/customers/${x}/team/${member.id}`, {
        method: 'PUT',
        body: { role: 'technical' },
      }),
      200,
    );
    expect(await reads(member)).toEqual(visible);
    const proposal = await expectStatus(
      await as(w.sm1, `${API}/designations`, {
        body: { customerId: x, kind: 'undesignate', reason: 'Volume moved away' },
      }),
      201,
    );
    await expectStatus(await as(w.sm2, `${API}/designations/${proposal.id}/approve`, { body: {} }), 200);
    expect(await reads(member)).toEqual(hidden);
    expect(await reads(kam)).toEqual(hidden);
    expect((await reads(w.am)).get).toBe(200);
  });
});
