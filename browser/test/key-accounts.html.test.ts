import { testDatabases } from '@kehu/core/testing';
import { keyAccountsPlugin } from '@kehu/plugin-key-accounts';
import { describe, expect, it } from 'vitest';
// The console's cookie-keeping client over app.request(): HTML-level tests without a browser.
import { consoleTest } from '../../plugins/console/test/support.js';

const API = '/api/v1/key-accounts';

type ConsoleTest = Awaited<ReturnType<typeof consoleTest>>;

/** The key-account desk: a sales manager who proposes, a second who approves, the account manager. */
async function keyAccountDesk(ct: ConsoleTest) {
  return {
    sm: await ct.person(['sales_manager'], '周强'),
    sm2: await ct.person(['sales_manager']),
    am: await ct.person(['account_manager'], '李娜'),
  };
}

/** Designates the customer a key account with `am` as its manager: proposed by `sm`, approved by `sm2`. */
async function designate(
  ct: ConsoleTest,
  desk: Awaited<ReturnType<typeof keyAccountDesk>>,
  customerId: string,
): Promise<{ id: string; status: string }> {
  const proposal = (await (
    await ct.t.request(`${API}/designations`, {
      token: desk.sm.token,
      body: {
        customerId,
        kind: 'designate',
        reason: 'Top customer',
        managerId: desk.am.id,
        criteria: Object.fromEntries(
          ['revenueShare', 'lossImpact', 'stableRelationship', 'maintenanceEffort', 'strategicFit'].map(
            (k) => [k, { met: true, note: null }],
          ),
        ),
      },
    })
  ).json()) as { id: string };
  const approved = await ct.t.request(`${API}/designations/${proposal.id}/approve`, {
    token: desk.sm2.token,
    body: {},
  });
  expect(approved.status).toBe(200);
  return (await approved.json()) as { id: string; status: string };
}

describe.each(testDatabases())('key-account console pages on $name', (db) => {
  it('shows the ABC report with its Pareto chart, the list, an account page and scorecards in both languages', async () => {
    const ct = await consoleTest(db, [keyAccountsPlugin]);
    try {
      const desk = await keyAccountDesk(ct);
      const { sm, am } = desk;
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
      await designate(ct, desk, ids[0]!);
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
      // The section tabs: the list is the current one; managers also get the scorecards.
      expect(zh.lastHtml).toContain('<a href="/key-accounts/accounts" aria-current="page">大客户</a>');
      expect(zh.lastHtml).toContain('<a href="/key-accounts/scorecards">大客户经理考核</a>');
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
      expect(en.lastHtml).toContain('<a href="/key-accounts/abc" aria-current="page">ABC classification</a>');
      expect(en.lastHtml).not.toContain('/key-accounts/scorecards');
      await en.get(`/key-accounts/customers/${ids[0]}`);
      expect(en.lastHtml).toContain('No contact holds the role Decision maker');
      expect(en.lastHtml).toContain('Senior-management visit');
      // Scorecards are for sales and general managers: no tab, and the page refuses.
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

  it('grants an entitlement through the form, shows the refusal beside its field, and ends it', async () => {
    const ct = await consoleTest(db, [keyAccountsPlugin]);
    try {
      const desk = await keyAccountDesk(ct);
      const { sm, am } = desk;
      const c = await ct.t.kernel.customers.create(
        { name: '华联超市', code: 'KA-9', ownerId: am.id },
        { actor: null },
      );
      const api = async (path: string, token: string, body?: unknown) => {
        const res = await ct.t.request(`${API}${path}`, { token, ...(body === undefined ? {} : { body }) });
        return (await res.json()) as any;
      };
      expect((await designate(ct, desk, c.id)).status).toBe('approved');

      const zh = ct.browser({ 'accept-language': 'zh-CN' });
      await zh.signIn(sm.email);
      await zh.get(`/key-accounts/customers/${c.id}`);
      expect(zh.lastHtml).toContain('尚未授予任何权益。');
      expect(zh.lastHtml).toContain(`/key-accounts/customers/${c.id}/entitlements/new`);
      expect((await zh.get(`/key-accounts/customers/${c.id}/entitlements/new`)).status).toBe(200);
      const form = {
        kind: 'executive_visits',
        startsOn: '2026-03-01',
        endsOn: '',
        cadenceDays: '',
        note: '总经理每月拜访',
      };
      const refused = await zh.post(`/key-accounts/customers/${c.id}/entitlements/new`, form);
      expect(refused.status).toBe(422);
      expect(zh.lastHtml).toMatch(/id="entitlement-cadenceDays"[^>]*aria-invalid="true"/);
      expect(zh.lastHtml).toContain('总经理每月拜访');
      expect((await api(`/customers/${c.id}/entitlements`, sm.token)).items).toEqual([]);
      const backwards = await zh.post(`/key-accounts/customers/${c.id}/entitlements/new`, {
        ...form,
        cadenceDays: '30',
        endsOn: '2026-02-01',
      });
      expect(backwards.status).toBe(422);
      expect(zh.lastHtml).toContain('截止日早于起始日');
      const granted = await zh.post(`/key-accounts/customers/${c.id}/entitlements/new`, {
        ...form,
        cadenceDays: '30',
      });
      expect(granted.status).toBe(303);
      await zh.get(granted.headers.get('location')!);
      expect(zh.lastHtml).toContain('权益已授予。');
      expect(zh.lastHtml).toContain('高层拜访 · 每 30 天');
      expect(zh.lastHtml).toContain('生效中');
      expect(zh.lastHtml).toContain('2026-03-31'); // the first executive visit of the cadence

      // The account manager sees the entitlements, without the forms to grant or end them.
      const en = ct.browser({ 'accept-language': 'en' });
      await en.signIn(am.email);
      await en.get(`/key-accounts/customers/${c.id}`);
      expect(en.lastHtml).toContain('Senior-management visits · every 30 days');
      expect(en.lastHtml).toContain('In force');
      expect(en.lastHtml).not.toContain('/entitlements/new');
      expect(en.lastHtml).not.toContain('/end"');
      expect((await en.get(`/key-accounts/customers/${c.id}/entitlements/new`)).status).toBe(403);

      const [entitlement] = (await api(`/customers/${c.id}/entitlements`, sm.token)).items;
      const endPath = `/key-accounts/customers/${c.id}/entitlements/${entitlement.id}/end`;
      await zh.get(`/key-accounts/customers/${c.id}`);
      expect(zh.lastHtml).toContain(`action="${endPath}"`);
      const empty = await zh.post(endPath, { reason: '' });
      await zh.get(empty.headers.get('location')!);
      expect(zh.lastHtml).toContain('无法终止该权益');
      const ended = await zh.post(endPath, { reason: '改为季度拜访' });
      expect(ended.status).toBe(303);
      await zh.get(ended.headers.get('location')!);
      expect(zh.lastHtml).toContain('权益已终止。');
      expect(zh.lastHtml).toContain('已终止');
      expect((await api(`/customers/${c.id}/entitlements`, sm.token)).items[0].status).toBe('ended');
    } finally {
      await ct.close();
    }
  });
});
