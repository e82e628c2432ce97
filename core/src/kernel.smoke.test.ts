import { describe, expect, it } from 'vitest';
import { createTestKehu, json, testDatabases } from './testing/index.js';

describe.each(testDatabases())('kernel smoke on $name', (db) => {
  it('serves health, refuses anonymous calls and creates a customer', async () => {
    const t = await createTestKehu(db);
    try {
      const health = await t.request('/api/health', { token: null });
      expect(health.status).toBe(200);
      expect(health.headers.get('x-request-id')).toBeTruthy();
      expect((await t.request('/api/v1/customers', { token: null })).status).toBe(401);
      const created = await t.request('/api/v1/customers', {
        body: { name: '上海华联 商贸', phone: '021-5555 1234' },
      });
      expect(created.status).toBe(201);
      const c = await json(created);
      const got = await t.request(`/api/v1/customers/${c.id}`);
      expect((await json(got)).name).toBe('上海华联 商贸');
      const bad = await t.request('/api/v1/customers', { body: { name: '' } });
      expect(bad.status).toBe(400);
      expect(bad.headers.get('content-type')).toContain('application/problem+json');
      expect((await t.request('/api/nope')).status).toBe(404);
    } finally {
      await t.close();
    }
  });
});
