import { ManualClock } from '@kehu/core';
import {
  createTestKehu,
  type TestDatabase,
  testDatabases,
  untypedOperations,
  withDeclaredResponses,
} from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { complaintsPlugin } from '../src/index.js';
import { intake, MONDAY_9 } from './support.js';

const API = '/api/v1/complaints';

/** Complaints with its declared responses readable, the staff of a service desk, and a caller that checks every answer. */
async function boot(db: TestDatabase) {
  const { plugin, responses } = withDeclaredResponses(complaintsPlugin);
  const t = await createTestKehu(db, {
    plugins: [plugin],
    clock: new ManualClock(MONDAY_9),
    timeZone: 'Asia/Shanghai',
    config: { complaints: { systemic: { complaints: 2, customers: 2, windowDays: 30 } } },
  });
  const agent = await t.user(['customer_service'], '客服小王');
  const agent2 = await t.user(['customer_service'], '客服小李');
  const manager = await t.user(['service_manager'], '客服经理张');
  const owner = await t.user(['account_manager'], '客户经理陈');
  const customer = async (name: string) => {
    const res = await t.request('/api/v1/customers', { body: { name, kind: 'business', ownerId: owner.id } });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };
  /** A successful call's body, asserted to be exactly what its route declares for the status it answered. */
  const call = async (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    options: { token?: string; body?: unknown } = {},
  ) => {
    const url = `${API}${path}`;
    const res = await t.request(url, {
      method,
      ...(options.token !== undefined ? { token: options.token } : {}),
      ...(options.body !== undefined ? { body: options.body } : {}),
    });
    if (res.status >= 300) throw new Error(`${method} ${url} answered ${res.status}: ${await res.text()}`);
    return responses.conforming(method, url, res);
  };
  return { t, responses, call, customer, agent, agent2, manager };
}

describe.each(testDatabases())('complaints response schemas on $name', (db) => {
  it('every route declares a success response with a schema, and the OpenAPI document carries it', async () => {
    const { t, responses } = await boot(db);
    try {
      expect(responses.operations.length).toBeGreaterThan(30);
      expect(untypedOperations(t.kernel.openApi(), API)).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('every route answers exactly its declared schema, from intake through the state machine, remedies, systemic issues, settings and analysis', async () => {
    const { t, responses, call, customer, agent, agent2, manager } = await boot(db);
    try {
      const hotel = await customer('杭州西湖国宾酒店');
      const market = await customer('上海华联超市有限公司');

      // Settings: categories, the working calendar, SLA policies.
      expect((await call('GET', '/categories', { token: agent.token })).items.length).toBeGreaterThan(3);
      expect(
        await call('POST', '/categories', {
          body: { code: 'billing', labels: { en: 'Billing', 'zh-CN': '账单' }, active: true },
        }),
      ).toEqual({
        code: 'billing',
        labels: { en: 'Billing', 'zh-CN': '账单' },
        builtIn: false,
        active: true,
      });
      const calendar = await call('GET', '/calendar');
      expect(calendar.version).toBe(0);
      const saved = await call('PUT', '/calendar', {
        body: { ...calendar, exceptions: [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }] },
      });
      expect(saved).toMatchObject({ version: 1, exceptions: [{ date: '2027-01-01', kind: 'holiday' }] });
      const targets = { responseMinutes: 60, resolutionMinutes: 480 };
      const policyInput = {
        name: 'Key accounts',
        position: 10,
        conditions: { keyAccount: true },
        targets: { critical: targets, high: targets, normal: targets, low: targets },
        escalation: {
          warningShare: 0.5,
          warningRole: 'service_manager',
          breachRole: 'service_manager',
          levels: [],
        },
      };
      const policy = await call('POST', '/sla-policies', { body: policyInput });
      expect(policy).toMatchObject({ name: 'Key accounts', isDefault: false, version: 1 });
      expect(
        await call('PUT', `/sla-policies/${policy.id}`, {
          body: { ...policyInput, name: 'Key accounts (VIP)', version: policy.version },
        }),
      ).toMatchObject({ name: 'Key accounts (VIP)', version: 2 });
      expect((await call('GET', '/sla-policies')).items.map((p: { id: string }) => p.id)).toContain(
        policy.id,
      );
      expect(await call('DELETE', `/sla-policies/${policy.id}`)).toBeUndefined();

      // Intake: the caller is found by phone-less name, the complaint filed, the queue shows it.
      expect(
        (
          await call('GET', `/customer-lookup?q=${encodeURIComponent('杭州西湖国宾酒店')}`, {
            token: agent.token,
          })
        ).items,
      ).toEqual([expect.objectContaining({ id: hotel, name: '杭州西湖国宾酒店' })]);
      expect((await call('GET', '/handlers', { token: agent.token })).items).toEqual(
        expect.arrayContaining([
          { id: agent.id, name: '客服小王' },
          { id: agent2.id, name: '客服小李' },
          { id: manager.id, name: '客服经理张' },
        ]),
      );
      const filed = await call('POST', '', {
        token: agent.token,
        body: intake(hotel, { batchRef: 'B-2026-11', productRef: 'HW-200', emotion: 'upset' }),
      });
      expect(filed).toMatchObject({ state: 'received', handlerId: agent.id, history: expect.any(Array) });
      const id = filed.id as string;
      expect((await call('GET', '', { token: agent.token })).items.map((c: { id: string }) => c.id)).toEqual([
        id,
      ]);
      expect(await call('GET', `/${id}`, { token: agent.token })).toMatchObject({ id, remedies: [] });

      // Actions outside the state machine.
      await call('POST', `/${id}/contacts`, {
        token: agent.token,
        body: { channel: 'phone', note: '已回电' },
      });
      await call('POST', `/${id}/nature`, {
        token: agent.token,
        body: { nature: 'key', reason: 'A hotel guest was affected' },
      });
      await call('POST', `/${id}/reassign`, {
        token: manager.token,
        body: { handlerId: agent2.id, reason: 'Agent 2 knows the product' },
      });

      // The state machine up to the reply, with remedies that wait for approval and a claim.
      await call('POST', `/${id}/accept`, {
        token: agent2.token,
        body: { severity: 'high', nature: 'key', category: 'product_quality' },
      });
      await call('POST', `/${id}/investigation`, {
        token: agent2.token,
        body: { cause: 'A worn gasket', evidence: ['Photo of the heater'] },
      });
      await call('POST', `/${id}/responsibility`, {
        token: agent2.token,
        body: { party: 'supplier', responsibleName: '宁波热水器厂', rootCause: 'Batch 2026-11 gaskets' },
      });
      const handling = await call('POST', `/${id}/handling`, {
        token: agent2.token,
        body: {
          remedies: [
            { kind: 'compensation', description: '房费减免', amount: 80_000, currency: 'CNY' },
            {
              kind: 'claim',
              description: '向供应商索赔',
              thirdParty: '宁波热水器厂',
              amount: 120_000,
              currency: 'CNY',
            },
          ],
        },
      });
      expect(handling.remedies.map((r: { status: string }) => r.status).sort()).toEqual([
        'claim_open',
        'pending_approval',
      ]);
      const added = await call('POST', `/${id}/remedies`, {
        token: agent2.token,
        body: { remedies: [{ kind: 'refund', description: '退还押金', amount: 60_000, currency: 'CNY' }] },
      });
      expect(added.items).toEqual([expect.objectContaining({ kind: 'refund', status: 'pending_approval' })]);
      const pending = (await call('GET', '/remedies', { token: manager.token })).items;
      expect(pending).toHaveLength(2);
      const compensation = pending.find((r: { kind: string }) => r.kind === 'compensation');
      expect(
        await call('POST', `/remedies/${compensation.id}/approve`, { token: manager.token, body: {} }),
      ).toMatchObject({ status: 'approved', decidedBy: manager.id });
      expect(
        await call('POST', `/remedies/${added.items[0].id}/reject`, {
          token: manager.token,
          body: { note: 'Compensation covers it' },
        }),
      ).toMatchObject({ status: 'rejected', decisionNote: 'Compensation covers it' });
      const claim = handling.remedies.find((r: { kind: string }) => r.kind === 'claim');
      expect(
        await call('POST', `/remedies/${claim.id}/claim`, {
          token: agent2.token,
          body: { status: 'claimed' },
        }),
      ).toMatchObject({ status: 'claimed' });
      const replied = await call('POST', `/${id}/reply`, {
        token: agent2.token,
        body: { text: '已更换热水器并减免房费', channel: 'phone', customerAccepted: true },
      });
      expect(replied.reply).toMatchObject({ channel: 'phone', customerAccepted: true });
      t.clock.advance(3 * 24 * 3_600_000);
      expect(
        await call('POST', `/${id}/return-visit`, { token: agent2.token, body: { satisfied: true } }),
      ).toMatchObject({ state: 'closed', satisfied: true });

      // Waiting, withdrawing and merging a duplicate; the same batch from a second customer opens a systemic issue.
      const second = await call('POST', '', {
        token: agent.token,
        body: intake(market, { batchRef: 'B-2026-11', productRef: 'HW-200' }),
      });
      await call('POST', `/${second.id}/pause`, {
        token: agent.token,
        body: { waitingFor: 'customer', reason: 'Waiting for photos' },
      });
      expect(
        await call('POST', `/${second.id}/resume`, { token: agent.token, body: { note: 'Photos received' } }),
      ).toMatchObject({ state: 'received', sla: { paused: false } });
      const again = await call('POST', '', { token: agent.token, body: intake(market) });
      expect(
        await call('POST', `/${again.id}/duplicate`, { token: agent.token, body: { of: second.id } }),
      ).toMatchObject({ state: 'duplicate', duplicateOf: second.id });
      expect(
        await call('POST', `/${second.id}/withdraw`, {
          token: agent.token,
          body: { reason: 'Solved by the shop' },
        }),
      ).toMatchObject({ state: 'withdrawn' });

      const [issue] = (await call('GET', '/systemic-issues', { token: manager.token })).items;
      expect(issue).toMatchObject({ reference: 'B-2026-11', status: 'open', customerCount: 2 });
      await call('POST', `/systemic-issues/${issue.id}/assess`, {
        token: manager.token,
        body: { assessment: 'widespread', policyChange: '更换垫圈供应商', ownerId: manager.id },
      });
      expect(
        await call('POST', `/systemic-issues/${issue.id}/close`, { token: manager.token, body: {} }),
      ).toMatchObject({ status: 'closed' });

      // SLA job, printed forms and the analysis.
      expect(await call('POST', '/sla/run', { body: {} })).toEqual({
        checked: expect.any(Number),
        fired: expect.any(Number),
      });
      expect(await call('GET', `/${id}/forms/handling`, { token: agent2.token })).toMatchObject({
        form: 'handling',
      });
      expect(
        await call('GET', '/forms/analysis?from=2026-12-01&to=2026-12-31', { token: manager.token }),
      ).toMatchObject({ form: 'analysis' });
      const report = await call('GET', '/reports?from=2026-12-01&to=2026-12-31&by=category', {
        token: manager.token,
      });
      expect(report.rows[0]).toMatchObject({
        group: 'product_quality',
        compensation: [{ currency: 'CNY', amount: 80_000 }],
      });
      expect(
        await call('GET', '/reports.csv?from=2026-12-01&to=2026-12-31&by=category', { token: manager.token }),
      ).toContain('product_quality');
      expect(
        await call('GET', '/reports.xlsx?from=2026-12-01&to=2026-12-31&by=category', {
          token: manager.token,
        }),
      ).toMatch(/^PK/);

      expect([...responses.seen].sort()).toEqual(responses.all().sort());
    } finally {
      await t.close();
    }
  });
});
