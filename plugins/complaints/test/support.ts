import { ManualClock, type PluginDefinition } from '@kehu/core';
import { createTestKehu, json, type TestDatabase, type TestKehu } from '@kehu/core/testing';
import { expect } from 'vitest';
import { complaintsPlugin } from '../src/index.js';

/** Monday 2026-12-07 09:00 in Shanghai; the weekend is 12-05/06 and 12-12/13. */
export const MONDAY_9 = '2026-12-07T01:00:00.000Z';
export const HOUR = 3_600_000;

export interface World {
  t: TestKehu;
  /** Customer-service staff who take calls. */
  agent: { id: string; token: string };
  agent2: { id: string; token: string };
  manager: { id: string; token: string };
  manager2: { id: string; token: string };
  /** The account manager who owns `customerId`. */
  owner: { id: string; token: string };
  /** An account manager who owns another customer. */
  otherOwner: { id: string; token: string };
  customerId: string;
  otherCustomerId: string;
}

export async function world(
  db: TestDatabase,
  options: { plugins?: PluginDefinition<any>[]; config?: Record<string, unknown> } = {},
): Promise<World> {
  const t = await createTestKehu(db, {
    plugins: options.plugins ?? [complaintsPlugin],
    clock: new ManualClock(MONDAY_9),
    timeZone: 'Asia/Shanghai',
    config: { complaints: options.config ?? {} },
  });
  const [agent, agent2, manager, manager2, owner, otherOwner] = [
    await t.user(['customer_service'], '客服小王'),
    await t.user(['customer_service'], '客服小李'),
    await t.user(['service_manager'], '客服经理张'),
    await t.user(['service_manager'], '客服经理赵'),
    await t.user(['account_manager'], '客户经理陈'),
    await t.user(['account_manager'], '客户经理刘'),
  ];
  const customer = await json(
    await t.request('/api/v1/customers', {
      body: { name: '杭州西湖国宾酒店', kind: 'business', phone: '0571-87979889', ownerId: owner.id },
    }),
  );
  const other = await json(
    await t.request('/api/v1/customers', {
      body: { name: '上海华联超市有限公司', kind: 'business', ownerId: otherOwner.id },
    }),
  );
  return {
    t,
    agent,
    agent2,
    manager,
    manager2,
    owner,
    otherOwner,
    customerId: customer.id,
    otherCustomerId: other.id,
  };
}

export const intake = (customerId: string, extra: Record<string, unknown> = {}) => ({
  customerId,
  channel: 'phone',
  category: 'product_quality',
  subject: '客房热水器漏水',
  description: 'The water heater in room 1203 leaks since yesterday.',
  ...extra,
});

export async function file(
  w: World,
  token: string,
  extra: Record<string, unknown> = {},
  customerId = w.customerId,
) {
  const res = await w.t.request('/api/v1/complaints', { body: intake(customerId, extra), token });
  expect(res.status, JSON.stringify(await res.clone().json())).toBe(201);
  return json(res);
}

export async function post(w: World, path: string, body: unknown, token: string, status = 200) {
  const res = await w.t.request(`/api/v1/complaints${path}`, { body, token });
  const out = await json(res);
  expect(res.status, JSON.stringify(out)).toBe(status);
  return out;
}

/** Moves a complaint from received to handling with an explanation as remedy. */
export async function toHandling(
  w: World,
  id: string,
  token: string,
  remedies: unknown[] = [{ kind: 'explanation', description: '解释原因' }],
) {
  await post(w, `/${id}/accept`, { severity: 'normal', nature: 'general' }, token);
  await post(w, `/${id}/investigation`, { cause: 'A worn gasket', evidence: ['Photo of the heater'] }, token);
  await post(
    w,
    `/${id}/responsibility`,
    { party: 'supplier', responsibleName: '宁波热水器厂', rootCause: 'Batch 2026-11 gaskets' },
    token,
  );
  return post(w, `/${id}/handling`, { remedies }, token);
}
