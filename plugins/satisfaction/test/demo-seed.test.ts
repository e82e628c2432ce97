import { testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { satisfactionPlugin } from '../src/index.js';
import { expectStatus, world } from './helpers.js';

describe.each(testDatabases())('demo data on $name', (db) => {
  it('a published indicator system and two campaigns with responses, in two quarters', async () => {
    const w = await world(db);
    try {
      w.t.clock.set('2026-06-20T08:00:00.000Z');
      const customers = [];
      for (let i = 0; i < 10; i++)
        customers.push(
          await w.t.kernel.customers.get((await w.customer({ region: i % 2 ? '华东' : '华南' })).id),
        );
      let state = 11;
      const random = () => {
        state = (state * 16807) % 2147483647;
        return (state - 1) / 2147483646;
      };
      const seed = satisfactionPlugin.seedDemo;
      await (typeof seed === 'function' ? seed : seed!.transactions!)({
        kernel: w.t.kernel,
        customers: customers as never,
        users: { admin: [{ id: w.manager.id, name: 'Chen Jie' }] },
        random,
        progress: () => undefined,
      });
      const systems = await expectStatus(await w.t.request('/api/v1/satisfaction/indicator-systems'), 200);
      expect(systems.items).toMatchObject([{ status: 'published' }]);
      const campaigns = await expectStatus(await w.t.request('/api/v1/satisfaction/campaigns'), 200);
      expect(campaigns.items).toHaveLength(2);
      const report = await expectStatus(await w.t.request('/api/v1/satisfaction/scores?period=quarter'), 200);
      expect(report.rows.map((r: any) => r.period)).toEqual(['2026-Q1', '2026-Q2']);
      expect(report.rows.every((r: any) => r.responses > 3 && r.csi.value !== null)).toBe(true);
      expect(report.rows[1].change.csi).not.toBeNull();
    } finally {
      await w.close();
    }
  });
});
