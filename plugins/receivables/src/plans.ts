import { type Executor, newId, notFound, sql, type Trx, type z } from '@kehu/core';
import { lockCustomer } from './balances.js';
import { type Actor, actorId, type Deps, nowIso, today } from './context.js';
import { assertCurrency, assertDate } from './invoices.js';
import { fieldProblem, stateConflict } from './problems.js';
import type { PaymentPlanSchema } from './routes/response-schemas.js';

export type PaymentPlan = z.infer<typeof PaymentPlanSchema>;

async function paidSince(trx: Executor, plan: Record<string, any>): Promise<number> {
  const r = await trx
    .selectFrom('rcv_payment')
    .select((eb) => eb.fn.coalesce(eb.fn.sum('amount'), sql.lit(0)).as('paid'))
    .where('customer_id', '=', plan.customer_id)
    .where('currency', '=', plan.currency)
    .where('status', '=', 'recorded')
    .where('created_at', '>=', plan.created_at)
    .executeTakeFirstOrThrow();
  return Number(r.paid);
}

export async function loadPlan(db: Executor, id: string): Promise<PaymentPlan | undefined> {
  const p = await db.selectFrom('rcv_plan').selectAll().where('id', '=', id).executeTakeFirst();
  if (!p) return undefined;
  const inst = await db
    .selectFrom('rcv_instalment')
    .selectAll()
    .where('plan_id', '=', id)
    .orderBy('seq')
    .execute();
  return {
    id: p.id,
    customerId: p.customer_id,
    currency: p.currency,
    total: Number(p.total),
    reason: p.reason,
    status: p.status,
    startsOn: p.starts_on,
    paidSoFar: await paidSince(db, p),
    instalments: inst.map((i) => ({
      id: i.id,
      seq: Number(i.seq),
      dueDate: i.due_date,
      amount: Number(i.amount),
      status: i.status,
      settledAt: i.settled_at ?? null,
    })),
    createdBy: p.created_by ?? null,
    createdAt: p.created_at,
    closedAt: p.closed_at ?? null,
  };
}

/**
 * Brings a customer's active plans up to date: payments since the plan started cover the instalments
 * in order; an instalment past its due date and not covered breaks the plan (once: a broken plan is
 * no longer active), and a fully covered plan completes.
 */
export async function refreshPlans(
  deps: Deps,
  trx: Trx,
  customerId: string,
  currency: string,
): Promise<void> {
  const plans = await trx
    .selectFrom('rcv_plan')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('currency', '=', currency)
    .where('status', '=', 'active')
    .execute();
  const on = today(deps);
  const now = nowIso(deps);
  for (const plan of plans) {
    const paid = await paidSince(trx, plan);
    const instalments = await trx
      .selectFrom('rcv_instalment')
      .selectAll()
      .where('plan_id', '=', plan.id)
      .orderBy('seq')
      .execute();
    let required = 0;
    let broken: { due: string; amount: number } | null = null;
    for (const i of instalments) {
      const amount = Number(i.amount);
      required += amount;
      const covered = paid >= required;
      const status = covered ? 'paid' : i.due_date < on ? 'missed' : 'pending';
      if (status !== i.status) {
        await trx
          .updateTable('rcv_instalment')
          .set({ status, settled_at: status === 'pending' ? null : now })
          .where('id', '=', i.id)
          .execute();
      }
      if (status === 'missed' && !broken)
        broken = { due: i.due_date, amount: Math.min(amount, required - paid) };
    }
    if (broken) {
      await trx
        .updateTable('rcv_plan')
        .set({ status: 'broken', closed_at: now })
        .where('id', '=', plan.id)
        .execute();
      await deps.audit.record(trx, {
        entityType: 'payment_plan',
        entityId: plan.id,
        customerId,
        action: 'broken',
        actor: null,
        changes: { status: { from: 'active', to: 'broken' } },
      });
      await deps.hooks.emit(trx, 'receivables.plan.broken', {
        planId: plan.id,
        customerId,
        instalmentDueDate: broken.due,
        amount: broken.amount,
        currency,
      });
    } else if (paid >= required) {
      await trx
        .updateTable('rcv_plan')
        .set({ status: 'completed', closed_at: now })
        .where('id', '=', plan.id)
        .execute();
    }
  }
}

/** Daily: checks every active plan for missed instalments. */
export async function checkAllPlans(deps: Deps): Promise<{ checked: number }> {
  const plans = await deps.db
    .selectFrom('rcv_plan')
    .select(['customer_id', 'currency'])
    .distinct()
    .where('status', '=', 'active')
    .execute();
  for (const p of plans) {
    await deps.transaction(async (trx) => {
      await lockCustomer(deps, trx, p.customer_id);
      await refreshPlans(deps, trx, p.customer_id, p.currency);
    });
  }
  return { checked: plans.length };
}

export async function createPlan(
  deps: Deps,
  input: {
    customerId: string;
    currency: string;
    reason: string;
    instalments: { dueDate: string; amount: number }[];
  },
  actor: Actor,
): Promise<PaymentPlan> {
  assertCurrency(deps, input.currency, 'body.currency');
  const on = today(deps);
  let previous = '';
  for (const [i, inst] of input.instalments.entries()) {
    assertDate(inst.dueDate, `body.instalments.${i}.dueDate`);
    if (inst.dueDate < on)
      throw fieldProblem(
        422,
        'date_in_past',
        `Instalment ${i + 1} is due before today`,
        `body.instalments.${i}.dueDate`,
      );
    if (inst.dueDate <= previous)
      throw fieldProblem(
        422,
        'dates_not_increasing',
        'Instalment due dates must increase',
        `body.instalments.${i}.dueDate`,
      );
    previous = inst.dueDate;
  }
  const total = input.instalments.reduce((s, i) => s + i.amount, 0);
  return deps.transaction(async (trx) => {
    await lockCustomer(deps, trx, input.customerId);
    const debt = await trx
      .selectFrom('rcv_invoice')
      .select((eb) => [
        eb.fn.coalesce(eb.fn.sum('outstanding'), sql.lit(0)).as('outstanding'),
        eb.fn
          .coalesce(
            eb.fn.sum(eb.case().when('due_date', '<', on).then(eb.ref('outstanding')).else(sql.lit(0)).end()),
            sql.lit(0),
          )
          .as('overdue'),
      ])
      .where('customer_id', '=', input.customerId)
      .where('currency', '=', input.currency)
      .where('outstanding', '>', 0)
      .executeTakeFirstOrThrow();
    if (!(Number(debt.overdue) > 0))
      throw fieldProblem(
        422,
        'nothing_overdue',
        `The customer has no overdue debt in ${input.currency}`,
        'body.customerId',
      );
    if (total > Number(debt.outstanding)) {
      throw fieldProblem(
        422,
        'exceeds_outstanding',
        `The instalments (${total}) exceed what the customer owes (${Number(debt.outstanding)})`,
        'body.instalments',
        {
          total,
          outstanding: Number(debt.outstanding),
        },
      );
    }
    const active = await trx
      .selectFrom('rcv_plan')
      .select('id')
      .where('customer_id', '=', input.customerId)
      .where('currency', '=', input.currency)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (active)
      throw stateConflict('plan_exists', `The customer already has an active plan in ${input.currency}`, {
        planId: active.id,
      });
    const id = newId();
    await trx
      .insertInto('rcv_plan')
      .values({
        id,
        customer_id: input.customerId,
        currency: input.currency,
        total,
        reason: input.reason,
        status: 'active',
        starts_on: on,
        created_by: actorId(actor),
        created_at: nowIso(deps),
        closed_at: null,
      })
      .execute();
    await trx
      .insertInto('rcv_instalment')
      .values(
        input.instalments.map((i, seq) => ({
          id: newId(),
          plan_id: id,
          seq: seq + 1,
          due_date: i.dueDate,
          amount: i.amount,
          status: 'pending',
          settled_at: null,
        })),
      )
      .execute();
    await deps.audit.record(trx, {
      entityType: 'payment_plan',
      entityId: id,
      customerId: input.customerId,
      action: 'create',
      actor: actorId(actor),
      changes: { total: { from: null, to: total } },
      reason: input.reason,
    });
    return (await loadPlan(trx, id))!;
  });
}

export async function cancelPlan(
  deps: Deps,
  id: string,
  reason: string,
  actor: Actor,
  authorize: (customerId: string, trx: Trx) => Promise<void>,
): Promise<PaymentPlan> {
  return deps.transaction(async (trx) => {
    const plan = await trx.selectFrom('rcv_plan').selectAll().where('id', '=', id).executeTakeFirst();
    if (!plan) throw notFound('Payment plan', id);
    await authorize(plan.customer_id, trx);
    if (plan.status !== 'active') throw stateConflict('plan_not_active', `The plan is ${plan.status}`);
    await trx
      .updateTable('rcv_plan')
      .set({ status: 'cancelled', closed_at: nowIso(deps) })
      .where('id', '=', id)
      .execute();
    await deps.audit.record(trx, {
      entityType: 'payment_plan',
      entityId: id,
      customerId: plan.customer_id,
      action: 'cancel',
      actor: actorId(actor),
      changes: { status: { from: 'active', to: 'cancelled' } },
      reason,
    });
    return (await loadPlan(trx, id))!;
  });
}
