import { creditPlugin } from '@kehu/plugin-credit';
import { receivablesPlugin } from '@kehu/plugin-receivables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserKehu, LANGUAGES, type Language, startKehu } from '../src/harness.js';

/** The few console labels these tests read, in both languages. */
const L = {
  invalid: { en: 'The email or password is not correct.', 'zh-CN': '邮箱或密码不正确。' },
  customers: { en: 'Customers', 'zh-CN': '客户' },
  saved: { en: 'The communication was filed.', 'zh-CN': '沟通记录已登记。' },
  requested: { en: 'Your request was sent to the managers.', 'zh-CN': '您的申请已提交给经理审批。' },
  users: { en: 'Users and roles', 'zh-CN': '用户与角色' },
  imported: { en: '1 customers were created.', 'zh-CN': '已创建 1 位客户。' },
} satisfies Record<string, Record<Language, string>>;

let k: BrowserKehu;
/** A customer only its owner and the managers see, for the access-request steps. */
let guarded: { id: string; name: string };

beforeAll(async () => {
  k = await startKehu({
    plugins: [receivablesPlugin, creditPlugin],
    async seed(kernel, kit) {
      const owner = await kit.person(['account_manager'], '赵敏');
      guarded = await kernel.customers.create(
        { name: '深圳保密电子有限公司', region: '华南', ownerId: owner.id },
        { actor: null },
      );
    },
  });
});
afterAll(() => k?.close());

describe.each(LANGUAGES)('the kernel console in %s', (lang) => {
  it('signs in through the form, refusing a wrong password with a clear message', async () => {
    const s = await k.anonymous({ lang });
    try {
      await s.goto('/');
      expect(new URL(s.page.url()).pathname).toBe('/sign-in');
      expect(await s.page.locator('html').getAttribute('lang')).toBe(lang);
      await s.check('console-sign-in');
      const person = await k.person(['account_manager']);
      await s.page.locator('input[name=email]').fill(person.email);
      await s.page.locator('input[name=password]').fill('not the password');
      await s.page.locator('input[name=password]').press('Enter');
      await expect.poll(() => s.page.getByText(L.invalid[lang]).count()).toBe(1);
      await s.check('console-sign-in-refused');
    } finally {
      await s.close();
    }
  });

  it('shows the dashboard, searches the customers, opens one and files a communication', async () => {
    const s = await k.signIn(['account_manager'], { lang });
    const { page } = s;
    try {
      await s.check('console-dashboard');
      await page.getByRole('navigation').getByRole('link', { name: L.customers[lang], exact: true }).click();
      await page.waitForURL('**/customers');
      await s.check('console-customers');

      const res = await k.t.request(`/api/v1/customers?owner=${s.person.id}&limit=1`);
      const target = ((await res.json()) as { items: { id: string; name: string }[] }).items[0]!;
      const query = target.name.slice(0, 4);
      await page.locator('input[name=q]').fill(query);
      await page.locator('input[name=q]').press('Enter');
      await expect.poll(() => page.getByRole('link', { name: target.name }).count()).toBeGreaterThan(0);
      await page.getByRole('link', { name: target.name }).first().click();
      await page.waitForURL(`**/customers/${target.id}`);
      await s.check('console-customer');

      const subject = lang === 'en' ? 'Quarterly review call' : '季度回访电话';
      await page.locator('[name=subject]').fill(subject);
      await page.locator('[name=result]').fill(lang === 'en' ? 'Renewal agreed' : '同意续约');
      await page.locator('form[action$="/communications"] button[type=submit]').click();
      await expect.poll(() => page.getByText(L.saved[lang]).count()).toBe(1);
      await expect.poll(() => page.getByRole('cell', { name: subject }).count()).toBe(1);
      await s.check('console-customer-communication');

      await s.goto('/customers/new');
      await s.check('console-customer-new');
    } finally {
      await s.close();
    }
  });

  it('checks a CSV file in the import wizard and reports each row before anything is imported', async () => {
    const s = await k.signIn(['sales_manager'], { lang });
    try {
      await s.goto('/import');
      await s.check('console-import');
      const [name, phone] =
        lang === 'en'
          ? ['Harbin Polar Instruments Co', '0451-8123 4567']
          : ['昆明滇池茶业有限公司', '0871-6543 2109'];
      const csv = `name,region,phone\n${name},华北,${phone}\n,华东,\n`;
      await s.page
        .locator('input[type=file]')
        .setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await s.page.locator('select[name=mode]').selectOption('skip-invalid');
      await s.page.locator('form[action="/import/check"] button[type=submit]').click();
      await s.page.waitForURL('**/import/check');
      await expect.poll(() => s.page.getByRole('heading', { name: /customers\.csv/ }).count()).toBe(1);
      // The row without a name is reported, and nothing is imported yet.
      expect(await s.page.locator('tbody tr').count()).toBe(1);
      expect(
        await k.t.request(`/api/v1/customers?q=${encodeURIComponent(name)}`).then((r) => r.json()),
      ).toMatchObject({ items: [] });
      await s.check('console-import-report');
      await s.page.locator('form[action="/import/commit"] button[type=submit]').click();
      await expect.poll(() => s.page.getByText(L.imported[lang]).count()).toBe(1);
      await s.check('console-import-done');
    } finally {
      await s.close();
    }
  });

  it('lets staff ask for access to a customer they cannot see and a manager approve it', async () => {
    const staff = await k.signIn(await k.person(['staff'], `Staff ${lang}`), { lang });
    const manager = await k.signIn(['sales_manager'], { lang });
    try {
      await staff.goto(`/customers/${guarded.id}`, 404);
      expect(await staff.page.getByText(guarded.name).count()).toBe(0);
      await staff.check('console-customer-not-visible');
      await staff.page.locator('textarea[name=reason]').fill('核对发票抬头 / checking invoice details');
      await staff.page.locator('form[action$="/access-request"] button[type=submit]').click();
      await expect.poll(() => staff.page.getByText(L.requested[lang]).count()).toBe(1);

      await manager.goto('/access-requests?status=pending');
      const row = manager.page.getByRole('row').filter({ hasText: `Staff ${lang}` });
      await manager.check('console-access-requests');
      await row.locator('form[action$="/approve"] button[type=submit]').click();
      await manager.page.waitForURL('**/access-requests?status=pending');

      await staff.goto(`/customers/${guarded.id}`);
      await expect.poll(() => staff.page.getByRole('heading', { name: guarded.name }).count()).toBe(1);
    } finally {
      await staff.close();
      await manager.close();
    }
  });

  it('shows the admin pages to an administrator', async () => {
    const s = await k.signIn(['admin'], { lang });
    try {
      await s.goto('/admin');
      expect(new URL(s.page.url()).pathname).toBe('/admin/users');
      await expect
        .poll(() => s.page.getByRole('heading', { name: L.users[lang] }).count())
        .toBeGreaterThan(0);
      await s.check('console-admin-users');
      for (const name of ['invitations', 'custom-fields', 'plugins', 'hooks', 'deliveries', 'jobs']) {
        await s.goto(`/admin/${name}`);
        await s.check(`console-admin-${name}`);
      }
    } finally {
      await s.close();
    }
  });
});

describe('the console without a mouse', () => {
  it('reaches the content by the skip link, searches, opens a customer and files a communication by keyboard alone', async () => {
    const s = await k.signIn(['account_manager'], { lang: 'zh-CN' });
    const { page } = s;
    const focused = () =>
      page.evaluate(() => {
        const el = (
          globalThis as unknown as {
            document: {
              activeElement: { tagName: string; getAttribute(name: string): string | null } | null;
            };
          }
        ).document.activeElement;
        return el
          ? `${el.tagName.toLowerCase()}${el.getAttribute('name') ? `[name=${el.getAttribute('name')}]` : ''}${el.getAttribute('href') ? `[href=${el.getAttribute('href')}]` : ''}`
          : '';
      });
    try {
      await s.goto('/customers');
      // The first Tab lands on the skip link; following it moves focus past the navigation.
      await page.keyboard.press('Tab');
      expect(await focused()).toBe('a[href=#main]');
      await page.keyboard.press('Enter');
      let guard = 0;
      while ((await focused()) !== 'input[name=q]' && guard++ < 15) await page.keyboard.press('Tab');
      expect(await focused()).toBe('input[name=q]');
      await page.keyboard.type('青');
      await page.keyboard.press('Enter');
      await page.waitForURL(/q=/);

      // Tab to the first customer link of the results and open it with Enter.
      guard = 0;
      while (!/^a\[href=\/customers\/[^/?]+\]$/.test(await focused()) && guard++ < 40)
        await page.keyboard.press('Tab');
      const link = await focused();
      expect(link).toMatch(/^a\[href=\/customers\//);
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/customers\/[^/?]+$/);

      guard = 0;
      while (
        (await focused()) !== 'textarea[name=subject]' &&
        (await focused()) !== 'input[name=subject]' &&
        guard++ < 300
      )
        await page.keyboard.press('Tab');
      expect(await focused()).toMatch(/\[name=subject\]$/);
      await page.keyboard.type('键盘登记的沟通');
      guard = 0;
      while (!(await focused()).startsWith('button') && guard++ < 10) await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByText(L.saved['zh-CN']).count()).toBe(1);
      await s.check('console-keyboard-communication');
    } finally {
      await s.close();
    }
  });

  it('fits a phone-width screen', async () => {
    const s = await k.signIn(['account_manager'], { lang: 'zh-CN', viewport: { width: 390, height: 844 } });
    try {
      await s.goto('/customers');
      const overflow = await s.page.evaluate(() => {
        const d = (
          globalThis as unknown as {
            document: { documentElement: { scrollWidth: number; clientWidth: number } };
          }
        ).document.documentElement;
        return d.scrollWidth - d.clientWidth;
      });
      expect(overflow).toBeLessThanOrEqual(1);
      await s.check('console-customers-mobile');
    } finally {
      await s.close();
    }
  });
});
