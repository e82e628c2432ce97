import { createTestKehu, json, testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { complaintsPlugin } from '../src/index.js';

describe.each(testDatabases())('complaints plugin on $name', (db) => {
  it('boots alone, is listed in the meta document and answers through its service', async () => {
    const t = await createTestKehu(db, { plugins: [complaintsPlugin] });
    try {
      const meta = await json(await t.request('/api/v1/meta'));
      expect(meta.plugins.map((p: { name: string }) => p.name)).toEqual(['complaints']);
      const customer = await json(
        await t.request('/api/v1/customers', { body: { name: '杭州西湖国宾酒店' } }),
      );
      const service = t.kernel.service('complaints')!;
      expect(await service.openCount(customer.id)).toBe(0);
      expect(await service.statsFor({ from: '2026-01-01', to: '2026-12-31' })).toEqual({
        complaints: 0,
        customers: 0,
        avgResponseMinutes: null,
        avgResolutionMinutes: null,
      });
    } finally {
      await t.close();
    }
  });
});
