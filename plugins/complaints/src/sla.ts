import type { Trx, WorkingCalendar } from '@kehu/core';
import { loadCalendar } from './calendar.js';
import { appendEvent, eventOf } from './complaint-store.js';
import { type Deps, forComplaintStaff, usersInRole } from './context.js';
import { type ComplaintRow, FINAL_STATES, PAUSED_STATES } from './model.js';
import { type ClockState, deadline, elapsed, type SlaTarget, stepsOf } from './sla-clock.js';
import { listPolicies, matchPolicy, type SlaPolicy } from './sla-policies.js';

const MINUTE = 60_000;
const ms = (iso: string | null | undefined): number | null => (iso ? Date.parse(iso) : null);
const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());

export const clockOf = (row: ComplaintRow): ClockState => ({
  startedAt: Date.parse(row.sla_started_at),
  pausedMs: Number(row.sla_paused_ms),
  pausedSince: ms(row.sla_paused_since),
});

const TARGETS: readonly SlaTarget[] = ['response', 'resolution'];
const metAt = (row: ComplaintRow, target: SlaTarget): number | null =>
  target === 'response' ? ms(row.responded_at) : ms(row.resolved_at);
/** The instant the clock stopped for good: met, or the complaint was withdrawn or merged. */
const stoppedAt = (row: ComplaintRow, target: SlaTarget): number | null =>
  metAt(row, target) ?? (FINAL_STATES.includes(row.state) ? (ms(row.closed_at) ?? ms(row.updated_at)) : null);
const targetMs = (row: ComplaintRow, target: SlaTarget): number => Number(row[`${target}_target_ms`]);

/**
 * The due times and the next escalation instant of a complaint after a change, with its current
 * targets. A target already met keeps the due time it was judged against.
 */
export function slaFields(
  cal: WorkingCalendar,
  row: ComplaintRow,
  policy: SlaPolicy,
): Record<string, string | number | null> {
  const clock = clockOf(row);
  const out: Record<string, string | number | null> = {};
  let next: number | null = null;
  for (const target of TARGETS) {
    const stopped = stoppedAt(row, target) !== null;
    out[`${target}_due_at`] = stopped
      ? row[`${target}_due_at`]
      : iso(deadline(cal, clock, targetMs(row, target)));
    const met = metAt(row, target);
    out[`${target}_working_ms`] =
      met === null
        ? null
        : row[`${target}_working_ms`] != null
          ? Number(row[`${target}_working_ms`])
          : elapsed(cal, clock, met);
    if (stopped) continue;
    const level = Number(row[`${target}_level`]);
    const step = stepsOf(cal, clock, target, targetMs(row, target), policy.escalation).find(
      (s) => s.level > level,
    );
    if (step && (next === null || step.at < next)) next = step.at;
  }
  return { ...out, sla_next_at: iso(next) };
}

/** Targets of the policy matching the complaint now; the clock's start and pauses stay. */
export function targetsFor(policy: SlaPolicy, row: Pick<ComplaintRow, 'severity'>) {
  const t = policy.targets[row.severity];
  return {
    sla_policy_id: policy.id,
    response_target_ms: t.responseMinutes * MINUTE,
    resolution_target_ms: t.resolutionMinutes * MINUTE,
  };
}

export async function policyFor(trx: Trx, row: ComplaintRow): Promise<SlaPolicy> {
  return matchPolicy(await listPolicies(trx), {
    severity: row.severity,
    nature: row.nature,
    category: row.category,
    channel: row.channel,
    keyReasons: JSON.parse(row.key_reasons ?? '[]'),
  });
}

export type SlaStatus = 'within' | 'warning' | 'breached' | 'paused' | 'met';

export interface TargetView {
  targetMinutes: number;
  dueAt: string | null;
  metAt: string | null;
  elapsedMinutes: number;
  remainingMinutes: number | null;
  breached: boolean;
  status: SlaStatus;
}

export interface SlaView {
  policyId: string | null;
  startedAt: string;
  paused: boolean;
  pausedMinutes: number;
  status: SlaStatus;
  response: TargetView;
  resolution: TargetView;
}

/** What a complaint shows about its SLA at `now`. */
export function slaView(
  cal: WorkingCalendar,
  row: ComplaintRow,
  policy: SlaPolicy | undefined,
  now: number,
): SlaView {
  const clock = clockOf(row);
  const paused = PAUSED_STATES.includes(row.state) || clock.pausedSince !== null;
  const currentPause =
    clock.pausedSince !== null ? cal.workingTimeBetween(new Date(clock.pausedSince), new Date(now)) : 0;
  const view = (target: SlaTarget): TargetView => {
    const stopped = stoppedAt(row, target);
    const spent = elapsed(cal, clock, stopped ?? now);
    const goal = targetMs(row, target);
    const due = ms(row[`${target}_due_at`]);
    const breached =
      Number(row[`${target}_breached`]) === 1 ||
      (stopped !== null ? due !== null && stopped > due : !paused && spent >= goal);
    const share = policy?.escalation.warningShare ?? 0.75;
    const status: SlaStatus = breached
      ? 'breached'
      : stopped !== null
        ? 'met'
        : paused
          ? 'paused'
          : spent >= goal * share
            ? 'warning'
            : 'within';
    return {
      targetMinutes: Math.round(goal / MINUTE),
      dueAt: stopped !== null ? row[`${target}_due_at`] : paused ? null : iso(deadline(cal, clock, goal)),
      metAt: iso(metAt(row, target)),
      elapsedMinutes: Math.floor(spent / MINUTE),
      remainingMinutes: stopped !== null ? null : Math.ceil((goal - spent) / MINUTE),
      breached,
      status,
    };
  };
  const response = view('response');
  const resolution = view('resolution');
  const statuses = [response.status, resolution.status];
  const status: SlaStatus = statuses.includes('breached')
    ? 'breached'
    : resolution.status === 'met'
      ? 'met'
      : paused
        ? 'paused'
        : statuses.includes('warning')
          ? 'warning'
          : 'within';
  return {
    policyId: row.sla_policy_id ?? null,
    startedAt: row.sla_started_at,
    paused,
    pausedMinutes: Math.floor((clock.pausedMs + currentPause) / MINUTE),
    status,
    response,
    resolution,
  };
}

/**
 * What one job run reads once and reuses for every complaint it escalates: the holders of each role
 * and the owner (account manager) of each customer.
 */
export interface EscalationCache {
  roles: Map<string, Promise<string[]>>;
  owners: Map<string, string | null>;
}

export const escalationCache = (): EscalationCache => ({ roles: new Map(), owners: new Map() });

/** Who an escalation level goes to. */
async function assigneesOf(
  deps: Deps,
  trx: Trx,
  row: ComplaintRow,
  role: string,
  cache: EscalationCache,
): Promise<string[]> {
  if (role === 'handler') return [row.handler_id];
  if (role === 'account_manager') {
    if (!cache.owners.has(row.customer_id)) await loadOwners(deps, trx, [row.customer_id], cache);
    const owner = cache.owners.get(row.customer_id);
    return owner ? [owner] : [];
  }
  let holders = cache.roles.get(role);
  if (!holders) {
    holders = usersInRole(deps, role, trx);
    cache.roles.set(role, holders);
  }
  return holders;
}

async function loadOwners(deps: Deps, trx: Trx, customerIds: string[], cache: EscalationCache) {
  const missing = [...new Set(customerIds)].filter((id) => !cache.owners.has(id));
  if (missing.length === 0) return;
  const summaries = await deps.customers.summaries(missing, trx);
  for (const id of missing) cache.owners.set(id, summaries.get(id)?.ownerId ?? null);
}

/**
 * Fires every escalation step due by `at` that has not fired. Each level is claimed with a
 * conditional update (`level = L-1 → L`): of two job runners, only the one whose update changed the
 * row raises the activities and events, so every level fires exactly once.
 */
export async function fireDueSteps(
  deps: Deps,
  trx: Trx,
  cal: WorkingCalendar,
  row: ComplaintRow,
  policy: SlaPolicy,
  at: number,
  cache: EscalationCache = escalationCache(),
): Promise<number> {
  let fired = 0;
  const clock = clockOf(row);
  for (const target of TARGETS) {
    if (stoppedAt(row, target) !== null && metAt(row, target) === null) continue;
    const met = metAt(row, target);
    const steps = stepsOf(cal, clock, target, targetMs(row, target), policy.escalation);
    for (const step of steps) {
      const level = Number(row[`${target}_level`]);
      if (step.level <= level) continue;
      // A met target fires only the breach it already earned (met after its due time).
      if (met !== null && (step.level !== 2 || met <= step.at)) continue;
      if (step.at > at) break;
      const claimed = await trx
        .updateTable('cmp_complaint')
        .set({
          [`${target}_level`]: step.level,
          ...(step.level >= 2 ? { [`${target}_breached`]: 1 } : {}),
        })
        .where('id', '=', row.id)
        .where(`${target}_level`, '=', level)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) break;
      row[`${target}_level`] = step.level;
      if (step.level >= 2) row[`${target}_breached`] = 1;
      fired++;
      await raiseStep(deps, trx, row, target, step.level, step.role, cache);
    }
  }
  return fired;
}

const LEVEL_NAMES = ['', 'warning', 'breach'];

async function raiseStep(
  deps: Deps,
  trx: Trx,
  row: ComplaintRow,
  target: SlaTarget,
  level: number,
  role: string,
  cache: EscalationCache,
) {
  const what = LEVEL_NAMES[level] ?? `escalation level ${level}`;
  const subject = `SLA ${what} (${target}): ${row.number} ${row.subject}`;
  for (const assigneeId of await assigneesOf(deps, trx, row, role, cache)) {
    await deps.activities.create(trx, {
      type: 'complaint_escalation',
      subject,
      ...forComplaintStaff(row),
      link: { type: 'complaint', id: row.id },
      assigneeId,
      priority: level >= 2 ? 'urgent' : 'high',
      dueAt: new Date(deps.clock.now().getTime()),
      data: { complaintId: row.id, target, level, role },
      key: `complaints:sla:${row.id}:${target}:${level}:${assigneeId}`,
    });
  }
  await appendEvent(deps, trx, row, { kind: 'sla_escalated', actorId: null, data: { target, level, role } });
  await deps.hooks.emit(trx, 'complaints.escalated', { ...eventOf(row), target, level, role });
  if (level === 2) await deps.hooks.emit(trx, 'complaints.slaBreached', { ...eventOf(row), target });
}

/** Fires due steps and stores the next escalation instant (inside the complaint's write). */
export async function refreshSla(
  deps: Deps,
  trx: Trx,
  row: ComplaintRow,
  cal?: WorkingCalendar,
): Promise<ComplaintRow> {
  const calendar = cal ?? (await loadCalendar(deps, trx));
  const policies = await listPolicies(trx);
  const policy = policies.find((p) => p.id === row.sla_policy_id) ?? matchPolicy(policies, subjectOf(row));
  await fireDueSteps(deps, trx, calendar, row, policy, deps.clock.now().getTime());
  const fields = slaFields(calendar, row, policy);
  await trx.updateTable('cmp_complaint').set(fields).where('id', '=', row.id).execute();
  return { ...row, ...fields };
}

const subjectOf = (row: ComplaintRow) => ({
  severity: row.severity,
  nature: row.nature,
  category: row.category,
  channel: row.channel,
  keyReasons: JSON.parse(row.key_reasons ?? '[]') as string[],
});

const rolesOf = (p: SlaPolicy) => [
  p.escalation.warningRole,
  p.escalation.breachRole,
  ...p.escalation.levels.map((l) => l.role),
];

/** Due complaints escalated per transaction by the SLA job. */
const JOB_BATCH = 200;

/**
 * The SLA job: every open complaint whose next escalation instant has come, a batch of them per
 * transaction. Safe to run in several processes at once (see {@link fireDueSteps}).
 */
export async function runSlaJob(deps: Deps, at: Date): Promise<{ checked: number; fired: number }> {
  const cal = await loadCalendar(deps);
  const policies = new Map((await listPolicies(deps.db)).map((p) => [p.id, p]));
  const cache = escalationCache();
  const toAccountManager = [...policies.values()].some((p) => rolesOf(p).includes('account_manager'));
  const atIso = at.toISOString();
  let checked = 0;
  let fired = 0;
  let after = '';
  for (;;) {
    const batch = (await deps.db
      .selectFrom('cmp_complaint')
      .selectAll()
      .where('open', '=', 1)
      .where('sla_next_at', '<=', atIso)
      .where('id', '>', after)
      .orderBy('id')
      .limit(JOB_BATCH)
      .execute()) as ComplaintRow[];
    if (batch.length === 0) break;
    after = batch[batch.length - 1]!.id;
    checked += batch.length;
    fired += await deps.transaction(async (trx) => {
      let n = 0;
      if (toAccountManager)
        await loadOwners(
          deps,
          trx,
          batch.map((r) => r.customer_id),
          cache,
        );
      for (const row of batch) {
        const policy = policies.get(row.sla_policy_id) ?? matchPolicy([...policies.values()], subjectOf(row));
        n += await fireDueSteps(deps, trx, cal, row, policy, at.getTime(), cache);
        const next = slaFields(cal, row, policy).sla_next_at;
        if (next !== row.sla_next_at)
          await trx
            .updateTable('cmp_complaint')
            .set({ sla_next_at: next })
            .where('id', '=', row.id)
            .execute();
      }
      return n;
    });
  }
  return { checked, fired };
}
