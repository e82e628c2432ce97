import { type Executor, endOfMonth } from '@kehu/core';
import { BUYING_ROLES, coverage } from './buying-centre.js';
import type { Deps } from './context.js';
import { loadPlan } from './plans.js';
import { revenueOfCustomers } from './revenue.js';

type Weights = Deps['config']['scorecardWeights'];
type ComponentName = keyof Weights;

export interface ScorecardComponent {
  name: ComponentName;
  weight: number;
  /** 0–100, or null when there is nothing to measure (then left out and the rest re-weighted). */
  score: number | null;
  inputs: Record<string, unknown>;
}

export interface Scorecard {
  managerId: string;
  year: number;
  customerIds: string[];
  components: ScorecardComponent[];
  /** Weighted mean of the components that have a score, whole points; null when none has. */
  total: number | null;
}

const clamp = (n: number) => Math.max(0, Math.min(100, Math.round(n)));

/** The key-account manager's designated accounts. */
export async function accountsOf(db: Executor, managerId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('ka_account')
    .select('customer_id')
    .where('manager_id', '=', managerId)
    .where('designated', '=', 1)
    .orderBy('customer_id')
    .execute();
  return rows.map((r) => r.customer_id as string);
}

/**
 * 年度考核: plan completion (the mean completion of the year's account plans), customer satisfaction
 * (from `keyAccounts.scorecardSatisfaction`), market development (50 + revenue growth in percent
 * points over the previous year, plus 10 per account that became A in the year) and information
 * gathering (half buying-centre coverage, half communications logged against one a month per
 * account). Each component lists its inputs.
 */
export async function scorecard(
  deps: Deps,
  db: Executor,
  managerId: string,
  year: number,
): Promise<Scorecard> {
  const ids = await accountsOf(db, managerId);
  const weights = deps.config.scorecardWeights;
  const components: ScorecardComponent[] = [];

  const plans = await db
    .selectFrom('ka_plan')
    .select('id')
    .where('customer_id', 'in', ids.length ? ids : [''])
    .where('year', '=', year)
    .execute();
  const completions: { planId: string; customerId: string; completion: number | null }[] = [];
  for (const p of plans) {
    const plan = (await loadPlan(deps, db, p.id as string))!;
    completions.push({ planId: plan.id, customerId: plan.customerId, completion: plan.completion });
  }
  const scored = completions.filter((c) => c.completion !== null);
  components.push({
    name: 'planCompletion',
    weight: weights.planCompletion,
    score: scored.length ? clamp(scored.reduce((a, c) => a + c.completion!, 0) / scored.length) : null,
    inputs: { plans: completions },
  });

  const satisfaction = await deps.hooks.applyFilters(
    'keyAccounts.scorecardSatisfaction',
    { managerId, year, customerIds: ids, result: null },
    { trx: db as never, principal: null },
  );
  components.push({
    name: 'satisfaction',
    weight: weights.satisfaction,
    score: satisfaction.result ? clamp(satisfaction.result.score) : null,
    inputs: satisfaction.result ? { ...satisfaction.result } : { available: false },
  });

  const [revenue, previous] = [
    await revenueOfCustomers(deps, db, ids, `${year}-01-01`, `${year}-12-31`),
    await revenueOfCustomers(deps, db, ids, `${year - 1}-01-01`, `${year - 1}-12-31`),
  ];
  const newA = ids.length
    ? await db
        .selectFrom('ka_tier_change')
        .select('customer_id')
        .distinct()
        .where('customer_id', 'in', ids)
        .where('to_class', '=', 'A')
        .where('changed_on', '>=', `${year}-01-01`)
        .where('changed_on', '<=', `${year}-12-31`)
        .execute()
    : [];
  const growthPercent = previous > 0 ? Math.round(((revenue - previous) * 1000) / previous) / 10 : null;
  components.push({
    name: 'marketDevelopment',
    weight: weights.marketDevelopment,
    score: ids.length === 0 ? null : clamp(50 + (growthPercent ?? 0) + 10 * newA.length),
    inputs: {
      currency: deps.config.reportingCurrency,
      revenue,
      previousRevenue: previous,
      growthPercent,
      newAAccounts: newA.length,
    },
  });

  let communications = 0;
  let covered = 0;
  for (const id of ids) {
    const { items } = await deps.customers.communications.list(id, { limit: 500 }, db);
    communications += items.filter((c) => deps.clock.dateOf(c.occurredAt).startsWith(`${year}-`)).length;
    covered += (await coverage(deps, db, id)).roles.filter((r) => r.contacts.length > 0).length;
  }
  const coveragePercent = ids.length
    ? Math.round((covered * 100) / (ids.length * BUYING_ROLES.length))
    : null;
  const expected = ids.length * 12;
  components.push({
    name: 'informationGathering',
    weight: weights.informationGathering,
    score:
      ids.length === 0
        ? null
        : clamp((coveragePercent ?? 0) / 2 + Math.min(1, communications / expected) * 50),
    inputs: { communications, expectedCommunications: expected, coveragePercent },
  });

  const counted = components.filter((c) => c.score !== null && c.weight > 0);
  const weight = counted.reduce((a, c) => a + c.weight, 0);
  const total = weight > 0 ? Math.round(counted.reduce((a, c) => a + c.score! * c.weight, 0) / weight) : null;
  return { managerId, year, customerIds: ids, components, total };
}

/** Sales target of a manager for a period (`YYYY` or `YYYY-MM`) against their accounts' revenue. */
export async function targetVariance(deps: Deps, db: Executor, managerId: string, period: string) {
  const target = await db
    .selectFrom('ka_target')
    .selectAll()
    .where('manager_id', '=', managerId)
    .where('period', '=', period)
    .executeTakeFirst();
  const ids = await accountsOf(db, managerId);
  const from = period.length === 4 ? `${period}-01-01` : `${period}-01`;
  const to = period.length === 4 ? `${period}-12-31` : endOfMonth(period);
  const actual = await revenueOfCustomers(deps, db, ids, from, to);
  const amount = target ? Number(target.amount) : null;
  return {
    managerId,
    period,
    currency: deps.config.reportingCurrency,
    target: amount,
    actual,
    variance: amount === null ? null : actual - amount,
    achievedPercent: amount ? Math.round((actual * 1000) / amount) / 10 : null,
  };
}
