import { json, testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
// The console's own browser-like test client (cookies, form token, Origin).
import { consoleTest } from '../../console/test/support.js';
import { complaintsPlugin } from '../src/index.js';

describe.each(testDatabases())('complaint console pages on $name', (db) => {
  it('files a complaint during a call, shows it in the queue and moves it on, in zh-CN and en', async () => {
    const ct = await consoleTest(db, [complaintsPlugin]);
    try {
      const owner = await ct.person(['account_manager']);
      await ct.t.request('/api/v1/customers', {
        body: { name: '杭州西湖国宾酒店', kind: 'business', phone: '0571-87979889', ownerId: owner.id },
      });
      const agent = await ct.person(['customer_service'], '客服小王');
      const zh = ct.browser({ 'accept-language': 'zh-CN' });
      await zh.signIn(agent.email);
      expect((await zh.get('/complaints/')).status).toBe(200);
      expect(zh.lastHtml).toContain('受理投诉');
      await zh.get('/complaints/new?q=0571-87979889');
      expect(zh.lastHtml).toContain('杭州西湖国宾酒店');
      const customerId = /name="customerId"[^>]*>\s*<option value="([^"]+)"/.exec(zh.lastHtml)?.[1];
      expect(customerId).toBeDefined();
      const filed = await zh.post('/complaints/new', {
        customerId: customerId!,
        channel: 'phone',
        category: 'product_quality',
        severity: 'high',
        emotion: 'upset',
        subject: '热水器漏水',
        description: '1203 房间热水器漏水',
        rmlsp: ['regret', 'listen'],
      });
      expect(filed.status).toBe(303);
      const page = filed.headers.get('location')!;
      await zh.get(page);
      expect(zh.lastHtml).toContain('热水器漏水');
      expect(zh.lastHtml).toContain('name="action" value="accept"');
      const accepted = await zh.post(page, { action: 'accept', severity: 'high', nature: 'general' });
      expect(accepted.status).toBe(303);
      const list = await json(await ct.t.request('/api/v1/complaints', { token: agent.token }));
      expect(list.items[0]).toMatchObject({ state: 'accepted', rmlsp: { steps: ['regret', 'listen'] } });
      await zh.get('/complaints/');
      expect(zh.lastHtml).toContain(list.items[0].number);

      const manager = await ct.person(['service_manager']);
      const en = ct.browser({ 'accept-language': 'en' });
      await en.signIn(manager.email);
      for (const path of ['/complaints/', '/complaints/issues', '/complaints/reports', '/complaints/sla']) {
        const res = await en.get(path);
        expect(res.status, path).toBe(200);
      }
      expect(en.lastHtml).toContain('Working calendar');
      const staff = ct.browser({ 'accept-language': 'en' });
      await staff.signIn(agent.email);
      expect((await staff.get('/complaints/sla')).status).toBe(403);
    } finally {
      await ct.close();
    }
  });
});
