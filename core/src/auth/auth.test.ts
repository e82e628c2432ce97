import { describe, expect, it } from 'vitest';
import { contractPlugins } from '../testing/contract-plugins.js';
import { createTestKehu, json, TEST_ADMIN_TOKEN, testDatabases } from '../testing/index.js';
import { hashToken } from './tokens.js';

const problemOf = async (res: Response) => {
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  return json(res);
};

describe.each(testDatabases())('auth on $name', (db) => {
  const boot = () => {
    const { notes, stamps } = contractPlugins();
    return createTestKehu(db, { plugins: [notes, stamps] });
  };

  it('answers 401 problems without a token, with a malformed or unknown one', async () => {
    const t = await boot();
    try {
      for (const headers of <Record<string, string>[]>[
        {},
        { authorization: 'Basic YWRtaW46YWRtaW4=' },
        { authorization: 'Bearer' },
        { authorization: 'Bearer kehu_not_a_real_token' },
      ]) {
        const res = await t.request('/api/v1/notes/notes', { token: null, headers });
        expect(res.status, JSON.stringify(headers)).toBe(401);
        expect(await problemOf(res)).toMatchObject({
          status: 401,
          code: 'unauthorized',
          title: 'Unauthorized',
          type: 'https://kehu.dev/problems/unauthorized',
        });
      }
      // Public routes need no token.
      expect((await t.request('/api/health', { token: null })).status).toBe(200);
      expect((await t.request('/api/openapi.json', { token: null })).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('answers 403 naming the permission the role lacks, and lets roles that have it through', async () => {
    const t = await boot();
    try {
      const staff = await t.user(['staff']);
      const clerk = await t.user(['notes_clerk']);
      const denied = await t.request('/api/v1/notes/notes', {
        token: staff.token,
        body: { title: 'x', amount: 1 },
      });
      expect(denied.status).toBe(403);
      expect(await problemOf(denied)).toMatchObject({
        status: 403,
        code: 'forbidden',
        permission: 'notes.write',
        detail: 'This action needs the permission "notes.write"',
      });
      // staff may read notes (the plugin granted it), but not the kernel's user admin.
      expect((await t.request('/api/v1/notes/notes', { token: staff.token })).status).toBe(200);
      expect(
        (await t.request('/api/v1/users', { token: staff.token, body: { name: 'Eve', roles: ['admin'] } }))
          .status,
      ).toBe(403);
      expect(
        (await t.request('/api/v1/notes/notes', { token: clerk.token, body: { title: 'x', amount: 1 } }))
          .status,
      ).toBe(201);
      const me = await json(await t.request('/api/v1/me', { token: clerk.token }));
      expect(me).toEqual({ id: clerk.id, name: expect.any(String), roles: ['notes_clerk'] });
    } finally {
      await t.close();
    }
  });

  it('manages users and tokens over HTTP: a token is shown once, stored hashed, and stops working when revoked', async () => {
    const t = await boot();
    try {
      const created = await t.request('/api/v1/users', {
        body: { name: 'Li Na', email: 'li.na@example.cn', roles: ['account_manager'] },
      });
      expect(created.status).toBe(201);
      const user = await json(created);
      expect(user).toMatchObject({
        name: 'Li Na',
        email: 'li.na@example.cn',
        roles: ['account_manager'],
        active: true,
      });

      expect(
        (
          await t.request('/api/v1/users', {
            body: { name: 'Dup', email: 'LI.NA@example.cn', roles: ['staff'] },
          })
        ).status,
      ).toBe(409);
      const badRole = await t.request('/api/v1/users', { body: { name: 'Wang', roles: ['emperor'] } });
      expect(badRole.status).toBe(400);
      expect((await problemOf(badRole)).errors).toEqual([
        { path: 'body.roles', message: 'Unknown role "emperor"' },
      ]);

      const issued = await t.request(`/api/v1/users/${user.id}/tokens`, { body: { name: 'laptop' } });
      expect(issued.status).toBe(201);
      const { token, info } = await json(issued);
      expect(token).toMatch(/^kehu_[A-Za-z0-9_-]{32}$/);
      expect(info).toMatchObject({ userId: user.id, name: 'laptop', revokedAt: null });

      // The secret is never listed, and only its hash is stored.
      const listed = await json(await t.request(`/api/v1/users/${user.id}/tokens`));
      expect(listed.items).toEqual([info]);
      expect(JSON.stringify(listed)).not.toContain(token);
      const stored = await t.kernel.database.db
        .selectFrom('kehu_token')
        .select('token_hash')
        .where('id', '=', info.id)
        .executeTakeFirstOrThrow();
      expect(stored.token_hash).toBe(hashToken(token));

      expect((await json(await t.request('/api/v1/me', { token }))).id).toBe(user.id);
      expect((await t.request(`/api/v1/tokens/${info.id}`, { method: 'DELETE' })).status).toBe(204);
      expect((await t.request('/api/v1/me', { token })).status).toBe(401);
      expect((await t.request(`/api/v1/tokens/${info.id}`, { method: 'DELETE' })).status).toBe(404);

      const users = await json(await t.request('/api/v1/users'));
      expect(users.items.map((u: { name: string }) => u.name)).toEqual(['Administrator', 'Li Na']);
    } finally {
      await t.close();
    }
  });

  it('refuses tokens of deactivated users and expired tokens', async () => {
    const t = await boot();
    try {
      const user = await t.user(['staff']);
      expect((await t.request('/api/v1/me', { token: user.token })).status).toBe(200);
      const patched = await t.request(`/api/v1/users/${user.id}`, {
        method: 'PATCH',
        body: { active: false },
      });
      expect((await json(patched)).active).toBe(false);
      expect((await t.request('/api/v1/me', { token: user.token })).status).toBe(401);

      const other = await t.user(['staff']);
      const expiresAt = new Date(t.clock.now().getTime() + 3_600_000).toISOString();
      const { token } = await json(
        await t.request(`/api/v1/users/${other.id}/tokens`, { body: { name: 'one hour', expiresAt } }),
      );
      expect((await t.request('/api/v1/me', { token })).status).toBe(200);
      t.clock.advance(3_600_000);
      // No wait: the token cache never outlives the token.
      expect((await t.request('/api/v1/me', { token })).status).toBe(401);
    } finally {
      await t.close();
    }
  });

  it('validates user changes and refuses unknown users', async () => {
    const t = await boot();
    try {
      expect((await t.request('/api/v1/users/nobody', { method: 'PATCH', body: { name: 'X' } })).status).toBe(
        404,
      );
      expect((await t.request('/api/v1/users/nobody/tokens', { body: { name: 'x' } })).status).toBe(404);
      const res = await t.request('/api/v1/users', { body: { name: 'A', roles: [], admin: true } });
      expect(res.status).toBe(400);
      expect((await problemOf(res)).errors.map((e: { path: string }) => e.path).sort()).toEqual([
        'body',
        'body.roles',
      ]);
    } finally {
      await t.close();
    }
  });

  it('creates the first admin with a one-time token on an empty database only', async () => {
    const store = await db.persistent();
    try {
      const first = await createTestKehu(db, { database: await store.open(), adminToken: undefined });
      const token = first.kernel.initialAdminToken!;
      expect(token).toMatch(/^kehu_/);
      expect(token).not.toBe(TEST_ADMIN_TOKEN);
      const me = await json(await first.request('/api/v1/me', { token }));
      expect(me).toMatchObject({ name: 'Administrator', roles: ['admin'] });
      await first.close();

      const second = await createTestKehu(db, {
        database: await store.open(),
        adminToken: 'kehu_ignored_on_a_used_database',
      });
      try {
        expect(second.kernel.initialAdminToken).toBeUndefined();
        expect(await second.kernel.users.count()).toBe(1);
        expect((await second.request('/api/v1/me', { token })).status).toBe(200);
        expect(
          (await second.request('/api/v1/me', { token: 'kehu_ignored_on_a_used_database' })).status,
        ).toBe(401);
      } finally {
        await second.close();
      }
    } finally {
      await store.remove();
    }
  });

  it('lets a host replace bearer auth', async () => {
    const t = await createTestKehu(db, {
      authenticate: (c, kernel) =>
        c.req.header('x-employee') === 'e-1'
          ? kernel.permissions.principal({ id: 'e-1', name: 'SSO user', roles: ['general_manager'] })
          : null,
    });
    try {
      expect(
        (await t.request('/api/v1/audit', { token: null, headers: { 'x-employee': 'e-1' } })).status,
      ).toBe(200);
      expect((await t.request('/api/v1/audit', { token: null })).status).toBe(401);
    } finally {
      await t.close();
    }
  });

  it('refuses to deactivate or demote the last active administrator', async () => {
    const t = await boot();
    try {
      const [admin] = (await json(await t.request('/api/v1/users'))).items;
      const patch = (id: string, body: unknown, token?: string) =>
        t.request(`/api/v1/users/${id}`, { method: 'PATCH', body, ...(token ? { token } : {}) });
      for (const body of [{ active: false }, { roles: ['general_manager'] }]) {
        const res = await patch(admin.id, body);
        expect(res.status).toBe(409);
        expect((await problemOf(res)).code).toBe('last_admin');
      }
      expect((await json(await t.request('/api/v1/me'))).roles).toEqual(['admin']);
      // With a second administrator, either may step down; then the other is the last one.
      const second = await t.user(['admin'], 'Second admin');
      expect((await patch(admin.id, { active: false }, second.token)).status).toBe(200);
      const res = await patch(second.id, { roles: ['sales_manager'] }, second.token);
      expect((await problemOf(res)).code).toBe('last_admin');
      expect((await t.request('/api/v1/me', { token: second.token })).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
