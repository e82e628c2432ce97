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

describe.each(
  testDatabases(),
)('the ceilings in other currencies changed through PUT /policy on $name', (db) => {
  const jpy = (yen: number) => yen; // JPY has no minor unit: minor units are yen
  const JPY_CEILINGS = { ...USD_CEILINGS, AA: jpy(90_000_000), A: jpy(40_000_000), BBB: jpy(20_000_000) };

  it('takes ceilings per currency from a credit manager, refusing bad ones beside their field', async () => {
    const t = await bootCredit(db);
    try {
      const read = async () => json(await t.request('/api/v1/credit/policy', { token: t.am.token }));
      const policy = await read();
      const put = (otherCurrencies: unknown, token = t.cm1.token, version = policy.version) =>
        t.request('/api/v1/credit/policy', {
          method: 'PUT',
          token,
          body: { grades: policy.grades, factors: policy.factors, otherCurrencies, version },
        });
      const refused = async (res: Response, status: number) => {
        expect(res.status).toBe(status);
        return json(res);
      };

      // Not a currency, a currency without a minor unit, and lower case: each named at its key.
      for (const code of ['XYZ', 'XAU', 'usd']) {
        expect(await refused(await put({ [code]: USD_CEILINGS }), 422)).toMatchObject({
          code: 'unknown_currency',
          errors: [{ path: `body.otherCurrencies.${code}`, code: 'unknown_currency' }],
        });
      }
      // Ceilings are whole minor units: $700,000.005 is no count of cents, 1.5 yen none of yen.
      for (const [code, amount] of [
        ['USD', 70_000_000.5],
        ['JPY', 1.5],
        ['USD', -1],
      ] as const) {
        const problem = await refused(await put({ [code]: { ...USD_CEILINGS, AA: amount } }), 422);
        expect(problem).toMatchObject({
          code: 'not_minor_units',
          errors: [{ path: `body.otherCurrencies.${code}.AA`, code: 'not_minor_units' }],
        });
      }
      expect((await refused(await put({ JPY: { ...USD_CEILINGS, AA: 1.5 } }), 422)).detail).toContain(
        'JPY has 0 decimals',
      );
      // Not a number at all is the schema's refusal.
      expect((await put({ USD: { ...USD_CEILINGS, AA: '700000' } })).status).toBe(400);
      // Every grade of the scale, and not the policy's own currency.
      const { D: _d, ...noD } = USD_CEILINGS;
      expect(await refused(await put({ USD: noD }), 422)).toMatchObject({
        code: 'grades_do_not_match_scale',
        errors: [{ path: 'body.otherCurrencies.USD' }],
      });
      expect(await refused(await put({ CNY: USD_CEILINGS }), 422)).toMatchObject({
        code: 'policy_currency_listed',
        errors: [{ path: 'body.otherCurrencies.CNY' }],
      });
      // Only a credit manager changes the policy.
      expect((await put({ USD: USD_CEILINGS }, t.am.token)).status).toBe(403);
      expect(await read()).toMatchObject({ version: 0, otherCurrencies: 'refuse' });

      const usdProfile = await t.creditCustomer({ currency: 'USD' }); // graded AA
      const jpyProfile = await t.creditCustomer({ currency: 'JPY' }); // graded AA
      const saved = await put({ USD: USD_CEILINGS, JPY: JPY_CEILINGS });
      expect(saved.status).toBe(200);
      expect(await json(saved)).toMatchObject({
        version: 1,
        currency: 'CNY',
        otherCurrencies: { USD: USD_CEILINGS, JPY: JPY_CEILINGS },
      });
      expect((await read()).otherCurrencies).toEqual({ USD: USD_CEILINGS, JPY: JPY_CEILINGS });

      // Each profile is capped in its own currency by its own ceiling, never a sum or conversion.
      const above = await t.request(`/api/v1/credit/customers/${jpyProfile}/limit-requests`, {
        token: t.am.token,
        body: { kind: 'fixed', amount: jpy(95_000_000), currency: 'JPY', reason: 'Tokyo branch' },
      });
      const aboveProblem = await refused(above, 422);
      expect(aboveProblem).toMatchObject({ code: 'limit_above_grade_maximum', maxLimit: jpy(90_000_000) });
      expect(aboveProblem.detail).toContain('¥90,000,000');
      await t.setFixedLimit(usdProfile, usd(650_000), 'USD');
      expect(
        (await t.check({ customerId: usdProfile, amount: usd(650_000), currency: 'USD' })).approved,
      ).toBe(true);

      // A form of the older version is refused and changes nothing.
      expect(await refused(await put('refuse', t.cm2.token, 0), 409)).toMatchObject({
        code: 'version_conflict',
        version: 1,
      });
      expect((await read()).otherCurrencies).toEqual({ USD: USD_CEILINGS, JPY: JPY_CEILINGS });

      // A PUT without other currencies keeps them; `refuse` takes them all away again.
      const keep = await t.request('/api/v1/credit/policy', {
        method: 'PUT',
        token: t.cm2.token,
        body: { grades: policy.grades, factors: policy.factors, version: 1 },
      });
      expect((await json(keep)).otherCurrencies).toEqual({ USD: USD_CEILINGS, JPY: JPY_CEILINGS });
      expect((await put('refuse', t.cm2.token, 2)).status).toBe(200);
      const usdCheck = await t.check({ customerId: usdProfile, amount: usd(100), currency: 'USD' });
      expect(usdCheck.reasons.map((r: { code: string }) => r.code)).toContain('currency_not_in_policy');

      const audit = await json(await t.request('/api/v1/audit?entityType=credit_policy&entityId=current'));
      expect(audit.items).toContainEqual(
        expect.objectContaining({
          action: 'update',
          actorId: t.cm1.id,
          changes: expect.objectContaining({
            otherCurrencies: { from: 'refuse', to: { USD: USD_CEILINGS, JPY: JPY_CEILINGS } },
          }),
        }),
      );
    } finally {
      await t.close();
    }
  });
});
