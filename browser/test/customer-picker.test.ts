import { creditPlugin } from '@kehu/plugin-credit';
import { receivablesPlugin } from '@kehu/plugin-receivables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserKehu, LANGUAGES, startKehu } from '../src/harness.js';

// The form kit's customer picker in a real browser: typed pinyin lists the user's own customers (not
// another owner's), a click fills the form's customer, "change" brings the search back; no inline
// script, nothing the Content-Security-Policy refuses.

let k: BrowserKehu;
let mine: { id: string; name: string };

beforeAll(async () => {
  k = await startKehu({
    plugins: [receivablesPlugin, creditPlugin],
    async seed(kernel, kit) {
      const owner = (await kernel.users.list()).find((u) => u.email === 'wang.fang@qinghe.example')!;
      const other = await kit.person(['account_manager'], '客户经理 李雷');
      mine = await kernel.customers.create(
        { name: '漳州锦华包装', code: 'ZJH-01', ownerId: owner.id },
        { actor: null },
      );
      await kernel.customers.create({ name: '漳州锦华物流', ownerId: other.id }, { actor: null });
    },
  });
});
afterAll(() => k?.close());

describe.each(LANGUAGES)('the customer picker in %s', (lang) => {
  it('finds a visible customer by pinyin and fills the form with it', async () => {
    // The demo account manager, who owns the first customer and not the second.
    const s = await k.signIn(['account_manager'], { lang });
    try {
      const { page } = s;
      await s.goto('/receivables/statements/new');
      await page.locator('#stmt-customerId').pressSequentially('zhangzhoujinhua');
      const choice = page.locator('#stmt-customerId-results button');
      await choice.first().waitFor();
      expect(await choice.count()).toBe(1);
      expect(await choice.first().textContent()).toContain('漳州锦华包装');
      await s.check('customer-picker-results');
      await choice.first().click();
      await page.locator('output#stmt-customerId').waitFor();
      expect(await page.locator('input[type=hidden][name=customerId]').inputValue()).toBe(mine.id);
      await s.check('customer-picker-chosen');
      // "Change" brings the search back, empty.
      await page.locator('#stmt-customerId-control a').click();
      await page.locator('input#stmt-customerId').waitFor();
      expect(await page.locator('input#stmt-customerId').inputValue()).toBe('');
      s.expectCleanConsole();
    } finally {
      await s.close();
    }
  });
});
