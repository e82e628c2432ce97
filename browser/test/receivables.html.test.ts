import { json, testDatabases } from '@kehu/core/testing';
import { creditPlugin } from '@kehu/plugin-credit';
import { receivablesPlugin } from '@kehu/plugin-receivables';
import { describe, expect, it } from 'vitest';
// The console's cookie-keeping client over app.request(): HTML-level tests without a browser.
import { consoleTest } from '../../plugins/console/test/support.js';

const EVIL = '<script>alert(1)</script> 商贸';

describe.each(testDatabases())('receivables console pages on $name', (db) => {
  const setup = async (withCredit = false) => {
    const ct = await consoleTest(db, withCredit ? [receivablesPlugin, creditPlugin] : [receivablesPlugin]);
    const finance = await ct.person(['finance_manager'], 'Finance');
    const am = await ct.person(['account_manager'], 'Owner');
    const other = await ct.person(['account_manager'], 'Other');
    const customer = await ct.t.kernel.customers.create({ name: EVIL, ownerId: am.id }, { actor: null });
    if (withCredit) return { ct, finance, am, other, customer, invoice: null };
    const created = await ct.t.request('/api/v1/receivables/invoices', {
      body: {
        customerId: customer.id,
        issueDate: '2026-01-10',
        termDays: 30,
        currency: 'CNY',
        lines: [{ description: '冷链配送', quantity: 2, unitPrice: 1_234_50 }],
      },
    });
    if (created.status !== 201) throw new Error(await created.text());
    const invoice = await json(created);
    return { ct, finance, am, other, customer, invoice };
  };

  it('lists invoices, shows one, and draws the ageing chart, in both languages with names inert', async () => {
    const { ct, finance, invoice } = await setup();
    try {
      const b = ct.browser({ 'accept-language': 'zh-CN' });
      await b.signIn(finance.email);
      expect((await b.get('/receivables/invoices')).status).toBe(200);
      expect(b.lastHtml).toContain('<h1>发票</h1>');
      expect(b.lastHtml).toContain(invoice.number);
      expect(b.lastHtml).toContain('¥2,469.00');
      expect(b.lastHtml).not.toContain('<script>alert(1)');
      expect(b.lastHtml).toContain('&lt;script&gt;alert(1)&lt;/script&gt; 商贸');

      expect((await b.get(`/receivables/invoices/${invoice.id}`)).status).toBe(200);
      expect(b.lastHtml).toContain('冷链配送');
      expect(b.lastHtml).toContain('¥1,234.50');

      // 2026-03-01 on the test clock: due 2026-02-09, so 1–30 days overdue.
      expect((await b.get('/receivables/ageing')).status).toBe(200);
      expect(b.lastHtml).toContain('按账龄的未收款（CNY）</title>');
      expect(b.lastHtml).toMatch(/<th scope="row">逾期 1-30 天<\/th><td class="num">¥2,469.00<\/td>/);
      expect(b.lastHtml).not.toMatch(/<svg[^>]*style=/);

      const en = ct.browser({ 'accept-language': 'en' });
      await en.signIn(finance.email);
      await en.get('/receivables/invoices');
      expect(en.lastHtml).toContain('<h1>Invoices</h1>');
      expect(en.lastHtml).toContain('CN¥2,469.00');
    } finally {
      await ct.close();
    }
  });

  it('answers 404 for an invoice of a customer the user may not see and lists none of theirs', async () => {
    const { ct, other, invoice } = await setup();
    try {
      const b = ct.browser({ 'accept-language': 'en' });
      await b.signIn(other.email);
      expect((await b.get(`/receivables/invoices/${invoice.id}`)).status).toBe(404);
      expect((await b.get('/receivables/invoices/nonexistent')).status).toBe(404);
      await b.get('/receivables/invoices');
      expect(b.lastHtml).not.toContain(invoice.number);
    } finally {
      await ct.close();
    }
  });

  it('shows a credit refusal with its reason and figures beside the kept input, and creates nothing', async () => {
    // Credit sales need a credit profile with an approved limit; this customer has neither.
    const { ct, am, customer } = await setup(true);
    try {
      const b = ct.browser({ 'accept-language': 'en' });
      await b.signIn(am.email);
      expect((await b.get(`/receivables/invoices/new?customerId=${customer.id}`)).status).toBe(200);
      const res = await b.post('/receivables/invoices/new', {
        customerId: customer.id,
        currency: 'CNY',
        description: 'Cold-chain pallets',
        quantity: '3',
        unitPrice: '1,000.00',
      });
      expect(res.status).toBe(422);
      expect(b.lastHtml).toContain('The invoice was not created');
      expect(b.lastHtml).toMatch(/<dt>This invoice<\/dt><dd>CN¥3,000.00<\/dd>/);
      expect(b.lastHtml).toMatch(/<dt>Available<\/dt><dd>CN¥0.00<\/dd>/);
      expect(b.lastHtml).toContain('<li>The customer has no credit profile');
      expect(b.lastHtml).toContain('value="Cold-chain pallets"');
      const list = await json(await ct.t.request(`/api/v1/receivables/invoices?customerId=${customer.id}`));
      expect(list.items).toHaveLength(0);

      // Without the CSRF token nothing is posted at all.
      expect(
        (await b.post('/receivables/invoices/new', { customerId: customer.id }, { csrf: null })).status,
      ).toBe(403);
    } finally {
      await ct.close();
    }
  });

  it('creates an invoice from the form and shows its page', async () => {
    const { ct, am, customer } = await setup();
    try {
      const b = ct.browser({ 'accept-language': 'zh-CN' });
      await b.signIn(am.email);
      await b.get(`/customers/${customer.id}`);
      expect(b.lastHtml).toContain('data-panel="receivables.balance"');
      expect(b.lastHtml).toContain('¥2,469.00');
      await b.get(`/receivables/invoices/new?customerId=${customer.id}`);
      const res = await b.post('/receivables/invoices/new', {
        customerId: customer.id,
        currency: 'CNY',
        termDays: '20',
        description: '保温箱',
        quantity: '10',
        unitPrice: '88.8',
      });
      if (res.status !== 303) throw new Error(b.lastHtml.slice(b.lastHtml.indexOf('<main')));
      const page = await b.get(res.headers.get('location')!);
      expect(page.status).toBe(200);
      expect(b.lastHtml).toContain('保温箱');
      expect(b.lastHtml).toContain('¥888.00');
    } finally {
      await ct.close();
    }
  });
});
