import { testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { consoleTest } from './support.js';

describe.each(testDatabases())('company time zone on $name', (db) => {
  it.each([
    ['Asia/Shanghai', '16:00'],
    ['America/New_York', '03:00'],
  ])('shows times in the kernel’s time zone %s', async (timeZone, shown) => {
    const ct = await consoleTest(db, [], { timeZone });
    try {
      const am = await ct.person(['account_manager']);
      const customer = await ct.t.kernel.customers.create(
        { name: '时区测试有限公司', ownerId: am.id },
        { actor: null },
      );
      // 08:00 UTC on the test clock.
      const filed = await ct.t.request(`/api/v1/customers/${customer.id}/communications`, {
        token: am.token,
        body: { channel: 'call', direction: 'outbound', subject: 'Call' },
      });
      expect(filed.status).toBe(201);
      const b = ct.browser({ 'accept-language': 'en' });
      await b.signIn(am.email);
      await b.get(`/customers/${customer.id}`);
      expect(b.lastHtml).toMatch(new RegExp(`<td class="small">[^<]*${shown}</td>`));
    } finally {
      await ct.close();
    }
  });
});
