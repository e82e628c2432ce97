import { createTestKehu, json, testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import type {} from '../src/contract.js';
import { satisfactionPlugin } from '../src/index.js';

describe.each(testDatabases())('satisfaction plugin on $name', (db) => {
  it('boots alone, lists itself and offers its service', async () => {
    const t = await createTestKehu(db, { plugins: [satisfactionPlugin] });
    const meta = await json(await t.request('/api/v1/meta'));
    expect(meta.plugins.map((p: { name: string }) => p.name)).toContain('satisfaction');
    const service = t.kernel.container.resolve('satisfaction');
    expect(await service.latestScores(['nobody'])).toEqual(new Map());
    await t.close();
  });

  it('refuses a bad configuration at boot, naming the field', async () => {
    await expect(
      createTestKehu(db, { plugins: [satisfactionPlugin], config: { satisfaction: { fatigueDays: -1 } } }),
    ).rejects.toThrow(/satisfaction.*fatigueDays/);
  });
});
