import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loyalty, visits } from './readme-example.js';
import { createTestKehu, json, testDatabases } from './testing/index.js';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The JSON block that follows `<!-- marker -->` in the README. */
function readmeJson(marker: string): unknown {
  const at = README.indexOf(`<!-- ${marker} -->`);
  expect(at, `marker ${marker} in core/README.md`).toBeGreaterThan(-1);
  const block = /```json\n([\s\S]*?)```/.exec(README.slice(at));
  return JSON.parse(block![1]!);
}

describe.each(testDatabases())('the core README example on $name', (db) => {
  it('works as the README says and prints the describeHooks() output shown there', async () => {
    const t = await createTestKehu(db, { plugins: [visits, loyalty] });
    try {
      expect(t.kernel.describeHooks()).toEqual(readmeJson('describeHooks output'));

      const customer = await json(await t.request('/api/v1/customers', { body: { name: '杭州西湖茶业' } }));
      expect(customer.tags).toContain('visit-planned');
      expect(await t.drain()).toBe(1);
      expect(await t.kernel.service('loyalty')!.balance(customer.id)).toBe(100);
      const withFacet = await json(await t.request(`/api/v1/customers/${customer.id}?include=loyalty`));
      expect(JSON.stringify(withFacet)).toContain('"loyalty":{"points":100}');

      const manager = await t.user(['loyalty_manager']);
      const redeemed = await t.request('/api/v1/loyalty/redemptions', {
        token: manager.token,
        body: { customerId: customer.id, points: 30 },
      });
      expect(redeemed.status).toBe(201);
      expect(await json(redeemed)).toEqual({ balance: 70 });

      const refused = await t.request('/api/v1/loyalty/redemptions', {
        token: manager.token,
        body: { customerId: customer.id, points: 71 },
      });
      expect(refused.status).toBe(422);
      expect(await json(refused)).toEqual(readmeJson('redemption refused'));
      expect(await t.kernel.service('loyalty')!.balance(customer.id)).toBe(70);

      const account = await t.request(`/api/v1/loyalty/accounts/${customer.id}`);
      expect(await json(account)).toEqual({ customerId: customer.id, points: 70, tier: 'silver' });
      expect((await t.request(`/api/v1/loyalty/accounts/${customer.id}?tier=platinum`)).status).toBe(400);
      const meta = await json(await t.request('/api/v1/meta'));
      expect(meta.entityTypes.redemption.labels['zh-CN']).toBe('积分兑换');
      expect(meta.enums.loyaltyTier.gold).toEqual({ en: 'Gold', 'zh-CN': '金卡' });

      const staff = await t.user(['staff']);
      expect(
        (
          await t.request('/api/v1/loyalty/redemptions', {
            token: staff.token,
            body: { customerId: customer.id, points: 1 },
          })
        ).status,
      ).toBe(403);
      const [job] = await t.kernel.scheduler.runDue(
        new Date('2027-06-01T00:00:00Z'),
        'loyalty.expire-points',
      );
      expect(job).toEqual({
        job: 'loyalty.expire-points',
        period: '2027-06-01',
        status: 'ran',
        result: { expired: 1 },
      });
    } finally {
      await t.close();
    }
  });
});
