import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { KehuRouter } from './http/router.js';
import { kernelRoutes } from './kernel-routes.js';
import { ContractProbe, contractPlugins } from './testing/contract-plugins.js';
import { createTestKehu, testDatabases } from './testing/index.js';

type Operation = KehuRouter['operations'][number];
const key = (op: Operation) => `${op.method.toUpperCase()} ${op.path}`;
const pattern = (path: string) => new RegExp(`^${path.replace(/:[A-Za-z0-9_]+/g, '[^/]+')}$`);

describe.each(testDatabases())('kernel route responses on $name', (db) => {
  it('every kernel route answers exactly the response it declares, so the typed client is right', async () => {
    const probe = new ContractProbe();
    probe.flakyFailures = 1;
    probe.jobFailures = 1;
    const { notes, stamps } = contractPlugins(probe);
    const t = await createTestKehu(db, { plugins: [notes, stamps], dispatcher: { maxAttempts: 1 } });
    // The same specs the kernel mounted, read from a router of our own.
    const declared = new KehuRouter('/api', async () => null);
    kernelRoutes(declared, t.kernel);
    const seen = new Set<string>();

    /** A successful answer's body, asserted to parse with its route's schema for its status, dropping nothing. */
    const call = async (method: string, url: string, init: { body?: unknown; token?: string | null } = {}) => {
      const res = await t.request(url, { method, ...init });
      const text = await res.text();
      if (res.status >= 300) throw new Error(`${method} ${url} answered ${res.status}: ${text}`);
      const path = new URL(url, 'http://kehu.test').pathname.slice('/api'.length);
      const [op, ...more] = declared.operations.filter((o) => o.method === method.toLowerCase() && pattern(o.path).test(path));
      if (!op || more.length > 0) throw new Error(`${method} ${url} is not one kernel route`);
      const name = `${key(op)} → ${res.status}`;
      seen.add(key(op));
      const response = op.spec.responses?.[res.status];
      if (!response) throw new Error(`${name} is not a declared response`);
      const schema = response instanceof z.ZodType ? response : response.schema;
      if (!schema) {
        expect(text, `${name} declares no body`).toBe('');
        return undefined;
      }
      const body = JSON.parse(text);
      const parsed = schema.safeParse(body);
      if (!parsed.success) throw new Error(`${name} does not match its declared schema:\n${z.prettifyError(parsed.error)}`);
      expect(parsed.data, `${name} has fields its declared schema lacks`).toEqual(body);
      return body;
    };

    try {
      expect(await call('GET', '/api/health', { token: null })).toEqual({ status: 'ok', database: db.name });
      expect((await call('GET', '/api/openapi.json', { token: null })).openapi).toBe('3.1.0');
      const meta = await call('GET', '/api/v1/meta');
      expect(meta).toMatchObject({ kernel: { database: db.name }, plugins: [{ name: 'notes' }, { name: 'stamps' }] });
      expect(meta.facets.length).toBeGreaterThan(0);
      expect(await call('GET', '/api/v1/me')).toMatchObject({ name: 'Administrator', roles: ['admin'] });

      const user = await call('POST', '/api/v1/users', { body: { name: '王芳', email: 'wang.fang@example.com', roles: ['account_manager'] } });
      await call('PATCH', `/api/v1/users/${user.id}`, { body: { roles: ['sales_manager'] } });
      const issued = await call('POST', `/api/v1/users/${user.id}/tokens`, { body: { name: 'laptop', expiresAt: '2027-01-01T00:00:00Z' } });
      expect((await call('GET', `/api/v1/users/${user.id}/tokens`)).items).toHaveLength(1);
      expect(await call('DELETE', `/api/v1/tokens/${issued.info.id}`)).toBeUndefined();
      expect((await call('GET', '/api/v1/users')).items).toHaveLength(2);

      // A note whose flaky subscriber fails once with one attempt allowed: a dead letter to replay.
      expect((await t.request('/api/v1/notes/notes', { body: { title: 'hello', amount: 1 } })).status).toBe(201);
      await t.drain();
      const dead = await call('GET', '/api/v1/admin/deliveries?status=dead');
      expect(dead.items).toEqual([expect.objectContaining({ subscriber: 'stamps:flaky', lastError: expect.any(String) })]);
      expect(await call('POST', `/api/v1/admin/deliveries/${dead.items[0].id}/replay`)).toEqual({ id: dead.items[0].id, status: 'pending' });
      expect((await call('GET', '/api/v1/admin/hooks')).events.length).toBeGreaterThan(0);

      expect((await call('GET', '/api/v1/admin/jobs')).items.length).toBeGreaterThan(0);
      const failed = await call('POST', '/api/v1/admin/jobs/run', { body: {} });
      expect(failed.results).toEqual(
        expect.arrayContaining([
          { job: 'notes.daily-digest', period: '2026-03-01', status: 'failed', error: 'digest mail server down' },
          { job: 'notes.month-end', period: '2026-03', status: 'not_due' },
        ]),
      );
      const ran = await call('POST', '/api/v1/admin/jobs/run', { body: { job: 'notes.daily-digest' } });
      expect(ran.results).toEqual([{ job: 'notes.daily-digest', period: '2026-03-01', status: 'ran', result: { notes: 1 } }]);

      const audit = await call('GET', '/api/v1/audit?limit=2');
      expect(audit.nextCursor).not.toBeNull();
      await call('GET', `/api/v1/audit?limit=2&before=${audit.nextCursor}`);

      expect([...seen].sort()).toEqual(declared.operations.map(key).sort());
    } finally {
      await t.close();
    }
  });
});
