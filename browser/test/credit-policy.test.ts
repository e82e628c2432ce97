import { creditPlugin } from '@kehu/plugin-credit';
import { receivablesPlugin } from '@kehu/plugin-receivables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserKehu, LANGUAGES, type Language, startKehu } from '../src/harness.js';

// The credit manager in a real browser: the credit policy edited (a refused threshold, then saved;
// ceilings in another currency added, refused with too many decimals, then saved), a
// one-off exception granted (a past expiry refused) and a customer's term changed.

let k: BrowserKehu;
const customers = new Map<Language, { id: string; name: string }>();

beforeAll(async () => {
  k = await startKehu({
    plugins: [receivablesPlugin, creditPlugin],
    async seed(kernel, kit) {
      const owner = (await kernel.users.list()).find((u) => u.email === 'wang.fang@qinghe.example')!;
      const cm = await kit.person(['credit_manager'], '信用经理 赵敏');
      const token = (await kernel.users.createToken(cm.id, 'seed')).token;
      for (const lang of LANGUAGES) {
        const c = await kernel.customers.create(
          { name: `泉州恒信五金（${lang === 'en' ? 'EN' : '中文'}）`, ownerId: owner.id },
          { actor: null },
        );
        customers.set(lang, c);
        const res = await kernel.app.request(`/api/v1/credit/customers/${c.id}/profile`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: '{}',
        });
        if (res.status !== 201) throw new Error(await res.text());
      }
    },
  });
});
afterAll(() => k?.close());

describe.each(LANGUAGES)('credit policy and exceptions in %s', (lang) => {
  const en = lang === 'en';
  const submit = (form: string) => `form[action$="${form}"] button[type=submit]`;

  it('the credit manager edits the policy, grants an exception and changes a term', async () => {
    const customer = customers.get(lang)!;
    const cm = await k.signIn(['credit_manager'], { lang });
    try {
      const { page } = cm;
      await cm.goto('/credit/approvals');
      await page.locator('nav.subnav a[href="/credit/policy"]').click();
      await page.waitForURL(/\/credit\/policy$/);
      await cm.check('credit-policy');

      // AA may not need more than AAA: refused beside AA's threshold.
      const aa = page.locator('#policy-grades-1-minScore');
      const before = await aa.inputValue();
      await aa.fill('99');
      await page.locator(submit('/credit/policy')).click();
      await page.locator('#policy-grades-1-minScore-error').waitFor();
      expect(await page.locator('#policy-grades-1-minScore-error').textContent()).toContain(
        en ? 'must need a lower score than AAA' : '须低于上一等级的最低评分',
      );
      await cm.check('credit-policy-refused');
      await aa.fill(before);
      await page.locator('#policy-grades-5-maxTermDays').fill(en ? '12' : '14');
      await page.locator(submit('/credit/policy')).click();
      await page.locator('.notice-success').waitFor();
      expect(await page.locator('#policy-grades-5-maxTermDays').inputValue()).toBe(en ? '12' : '14');

      // Ceilings in another currency: the blank row after those listed adds one; a yen amount
      // with decimals is refused beside it, then saved.
      const code = en ? 'JPY' : 'USD';
      const row = await page
        .locator('#policy-form input[type=hidden][name^="others."][name$=".currency"]')
        .count();
      await page.locator(`#policy-others-${row}-currency`).fill(code);
      await page.locator(`#policy-others-${row}-AA`).fill(en ? '90,000,000.5' : '700,000.005');
      await page.locator(submit('/credit/policy')).click();
      await page.locator(`#policy-others-${row}-AA-error`).waitFor();
      expect(await page.locator(`#policy-others-${row}-AA-error`).textContent()).toContain(
        en ? 'JPY has 0 decimals' : '金额须为该币种最小单位的整数倍',
      );
      await cm.check('credit-policy-currency-refused');
      await page.locator(`#policy-others-${row}-AA`).fill(en ? '90,000,000' : '700,000');
      await page.locator(submit('/credit/policy')).click();
      await page.locator('.notice-success').waitFor();
      expect(await page.locator(`#policy-others-${row}-AA`).inputValue()).toBe(en ? '90000000' : '700000.00');
      expect(await page.locator(`#policy-others-${row + 1}-currency`).inputValue()).toBe('');
      await cm.check('credit-policy-currencies');

      // A one-off exception: an expiry in the past is refused, then granted.
      await cm.goto(`/credit/customers/${customer.id}`);
      await page.locator(`a[href$="/customers/${customer.id}/overrides"]`).click();
      await page.waitForURL(/\/overrides$/);
      await page.locator('#override-amountCap').fill('80,000');
      await page.locator('#override-expiresAt').fill('2026-02-20');
      await page.locator('#override-reason').fill(en ? 'Year-end order' : '年底大单');
      await page.locator(submit('/overrides')).click();
      await page.locator('#override-expiresAt-error').waitFor();
      await cm.check('credit-override-refused');
      await page.locator('#override-expiresAt').fill('2026-03-20');
      await page.locator(submit('/overrides')).click();
      await page.locator('#cr-overrides .badge-active').waitFor();
      await cm.check('credit-overrides');

      // The customer's longest term, with the reason for the change.
      await cm.goto(`/credit/customers/${customer.id}/terms`);
      await page.locator('#terms-maxTermDays').fill('45');
      await page.locator('#terms-reason').fill(en ? 'Three years without a late payment' : '三年无逾期');
      await cm.check('credit-terms');
      await page.locator(submit('/terms')).click();
      await page.waitForURL(new RegExp(`/credit/customers/${customer.id}$`));
      expect(
        await page.locator('#cr-figures ~ dl, section[aria-labelledby=cr-figures]').first().textContent(),
      ).toContain(en ? '45 days' : '45 天');
    } finally {
      await cm.close();
    }
  });
});
