import { testDatabases } from '@kehu/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
// The console's own test client (cookies, form token), as its pages are tested.
import { type ConsoleTest, consoleTest } from '../../console/test/support.js';
import { satisfactionPlugin } from '../src/index.js';
import { answers, expectStatus, outboxPlugin, publishedSurvey } from './helpers.js';

describe.each(testDatabases())('console pages on $name', (db) => {
  let c: ConsoleTest;
  afterEach(() => c?.close());

  it('results, indicator systems, the customer panel and the dashboard card, in zh-CN and en', async () => {
    const links: any[] = [];
    c = await consoleTest(db, [satisfactionPlugin, outboxPlugin(links)]);
    const manager = await c.person(['sales_manager'], '陈杰');
    const w = { t: c.t } as any;
    const s = await publishedSurvey(w);
    const customer = await expectStatus(
      await c.t.request('/api/v1/customers', { body: { name: '杭州西湖国宾酒店' } }),
      201,
    );
    await expectStatus(
      await c.t.request(`/api/v1/customers/${customer.id}/contacts`, {
        body: { name: '王经理', email: 'w@example.com' },
      }),
      201,
    );
    const campaign = await expectStatus(
      await c.t.request('/api/v1/satisfaction/campaigns', {
        body: { name: 'Q1', questionnaireId: s.questionnaire.id },
      }),
      201,
    );
    await expectStatus(
      await c.t.request(`/api/v1/satisfaction/campaigns/${campaign.id}/start`, { method: 'POST' }),
      200,
    );
    const token = links[0].url.split('/').at(-1);
    await expectStatus(
      await c.t.request(`/api/v1/satisfaction/public/surveys/${token}/submit`, {
        token: null,
        body: { answers: answers(s.q, { product: 4, speed: [7, 6], nps: 9, csat: 4 }) },
      }),
      201,
    );

    for (const [lang, words] of [
      ['zh-CN', ['按季度的调查结果', '满意度指标体系', '客户满意度']],
      ['en', ['Results by quarter', 'Indicator systems', 'Satisfaction']],
    ] as const) {
      const b = c.browser({ 'accept-language': lang });
      await b.signIn(manager.email);
      const results = await b.get('/satisfaction/results');
      expect(results.status).toBe(200);
      const html = await results.text();
      expect(html).toContain(words[0]);
      expect(html).toContain('(n=1)');
      const systems = await (await b.get('/satisfaction/indicator-systems')).text();
      expect(systems).toContain('S.speed');
      const page = await (await b.get(`/customers/${customer.id}`)).text();
      expect(page).toContain(words[2]);
      expect(page).toContain('78.92');
      const dashboard = await (await b.get('/dashboard')).text();
      expect(dashboard).toMatch(/2026-Q1: NPS <strong>100 \(n=1\)/);
    }
  });
});
