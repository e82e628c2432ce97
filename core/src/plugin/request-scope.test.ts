import { describe, expect, it } from 'vitest';
import type { Principal } from '../auth/principal.js';
import type { CustomerService } from '../registry/customer-service.js';
import { createTestKehu, json, testDatabases } from '../testing/index.js';
import { definePlugin } from './define-plugin.js';

let built = 0;
/** A service built per request: it knows who asks, and takes the kernel's parts it needs by name. */
const greeter = definePlugin({
  name: 'greeter',
  version: '1.0.0',
  setup(ctx) {
    ctx.provideScoped(({ principal, customers }: { principal: Principal; customers: CustomerService }) => {
      built++;
      return {
        hello: () => `hello ${principal.id}`,
        sees: (id: string) => customers.requireVisible(principal, id),
      };
    });
    ctx.router.get('/me', { summary: 'Greets the caller', access: 'authenticated' }, async (c, { scope }) => {
      const a = scope.resolve<{ hello(): string }>('greeter');
      const b = scope.resolve<{ hello(): string }>('greeter');
      return c.json({ greeting: a.hello(), same: a === b });
    });
  },
});

describe.each(testDatabases())('request scopes on $name', (db) => {
  it('resolves a plugin service once per request, for that request’s caller; the kernel itself is not in the container', async () => {
    const t = await createTestKehu(db, { plugins: [greeter] });
    try {
      const other = await t.user(['staff']);
      const admin = await json(await t.request('/api/v1/greeter/me'));
      const staff = await json(await t.request('/api/v1/greeter/me', { token: other.token }));
      expect(admin.same).toBe(true);
      expect(staff).toEqual({ greeting: `hello ${other.id}`, same: true });
      expect(admin.greeting).not.toBe(staff.greeting);
      expect(built).toBe(2);
      expect(t.kernel.container.hasRegistration('kernel')).toBe(false);
      expect(t.kernel.container.hasRegistration('customers')).toBe(true);
    } finally {
      await t.close();
    }
  });
});
