import { testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { seedKeyAccountsDemo } from '../src/demo-seed.js';
import { API, expectStatus, kaWorld } from './support/kehu.js';

describe.each(testDatabases())('key-accounts demo data on $name', (db) => {
  it('seeds three classes and designated accounts with teams, plans, visits, gaps and entitlements', async () => {
    const w = await kaWorld(db);
    try {
      const customers = [];
      for (let i = 0; i < 12; i++) {
        const id = await w.customer(`Demo customer ${i}`);
        await w.request(`/api/v1/customers/${id}/contacts`, { body: { name: `Contact ${i}` } });
        customers.push((await w.kernel.customers.get(id))!);
      }
      let x = 1;
      await seedKeyAccountsDemo({
        kernel: w.kernel,
        customers,
        users: {
          sales_manager: [w.sm1, w.sm2].map((u) => ({ id: u.id, name: 'Sales manager' })),
          account_manager: [w.am, w.am2].map((u) => ({ id: u.id, name: 'Account manager' })),
        },
        random: () => {
          x = (x * 9301 + 49297) % 233280;
          return x / 233280;
        },
        progress: () => {},
      });
      const runs = (await expectStatus(await w.request(`${API}/runs`), 200)).items;
      expect(runs).toHaveLength(1);
      expect(runs[0].counts.A).toBeGreaterThan(0);
      expect(runs[0].counts.B).toBeGreaterThan(0);
      expect(runs[0].counts.C).toBeGreaterThan(0);
      const page = await expectStatus(await w.request('/api/v1/customers?include=keyAccount&limit=50'), 200);
      const designated = page.items.filter((c: any) => c.facets.keyAccount.designated);
      expect(designated).toHaveLength(3);
      expect(designated.map((c: any) => c.facets.keyAccount.entitlements.length).sort()).toEqual([1, 1, 3]);
      for (const c of designated) {
        expect(c.facets.keyAccount.entitlements).toContain('priority_supply');
        expect(c.facets.keyAccount.openGaps.length).toBeGreaterThan(0);
        expect(c.facets.keyAccount.nextVisitDue).not.toBeNull();
        const team = await expectStatus(await w.request(`${API}/customers/${c.id}/team`), 200);
        expect(team.items.map((m: any) => m.role).sort()).toEqual(['manager', 'service']);
        expect(
          (await expectStatus(await w.request(`${API}/customers/${c.id}/plans`), 200)).items,
        ).toHaveLength(1);
      }
    } finally {
      await w.close();
    }
  });
});
