import { creditPlugin } from '@kehu/plugin-credit';
import { receivablesPlugin } from '@kehu/plugin-receivables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserKehu, LANGUAGES, type Language, startKehu } from '../src/harness.js';

// Credit work in a real browser: the account manager asks for a limit, the sales manager scores a 5C
// evaluation and reads the score and grade before sending it, the credit manager approves both and
// puts the customer on hold and releases it.

let k: BrowserKehu;
const customers = new Map<Language, { id: string; name: string }>();

beforeAll(async () => {
  k = await startKehu({
    plugins: [receivablesPlugin, creditPlugin],
    async seed(kernel, kit) {
      const owner = (await kernel.users.list()).find((u) => u.email === 'wang.fang@qinghe.example')!;
      const cm = await kit.person(['credit_manager'], '信用经理 赵敏');
      for (const lang of LANGUAGES) {
        const c = await kernel.customers.create(
          { name: `厦门新客电子（${lang === 'en' ? 'EN' : '中文'}）`, ownerId: owner.id },
          { actor: null },
        );
        customers.set(lang, c);
        const res = await kernel.app.request(`/api/v1/credit/customers/${c.id}/profile`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${(await kernel.users.createToken(cm.id, 'seed')).token}`,
          },
          body: '{}',
        });
        if (res.status !== 201) throw new Error(await res.text());
      }
    },
  });
});
afterAll(() => k?.close());

describe.each(LANGUAGES)('credit forms in %s', (lang) => {
  const en = lang === 'en';
  it('a limit and an evaluation are asked for, approved by the credit manager, and a hold placed and released', async () => {
    const customer = customers.get(lang)!;
    const am = await k.signIn(['account_manager'], { lang });
    try {
      const { page } = am;
      await am.goto(`/credit/customers/${customer.id}`);
      await page
        .locator('#cr-actions ~ ul a[href$="/limit-requests/new"], section a[href$="/limit-requests/new"]')
        .first()
        .click();
      await page.waitForURL(/\/limit-requests\/new$/);
      await page.locator('#limit-amount').fill('12.345');
      await page.locator('#limit-reason').fill(en ? 'Orders double from April' : '四月起订单翻倍');
      await page.locator('form[action$="/limit-requests/new"] button[type=submit]').click();
      await page.locator('#limit-amount-error').waitFor();
      await am.check('credit-limit-refused');
      await page.locator('#limit-amount').fill('50,000');
      await page.locator('form[action$="/limit-requests/new"] button[type=submit]').click();
      await page.waitForURL(new RegExp(`/credit/customers/${customer.id}$`));
      expect(await page.locator('.notice-success').count()).toBe(1);
    } finally {
      await am.close();
    }

    const sm = await k.signIn(['sales_manager'], { lang });
    try {
      const { page } = sm;
      await sm.goto(`/credit/customers/${customer.id}/evaluations/new`);
      for (const [key, score] of [
        ['character', '90'],
        ['capacity', '80'],
        ['capital', '70'],
        ['collateral', '60'],
        ['conditions', '80'],
      ] as const)
        await page.locator(`#eval-scores-${key}`).fill(score);
      // The score and grade appear as the scores are typed…
      const live = page.locator('#evaluation-live');
      await expect
        .poll(() => live.textContent())
        .toMatch(en ? /Score [\d.]+: grade \w+/ : /得分 [\d.]+：等级 \w+/);
      const typed = await live.textContent();
      // …and the server, asked without script, says the same.
      await page.locator('button[name=preview]').click();
      const preview = page.locator('#evaluation-preview');
      await preview.waitFor();
      expect(await preview.textContent()).toBe(typed);
      await sm.check('credit-evaluation-preview');
      await page.locator('form[action$="/evaluations/new"] button[type=submit]:not([name])').click();
      await page.waitForURL(new RegExp(`/credit/customers/${customer.id}$`));
    } finally {
      await sm.close();
    }

    const cm = await k.signIn(['credit_manager'], { lang });
    try {
      const { page } = cm;
      await cm.goto('/credit/approvals');
      await cm.check('credit-approvals-pending');
      const approve = page
        .locator('tr', { hasText: customer.name })
        .locator('form[action$="/approve"] button');
      expect(await approve.count()).toBe(2);
      await approve.first().click();
      await page.locator('.notice-success').waitFor();
      await page
        .locator('tr', { hasText: customer.name })
        .locator('form[action$="/approve"] button')
        .first()
        .click();
      await page.locator('.notice-success').waitFor();
      expect(await page.locator('tr', { hasText: customer.name }).count()).toBe(0);

      await cm.goto(`/credit/customers/${customer.id}`);
      await page.locator('#cr-hold-note').fill(en ? 'Waiting for the bank guarantee' : '等待银行保函');
      await page.locator('form[action$="/holds"] button[type=submit]').click();
      await page.locator('.notice-success').waitFor();
      expect(await page.locator('#cr-holds ~ ul li, section[aria-labelledby=cr-holds] li').count()).toBe(1);
      await cm.check('credit-profile-held');
      await page.locator('form[action$="/release"] button[type=submit]').click();
      await page.locator('.notice-success').waitFor();
      expect(await page.locator('section[aria-labelledby=cr-holds] li').count()).toBe(0);
    } finally {
      await cm.close();
    }
  });
});
