import { definePlugin } from '@kehu/core';
import { type InvitationLink, satisfactionPlugin } from '@kehu/plugin-satisfaction';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserKehu, type BrowserSession, LANGUAGES, startKehu } from '../src/harness.js';

// Satisfaction in a real browser: a sales manager builds a small indicator system (three dimensions
// weighed by AHP, two sub-indicators weighed by hand) and publishes it, builds a questionnaire linked
// to it, runs a campaign; the contact answers on the public survey page on a phone; the manager reads
// the results.

const links: InvitationLink[] = [];
/** Stands in for the mail a host would send: keeps the invitation links. */
const outbox = definePlugin({
  name: 'survey-outbox',
  version: '1.0.0',
  optional: ['satisfaction'],
  setup(ctx) {
    ctx.hooks.filter('satisfaction.deliverInvitations', (p) => {
      links.push(...p.links);
    });
  },
});

let k: BrowserKehu;
beforeAll(async () => {
  k = await startKehu({ plugins: [satisfactionPlugin, outbox] });
});
afterAll(() => k?.close());

const PHONE = { width: 390, height: 844 };

/** Submits the form around `locator`'s first match and waits for the next page. */
async function submit(s: BrowserSession, selector: string) {
  await Promise.all([s.page.waitForLoadState('load'), s.page.locator(selector).first().click()]);
  await s.page.waitForLoadState('load');
}

describe.each(LANGUAGES)('satisfaction in %s', (lang) => {
  const en = lang === 'en';
  const tag = en ? 'EN' : '中文';
  const word = (zh: string, english: string) => (en ? english : zh);

  it('indicator system with AHP, questionnaire, campaign, the survey on a phone, the results', async () => {
    // Each language's run surveys its own customer (the other one is within the fatigue window).
    const owner = await k.person(['account_manager'], `客户经理 ${tag}`);
    const customer = await k.kernel.customers.create(
      { name: `杭州西湖国宾酒店（${tag}）`, ownerId: owner.id },
      { actor: null },
    );
    const contact = await k.t.request(`/api/v1/customers/${customer.id}/contacts`, {
      body: { name: '王经理', email: `wang.${lang}@example.cn` },
    });
    expect(contact.status).toBe(201);

    const sm = await k.signIn(['sales_manager'], { lang });
    const { page } = sm;
    page.on('dialog', (d) => d.accept());
    try {
      // 1. The indicator system: three dimensions and two sub-indicators.
      await sm.goto('/satisfaction/indicator-systems');
      await page.locator('#sys-new-name').fill(word(`服务满意度（${tag}）`, `Service satisfaction (${tag})`));
      await submit(sm, 'section[aria-labelledby=sys-new] button[type=submit]');
      await page.waitForURL(/\/satisfaction\/indicator-systems\/[^/]+$/);
      const systemPath = new URL(page.url()).pathname;
      for (const [code, zh, english, parent] of [
        ['Q', '产品质量', 'Product quality', ''],
        ['S', '服务', 'Service', ''],
        ['P', '价格', 'Price', ''],
        ['S.speed', '响应速度', 'Response speed', word('S 服务', 'S Service')],
        ['S.attitude', '服务态度', 'Attitude', word('S 服务', 'S Service')],
      ] as const) {
        if (parent) await page.locator('#ind-add-parentId').selectOption({ label: parent });
        await page.locator('#ind-add-code').fill(code);
        await page.locator('#ind-add-name-zh-CN').fill(zh);
        await page.locator('#ind-add-name-en').fill(english);
        await submit(sm, 'section[aria-labelledby=ind-add] button[type=submit]');
        await page.locator(`li[data-indicator="${code}"]`).waitFor();
      }
      await sm.check('satisfaction-indicator-tree');

      // 2. The dimensions by AHP: the reciprocals, weights and CR appear as the comparisons are chosen.
      await submit(sm, `a[href="${systemPath}/levels/top"]`);
      await page.locator('#ahp-0-1').selectOption('3');
      await page.locator('#ahp-0-2').selectOption('5');
      await page.locator('#ahp-1-2').selectOption('3');
      await expect.poll(() => page.locator('[data-ahp-mirror="0.2"]').textContent()).toBe('1/5');
      expect(await page.locator('output[data-ahp-out="weight.0"]').textContent()).toBe('0.637');
      expect(await page.locator('output[data-ahp-out="weight.2"]').textContent()).toBe('0.105');
      expect(await page.locator('output[data-ahp-out="cr"]').textContent()).toBe('0.033');
      expect(await page.locator('#ahp-verdict').textContent()).toContain(
        word('通过一致性检验', 'Consistent'),
      );
      // An inconsistent choice is said so at once …
      await page.locator('#ahp-0-2').selectOption('1/3');
      await expect.poll(() => page.locator('output[data-ahp-out="cr"]').textContent()).toBe('1.149');
      expect(await page.locator('#ahp-verdict').getAttribute('class')).toBe('field-error');
      // … and refused by the server when saved without a reason.
      await submit(sm, 'section[aria-labelledby=w-ahp] button[type=submit]:not([name=preview])');
      await page.locator('#ahp-refusal').waitFor();
      expect(await page.locator('#ahp-reason').getAttribute('aria-invalid')).toBe('true');
      await sm.check('satisfaction-ahp-refused');
      await page.locator('#ahp-0-2').selectOption('5');
      await expect.poll(() => page.locator('output[data-ahp-out="cr"]').textContent()).toBe('0.033');
      await sm.check('satisfaction-ahp');
      await submit(sm, 'section[aria-labelledby=w-ahp] button[type=submit]:not([name=preview])');
      await page.waitForURL((url) => url.pathname === systemPath);

      // 3. The service's two sub-indicators by hand: the sum is shown as the weights are typed.
      await submit(sm, `a[href^="${systemPath}/levels/"]:not([href$="/levels/top"])`);
      const weights = page.locator('section[aria-labelledby=w-entered] input[data-summand]');
      await weights.nth(0).fill('0.6');
      await weights.nth(1).fill('0.3');
      await expect.poll(() => page.locator('#w-sum').textContent()).toBe(word('合计：0.9', 'Sum: 0.9'));
      await submit(sm, 'section[aria-labelledby=w-entered] button[type=submit]');
      await page.locator('#w-weights-error').waitFor();
      await sm.check('satisfaction-weights-refused');
      await weights.nth(1).fill('0.4');
      await expect.poll(() => page.locator('#w-sum').textContent()).toBe(word('合计：1', 'Sum: 1'));
      await submit(sm, 'section[aria-labelledby=w-entered] button[type=submit]');
      await page.waitForURL((url) => url.pathname === systemPath);
      await submit(sm, '#ind-publish button[type=submit]');
      await page.locator('#ind-frozen').waitFor();
      expect(await page.locator('li[data-indicator="S.speed"]').textContent()).toContain(
        word('全局 0.155', 'global 0.155'),
      );
      await sm.check('satisfaction-indicator-system');

      // 4. The questionnaire: CSAT first, then a SERVQUAL pair and a rating linked to indicators, NPS, free text.
      await sm.goto('/satisfaction/questionnaires');
      await page.locator('#qn-new-title-zh-CN').fill(`客户满意度调查（${tag}）`);
      await page.locator('#qn-new-title-en').fill(`Customer survey (${tag})`);
      await page.locator('#qn-new-systemId').selectOption({
        label: `${word(`服务满意度（${tag}）`, `Service satisfaction (${tag})`)} · ${word('第 1 版', 'v1')}`,
      });
      await page.locator('#qn-new-q-type').selectOption('csat');
      await page.locator('#qn-new-q-text-zh-CN').fill('总体满意度');
      await page.locator('#qn-new-q-text-en').fill('Overall satisfaction');
      await page.locator('#qn-new-q-overall').check();
      await submit(sm, 'section[aria-labelledby=qn-new] button[type=submit]');
      await page.waitForURL(/\/satisfaction\/questionnaires\/[^/]+$/);
      for (const [type, zh, english, indicator, optional] of [
        ['servqual', '响应速度', 'Response speed', word('S.speed 响应速度', 'S.speed Response speed'), false],
        ['rating', '产品质量', 'Product quality', word('Q 产品质量', 'Q Product quality'), false],
        ['nps', '推荐可能性', 'How likely are you to recommend us?', '', false],
        ['text', '建议', 'Suggestions', '', true],
      ] as const) {
        await page.locator('#qn-add-q-type').selectOption(type);
        await page.locator('#qn-add-q-text-zh-CN').fill(zh);
        await page.locator('#qn-add-q-text-en').fill(english);
        if (type === 'servqual') await page.locator('#qn-add-q-scale').selectOption('7');
        if (indicator) await page.locator('#qn-add-q-indicatorId').selectOption({ label: indicator });
        if (optional) await page.locator('#qn-add-q-required').uncheck();
        await submit(sm, 'section[aria-labelledby=qn-add] button[type=submit]');
        await page
          .locator(`tr[data-question] td:text-is("${en ? english : zh}")`)
          .first()
          .waitFor();
      }
      expect(await page.locator('tr[data-question]').count()).toBe(5);
      expect(await page.locator('.survey-preview fieldset[id^="q-"]').count()).toBe(5);
      // The preview wears the survey page's own stylesheet: each scale's points stand in one row.
      const rows = await page
        .locator('.survey-preview .scale')
        .evaluateAll((scales) =>
          scales.map(
            (s) =>
              new Set([...s.querySelectorAll('label')].map((l) => Math.round(l.getBoundingClientRect().top)))
                .size,
          ),
        );
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((n) => n === 1)).toBe(true);
      await sm.check('satisfaction-questionnaire');

      // 5. The campaign, started from its page.
      await sm.goto('/satisfaction/campaigns');
      const name = `${word('第一季度调查', 'Q1 survey')} ${tag}`;
      const create = page.locator('form:has(input[name=action][value=create])');
      await create.locator('input[name=name]').fill(name);
      await create
        .locator('select[name=questionnaireId]')
        .selectOption({ label: `${en ? `Customer survey (${tag})` : `客户满意度调查（${tag}）`} v1` });
      await create.locator('select[name=language]').selectOption(lang);
      await submit(sm, 'form:has(input[name=action][value=create]) button[type=submit]');
      const before = links.length;
      await submit(sm, `tr:has-text("${name}") button[value=start]`);
      await expect.poll(() => links.length).toBe(before + 1);
      await sm.check('satisfaction-campaigns');
    } finally {
      await sm.close();
    }

    // 6. The contact answers on a phone, without signing in.
    const link = links.at(-1)!;
    expect(link.customerId).toBe(customer.id);
    const visitor = await k.anonymous({ lang, viewport: PHONE });
    try {
      const { page } = visitor;
      await visitor.goto(new URL(link.url, k.baseUrl).pathname);
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      expect(await page.locator('script').count()).toBe(0);
      const questions = page.locator('form fieldset[id^="q-"]');
      expect(await questions.count()).toBe(5);
      // Nothing chosen: the required questions are marked.
      await submit(visitor, 'button[value=submit]');
      await page.locator('[role=alert]').waitFor();
      await visitor.check('satisfaction-survey-incomplete');
      for (const [i, value] of [
        [0, '4'],
        [1, '6'],
        [2, '4'],
        [3, '9'],
      ] as const) {
        const radios = questions.nth(i).locator(`input[type=radio][value="${value}"]`);
        for (let r = 0; r < (await radios.count()); r++) await radios.nth(r).check();
      }
      await questions.nth(4).locator('textarea').fill(word('希望响应更快', 'Faster replies, please'));
      const width = Number(await page.evaluate('document.documentElement.scrollWidth'));
      expect(width).toBeLessThanOrEqual(PHONE.width);
      await visitor.check('satisfaction-survey');
      await submit(visitor, 'button[value=submit]');
      await page
        .locator('h1')
        .filter({ hasText: word('感谢您的反馈', 'Thank you') })
        .waitFor();
      await visitor.check('satisfaction-survey-thanks');
    } finally {
      await visitor.close();
    }

    // 7. The results: the quarter's figures with n, the measures and the gaps drawn.
    const reader = await k.signIn(['sales_manager'], { lang });
    try {
      await reader.goto('/satisfaction/results');
      expect(await reader.page.locator('figure.chart svg[role=img]').count()).toBeGreaterThanOrEqual(2);
      expect(await reader.page.locator('main').textContent()).toContain('(n=');
      await reader.check('satisfaction-results');
    } finally {
      await reader.close();
    }
    // About thirty pages and forms in one walk: half a minute on a quiet machine, far more on a busy one.
  }, 300_000);
});
