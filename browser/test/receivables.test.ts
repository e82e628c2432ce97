import { creditPlugin } from '@kehu/plugin-credit';
import { receivablesPlugin } from '@kehu/plugin-receivables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserKehu, LANGUAGES, startKehu } from '../src/harness.js';

let k: BrowserKehu;
/** A customer of the demo account manager 王芳 without a credit profile: credit refuses its invoices. */
let unrated: { id: string; name: string };

beforeAll(async () => {
  k = await startKehu({
    plugins: [receivablesPlugin, creditPlugin],
    async seed(kernel) {
      const owner = (await kernel.users.list()).find((u) => u.email === 'wang.fang@qinghe.example')!;
      unrated = await kernel.customers.create(
        { name: '厦门新客试单有限公司', ownerId: owner.id },
        { actor: null },
      );
    },
  });
});
afterAll(() => k?.close());

describe.each(LANGUAGES)('receivables pages in %s', (lang) => {
  it('shows invoices, an invoice, payments, the ageing chart and statements to finance', async () => {
    const s = await k.signIn(['finance_manager'], { lang });
    try {
      await s.goto('/receivables/invoices');
      expect(await s.page.locator('tbody tr').count()).toBeGreaterThan(0);
      await s.check('receivables-invoices');
      await s.page.locator('tbody tr a[href^="/receivables/invoices/"]').first().click();
      await s.page.waitForURL(/\/receivables\/invoices\/[^/]+$/);
      await s.check('receivables-invoice');
      await s.goto('/receivables/payments');
      await s.check('receivables-payments');
      await s.goto('/receivables/ageing');
      expect(await s.page.locator('figure.chart svg[role=img]').count()).toBeGreaterThan(0);
      await s.page.locator('figure.chart summary').first().click();
      expect(await s.page.locator('figure.chart table').first().isVisible()).toBe(true);
      await s.check('receivables-ageing');
      await s.goto('/receivables/statements');
      await s.check('receivables-statements');
    } finally {
      await s.close();
    }
  });

  it('creates an invoice that credit refuses and reads the reason and figures', async () => {
    const am = await k.person(['account_manager']);
    const s = await k.signIn(am, { lang });
    try {
      await s.goto(`/customers/${unrated.id}`);
      await s.page.locator('[data-panel="receivables.balance"] a[href*="/invoices/new"]').click();
      await s.page.waitForURL(/\/receivables\/invoices\/new/);
      await s.page.locator('input[name=description]').fill(lang === 'en' ? 'Trial order' : '试单');
      await s.page.locator('input[name=unitPrice]').fill('5000');
      await s.page.locator('form[action="/receivables/invoices/new"] button[type=submit]').click();
      const refusal = s.page.locator('#invoice-refusal');
      await expect.poll(() => refusal.count()).toBe(1);
      expect(await refusal.textContent()).toContain(lang === 'en' ? 'no credit profile' : '没有信用档案');
      expect(await s.page.locator('input[name=unitPrice]').inputValue()).toBe('5000');
      await s.check('receivables-invoice-refused');
    } finally {
      await s.close();
    }
  });
});
