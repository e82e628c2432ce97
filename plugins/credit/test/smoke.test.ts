import { json, testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { bootCredit, scoresFor } from './support/kehu.js';

describe.each(testDatabases())('credit smoke on $name', (db) => {
  it('boots, grades a customer and answers a check', async () => {
    const t = await bootCredit(db);
    try {
      const id = await t.creditCustomer({ limit: 100_000_00, scores: scoresFor(85) });
      const r = await t.check({ customerId: id, amount: 50_000_00, currency: 'CNY', termDays: 30 });
      expect(r).toMatchObject({ approved: true, grade: 'AA', limit: { fixed: 100_000_00 } });
      const facet = await json(await t.request(`/api/v1/customers/${id}?include=credit`));
      expect(facet.facets.credit).toMatchObject({ grade: 'AA', limit: 100_000_00, available: 100_000_00, status: 'normal' });
    } finally {
      await t.close();
    }
  });
});
