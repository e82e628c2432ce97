import { json, type TestKehu, testDatabases } from '@kehu/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootAll, ok } from './support/access.js';

/**
 * A plugin widening the access rule (a key-account team, see support/access.ts) is obeyed by the
 * kernel's routes and by receivables' and credit's, and removing its row removes the access at once.
 */
describe.each(testDatabases())('access widened by a plugin on $name', (db) => {
  let t: TestKehu;
  let owner: { id: string; token: string };
  let member: { id: string; token: string };
  let x: string;
  let invoiceId: string;

  const join = (canChange: boolean) =>
    t.kernel.database.db
      .insertInto('team_member')
      .values({ customer_id: x, user_id: member.id, can_change: canChange ? 1 : 0 })
      .execute();
  const leave = () =>
    t.kernel.database.db.deleteFrom('team_member').where('user_id', '=', member.id).execute();
  const as = (path: string, init: { method?: string; body?: unknown } = {}) =>
    t.request(path, { ...init, token: member.token });

  beforeAll(async () => {
    t = await bootAll(db);
    owner = await t.user(['account_manager'], 'Owner');
    member = await t.user(['account_manager'], 'Team member');
    x = (
      await ok(
        await t.request('/api/v1/customers', { body: { name: '烟台苹果商行', ownerId: owner.id } }),
        201,
      )
    ).id;
    invoiceId = (
      await ok(
        await t.request('/api/v1/receivables/invoices', {
          body: {
            customerId: x,
            currency: 'CNY',
            issueDate: '2026-01-05',
            termDays: 30,
            lines: [{ description: '苹果', quantity: 10, unitPrice: 5_000 }],
          },
        }),
        201,
      )
    ).id;
  });
  afterAll(() => t.close());

  /** What the member gets from every kind of read the owner rule governs. */
  const reads = async () => {
    const ids = async (path: string) => ((await json(await as(path))).items ?? []).map((i: any) => i.id);
    const exported = await (await as('/api/v1/customers/export?format=json')).json();
    const one = await as(`/api/v1/customers/${x}?include=receivables`);
    return {
      get: one.status,
      facet:
        one.status === 200 ? ((await json(one)).facets.receivables.balances[0]?.outstanding ?? null) : null,
      list: (await ids('/api/v1/customers')).includes(x),
      search: (await ids('/api/v1/customers?q=烟台')).includes(x),
      export: (exported as any[]).some((c) => c.id === x),
      timeline: (await as(`/api/v1/customers/${x}/timeline`)).status,
      entities: (await as(`/api/v1/customers/${x}/entities/credit_investigation`)).status,
      invoices: (await ids(`/api/v1/receivables/invoices?customerId=${x}`)).includes(invoiceId),
      invoice: (await as(`/api/v1/receivables/invoices/${invoiceId}`)).status,
      credit: (await as(`/api/v1/credit/customers/${x}`)).status,
    };
  };
  const investigate = () =>
    as(`/api/v1/credit/customers/${x}/investigations`, {
      body: { source: 'internal', investigatedOn: '2026-02-01', findings: 'Pays on time' },
    });
  const plan = () =>
    as('/api/v1/receivables/plans', {
      body: {
        customerId: x,
        currency: 'CNY',
        reason: 'Two instalments',
        instalments: [{ dueDate: '2026-04-30', amount: 10_000 }],
      },
    });

  /** What someone who may not see the customer gets: the same as for a customer that does not exist. */
  const hidden = {
    get: 404,
    facet: null,
    list: false,
    search: false,
    export: false,
    timeline: 404,
    entities: 404,
    invoices: false,
    invoice: 404,
    credit: 404,
  };

  it('shows the customer nowhere before the member joins', async () => {
    expect(await reads()).toEqual(hidden);
    expect((await investigate()).status).toBe(404);
  });

  const visible = {
    get: 200,
    facet: 50_000,
    list: true,
    search: true,
    export: true,
    timeline: 200,
    entities: 200,
    invoices: true,
    invoice: 200,
    credit: 200,
  };

  it('lets a see-only member read everywhere and change nothing', async () => {
    await join(false);
    expect(await reads()).toEqual(visible);
    expect((await json(await investigate())).code).toBe('not_owner');
    expect((await json(await plan())).code).toBe('not_owner');
    expect(
      (await json(await as(`/api/v1/customers/${x}`, { method: 'PATCH', body: { version: 1, name: 'x' } })))
        .code,
    ).toBe('not_owner');
    await leave();
  });

  it('lets a member who may change write through kernel, credit and receivables routes', async () => {
    await join(true);
    expect(await reads()).toEqual(visible);
    await ok(await investigate(), 201);
    await ok(await plan(), 201);
    await ok(
      await as(`/api/v1/customers/${x}`, {
        method: 'PATCH',
        body: { version: 1, industry: '水果批发', reason: 'Team update' },
      }),
      200,
    );
  });

  it('takes everything away at once when the member leaves', async () => {
    await leave();
    expect(await reads()).toEqual(hidden);
    expect((await investigate()).status).toBe(404);
    expect((await plan()).status).toBe(404);
  });
});

/**
 * Facets obey their plugin's permission: a staff member with a read grant, refused on the credit
 * routes, gets no credit figures through `include=` either.
 */
describe.each(testDatabases())('facet permissions on $name', (db) => {
  let t: TestKehu;
  let staff: { id: string; token: string };
  let x: string;

  beforeAll(async () => {
    t = await bootAll(db);
    const owner = await t.user(['account_manager'], 'Owner');
    staff = await t.user(['staff'], 'Service staff');
    x = (
      await ok(await t.request('/api/v1/customers', { body: { name: '威海渔具', ownerId: owner.id } }), 201)
    ).id;
    await ok(await t.request(`/api/v1/credit/customers/${x}/profile`, { body: {} }), 201);
    const grant = await ok(
      await t.request(`/api/v1/customers/${x}/access-requests`, {
        token: staff.token,
        body: { reason: 'Service call' },
      }),
      201,
    );
    await ok(await t.request(`/api/v1/customers/access-requests/${grant.id}/approve`, { body: {} }), 200);
  });
  afterAll(() => t.close());

  const as = (path: string) => t.request(path, { token: staff.token });

  it('refuses an explicit include of a facet the caller may not read, on every route that includes', async () => {
    expect((await as(`/api/v1/credit/customers/${x}`)).status).toBe(403);
    for (const path of [
      `/api/v1/customers/${x}?include=credit`,
      '/api/v1/customers?include=credit',
      '/api/v1/customers/export?format=json&include=contacts,credit',
    ]) {
      const res = await as(path);
      expect(res.status, path).toBe(403);
      expect(await json(res)).toMatchObject({ code: 'forbidden', permission: 'credit.read' });
    }
  });

  it("answers 403 for a plugin's entity rows and leaves its items off the timeline without its read permission", async () => {
    await ok(
      await t.request(`/api/v1/credit/customers/${x}/investigations`, {
        body: { source: 'bank', investigatedOn: '2026-02-01', findings: 'Overdraft twice last year' },
      }),
      201,
    );
    await ok(
      await t.request('/api/v1/receivables/payments', {
        body: { customerId: x, currency: 'CNY', method: 'bank_transfer', date: '2026-02-01', amount: 16_000 },
      }),
      201,
    );
    const entities = await as(`/api/v1/customers/${x}/entities/credit_investigation`);
    expect(entities.status).toBe(403);
    expect(await json(entities)).toMatchObject({ code: 'forbidden', permission: 'credit.read' });
    expect(
      (await json(await t.request(`/api/v1/customers/${x}/entities/credit_investigation`))).items,
    ).toHaveLength(1);

    // Receivables items stay on the timeline: staff hold receivables.read.
    const kinds = async (res: Response) => {
      const items = (await json(res)).items as { source: string; type: string }[];
      return {
        credit: items.some((i) => i.source === 'credit' || /^audit\.credit_/.test(i.type)),
        receivables: items.some((i) => i.source === 'receivables' || i.type.startsWith('audit.payment.')),
      };
    };
    expect(await kinds(await t.request(`/api/v1/customers/${x}/timeline?limit=100`))).toEqual({
      credit: true,
      receivables: true,
    });
    expect(await kinds(await as(`/api/v1/customers/${x}/timeline?limit=100`))).toEqual({
      credit: false,
      receivables: true,
    });
  });

  it('leaves such facets out of include=*', async () => {
    // Staff may read receivables (receivables.read), not credit.
    const one = await json(await as(`/api/v1/customers/${x}?include=*`));
    expect(Object.keys(one.facets).sort()).toEqual(['contacts', 'receivables', 'value']);
    const list = await json(await as('/api/v1/customers?include=*'));
    expect(Object.keys(list.items[0].facets).sort()).toEqual(['contacts', 'receivables', 'value']);
    const manager = await json(await t.request(`/api/v1/customers/${x}?include=*`));
    expect(Object.keys(manager.facets).sort()).toEqual(['contacts', 'credit', 'receivables', 'value']);
  });
});
