import { testDatabases } from '@kehu/core/testing';
import { keyAccountsPlugin } from '@kehu/plugin-key-accounts';
import { describe, expect, it } from 'vitest';
// The console's cookie-keeping client over app.request(): HTML-level tests without a browser.
import { consoleTest } from '../../plugins/console/test/support.js';

const API = '/api/v1/key-accounts';

describe.each(testDatabases())('key-account console pages on $name', (db) => {
  it('shows the ABC report with its Pareto chart, the list, an account page and scorecards in both languages', async () => {
    const ct = await consoleTest(db, [keyAccountsPlugin]);
    try {
      const sm = await ct.person(['sales_manager'], '周强');
      const sm2 = await ct.person(['sales_manager']);
      const am = await ct.person(['account_manager'], '李娜');
      const stranger = await ct.person(['account_manager']);
      const ids: string[] = [];
      for (const [i, name] of ['"><img src=x onerror=alert(1)> 远航物流', '华联超市', '金穗食品'].entries()) {
        const c = await ct.t.kernel.customers.create(
          { name, code: `KA-${i + 1}`, ownerId: am.id },
          { actor: null },
        );
        ids.push(c.id);
      }
      const csv = [
        'customerId,date,amount,currency,reference',
        ...ids.map((id, i) => `${id},2025-12-01,${[800, 150, 50][i]}.00,CNY,R-${i}`),
      ].join('\n');
      const imported = await ct.t.request(`${API}/revenue/import`, {
        token: sm.token,
        body: csv,
        headers: { 'content-type': 'text/csv' },
      });
      expect(imported.status).toBe(200);
      expect((await ct.t.request(`${API}/runs`, { token: sm.token, body: {} })).status).toBe(201);
      const proposal = (await (
        await ct.t.request(`${API}/designations`, {
          token: sm.token,
          body: {
            customerId: ids[0],
            kind: 'designate',
            reason: 'Top customer',
            managerId: am.id,
            criteria: Object.fromEntries(
              ['revenueShare', 'lossImpact', 'stableRelationship', 'maintenanceEffort', 'strategicFit'].map(
                (k) => [k, { met: true, note: null }],
              ),
            ),
          },
        })
      ).json()) as { id: string };
      const approved = await ct.t.request(`${API}/designations/${proposal.id}/approve`, {
        token: sm2.token,
        body: {},
      });
      expect(approved.status).toBe(200);
      await ct.t.request(`${API}/customers/${ids[0]}/stage`, {
        method: 'PUT',
        token: am.token,
        body: { value: 'mature' },
      });
      await ct.t.request(`${API}/customers/${ids[0]}/visits`, {
        token: am.token,
        body: { type: 'executive', dueOn: '2026-01-05', note: '总经理拜访' },
      });

      const zh = ct.browser({ 'accept-language': 'zh-CN' });
      await zh.signIn(sm.email);
      expect((await zh.get('/key-accounts/abc')).status).toBe(200);
      expect(zh.lastHtml).toContain('帕累托曲线');
      expect(zh.lastHtml).toMatch(/<svg[^>]*role="img"/);
      expect(zh.lastHtml).toContain('本次分类的等级变动');
      expect(zh.lastHtml).not.toContain('<img src=x');
      expect((await zh.get('/key-accounts/accounts')).status).toBe(200);
      expect(zh.lastHtml).toContain('KA-1');
      expect(zh.lastHtml).not.toContain('华联超市'); // designated accounts only by default
      await zh.get('/key-accounts/accounts?designated=all');
      expect(zh.lastHtml).toContain('华联超市');
      expect((await zh.get(`/key-accounts/customers/${ids[0]}`)).status).toBe(200);
      expect(zh.lastHtml).toContain('采购中心');
      expect(zh.lastHtml).toContain('没有联系人担任决策者');
      expect(zh.lastHtml).toContain('成熟期');
      expect(zh.lastHtml).toContain('高层拜访');
      expect(zh.lastHtml).toContain('李娜');
      expect((await zh.get('/key-accounts/scorecards?year=2026')).status).toBe(200);
      expect(zh.lastHtml).toContain('李娜');
      expect(zh.lastHtml).toContain('计划完成情况');
      expect((await zh.get(`/customers/${ids[0]}`)).status).toBe(200);
      expect(zh.lastHtml).toContain('data-panel="key-accounts.account"');

      const en = ct.browser({ 'accept-language': 'en' });
      await en.signIn(am.email);
      expect((await en.get('/key-accounts/abc')).status).toBe(200);
      expect(en.lastHtml).toContain('Pareto curve');
      await en.get(`/key-accounts/customers/${ids[0]}`);
      expect(en.lastHtml).toContain('No contact holds the role Decision maker');
      expect(en.lastHtml).toContain('Senior-management visit');
      // Scorecards are for sales and general managers.
      expect((await en.get('/key-accounts/scorecards')).status).toBe(403);

      const other = ct.browser({ 'accept-language': 'en' });
      await other.signIn(stranger.email);
      expect((await other.get(`/key-accounts/customers/${ids[0]}`)).status).toBe(404);
      expect((await other.get('/key-accounts/customers/nonexistent')).status).toBe(404);
      await other.get('/key-accounts/accounts?designated=all');
      expect(other.lastHtml).not.toContain('KA-1');
    } finally {
      await ct.close();
    }
  });
});
