import { receivablesPlugin } from '@kehu/plugin-receivables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserKehu, LANGUAGES, type Language, startKehu } from '../src/harness.js';

// What finance and an account manager do with receivables from the console, in a real browser: record
// and allocate a payment, issue a credit note, reconcile a month with the customer, answer a mid-month
// warning, request an extension and a write-off, and approve them as a second person.

let k: BrowserKehu;
interface Seeded {
  customer: { id: string; name: string };
  other: { id: string; name: string };
  /** Overdue since 2026-02-09, CNY 2,469.00. */
  overdue: { id: string; number: string };
  /** Due 2026-03-27, CNY 800.00: warned about in the middle of March. */
  soon: { id: string; number: string };
  /** The other customer's, overdue since 2026-02-19, CNY 1,500.00. */
  late: { id: string; number: string };
  /** A third customer that pays more than it owes; its one invoice is CNY 1,000.00. */
  payer: { id: string; name: string };
  billed: { id: string; number: string };
}
const seeded = new Map<Language, Seeded>();

beforeAll(async () => {
  k = await startKehu({
    plugins: [receivablesPlugin],
    async seed(kernel) {
      const owner = (await kernel.users.list()).find((u) => u.email === 'wang.fang@qinghe.example')!;
      const service = kernel.service('receivables')!;
      const invoice = (customerId: string, issueDate: string, unitPrice: number) =>
        service.createInvoice(
          {
            customerId,
            issueDate,
            termDays: 30,
            currency: 'CNY',
            lines: [{ description: '冷链配送 / Cold-chain delivery', quantity: 1, unitPrice }],
          },
          null,
        );
      for (const lang of LANGUAGES) {
        const tag = lang === 'en' ? 'EN' : '中文';
        const customer = await kernel.customers.create(
          { name: `鹭岛冷链物流（${tag}）`, ownerId: owner.id },
          { actor: null },
        );
        const other = await kernel.customers.create(
          { name: `泉州海味食品（${tag}）`, ownerId: owner.id },
          { actor: null },
        );
        const payer = await kernel.customers.create(
          { name: `漳州茶业（${tag}）`, ownerId: owner.id },
          { actor: null },
        );
        seeded.set(lang, {
          payer,
          billed: await invoice(payer.id, '2026-02-10', 1_000_00),
          customer,
          other,
          overdue: await invoice(customer.id, '2026-01-10', 2_469_00),
          soon: await invoice(customer.id, '2026-02-25', 800_00),
          late: await invoice(other.id, '2026-01-20', 1_500_00),
        });
      }
    },
  });
  // The middle of March: the warnings of invoices that will be overdue by the month's end go out.
  k.t.clock.set('2026-03-16T02:00:00.000Z');
  await k.kernel.scheduler.runDue(k.t.clock.now(), 'receivables.warnings');
  await k.t.drain();
});
afterAll(() => k?.close());

describe.each(LANGUAGES)('receivables forms in %s', (lang) => {
  const en = lang === 'en';

  it('finance records a payment, allocates its credit balance and issues a credit note', async () => {
    const { soon, payer, billed } = seeded.get(lang)!;
    const s = await k.signIn(['finance_manager'], { lang });
    const { page } = s;
    try {
      await s.goto(`/receivables/invoices/${billed.id}`);
      await s.check('receivables-invoice-actions');
      await page.locator('nav.actions a[href*="/payments/new"]').click();
      await page.waitForURL(/\/receivables\/payments\/new/);
      expect(await page.locator('#pay-invoiceId').inputValue()).toBe(billed.id);
      await s.check('receivables-payment-form');

      // More than this invoice is owed: the API refuses the allocation and the page says so beside it.
      await page.locator('#pay-amount').fill('3,000.00');
      await page.locator('#pay-date').fill('2026-03-12');
      await page.locator('form[action="/receivables/payments/new"] button[type=submit]').click();
      await page.locator('#pay-invoiceId-error').waitFor();
      expect(await page.locator('#pay-invoiceId').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#pay-amount').inputValue()).toBe('3,000.00');
      await s.check('receivables-payment-refused');

      // Oldest due first instead: the invoice is settled, CNY 2,000.00 stays as a credit balance.
      await page.locator('#pay-invoiceId').selectOption('');
      await page.locator('form[action="/receivables/payments/new"] button[type=submit]').click();
      await page.waitForURL(/\/receivables\/payments\/(?!new)[^/]+$/);
      expect(await page.locator('#pay-unallocated').textContent()).toContain('2,000.00');
      expect(await page.locator('#pay-allocations').textContent()).toContain(billed.number);
      await s.check('receivables-payment');

      // Sales invoices the next delivery; finance applies the credit balance to it.
      const next = await k.kernel.service('receivables')!.createInvoice(
        {
          customerId: payer.id,
          issueDate: '2026-03-16',
          termDays: 30,
          currency: 'CNY',
          lines: [{ description: '乌龙茶 / Oolong tea', quantity: 1, unitPrice: 1_500_00 }],
        },
        null,
      );
      await page.reload();
      await page.locator('#alloc-invoiceId').selectOption(next.id);
      expect(await page.locator('#alloc-amount').inputValue()).toBe('2000.00');
      await page.locator('#alloc-amount').fill('1500');
      await page.locator('form[action$="/allocate"] button[type=submit]').click();
      await page.locator('.notice-success').waitFor();
      expect(await page.locator('#pay-unallocated').textContent()).toContain('500.00');
      expect(await page.locator('#pay-allocations').textContent()).toContain(next.number);

      await s.goto(`/receivables/invoices/${soon.id}`);
      await page.locator('nav.actions a[href*="/credit-notes/new"]').click();
      await page.waitForURL(/\/receivables\/credit-notes\/new/);
      await page.locator('#inv-amount').fill('69');
      await page.locator('#inv-kind').selectOption('discount');
      await page.locator('#inv-reason').fill(en ? 'Late delivery discount' : '延迟交货折让');
      await s.check('receivables-credit-note-form');
      await page.locator('form[action="/receivables/credit-notes/new"] button[type=submit]').click();
      await page.waitForURL(new RegExp(`/receivables/invoices/${soon.id}$`));
      expect(await page.locator('#rcv-credit-notes').textContent()).toContain(
        en ? 'Late delivery discount' : '延迟交货折让',
      );
      await s.check('receivables-invoice-credited');
    } finally {
      await s.close();
    }
  });

  it('finance reconciles a month: generates the statement, sends the link, records the confirmation', async () => {
    const { customer } = seeded.get(lang)!;
    const s = await k.signIn(['finance_manager'], { lang });
    const { page } = s;
    try {
      await s.goto(`/customers/${customer.id}`);
      await page.locator('[data-panel="receivables.balance"] a[href*="/statements/new"]').click();
      await page.waitForURL(/\/receivables\/statements\/new/);
      await page.locator('#stmt-period').fill('2026-02');
      await s.check('receivables-statement-form');
      await page.locator('form[action="/receivables/statements/new"] button[type=submit]').click();
      await page.waitForURL(/\/receivables\/statements\/(?!new)[^/]+$/);
      await s.check('receivables-statement');

      await page.locator('form[action$="/send"] button[type=submit]').click();
      await page.locator('#statement-link').waitFor();
      expect(await page.locator('#statement-link code').textContent()).toMatch(
        /\/api\/v1\/receivables\/public\/statements\/[A-Za-z0-9_-]{20,}$/,
      );
      await s.check('receivables-statement-sent');

      await page.locator('#confirm-signedBy').fill(en ? 'Li Na, accountant' : '李娜（会计）');
      await page.locator('#stmt-confirm button[type=submit]').click();
      await page.locator('.notice-success').waitFor();
      expect(await page.locator('.badge-confirmed').count()).toBe(1);
      await s.check('receivables-statement-confirmed');
    } finally {
      await s.close();
    }
  });

  it('the account manager answers a warning and asks for an extension and a write-off; finance approves', async () => {
    const { soon, late } = seeded.get(lang)!;
    const am = await k.signIn(['account_manager'], { lang });
    try {
      const { page } = am;
      await am.goto('/receivables/warnings');
      const card = page.locator('section[data-warning]', { hasText: soon.number });
      await card
        .locator('textarea[name=reason]')
        .fill(en ? 'Awaiting the customer’s budget' : '客户预算待批');
      await card
        .locator('textarea[name=measures]')
        .fill(en ? 'Weekly call to their finance' : '每周致电对方财务');
      await am.check('receivables-warnings');
      // An expected payment date already past: the rule refuses it beside that field, the answers kept.
      await card.locator('input[name=expectedPaymentDate]').fill('2026-03-02');
      await card.locator('button[type=submit]').click();
      const error = page.locator('[id$="-expectedPaymentDate-error"]');
      await error.waitFor();
      expect(await error.textContent()).toBe(
        en ? 'The expected payment date is before today' : '日期早于今天',
      );
      const again = page.locator('section[data-warning]', { hasText: soon.number });
      expect(await again.locator('textarea[name=measures]').inputValue()).toContain(en ? 'Weekly' : '每周');
      await again.locator('input[name=expectedPaymentDate]').fill('2026-04-10');
      await again.locator('button[type=submit]').click();
      await page.waitForURL(/answered=true/);
      expect(await page.locator('section[data-warning]', { hasText: soon.number }).textContent()).toContain(
        en ? 'Weekly call' : '每周致电',
      );
      await am.check('receivables-warning-answered');

      await am.goto(`/receivables/invoices/${late.id}`);
      await page.locator('nav.actions a[href*="/extensions/new"]').click();
      await page.waitForURL(/\/receivables\/extensions\/new/);
      await page.locator('#inv-requestedDueDate').fill('2026-03-31');
      await page.locator('#inv-reason').fill(en ? 'Cash flow after the holiday' : '节后资金周转');
      await am.check('receivables-extension-form');
      await page.locator('form[action="/receivables/extensions/new"] button[type=submit]').click();
      await page.waitForURL(new RegExp(`/receivables/invoices/${late.id}$`));
      expect(await page.locator('#rcv-extensions .badge-pending').count()).toBe(1);
    } finally {
      await am.close();
    }

    const finance = await k.signIn(['finance_manager'], { lang });
    try {
      const { page } = finance;
      await finance.goto('/receivables/approvals');
      const request = page.locator('article[data-request]', { hasText: late.number });
      await request
        .locator('form[action$="/approve"] textarea[name=note]')
        .fill(en ? 'Agreed once' : '同意，仅此一次');
      await finance.check('receivables-approvals');
      await request.locator('form[action$="/approve"] button[type=submit]').click();
      // 70 days after the issue date is beyond the longest extended term (60): refused until finance
      // says explicitly that it approves beyond it.
      await page.locator('#approval-refusal').waitFor();
      await finance.check('receivables-approval-refused');
      const kept = page.locator('article[data-request]', { hasText: late.number });
      expect(await kept.locator('form[action$="/approve"] textarea[name=note]').inputValue()).toBe(
        en ? 'Agreed once' : '同意，仅此一次',
      );
      await kept.locator('input[name=aboveCeiling]').check();
      await kept.locator('form[action$="/approve"] button[type=submit]').click();
      await page.locator('.notice-success').waitFor();
      await finance.goto(`/receivables/invoices/${late.id}`);
      expect(await page.locator('#rcv-extensions .badge-approved').count()).toBe(1);
    } finally {
      await finance.close();
    }

    const again = await k.signIn(['account_manager'], { lang });
    try {
      const { page } = again;
      await again.goto(`/receivables/invoices/${late.id}`);
      await page.locator('nav.actions a[href*="/write-offs/new"]').click();
      await page.waitForURL(/\/receivables\/write-offs\/new/);
      await page.locator('#inv-reason').fill(en ? 'The customer is bankrupt' : '客户已破产清算');
      await again.check('receivables-write-off-form');
      await page.locator('form[action="/receivables/write-offs/new"] button[type=submit]').click();
      await page.waitForURL(new RegExp(`/receivables/invoices/${late.id}$`));
    } finally {
      await again.close();
    }

    const approver = await k.signIn(['finance_manager'], { lang });
    try {
      const { page } = approver;
      await approver.goto('/receivables/approvals');
      await page
        .locator('article[data-request]', { hasText: late.number })
        .locator('form[action$="/approve"] button[type=submit]')
        .click();
      await page.locator('.notice-success').waitFor();
      await approver.goto(`/receivables/invoices/${late.id}`);
      expect(await page.locator('#rcv-summary .badge-written_off').count()).toBe(1);
      await approver.check('receivables-invoice-written-off');
    } finally {
      await approver.close();
    }
  });
});
