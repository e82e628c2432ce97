import { json, testDatabases } from '@kehu/core/testing';
import { describe, expect, it, vi } from 'vitest';
// The console's cookie-keeping client over app.request(): HTML-level tests without a browser.
import { consoleTest } from '../../console/test/support.js';
import { receivablesPlugin } from '../src/index.js';

describe.each(testDatabases())('the approvals page on $name', (db) => {
  it('names each request’s invoice, reading the invoices in one call', async () => {
    const ct = await consoleTest(db, [receivablesPlugin]);
    try {
      const finance = await ct.person(['finance_manager'], 'Finance');
      const am = await ct.person(['account_manager'], 'Owner');
      const customer = await ct.t.kernel.customers.create(
        { name: '华东冷链', ownerId: am.id },
        { actor: null },
      );
      const numbers: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await ct.t.request('/api/v1/receivables/invoices', {
          body: {
            customerId: customer.id,
            issueDate: '2026-01-10',
            termDays: 30,
            lines: [{ description: '配送', quantity: 1, unitPrice: 100_00 }],
          },
        });
        expect(res.status).toBe(201);
        const invoice = await json(res);
        numbers.push(invoice.number);
        const ext = await ct.t.request('/api/v1/receivables/extensions', {
          body: { invoiceId: invoice.id, requestedDueDate: '2026-03-20', reason: '客户资金周转' },
          token: am.token,
        });
        expect(ext.status).toBe(201);
      }

      const b = ct.browser({ 'accept-language': 'en' });
      await b.signIn(finance.email);
      const calls = vi.spyOn(ct.t.kernel.app, 'request');
      expect((await b.get('/receivables/approvals')).status).toBe(200);
      for (const n of numbers) expect(b.lastHtml).toContain(`>${n}</a>`);
      const invoiceCalls = calls.mock.calls
        .map(([input]) => String(input))
        .filter((path) => path.startsWith('/api/v1/receivables/invoices'));
      expect(invoiceCalls).toHaveLength(1);
      calls.mockRestore();
    } finally {
      await ct.close();
    }
  });
});
