import { complaintsPlugin } from '@kehu/plugin-complaints';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserKehu, LANGUAGES, startKehu } from '../src/harness.js';

let k: BrowserKehu;
const PHONE = '0574-27771234';

beforeAll(async () => {
  k = await startKehu({
    plugins: [complaintsPlugin],
    async seed(kernel) {
      // A caller whose archive the customer-service agent may not open: the lookup still finds them.
      await kernel.customers.create(
        { name: '宁波港湾观景酒店', kind: 'business', phone: PHONE },
        { actor: null },
      );
    },
  });
});
afterAll(() => k?.close());

describe.each(LANGUAGES)('complaint pages in %s', (lang) => {
  it('files a complaint during a call, finds it in the queue and accepts it', async () => {
    const agent = await k.person(['customer_service'], `客服 ${lang}`);
    const s = await k.signIn(agent, { lang });
    try {
      await s.goto('/complaints/new');
      await s.page.locator('#lookup-q').fill(PHONE);
      await s.page.locator('form[action="/complaints/new"][method="get"] button[type=submit]').click();
      await s.page.waitForURL(/\/complaints\/new\?q=/);
      expect(await s.page.locator('#cmp-customer option').first().textContent()).toContain(
        '宁波港湾观景酒店',
      );
      await s.check('complaints-intake');
      await s.page.locator('#cmp-severity').selectOption('high');
      await s.page.locator('#cmp-emotion').selectOption('upset');
      await s.page.locator('#cmp-subject').fill(lang === 'en' ? 'Water heater leaks' : '热水器漏水');
      await s.page.locator('#cmp-description').fill('1203 房间热水器漏水');
      await s.page.locator('input[name=rmlsp][value=regret]').check();
      await s.page.locator('input[name=rmlsp][value=listen]').check();
      await s.page.locator('form[action="/complaints/new"][method="post"] button[type=submit]').click();
      await s.page.waitForURL(/\/complaints\/complaints\/[^/]+$/);
      const url = s.page.url();
      const number = ((await s.page.locator('h2').first().textContent()) ?? '').split('·')[0]!.trim();
      expect(number).toMatch(/^TS\d{4}-\d{6}$/);
      await s.check('complaints-complaint');

      await s.goto('/complaints/?mine=true');
      expect(await s.page.getByRole('link', { name: number }).count()).toBe(1);
      await s.check('complaints-queue');

      // The first step: accept and identify.
      await s.page.goto(url);
      const accept = s.page.locator('form:has(input[name=action][value=accept])');
      await accept.locator('select[name=severity]').selectOption('high');
      await accept.locator('select[name=nature]').selectOption('general');
      await accept.locator('button[type=submit]').click();
      await s.page.waitForURL(url);
      await expect
        .poll(() => s.page.locator('form:has(input[name=action][value=investigate])').count())
        .toBe(1);
      expect(await s.page.locator('.notice-success').count()).toBe(1);
      await s.check('complaints-accepted');

      // The handling form to print.
      await s.goto(`${new URL(url).pathname}/forms/handling`);
      expect(await s.page.locator('.printable h1').textContent()).toBe(
        lang === 'en' ? 'Complaint handling form' : '客户投诉处理表',
      );
      await s.check('complaints-handling-form');
    } finally {
      await s.close();
    }
  });

  it('shows the reports with charts, the analysis form and the SLA settings to a service manager', async () => {
    const s = await k.signIn(['service_manager'], { lang });
    try {
      await s.goto('/complaints/reports?from=2000-01-01&to=2099-12-31&by=category');
      expect(await s.page.locator('figure.chart svg[role=img]').count()).toBe(2);
      await s.page.locator('figure.chart summary').first().click();
      expect(await s.page.locator('figure.chart table').first().isVisible()).toBe(true);
      await s.check('complaints-reports');
      await s.goto('/complaints/forms/analysis?from=2000-01-01&to=2099-12-31');
      expect(await s.page.locator('.printable tbody tr').count()).toBeGreaterThan(1);
      await s.check('complaints-analysis-form');
      await s.goto('/complaints/issues');
      await s.check('complaints-issues');
      await s.goto('/complaints/sla');
      await s.check('complaints-sla');
    } finally {
      await s.close();
    }
  });

  it('narrows the queue with its filters and the team view, and edits the SLA calendar and a policy', async () => {
    const s = await k.signIn(['service_manager'], { lang });
    const words =
      lang === 'en'
        ? { critical: 'Critical', holiday: ['2026-12-25', 'Christmas'], workday: '2026-12-27' }
        : { critical: '紧急', holiday: ['2026-10-01', '国庆节'], workday: '2026-10-10' };
    try {
      await s.goto('/complaints/?view=team');
      expect(await s.page.locator('nav.subnav a[aria-current=page]').getAttribute('href')).toBe(
        '/complaints/?view=team',
      );
      await s.check('complaints-queue-team');
      // A filter applies on change (htmx replaces the list and the address keeps the filter).
      await s.page.locator('#queue-severity').selectOption('critical');
      await s.page.waitForURL(/severity=critical/);
      const severities = await s.page.locator('#cmp-queue tbody tr td:nth-child(5)').allTextContents();
      expect(severities.every((t) => t === words.critical)).toBe(true);
      await s.page.locator('#queue-severity').selectOption('');
      await s.page.waitForURL((url) => !url.search.includes('severity=critical'));
      // A column heading sorts: oldest first.
      await s.goto('/complaints/');
      await s.page.locator('#cmp-queue thead a[href*="sort=receivedAt"]').click();
      await s.page.waitForURL(/sort=receivedAt/);
      await s.check('complaints-queue-sorted');

      // The calendar: a holiday and a make-up working day in the empty rows, saved.
      await s.goto('/complaints/sla/calendar');
      await s.check('complaints-sla-calendar');
      const holiday = s.page.locator('#calendar-holidays .form-grid').filter({
        has: s.page.locator('input[type=date][value=""]'),
      });
      await holiday.first().locator('input[type=date]').fill(words.holiday[0]!);
      await holiday.first().locator('input[name$=".name"]').fill(words.holiday[1]!);
      const workday = s.page.locator('#calendar-workdays .form-grid').filter({
        has: s.page.locator('input[type=date][value=""]'),
      });
      await workday.first().locator('input[type=date]').fill(words.workday);
      await s.page.locator('#calendar button[type=submit]').click();
      await s.page.waitForURL(/\/complaints\/sla\/calendar$/);
      expect(await s.page.locator('.notice-success').count()).toBe(1);
      expect(await s.page.locator(`#calendar-holidays input[value="${words.holiday[0]}"]`).count()).toBe(1);
      expect(await s.page.locator(`#calendar-workdays input[value="${words.workday}"]`).count()).toBe(1);
      const saved = await k.t.request('/api/v1/complaints/calendar', {
        token: (await k.kernel.users.createToken(s.person.id, 'check')).token,
      });
      const exceptions = ((await saved.json()) as { exceptions: { date: string; kind: string }[] })
        .exceptions;
      expect(exceptions).toContainEqual(expect.objectContaining({ date: words.workday, kind: 'workday' }));

      // A target the API refuses (over a year of working minutes; the browser's own checks pass it)
      // is shown beside its field.
      await s.goto('/complaints/sla/policies/default');
      await s.page.locator('#policy-targets-low-responseMinutes').fill('600000');
      await s.page.locator('#policy button[type=submit]').click();
      await expect.poll(() => s.page.locator('#policy-targets-low-responseMinutes-error').count()).toBe(1);
      await s.check('complaints-sla-policy-refused');
      await s.goto('/complaints/approvals');
      await s.check('complaints-approvals');
    } finally {
      await s.close();
    }
  });
});

describe('complaint pages on a phone', () => {
  it('lays out the queue and the calendar editor at phone width', async () => {
    const s = await k.signIn(['service_manager'], { lang: 'zh-CN', viewport: { width: 390, height: 844 } });
    try {
      for (const [path, name] of [
        ['/complaints/?view=team', 'complaints-queue-phone'],
        ['/complaints/sla/calendar', 'complaints-sla-calendar-phone'],
      ] as const) {
        await s.goto(path);
        // Nothing wider than the screen but the tables, which scroll in their own box.
        const wide = await s.page.evaluate(
          () => (globalThis as any).document.documentElement.scrollWidth as number,
        );
        expect(wide).toBeLessThanOrEqual(390);
        await s.check(name);
      }
    } finally {
      await s.close();
    }
  });
});
