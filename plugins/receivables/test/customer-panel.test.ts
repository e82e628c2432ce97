import { testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
// The console's cookie-keeping client over app.request(): HTML-level tests without a browser.
import { consoleTest } from '../../console/test/support.js';
import { receivablesPlugin } from '../src/index.js';

const panelOf = (html: string) => {
  const start = html.indexOf('data-panel="receivables.balance"');
  expect(start).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('</section>', start));
};

describe.each(testDatabases())('the customer page’s receivables panel on $name', (db) => {
  it('sums every open invoice per currency, however many there are', async () => {
    const ct = await consoleTest(db, [receivablesPlugin]);
    try {
      const finance = await ct.person(['finance_manager'], 'Finance');
      const customer = await ct.t.kernel.customers.create({ name: '华东冷链' }, { actor: null });
      const invoice = async (issueDate: string, currency: string, unitPrice: number) => {
        const res = await ct.t.request('/api/v1/receivables/invoices', {
          body: {
            customerId: customer.id,
            issueDate,
            termDays: 30,
            currency,
            lines: [{ description: '配送', quantity: 1, unitPrice }],
          },
        });
        if (res.status !== 201) throw new Error(await res.text());
      };
      // Today is 2026-03-01: these 101 were due 2026-02-09, the dollar one is not due yet.
      for (let i = 0; i < 101; i++) await invoice('2026-01-10', 'CNY', 1_00);
      await invoice('2026-02-25', 'USD', 5_00);

      const b = ct.browser({ 'accept-language': 'en' });
      await b.signIn(finance.email);
      expect((await b.get(`/customers/${customer.id}`)).status).toBe(200);
      const panel = panelOf(b.lastHtml);
      expect(panel).toContain('Outstanding: <strong>CN¥101.00</strong>');
      expect(panel).toContain('CN¥101.00 overdue');
      expect(panel).toContain('Outstanding: <strong>$5.00</strong>');
      expect(panel).not.toContain('$5.00 overdue');

      const zh = ct.browser({ 'accept-language': 'zh-CN' });
      await zh.signIn(finance.email);
      await zh.get(`/customers/${customer.id}`);
      expect(panelOf(zh.lastHtml)).toContain('逾期 ¥101.00');
    } finally {
      await ct.close();
    }
  }, 120_000);
});
