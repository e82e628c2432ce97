import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { silentLogger } from '@kehu/core';
import { json, testDatabases } from '@kehu/core/testing';
import { createClient, isProblem } from '@kehu/sdk/client';
import { describe, expect, it } from 'vitest';
import { createHostApp, type Staff } from '../src/index.js';

const STAFF: Staff[] = [
  { email: 'li.na@qinghe.example', name: '李娜', password: 'pw-li', crmRoles: ['sales_manager'] },
  { email: 'wang.fang@qinghe.example', name: '王芳', password: 'pw-wang', crmRoles: ['account_manager'] },
  { email: 'chen.jing@qinghe.example', name: '陈静', password: 'pw-chen', crmRoles: ['staff'] },
];
const ADMIN = 'kehu_embedded_admin';

describe.each(testDatabases())('Kehu embedded under /crm on $name', (db) => {
  const start = async () =>
    createHostApp(STAFF, {
      database: await db.open(),
      logger: silentLogger,
      scheduler: false,
      auth: { adminToken: ADMIN },
    });

  it("uses the host's sign-in for the CRM, with the roles the host gives, and leaves the host's routes alone", async () => {
    const host = await start();
    try {
      const login = async (email: string, password: string) => {
        const res = await host.app.request('/login', {
          method: 'POST',
          body: JSON.stringify({ email, password }),
        });
        return { status: res.status, cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]! };
      };
      const call = (
        path: string,
        cookie: string | null,
        init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
      ) =>
        host.app.request(path, {
          method: init.method ?? (init.body ? 'POST' : 'GET'),
          headers: { ...(cookie ? { cookie } : {}), 'content-type': 'application/json', ...init.headers },
          ...(init.body ? { body: JSON.stringify(init.body) } : {}),
        });

      expect((await login('li.na@qinghe.example', 'wrong')).status).toBe(401);
      const li = await login('li.na@qinghe.example', 'pw-li');
      const wang = await login('wang.fang@qinghe.example', 'pw-wang');
      const chen = await login('chen.jing@qinghe.example', 'pw-chen');
      expect(li.status).toBe(200);

      expect((await call('/orders', li.cookie)).status).toBe(200);
      const anonymous = await call('/crm/api/v1/customers', null);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
      // Kehu's own tokens are not a way in: the host decides who is signed in.
      expect(
        (await call('/crm/api/v1/customers', null, { headers: { authorization: `Bearer ${ADMIN}` } })).status,
      ).toBe(401);

      expect(
        (await call('/crm/api/v1/customers', wang.cookie, { body: { name: '宁波海港餐饮管理有限公司' } }))
          .status,
      ).toBe(201);
      expect(
        (await call('/crm/api/v1/customers', li.cookie, { body: { name: 'Sakura Trading K.K.' } })).status,
      ).toBe(201);

      const all = await json(await call('/crm/api/v1/customers', li.cookie));
      expect(all.items.map((c: { name: string }) => c.name).sort()).toEqual([
        'Sakura Trading K.K.',
        '宁波海港餐饮管理有限公司',
      ]);
      const own = await json(await call('/crm/api/v1/customers', wang.cookie));
      expect(own.items.map((c: { name: string }) => c.name)).toEqual(['宁波海港餐饮管理有限公司']);
      expect(await json(await call('/crm/api/v1/me', wang.cookie))).toMatchObject({
        name: '王芳',
        roles: ['account_manager'],
      });
      // Staff may add to the archive but not see the users list.
      expect((await call('/crm/api/v1/users', chen.cookie)).status).toBe(403);

      const audit = await host.kehu.kernel.audit.list({ entityType: 'customer' });
      const creators = await host.kehu.kernel.users.getMany(audit.map((a) => a.actorId!));
      expect([...creators.values()].map((u) => u.email).sort()).toEqual([
        'li.na@qinghe.example',
        'wang.fang@qinghe.example',
      ]);

      // Idempotency keys belong to the signed-in person, not to "whoever sends no bearer token".
      const body = { name: '厦门鹭岛海景酒店管理有限公司' };
      const first = await call('/crm/api/v1/customers', wang.cookie, {
        body,
        headers: { 'idempotency-key': 'order-import-42' },
      });
      const retry = await call('/crm/api/v1/customers', wang.cookie, {
        body,
        headers: { 'idempotency-key': 'order-import-42' },
      });
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect((await json(retry)).id).toBe((await json(first)).id);
      const someoneElse = await call('/crm/api/v1/customers', chen.cookie, {
        body,
        headers: { 'idempotency-key': 'order-import-42' },
      });
      expect(someoneElse.headers.get('idempotent-replayed')).toBeNull();

      const unknown = await call('/crm/api/v1/no-such-thing', li.cookie);
      expect(unknown.status).toBe(404);
      expect((await json(unknown)).code).toBe('route_not_found');
    } finally {
      await host.close();
    }
  });

  it("serves the typed client under the prefix over a real socket, with the host's session cookie", async () => {
    const host = await start();
    const server = await new Promise<Server>((resolve) => {
      const s = serve({ fetch: host.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server));
    });
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const login = await fetch(`${base}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'wang.fang@qinghe.example', password: 'pw-wang' }),
      });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const crm = createClient({ baseUrl: `${base}/crm`, headers: { cookie } });
      const created = await crm.post('/api/v1/customers', {
        body: { name: '青岛海之味海鲜酒楼', region: '华北' },
      });
      expect(created.ownerId).toBeTruthy();
      const fetched = await crm.get('/api/v1/customers/{id}', { params: { id: created.id } });
      expect(fetched.name).toBe('青岛海之味海鲜酒楼');
      const refused = await createClient({ baseUrl: `${base}/crm` })
        .get('/api/v1/customers')
        .catch((e: unknown) => e);
      expect(isProblem(refused, 'unauthorized')).toBe(true);
    } finally {
      await new Promise((r) => server.close(r));
      await host.close();
    }
  });
});
