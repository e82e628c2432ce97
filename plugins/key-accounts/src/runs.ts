import { addDays, type Executor, newId, type Principal, type Trx } from '@kehu/core';
import { auditAccount } from './account-audit.js';
import { type AccountRow, effectiveClass, overrideActive } from './accounts.js';
import { insertRows } from './bulk-write.js';
import { classify, type RevenueLine } from './classification.js';
import type { Deps } from './context.js';
import type { AbcClass } from './contract.js';
import { windowRevenue } from './revenue.js';

export interface RunSummary {
  id: string;
  currency: string;
  windowFrom: string;
  windowTo: string;
  aThreshold: number;
  bThreshold: number;
  source: string;
  overwriteOverrides: boolean;
  /** Sum of the positive revenues (minor units): what shares are shares of. */
  total: number;
  counts: { A: number; B: number; C: number; none: number };
  /** Customers whose effective class moved in this run. */
  moved: number;
  trigger: 'job' | 'manual';
  createdBy: string | null;
  createdAt: string;
}

export const toRunSummary = (r: Record<string, any>, moved = 0): RunSummary => ({
  id: r.id,
  currency: r.currency,
  windowFrom: r.window_from,
  windowTo: r.window_to,
  aThreshold: Number(r.a_threshold),
  bThreshold: Number(r.b_threshold),
  source: r.source,
  overwriteOverrides: Number(r.overwrite_overrides) === 1,
  total: Number(r.total),
  counts: JSON.parse(r.counts),
  moved,
  trigger: r.trigger,
  createdBy: r.created_by ?? null,
  createdAt: r.created_at,
});

type StandingRow = Pick<AccountRow, 'customer_id' | 'class' | 'override_class' | 'override_expires_on'>;

/** What a run needs of every account: the computed class and a standing override. */
async function allAccounts(trx: Executor): Promise<Map<string, StandingRow>> {
  const rows = await trx
    .selectFrom('ka_account')
    .select(['customer_id', 'class', 'override_class', 'override_expires_on'])
    .execute();
  return new Map(rows.map((r) => [r.customer_id as string, r as StandingRow]));
}

/** The default window: `windowDays` days ending the day before `today`. */
export function defaultWindow(deps: Deps, today: string): { from: string; to: string } {
  const to = addDays(today, -1);
  return { from: addDays(to, -(deps.config.windowDays - 1)), to };
}

/**
 * One classification run, kept whole: every customer's revenue, share, cumulative share and class.
 * Customers whose effective class moves get a tier-history row and `keyAccounts.tierChanged`.
 * A standing manual override survives unless `runOverwritesOverrides` is set.
 */
export async function runClassification(
  deps: Deps,
  trx: Trx,
  input: { trigger: 'job' | 'manual'; actor: Principal | null; from?: string; to?: string },
): Promise<RunSummary> {
  const now = deps.clock.now();
  const today = deps.clock.today();
  const window = defaultWindow(deps, today);
  const from = input.from ?? window.from;
  const to = input.to ?? window.to;
  const currency = deps.config.reportingCurrency;
  const { source, revenue } = await windowRevenue(deps, trx, { from, to, currency });

  // Only customers that exist and are not deleted are ranked; codes break ties.
  const summaries = await deps.customers.summaries([...revenue.keys()], trx);
  const lines: RevenueLine[] = [];
  for (const [customerId, amount] of revenue) {
    const s = summaries.get(customerId);
    if (s && !s.deleted) lines.push({ customerId, code: s.code, revenue: amount });
  }
  const classified = classify(lines, { a: deps.config.aThreshold, b: deps.config.bThreshold });

  const counts = { A: 0, B: 0, C: 0, none: 0 };
  let total = 0n;
  for (const l of classified) {
    counts[l.class]++;
    if (l.revenue > 0n) total += l.revenue;
  }

  const runId = newId();
  const overwrite = deps.config.runOverwritesOverrides;
  const accounts = await allAccounts(trx);
  const nowIso = now.toISOString();
  const entries: Record<string, string | number | null>[] = [];
  const upserts: Record<string, string | number | null>[] = [];
  const moves: { customerId: string; from: AbcClass | null; to: AbcClass }[] = [];
  const clearedOverrides: StandingRow[] = [];

  const settle = (customerId: string, computed: AbcClass) => {
    const row = accounts.get(customerId);
    const before = row ? effectiveClass(row, today) : null;
    const standing = row ? overrideActive(row, today) : false;
    const clearOverride = standing && overwrite;
    if (clearOverride) clearedOverrides.push(row!);
    const after: AbcClass = standing && !overwrite ? (row!.override_class as AbcClass) : computed;
    if (!row || row.class !== computed || clearOverride)
      upserts.push({ customer_id: customerId, class: computed, updated_at: nowIso });
    if (before !== after && !(before === null && after === 'none'))
      moves.push({ customerId, from: before, to: after });
    return standing && !overwrite ? (row!.override_class as AbcClass) : null;
  };

  for (const l of classified) {
    const override = settle(l.customerId, l.class);
    entries.push({
      run_id: runId,
      customer_id: l.customerId,
      rank: l.rank,
      revenue: l.revenue.toString(),
      share_ppm: l.sharePpm,
      cumulative_ppm: l.cumulativePpm,
      class: l.class,
      override_class: override,
    });
  }
  // Classified before, no revenue at all now (every invoice cancelled, or merged away): none.
  const ranked = new Set(classified.map((l) => l.customerId));
  for (const row of accounts.values())
    if (!ranked.has(row.customer_id) && row.class !== 'none') {
      settle(row.customer_id, 'none');
      counts.none++;
    }

  const run = {
    id: runId,
    currency,
    window_from: from,
    window_to: to,
    a_threshold: deps.config.aThreshold,
    b_threshold: deps.config.bThreshold,
    source,
    overwrite_overrides: overwrite ? 1 : 0,
    total: total.toString(),
    counts: JSON.stringify(counts),
    trigger: input.trigger,
    created_by: input.actor?.id ?? null,
    created_at: nowIso,
  };
  await trx.insertInto('ka_run').values(run).execute();
  await insertRows(trx, deps.dialect, 'ka_run_entry', entries);
  await insertRows(trx, deps.dialect, 'ka_account', upserts, {
    key: 'customer_id',
    update: ['class', 'updated_at'],
  });
  for (const row of clearedOverrides) {
    await trx
      .updateTable('ka_account')
      .set(clearedOverrideColumns)
      .where('customer_id', '=', row.customer_id)
      .execute();
    await auditAccount(deps.audit, trx, row.customer_id, {
      action: 'override.replaced',
      actor: input.actor,
      reason: `Classification run ${runId} replaced the manual override`,
      changes: { overrideClass: { from: row.override_class, to: null } },
    });
  }
  await insertRows(
    trx,
    deps.dialect,
    'ka_tier_change',
    moves.map((m) => ({
      id: newId(),
      customer_id: m.customerId,
      from_class: m.from,
      to_class: m.to,
      source: 'run',
      run_id: runId,
      changed_on: today,
      created_at: nowIso,
    })),
  );
  // A first run moves nearly every customer: one bulk write, or none when nobody listens.
  if (deps.hooks.hasSubscribers('keyAccounts.tierChanged'))
    await deps.hooks.emitMany(
      trx,
      'keyAccounts.tierChanged',
      moves.map((m) => ({ ...m, runId })),
    );
  await deps.hooks.emit(trx, 'keyAccounts.classified', { runId, currency, counts });
  return toRunSummary(run, moves.length);
}

export const clearedOverrideColumns = {
  override_class: null,
  override_reason: null,
  override_by: null,
  override_at: null,
  override_expires_on: null,
};
