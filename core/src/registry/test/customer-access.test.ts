import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, testDatabases } from '../../testing/index.js';
import { type Archive, openArchive, type Person } from './archive-fixtures.js';

const C = '/api/v1/customers';

describe.each(testDatabases())('customer access rules on $name', (db) => {
  let a: Archive;
  let mine: any;
  let theirs: any;
  beforeAll(async () => {
    a = await openArchive(db);
    mine = await a.customer({
      name: '张三的客户 苏州丝绸',
      ownerId: a.am.id,
      phone: '0512-6666 0001',
      tags: ['access'],
    });
    theirs = await a.customer({
      name: '李四的客户 无锡机械',
      ownerId: a.am2.id,
      phone: '0510-7777 0002',
      email: 'wx@jixie.example.cn',
      tags: ['access'],
    });
    await a.as(a.am2, `${C}/${theirs.id}/contacts`, { body: { name: '钱经理', phone: '13900000002' } });
    await a.as(a.am2, `${C}/${theirs.id}/communications`, {
      body: { channel: 'visit', subject: '年度拜访' },
    });
  });
  afterAll(() => a.close());

  const listIds = async (who: Person, query = '') =>
    (await json(await a.as(who, `${C}?tag=access${query}`))).items.map((c: { id: string }) => c.id);
  const exportText = async (who: Person, format: 'csv' | 'json', query = '') => {
    const res = await a.as(who, `${C}/export?format=${format}&tag=access${query}`);
    expect(res.status).toBe(200);
    return res.text();
  };

  it("hides another owner's customer from an account manager on every read route, as a 404", async () => {
    const unknown = await a.as(a.am, `${C}/nonexistent0000000000000`);
    expect(unknown.status).toBe(404);
    const unknownBody = await json(unknown);
    for (const path of [
      `${C}/${theirs.id}`,
      `${C}/${theirs.id}?include=contacts`,
      `${C}/${theirs.id}/timeline`,
      `${C}/${theirs.id}/contacts`,
      `${C}/${theirs.id}/communications`,
      `${C}/entities/none/export?customerId=${theirs.id}`,
    ]) {
      const res = await a.as(a.am, path);
      expect(res.status, path).toBe(404);
      const body = await json(res);
      expect(body.code).toBe(unknownBody.code);
      expect(JSON.stringify(body)).not.toContain('无锡');
    }
    expect(await listIds(a.am)).toEqual([mine.id]);
    expect(await listIds(a.am, '&include=contacts')).toEqual([mine.id]);
    expect(await listIds(a.am, '&q=无锡')).toEqual([]);
    expect(await listIds(a.am, '&q=7777')).toEqual([]);
    expect(await listIds(a.am, '&q=wx@jixie')).toEqual([]);
    expect(await listIds(a.am, `&owner=${a.am2.id}`)).toEqual([]);
    const csvText = await exportText(a.am, 'csv');
    expect(csvText).toContain('苏州丝绸');
    expect(csvText).not.toContain('无锡');
    const jsonText = await exportText(a.am, 'json', '&include=contacts');
    expect(JSON.parse(jsonText).map((c: { id: string }) => c.id)).toEqual([mine.id]);
  });

  it("answers writes on another owner's customer with 404 too", async () => {
    const writes: [string, string, unknown][] = [
      ['PATCH', `${C}/${theirs.id}`, { name: 'x', reason: 'y', version: 1 }],
      ['POST', `${C}/${theirs.id}/contacts`, { name: '孙' }],
      ['POST', `${C}/${theirs.id}/communications`, { channel: 'call', subject: 'hi' }],
    ];
    for (const [method, path, body] of writes) {
      const res = await a.as(a.am, path, { method, body });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    expect((await json(await a.as(a.gm, `${C}/${theirs.id}`))).name).toBe('李四的客户 无锡机械');
  });

  it('lets sales and general managers see every customer', async () => {
    for (const who of [a.gm, a.sm]) {
      expect((await listIds(who)).sort()).toEqual([mine.id, theirs.id].sort());
      expect((await a.as(who, `${C}/${theirs.id}/timeline`)).status).toBe(200);
      expect(await exportText(who, 'csv')).toContain('无锡');
    }
  });

  it('shows staff a customer only while an approved grant has not expired', async () => {
    expect(await listIds(a.staff)).toEqual([]);
    expect((await a.as(a.staff, `${C}/${theirs.id}`)).status).toBe(404);

    const req = await a.as(a.staff, `${C}/${theirs.id}/access-requests`, {
      body: { reason: '财务对账需要查看' },
    });
    expect(req.status).toBe(201);
    const grant = await json(req);
    expect(grant).toMatchObject({ status: 'pending', granteeId: a.staff.id, expiresAt: null });
    expect(JSON.stringify(grant)).not.toContain('无锡');
    expect(
      (await a.as(a.staff, `${C}/${theirs.id}/access-requests`, { body: { reason: 'again' } })).status,
    ).toBe(409);
    expect((await a.as(a.staff, `${C}/${theirs.id}`)).status).toBe(404);

    expect(
      (await a.as(a.staff, `${C}/access-requests/${grant.id}/approve`, { body: { days: 7 } })).status,
    ).toBe(403);
    expect((await a.as(a.am, `${C}/access-requests/${grant.id}/approve`, { body: { days: 7 } })).status).toBe(
      403,
    );
    const pending = await json(await a.as(a.sm, `${C}/access-requests?status=pending`));
    expect(pending.items.map((g: { id: string }) => g.id)).toContain(grant.id);

    const approved = await a.as(a.sm, `${C}/access-requests/${grant.id}/approve`, {
      body: { days: 7, note: '同意' },
    });
    expect(approved.status).toBe(200);
    expect(await json(approved)).toMatchObject({
      status: 'approved',
      decidedBy: a.sm.id,
      expiresAt: '2026-03-08T08:00:00.000Z',
    });
    expect((await a.as(a.sm, `${C}/access-requests/${grant.id}/approve`, { body: { days: 7 } })).status).toBe(
      409,
    );

    expect((await a.as(a.staff, `${C}/${theirs.id}`)).status).toBe(200);
    expect((await a.as(a.staff, `${C}/${theirs.id}/timeline`)).status).toBe(200);
    expect(await listIds(a.staff)).toEqual([theirs.id]);
    expect(await exportText(a.staff, 'csv')).toContain('无锡');
    const mineOnly = await json(await a.as(a.staff, `${C}/access-requests`));
    expect(mineOnly.items.every((g: { granteeId: string }) => g.granteeId === a.staff.id)).toBe(true);
    // A grant gives sight, not the right to change.
    expect(
      (
        await a.as(a.staff, `${C}/${theirs.id}`, {
          method: 'PATCH',
          body: { name: 'x', reason: 'y', version: 1 },
        })
      ).status,
    ).toBe(403);

    a.t.clock.advanceDays(7);
    expect((await a.as(a.staff, `${C}/${theirs.id}`)).status).toBe(404);
    expect(await listIds(a.staff)).toEqual([]);
    expect(await exportText(a.staff, 'csv')).not.toContain('无锡');
    expect((await json(await a.as(a.staff, `${C}/access-requests/${grant.id}`))).status).toBe('expired');
  });

  it('keeps a rejected or revoked request invisible', async () => {
    const r1 = await json(
      await a.as(a.staff, `${C}/${mine.id}/access-requests`, { body: { reason: '售后' } }),
    );
    expect(
      (await a.as(a.gm, `${C}/access-requests/${r1.id}/reject`, { body: { note: '无需' } })).status,
    ).toBe(200);
    expect((await a.as(a.staff, `${C}/${mine.id}`)).status).toBe(404);

    const r2 = await json(
      await a.as(a.staff, `${C}/${mine.id}/access-requests`, { body: { reason: '售后二' } }),
    );
    expect(
      (
        await a.as(a.gm, `${C}/access-requests/${r2.id}/approve`, {
          body: { expiresAt: '2026-12-01T00:00:00.000Z' },
        })
      ).status,
    ).toBe(200);
    expect((await a.as(a.staff, `${C}/${mine.id}`)).status).toBe(200);
    expect((await a.as(a.gm, `${C}/access-requests/${r2.id}/revoke`, { body: {} })).status).toBe(200);
    expect((await a.as(a.staff, `${C}/${mine.id}`)).status).toBe(404);
  });

  it('refuses an expiry in the past or more than a year ahead', async () => {
    const r = await json(
      await a.as(a.staff, `${C}/${mine.id}/access-requests`, { body: { reason: '审计' } }),
    );
    for (const body of [
      { expiresAt: '2020-01-01T00:00:00.000Z' },
      { days: 366 },
      { days: 0 },
      { expiresAt: '2030-01-01T00:00:00.000Z' },
    ]) {
      const res = await a.as(a.gm, `${C}/access-requests/${r.id}/approve`, { body });
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    expect((await json(await a.as(a.gm, `${C}/access-requests/${r.id}`))).status).toBe('pending');
  });

  it('lets an account manager with a grant read but not change the customer', async () => {
    const r = await json(
      await a.as(a.am, `${C}/${theirs.id}/access-requests`, { body: { reason: '联合拜访' } }),
    );
    await a.as(a.gm, `${C}/access-requests/${r.id}/approve`, { body: { days: 30 } });
    expect((await a.as(a.am, `${C}/${theirs.id}`)).status).toBe(200);
    const res = await a.as(a.am, `${C}/${theirs.id}`, {
      method: 'PATCH',
      body: { industry: '机械', reason: '更正', version: 1 },
    });
    expect(res.status).toBe(403);
    expect((await json(res)).code).toBe('not_owner');
    expect(
      (await a.as(a.am, `${C}/${theirs.id}/access-requests`, { body: { reason: 'again' } })).status,
    ).toBe(409);
  });

  it('needs a token', async () => {
    expect((await a.as(null, `${C}/${mine.id}`)).status).toBe(401);
    expect((await a.as(null, `${C}/export`)).status).toBe(401);
  });
});
