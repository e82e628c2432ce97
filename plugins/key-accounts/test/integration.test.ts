import { testDatabases } from '@kehu/core/testing';
import { complaintsPlugin } from '@kehu/plugin-complaints';
import { describe, expect, it } from 'vitest';
import { API, designate, expectStatus, kaWorld } from './support/kehu.js';

describe.each(testDatabases())('key accounts with and without their partners on $name', (db) => {
  it('makes a designated account’s complaint key and tells its manager, with complaints enabled', async () => {
    const w = await kaWorld(db, { plugins: [complaintsPlugin] });
    try {
      const key = await w.customer('上海华联超市有限公司');
      const plain = await w.customer('Corner shop');
      await designate(w, key, w.am2.id);
      const identify = (customerId: string) =>
        w.kernel.transaction((trx) =>
          w.kernel.hooks.applyFilters(
            'complaints.identify',
            { complaintId: null, customerId, emotion: 'calm', keyReasons: [] },
            { trx, principal: null },
          ),
        );
      expect((await identify(key)).keyReasons).toEqual(['key_account']);
      expect((await identify(plain)).keyReasons).toEqual([]);

      // What complaints emits on intake; the manager finds it in their inbox once, however often it arrives.
      const received = (customerId: string) =>
        w.kernel.transaction((trx) =>
          w.kernel.hooks.emit(trx, 'complaints.received', {
            complaintId: `cmp-${customerId}`,
            customerId,
            contactId: null,
            handlerId: w.am.id,
            nature: 'key',
            severity: 'high',
            category: 'delivery',
          }),
        );
      await received(key);
      await received(plain);
      await w.settle();
      const inbox = await expectStatus(await w.request('/api/v1/notifications', { token: w.am2.token }), 200);
      const mine = inbox.items.filter((n: any) => n.kind === 'keyAccounts.complaint');
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ customerId: key, data: { complaintId: `cmp-${key}` } });
    } finally {
      await w.close();
    }
  });

  it('works alone: no receivables, complaints or satisfaction', async () => {
    const w = await kaWorld(db);
    try {
      const meta = await expectStatus(await w.request('/api/v1/meta'), 200);
      expect(meta.plugins.map((p: any) => p.name)).toEqual(['key-accounts', 'recorder']);
      const id = await w.customer('Solo customer');
      await expectStatus(await w.importRevenue([[id, '2026-02-01', '10.00']]), 200);
      expect((await w.run()).source).toBe('imported');
      await designate(w, id, w.am.id);
      expect(await w.kernel.service('key-accounts')!.isKeyAccount(id)).toBe(true);
      // The scorecard's satisfaction component has no data and is left out of the total.
      const card = await expectStatus(
        await w.request(`${API}/scorecards/${w.am.id}/2026`, { token: w.sm1.token }),
        200,
      );
      expect(card.components.find((c: any) => c.name === 'satisfaction')).toMatchObject({
        score: null,
        inputs: { available: false },
      });
      expect(card.total).not.toBeNull();
    } finally {
      await w.close();
    }
  });
});
