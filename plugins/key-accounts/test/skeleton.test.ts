import { createTestKehu, json, testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { keyAccountsPlugin } from '../src/index.js';

describe.each(testDatabases())('key-accounts plugin on $name', (db) => {
  it('answers for a customer it knows nothing about: class none, not designated', async () => {
    const t = await createTestKehu(db, { plugins: [keyAccountsPlugin] });
    try {
      const customer = await json(await t.request('/api/v1/customers', { body: { name: '宁波港城机电' } }));
      const res = await t.request(`/api/v1/customers/${customer.id}?include=keyAccount`);
      expect(res.status).toBe(200);
      expect((await json(res)).facets.keyAccount).toEqual({
        class: 'none',
        designated: false,
        managerId: null,
        stage: null,
        relationship: null,
        openGaps: [],
        nextVisitDue: null,
        entitlements: [],
      });
      const service = t.kernel.service('key-accounts');
      expect(await service?.isKeyAccount(customer.id)).toBe(false);
      expect((await service?.tierOf([customer.id]))?.get(customer.id)).toEqual({
        class: 'none',
        designated: false,
        managerId: null,
      });
    } finally {
      await t.close();
    }
  });

  it('refuses an A threshold at or above the B threshold at boot, naming the field', async () => {
    await expect(
      createTestKehu(db, {
        plugins: [keyAccountsPlugin],
        config: { 'key-accounts': { aThreshold: 9_500, bThreshold: 9_000 } },
      }),
    ).rejects.toThrow(/key-accounts.*bThreshold/s);
  });
});
