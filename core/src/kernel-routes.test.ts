import { describe, expect, it } from 'vitest';
import { KehuRouter } from './http/router.js';
import { kernelRoutes } from './kernel-routes.js';
import { ContractProbe, contractPlugins } from './testing/contract-plugins.js';
import { createTestKehu, DeclaredResponses, testDatabases } from './testing/index.js';

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
    const responses = new DeclaredResponses('/api', declared.operations);

    /** A successful answer's body, asserted to be exactly what its route declares for its status. */
    const call = async (
      method: string,
      url: string,
      init: { body?: unknown; token?: string | null } = {},
    ) => {
      const res = await t.request(url, { method, ...init });
      if (res.status >= 300) throw new Error(`${method} ${url} answered ${res.status}: ${await res.text()}`);
      return responses.conforming(method, url, res);
    };

    try {
      expect(await call('GET', '/api/health', { token: null })).toEqual({ status: 'ok', database: db.name });
      expect((await call('GET', '/api/openapi.json', { token: null })).openapi).toBe('3.1.0');
      const meta = await call('GET', '/api/v1/meta');
      expect(meta).toMatchObject({
        kernel: { database: db.name },
        plugins: [{ name: 'notes' }, { name: 'stamps' }],
      });
      expect(meta.facets.length).toBeGreaterThan(0);
      expect(await call('GET', '/api/v1/me')).toMatchObject({ name: 'Administrator', roles: ['admin'] });
      expect(await call('PATCH', '/api/v1/me', { body: { language: 'zh-CN' } })).toMatchObject({
        name: 'Administrator',
        language: 'zh-CN',
      });

      const user = await call('POST', '/api/v1/users', {
        body: { name: '王芳', email: 'wang.fang@example.com', roles: ['account_manager'] },
      });
      await call('PATCH', `/api/v1/users/${user.id}`, { body: { roles: ['sales_manager'] } });
      const issued = await call('POST', `/api/v1/users/${user.id}/tokens`, {
        body: { name: 'laptop', expiresAt: '2027-01-01T00:00:00Z' },
      });
      expect((await call('GET', `/api/v1/users/${user.id}/tokens`)).items).toHaveLength(1);
      expect(await call('DELETE', `/api/v1/tokens/${issued.info.id}`)).toBeUndefined();
      expect((await call('GET', '/api/v1/users')).items).toHaveLength(2);

      // A note whose flaky subscriber fails once with one attempt allowed: a dead letter to replay.
      expect((await t.request('/api/v1/notes/notes', { body: { title: 'hello', amount: 1 } })).status).toBe(
        201,
      );
      await t.drain();
      const dead = await call('GET', '/api/v1/admin/deliveries?status=dead');
      expect(dead.items).toEqual([
        expect.objectContaining({ subscriber: 'stamps:flaky', lastError: expect.any(String) }),
      ]);
      expect(await call('POST', `/api/v1/admin/deliveries/${dead.items[0].id}/replay`)).toEqual({
        id: dead.items[0].id,
        status: 'pending',
      });
      expect(
        await call('POST', `/api/v1/admin/deliveries/${dead.items[0].id}/dead-letter`, { body: {} }),
      ).toEqual({ id: dead.items[0].id, status: 'dead' });
      expect(await call('DELETE', `/api/v1/admin/deliveries/${dead.items[0].id}`)).toBeUndefined();
      expect(
        await call('POST', '/api/v1/admin/deliveries/drop-orphaned', {
          body: { subscriber: 'visits:retired' },
        }),
      ).toEqual({ subscriber: 'visits:retired', dropped: 0 });
      expect((await call('GET', '/api/v1/admin/hooks')).events.length).toBeGreaterThan(0);

      expect((await call('GET', '/api/v1/admin/jobs')).items.length).toBeGreaterThan(0);
      const failed = await call('POST', '/api/v1/admin/jobs/run', { body: {} });
      expect(failed.results).toEqual(
        expect.arrayContaining([
          {
            job: 'notes.daily-digest',
            period: '2026-03-01',
            status: 'failed',
            error: 'digest mail server down',
          },
          { job: 'notes.month-end', period: '2026-03', status: 'not_due' },
        ]),
      );
      const ran = await call('POST', '/api/v1/admin/jobs/run', { body: { job: 'notes.daily-digest' } });
      expect(ran.results).toEqual([
        { job: 'notes.daily-digest', period: '2026-03-01', status: 'ran', result: { notes: 1 } },
      ]);

      const audit = await call('GET', '/api/v1/audit?limit=2');
      expect(audit.nextCursor).not.toBeNull();
      await call('GET', `/api/v1/audit?limit=2&cursor=${audit.nextCursor}`);

      expect([...responses.seen].sort()).toEqual(responses.all().sort());
    } finally {
      await t.close();
    }
  });
});
