import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DomainError } from '../errors.js';
import { newId } from '../ids.js';
import { definePlugin } from '../plugin/define-plugin.js';
import { createTestKehu, json, type TestKehu, testDatabases } from '../testing/index.js';
import { ApprovalFlow, approvalTable } from './approval-flow.js';

type Tables = {
  petty_cash_request: {
    id: string;
    customer_id: string;
    amount: number;
    status: string;
    requested_by: string | null;
    expires_at: string | null;
    decided_by: string | null;
    decided_at: string | null;
    decision_note: string | null;
  };
  petty_cash_payout: { id: string; request_id: string; amount: number };
};

/**
 * A plugin written the way a third party would: petty-cash requests in its own table, decided through
 * the kernel's approval flow; an approval pays the amount out (its own second table).
 */
const pettyCash = definePlugin({
  name: 'petty-cash',
  version: '1.0.0',
  migrations: [
    {
      name: '001_init',
      async up(db) {
        await db.schema
          .createTable('petty_cash_request')
          .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
          .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
          .addColumn('amount', 'integer', (c) => c.notNull())
          .addColumn('status', 'varchar(16)', (c) => c.notNull())
          .addColumn('requested_by', 'varchar(32)')
          .addColumn('expires_at', 'varchar(32)')
          .addColumn('decided_by', 'varchar(32)')
          .addColumn('decided_at', 'varchar(32)')
          .addColumn('decision_note', 'varchar(2000)')
          .execute();
        await db.schema
          .createTable('petty_cash_payout')
          .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
          .addColumn('request_id', 'varchar(32)', (c) => c.notNull())
          .addColumn('amount', 'integer', (c) => c.notNull())
          .execute();
      },
    },
  ],
  setup(ctx) {
    const db = ctx.db.withTables<Tables>();
    ctx.permission('pettyCash.decide', {
      description: 'Decide petty-cash requests',
      roles: ['sales_manager'],
    });
    const toRequest = (r: Record<string, any>) => ({
      id: r.id,
      customerId: r.customer_id,
      amount: Number(r.amount),
      status: r.status,
      requestedBy: r.requested_by,
      expiresAt: r.expires_at,
      decidedBy: r.decided_by,
      decidedAt: r.decided_at,
      decisionNote: r.decision_note,
    });
    const flow = new ApprovalFlow(ctx, {
      type: 'petty_cash_request',
      noun: 'petty-cash request',
      permission: 'pettyCash.decide',
      ...approvalTable('petty_cash_request', toRequest),
    });
    const common = { access: 'authenticated', customer: false } as const;
    const Id = z.object({ id: z.string() });
    const Note = z.object({ note: z.string().optional(), failAfterApply: z.boolean().optional() });

    ctx.router.post(
      '/requests',
      {
        ...common,
        summary: 'Ask for petty cash',
        body: z.object({
          customerId: z.string(),
          amount: z.number().int(),
          expiresAt: z.string().optional(),
        }),
      },
      async (c, { body, principal }) => {
        const row = {
          id: newId(),
          customer_id: body.customerId,
          amount: body.amount,
          status: 'pending',
          requested_by: principal.id,
          expires_at: body.expiresAt ?? null,
          decided_by: null,
          decided_at: null,
          decision_note: null,
        };
        await ctx.transaction(async (trx) => {
          await trx.insertInto('petty_cash_request').values(row).execute();
          await flow.opened(trx, toRequest(row), {
            by: principal,
            reason: 'Taxi to the customer',
            subject: `Petty cash ${body.amount}`,
          });
        });
        return c.json(toRequest(row), 201);
      },
    );
    ctx.router.get(
      '/requests/:id',
      { ...common, summary: 'One request', params: Id },
      async (c, { params }) => {
        const row = await db
          .selectFrom('petty_cash_request')
          .selectAll()
          .where('id', '=', params.id)
          .executeTakeFirst();
        return row ? c.json({ ...toRequest(row), state: flow.stateOf(toRequest(row)) }) : c.json({}, 404);
      },
    );
    ctx.router.get('/payouts', { ...common, summary: 'Payouts' }, async (c) =>
      c.json(await db.selectFrom('petty_cash_payout').select(['request_id', 'amount']).execute()),
    );
    ctx.router.post(
      '/requests/:id/approve',
      { ...common, summary: 'Approve', params: Id, body: Note },
      async (c, { params, body, principal }) => {
        const decided = await ctx.transaction((trx) =>
          flow.approve(trx, params.id, {
            by: principal,
            note: body.note,
            apply: async (t, request) => {
              await t
                .insertInto('petty_cash_payout')
                .values({ id: newId(), request_id: request.id, amount: request.amount })
                .execute();
              if (body.failAfterApply) throw new DomainError('till_empty', 'The till is empty');
              return { paid: request.amount };
            },
          }),
        );
        return c.json({ ...decided.request, ...decided.decision, paid: decided.applied.paid });
      },
    );
    ctx.router.post(
      '/requests/:id/reject',
      { ...common, summary: 'Reject', params: Id, body: Note },
      async (c, { params, body, principal }) => {
        const decided = await ctx.transaction((trx) =>
          flow.reject(trx, params.id, { by: principal, note: body.note }),
        );
        return c.json({ ...decided.request, ...decided.decision });
      },
    );
    ctx.router.post(
      '/requests/:id/withdraw',
      { ...common, summary: 'Withdraw', params: Id },
      async (c, { params, principal }) => {
        const decided = await ctx.transaction((trx) => flow.withdraw(trx, params.id, { by: principal }));
        return c.json({ ...decided.request, ...decided.decision });
      },
    );
    ctx.router.post(
      '/requests/:id/expire',
      { ...common, summary: 'Expire', params: Id },
      async (c, { params }) => {
        const expired = await ctx.transaction((trx) => flow.expire(trx, params.id));
        return c.json({ expired: expired !== null });
      },
    );
  },
});

const P = '/api/v1/petty-cash';

describe.each(testDatabases())('the approval flow on $name', (db) => {
  let t: TestKehu;
  let clerk: { id: string; token: string };
  let manager: { id: string; token: string };
  let otherManager: { id: string; token: string };
  let customerId: string;
  beforeAll(async () => {
    t = await createTestKehu(db, { plugins: [pettyCash] });
    clerk = await t.user(['account_manager']);
    manager = await t.user(['sales_manager']);
    otherManager = await t.user(['sales_manager']);
    customerId = (await json(await t.request('/api/v1/customers', { body: { name: '青禾食品' } }))).id;
  });
  afterAll(() => t.close());

  const ask = async (who: { token: string }, extra: Record<string, unknown> = {}) => {
    const res = await t.request(`${P}/requests`, {
      token: who.token,
      body: { customerId, amount: 8800, ...extra },
    });
    expect(res.status).toBe(201);
    return (await json(res)).id as string;
  };
  const decide = (who: { token: string }, id: string, action: string, body: unknown = {}) =>
    t.request(`${P}/requests/${id}/${action}`, { token: who.token, body });
  const openApprovals = async (who: { token: string }, id: string) =>
    (
      (await json(await t.request('/api/v1/activities?type=approval&status=open', { token: who.token })))
        .items as { link: { id: string } | null }[]
    ).filter((a) => a.link?.id === id);
  const audit = async (id: string) =>
    (
      (await json(await t.request(`/api/v1/audit?entityType=petty_cash_request&entityId=${id}`))).items as {
        action: string;
        reason: string | null;
        changes: unknown;
      }[]
    )
      .map((e) => ({ action: e.action, reason: e.reason, changes: e.changes }))
      .reverse();

  it('refuses the requester their own request (403), and anyone without the permission', async () => {
    const id = await ask(manager);
    const own = await decide(manager, id, 'approve');
    expect(own.status).toBe(403);
    expect((await json(own)).code).toBe('own_request');
    const clerkTry = await decide(clerk, id, 'approve');
    expect(clerkTry.status).toBe(403);
    expect(await json(clerkTry)).toMatchObject({ code: 'forbidden', permission: 'pettyCash.decide' });
    expect((await json(await t.request(`${P}/requests/${id}`))).status).toBe('pending');
    // The requester gets no approval activity; another holder of the permission does.
    expect(await openApprovals(manager, id)).toHaveLength(0);
    expect(await openApprovals(otherManager, id)).toHaveLength(1);
  });

  it('needs a reason to reject (422), then decides once: a second decision is a 409 naming the state', async () => {
    const id = await ask(clerk);
    const bare = await decide(manager, id, 'reject', { note: '  ' });
    expect(bare.status).toBe(422);
    expect(await json(bare)).toMatchObject({ code: 'reason_required', errors: [{ path: 'body.note' }] });

    const rejected = await decide(manager, id, 'reject', { note: 'No receipt' });
    expect(rejected.status).toBe(200);
    expect(await json(rejected)).toMatchObject({
      status: 'rejected',
      decidedBy: manager.id,
      decisionNote: 'No receipt',
    });

    for (const action of ['approve', 'reject']) {
      const again = await decide(otherManager, id, action, { note: 'Yes after all' });
      expect(again.status).toBe(409);
      const problem = await json(again);
      expect(problem).toMatchObject({ code: 'not_pending', status: 409 });
      expect(problem.detail).toContain('is already rejected');
    }
    const withdraw = await decide(clerk, id, 'withdraw');
    expect(withdraw.status).toBe(409);
    // Nothing was paid; the request, the rejection with its reason are on the audit; activities closed.
    expect(await json(await t.request(`${P}/payouts`))).toEqual([]);
    expect(await audit(id)).toEqual([
      { action: 'request', reason: 'Taxi to the customer', changes: null },
      { action: 'reject', reason: 'No receipt', changes: { status: { from: 'pending', to: 'rejected' } } },
    ]);
    expect(await openApprovals(manager, id)).toHaveLength(0);
  });

  it('refuses a request past its expiry, and the sweep stores it as expired', async () => {
    const expiresAt = new Date(t.clock.now().getTime() + 3_600_000).toISOString();
    const id = await ask(clerk, { expiresAt });
    expect((await json(await t.request(`${P}/requests/${id}/expire`, { method: 'POST' }))).expired).toBe(
      false,
    );

    t.clock.advance(3_600_000);
    expect((await json(await t.request(`${P}/requests/${id}`))).state).toBe('expired');
    const late = await decide(manager, id, 'approve');
    expect(late.status).toBe(409);
    expect(await json(late)).toMatchObject({ code: 'not_pending', status: 409, expiresAt });
    expect((await json(await decide(manager, id, 'reject', { note: 'Too late' }))).code).toBe('not_pending');
    expect(await json(await t.request(`${P}/payouts`))).toEqual([]);

    expect((await json(await t.request(`${P}/requests/${id}/expire`, { method: 'POST' }))).expired).toBe(
      true,
    );
    expect((await json(await t.request(`${P}/requests/${id}`))).status).toBe('expired');
    expect(await openApprovals(manager, id)).toHaveLength(0);
    expect((await audit(id)).map((e) => e.action)).toEqual(['request', 'expire']);
  });

  it('applies an approval in the decision’s transaction: a failure after it rolls both back', async () => {
    const id = await ask(clerk);
    const failed = await decide(manager, id, 'approve', { failAfterApply: true });
    expect(failed.status).toBe(422);
    expect((await json(failed)).code).toBe('till_empty');
    expect(await json(await t.request(`${P}/payouts`))).toEqual([]);
    expect((await json(await t.request(`${P}/requests/${id}`))).status).toBe('pending');
    expect(await openApprovals(manager, id)).toHaveLength(1);
    expect((await audit(id)).map((e) => e.action)).toEqual(['request']);

    const approved = await decide(manager, id, 'approve', { note: 'ok' });
    expect(approved.status).toBe(200);
    expect(await json(approved)).toMatchObject({ status: 'approved', decidedBy: manager.id, paid: 8800 });
    expect(await json(await t.request(`${P}/payouts`))).toEqual([{ request_id: id, amount: 8800 }]);
    expect(await openApprovals(manager, id)).toHaveLength(0);
    expect((await audit(id)).map((e) => e.action)).toEqual(['request', 'approve']);
  });

  it('lets only the requester withdraw', async () => {
    const id = await ask(clerk);
    const other = await decide(manager, id, 'withdraw');
    expect(other.status).toBe(403);
    expect((await json(other)).code).toBe('not_requester');
    const mine = await decide(clerk, id, 'withdraw');
    expect(mine.status).toBe(200);
    expect((await json(mine)).status).toBe('withdrawn');
    expect(await openApprovals(otherManager, id)).toHaveLength(0);
  });
});
