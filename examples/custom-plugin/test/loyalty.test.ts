import { definePlugin, type KehuEvents } from '@kehu/core';
import { createTestKehu, json, type TestKehu, testDatabases } from '@kehu/core/testing';
import { receivablesPlugin } from '@kehu/plugin-receivables';
import { seedDemo } from '@kehu/sdk';
import { describe, expect, it } from 'vitest';
import { loyaltyPlugin } from '../src/index.js';

/** Another company plugin listening to loyalty's event: its payload is typed by loyalty's declaration merging. */
const shipped: KehuEvents['loyalty.points.redeemed'][] = [];
const rewardsDesk = definePlugin({
  name: 'rewards-desk',
  version: '0.0.1',
  setup(ctx) {
    ctx.hooks.on('loyalty.points.redeemed', 'ship-reward', (event) => {
      shipped.push({
        customerId: event.customerId,
        points: event.points,
        balance: event.balance,
        reason: event.reason,
        actorId: event.actorId,
      });
    });
  },
});

async function setup(db: Parameters<typeof createTestKehu>[0], config: Record<string, unknown> = {}) {
  const t = await createTestKehu(db, {
    plugins: [loyaltyPlugin, receivablesPlugin, rewardsDesk],
    config: { loyalty: config },
  });
  const customer = await json(
    await t.request('/api/v1/customers', { body: { name: '杭州西湖国宾酒店', kind: 'business' } }),
  );
  return { t, customerId: customer.id as string };
}

async function pay(t: TestKehu, customerId: string, amount: number, currency = 'CNY') {
  const res = await t.request('/api/v1/receivables/payments', {
    body: { customerId, amount, currency, date: '2026-03-01', method: 'bank_transfer' },
  });
  expect(res.status).toBe(201);
  await t.drain();
  return json(res);
}

const account = async (t: TestKehu, customerId: string, token?: string | null) =>
  t.request(`/api/v1/loyalty/customers/${customerId}`, token === undefined ? {} : { token });

describe.each(testDatabases())('loyalty plugin on $name', (db) => {
  it('earns a point per yuan paid when receivables records a payment, shown on the account and as a customer facet', async () => {
    const { t, customerId } = await setup(db);
    try {
      await pay(t, customerId, 1_234_56); // ¥1,234.56 → 1,234 points
      const res = await account(t, customerId);
      expect(res.status).toBe(200);
      const body = await json(res);
      expect(body.balance).toBe(1234);
      expect(body.entries).toEqual([
        expect.objectContaining({ points: 1234, reason: 'Payment of 1234.56 CNY' }),
      ]);
      const withFacet = await json(await t.request(`/api/v1/customers/${customerId}?include=loyalty`));
      expect(withFacet.facets.loyalty).toEqual({ balance: 1234 });
    } finally {
      await t.close();
    }
  });

  it('counts an event delivered twice only once, ignores other currencies and follows its config', async () => {
    const { t, customerId } = await setup(db, { pointsPerUnit: 2 });
    try {
      await pay(t, customerId, 500_00);
      await pay(t, customerId, 300_00, 'USD');
      const subscriber = t.kernel.hooks.subscriber('loyalty:earn-points')!;
      const [delivery] = await t.kernel.dispatcher
        .list({ status: 'delivered' })
        .then((all) =>
          all.filter(
            (d) =>
              d.subscriber === 'loyalty:earn-points' &&
              (d.payload as { currency: string }).currency === 'CNY',
          ),
        );
      await subscriber.handler(delivery!.payload, {
        eventId: delivery!.eventId,
        name: delivery!.event,
        occurredAt: delivery!.occurredAt,
        attempt: 2,
      });
      expect((await json(await account(t, customerId))).balance).toBe(1000);
    } finally {
      await t.close();
    }
  });

  it('takes points back when a payment is reversed', async () => {
    const { t, customerId } = await setup(db);
    try {
      const payment = await pay(t, customerId, 800_00);
      const reversed = await t.request(`/api/v1/receivables/payments/${payment.id}/reverse`, {
        body: { reason: 'Cheque bounced' },
      });
      expect(reversed.status).toBe(200);
      await t.drain();
      const body = await json(await account(t, customerId));
      expect(body.balance).toBe(0);
      expect(body.entries.map((e: { points: number }) => e.points)).toEqual([-800, 800]);
    } finally {
      await t.close();
    }
  });

  it('redeems points with an audit entry and an event, and refuses more than the balance with the figures and no change', async () => {
    const { t, customerId } = await setup(db);
    try {
      await pay(t, customerId, 300_00);
      const redeemed = await t.request(`/api/v1/loyalty/customers/${customerId}/redemptions`, {
        body: { points: 120, reason: '中秋礼盒 gift box' },
      });
      expect(redeemed.status).toBe(201);
      expect(await json(redeemed)).toMatchObject({ points: -120, reason: '中秋礼盒 gift box' });
      expect((await json(await account(t, customerId))).balance).toBe(180);
      const audit = await json(
        await t.request(`/api/v1/audit?entityType=loyalty_entry&customerId=${customerId}`),
      );
      expect(audit.items[0]).toMatchObject({
        action: 'redeem',
        changes: { balance: { from: 300, to: 180 } },
        reason: '中秋礼盒 gift box',
      });
      await t.drain();
      expect(shipped.filter((e) => e.customerId === customerId)).toEqual([
        { customerId, points: 120, balance: 180, reason: '中秋礼盒 gift box', actorId: expect.any(String) },
      ]);

      const tooMuch = await t.request(`/api/v1/loyalty/customers/${customerId}/redemptions`, {
        body: { points: 181, reason: 'Tea set' },
      });
      expect(tooMuch.status).toBe(422);
      expect(await json(tooMuch)).toMatchObject({
        code: 'loyalty_insufficient_points',
        available: 180,
        requested: 181,
      });
      expect((await json(await account(t, customerId))).balance).toBe(180);
    } finally {
      await t.close();
    }
  });

  it('lets only one of two concurrent redemptions spend the same points', async () => {
    const { t, customerId } = await setup(db);
    try {
      await pay(t, customerId, 100_00);
      const both = await Promise.all(
        [1, 2].map((n) =>
          t.request(`/api/v1/loyalty/customers/${customerId}/redemptions`, {
            body: { points: 100, reason: `Voucher ${n}` },
          }),
        ),
      );
      expect(both.map((r) => r.status).sort()).toEqual([201, 422]);
      expect((await json(await account(t, customerId))).balance).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('validates input and applies permissions and the customer access policy', async () => {
    const { t, customerId } = await setup(db);
    try {
      const bad = await t.request(`/api/v1/loyalty/customers/${customerId}/redemptions`, {
        body: { points: -5, reason: '', extra: true },
      });
      expect(bad.status).toBe(400);
      expect((await json(bad)).errors.map((e: { path: string }) => e.path).sort()).toEqual([
        'body',
        'body.points',
        'body.reason',
      ]);
      expect((await t.request('/api/v1/loyalty/customers/nope')).status).toBe(404);
      expect((await account(t, customerId, null)).status).toBe(401);

      const staff = await t.user(['staff']);
      expect(
        (
          await t.request(`/api/v1/loyalty/customers/${customerId}/redemptions`, {
            body: { points: 1, reason: 'x' },
            token: staff.token,
          })
        ).status,
      ).toBe(403);
      const otherManager = await t.user(['account_manager']);
      expect((await account(t, customerId, otherManager.token)).status).toBe(404);
    } finally {
      await t.close();
    }
  });

  it('refuses to end a relationship while points are unredeemed, and allows it once they are spent', async () => {
    const { t, customerId } = await setup(db);
    try {
      // An invoice paid in full: receivables has nothing open, loyalty has the points.
      const invoice = await t.request('/api/v1/receivables/invoices', {
        body: { customerId, lines: [{ description: '青团礼盒', quantity: 10, unitPrice: 5_00 }] },
      });
      expect(invoice.status).toBe(201);
      await pay(t, customerId, 50_00);
      const refused = await t.request(`/api/v1/customers/${customerId}/terminate`, {
        body: { reason: 'Hotel closed' },
      });
      expect(refused.status).toBe(409);
      const problem = await json(refused);
      expect(problem.code).toBe('open_items');
      expect(problem.openItems).toEqual([
        { plugin: 'loyalty', kind: 'points', count: 50, detail: '50 unredeemed loyalty points' },
      ]);
      expect((await json(await t.request(`/api/v1/customers/${customerId}`))).status).not.toBe('terminated');

      await t.request(`/api/v1/loyalty/customers/${customerId}/redemptions`, {
        body: { points: 50, reason: 'Farewell gift' },
      });
      const ended = await t.request(`/api/v1/customers/${customerId}/terminate`, {
        body: { reason: 'Hotel closed' },
      });
      expect(ended.status).toBe(200);
      expect((await json(ended)).status).toBe('terminated');
    } finally {
      await t.close();
    }
  });

  it('keeps the points of both on a merge, and leaves nothing behind when the customer is purged', async () => {
    const { t, customerId: target } = await setup(db);
    try {
      const source = (
        await json(
          await t.request('/api/v1/customers', {
            body: { name: '杭州西湖国宾馆', kind: 'business', phone: '0571-8797 9889' },
          }),
        )
      ).id as string;
      for (const [id, amount] of [
        [target, 120_00],
        [source, 80_00],
      ] as const) {
        const invoice = await t.request('/api/v1/receivables/invoices', {
          body: { customerId: id, lines: [{ description: '龙井茶', quantity: 1, unitPrice: amount }] },
        });
        expect(invoice.status).toBe(201);
        await pay(t, id, amount);
      }
      const merged = await t.request(`/api/v1/customers/${target}/merge`, {
        body: { sourceId: source, reason: 'Same hotel' },
      });
      expect(merged.status).toBe(200);
      const body = await json(await account(t, target));
      expect(body.balance).toBe(200);
      expect(body.entries.map((e: { points: number }) => e.points).sort()).toEqual([120, 80]);
      const facet = await json(await t.request(`/api/v1/customers/${target}?include=loyalty`));
      expect(facet.facets.loyalty).toEqual({ balance: 200 });

      await t.request(`/api/v1/loyalty/customers/${target}/redemptions`, {
        body: { points: 200, reason: 'Farewell gift' },
      });
      const deleted = await t.request(`/api/v1/customers/${target}`, {
        method: 'DELETE',
        body: { reason: 'Hotel closed' },
      });
      expect(deleted.status).toBe(200);
      const later = new Date(t.clock.now().getTime() + 31 * 86_400_000);
      const [purge] = await t.kernel.scheduler.runDue(later, 'kernel.customers.purge');
      expect(purge).toMatchObject({ status: 'ran', result: { purged: 2, failed: 0 } });
      const db = t.kernel.database.db;
      for (const table of ['loyalty_entry', 'loyalty_account'])
        expect(
          await db
            .selectFrom(table)
            .select('customer_id')
            .where('customer_id', 'in', [target, source])
            .execute(),
        ).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('gives about half of the demo customers welcome points in kehu seed --demo', async () => {
    const t = await createTestKehu(db, { plugins: [loyaltyPlugin, receivablesPlugin] });
    try {
      const progress: string[] = [];
      const result = await seedDemo(t.kernel, {
        plugins: [loyaltyPlugin, receivablesPlugin],
        progress: (m) => progress.push(m),
      });
      expect(result.plugins).toEqual(['receivables', 'loyalty']);
      expect(progress.some((m) => /^plugin loyalty: welcome points for \d+ customers$/.test(m))).toBe(true);
      const page = await json(await t.request('/api/v1/customers?include=loyalty&limit=100'));
      const welcomed = page.items.filter(
        (c: { facets: { loyalty: { balance: number } | null } }) => (c.facets.loyalty?.balance ?? 0) > 0,
      );
      expect(welcomed.length).toBeGreaterThan(page.items.length / 4);
      expect(welcomed.length).toBeLessThan(page.items.length);
    } finally {
      await t.close();
    }
  });

  it('registers its filter and subscribers where the kernel shows them', async () => {
    const t = await createTestKehu(db, { plugins: [loyaltyPlugin, receivablesPlugin] });
    try {
      const hooks = t.kernel.describeHooks();
      expect(
        hooks.filters.find((f) => f.name === 'customer.beforeTerminate')?.handlers.map((h) => h.plugin),
      ).toContain('loyalty');
      expect(hooks.events.find((e) => e.name === 'receivables.payment.recorded')?.subscribers).toContainEqual(
        { id: 'loyalty:earn-points', plugin: 'loyalty' },
      );
      // receivables is optional: loyalty boots after it, and without it.
      expect(t.kernel.plugins.map((p) => p.name)).toEqual(['receivables', 'loyalty']);
    } finally {
      await t.close();
    }
    const alone = await createTestKehu(db, { plugins: [loyaltyPlugin] });
    await alone.close();
  });
});
