import { json, testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { bootCredit, scoresFor } from './support/kehu.js';

const usd = (dollars: number) => dollars * 100;

/** Ceilings in US dollars for every grade of the AAA–D scale (the grade policy's own are in CNY). */
const USD_CEILINGS = {
  AAA: null,
  AA: usd(700_000),
  A: usd(300_000),
  BBB: usd(150_000),
  BB: usd(70_000),
  B: usd(30_000),
  CCC: 0,
  CC: 0,
  C: 0,
  D: 0,
};

describe.each(testDatabases())('grade ceilings for a profile in another currency on $name', (db) => {
  it('refuses credit in a currency the policy does not cover, by default, and says so', async () => {
    const t = await bootCredit(db);
    try {
      const policy = await json(await t.request('/api/v1/credit/policy'));
      expect(policy).toMatchObject({ currency: 'CNY', otherCurrencies: 'refuse' });
      const id = await t.creditCustomer({ currency: 'USD' }); // graded AA
      const limit = await t.request(`/api/v1/credit/customers/${id}/limit-requests`, {
        token: t.am.token,
        body: { kind: 'fixed', amount: usd(10_000), currency: 'USD', reason: 'Export orders' },
      });
      expect(limit.status).toBe(422);
      expect(await json(limit)).toMatchObject({
        code: 'currency_not_in_policy',
        creditCurrency: 'USD',
        policyCurrency: 'CNY',
      });
      const check = await t.check({ customerId: id, amount: usd(100), currency: 'USD' });
      expect(check.approved).toBe(false);
      expect(check.reasons.map((r: any) => r.code)).toContain('currency_not_in_policy');
      expect(check.limit).toEqual({ fixed: 0, temporary: 0, total: 0 });
    } finally {
      await t.close();
    }
  });

  it("caps a profile in another currency by that currency's ceilings, also after a downgrade", async () => {
    const t = await bootCredit(db, { config: { credit: { otherCurrencies: { USD: USD_CEILINGS } } } });
    try {
      expect((await json(await t.request('/api/v1/credit/policy'))).otherCurrencies).toEqual({
        USD: USD_CEILINGS,
      });
      const id = await t.creditCustomer({ currency: 'USD' }); // graded AA: at most $700,000
      const above = await t.request(`/api/v1/credit/customers/${id}/limit-requests`, {
        token: t.am.token,
        body: { kind: 'fixed', amount: usd(800_000), currency: 'USD', reason: 'Export orders' },
      });
      expect(above.status).toBe(422);
      const problem = await json(above);
      expect(problem).toMatchObject({
        code: 'limit_above_grade_maximum',
        grade: 'AA',
        maxLimit: usd(700_000),
      });
      expect(problem.detail).toContain('$700,000.00');

      await t.setFixedLimit(id, usd(600_000), 'USD');
      expect((await t.check({ customerId: id, amount: usd(600_000), currency: 'USD' })).approved).toBe(true);

      // Downgraded to B: the $600,000 limit now counts as B's $30,000.
      expect(await t.grade(id, scoresFor(45))).toBe('B');
      const capped = await t.check({ customerId: id, amount: usd(40_000), currency: 'USD' });
      expect(capped).toMatchObject({ approved: false, limit: { fixed: usd(30_000), total: usd(30_000) } });
      expect(capped.reasons.map((r: any) => r.code)).toEqual(['limit_exceeded']);
      expect((await t.check({ customerId: id, amount: usd(30_000), currency: 'USD' })).approved).toBe(true);

      // Another currency the table does not name is still refused.
      const eur = await t.creditCustomer({ currency: 'EUR' });
      const eurCheck = await t.check({ customerId: eur, amount: 100, currency: 'EUR' });
      expect(eurCheck.reasons.map((r: any) => r.code)).toContain('currency_not_in_policy');
    } finally {
      await t.close();
    }
  });

  it('stops the boot when a currency does not list every grade of the scale', async () => {
    await expect(
      bootCredit(db, { config: { credit: { otherCurrencies: { USD: { AAA: null, AA: usd(700_000) } } } } }),
    ).rejects.toThrow(/credit.*otherCurrencies\.USD.*missing A, BBB/s);
    await expect(
      bootCredit(db, { config: { credit: { otherCurrencies: { CNY: USD_CEILINGS } } } }),
    ).rejects.toThrow(/otherCurrencies\.CNY/);
  });
});
