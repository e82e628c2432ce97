import { json, testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { consoleTest } from './support.js';

describe.each(testDatabases())('contacts in the console on $name', (db) => {
  it('adds and changes a contact, keeps the input on a refusal, and refuses others', async () => {
    const ct = await consoleTest(db);
    try {
      const am = await ct.person(['account_manager']);
      const other = await ct.person(['account_manager']);
      const customer = await ct.t.kernel.customers.create(
        { name: '杭州联系人测试有限公司', ownerId: am.id },
        { actor: null },
      );
      const b = ct.browser({ 'accept-language': 'zh-CN' });
      await b.signIn(am.email);
      await b.get(`/customers/${customer.id}`);
      expect(b.lastHtml).toContain(`href="/customers/${customer.id}/contacts/new"`);

      await b.get(`/customers/${customer.id}/contacts/new`);
      const refused = await b.post(`/customers/${customer.id}/contacts/new`, {
        name: '陈静',
        email: 'not an email',
      });
      expect(refused.status).toBe(422);
      expect(b.lastHtml).toContain('value="陈静"');
      expect(b.lastHtml).toMatch(/id="f-email-error"/);

      const added = await b.post(`/customers/${customer.id}/contacts/new`, {
        name: '陈静',
        title: '采购经理',
        phone: '139 0000 0001',
        primary: 'true',
      });
      expect(added.status).toBe(303);
      await b.get(added.headers.get('location')!.replace(/#.*$/, ''));
      expect(b.lastHtml).toContain('联系人已保存。');
      expect(b.lastHtml).toContain('<strong>陈静</strong>');
      const [contact] = (await json(await ct.t.request(`/api/v1/customers/${customer.id}/contacts`))).items;
      expect(contact).toMatchObject({ name: '陈静', title: '采购经理', primary: true });

      await b.get(`/customers/${customer.id}/contacts/${contact.id}/edit`);
      expect(b.lastHtml).toContain('value="采购经理"');
      const changed = await b.post(`/customers/${customer.id}/contacts/${contact.id}/edit`, {
        name: '陈静',
        title: '采购总监',
        phone: '139 0000 0001',
        primary: 'true',
        version: String(contact.version),
      });
      expect(changed.status).toBe(303);
      // The same form again carries the old version: a lost update is refused and explained.
      const stale = await b.post(`/customers/${customer.id}/contacts/${contact.id}/edit`, {
        name: '陈静',
        title: '经理',
        version: String(contact.version),
      });
      expect(stale.status).toBe(409);
      expect(b.lastHtml).toContain('此联系人已被他人修改');
      const [after] = (await json(await ct.t.request(`/api/v1/customers/${customer.id}/contacts`))).items;
      expect(after.title).toBe('采购总监');

      const stranger = ct.browser({ 'accept-language': 'en' });
      await stranger.signIn(other.email);
      expect((await stranger.get(`/customers/${customer.id}/contacts/new`)).status).toBe(404);
      await stranger.get('/dashboard');
      expect((await stranger.post(`/customers/${customer.id}/contacts/new`, { name: 'X' })).status).toBe(404);
    } finally {
      await ct.close();
    }
  });
});
