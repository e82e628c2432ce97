import { receivablesPlugin } from '@kehu/plugin-receivables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserKehu,
  type BrowserSession,
  LANGUAGES,
  type Language,
  PASSWORD,
  startKehu,
} from '../src/harness.js';

/** The console's own words these steps read, in both languages. */
const L = {
  customers: { en: 'Customers', 'zh-CN': '客户' },
  signIn: { en: 'Sign in', 'zh-CN': '登录' },
  dueDate: { en: 'Due', 'zh-CN': '到期日' },
  total: { en: 'Total', 'zh-CN': '金额' },
} satisfies Record<string, Record<Language, string>>;

const other = (lang: Language): Language => (lang === 'en' ? 'zh-CN' : 'en');

interface Invoice {
  id: string;
  number: string;
  currency: string;
  total: number;
  issueDate: string;
  dueDate: string;
}

/** What `Intl` makes of the invoice's due date and total in `lang`: the words the page must show. */
function expected(invoice: Invoice, lang: Language) {
  const money = new Intl.NumberFormat(lang, { style: 'currency', currency: invoice.currency });
  const digits = money.resolvedOptions().maximumFractionDigits ?? 2;
  const date = new Intl.DateTimeFormat(lang, {
    timeZone: 'UTC',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  return {
    total: money.format(invoice.total / 10 ** digits),
    dueDate: date.format(new Date(`${invoice.dueDate}T00:00:00Z`)),
  };
}

let k: BrowserKehu;
let invoice: Invoice;

beforeAll(async () => {
  k = await startKehu({ plugins: [receivablesPlugin] });
  const res = await k.t.request('/api/v1/receivables/invoices?limit=1');
  invoice = ((await res.json()) as { items: Invoice[] }).items[0]!;
});
afterAll(() => k?.close());

/** The text beside the label `dt` of the invoice's summary (one, exactly that label). */
async function fieldValue(s: BrowserSession, label: string): Promise<string | undefined> {
  const dt = s.page.locator('dl.fields dt').filter({ hasText: new RegExp(`^\\s*${label}\\s*$`) });
  expect(await dt.count()).toBe(1);
  return (await dt.locator('xpath=following-sibling::dd[1]').textContent())?.trim();
}

/** The invoice page in the language the page says it is in: `html[lang]`, a nav label, a label, the date and the total. */
async function expectInvoicePageIn(s: BrowserSession, lang: Language) {
  const { page } = s;
  await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(lang);
  const nav = page.getByRole('navigation').first();
  expect(await nav.getByRole('link', { name: L.customers[lang], exact: true }).count()).toBe(1);
  expect(await nav.getByRole('link', { name: L.customers[other(lang)], exact: true }).count()).toBe(0);
  const want = expected(invoice, lang);
  const unwanted = expected(invoice, other(lang));
  const dueDate = await fieldValue(s, L.dueDate[lang]);
  expect(dueDate).toBe(want.dueDate);
  expect(dueDate).not.toBe(unwanted.dueDate);
  const total = await fieldValue(s, L.total[lang]);
  expect(total).toBe(want.total);
  expect(total).not.toBe(unwanted.total);
}

describe.each(LANGUAGES)('switching language from %s', (lang) => {
  it('re-renders the page in the other language and keeps the choice after a reload and on a new sign-in', async () => {
    const to = other(lang);
    // A new user: no language stored yet, so the first pages follow the browser's Accept-Language.
    const person = await k.person(['finance_manager'], `Language ${lang}`);
    const s = await k.signIn(person, { lang });
    const path = `/receivables/invoices/${invoice.id}`;
    try {
      await s.goto(path);
      await expectInvoicePageIn(s, lang);
      await s.check('language-switch-before');

      // The language control in the top bar submits itself on change and comes back to the same page.
      await s.page.locator('#lang-select').selectOption(to);
      await expect.poll(() => s.page.locator('html').getAttribute('lang')).toBe(to);
      expect(new URL(s.page.url()).pathname).toBe(path);
      await expectInvoicePageIn(s, to);
      await s.check('language-switch-after');

      await s.page.reload({ waitUntil: 'load' });
      await expectInvoicePageIn(s, to);

      expect((await k.kernel.users.get(person.id))?.language).toBe(to);
    } finally {
      await s.close();
    }

    // A fresh browser (no cookies) still asking for `lang`: the sign-in page follows the browser,
    // the pages after signing in follow the choice stored on the user.
    const fresh = await k.anonymous({ lang });
    try {
      await fresh.goto(path);
      expect(new URL(fresh.page.url()).pathname).toBe('/sign-in');
      expect(await fresh.page.locator('html').getAttribute('lang')).toBe(lang);
      const submit = fresh.page.getByRole('button', { name: L.signIn[lang], exact: true });
      expect(await submit.count()).toBe(1);
      await fresh.page.locator('input[name=email]').fill(person.email);
      await fresh.page.locator('input[name=password]').fill(PASSWORD);
      await Promise.all([fresh.page.waitForURL((url) => url.pathname === path), submit.click()]);
      await expectInvoicePageIn(fresh, to);
      await fresh.check('language-switch-new-sign-in');
    } finally {
      await fresh.close();
    }
  });
});
