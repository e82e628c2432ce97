import { type AnyPlugin, definePlugin, z } from '@kehu/core';
import { createTestKehu, json, type TestDatabase, type TestKehu } from '@kehu/core/testing';
import { expect } from 'vitest';
import { creditPlugin } from '../../src/index.js';

export interface CreditTestKehu extends TestKehu {
  /** Credit managers: two, so one can approve what the other asked for. */
  cm1: { id: string; token: string };
  cm2: { id: string; token: string };
  /** An account manager who owns the customers `customer()` creates. */
  am: { id: string; token: string };
  customer(name?: string, options?: { ownerId?: string | null }): Promise<string>;
  /** Opens a profile, gets the 5C scores approved and the fixed limit approved; returns the customer id. */
  creditCustomer(options?: {
    limit?: number;
    scores?: Record<string, number>;
    currency?: string;
    name?: string;
  }): Promise<string>;
  grade(customerId: string, scores: Record<string, number>): Promise<string>;
  setFixedLimit(customerId: string, amount: number, currency?: string): Promise<void>;
  check(body: Record<string, unknown>, token?: string): Promise<any>;
  /** Delivers events until none are left, including those that subscribers emitted meanwhile. */
  settle(): Promise<void>;
}

export const scoresFor = (score: number) => ({
  character: score,
  capacity: score,
  capital: score,
  collateral: score,
  conditions: score,
});

/** Boots Kehu with the credit plugin (and whatever else the test adds) plus the users tests need. */
export async function bootCredit(
  db: TestDatabase,
  options: { plugins?: AnyPlugin[]; config?: Record<string, unknown> } = {},
): Promise<CreditTestKehu> {
  const t = await createTestKehu(db, {
    plugins: options.plugins ?? [creditPlugin],
    config: options.config ?? {},
  });
  const cm1 = await t.user(['credit_manager'], 'Credit manager one');
  const cm2 = await t.user(['credit_manager'], 'Credit manager two');
  const am = await t.user(['account_manager'], 'Account manager');
  let n = 0;

  const ok = async (res: Response, status: number) => {
    if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${await res.text()}`);
    return json(res);
  };

  const customer: CreditTestKehu['customer'] = async (name, o = {}) => {
    const body = await ok(
      await t.request('/api/v1/customers', {
        body: { name: name ?? `Customer ${++n} 商贸`, ownerId: o.ownerId === undefined ? am.id : o.ownerId },
      }),
      201,
    );
    return body.id as string;
  };

  const grade: CreditTestKehu['grade'] = async (customerId, scores) => {
    const e = await ok(
      await t.request(`/api/v1/credit/customers/${customerId}/evaluations`, {
        token: cm1.token,
        body: { scores },
      }),
      201,
    );
    await ok(
      await t.request(`/api/v1/credit/evaluations/${e.id}/approve`, { token: cm2.token, body: {} }),
      200,
    );
    return e.proposedGrade as string;
  };

  const setFixedLimit: CreditTestKehu['setFixedLimit'] = async (customerId, amount, currency = 'CNY') => {
    const r = await ok(
      await t.request(`/api/v1/credit/customers/${customerId}/limit-requests`, {
        token: am.token,
        body: { kind: 'fixed', amount, currency, reason: 'Annual sales plan' },
      }),
      201,
    );
    await ok(
      await t.request(`/api/v1/credit/limit-requests/${r.id}/approve`, { token: cm1.token, body: {} }),
      200,
    );
  };

  return {
    ...t,
    cm1,
    cm2,
    am,
    customer,
    grade,
    setFixedLimit,
    async creditCustomer(o = {}) {
      const id = await customer(o.name);
      await ok(
        await t.request(`/api/v1/credit/customers/${id}/profile`, {
          token: cm1.token,
          body: o.currency ? { currency: o.currency } : {},
        }),
        201,
      );
      await grade(id, o.scores ?? scoresFor(85));
      if (o.limit !== undefined) await setFixedLimit(id, o.limit, o.currency);
      return id;
    },
    async settle() {
      for (let round = 0; round < 20 && (await t.drain()) > 0; round++);
    },
    async check(body, token) {
      const res = await t.request('/api/v1/credit/check', { token: token ?? am.token, body });
      expect(res.status).toBe(200);
      return json(res);
    },
  };
}

/**
 * A stand-in for a plugin with pending orders: contributes its amounts through `credit.exposure` and
 * counts how often the filter ran.
 */
export function ordersPlugin(
  pending: { customerId: string; amount: number; currency: string }[],
  calls = { count: 0 },
) {
  return definePlugin({
    name: 'orders',
    version: '0.0.1',
    config: z.object({}),
    setup(ctx) {
      ctx.hooks.filter('credit.exposure', (query) => {
        calls.count++;
        for (const p of pending) {
          if (query.customerIds.includes(p.customerId))
            query.contributions.push({
              customerId: p.customerId,
              source: 'orders',
              kind: 'pendingOrders',
              amount: p.amount,
              currency: p.currency,
            });
        }
        return query;
      });
    },
  });
}
