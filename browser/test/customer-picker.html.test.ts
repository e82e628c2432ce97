import { json, testDatabases } from '@kehu/core/testing';
import { creditPlugin } from '@kehu/plugin-credit';
import { receivablesPlugin } from '@kehu/plugin-receivables';
import { describe, expect, it } from 'vitest';
// The console's cookie-keeping client over app.request(): HTML-level tests without a browser.
import { consoleTest } from '../../plugins/console/test/support.js';

// The form kit's customer picker: a search among the customers the user may see (name, code, pinyin),
// a choice that fills the id, and the plain id field without script; what of a form follows the
// customer (a payment's invoices) drawn again for the customer chosen.

const main = (html: string) => html.slice(html.indexOf('<main'));
const PICKER = '/customers/picker?field=pay-customerId&name=customerId';

describe.each(testDatabases())('the customer picker on $name', (db) => {
  const setup = async () => {
    const ct = await consoleTest(db, [receivablesPlugin, creditPlugin]);
    const am = await ct.person(['account_manager'], 'Owner');
    const finance = await ct.person(['finance_manager'], 'Finance');
    const other = await ct.person(['account_manager'], 'Other');
    const mine = await ct.t.kernel.customers.create(
      { name: '青禾食品有限公司', code: 'QH-001', ownerId: am.id },
      { actor: null },
    );
    const evil = await ct.t.kernel.customers.create(
      { name: '青禾<script>alert(1)</script>"><img src=x onerror=alert(1)>', ownerId: am.id },
      { actor: null },
    );
    const theirs = await ct.t.kernel.customers.create(
      { name: '青禾物流', code: 'QH-900', ownerId: other.id },
      { actor: null },
    );
    return { ct, am, finance, other, mine, evil, theirs };
  };

  it('lists only visible customers by name, code or pinyin, escaped, and fills the id of the one chosen', async () => {
    const { ct, am, mine, evil, theirs } = await setup();
    try {
      const b = ct.browser({ 'accept-language': 'zh-CN' });
      await b.signIn(am.email);
      for (const q of ['青禾', 'qinghe', 'qh-001', 'QHSP']) {
        const res = await b.get(`${PICKER}&customerId=${encodeURIComponent(q)}`, { 'hx-request': 'true' });
        expect(res.status).toBe(200);
        expect(b.lastHtml).toContain(`choose=${mine.id}`);
        expect(b.lastHtml).not.toContain(theirs.id);
        expect(b.lastHtml).not.toContain('青禾物流');
      }
      await b.get(`${PICKER}&customerId=${encodeURIComponent('青禾')}`, { 'hx-request': 'true' });
      expect(b.lastHtml).toContain(`choose=${evil.id}`);
      expect(b.lastHtml).not.toContain('<script>');
      expect(b.lastHtml).not.toContain('<img');
      expect(b.lastHtml).toContain('hx-target="#pay-customerId-control"');

      // Another owner's customer is found by no search.
      await b.get(`${PICKER}&customerId=${encodeURIComponent('物流')}`, { 'hx-request': 'true' });
      expect(b.lastHtml).toContain('没有匹配的可见客户。');
      expect(b.lastHtml).not.toContain(theirs.id);

      // Choosing puts the id in the form, shown by name.
      await b.get(`${PICKER}&choose=${mine.id}`, {
        'hx-request': 'true',
        'hx-current-url': `http://localhost/receivables/payments/new?customerId=x&currency=CNY`,
      });
      expect(b.lastHtml).toContain(`<input type="hidden" name="customerId" value="${mine.id}"/>`);
      expect(b.lastHtml).toContain('<output id="pay-customerId" class="picker-chosen">青禾食品有限公司');
      expect(b.lastHtml).toContain('href="/receivables/payments/new?currency=CNY"');
      // A hidden customer chosen by a forged request answers as one that does not exist.
      await b.get(`${PICKER}&choose=${theirs.id}`, { 'hx-request': 'true' });
      const hidden = b.lastHtml;
      await b.get(`${PICKER}&choose=nonexistent`, { 'hx-request': 'true' });
      expect(b.lastHtml).toBe(hidden);
      expect(hidden).not.toContain('青禾物流');
      expect(hidden).toContain('name="customerId"');

      // The field's id and name must be names, not markup.
      expect((await b.get('/customers/picker?field="><b>&name=customerId&customerId=qh')).status).toBe(400);
      // Signed out, the picker answers nothing but the way to sign in.
      const anonymous = ct.browser();
      expect((await anonymous.get(`${PICKER}&customerId=qinghe`)).status).toBe(303);
    } finally {
      await ct.close();
    }
  });

  it('is the plain id field without script, and names a customer in the form only when it is visible', async () => {
    const { ct, am, finance, mine, theirs } = await setup();
    try {
      const b = ct.browser({ 'accept-language': 'en' });
      await b.signIn(am.email);
      await b.get('/receivables/statements/new');
      const field = /<input id="stmt-customerId" name="customerId"[^>]*>/.exec(main(b.lastHtml))?.[0] ?? '';
      expect(field).toContain('required');
      expect(field).toContain('hx-get="/customers/picker?field=stmt-customerId&amp;name=customerId"');
      expect(b.lastHtml).toContain('<label for="stmt-customerId">Customer</label>');

      await b.get(`/receivables/statements/new?customerId=${mine.id}`);
      expect(main(b.lastHtml)).toContain(`<input type="hidden" name="customerId" value="${mine.id}"/>`);
      expect(main(b.lastHtml)).toContain('青禾食品有限公司');

      await b.get(`/receivables/statements/new?customerId=${theirs.id}`);
      expect(main(b.lastHtml)).not.toContain('青禾物流');
      expect(main(b.lastHtml)).toContain(
        `<input id="stmt-customerId" name="customerId" value="${theirs.id}"`,
      );

      // The plan and invoice forms, and finance's payment form, take the customer the same way.
      for (const [path, id] of [
        ['/receivables/plans/new', 'plan-customerId'],
        ['/receivables/invoices/new', 'rcv-customerId'],
      ]) {
        await b.get(path!);
        expect(b.lastHtml).toContain(`hx-get="/customers/picker?field=${id}&amp;name=customerId"`);
      }
      const f = ct.browser({ 'accept-language': 'en' });
      await f.signIn(finance.email);
      await f.get('/receivables/payments/new');
      expect(f.lastHtml).toContain('hx-get="/customers/picker?field=pay-customerId&amp;name=customerId"');

      // Posted without script, the typed id is what the API judges: another owner's customer is
      // refused, and its name appears nowhere.
      await b.get('/receivables/statements/new');
      const refused = await b.post('/receivables/statements/new', {
        customerId: theirs.id,
        period: '2026-02',
        currency: 'CNY',
      });
      expect([404, 422]).toContain(refused.status);
      expect(b.lastHtml).not.toContain('青禾物流');
    } finally {
      await ct.close();
    }
  });

  it('draws the payment form’s invoices again for the customer chosen; without script, before recording', async () => {
    // Receivables alone: without credit, invoices need no credit profile.
    const ct = await consoleTest(db, [receivablesPlugin]);
    try {
      const finance = await ct.person(['finance_manager'], 'Finance');
      const am = await ct.person(['account_manager'], 'Owner');
      const customer = (name: string) =>
        ct.t.kernel.customers.create({ name, ownerId: am.id }, { actor: null });
      const [first, second] = [await customer('青禾食品有限公司'), await customer('漳州锦华包装')];
      const invoice = async (customerId: string, currency: string, unitPrice: number) => {
        const res = await ct.t.request('/api/v1/receivables/invoices', {
          body: {
            customerId,
            issueDate: '2026-02-10',
            termDays: 30,
            currency,
            lines: [{ description: '配送', quantity: 1, unitPrice }],
          },
        });
        if (res.status !== 201) throw new Error(await res.text());
        return json(res);
      };
      const firstInvoice = await invoice(first.id, 'CNY', 1_000_00);
      const secondInvoice = await invoice(second.id, 'CNY', 2_000_00);
      const secondInUsd = await invoice(second.id, 'USD', 300_00);
      const part = (html: string) => {
        const at = html.indexOf('<div id="pay-invoices"');
        return at < 0 ? '' : html.slice(at, html.indexOf('</select>', at));
      };

      const b = ct.browser({ 'accept-language': 'en' });
      await b.signIn(finance.email);
      await b.get(`/receivables/payments/new?customerId=${first.id}&currency=CNY`);
      const offered = part(main(b.lastHtml));
      expect(offered).toContain(`<option value="${firstInvoice.id}"`);
      expect(offered).not.toContain(secondInvoice.id);
      // The invoices follow the picker (and the currency), drawn again from this page by htmx.
      expect(offered).toContain(
        'hx-trigger="customer-picked-pay-customerId from:body, change from:#pay-currency"',
      );
      expect(offered).toContain('hx-include="#pay-customerId-control, #pay-currency"');
      expect(offered).toContain('hx-get="/receivables/payments/new" ');
      expect(offered).toContain('hx-select="#pay-invoices" hx-swap="outerHTML"');
      expect(offered).toContain(`<input type="hidden" name="pay-invoices-for" value="CNY/${first.id}"/>`);

      // Choosing another customer says so to the page; the part's request then lists that
      // customer's invoices in the currency, and says it was drawn for them.
      const chosen = await b.get(`${PICKER}&choose=${second.id}`, { 'hx-request': 'true' });
      expect(chosen.headers.get('hx-trigger-after-settle')).toBe('customer-picked-pay-customerId');
      expect(
        (await b.get(`${PICKER}&customerId=qinghe`, { 'hx-request': 'true' })).headers.has(
          'hx-trigger-after-settle',
        ),
      ).toBe(false);
      await b.get(`/receivables/payments/new?customerId=${second.id}&currency=CNY`, { 'hx-request': 'true' });
      const redrawn = part(b.lastHtml);
      expect(redrawn).toContain(`<option value="${secondInvoice.id}"`);
      expect(redrawn).not.toContain(firstInvoice.id);
      expect(redrawn).not.toContain(secondInUsd.id);
      expect(redrawn).toContain(`value="CNY/${second.id}"`);
      await b.get(`/receivables/payments/new?customerId=${second.id}&currency=USD`, { 'hx-request': 'true' });
      expect(part(b.lastHtml)).toContain(`<option value="${secondInUsd.id}"`);

      // Without script: sent for the second customer while it offered the first's invoices, the form
      // comes back with the second's, says why, and records nothing.
      await b.get(`/receivables/payments/new?customerId=${first.id}&currency=CNY`);
      const form = {
        customerId: second.id,
        currency: 'CNY',
        amount: '500',
        date: '2026-02-28',
        method: 'bank_transfer',
        invoiceId: firstInvoice.id,
        'pay-invoices-for': `CNY/${first.id}`,
      };
      expect((await b.post('/receivables/payments/new', form)).status).toBe(200);
      const shown = main(b.lastHtml);
      expect(shown).toContain('id="pay-invoices-changed">The customer changed');
      expect(part(shown)).toContain(`<option value="${secondInvoice.id}"`);
      expect(part(shown)).not.toContain(firstInvoice.id);
      expect(shown).toContain('value="500"');
      expect(shown).toContain('漳州锦华包装');
      const payments = (id: string) =>
        ct.t.request(`/api/v1/receivables/payments?customerId=${id}`).then(json);
      expect((await payments(second.id)).items).toHaveLength(0);
      expect((await payments(first.id)).items).toHaveLength(0);

      // Sent again as shown, with one of the second customer's invoices: recorded against it.
      const recorded = await b.post('/receivables/payments/new', {
        ...form,
        invoiceId: secondInvoice.id,
        'pay-invoices-for': `CNY/${second.id}`,
      });
      expect(recorded.status).toBe(303);
      expect((await payments(second.id)).items).toHaveLength(1);
      expect(
        (await ct.t.request(`/api/v1/receivables/invoices/${secondInvoice.id}`).then(json)).outstanding,
      ).toBe(1_500_00);
    } finally {
      await ct.close();
    }
  });
});
