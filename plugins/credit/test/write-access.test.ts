import { json, type TestKehu, testDatabases } from '@kehu/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootAll, ok, snapshot } from './support/access.js';

interface Scope {
  in: 'path' | 'body';
  name: string;
  access: 'see' | 'change' | 'handler';
  record?: string;
}
interface WriteOp {
  method: string;
  path: string;
  scopes: Scope[];
}

const NONE = 'nonexistent0000000000';

/**
 * Routes whose handler applies its own rule instead of the owner rule, and what a read-grant holder
 * who is not the person the rule names gets. `null`: the rule does not depend on the customer (the
 * assignee of an activity, or a manager of the team) and is tested with its feature.
 */
const HANDLER_RULES: Record<string, number | null> = {
  'POST /api/v1/customers/{id}/access-requests': 409,
  'POST /api/v1/receivables/warnings/{id}/answer': 403,
  'POST /api/v1/activities/{id}/complete': null,
  'POST /api/v1/activities/{id}/cancel': null,
  'POST /api/v1/activities/{id}/reassign': null,
};

/** Writes a read-only grant does not stop, by design: additions any employee may make, and reads by POST. */
const SEE_ONLY = [
  'POST /api/v1/customers/{id}/communications',
  // Attaching a document is an addition, like filing a communication (档案的增加: any employee).
  'POST /api/v1/customers/{id}/documents',
  // So is a dated industry note or promotion record.
  'POST /api/v1/customers/{id}/notes',
  // A discount is decided by a manager other than the requester (a permission, not ownership) or
  // withdrawn by its requester.
  'POST /api/v1/customers/{id}/discounts/{discountId}/approve',
  'POST /api/v1/customers/{id}/discounts/{discountId}/reject',
  'POST /api/v1/customers/{id}/discounts/{discountId}/withdraw',
  'POST /api/v1/credit/check',
  // A to-do of one's own about a customer one may see.
  'POST /api/v1/activities',
];

/**
 * Every write operation of a kernel with every plugin enabled, walked from its OpenAPI document: a
 * read-only grant holder gets 403 `not_owner` on each one acting on the customer and changes nothing;
 * someone who may not see the customer gets exactly the answer a nonexistent id gives; the owner
 * passes the check.
 */
// Walks some 80 operations three ways; on a busy PostgreSQL server that takes a while.
describe.each(testDatabases())('customer-scoped writes on $name', { timeout: 120_000 }, (db) => {
  let t: TestKehu;
  let ops: WriteOp[];
  const users: Record<'owner' | 'holder' | 'stranger', { id: string; token: string }> = {} as never;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await bootAll(db);
    users.owner = await t.user(['account_manager', 'tester'], 'Owner');
    users.holder = await t.user(['account_manager', 'tester'], 'Grant holder');
    users.stranger = await t.user(['account_manager', 'tester'], 'Stranger');
    const admin = (path: string, body: unknown = {}, status = 201) =>
      t.request(path, { body }).then((r) => ok(r, status));
    const x = (await admin('/api/v1/customers', { name: '青岛海鲜贸易', ownerId: users.owner.id }))
      .id as string;
    ids.Customer = x;
    const grant = await ok(
      await t.request(`/api/v1/customers/${x}/access-requests`, {
        token: users.holder.token,
        body: { reason: 'Audit of the account' },
      }),
      201,
    );
    await admin(`/api/v1/customers/access-requests/${grant.id}/approve`, { days: 30 }, 200);

    const invoice = async (issueDate: string) =>
      (
        await admin('/api/v1/receivables/invoices', {
          customerId: x,
          currency: 'CNY',
          issueDate,
          termDays: 30,
          lines: [{ description: '海带', quantity: 1, unitPrice: 100_000 }],
        })
      ).id as string;
    // The overdue one last: the credit check refuses new sales to a customer with overdue debt.
    const writeOffInvoice = await invoice('2026-02-25');
    ids.Invoice = await invoice('2026-01-05');
    ids.Payment = (
      await admin('/api/v1/receivables/payments', {
        customerId: x,
        amount: 150_000,
        currency: 'CNY',
        date: '2026-02-20',
        method: 'bank_transfer',
        allocations: [{ invoiceId: ids.Invoice, amount: 1_000 }],
      })
    ).id;
    ids['Payment plan'] = (
      await admin('/api/v1/receivables/plans', {
        customerId: x,
        currency: 'CNY',
        reason: 'Instalments',
        instalments: [{ dueDate: '2026-04-30', amount: 10_000 }],
      })
    ).id;
    ids['Extension request'] = (
      await admin('/api/v1/receivables/extensions', {
        invoiceId: ids.Invoice,
        requestedDueDate: '2026-05-30',
        reason: 'Customer asked',
      })
    ).id;
    ids['Write-off'] = (
      await admin('/api/v1/receivables/write-offs', { invoiceId: writeOffInvoice, reason: 'Bankrupt' })
    ).id;
    const statement = (await admin('/api/v1/receivables/statements', { customerId: x, period: '2026-01' }))
      .items[0].id as string;
    await admin(`/api/v1/receivables/statements/${statement}/send`, {}, 200);
    await admin(
      `/api/v1/receivables/statements/${statement}/dispute`,
      { items: [{ amount: 500, kind: 'fee', reason: 'Freight charged twice' }] },
      200,
    );
    ids.Statement = statement;
    ids['Dispute item'] = (await ok(await t.request('/api/v1/receivables/disputes'), 200)).items[0].id;
    ids.Warning = 'warning0000000000001';
    await t.kernel.database.db
      .insertInto('rcv_warning')
      .values({
        id: ids.Warning,
        invoice_id: ids.Invoice,
        customer_id: x,
        period: '2026-03',
        responsible_id: users.owner.id,
        due_date: '2026-03-31',
        outstanding: 99_000,
        currency: 'CNY',
        raised_at: '2026-03-01T08:00:00.000Z',
      })
      .execute();
    // A collection follow-up (催收) as the dunning job writes it; dunning is paused here by the plan.
    ids['Follow-up'] = 'followup000000000001';
    await t.kernel.database.db
      .insertInto('rcv_follow_up')
      .values({
        id: ids['Follow-up'],
        key: 'fixture',
        customer_id: x,
        currency: 'CNY',
        level: 1,
        level_name: '首次提醒',
        amount: 99_000,
        invoices: '[]',
        raised_on: '2026-03-01',
        trigger_kind: 'age',
        status: 'open',
        created_at: '2026-03-01T08:00:00.000Z',
      })
      .execute();

    await admin(`/api/v1/credit/customers/${x}/profile`, {});
    ids.Evaluation = (
      await admin(`/api/v1/credit/customers/${x}/evaluations`, {
        scores: { character: 80, capacity: 80, capital: 80, collateral: 80, conditions: 80 },
      })
    ).id;
    ids['Limit request'] = (
      await admin(`/api/v1/credit/customers/${x}/limit-requests`, {
        kind: 'fixed',
        amount: 500_000,
        currency: 'CNY',
        reason: 'First limit',
      })
    ).id;
    ids.Exception = (
      await admin(`/api/v1/credit/customers/${x}/overrides`, {
        amountCap: 10_000,
        currency: 'CNY',
        expiresAt: '2026-03-20T00:00:00.000Z',
        reason: 'One urgent order',
      })
    ).id;
    ids.holdId = (await admin(`/api/v1/credit/customers/${x}/holds`, { note: 'Checking' })).id;
    ids.entity = (
      await admin(`/api/v1/credit/customers/${x}/investigations`, {
        source: 'bank',
        investigatedOn: '2026-02-01',
        findings: 'Good standing',
      })
    ).id;
    ids.contactId = (await admin(`/api/v1/customers/${x}/contacts`, { name: '王经理' })).id;
    ids.discountId = (
      await admin(`/api/v1/customers/${x}/discounts`, {
        subject: '订单 SO-1',
        percent: 5,
        reason: '交货延误',
        responsibility: { party: 'company' },
      })
    ).id;
    ids.Activity = (
      await admin('/api/v1/activities', {
        type: 'call',
        subject: 'Call about the overdue invoice',
        customerId: x,
        assigneeId: users.owner.id,
      })
    ).id;

    const doc = await json(await t.request('/api/openapi.json'));
    ops = [];
    for (const [path, item] of Object.entries<Record<string, any>>(doc.paths))
      for (const [method, op] of Object.entries<any>(item))
        if (method !== 'get' && !(Array.isArray(op.security) && op.security.length === 0))
          ops.push({ method: method.toUpperCase(), path, scopes: op['x-kehu-customer'] });
  });
  afterAll(() => t.close());

  /** The request of `op` aimed at `target` (or at the fixture of each scope), as `who`. */
  const send = (op: WriteOp, who: keyof typeof users, target?: string) => {
    const idFor = (s: Scope) => target ?? ids[s.record ?? 'Customer']!;
    let path = op.path;
    const body: Record<string, string> = {};
    for (const s of op.scopes)
      if (s.in === 'path') path = path.replace(`{${s.name}}`, idFor(s));
      else body[s.name] = idFor(s);
    path = path
      .replace('{type}', 'credit_investigation')
      .replace('{holdId}', ids.holdId!)
      .replace('{contactId}', ids.contactId!)
      .replace('{discountId}', ids.discountId!)
      .replace(/\{[^}]+\}/g, 'x');
    return t.request(path, { method: op.method, body, token: users[who].token });
  };
  const answer = async (res: Response, id: string) => {
    const b = await json(res);
    return { status: res.status, code: b?.code, detail: String(b?.detail ?? '').replaceAll(id, '<id>') };
  };
  const scoped = () => ops.filter((op) => op.scopes.length > 0);

  it('makes every write route declare the customer it acts on', () => {
    expect(ops.length).toBeGreaterThan(40);
    for (const op of ops) expect(op.scopes, `${op.method} ${op.path}`).toBeDefined();
    for (const op of scoped())
      for (const s of op.scopes) {
        if (s.record) expect(ids[s.record], `a fixture for ${s.record}`).toBeDefined();
        if (s.access === 'see') expect(SEE_ONLY).toContain(`${op.method} ${op.path}`);
        if (s.access === 'handler') expect(Object.keys(HANDLER_RULES)).toContain(`${op.method} ${op.path}`);
      }
  });

  it('refuses a read-only grant holder every change with 403 not_owner and writes nothing', async () => {
    const before = await snapshot(t.kernel);
    const refused: string[] = [];
    for (const op of scoped()) {
      const access = op.scopes[0]!.access;
      if (access === 'see' || HANDLER_RULES[`${op.method} ${op.path}`] === null) continue;
      const res = await send(op, 'holder');
      const b = await json(res);
      const label = `${op.method} ${op.path}`;
      if (access === 'change')
        expect({ label, status: res.status, code: b.code }).toEqual({
          label,
          status: 403,
          code: 'not_owner',
        });
      else expect(res.status, `${label}: ${JSON.stringify(b)}`).toBeGreaterThanOrEqual(400);
      refused.push(label);
    }
    expect(refused).toEqual(
      expect.arrayContaining([
        'POST /api/v1/credit/customers/{customerId}/investigations',
        'POST /api/v1/credit/customers/{customerId}/limit-requests',
        'POST /api/v1/receivables/plans',
        'POST /api/v1/receivables/extensions',
        'POST /api/v1/receivables/write-offs',
        'POST /api/v1/receivables/statements',
      ]),
    );
    expect(await snapshot(t.kernel)).toEqual(before);
  });

  it('answers someone who may not see the customer exactly as for a nonexistent id', async () => {
    const before = await snapshot(t.kernel);
    for (const op of scoped()) {
      // Asking for access is what someone who cannot see a customer does.
      if (op.path.endsWith('/access-requests')) continue;
      const invisible = await answer(await send(op, 'stranger'), ids[op.scopes[0]!.record ?? 'Customer']!);
      const missing = await answer(await send(op, 'stranger', NONE), NONE);
      expect({ op: `${op.method} ${op.path}`, ...invisible }).toEqual({
        op: `${op.method} ${op.path}`,
        ...missing,
      });
      expect(invisible.status).toBeGreaterThanOrEqual(400);
    }
    expect(await snapshot(t.kernel)).toEqual(before);
  });

  it('lets the owner past the check', async () => {
    for (const op of scoped()) {
      if (op.scopes[0]!.access === 'handler') continue;
      const res = await send(op, 'owner');
      const text = await res.text();
      const b = text ? JSON.parse(text) : {};
      expect(
        res.status === 403 && b.code === 'not_owner' ? 'refused' : res.status === 404 ? b.detail : 'passed',
        `${op.method} ${op.path}`,
      ).toBe('passed');
    }
  });

  it('answers an extension, write-off or warning answer on an invisible record as on a nonexistent one', async () => {
    const as = (path: string, body: unknown, id: string) =>
      t.request(path, { body, token: users.stranger.token }).then((r) => answer(r, id));
    for (const [path, body] of [
      ['/api/v1/receivables/extensions', { requestedDueDate: '2026-06-30', reason: 'Asked' }],
      ['/api/v1/receivables/write-offs', { reason: 'Bankrupt' }],
    ] as const) {
      const invisible = await as(path, { ...body, invoiceId: ids.Invoice }, ids.Invoice!);
      const missing = await as(path, { ...body, invoiceId: NONE }, NONE);
      expect(invisible).toEqual(missing);
      expect(invisible).toMatchObject({ status: 422, code: 'unknown_invoice' });
    }
    const answerBody = { reason: 'Late', measures: 'Calls', expectedPaymentDate: '2026-03-31' };
    const invisible = await as(
      `/api/v1/receivables/warnings/${ids.Warning}/answer`,
      answerBody,
      ids.Warning!,
    );
    const missing = await as(`/api/v1/receivables/warnings/${NONE}/answer`, answerBody, NONE);
    expect(invisible).toEqual(missing);
    expect(invisible.status).toBe(404);
  });
});
