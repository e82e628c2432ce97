import { type AnyPlugin, definePlugin, type EventName } from '@kehu/core';
import { createTestKehu, json, type TestDatabase, type TestKehu } from '@kehu/core/testing';
import { keyAccountsPlugin } from '../../src/index.js';

export const API = '/api/v1/key-accounts';

export interface Recorded {
  name: string;
  payload: any;
}

const EVENTS = [
  'keyAccounts.classified',
  'keyAccounts.tierChanged',
  'keyAccounts.designated',
  'keyAccounts.undesignated',
  'keyAccounts.visitOverdue',
  'keyAccounts.coverageGap',
  'keyAccounts.stageChanged',
] as const satisfies readonly EventName[];

/** Records every key-accounts event it is delivered, as another plugin would listen. */
export function recorderPlugin(into: Recorded[]) {
  return definePlugin({
    name: 'recorder',
    version: '1.0.0',
    optional: ['key-accounts'],
    setup(ctx) {
      for (const name of EVENTS)
        ctx.hooks.on(name, `record-${name}`, (payload) => void into.push({ name, payload }));
    },
  });
}

export interface KaWorld extends TestKehu {
  events: Recorded[];
  /** Two sales managers (one proposes, the other approves), an account manager and a staff member. */
  sm1: { id: string; token: string };
  sm2: { id: string; token: string };
  am: { id: string; token: string };
  am2: { id: string; token: string };
  staff: { id: string; token: string };
  customer(name: string, options?: { code?: string; ownerId?: string | null }): Promise<string>;
  /** Imports revenue rows (`customerId,date,amount(major units),reference`) in CNY. */
  importRevenue(rows: [string, string, string][], currency?: string): Promise<Response>;
  run(token?: string): Promise<any>;
  /** Delivers events until none are left. */
  settle(): Promise<Recorded[]>;
}

export async function expectStatus(res: Response, status: number): Promise<any> {
  const text = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

export async function kaWorld(
  db: TestDatabase,
  options: { plugins?: AnyPlugin[]; config?: Record<string, unknown> } = {},
): Promise<KaWorld> {
  const events: Recorded[] = [];
  const t = await createTestKehu(db, {
    plugins: [...(options.plugins ?? []), keyAccountsPlugin, recorderPlugin(events)],
    config: { 'key-accounts': {}, ...options.config },
  });
  const sm1 = await t.user(['sales_manager'], 'Zhou Qiang (sales manager)');
  const sm2 = await t.user(['sales_manager'], 'Wu Fang (sales manager)');
  const am = await t.user(['account_manager'], 'Li Na (account manager)');
  const am2 = await t.user(['account_manager'], 'Wang Wei (account manager)');
  const staff = await t.user(['staff'], 'Sun Li (staff)');
  let refs = 0;
  return {
    ...t,
    events,
    sm1,
    sm2,
    am,
    am2,
    staff,
    async customer(name, o = {}) {
      const res = await t.request('/api/v1/customers', {
        body: {
          name,
          ownerId: o.ownerId === undefined ? am.id : o.ownerId,
          ...(o.code ? { code: o.code } : {}),
        },
      });
      return (await expectStatus(res, 201)).id as string;
    },
    importRevenue(rows, currency = 'CNY') {
      const csv = [
        'customerId,date,amount,currency,reference',
        ...rows.map(([id, date, amount]) => `${id},${date},${amount},${currency},R-${++refs}`),
      ].join('\n');
      return t.request(`${API}/revenue/import`, {
        body: csv,
        headers: { 'content-type': 'text/csv' },
        token: sm1.token,
      });
    },
    async run(token) {
      return expectStatus(await t.request(`${API}/runs`, { body: {}, token: token ?? sm1.token }), 201);
    },
    async settle() {
      for (let round = 0; round < 20 && (await t.drain()) > 0; round++);
      return events;
    },
  };
}

export const yes = (note: string | null = null) => ({ met: true, note });
export const no = { met: false, note: null };
export const criteria = {
  revenueShare: yes('31 % of last year’s sales'),
  lossImpact: yes('Losing it would cut our volume by a third'),
  stableRelationship: yes(),
  maintenanceEffort: no,
  strategicFit: yes('Cold-chain expansion'),
};

export async function designate(w: KaWorld, customerId: string, managerId?: string) {
  const proposal = await expectStatus(
    await w.request(`${API}/designations`, {
      token: w.sm1.token,
      body: {
        customerId,
        kind: 'designate',
        reason: 'Top customer',
        criteria,
        ...(managerId ? { managerId } : {}),
      },
    }),
    201,
  );
  return expectStatus(
    await w.request(`${API}/designations/${proposal.id}/approve`, { token: w.sm2.token, body: {} }),
    200,
  );
}

export { json };
