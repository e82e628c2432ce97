import { complaintsPlugin } from '@kehu/plugin-complaints';
import { creditPlugin } from '@kehu/plugin-credit';
import { keyAccountsPlugin } from '@kehu/plugin-key-accounts';
import { receivablesPlugin } from '@kehu/plugin-receivables';
import { satisfactionPlugin } from '@kehu/plugin-satisfaction';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserKehu, type BrowserSession, LANGUAGES, startKehu } from '../src/harness.js';

/**
 * Every page an administrator reaches, with every plugin enabled and the demo company: each entry
 * of the navigation the console renders (read from the page, so a plugin's new pages are covered
 * without editing this file) and of the section navigation on those pages, then the pages reached
 * from a customer. Each one must answer without an error, pass axe and log nothing; each is
 * photographed in both languages (`screenshots/page-<path>.<lang>.png`).
 */

/** A walk of a few dozen pages with axe on each takes minutes on a shared machine. */
const WALK_TIMEOUT = 600_000;

let k: BrowserKehu;
/** A demo customer with invoices, so its page shows every plugin's panel with links. */
let customerId: string;

beforeAll(async () => {
  k = await startKehu({
    plugins: [receivablesPlugin, creditPlugin, complaintsPlugin, keyAccountsPlugin, satisfactionPlugin],
  });
  const res = await k.t.request('/api/v1/receivables/invoices?limit=1');
  customerId = ((await res.json()) as { items: { customerId: string }[] }).items[0]!.customerId;
});
afterAll(() => k?.close());

/** The distinct console paths (path and query) the elements matching `selector` link to, in page order. */
async function linksIn(s: BrowserSession, selector: string): Promise<string[]> {
  const hrefs = await s.page
    .locator(`${selector} a[href^="/"]`)
    .evaluateAll((as) =>
      as.map((a) => (a as unknown as { getAttribute(n: string): string }).getAttribute('href')),
    );
  return [...new Set(hrefs.filter((h) => !h.startsWith('//')))];
}

/** A screenshot name for a path: ids replaced by what they name, so names stay the same from run to run. */
function shotName(path: string): string {
  const slug = path
    .replaceAll(customerId, 'customer')
    .replace(/\b[0-9a-z]{20}\b/g, 'id')
    .replace(/^\/+|\/+$/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/-+$/, '');
  return `page-${slug || 'home'}`;
}

/** Opens `path` and checks it like every page: no error status, the page's language, axe, a clean console. */
async function visit(s: BrowserSession, path: string): Promise<void> {
  try {
    await s.goto(path);
    expect(await s.page.locator('html').getAttribute('lang')).toBe(s.lang);
    await s.check(shotName(path));
  } catch (err) {
    // Name the page: the walk's paths are read from the pages, not written in the test.
    if (err instanceof Error) err.message = `${path}: ${err.message}`;
    throw err;
  }
}

describe.each(LANGUAGES)('every page in %s', (lang) => {
  it(
    'opens every navigation entry, and every entry of the section navigation on those pages',
    async () => {
      const s = await k.signIn(['admin'], { lang });
      try {
        const main = await linksIn(s, 'header nav');
        // One entry per enabled plugin besides the kernel's own pages.
        for (const href of ['/customers', '/inbox', '/receivables/invoices', '/credit/approvals'])
          expect(main).toContain(href);
        expect(main.filter((h) => /^\/(complaints|key-accounts|satisfaction)\b/.test(h))).toHaveLength(3);

        // A section navigation's filter tabs (`?status=…`, `?bucket=…`) draw the page already
        // visited with other rows: one visit per path.
        const pathOf = (href: string) => href.split('?')[0]!;
        const queue = [...main];
        const seen = new Set(queue.map(pathOf));
        while (queue.length) {
          const path = queue.shift()!;
          await visit(s, path);
          for (const href of await linksIn(s, 'main nav'))
            if (!seen.has(pathOf(href))) {
              seen.add(pathOf(href));
              queue.push(href);
            }
        }
        // The admin pages' own navigation was walked too (a plugin's admin page among them).
        expect([...seen]).toEqual(
          expect.arrayContaining(['/admin/jobs', '/receivables/ageing', '/credit/policy']),
        );
      } finally {
        await s.close();
      }
    },
    WALK_TIMEOUT,
  );

  it(
    'opens a customer, every page its panels link to, the edit form, the account page and the API reference',
    async () => {
      const s = await k.signIn(['admin'], { lang });
      try {
        const customerPath = `/customers/${customerId}`;
        await visit(s, customerPath);
        // Its own sub-pages and the plugins' pages; other customers and the list are walked above, and
        // the timeline's next page is a fragment of this one.
        const fromCustomer = (await linksIn(s, 'main')).filter(
          (h) =>
            (!h.startsWith('/customers') || h.startsWith(`${customerPath}/`)) && !h.includes('/timeline?'),
        );
        expect(fromCustomer).toEqual(
          expect.arrayContaining([`${customerPath}/edit`, `/receivables/plans/new?customerId=${customerId}`]),
        );
        for (const path of fromCustomer) await visit(s, path);
        await visit(s, '/account');
        await s.goto('/api/docs');
        // The reference draws itself from the OpenAPI document after load: it reads all of it in the
        // page first, 16–24 s on a loaded machine.
        await s.page.getByRole('complementary').first().waitFor({ timeout: 90_000 });
        await s.screenshot('page-api-docs');
        await s.expectNoAxeViolations();
        // One reference, configured without web fonts: nothing asked of another host.
        expect(await s.page.locator('.scalar-api-reference').count()).toBe(1);
        s.expectCleanConsole();
      } finally {
        await s.close();
      }
    },
    WALK_TIMEOUT,
  );
});
