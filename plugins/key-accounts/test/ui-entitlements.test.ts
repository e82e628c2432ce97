import { testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
// The console's cookie-keeping client over app.request(): HTML-level tests without a browser.
import { consoleTest } from '../../console/test/support.js';
import { keyAccountsPlugin } from '../src/index.js';
import { API, designate, expectStatus, type KaWorld } from './support/kehu.js';

describe.each(testDatabases())('the entitlement end page on $name', (db) => {
  it('answers 404 for an entitlement of another account than the one in its path, and ends nothing', async () => {
    const ct = await consoleTest(db, [keyAccountsPlugin]);
    try {
      const [sm1, sm2, am] = [
        await ct.person(['sales_manager']),
        await ct.person(['sales_manager']),
        await ct.person(['account_manager']),
      ];
      const w = { request: ct.t.request, sm1, sm2 } as unknown as KaWorld;
      const account = async (name: string) => {
        const c = await ct.t.kernel.customers.create({ name, ownerId: am.id }, { actor: null });
        await designate(w, c.id, am.id);
        return c.id;
      };
      const [hualian, yuanhang] = [await account('华联超市'), await account('远航物流')];
      const granted = await expectStatus(
        await ct.t.request(`${API}/customers/${yuanhang}/entitlements`, {
          token: sm1.token,
          body: { kind: 'priority_supply', startsOn: '2026-03-01' },
        }),
        201,
      );
      const entitlements = async () =>
        (await expectStatus(await ct.t.request(`${API}/customers/${yuanhang}/entitlements`), 200)).items;

      const browser = ct.browser({ 'accept-language': 'zh-CN' });
      await browser.signIn(sm1.email);
      await browser.get(`/key-accounts/customers/${yuanhang}`);
      const mismatched = await browser.post(
        `/key-accounts/customers/${hualian}/entitlements/${granted.id}/end`,
        { reason: '改签' },
      );
      expect(mismatched.status).toBe(404);
      expect((await entitlements())[0]).toMatchObject({ id: granted.id, status: 'active' });
      await browser.get(`/key-accounts/customers/${yuanhang}`);
      expect(
        (await browser.post(`/key-accounts/customers/${yuanhang}/entitlements/nope/end`, { reason: 'x' }))
          .status,
      ).toBe(404);

      // The pair that belongs together ends it and goes back to its own account.
      await browser.get(`/key-accounts/customers/${yuanhang}`);
      const ended = await browser.post(`/key-accounts/customers/${yuanhang}/entitlements/${granted.id}/end`, {
        reason: '改签',
      });
      expect(ended.status).toBe(303);
      expect(ended.headers.get('location')).toContain(`/key-accounts/customers/${yuanhang}`);
      expect((await entitlements())[0]).toMatchObject({ id: granted.id, status: 'ended' });
    } finally {
      await ct.close();
    }
  });
});
