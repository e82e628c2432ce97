import { receivablesPlugin } from '@kehu/plugin-receivables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserKehu, LANGUAGES, startKehu } from '../src/harness.js';

// The form kit's customer picker in a real browser: typed pinyin lists the user's own customers (not
// another owner's), a click fills the form's customer, "change" brings the search back; no inline
// script, nothing the Content-Security-Policy refuses. On the payment form, picking another customer
// draws that customer's open invoices for the allocation.

let k: BrowserKehu;
let mine: { id: string; name: string };
let other: { id: string; name: string };
const invoices = new Map<string, { id: string; number: string }>();

beforeAll(async () => {
  k = await startKehu({
    plugins: [receivablesPlugin],
    async seed(kernel, kit) {
      const owner = (await kernel.users.list()).find((u) => u.email === 'wang.fang@qinghe.example')!;
      const colleague = await kit.person(['account_manager'], '客户经理 李雷');
      mine = await kernel.customers.create(
        { name: '漳州锦华包装', code: 'ZJH-01', ownerId: owner.id },
        { actor: null },
      );
      await kernel.customers.create({ name: '漳州锦华物流', ownerId: colleague.id }, { actor: null });
      other = await kernel.customers.create({ name: '厦门海拓贸易', ownerId: owner.id }, { actor: null });
      const finance = await kit.person(['finance_manager'], '财务 陈静');
      const token = (await kernel.users.createToken(finance.id, 'seed')).token;
      for (const [c, unitPrice] of [
        [mine, 1_200_00],
        [other, 3_400_00],
      ] as const) {
        const res = await kernel.app.request('/api/v1/receivables/invoices', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({
            customerId: c.id,
            issueDate: '2026-02-10',
            termDays: 30,
            currency: 'CNY',
            lines: [{ description: '包装材料', quantity: 1, unitPrice }],
          }),
        });
        if (res.status !== 201) throw new Error(await res.text());
        invoices.set(c.id, (await res.json()) as { id: string; number: string });
      }
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

  it('draws the payment form’s invoices again for the customer picked', async () => {
    const s = await k.signIn(['finance_manager'], { lang });
    try {
      const { page } = s;
      const [mineInvoice, otherInvoice] = [invoices.get(mine.id)!, invoices.get(other.id)!];
      await s.goto(`/receivables/payments/new?customerId=${mine.id}&currency=CNY`);
      const option = (id: string) => page.locator(`#pay-invoiceId option[value="${id}"]`);
      expect(await option(mineInvoice.id).count()).toBe(1);
      expect(await option(otherInvoice.id).count()).toBe(0);

      // Another customer, by pinyin: the allocation now offers that customer's invoices.
      await page.locator('#pay-customerId-control a').click();
      await page.locator('input#pay-customerId').pressSequentially('xiamenhaituo');
      await page.locator('#pay-customerId-results button').first().click();
      await page.locator('output#pay-customerId').waitFor();
      await option(otherInvoice.id).waitFor({ state: 'attached' });
      expect(await option(mineInvoice.id).count()).toBe(0);
      await s.check('payment-picker-invoices');

      await page.locator('#pay-invoiceId').selectOption(otherInvoice.id);
      await page.locator('#pay-amount').fill('500');
      await page.locator('form[action="/receivables/payments/new"] button[type=submit]').click();
      await page.waitForURL(/\/receivables\/payments\/[^/]+$/);
      expect(await page.locator('main').textContent()).toContain(otherInvoice.number);
      expect(await page.locator('main').textContent()).toContain('厦门海拓贸易');
      s.expectCleanConsole();
    } finally {
      await s.close();
    }
  });
});
