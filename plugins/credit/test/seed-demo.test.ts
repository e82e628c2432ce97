import { json, testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { seedCreditDemo } from '../src/seed-demo.js';
import { bootCredit } from './support/kehu.js';

describe.each(testDatabases())('credit demo data on $name', (db) => {
  it('gives most demo customers a graded profile with a limit that fits the grade', async () => {
    const t = await bootCredit(db);
    try {
      const customers = [];
      for (let i = 0; i < 10; i++) customers.push((await t.kernel.customers.get(await t.customer()))!);
      let x = 0;
      await seedCreditDemo({
        kernel: t.kernel,
        customers,
        users: { admin: [{ id: 'admin', name: 'Admin' }] },
        random: () => {
          x = (x * 9301 + 49297) % 233280;
          return x / 233280;
        },
        progress: () => {},
      });
      const page = await json(await t.request('/api/v1/customers?include=credit&limit=50'));
      const facets = page.items.map((c: any) => c.facets.credit).filter(Boolean);
      expect(facets.length).toBeGreaterThan(5);
      const policy = await json(await t.request('/api/v1/credit/policy'));
      for (const f of facets) {
        const grade = policy.grades.find((g: any) => g.grade === f.grade);
        expect(grade).toBeDefined();
        if (grade.maxLimit !== null) expect(f.fixedLimit).toBeLessThanOrEqual(grade.maxLimit);
        if (!grade.creditSales) expect(f.fixedLimit).toBe(0);
      }
    } finally {
      await t.close();
    }
  });
});
