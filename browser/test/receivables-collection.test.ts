import { addDays } from '@kehu/core';
import { receivablesPlugin } from '@kehu/plugin-receivables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserKehu, LANGUAGES, startKehu } from '../src/harness.js';

let k: BrowserKehu;

beforeAll(async () => {
  k = await startKehu({
    plugins: [receivablesPlugin],
    // The demo company's overdue accounts get their first dunning levels.
    seed: (kernel) =>
      kernel.scheduler.runDue(kernel.clock.now(), 'receivables.dunning').then(() => undefined),
  });
});
afterAll(() => k?.close());

describe.each(LANGUAGES)('the collection desk (催收) in %s', (lang) => {
  it('lists overdue accounts with their last follow-up and records a promise to pay', async () => {
    const s = await k.signIn(['sales_manager'], { lang });
    try {
      await s.goto('/receivables/collection');
      expect(await s.page.locator('tbody tr').count()).toBeGreaterThan(0);
      await s.check('receivables-collection');

      const row = s.page
        .locator('tbody tr')
        .filter({ has: s.page.locator('a[href*="/follow-ups/"]') })
        .first();
      const followUpId = await row.getAttribute('data-follow-up');
      await row.locator('a[href*="/follow-ups/"]').click();
      await s.page.waitForURL(/\/receivables\/collection\/[^/]+\/follow-ups\/[^/]+$/);
      await s.check('receivables-follow-up');

      // A promise beyond maxPromiseDays (30) is refused at the date field, the choice kept.
      const today = k.kernel.clock.today();
      await s.page.locator('input[name=outcome][value=promise_to_pay]').check();
      await s.page.locator('input[name=promisedDate]').fill(addDays(today, 90));
      await s.page.locator('#follow-up-outcome button[type=submit]').click();
      const dateError = s.page.locator('#rcv-promisedDate-error');
      await expect.poll(() => dateError.count()).toBe(1);
      expect(await s.page.locator('input[name=outcome][value=promise_to_pay]').isChecked()).toBe(true);
      expect(await s.page.locator('input[name=promisedDate]').getAttribute('aria-invalid')).toBe('true');
      await s.check('receivables-follow-up-refused');

      const promised = addDays(today, 7);
      await s.page.locator('input[name=promisedDate]').fill(promised);
      await s.page
        .locator('textarea[name=note]')
        .fill(lang === 'en' ? 'Payment run next week' : '财务说下周付款');
      await s.page.locator('#follow-up-outcome button[type=submit]').click();
      await s.page.waitForURL(/\/receivables\/collection$/);
      const updated = s.page.locator(`tbody tr[data-follow-up="${followUpId}"]`);
      expect(await updated.textContent()).toContain(lang === 'en' ? 'Promise to pay' : '承诺付款');
      expect(await updated.textContent()).toContain(
        lang === 'en' ? 'Waiting for the promised payment' : '等待承诺付款',
      );
      await s.check('receivables-collection-promised');
    } finally {
      await s.close();
    }
  });
});
