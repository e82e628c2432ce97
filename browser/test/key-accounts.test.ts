import { keyAccountsPlugin } from '@kehu/plugin-key-accounts';
import { receivablesPlugin } from '@kehu/plugin-receivables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserKehu, LANGUAGES, startKehu } from '../src/harness.js';

let k: BrowserKehu;
beforeAll(async () => {
  k = await startKehu({ plugins: [receivablesPlugin, keyAccountsPlugin] });
});
afterAll(() => k?.close());

describe.each(LANGUAGES)('key-account pages in %s', (lang) => {
  it('shows the ABC report with the Pareto chart, the key-account list, an account page with its entitlements and their form, and the scorecards', async () => {
    const s = await k.signIn(['sales_manager'], { lang });
    try {
      await s.goto('/key-accounts/abc');
      expect(await s.page.locator('figure.chart svg[role=img]').count()).toBe(1);
      await s.page.locator('figure.chart summary').first().click();
      expect(await s.page.locator('figure.chart table').first().isVisible()).toBe(true);
      await s.check('key-accounts-abc');
      await s.page.locator('nav.subnav a[href="/key-accounts/accounts"]').click();
      await s.page.waitForURL(/\/key-accounts\/accounts$/);
      expect(await s.page.locator('nav.subnav a[aria-current=page]').getAttribute('href')).toBe(
        '/key-accounts/accounts',
      );
      expect(await s.page.locator('tbody tr').count()).toBe(3);
      await s.check('key-accounts-list');
      await s.page.locator('tbody tr a[href^="/key-accounts/customers/"]').first().click();
      await s.page.waitForURL(/\/key-accounts\/customers\/[^/]+$/);
      expect(await s.page.locator('#ka-coverage').count()).toBe(1);
      expect(await s.page.locator('#ka-team + ul li').count()).toBeGreaterThan(0);
      expect(await s.page.locator('#ka-entitlements tbody tr').count()).toBeGreaterThan(0);
      await s.check('key-accounts-account');
      await s.page.locator('a[href$="/entitlements/new"]').click();
      await s.page.waitForURL(/\/entitlements\/new$/);
      expect(await s.page.locator('#entitlement-kind option').count()).toBe(6);
      await s.check('key-accounts-entitlement-form');
      await s.goto('/key-accounts/scorecards');
      expect(await s.page.locator('tbody tr').count()).toBeGreaterThan(0);
      await s.check('key-accounts-scorecards');
    } finally {
      await s.close();
    }
  });
});
