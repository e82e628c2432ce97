import { definePlugin, type EventName, type MailOptions } from '@kehu/core';
import { createTestKehu, json, type TestDatabase, type TestKehu } from '@kehu/core/testing';
import { receivablesPlugin } from '../src/index.js';

export const RECEIVABLES_EVENTS = [
  'receivables.invoice.created',
  'receivables.invoice.overdue',
  'receivables.invoice.paid',
  'receivables.invoice.writtenOff',
  'receivables.invoice.cancelled',
  'receivables.invoice.dueDateMoved',
  'receivables.creditNote.issued',
  'receivables.payment.recorded',
  'receivables.payment.reversed',
  'receivables.statement.disputed',
  'receivables.statement.confirmed',
  'receivables.plan.broken',
  'receivables.warning.raised',
  'receivables.handover.recorded',
  'receivables.statement.unconfirmed',
  'receivables.dispute.overdue',
  'receivables.warning.unanswered',
] as const satisfies readonly EventName[];

export interface Recorded {
  name: string;
  payload: any;
}

/** A plugin that records every receivables event it is delivered, the way a third party would listen. */
export function recorderPlugin(into: Recorded[]) {
  return definePlugin({
    name: 'recorder',
    version: '1.0.0',
    optional: ['receivables'],
    setup(ctx) {
      for (const name of RECEIVABLES_EVENTS)
        ctx.hooks.on(name, `record-${name}`, (payload) => void into.push({ name, payload }));
    },
  });
}

export interface World {
  t: TestKehu;
  events: Recorded[];
  am: { id: string; token: string };
  am2: { id: string; token: string };
  finance: { id: string; token: string };
  sales: { id: string; token: string };
  staff: { id: string; token: string };
  customerId: string;
  /** Events of one name delivered so far (drains first). */
  delivered(name: string): Promise<any[]>;
  customer(name: string, ownerId: string | null): Promise<string>;
  invoice(body: Record<string, unknown>, token?: string): Promise<any>;
  pay(body: Record<string, unknown>, token?: string): Promise<any>;
  at(iso: string): Promise<void>;
  /** Generates, sends and has the customer sign (债权债务确认书) its statement of `period`. */
  confirmStatement(period: string, customerId?: string): Promise<any>;
}

export async function expectStatus(res: Response, status: number): Promise<any> {
  const text = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

export async function world(
  db: TestDatabase,
  config: Record<string, unknown> = {},
  kernel: { timeZone?: string; mail?: MailOptions } = {},
): Promise<World> {
  const events: Recorded[] = [];
  const t = await createTestKehu(db, {
    plugins: [receivablesPlugin, recorderPlugin(events)],
    config: { receivables: config },
    ...kernel,
  });
  const am = await t.user(['account_manager'], 'Li Na (account manager)');
  const am2 = await t.user(['account_manager'], 'Wang Wei (account manager)');
  const finance = await t.user(['finance_manager'], 'Zhao Min (finance)');
  const sales = await t.user(['sales_manager'], 'Chen Jie (sales manager)');
  const staff = await t.user(['staff'], 'Sun Li (staff)');
  const customer = async (name: string, ownerId: string | null) => {
    const res = await t.request('/api/v1/customers', { body: { name, ownerId, status: 'active' } });
    return (await expectStatus(res, 201)).id as string;
  };
  const customerId = await customer('华东贸易有限公司 Huadong Trading', am.id);
  return {
    t,
    events,
    am,
    am2,
    finance,
    sales,
    staff,
    customerId,
    customer,
    async delivered(name) {
      // Subscribers may emit further events: deliver until nothing is left.
      while ((await t.drain()) > 0);
      return events.filter((e) => e.name === name).map((e) => e.payload);
    },
    async invoice(body, token) {
      const res = await t.request('/api/v1/receivables/invoices', {
        body: {
          customerId,
          lines: [{ description: 'Lubricant 200 L', quantity: 2, unitPrice: 50_000 }],
          ...body,
        },
        ...(token ? { token } : {}),
      });
      return expectStatus(res, 201);
    },
    async pay(body, token) {
      const res = await t.request('/api/v1/receivables/payments', {
        body: {
          customerId,
          currency: 'CNY',
          method: 'bank_transfer',
          date: t.kernel.clock.today(),
          ...body,
        },
        ...(token ? { token } : {}),
      });
      return expectStatus(res, 201);
    },
    async confirmStatement(period, forCustomer = customerId) {
      const generated = await t.request('/api/v1/receivables/statements', {
        body: { customerId: forCustomer, period },
      });
      const [statement] = (await expectStatus(generated, 201)).items;
      const base = `/api/v1/receivables/statements/${statement.id}`;
      await expectStatus(await t.request(`${base}/send`, { body: {} }), 200);
      return expectStatus(await t.request(`${base}/confirm`, { body: { signedBy: '刘会计' } }), 200);
    },
    async at(iso) {
      t.clock.set(iso.length === 10 ? `${iso}T08:00:00.000Z` : iso);
      await t.kernel.scheduler.runDue(t.clock.now());
    },
  };
}

export { json };
