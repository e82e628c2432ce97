import { testDatabases } from '@kehu/core/testing';
import { loyaltyPlugin } from '@kehu/example-custom-plugin';
import { describe, expect, it } from 'vitest';
import { consoleTest } from './support.js';

const XSS_NAMES = ['<script>alert(1)</script> 公司', '"><img src=x onerror=alert(1)> Trading'];

describe.each(testDatabases())('console pages on $name', (db) => {
  const setup = async () => {
    const ct = await consoleTest(db, [loyaltyPlugin]);
    const am = await ct.person(['account_manager'], 'Li Na');
    const other = await ct.person(['account_manager'], 'Chen Jie');
    const manager = await ct.person(['sales_manager'], 'Zhou Min');
    const staff = await ct.person(['staff'], 'Sun Li');
    const mine = await ct.t.kernel.customers.create(
      { name: '青禾食品有限公司', region: '华东', ownerId: am.id, tags: ['vip'], phone: '021-5555 0101' },
      { actor: null },
    );
    const theirs = await ct.t.kernel.customers.create(
      { name: 'Hidden Co', ownerId: other.id },
      { actor: null },
    );
    return { ct, am, other, manager, staff, mine, theirs };
  };

  it('lists the customers the user may see, searches, sorts and pages with a cursor', async () => {
    const { ct, am, manager } = await setup();
    try {
      for (let i = 0; i < 30; i++)
        await ct.t.kernel.customers.create(
          { name: `客户 ${String(i).padStart(2, '0')}`, ownerId: am.id },
          { actor: null },
        );
      const b = ct.browser({ 'accept-language': 'zh-CN,zh;q=0.9' });
      await b.signIn(am.email);
      const list = await b.get('/customers');
      expect(list.status).toBe(200);
      expect(b.lastHtml).toContain('<html lang="zh-CN"');
      expect(b.lastHtml).toContain('客户 29');
      expect(b.lastHtml).not.toContain('Hidden Co');
      const next = /href="(\/customers\?[^"]*cursor=[^"]+)"/.exec(b.lastHtml)?.[1]?.replaceAll('&amp;', '&');
      expect(next).toBeTruthy();
      await b.get(next!);
      expect(b.lastHtml).toContain('客户');
      // Search through htmx returns only the results fragment.
      const found = await b.get('/customers?q=%E9%9D%92%E7%A6%BE', { 'hx-request': 'true' });
      const fragment = await found.text();
      expect(fragment.startsWith('<div id="customer-results"')).toBe(true);
      expect(fragment).toContain('青禾食品有限公司');
      expect(fragment).not.toContain('客户 01');
      await b.get('/customers?sort=name');
      expect(b.lastHtml).toContain('aria-sort="ascending"');
      const bad = await b.get('/customers?status=nonsense');
      expect(bad.status).toBe(200);
      expect(b.lastHtml).toContain('notice-error');
      const m = ct.browser();
      await m.signIn(manager.email);
      await m.get('/customers?q=Hidden');
      expect(m.lastHtml).toContain('Hidden Co');
      const exported = await m.get('/customers/export?q=Hidden');
      expect(exported.headers.get('content-type')).toContain('text/csv');
      expect(await exported.text()).toContain('Hidden Co');
    } finally {
      await ct.close();
    }
  });

  it('shows the customer page with contacts, communications, timeline and plugin panels', async () => {
    const { ct, am, mine } = await setup();
    try {
      await ct.t.request(`/api/v1/customers/${mine.id}/contacts`, {
        body: { name: '王经理', title: '采购部', primary: true },
      });
      const b = ct.browser({ 'accept-language': 'en' });
      await b.signIn(am.email);
      const res = await b.get(`/customers/${mine.id}`);
      expect(res.status).toBe(200);
      expect(b.lastHtml).toContain('青禾食品有限公司');
      expect(b.lastHtml).toContain('王经理');
      expect(b.lastHtml).toContain('data-panel="loyalty.points"');
      expect(b.lastHtml).toContain('Loyalty points');
      const filed = await b.post(`/customers/${mine.id}/communications`, {
        channel: 'visit',
        direction: 'outbound',
        subject: 'Quarterly review',
        process: 'Met the buyer',
        result: 'Order expected in May',
      });
      expect(filed.status).toBe(303);
      await b.get(`/customers/${mine.id}`);
      expect(b.lastHtml).toContain('The communication was filed.');
      expect(b.lastHtml).toContain('Quarterly review');
      const refused = await b.post(`/customers/${mine.id}/communications`, { channel: 'visit', subject: '' });
      expect(refused.status).toBe(422);
      expect(b.lastHtml).toContain('field-error');
    } finally {
      await ct.close();
    }
  });

  it('answers 404 for a customer the user may not see, the same as for none, and lets them ask for access', async () => {
    const { ct, am, manager, theirs } = await setup();
    try {
      const b = ct.browser({ 'accept-language': 'en' });
      await b.signIn(am.email);
      const hidden = await b.get(`/customers/${theirs.id}`);
      const hiddenHtml = b.lastHtml;
      const none = await b.get('/customers/does-not-exist');
      expect(hidden.status).toBe(404);
      expect(none.status).toBe(404);
      expect(hiddenHtml).not.toContain('Hidden Co');
      expect(hiddenHtml.replaceAll(theirs.id, 'X')).toBe(b.lastHtml.replaceAll('does-not-exist', 'X'));
      expect((await b.get(`/customers/${theirs.id}/edit`)).status).toBe(404);
      expect(
        (await b.post(`/customers/${theirs.id}/communications`, { channel: 'call', subject: 'x' })).status,
      ).toBe(404);
      await b.get(`/customers/${theirs.id}`);
      expect(
        (await b.post(`/customers/${theirs.id}/access-request`, { reason: 'Covering for Chen Jie' })).status,
      ).toBe(303);
      const m = ct.browser({ 'accept-language': 'en' });
      await m.signIn(manager.email);
      await m.get('/access-requests?status=pending');
      expect(m.lastHtml).toContain('Covering for Chen Jie');
      const grantId = /action="\/access-requests\/([^/]+)\/approve"/.exec(m.lastHtml)![1]!;
      expect((await m.post(`/access-requests/${grantId}/approve`, { days: '7' })).status).toBe(303);
      expect((await b.get(`/customers/${theirs.id}`)).status).toBe(200);
      expect(b.lastHtml).toContain('Hidden Co');
      // A grant lets one read, not edit.
      expect((await b.get(`/customers/${theirs.id}/edit`)).status).toBe(403);
    } finally {
      await ct.close();
    }
  });

  it('renders names with markup as inert text everywhere', async () => {
    const { ct, am } = await setup();
    try {
      const ids: string[] = [];
      for (const name of XSS_NAMES)
        ids.push(
          (
            await ct.t.kernel.customers.create(
              { name, ownerId: am.id, tags: [name.slice(0, 40)] },
              { actor: null, force: true },
            )
          ).id,
        );
      const b = ct.browser();
      await b.signIn(am.email);
      for (const path of [
        '/customers',
        `/customers/${ids[0]}`,
        `/customers/${ids[1]}`,
        '/dashboard',
        `/customers/${ids[0]}/edit`,
      ]) {
        expect((await b.get(path)).status).toBe(200);
        expect(b.lastHtml).not.toContain('<script>alert');
        expect(b.lastHtml).not.toContain('<img src=x');
        expect(b.lastHtml).toMatch(/&lt;script&gt;alert\(1\)&lt;\/script&gt;|&lt;img src=x/);
      }
    } finally {
      await ct.close();
    }
  });

  it('creates and edits with a change reason, and says so clearly on a version conflict', async () => {
    const { ct, am, mine } = await setup();
    try {
      const b = ct.browser({ 'accept-language': 'en' });
      await b.signIn(am.email);
      await b.get('/customers/new');
      const created = await b.post('/customers/new', {
        name: 'Hangzhou Tea House',
        kind: 'business',
        status: 'active',
        chainPosition: 'end',
        tags: 'tea, retail',
      });
      expect(created.status).toBe(303);
      const id = created.headers.get('location')!.split('/').pop()!;
      expect((await ct.t.kernel.customers.get(id))?.tags).toEqual(['tea', 'retail']);
      // A duplicate is named, and can be added anyway.
      await b.get('/customers/new');
      expect((await b.post('/customers/new', { name: 'Hangzhou Tea House' })).status).toBe(422);
      expect(b.lastHtml).toContain('This looks like an existing customer');
      expect(b.lastHtml).toContain('name="force"');
      await b.get(`/customers/${mine.id}/edit`);
      const noReason = await b.post(`/customers/${mine.id}/edit`, { name: '青禾食品', version: '1' });
      expect(noReason.status).toBe(422);
      // Someone else saves first.
      await ct.t.request(`/api/v1/customers/${mine.id}`, {
        method: 'PATCH',
        body: { region: '华南', reason: 'moved', version: 1 },
      });
      const stale = await b.post(`/customers/${mine.id}/edit`, {
        name: '青禾食品',
        version: '1',
        reason: 'new legal name',
      });
      expect(stale.status).toBe(409);
      expect(b.lastHtml).toContain(
        'Someone else changed this customer while you were editing (it is now at version 2)',
      );
      expect(b.lastHtml).toContain('value="青禾食品"');
      expect((await ct.t.kernel.customers.get(mine.id))?.name).toBe('青禾食品有限公司');
      await b.get(`/customers/${mine.id}/edit`);
      const ok = await b.post(`/customers/${mine.id}/edit`, {
        name: '青禾食品',
        version: '2',
        reason: 'new legal name',
      });
      expect(ok.status).toBe(303);
      expect((await ct.t.kernel.customers.get(mine.id))?.name).toBe('青禾食品');
    } finally {
      await ct.close();
    }
  });

  it('shows my activities on the dashboard and in the inbox, and completes one', async () => {
    const { ct, am, mine } = await setup();
    try {
      const today = ct.t.clock.now().toISOString().slice(0, 10);
      for (const [subject, dueDate] of [
        ['回访青禾食品', today],
        ['<b>Call back</b>', '2026-02-20'],
      ] as const) {
        const res = await ct.t.request('/api/v1/activities', {
          token: am.token,
          body: { type: 'call', subject, customerId: mine.id, dueDate },
        });
        expect(res.status).toBe(201);
      }
      const b = ct.browser({ 'accept-language': 'zh-CN' });
      await b.signIn(am.email);
      await b.get('/dashboard');
      expect(b.lastHtml).toContain('我的待办');
      expect(b.lastHtml).toMatch(/inbox\?bucket=overdue"><span class="stat">1</);
      expect(b.lastHtml).toContain('&lt;b&gt;Call back&lt;/b&gt;');
      await b.get('/inbox?bucket=today');
      expect(b.lastHtml).toContain('回访青禾食品');
      expect(b.lastHtml).not.toContain('Call back');
      const id = /action="\/inbox\/([^/]+)\/complete"/.exec(b.lastHtml)![1]!;
      expect((await b.post(`/inbox/${id}/complete`, { note: '已回访' })).status).toBe(303);
      await b.get('/inbox');
      expect(b.lastHtml).toContain('待办已完成');
      expect(b.lastHtml).not.toContain('回访青禾食品');
    } finally {
      await ct.close();
    }
  });

  it('keeps admin pages to the roles that have the permission', async () => {
    const { ct, am, staff } = await setup();
    try {
      const admin = await ct.person(['admin'], 'Root');
      const a = ct.browser({ 'accept-language': 'en' });
      await a.signIn(admin.email);
      for (const path of [
        '/admin/users',
        '/admin/invitations',
        '/admin/custom-fields',
        '/admin/plugins',
        '/admin/hooks',
        '/admin/deliveries',
        '/admin/jobs',
        '/import',
        '/access-requests',
      ])
        expect((await a.get(path)).status, path).toBe(200);
      await a.get('/admin/plugins');
      expect(a.lastHtml).toContain('loyalty');
      const s = ct.browser();
      await s.signIn(staff.email);
      for (const path of [
        '/admin/users',
        '/admin/custom-fields',
        '/admin/hooks',
        '/admin/deliveries',
        '/admin/jobs',
        '/import',
        '/customers/new',
      ])
        expect((await s.get(path)).status, path).toBe(path === '/customers/new' ? 200 : 403);
      const m = ct.browser();
      await m.signIn(am.email);
      await m.get('/dashboard');
      expect((await m.post('/admin/jobs/run', {})).status).toBe(403);
      expect((await m.post('/admin/users', { name: 'Eve', roles: 'admin' })).status).toBe(403);
      expect(m.lastHtml).not.toContain('href="/admin/users"');
    } finally {
      await ct.close();
    }
  });

  it('switches language per user, defaulting from Accept-Language', async () => {
    const { ct, am } = await setup();
    try {
      const b = ct.browser({ 'accept-language': 'zh-CN' });
      await b.get('/sign-in');
      expect(b.lastHtml).toContain('登录');
      await b.signIn(am.email);
      await b.get('/dashboard');
      expect(b.lastHtml).toContain('工作台');
      await b.post('/language', { lang: 'en', next: '/dashboard' });
      await b.get('/dashboard');
      expect(b.lastHtml).toContain('Dashboard');
      // Remembered for the user, on another browser too.
      const other = ct.browser({ 'accept-language': 'zh-CN' });
      await other.signIn(am.email);
      await other.get('/dashboard');
      expect(other.lastHtml).toContain('<html lang="en"');
    } finally {
      await ct.close();
    }
  });
});
