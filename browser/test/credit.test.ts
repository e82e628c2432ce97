import { creditPlugin } from '@kehu/plugin-credit';
import { receivablesPlugin } from '@kehu/plugin-receivables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserKehu, LANGUAGES, startKehu } from '../src/harness.js';

let k: BrowserKehu;
beforeAll(async () => {
  k = await startKehu({ plugins: [receivablesPlugin, creditPlugin] });
});
afterAll(() => k?.close());

describe.each(LANGUAGES)('credit pages in %s', (lang) => {
  it('shows approvals, a customer’s credit panel and its credit profile', async () => {
    const s = await k.signIn(['credit_manager'], { lang });
    try {
      await s.goto('/credit/approvals');
      await s.check('credit-approvals');
      const customers = (await (await k.t.request('/api/v1/customers?limit=1')).json()) as {
        items: { id: string }[];
      };
      const id = customers.items[0]!.id;
      await s.goto(`/customers/${id}`);
      const panel = s.page.locator('[data-panel="credit.profile"]');
      expect(await panel.count()).toBe(1);
      await panel.locator('a').last().click();
      await s.page.waitForURL(`**/credit/customers/${id}`);
      expect(await s.page.locator('h1').textContent()).toBeTruthy();
      await s.check('credit-profile');
    } finally {
      await s.close();
    }
  });
});
