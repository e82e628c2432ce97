import { testDatabases } from '@kehu/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
// The console's own test client (cookies, form token), as its pages are tested.
import { type ConsoleTest, consoleTest } from '../../console/test/support.js';
import { satisfactionPlugin } from '../src/index.js';
import { answeredOnce, expectStatus, outboxPlugin, publishedSurvey } from './helpers.js';

describe.each(testDatabases())('console pages on $name', (db) => {
  let c: ConsoleTest;
  afterEach(() => c?.close());

  it('results, indicator systems, the customer panel and the dashboard card, in zh-CN and en', async () => {
    const links: any[] = [];
    c = await consoleTest(db, [satisfactionPlugin, outboxPlugin(links)]);
    const manager = await c.person(['sales_manager'], '陈杰');
    const w = { t: c.t } as any;
    const s = await publishedSurvey(w);
    const customer = await answeredOnce(c.t, links, s);

    for (const [lang, words] of [
      [
        'zh-CN',
        [
          '按季度的调查结果',
          '满意度指标体系',
          '客户满意度',
          '各季度 NPS、CSAT 与 CSI',
          '各维度期望与感知差距',
          '已回答 1',
          '响应速度',
        ],
      ],
      [
        'en',
        [
          'Results by quarter',
          'Indicator systems',
          'Satisfaction',
          'NPS, CSAT and CSI by quarter',
          'Expectation–perception gap per dimension',
          'answered 1',
          'Speed',
        ],
      ],
    ] as const) {
      const b = c.browser({ 'accept-language': lang });
      await b.signIn(manager.email);
      const results = await b.get('/satisfaction/results');
      expect(results.status).toBe(200);
      const html = await results.text();
      expect(html).toContain(words[0]);
      expect(html).toContain('(n=1)');
      // The trend and the gaps as pictures drawn on the server, each with its figures as a table.
      expect(html).toContain(words[3]);
      expect(html).toContain(words[4]);
      expect(html.match(/<svg/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
      const campaigns = await (await b.get('/satisfaction/campaigns')).text();
      expect(campaigns).toContain(words[5]);
      expect(campaigns).toContain('100%');
      const preview = await (await b.get(`/satisfaction/questionnaires/${s.questionnaire.id}`)).text();
      expect(preview).toContain(words[6]);
      const systems = await (await b.get('/satisfaction/indicator-systems')).text();
      expect(systems).toContain('S.speed');
      const page = await (await b.get(`/customers/${customer.id}`)).text();
      expect(page).toContain(words[2]);
      expect(page).toContain('78.92');
      const dashboard = await (await b.get('/dashboard')).text();
      expect(dashboard).toMatch(/2026-Q1: NPS <strong>100 \(n=1\)/);
    }

    // A campaign created and started from the console invites the customer's contact (past the fatigue window).
    c.t.clock.set(new Date(c.t.clock.now().getTime() + 100 * 86_400_000));
    const b = c.browser({ 'accept-language': 'en' });
    await b.signIn(manager.email);
    await b.get('/satisfaction/campaigns');
    const created = await b.post('/satisfaction/campaigns', {
      action: 'create',
      name: 'Q2 survey',
      questionnaireId: s.questionnaire.id,
      schedule: 'once',
      trigger: 'complaint_closed',
      contacts: 'primary',
      language: 'en',
    });
    expect(created.status).toBe(303);
    const listed = await (await b.get('/satisfaction/campaigns')).text();
    expect(listed).toContain('Q2 survey');
    const q2 = (await expectStatus(await c.t.request('/api/v1/satisfaction/campaigns'), 200)).items.find(
      (x: any) => x.name === 'Q2 survey',
    );
    expect(q2.status).toBe('draft');
    expect(
      (await b.post('/satisfaction/campaigns', { action: 'start', id: q2.id, name: q2.name })).status,
    ).toBe(303);
    expect(links.filter((l) => l.campaignId === q2.id)).toHaveLength(1);
    const refused = await b.post('/satisfaction/campaigns', {
      action: 'create',
      name: '',
      questionnaireId: 'nope',
      schedule: 'once',
    });
    expect(refused.status).toBe(200);
    expect(await refused.text()).toContain('role="alert"');
    // Fourteen console pages in two languages: well inside this on an idle machine, not on a busy one.
  }, 120_000);
});
