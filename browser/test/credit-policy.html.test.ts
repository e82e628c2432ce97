import { json, testDatabases } from '@kehu/core/testing';
import { creditPlugin } from '@kehu/plugin-credit';
import { receivablesPlugin } from '@kehu/plugin-receivables';
import { describe, expect, it } from 'vitest';
// The console's cookie-keeping client over app.request(): HTML-level tests without a browser.
import { consoleTest } from '../../plugins/console/test/support.js';

// The credit manager's pages beyond limits and scores: the company's credit policy (grades, ceilings,
// terms, 5C weights), a customer's term and review date, and one-off exceptions.

const main = (html: string) => html.slice(html.indexOf('<main'));

describe.each(testDatabases())('credit policy, terms and exceptions on $name', (db) => {
  const setup = async () => {
    const ct = await consoleTest(db, [receivablesPlugin, creditPlugin]);
    const am = await ct.person(['account_manager'], 'Owner');
    const other = await ct.person(['account_manager'], 'Other');
    const cm = await ct.person(['credit_manager'], 'Credit manager');
    const customer = await ct.t.kernel.customers.create(
      { name: '"><img src=x onerror=alert(1)> 贸易', ownerId: am.id },
      { actor: null },
    );
    const api = (path: string) => ct.t.request(`/api/v1/credit${path}`).then(json);
    return { ct, am, other, cm, customer, api };
  };

  /** The policy form's fields as the page shows them (what a browser would post back). */
  const formOf = (html: string): Record<string, string> => {
    const form = html.slice(
      html.indexOf('id="policy-form"'),
      html.indexOf('</form>', html.indexOf('id="policy-form"')),
    );
    const fields: Record<string, string> = {};
    for (const m of form.matchAll(/<input ([^>]*)>/g)) {
      const attrs = m[1]!;
      const name = /name="([^"]+)"/.exec(attrs)?.[1];
      if (!name || name === '_csrf') continue;
      if (attrs.includes('type="checkbox"')) {
        if (attrs.includes(' checked')) fields[name] = 'true';
      } else fields[name] = /value="([^"]*)"/.exec(attrs)?.[1] ?? '';
    }
    return fields;
  };

  it('edits the policy with each refusal beside its field in Chinese, and only for credit managers', async () => {
    const { ct, am, cm, api } = await setup();
    try {
      const b = ct.browser({ 'accept-language': 'zh-CN' });
      await b.signIn(cm.email);
      expect((await b.get('/credit/policy')).status).toBe(200);
      const fields = formOf(b.lastHtml);
      expect(fields['grades.0.grade']).toBe('AAA');
      expect(fields['grades.1.maxLimit']).toBe('5000000.00');
      expect(fields['factors.4.key']).toBe('conditions');

      // AA needs more than AAA: refused beside AA's threshold, nothing saved.
      const bad = await b.post('/credit/policy', { ...fields, 'grades.1.minScore': '95' });
      expect(bad.status).toBe(422);
      expect(main(b.lastHtml)).toMatch(/id="policy-grades-1-minScore"[^>]*aria-invalid="true"/);
      expect(b.lastHtml).toMatch(/id="policy-grades-1-minScore-error">须低于上一等级的最低评分/);
      expect(b.lastHtml).toContain('value="95"');
      expect((await api('/policy')).version).toBe(0);

      // A sixth factor that makes the weights add up to more than 1.
      await b.get('/credit/policy');
      const extra = {
        ...fields,
        'factors.5.key': 'paymentHistory',
        'factors.5.weight': '0.1',
        'factors.5.labels.en': 'Payment history',
        'factors.5.labels.zh-CN': '付款记录',
      };
      expect((await b.post('/credit/policy', extra)).status).toBe(422);
      expect(b.lastHtml).toMatch(/id="policy-factors-error">各因素权重之和须为 1/);
      expect(b.lastHtml).toContain('value="paymentHistory"');
      expect((await api('/policy')).factors).toHaveLength(5);

      // Reweighted, an AA ceiling lowered and BBB without credit sales: saved.
      await b.get('/credit/policy');
      const noBbbSales: Record<string, string> = { ...extra };
      delete noBbbSales['grades.3.creditSales'];
      const saved = await b.post('/credit/policy', {
        ...noBbbSales,
        'factors.0.weight': '0.15',
        'grades.1.maxLimit': '4,000,000',
      });
      expect(saved.status).toBe(303);
      const policy = await api('/policy');
      expect(policy.version).toBe(1);
      expect(policy.factors.map((f: { key: string }) => f.key)).toEqual([
        'character',
        'capacity',
        'capital',
        'collateral',
        'conditions',
        'paymentHistory',
      ]);
      expect(policy.factors[5].labels['zh-CN']).toBe('付款记录');
      expect(policy.grades[1].maxLimit).toBe(4_000_000_00);
      expect(policy.grades[3].creditSales).toBe(false);
      await b.get(saved.headers.get('location')!);
      expect(b.lastHtml).toContain('信用政策已保存。');

      // Emptying a factor's key takes it out (its weight goes to another).
      const current = formOf(b.lastHtml);
      expect(
        (
          await b.post('/credit/policy', {
            ...current,
            'factors.5.key': '',
            'factors.5.weight': '',
            'factors.0.weight': '0.25',
          })
        ).status,
      ).toBe(303);
      expect((await api('/policy')).factors).toHaveLength(5);

      // A form of an older version is refused, not applied over the newer one.
      expect((await b.post('/credit/policy', { ...current, version: '1' })).status).toBe(409);
      expect(b.lastHtml).toContain('他人已修改了此内容，请刷新后重试');
      expect((await api('/policy')).version).toBe(2);

      // Without the form's token nothing is posted.
      await b.get('/credit/policy');
      expect((await b.post('/credit/policy', { ...formOf(b.lastHtml) }, { csrf: null })).status).toBe(403);
      expect((await api('/policy')).version).toBe(2);

      // An account manager reads the policy; there is no form, and a forged post changes nothing.
      const owner = ct.browser({ 'accept-language': 'en' });
      await owner.signIn(am.email);
      await owner.get('/credit/policy');
      expect(owner.lastHtml).toContain('What each grade allows');
      expect(owner.lastHtml).not.toContain('id="policy-form"');
      expect(owner.lastHtml).toContain('CN¥4,000,000.00');
      await owner.post('/credit/policy', { ...current, version: '2', 'grades.1.maxLimit': '1' });
      expect((await api('/policy')).version).toBe(2);
    } finally {
      await ct.close();
    }
  });

  it('adds, changes and removes the ceilings of other currencies, each refusal beside its field', async () => {
    const { ct, am, cm, api } = await setup();
    try {
      const b = ct.browser({ 'accept-language': 'en' });
      await b.signIn(cm.email);
      await b.get('/credit/policy');
      const blank = formOf(b.lastHtml);
      // No other currency yet: one blank row to add one.
      expect(blank['others.0.currency']).toBe('');
      expect(blank).not.toHaveProperty('others.1.currency');

      // Not an ISO 4217 code: said beside the code, with the API's sentence in English.
      const xyz = await b.post('/credit/policy', {
        ...blank,
        'others.0.currency': 'XYZ',
        'others.0.AA': '1000',
      });
      expect(xyz.status).toBe(422);
      expect(main(b.lastHtml)).toMatch(/id="policy-others-0-currency"[^>]*aria-invalid="true"/);
      expect(b.lastHtml).toMatch(/id="policy-others-0-currency-error">XYZ is not an ISO 4217 currency code/);
      expect(b.lastHtml).toContain('value="XYZ"');
      expect((await api('/policy')).version).toBe(0);

      // More decimals than the currency has: beside that grade's ceiling, in Chinese in zh-CN.
      const zh = ct.browser({ 'accept-language': 'zh-CN' });
      await zh.signIn(cm.email);
      await zh.get('/credit/policy');
      const cents = await zh.post('/credit/policy', {
        ...formOf(zh.lastHtml),
        'others.0.currency': 'usd',
        'others.0.AA': '700,000.005',
      });
      expect(cents.status).toBe(422);
      expect(main(zh.lastHtml)).toMatch(/id="policy-others-0-AA"[^>]*aria-invalid="true"/);
      expect(zh.lastHtml).toMatch(/id="policy-others-0-AA-error">金额须为该币种最小单位的整数倍/);
      expect((await api('/policy')).otherCurrencies).toBe('refuse');

      // Added: US dollars, AA capped, AAA without a ceiling, the weakest grades at 0.
      await b.get('/credit/policy');
      const usd = {
        ...formOf(b.lastHtml),
        'others.0.currency': 'usd',
        'others.0.AA': '700,000',
        'others.0.A': '300000.50',
        ...Object.fromEntries(['CCC', 'CC', 'C', 'D'].map((g) => [`others.0.${g}`, '0'])),
      };
      expect((await b.post('/credit/policy', usd)).status).toBe(303);
      let policy = await api('/policy');
      expect(policy.otherCurrencies.USD).toMatchObject({ AAA: null, AA: 70_000_000, A: 30_000_050, D: 0 });
      expect(policy.version).toBe(1);

      // Listed now: shown by name with its ceilings, and a blank row for a yen table.
      await b.get('/credit/policy');
      expect(b.lastHtml).toContain('USD · US Dollar');
      const listed = formOf(b.lastHtml);
      expect([listed['others.0.currency'], listed['others.0.AA'], listed['others.1.currency']]).toEqual([
        'USD',
        '700000.00',
        '',
      ]);
      const yen = { ...listed, 'others.1.currency': 'JPY', 'others.1.AA': '90,000,000' };
      // Dollars twice: refused beside the second row, nothing sent.
      const twice = await b.post('/credit/policy', { ...yen, 'others.1.currency': 'USD' });
      expect(twice.status).toBe(422);
      expect(b.lastHtml).toMatch(/id="policy-others-1-currency-error">USD is listed twice/);
      expect((await api('/policy')).version).toBe(1);
      expect((await b.post('/credit/policy', yen)).status).toBe(303);
      policy = await api('/policy');
      expect(Object.keys(policy.otherCurrencies)).toEqual(['USD', 'JPY']);
      expect(policy.otherCurrencies.JPY.AA).toBe(90_000_000);

      // The account manager reads each currency's ceilings in that currency.
      const owner = ct.browser({ 'accept-language': 'en' });
      await owner.signIn(am.email);
      await owner.get('/credit/policy');
      expect(owner.lastHtml).not.toContain('name="others.');
      expect(owner.lastHtml).toContain('$700,000.00');
      expect(owner.lastHtml).toContain('¥90,000,000');

      // Taken out one at a time; with none left, other currencies get no credit.
      await b.get('/credit/policy');
      const two = formOf(b.lastHtml);
      expect(two['others.1.currency']).toBe('JPY');
      expect((await b.post('/credit/policy', { ...two, 'others.0.remove': 'true' })).status).toBe(303);
      expect(Object.keys((await api('/policy')).otherCurrencies)).toEqual(['JPY']);
      await b.get('/credit/policy');
      expect(
        (await b.post('/credit/policy', { ...formOf(b.lastHtml), 'others.0.remove': 'true' })).status,
      ).toBe(303);
      expect((await api('/policy')).otherCurrencies).toBe('refuse');
    } finally {
      await ct.close();
    }
  });

  it('changes a customer’s term and grants and revokes an exception, 404 alike for an invisible customer', async () => {
    const { ct, am, other, cm, customer, api } = await setup();
    try {
      await ct.t.request(`/api/v1/credit/customers/${customer.id}/profile`, { token: cm.token, body: {} });
      const b = ct.browser({ 'accept-language': 'en' });
      await b.signIn(cm.email);
      await b.get(`/credit/customers/${customer.id}`);
      expect(b.lastHtml).toContain(`/credit/customers/${customer.id}/terms`);
      expect(b.lastHtml).toContain(`/credit/customers/${customer.id}/overrides`);

      // The term: a reason is required, shown beside its field.
      await b.get(`/credit/customers/${customer.id}/terms`);
      expect(b.lastHtml).toMatch(/id="terms-maxTermDays"[^>]*value="30"/);
      const version = /name="version" value="(\d+)"/.exec(b.lastHtml)![1]!;
      const noReason = await b.post(`/credit/customers/${customer.id}/terms`, {
        maxTermDays: '45',
        nextReviewDate: '2026-09-01',
        version,
        reason: '',
      });
      expect(noReason.status).toBe(422);
      expect(main(b.lastHtml)).toMatch(/id="terms-reason"[^>]*aria-invalid="true"/);
      expect((await api(`/customers/${customer.id}`)).profile.maxTermDays).toBe(30);
      const changed = await b.post(`/credit/customers/${customer.id}/terms`, {
        maxTermDays: '45',
        nextReviewDate: '2026-09-01',
        version,
        reason: 'Three years without a late payment',
      });
      expect(changed.status).toBe(303);
      const profile = (await api(`/customers/${customer.id}`)).profile;
      expect([profile.maxTermDays, profile.nextReviewDate]).toEqual([45, '2026-09-01']);

      // An exception: an expiry in the past is refused beside it (in Chinese in zh-CN).
      const zh = ct.browser({ 'accept-language': 'zh-CN' });
      await zh.signIn(cm.email);
      await zh.get(`/credit/customers/${customer.id}/overrides`);
      expect(zh.lastHtml).toContain('没有特批。');
      const grant = { amountCap: '120,000', currency: 'CNY', reason: '年底大单', expiresAt: '2026-02-20' };
      expect((await zh.post(`/credit/customers/${customer.id}/overrides`, grant)).status).toBe(422);
      expect(zh.lastHtml).toMatch(/id="override-expiresAt-error">有效期须晚于现在/);
      expect((await api(`/customers/${customer.id}/overrides`)).items).toHaveLength(0);
      // Without the form's token nothing is granted.
      expect(
        (
          await zh.post(
            `/credit/customers/${customer.id}/overrides`,
            { ...grant, expiresAt: '2026-03-15' },
            { csrf: null },
          )
        ).status,
      ).toBe(403);
      expect((await api(`/customers/${customer.id}/overrides`)).items).toHaveLength(0);
      const granted = await zh.post(`/credit/customers/${customer.id}/overrides`, {
        ...grant,
        expiresAt: '2026-03-15',
      });
      expect(granted.status).toBe(303);
      const [o] = (await api(`/customers/${customer.id}/overrides`)).items;
      expect([o.amountCap, o.expiresAt, o.status]).toEqual([
        120_000_00,
        '2026-03-15T23:59:00.000Z',
        'active',
      ]);
      await zh.get(granted.headers.get('location')!);
      expect(zh.lastHtml).toContain('特批已给予。');
      expect(zh.lastHtml).toContain('¥120,000.00');

      // The owner sees the list, not the grant form nor the revoke button.
      const owner = ct.browser({ 'accept-language': 'en' });
      await owner.signIn(am.email);
      await owner.get(`/credit/customers/${customer.id}/overrides`);
      expect(owner.lastHtml).toContain('CN¥120,000.00');
      expect(owner.lastHtml).not.toContain('Grant an exception</button>');
      expect(owner.lastHtml).not.toContain('/revoke');
      expect(
        (await owner.post(`/credit/customers/${customer.id}/overrides/${o.id}/revoke`, { reason: 'x' }))
          .status,
      ).toBe(403);

      // Revoked by the credit manager, with a reason.
      await b.get(`/credit/customers/${customer.id}/overrides`);
      expect(b.lastHtml).toContain(`/credit/customers/${customer.id}/overrides/${o.id}/revoke`);
      expect(
        (
          await b.post(`/credit/customers/${customer.id}/overrides/${o.id}/revoke`, {
            reason: 'Order cancelled',
          })
        ).status,
      ).toBe(303);
      expect((await api(`/customers/${customer.id}/overrides`)).items[0].status).toBe('revoked');
      // Revoked once: a second time is refused and says so.
      await b.get(`/credit/customers/${customer.id}/overrides`);
      expect(
        (await b.post(`/credit/customers/${customer.id}/overrides/${o.id}/revoke`, { reason: 'Again' }))
          .status,
      ).toBe(409);

      // Someone who may not see the customer gets the 404 page of a customer that does not exist.
      const stranger = ct.browser({ 'accept-language': 'en' });
      await stranger.signIn(other.email);
      for (const page of ['overrides', 'terms']) {
        const hidden = await stranger.get(`/credit/customers/${customer.id}/${page}`);
        const hiddenHtml = main(stranger.lastHtml);
        const missing = await stranger.get(`/credit/customers/nonexistent/${page}`);
        expect([page, hidden.status, missing.status]).toEqual([
          page,
          page === 'terms' ? 403 : 404,
          page === 'terms' ? 403 : 404,
        ]);
        expect(main(stranger.lastHtml)).toBe(hiddenHtml);
      }
      expect(stranger.lastHtml).not.toContain('贸易');
    } finally {
      await ct.close();
    }
  });
});
