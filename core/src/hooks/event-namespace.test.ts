import { describe, expect, it } from 'vitest';
import { BootError } from '../errors.js';
import { definePlugin } from '../plugin/define-plugin.js';
import { createTestKehu, json, testDatabases } from '../testing/index.js';
import { eventNamespace } from './event-namespace.js';

declare module './types.js' {
  interface KehuEvents {
    'loyaltyPoints.earned': { customerId: string };
  }
}

/** A plugin that emits its own event, and one of another plugin's from a second route. */
const loyaltyPoints = definePlugin({
  name: 'loyalty-points',
  version: '1.0.0',
  events: ['loyaltyPoints.earned'],
  setup(ctx) {
    ctx.hooks.on('loyaltyPoints.earned', 'audit', () => {});
    // Someone listens to the foreign event, so an emit of it would write a delivery.
    ctx.hooks.on('customer.created', 'welcome', () => {});
    const route = (path: string, event: string) =>
      ctx.router.post(path, { summary: path, access: 'authenticated', customer: false }, async (c) => {
        try {
          await ctx.transaction((trx) =>
            ctx.hooks.emit(trx, event as 'loyaltyPoints.earned', { customerId: 'c1' }),
          );
          return c.json({ refused: null });
        } catch (err) {
          return c.json({ refused: (err as Error).message });
        }
      });
    route('/own', 'loyaltyPoints.earned');
    route('/foreign', 'customer.created');
  },
});

describe('event namespaces', () => {
  it('are the plugin name in camelCase', () => {
    expect(eventNamespace('credit')).toBe('credit');
    expect(eventNamespace('key-accounts')).toBe('keyAccounts');
    expect(eventNamespace('loyalty-points2')).toBe('loyaltyPoints2');
  });
});

describe.each(testDatabases())('event ownership on $name', (db) => {
  it('refuses at boot a plugin declaring another namespace’s event, or named into the kernel’s', async () => {
    const poacher = definePlugin({
      name: 'poacher',
      version: '1.0.0',
      events: ['loyaltyPoints.earned'],
      setup() {},
    });
    const boot = createTestKehu(db, { plugins: [poacher] });
    await expect(boot).rejects.toBeInstanceOf(BootError);
    await expect(createTestKehu(db, { plugins: [poacher] })).rejects.toThrow(
      'Plugin "poacher" declares events outside its namespace "poacher.*": loyaltyPoints.earned',
    );

    const squatter = definePlugin({ name: 'customer', version: '1.0.0', setup() {} });
    await expect(createTestKehu(db, { plugins: [squatter] })).rejects.toThrow(
      'Plugin "customer" would emit events as "customer.*", which belong to the kernel',
    );
  });

  it('lets a plugin emit its own events and refuses another namespace’s, writing nothing', async () => {
    const t = await createTestKehu(db, { plugins: [loyaltyPoints] });
    try {
      const own = await json(await t.request('/api/v1/loyalty-points/own', { method: 'POST' }));
      expect(own).toEqual({ refused: null });
      const foreign = await json(await t.request('/api/v1/loyalty-points/foreign', { method: 'POST' }));
      expect(foreign.refused).toContain(
        'Plugin "loyalty-points" may emit only its own events ("loyaltyPoints.*"), not "customer.created"',
      );
      const pending = await json(await t.request('/api/v1/admin/deliveries?status=pending'));
      expect(pending.items.map((d: { event: string }) => d.event)).toEqual(['loyaltyPoints.earned']);
    } finally {
      await t.close();
    }
  });
});
