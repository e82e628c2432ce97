import { conflict, type Executor, newId, notFound, type Principal, type Trx } from '@kehu/core';
import type { Deps } from './context.js';
import { revenueOfCustomers } from './revenue.js';

export interface AccountPlan {
  id: string;
  customerId: string;
  year: number;
  title: string;
  status: 'active' | 'closed';
  objectives: {
    id: string;
    title: string;
    ownerId: string | null;
    dueOn: string | null;
    status: 'open' | 'done' | 'dropped';
  }[];
  measures: {
    id: string;
    name: string;
    source: 'manual' | 'revenue';
    unit: string | null;
    target: number;
    actual: number;
  }[];
  /** Objectives done (dropped ones left out) and measures reached (each capped at 100 %), averaged; null when empty. */
  completion: number | null;
}

/** Completion in whole percent: the mean of objective completion and each measure's actual ÷ target. */
export function completionOf(plan: Pick<AccountPlan, 'objectives' | 'measures'>): number | null {
  const parts: number[] = [];
  const counted = plan.objectives.filter((o) => o.status !== 'dropped');
  if (counted.length > 0)
    parts.push((counted.filter((o) => o.status === 'done').length * 100) / counted.length);
  for (const m of plan.measures) parts.push(m.target <= 0 ? 100 : Math.min(100, (m.actual * 100) / m.target));
  return parts.length === 0 ? null : Math.round(parts.reduce((a, b) => a + b, 0) / parts.length);
}

export async function loadPlan(deps: Deps, db: Executor, id: string): Promise<AccountPlan | undefined> {
  const plan = await db.selectFrom('ka_plan').selectAll().where('id', '=', id).executeTakeFirst();
  if (!plan) return undefined;
  const objectives = await db
    .selectFrom('ka_objective')
    .selectAll()
    .where('plan_id', '=', id)
    .orderBy('id')
    .execute();
  const measures = await db
    .selectFrom('ka_measure')
    .selectAll()
    .where('plan_id', '=', id)
    .orderBy('id')
    .execute();
  const out: AccountPlan = {
    id: plan.id,
    customerId: plan.customer_id,
    year: Number(plan.year),
    title: plan.title,
    status: plan.status,
    objectives: objectives.map((o) => ({
      id: o.id,
      title: o.title,
      ownerId: o.owner_id ?? null,
      dueOn: o.due_on ?? null,
      status: o.status,
    })),
    measures: [],
    completion: null,
  };
  for (const m of measures)
    out.measures.push({
      id: m.id,
      name: m.name,
      source: m.source,
      unit: m.unit ?? null,
      target: Number(m.target),
      actual:
        m.source === 'revenue'
          ? await revenueOfCustomers(deps, db, [plan.customer_id], `${out.year}-01-01`, `${out.year}-12-31`)
          : Number(m.actual),
    });
  out.completion = completionOf(out);
  return out;
}

export async function createPlan(
  deps: Deps,
  trx: Trx,
  input: {
    customerId: string;
    year: number;
    title: string;
    objectives: { title: string; ownerId?: string | null | undefined; dueOn?: string | null | undefined }[];
    measures: {
      name: string;
      source: 'manual' | 'revenue';
      unit?: string | null | undefined;
      target: number;
      actual?: number | undefined;
    }[];
  },
  actor: Principal,
): Promise<AccountPlan> {
  const exists = await trx
    .selectFrom('ka_plan')
    .select('id')
    .where('customer_id', '=', input.customerId)
    .where('year', '=', input.year)
    .executeTakeFirst();
  if (exists)
    throw conflict('plan_exists', `The account already has a plan for ${input.year}`, { planId: exists.id });
  const id = newId();
  await trx
    .insertInto('ka_plan')
    .values({
      id,
      customer_id: input.customerId,
      year: input.year,
      title: input.title,
      status: 'active',
      created_by: actor.id,
      created_at: deps.clock.now().toISOString(),
    })
    .execute();
  for (const o of input.objectives)
    await trx
      .insertInto('ka_objective')
      .values({
        id: newId(),
        plan_id: id,
        title: o.title,
        owner_id: o.ownerId ?? null,
        due_on: o.dueOn ?? null,
        status: 'open',
      })
      .execute();
  for (const m of input.measures)
    await trx
      .insertInto('ka_measure')
      .values({
        id: newId(),
        plan_id: id,
        name: m.name,
        source: m.source,
        unit: m.unit ?? null,
        target: m.target,
        actual: m.actual ?? 0,
      })
      .execute();
  await deps.audit.record(trx, {
    entityType: 'key_account_plan',
    entityId: id,
    customerId: input.customerId,
    action: 'create',
    actor,
  });
  return (await loadPlan(deps, trx, id))!;
}

/** What a user updates on a plan: an objective's status or a manual measure's actual figure. */
export type PlanItemChange = { status: 'open' | 'done' | 'dropped' } | { actual: number };

/** Updates one objective or manual measure of the plan; another plan's item, or a revenue measure, is 404. */
export async function updatePlanItem(
  deps: Deps,
  trx: Trx,
  planId: string,
  itemId: string,
  change: PlanItemChange,
  actor: Principal,
) {
  const item = 'status' in change ? 'objective' : 'measure';
  const to = 'status' in change ? change.status : change.actual;
  const res = await ('status' in change
    ? trx.updateTable('ka_objective').set(change)
    : trx.updateTable('ka_measure').set(change).where('source', '=', 'manual')
  )
    .where('id', '=', itemId)
    .where('plan_id', '=', planId)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0)
    throw notFound(item === 'objective' ? 'Objective' : 'Manual measure', itemId);
  const plan = (await loadPlan(deps, trx, planId))!;
  await deps.audit.record(trx, {
    entityType: 'key_account_plan',
    entityId: planId,
    customerId: plan.customerId,
    action: item,
    actor,
    changes: { [`${item}.${itemId}`]: { from: null, to } },
  });
  return plan;
}

export async function closePlan(deps: Deps, trx: Trx, planId: string, actor: Principal) {
  const plan = await loadPlan(deps, trx, planId);
  if (!plan) throw notFound('Account plan', planId);
  await trx.updateTable('ka_plan').set({ status: 'closed' }).where('id', '=', planId).execute();
  await deps.audit.record(trx, {
    entityType: 'key_account_plan',
    entityId: planId,
    customerId: plan.customerId,
    action: 'close',
    actor,
    changes: { status: { from: plan.status, to: 'closed' } },
  });
  return { ...plan, status: 'closed' as const };
}
