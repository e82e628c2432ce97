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
      // Without the administrator's right the SLA settings are read-only: no way to add a policy.
      expect((await staff.get('/complaints/sla')).status).toBe(200);
      expect(staff.lastHtml).not.toContain('/complaints/sla/policies/new');
      expect((await staff.get('/complaints/sla/policies/new')).status).toBe(403);
    } finally {
      await ct.close();
    }
  });

  it('changes the nature, hands over, merges a duplicate and decides a compensation from the complaint page; reports draw charts', async () => {
    const ct = await consoleTest(db, [complaintsPlugin]);
    try {
      const owner = await ct.person(['account_manager']);
      const customer = await json(
        await ct.t.request('/api/v1/customers', {
          body: { name: '杭州西湖国宾酒店', kind: 'business', ownerId: owner.id },
        }),
      );
      const agent = await ct.person(['customer_service'], '客服小王');
      const agent2 = await ct.person(['customer_service'], '客服小李');
      const manager = await ct.person(['service_manager'], '客服经理张');
      const fileAs = async (token: string, subject: string) =>
        json(
          await ct.t.request('/api/v1/complaints', {
            token,
            body: {
              customerId: customer.id,
              channel: 'phone',
              category: 'service',
              subject,
              description: subject,
            },
          }),
        );
      const first = await fileAs(agent.token, '前台态度差');
      const again = await fileAs(agent.token, '前台态度差（再次来电）');
      const zh = ct.browser({ 'accept-language': 'zh-CN' });
      await zh.signIn(agent.email);
      const page = `/complaints/complaints/${first.id}`;
      await zh.get(page);
      expect(zh.lastHtml).toContain('变更投诉性质');
      expect(zh.lastHtml).toContain('移交其他受理人');
      // Nature: a false complaint records the guidance.
      expect(
        (
          await zh.post(page, {
            action: 'nature',
            nature: 'false',
            reason: '客户误用',
            note: '已指导正确使用',
          })
        ).status,
      ).toBe(303);
      const changed = await json(
        await ct.t.request(`/api/v1/complaints/${first.id}`, { token: agent.token }),
      );
      expect(changed).toMatchObject({ nature: 'false', natureNote: '已指导正确使用' });
      // The second call is a duplicate of the first.
      await zh.get(`/complaints/complaints/${again.id}`);
      expect(zh.lastHtml).toContain('标记为重复投诉');
      expect(zh.lastHtml).toContain(`<option value="${first.id}">`);
      await zh.post(`/complaints/complaints/${again.id}`, {
        action: 'markDuplicate',
        of: first.id,
        reason: '同一问题',
      });
      expect(
        await json(await ct.t.request(`/api/v1/complaints/${again.id}`, { token: agent.token })),
      ).toMatchObject({ state: 'duplicate', duplicateOf: first.id });
      // Hand over to a colleague, with a reason.
      await zh.get(page);
      expect(zh.lastHtml).toContain(`<option value="${agent2.id}">客服小李</option>`);
      const handedOver = await zh.post(page, {
        action: 'reassign',
        handlerId: agent2.id,
        reason: '小王休假',
      });
      // Back to the queue: the complaint is now the colleague's, out of sight of the one who handed over.
      expect(handedOver.headers.get('location')).toBe('/complaints/');
      expect(
        await json(await ct.t.request(`/api/v1/complaints/${first.id}`, { token: agent2.token })),
      ).toMatchObject({ handlerId: agent2.id });
      expect((await ct.t.request(`/api/v1/complaints/${first.id}`, { token: agent.token })).status).toBe(404);

      // A compensation above the threshold: the requester waits, another user decides on the page.
      const paid = await fileAs(agent.token, '客房漏水赔偿');
      const api = (path: string, body: unknown) =>
        ct.t.request(`/api/v1/complaints/${paid.id}/${path}`, { token: agent.token, body });
      await api('accept', { severity: 'normal', nature: 'general' });
      await api('investigation', { cause: '水管破裂', evidence: ['照片'] });
      await api('responsibility', { party: 'our_department', responsibleName: '工程部', rootCause: '老化' });
      await api('handling', {
        remedies: [{ kind: 'compensation', description: '赔偿损失', amount: 150_000, currency: 'CNY' }],
      });
      await zh.get(`/complaints/complaints/${paid.id}`);
      expect(zh.lastHtml).toContain('待他人审批');
      expect(zh.lastHtml).not.toContain('value="approve"');
      const mgr = ct.browser({ 'accept-language': 'en' });
      await mgr.signIn(manager.email);
      await mgr.get('/complaints/approvals');
      expect(mgr.lastHtml).toContain(paid.number);
      await mgr.get(`/complaints/complaints/${paid.id}`);
      const remedyId = /name="remedyId" value="([^"]+)"/.exec(mgr.lastHtml)?.[1];
      expect(remedyId).toBeDefined();
      await mgr.post(`/complaints/complaints/${paid.id}`, {
        action: 'approve',
        remedyId: remedyId!,
        note: 'OK',
      });
      const decided = await json(await ct.t.request(`/api/v1/complaints/${paid.id}`, { token: agent.token }));
      expect(decided.remedies[0]).toMatchObject({ status: 'approved', decidedBy: manager.id });
      await mgr.get('/complaints/approvals');
      expect(mgr.lastHtml).not.toContain(paid.number);

      // Reports: a chart of the counts and one of the attainment, each with its data table.
      await mgr.get('/complaints/reports?from=2020-01-01&to=2035-12-31&by=category');
      expect(mgr.lastHtml).toContain('<svg');
      expect(mgr.lastHtml).toContain('Complaints by category');
      expect(mgr.lastHtml).toContain('SLA attainment by category');
      expect(mgr.lastHtml).toContain('Service');
      // The complaint rate per active customer; without receivables no column per invoice.
      expect(mgr.lastHtml).toContain('Per 100 active customers');
      expect(mgr.lastHtml).not.toContain('Per 100 invoices');
    } finally {
      await ct.close();
    }
  });
});
