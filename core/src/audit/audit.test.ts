import { describe, expect, it } from 'vitest';
import { contractPlugins } from '../testing/contract-plugins.js';
import { createTestKehu, json, testDatabases } from '../testing/index.js';
import { diffFields } from './audit-log.js';

describe('diffFields', () => {
  it('lists the fields whose value changed, from → to', () => {
    expect(
      diffFields({ name: 'A', phone: '1', tags: ['x'] }, { name: 'B', phone: '1', tags: ['x'] }),
    ).toEqual({ name: { from: 'A', to: 'B' } });
  });

  it('compares arrays and objects by value and treats missing as null', () => {
    expect(
      diffFields({ tags: ['x'], address: { city: '上海' } }, { tags: ['x', 'y'], address: { city: '上海' } }),
    ).toEqual({ tags: { from: ['x'], to: ['x', 'y'] } });
    expect(diffFields({ email: undefined }, { email: null })).toEqual({});
    expect(diffFields({}, { region: '华东' })).toEqual({ region: { from: null, to: '华东' } });
  });

  it('looks only at the given fields when told', () => {
    expect(diffFields({ a: 1, b: 1, updatedAt: 'x' }, { a: 2, b: 1, updatedAt: 'y' }, ['a', 'b'])).toEqual({
      a: { from: 1, to: 2 },
    });
  });

  it('does not confuse 0, false, empty string and null', () => {
    expect(Object.keys(diffFields({ a: 0, b: false, c: '' }, { a: null, b: 0, c: null })).sort()).toEqual([
      'a',
      'b',
      'c',
    ]);
  });
});

describe.each(testDatabases())('audit on $name', (db) => {
  const boot = () => {
    const { notes, stamps } = contractPlugins();
    return createTestKehu(db, { plugins: [notes, stamps] });
  };

  it('records who changed which entity, when, and which fields from → to, with the data', async () => {
    const t = await boot();
    try {
      const admin = await json(await t.request('/api/v1/me'));
      const note = await json(
        await t.request('/api/v1/notes/notes', { body: { title: 'audited', amount: 250 } }),
      );
      const res = await t.request(`/api/v1/audit?entityType=note&entityId=${note.id}`);
      expect(res.status).toBe(200);
      const { items } = await json(res);
      expect(items).toEqual([
        {
          id: expect.any(String),
          entityType: 'note',
          entityId: note.id,
          customerId: null,
          action: 'create',
          actorId: admin.id,
          at: '2026-03-01T08:00:00.000Z',
          changes: { title: { from: null, to: 'AUDITED' }, amount: { from: null, to: 250 } },
          reason: null,
        },
      ]);
    } finally {
      await t.close();
    }
  });

  it('writes nothing when the write rolls back', async () => {
    const t = await boot();
    try {
      await t.request('/api/v1/notes/notes', { body: { title: 'dup', amount: 1 } });
      expect((await t.request('/api/v1/notes/notes', { body: { title: 'dup', amount: 1 } })).status).toBe(
        409,
      );
      expect((await t.request('/api/v1/notes/notes', { body: { title: 'crash', amount: 1 } })).status).toBe(
        500,
      );
      const { items } = await json(await t.request('/api/v1/audit?entityType=note'));
      expect(items).toHaveLength(1);

      // Directly through the kernel's transaction helper as well.
      await expect(
        t.kernel.transaction(async (trx) => {
          await t.kernel.audit.record(trx, {
            entityType: 'note',
            entityId: 'n-x',
            action: 'delete',
            actor: null,
            reason: 'cleanup',
          });
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      expect((await t.kernel.audit.list({ entityId: 'n-x' })).length).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('audits user and token administration', async () => {
    const t = await boot();
    try {
      const user = await json(
        await t.request('/api/v1/users', { body: { name: 'Zhang Wei', roles: ['staff'] } }),
      );
      await t.request(`/api/v1/users/${user.id}`, {
        method: 'PATCH',
        body: { roles: ['account_manager'], name: 'Zhang Wei' },
      });
      const { info } = await json(
        await t.request(`/api/v1/users/${user.id}/tokens`, { body: { name: 'phone' } }),
      );
      await t.request(`/api/v1/tokens/${info.id}`, { method: 'DELETE' });

      const userTrail = (await json(await t.request(`/api/v1/audit?entityType=user&entityId=${user.id}`)))
        .items;
      expect(userTrail.map((a: { action: string; changes: unknown }) => [a.action, a.changes])).toEqual([
        ['update', { roles: { from: ['staff'], to: ['account_manager'] } }],
        ['create', { roles: { from: null, to: ['staff'] } }],
      ]);
      const tokenTrail = (await json(await t.request(`/api/v1/audit?entityType=token&entityId=${info.id}`)))
        .items;
      expect(tokenTrail.map((a: { action: string }) => a.action)).toEqual(['revoke', 'issue']);
      expect(JSON.stringify(tokenTrail)).not.toMatch(/kehu_[A-Za-z0-9_-]{32}/);
    } finally {
      await t.close();
    }
  });

  it('pages newest first and is readable only with audit.read', async () => {
    const t = await boot();
    try {
      for (const title of ['a', 'b', 'c'])
        await t.request('/api/v1/notes/notes', { body: { title, amount: 1 } });
      const page1 = await json(await t.request('/api/v1/audit?entityType=note&limit=2'));
      expect(page1.items.map((a: { changes: { title: { to: string } } }) => a.changes.title.to)).toEqual([
        'C',
        'B',
      ]);
      const page2 = await json(
        await t.request(`/api/v1/audit?entityType=note&limit=2&cursor=${page1.nextCursor}`),
      );
      expect(page2.items.map((a: { changes: { title: { to: string } } }) => a.changes.title.to)).toEqual([
        'A',
      ]);
      expect(page2.nextCursor).toBeNull();

      const staff = await t.user(['staff']);
      const gm = await t.user(['general_manager']);
      expect((await t.request('/api/v1/audit', { token: staff.token })).status).toBe(403);
      expect((await t.request('/api/v1/audit', { token: gm.token })).status).toBe(200);
      expect((await t.request('/api/v1/audit?limit=0')).status).toBe(400);
    } finally {
      await t.close();
    }
  });
});
