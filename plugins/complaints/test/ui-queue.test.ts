import { json, testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
// The console's own browser-like test client (cookies, form token, Origin).
import { consoleTest } from '../../console/test/support.js';
import { complaintsPlugin } from '../src/index.js';

/** The complaint numbers of the queue's table, in the order shown. */
const numbersIn = (html: string) =>
  [...html.matchAll(/href="\/complaints\/complaints\/[^"]+">([^<]+)</g)].map((m) => m[1]);

describe.each(testDatabases())('complaint queue views and filters on $name', (db) => {
  it('shows mine, my team’s and all open; filters by state, severity, nature, category, channel and overdue; sorts; answers htmx with the list alone', async () => {
    const ct = await consoleTest(db, [complaintsPlugin], { timeZone: 'Asia/Shanghai' });
    try {
      // Monday 10:00 in Shanghai: working time.
      ct.t.clock.set('2026-03-02T02:00:00.000Z');
      const am = await ct.person(['account_manager'], '客户经理周');
      const customer = await json(
        await ct.t.request('/api/v1/customers', {
          body: { name: '杭州西湖国宾酒店', kind: 'business', ownerId: am.id },
        }),
      );
      const agent = await ct.person(['customer_service'], '客服小王');
      const agent2 = await ct.person(['customer_service'], '客服小李');
      const manager = await ct.person(['service_manager'], '客服经理张');
      const file = async (token: string, body: Record<string, string>) => {
        const c = await json(
          await ct.t.request('/api/v1/complaints', {
            token,
            body: { customerId: customer.id, description: body.subject, ...body },
          }),
        );
        ct.t.clock.advance(60_000);
        return c;
      };
      const quality = await file(agent.token, {
        channel: 'phone',
        category: 'product_quality',
        severity: 'high',
        subject: '热水器漏水',
      });
      const service = await file(agent2.token, {
        channel: 'email',
        category: 'service',
        severity: 'normal',
        subject: '<img src=x onerror=alert(1)>',
      });
      const transport = await file(am.token, {
        channel: 'visit',
        category: 'transport',
        severity: 'critical',
        subject: '货物破损',
      });
      await ct.t.request(`/api/v1/complaints/${service.id}/accept`, {
        token: agent2.token,
        body: { severity: 'normal', nature: 'general' },
      });

      const en = ct.browser({ 'accept-language': 'en' });
      await en.signIn(manager.email);
      await en.get('/complaints/');
      expect(numbersIn(en.lastHtml).sort()).toEqual(
        [quality.number, service.number, transport.number].sort(),
      );
      expect(en.lastHtml).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(en.lastHtml).not.toContain('<img src=x');
      // The team of a service manager is customer service: not the account manager's complaint.
      await en.get('/complaints/?view=team');
      expect(en.lastHtml).toContain('aria-current="page">My team’s<');
      expect(numbersIn(en.lastHtml).sort()).toEqual([quality.number, service.number].sort());
      await en.get('/complaints/?view=mine');
      expect(numbersIn(en.lastHtml)).toEqual([]);
      expect(en.lastHtml).toContain('Nothing here.');

      const zh = ct.browser({ 'accept-language': 'zh-CN' });
      await zh.signIn(agent.email);
      await zh.get('/complaints/?view=mine');
      expect(zh.lastHtml).toContain('本组的');
      expect(numbersIn(zh.lastHtml)).toEqual([quality.number]);
      // The account manager's team is sales: their own complaint, not customer service's.
      const sales = ct.browser({ 'accept-language': 'zh-CN' });
      await sales.signIn(am.email);
      await sales.get('/complaints/?view=team');
      expect(numbersIn(sales.lastHtml)).toEqual([transport.number]);

      const only = async (query: string) => {
        await en.get(`/complaints/?${query}`);
        return numbersIn(en.lastHtml);
      };
      expect(await only('severity=critical')).toEqual([transport.number]);
      expect(await only('channel=email')).toEqual([service.number]);
      expect(await only('category=product_quality')).toEqual([quality.number]);
      expect(await only('nature=general')).toEqual([service.number]);
      expect(await only('state=accepted')).toEqual([service.number]);
      expect(await only('view=team&severity=critical')).toEqual([]);
      // The filter form shows what is chosen.
      await en.get('/complaints/?channel=email&view=team');
      expect(en.lastHtml).toMatch(/<option value="email" selected="">/);
      expect(en.lastHtml).toContain('<input type="hidden" name="view" value="team"/>');
      // A value the API does not know is refused in words, not a crash.
      await en.get('/complaints/?severity=urgent');
      expect(en.lastHtml).toContain('role="alert"');

      // Nothing is overdue yet; 45 working minutes later the critical one's response (30 min) is.
      expect(await only('overdue=true')).toEqual([]);
      ct.t.clock.advance(45 * 60_000);
      expect(await only('overdue=true')).toEqual([transport.number]);

      // Newest first by default; oldest first; by the resolution due time (critical first).
      expect(await only('')).toEqual([transport.number, service.number, quality.number]);
      expect(await only('sort=receivedAt')).toEqual([quality.number, service.number, transport.number]);
      expect((await only('sort=dueAt'))[0]).toBe(transport.number);
      await en.get('/complaints/?sort=receivedAt');
      expect(en.lastHtml).toContain('href="/complaints/?sort=-receivedAt"');
      expect(en.lastHtml).toContain('sorted ascending');

      // htmx replaces the list only.
      const partial = await en.get('/complaints/?channel=phone', {
        'hx-request': 'true',
        'hx-target': 'cmp-queue',
      });
      const body = await partial.text();
      expect(body.startsWith('<div id="cmp-queue"')).toBe(true);
      expect(body).not.toContain('<form');
      expect(numbersIn(body)).toEqual([quality.number]);
    } finally {
      await ct.close();
    }
  });

  it('pages the queue in each order with a cursor that belongs to that order', async () => {
    const ct = await consoleTest(db, [complaintsPlugin], { timeZone: 'Asia/Shanghai' });
    try {
      ct.t.clock.set('2026-03-02T02:00:00.000Z');
      const customer = await json(
        await ct.t.request('/api/v1/customers', { body: { name: '杭州西湖国宾酒店', kind: 'business' } }),
      );
      const manager = await ct.person(['service_manager']);
      const severities = ['low', 'critical', 'normal', 'high', 'critical'];
      const filed: any[] = [];
      for (const [i, severity] of severities.entries()) {
        filed.push(
          await json(
            await ct.t.request('/api/v1/complaints', {
              token: manager.token,
              body: {
                customerId: customer.id,
                channel: 'phone',
                category: 'service',
                severity,
                subject: `第${i + 1}件`,
                description: '—',
              },
            }),
          ),
        );
        ct.t.clock.advance(60_000);
      }
      const page = async (query: string) =>
        json(await ct.t.request(`/api/v1/complaints?${query}`, { token: manager.token }));
      const walk = async (sort: string) => {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const p: any = await page(`sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
          seen.push(...p.items.map((c: any) => c.subject));
          cursor = p.nextCursor;
        } while (cursor);
        return seen;
      };
      expect(await walk('receivedAt')).toEqual(['第1件', '第2件', '第3件', '第4件', '第5件']);
      expect(await walk('-receivedAt')).toEqual(['第5件', '第4件', '第3件', '第2件', '第1件']);
      // Due soonest first: the critical ones (8 working hours), high, normal, low.
      expect(await walk('dueAt')).toEqual(['第2件', '第5件', '第4件', '第3件', '第1件']);
      expect(await walk('-dueAt')).toEqual(['第1件', '第3件', '第4件', '第5件', '第2件']);
      const first = await page('limit=2');
      const refused = await ct.t.request(`/api/v1/complaints?sort=dueAt&cursor=${first.nextCursor}`, {
        token: manager.token,
      });
      expect(refused.status).toBe(400);
      expect((await json(refused)).code).toBe('invalid_cursor');
    } finally {
      await ct.close();
    }
  });
});
