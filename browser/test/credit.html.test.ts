import { testDatabases } from '@kehu/core/testing';
import { creditPlugin } from '@kehu/plugin-credit';
import { receivablesPlugin } from '@kehu/plugin-receivables';
import { describe, expect, it } from 'vitest';
// The console's cookie-keeping client over app.request(): HTML-level tests without a browser.
import { consoleTest } from '../../plugins/console/test/support.js';

describe.each(testDatabases())('credit console pages on $name', (db) => {
  it('shows the credit panel and profile with a hold, in both languages, and 404 to others', async () => {
    const ct = await consoleTest(db, [receivablesPlugin, creditPlugin]);
    try {
      const am = await ct.person(['account_manager']);
      const other = await ct.person(['account_manager']);
      const cm = await ct.person(['credit_manager']);
      const customer = await ct.t.kernel.customers.create(
        { name: '"><img src=x onerror=alert(1)> 电子', ownerId: am.id },
        { actor: null },
      );
      const opened = await ct.t.request(`/api/v1/credit/customers/${customer.id}/profile`, {
        token: cm.token,
        body: {},
      });
      expect(opened.status).toBe(201);
      const held = await ct.t.request(`/api/v1/credit/customers/${customer.id}/holds`, {
        token: cm.token,
        body: { note: '等待担保函' },
      });
      if (held.status !== 201) throw new Error(await held.text());

      const zh = ct.browser({ 'accept-language': 'zh-CN' });
      await zh.signIn(am.email);
      await zh.get(`/customers/${customer.id}`);
      expect(zh.lastHtml).toContain('data-panel="credit.profile"');
      expect(zh.lastHtml).toMatch(/badge-failed">冻结<\/span>/);
      expect((await zh.get(`/credit/customers/${customer.id}`)).status).toBe(200);
      expect(zh.lastHtml).toContain('<strong>人工冻结</strong>');
      expect(zh.lastHtml).toContain('等待担保函');
      expect(zh.lastHtml).not.toContain('<img src=x');
      expect((await zh.get('/credit/approvals')).status).toBe(200);

      const en = ct.browser({ 'accept-language': 'en' });
      await en.signIn(am.email);
      await en.get(`/credit/customers/${customer.id}`);
      expect(en.lastHtml).toContain('<strong>Placed by a credit manager</strong>');
      expect(en.lastHtml).toContain('<dt>Available</dt><dd><strong>CN¥0.00</strong></dd>');

      const stranger = ct.browser({ 'accept-language': 'en' });
      await stranger.signIn(other.email);
      expect((await stranger.get(`/credit/customers/${customer.id}`)).status).toBe(404);
      expect((await stranger.get('/credit/customers/nonexistent')).status).toBe(404);
    } finally {
      await ct.close();
    }
  });
});
