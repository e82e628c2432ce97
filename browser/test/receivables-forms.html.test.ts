import { json, testDatabases } from '@kehu/core/testing';
import { receivablesPlugin } from '@kehu/plugin-receivables';
import { describe, expect, it } from 'vitest';
// The console's cookie-keeping client over app.request(): HTML-level tests without a browser.
import { consoleTest } from '../../plugins/console/test/support.js';

// The receivables action forms: what a finance user or an account manager does from a page, the API's
// refusal shown beside the field it names, and nothing changed by a refused or forged post.

const main = (html: string) => html.slice(html.indexOf('<main'));

describe.each(testDatabases())('receivables forms on $name', (db) => {
  /** Today on the test clock is 2026-03-01: the invoice of 2026-01-10 on 30 days is overdue since 02-09. */
  const setup = async () => {
    const ct = await consoleTest(db, [receivablesPlugin]);
    const finance = await ct.person(['finance_manager'], 'Finance');
    const finance2 = await ct.person(['finance_manager'], 'Finance two');
    const am = await ct.person(['account_manager'], 'Owner');
    const other = await ct.person(['account_manager'], 'Other');
    const customer = await ct.t.kernel.customers.create(
      { name: '华东冷链 "><img src=x onerror=alert(1)>', ownerId: am.id },
      { actor: null },
    );
    const invoice = async (issueDate: string, unitPrice: number) => {
      const res = await ct.t.request('/api/v1/receivables/invoices', {
        body: {
          customerId: customer.id,
          issueDate,
          termDays: 30,
          currency: 'CNY',
          lines: [{ description: '冷链配送', quantity: 1, unitPrice }],
        },
      });
      if (res.status !== 201) throw new Error(await res.text());
      return json(res);
    };
    const overdue = await invoice('2026-01-10', 2_469_00);
    const api = (path: string) => ct.t.request(`/api/v1/receivables${path}`).then(json);
    return { ct, finance, finance2, am, other, customer, overdue, invoice, api };
  };

  it('records a payment from the form, shows the refusal beside the amount, and allocates the credit left', async () => {
    const { ct, finance, customer, overdue, invoice, api } = await setup();
    try {
      const b = ct.browser({ 'accept-language': 'zh-CN' });
      await b.signIn(finance.email);
      await b.get(`/receivables/invoices/${overdue.id}`);
      expect(b.lastHtml).toContain(`/receivables/payments/new?customerId=${customer.id}`);
      await b.get(`/receivables/payments/new?customerId=${customer.id}&currency=CNY&invoiceId=${overdue.id}`);
      expect(b.lastHtml).toContain(`<option value="${overdue.id}" selected>`);

      // Not an amount: the API's schema refuses the field, the page says so beside it, nothing is recorded.
      const bad = { customerId: customer.id, currency: 'CNY', date: '2026-02-28', method: 'bank_transfer' };
      const refused = await b.post('/receivables/payments/new', { ...bad, amount: '12.345', invoiceId: '' });
      expect(refused.status).toBe(422);
      expect(main(b.lastHtml)).toMatch(/id="pay-amount"[^>]*aria-invalid="true"/);
      expect(b.lastHtml).toContain('id="pay-amount-error">请填写有效的值</div>');
      expect(b.lastHtml).toContain('value="12.345"');
      expect((await api(`/payments?customerId=${customer.id}`)).items).toHaveLength(0);

      // A payment larger than the invoice: the rest stays as the customer's credit balance.
      const ok = await b.post('/receivables/payments/new', { ...bad, amount: '3,000.00', invoiceId: '' });
      expect(ok.status).toBe(303);
      await b.get(ok.headers.get('location')!);
      expect(b.lastHtml).toMatch(/收款 [^ ]+ 已登记。/);
      expect(b.lastHtml).toContain('<strong id="pay-unallocated">¥531.00</strong>');
      expect(b.lastHtml).toContain(overdue.number);

      const next = await invoice('2026-02-20', 400_00);
      const paymentPath = ok.headers.get('location')!;
      await b.get(paymentPath);
      const allocated = await b.post(`${paymentPath}/allocate`, { invoiceId: next.id, amount: '400' });
      expect(allocated.status).toBe(303);
      await b.get(paymentPath);
      expect(b.lastHtml).toContain('<strong id="pay-unallocated">¥131.00</strong>');
      expect((await api(`/invoices/${next.id}`)).status).toBe('paid');

      // A forged post without the form's token changes nothing.
      expect((await b.post(`${paymentPath}/reverse`, { reason: 'x' }, { csrf: null })).status).toBe(403);
      expect((await api(`/invoices/${next.id}`)).status).toBe('paid');
    } finally {
      await ct.close();
    }
  });

  it('answers the same 404 page for a payment of an invisible customer and a nonexistent one', async () => {
    const { ct, finance, other, customer, overdue } = await setup();
    try {
      const res = await ct.t.request('/api/v1/receivables/payments', {
        token: finance.token,
        body: { customerId: customer.id, amount: 100, currency: 'CNY', date: '2026-02-28', method: 'cash' },
      });
      const payment = await json(res);
      const b = ct.browser({ 'accept-language': 'en' });
      await b.signIn(other.email);
      const hidden = await b.get(`/receivables/payments/${payment.id}`);
      const hiddenHtml = main(b.lastHtml);
      const missing = await b.get('/receivables/payments/no-such-payment');
      expect(hidden.status).toBe(404);
      expect(missing.status).toBe(404);
      expect(hiddenHtml).toContain('<h1>');
      expect(hiddenHtml).toBe(main(b.lastHtml));
      expect(hiddenHtml).not.toContain(payment.number);
      // Nor may they act on the customer's invoices: the same 404 page again, and nothing requested.
      await b.get('/receivables/invoices');
      const posted = await b.post('/receivables/extensions/new', {
        invoiceId: overdue.id,
        requestedDueDate: '2026-03-20',
        reason: 'x',
      });
      expect(posted.status).toBe(404);
      expect(main(b.lastHtml)).toBe(hiddenHtml);
      expect((await json(await ct.t.request('/api/v1/receivables/extensions'))).items).toHaveLength(0);
    } finally {
      await ct.close();
    }
  });

  it('issues a credit note, refusing one larger than what is outstanding beside the amount', async () => {
    const { ct, finance, overdue, api } = await setup();
    try {
      const b = ct.browser({ 'accept-language': 'en' });
      await b.signIn(finance.email);
      await b.get(`/receivables/credit-notes/new?invoiceId=${overdue.id}`);
      const tooMuch = await b.post('/receivables/credit-notes/new', {
        invoiceId: overdue.id,
        amount: '9,999.00',
        kind: 'return',
        reason: '退货 3 箱',
      });
      expect(tooMuch.status).toBe(422);
      expect(main(b.lastHtml)).toMatch(/id="inv-amount-error">[^<]+/);
      expect(b.lastHtml).toContain('value="9,999.00"');
      const ok = await b.post('/receivables/credit-notes/new', {
        invoiceId: overdue.id,
        amount: '469.00',
        kind: 'return',
        reason: '退货 3 箱',
      });
      expect(ok.status).toBe(303);
      await b.get(ok.headers.get('location')!);
      expect(b.lastHtml).toMatch(/Credit note [^ ]+ was issued\./);
      expect(b.lastHtml).toMatch(/id="rcv-credit-notes">[\s\S]*CN¥469.00 · 退货 3 箱/);
      expect((await api(`/invoices/${overdue.id}`)).outstanding).toBe(2_000_00);
    } finally {
      await ct.close();
    }
  });

  it('generates a statement, sends it with a one-time link, records disputed items and resolves one', async () => {
    const { ct, finance, customer, api } = await setup();
    try {
      const b = ct.browser({ 'accept-language': 'zh-CN' });
      await b.signIn(finance.email);
      await b.get(`/receivables/statements/new?customerId=${customer.id}`);
      const future = await b.post('/receivables/statements/new', {
        customerId: customer.id,
        period: '2026-09',
      });
      expect(future.status).toBe(422);
      expect(b.lastHtml).toContain('id="stmt-period-error"');
      const made = await b.post('/receivables/statements/new', {
        customerId: customer.id,
        period: '2026-01',
      });
      expect(made.status).toBe(303);
      const path = made.headers.get('location')!;
      await b.get(path);
      expect(b.lastHtml).toContain('对账单已生成。');
      expect(b.lastHtml).toContain('¥2,469.00');

      const sent = await b.post(`${path}/send`, {});
      expect(sent.status).toBe(200);
      expect(sent.headers.get('cache-control')).toBe('no-store');
      expect(b.lastHtml).toMatch(
        /<code>http:\/\/localhost\/api\/v1\/receivables\/public\/statements\/[A-Za-z0-9_-]{20,}<\/code>/,
      );

      // A dispute row without its reason: refused beside that field, nothing recorded.
      const bad = await b.post(`${path}/dispute`, {
        signedBy: '李会计',
        'items.0.amount': '120',
        'items.0.kind': 'fee',
        'items.0.reason': '',
      });
      expect(bad.status).toBe(422);
      expect(b.lastHtml).toMatch(/id="dispute-items-0-reason"[^>]*aria-invalid="true"/);
      expect((await api(`/statements/${path.split('/').pop()}`)).status).toBe('sent');

      const disputed = await b.post(`${path}/dispute`, {
        signedBy: '李会计',
        'items.0.amount': '120',
        'items.0.kind': 'fee',
        'items.0.reason': '运费未冲减',
        'items.1.amount': '',
        'items.1.kind': 'fee',
        'items.1.reason': '',
      });
      expect(disputed.status).toBe(303);
      await b.get(path);
      expect(b.lastHtml).toContain('异议项已登记。');
      expect(b.lastHtml).toMatch(/费用 · ¥120.00 · 运费未冲减/);
      const itemId = /\/disputes\/([^/]+)\/resolve/.exec(b.lastHtml)![1]!;
      const resolved = await b.post(`${path}/disputes/${itemId}/resolve`, { resolution: '已开贷项通知单' });
      expect(resolved.status).toBe(303);
      await b.get(path);
      expect(b.lastHtml).toContain('已开贷项通知单');
    } finally {
      await ct.close();
    }
  });

  it('lets the responsible person answer a mid-month warning, with a missing field refused', async () => {
    const { ct, am, other, invoice, api } = await setup();
    try {
      const soon = await invoice('2026-02-25', 800_00); // due 2026-03-27, overdue by the month's end
      ct.t.clock.set('2026-03-16T02:00:00.000Z');
      await ct.t.kernel.scheduler.runDue(ct.t.clock.now(), 'receivables.warnings');
      const warning = (await api('/warnings?answered=false')).items.find(
        (w: { invoiceId: string }) => w.invoiceId === soon.id,
      );
      expect(warning).toBeDefined();

      const stranger = ct.browser({ 'accept-language': 'en' });
      await stranger.signIn(other.email);
      await stranger.get('/receivables/warnings');
      expect(stranger.lastHtml).not.toContain(soon.number);

      const b = ct.browser({ 'accept-language': 'en' });
      await b.signIn(am.email);
      await b.get('/receivables/warnings');
      expect(b.lastHtml).toContain(soon.number);
      const form = {
        reason: 'Budget approval at the customer',
        measures: 'Weekly call',
        expectedPaymentDate: '',
      };
      const bad = await b.post(`/receivables/warnings/${warning.id}/answer`, form);
      expect(bad.status).toBe(422);
      expect(b.lastHtml).toMatch(new RegExp(`id="warn-${warning.id}-expectedPaymentDate-error"`));
      expect(b.lastHtml).toContain('>Budget approval at the customer</textarea>');
      const ok = await b.post(`/receivables/warnings/${warning.id}/answer`, {
        ...form,
        expectedPaymentDate: '2026-04-10',
      });
      expect(ok.status).toBe(303);
      await b.get(ok.headers.get('location')!);
      expect(b.lastHtml).toContain('The warning was answered.');
      expect(b.lastHtml).toContain('Weekly call');
    } finally {
      await ct.close();
    }
  });

  it('agrees a repayment plan, refusing an instalment due in the past, and cancels it', async () => {
    const { ct, am, customer, api } = await setup();
    try {
      const b = ct.browser({ 'accept-language': 'en' });
      await b.signIn(am.email);
      await b.get(`/receivables/plans/new?customerId=${customer.id}`);
      const fields = {
        customerId: customer.id,
        currency: 'CNY',
        reason: 'Cash flow after the Spring Festival',
        'instalments.0.dueDate': '2026-02-01',
        'instalments.0.amount': '1,000',
        'instalments.1.dueDate': '2026-04-15',
        'instalments.1.amount': '1,469',
        'instalments.2.dueDate': '',
        'instalments.2.amount': '',
      };
      const past = await b.post('/receivables/plans/new', fields);
      expect(past.status).toBe(422);
      expect(b.lastHtml).toMatch(/id="plan-instalments-0-dueDate-error">Instalment 1 is due before today/);
      expect((await api(`/plans?customerId=${customer.id}`)).items).toHaveLength(0);

      const ok = await b.post('/receivables/plans/new', { ...fields, 'instalments.0.dueDate': '2026-03-15' });
      expect(ok.status).toBe(303);
      const path = ok.headers.get('location')!;
      await b.get(path);
      expect(b.lastHtml).toContain('The repayment plan was agreed.');
      expect(b.lastHtml).toContain('CN¥1,469.00');
      expect((await b.post(`${path}/cancel`, { reason: '' })).status).toBe(422);
      expect(b.lastHtml).toContain('id="plan-cancel-reason-error"');
      expect((await b.post(`${path}/cancel`, { reason: 'Paid in full instead' })).status).toBe(303);
      await b.get(path);
      expect(b.lastHtml).toContain('badge-cancelled');
    } finally {
      await ct.close();
    }
  });

  it('sends extension and write-off requests for a second person to decide; the requester cannot', async () => {
    const { ct, finance, finance2, am, overdue, api } = await setup();
    try {
      const owner = ct.browser({ 'accept-language': 'zh-CN' });
      await owner.signIn(am.email);
      await owner.get(`/receivables/extensions/new?invoiceId=${overdue.id}`);
      const ext = await owner.post('/receivables/extensions/new', {
        invoiceId: overdue.id,
        requestedDueDate: '2026-03-05',
        reason: '客户资金周转',
      });
      expect(ext.status).toBe(303);
      await owner.get(ext.headers.get('location')!);
      expect(owner.lastHtml).toContain('延期申请已提交审批。');

      // Finance asks for a write-off itself: its own request is not offered to it, and a forged
      // decision is refused by the API's four-eyes rule.
      const fin = ct.browser({ 'accept-language': 'zh-CN' });
      await fin.signIn(finance.email);
      await fin.get(`/receivables/write-offs/new?invoiceId=${overdue.id}`);
      expect(
        (await fin.post('/receivables/write-offs/new', { invoiceId: overdue.id, reason: '客户已破产' }))
          .status,
      ).toBe(303);
      await fin.get('/receivables/approvals');
      expect(fin.lastHtml).toContain('本人提交的申请须由他人审批。');
      const writeOff = (await api('/write-offs?status=pending')).items[0];
      const own = await fin.post(`/receivables/approvals/write-offs/${writeOff.id}/approve`, {});
      expect(own.status).toBe(403);
      expect(fin.lastHtml).toContain('id="approval-refusal"');
      expect((await api(`/write-offs?status=pending`)).items).toHaveLength(1);

      // Finance decides the owner's extension; the second finance manager approves the write-off.
      const extension = (await api('/extensions?status=pending')).items[0];
      await fin.get('/receivables/approvals');
      expect(
        (await fin.post(`/receivables/approvals/extensions/${extension.id}/reject`, { note: '' })).status,
      ).toBe(422);
      expect(fin.lastHtml).toContain(`id="extensions-${extension.id}-reject-note-error"`);
      expect(
        (await fin.post(`/receivables/approvals/extensions/${extension.id}/approve`, { note: '同意' }))
          .status,
      ).toBe(303);
      expect((await api(`/invoices/${overdue.id}`)).dueDate).toBe('2026-03-05');

      const second = ct.browser({ 'accept-language': 'en' });
      await second.signIn(finance2.email);
      await second.get('/receivables/approvals');
      expect(second.lastHtml).toContain(overdue.number);
      expect((await second.post(`/receivables/approvals/write-offs/${writeOff.id}/approve`, {})).status).toBe(
        303,
      );
      await second.get(`/receivables/invoices/${overdue.id}`);
      expect(second.lastHtml).toContain('badge-written_off');

      // The owner may request but not decide: the API's permission answers through the page.
      await owner.get('/receivables/approvals');
      expect(owner.lastHtml).toContain('没有待审批的申请。');
    } finally {
      await ct.close();
    }
  });
});
