import { DomainError, type Principal, type Trx, type WorkingCalendar, z } from '@kehu/core';
import { assertHandler, requireComplaint } from './access.js';
import { loadCalendar } from './calendar.js';
import { assertCategory } from './categories.js';
import { appendEvent, eventOf, loadComplaint, writeComplaint } from './complaint-store.js';
import { type Deps, forComplaintStaff, nowIso } from './context.js';
import {
  CHANNELS,
  type ComplaintRow,
  NATURES,
  PAUSED_STATES,
  RESPONSIBLE_PARTIES,
  SEVERITIES,
  type State,
} from './model.js';
import { announceKeyComplaint, identify, natureFields, refusesCompensation } from './nature.js';
import { addRemedies, RemedyInput } from './remedies.js';
import { clockOf, policyFor, refreshSla, targetsFor } from './sla.js';
import { pause, resume } from './sla-clock.js';

const Text = (max: number) => z.string().trim().min(1).max(max);
const OPEN_ACTIVE: readonly State[] = ['received', 'accepted', 'investigating', 'responsibility', 'handling'];
const ALL_OPEN: readonly State[] = [...OPEN_ACTIVE, 'replied', 'waiting_customer', 'waiting_third_party'];

const NatureDetails = {
  guidance: Text(5000).optional(),
  rebuttal: Text(5000).optional(),
  legalAction: Text(5000).optional(),
};

/** Every transition: the states it leaves from and the body its route requires. */
export const TRANSITIONS = {
  accept: {
    from: ['received'],
    body: z.strictObject({
      category: z.string().min(1).max(64).optional(),
      severity: z.enum(SEVERITIES),
      nature: z.enum(NATURES),
      natureReason: Text(2000).optional(),
      ...NatureDetails,
    }),
  },
  investigate: {
    from: ['accepted'],
    body: z.strictObject({ cause: Text(5000), evidence: z.array(Text(2000)).min(1).max(50) }),
  },
  establishResponsibility: {
    from: ['investigating'],
    body: z.strictObject({
      party: z.enum(RESPONSIBLE_PARTIES),
      responsibleName: Text(200).optional(),
      rootCause: Text(5000),
    }),
  },
  handle: {
    from: ['responsibility'],
    body: z.strictObject({ remedies: z.array(RemedyInput).min(1).max(20) }),
  },
  reply: {
    from: ['handling'],
    body: z.strictObject({
      text: Text(20_000),
      channel: z.enum(CHANNELS),
      /** The customer accepted the reply at once: the resolution clock stops now. */
      customerAccepted: z.boolean().default(false),
    }),
  },
  /** On a closed complaint only a dissatisfied answer (a later survey) changes anything: it reopens. */
  returnVisit: {
    from: ['replied', 'closed'],
    body: z.strictObject({ satisfied: z.boolean(), note: Text(5000).optional() }),
  },
  pause: {
    from: OPEN_ACTIVE,
    body: z.strictObject({ waitingFor: z.enum(['customer', 'third_party']), reason: Text(2000) }),
  },
  resume: { from: PAUSED_STATES, body: z.strictObject({ note: Text(2000).optional() }) },
  withdraw: { from: ALL_OPEN, body: z.strictObject({ reason: Text(2000) }) },
  markDuplicate: {
    from: ALL_OPEN,
    body: z.strictObject({ of: z.string().min(1).max(64), reason: Text(2000).optional() }),
  },
} satisfies Record<string, { from: readonly State[]; body: z.ZodType }>;

export type TransitionName = keyof typeof TRANSITIONS;
export type TransitionBody<T extends TransitionName> = z.infer<(typeof TRANSITIONS)[T]['body']>;

/** The transitions a complaint in `state` allows. */
export const allowedFrom = (state: State): TransitionName[] =>
  (Object.keys(TRANSITIONS) as TransitionName[]).filter((t) =>
    (TRANSITIONS[t].from as readonly State[]).includes(state),
  );

function assertAllowed(row: ComplaintRow, name: TransitionName): void {
  if ((TRANSITIONS[name].from as readonly State[]).includes(row.state)) return;
  const allowed = allowedFrom(row.state);
  throw new DomainError(
    'illegal_transition',
    `Complaint ${row.number} is ${row.state}; ${name} is not possible. Allowed: ${allowed.join(', ') || 'none'}`,
    { state: row.state, transition: name, allowed },
    409,
  );
}

interface Step {
  set: Record<string, unknown>;
  note?: string | null;
  data?: Record<string, unknown>;
  after?: (trx: Trx, row: ComplaintRow) => Promise<void>;
}

/**
 * Runs one transition in a transaction: the caller must see the complaint (404) and be its handler
 * or a service manager (403); the state must allow it (409 naming the allowed ones). The change is
 * written with the complaint's version (a concurrent change makes it a 409), on its history, audited.
 */
export async function transition<T extends TransitionName>(
  deps: Deps,
  principal: Principal | null,
  id: string,
  name: T,
  body: TransitionBody<T>,
  build: (trx: Trx, row: ComplaintRow, cal: WorkingCalendar, now: Date) => Promise<Step>,
  trx?: Trx,
): Promise<ComplaintRow> {
  const run = async (trx: Trx) => {
    const row = principal ? await requireComplaint(deps, principal, id, trx) : await loadComplaint(trx, id);
    if (principal) assertHandler(principal, row);
    assertAllowed(row, name);
    const cal = await loadCalendar(deps, trx);
    // Whatever became due before this change escalates first (a late reply still counts as a breach).
    const current = await refreshSla(deps, trx, row, cal);
    const now = deps.clock.now();
    const step = await build(trx, current, cal, now);
    const at = now.toISOString();
    await writeComplaint(trx, current, step.set, at);
    let next = await loadComplaint(trx, id);
    if (
      next.state !== current.state ||
      'severity' in step.set ||
      'nature' in step.set ||
      'category' in step.set
    ) {
      // The policy may change with the identification; the clock's start and pauses stay.
      const targets = targetsFor(await policyFor(trx, next), next);
      await trx.updateTable('cmp_complaint').set(targets).where('id', '=', id).execute();
      next = { ...next, ...targets };
    }
    next = await refreshSla(deps, trx, next, cal);
    const changes = Object.fromEntries(
      Object.entries(step.set)
        .filter(([k, v]) => current[k] !== v && !k.startsWith('sla_'))
        .map(([k, v]) => [k, { from: current[k] ?? null, to: v ?? null }]),
    );
    await deps.audit.record(trx, {
      entityType: 'complaint',
      entityId: id,
      customerId: row.customer_id,
      action: name,
      actor: principal,
      changes,
      reason: step.note ?? null,
    });
    await appendEvent(deps, trx, next, {
      kind: name,
      from: current.state,
      to: next.state,
      actorId: principal?.id ?? null,
      note: step.note ?? null,
      data: step.data ?? null,
    });
    await step.after?.(trx, next);
    return next;
  };
  return trx ? run(trx) : deps.transaction(run);
}

/** Each transition's change of the complaint. */
export const steps = {
  accept:
    (deps: Deps, principal: Principal, body: TransitionBody<'accept'>) =>
    async (trx: Trx, row: ComplaintRow): Promise<Step> => {
      if (body.category) await assertCategory(trx, body.category);
      const keyReasons = await identify(deps, trx, principal, {
        complaintId: row.id,
        customerId: row.customer_id,
        emotion: row.emotion,
      });
      const key = keyReasons.length > 0;
      const nature = key ? 'key' : body.nature;
      const fields = natureFields(nature, body);
      const reason = body.natureReason ?? (key ? keyReasons.join(', ') : 'identified at acceptance');
      return {
        set: {
          state: 'accepted',
          category: body.category ?? row.category,
          severity: key || nature === 'key' ? 'critical' : body.severity,
          nature,
          nature_reason: reason,
          key_reasons: JSON.stringify(keyReasons),
          ...fields,
        },
        data: { nature, keyReasons },
        after: async (trx, next) => {
          await deps.hooks.emit(trx, 'complaints.accepted', eventOf(next));
          if (row.nature !== nature)
            await deps.hooks.emit(trx, 'complaints.natureChanged', {
              ...eventOf(next),
              from: row.nature,
              to: nature,
              reason,
            });
          if (nature === 'key') await announceKeyComplaint(deps, trx, next);
        },
      };
    },
  investigate: (body: TransitionBody<'investigate'>) => async (): Promise<Step> => ({
    set: { state: 'investigating', cause: body.cause, evidence: JSON.stringify(body.evidence) },
  }),
  establishResponsibility: (body: TransitionBody<'establishResponsibility'>) => async (): Promise<Step> => {
    if (['our_department', 'supplier', 'carrier'].includes(body.party) && !body.responsibleName)
      throw new DomainError('field_required', 'Name the responsible person or organisation', {
        errors: [{ path: 'body.responsibleName', message: 'Required' }],
      });
    return {
      set: {
        state: 'responsibility',
        responsible_party: body.party,
        responsible_name: body.responsibleName ?? null,
        root_cause: body.rootCause,
      },
    };
  },
  handle:
    (deps: Deps, principal: Principal, body: TransitionBody<'handle'>) =>
    async (trx: Trx, row: ComplaintRow): Promise<Step> => {
      const remedies = await addRemedies(deps, trx, principal, row, body.remedies);
      return { set: { state: 'handling' }, data: { remedies: remedies.map((r) => r.id) } };
    },
  reply:
    (deps: Deps, principal: Principal, body: TransitionBody<'reply'>) =>
    async (trx: Trx, row: ComplaintRow, cal: WorkingCalendar, now: Date): Promise<Step> => {
      const pending = await trx
        .selectFrom('cmp_remedy')
        .select('id')
        .where('complaint_id', '=', row.id)
        .where('status', '=', 'pending_approval')
        .executeTakeFirst();
      if (pending)
        throw new DomainError(
          'remedy_pending',
          'A compensation awaits approval; reply once it is decided',
          { remedyId: pending.id },
          409,
        );
      const at = now.toISOString();
      const dueOn = cal.addWorkingDays(deps.clock.today(), deps.config.returnVisitWorkingDays);
      const isHandler = principal.id === row.handler_id;
      return {
        set: {
          state: 'replied',
          reply_text: body.text,
          reply_channel: body.channel,
          replied_at: at,
          customer_accepted: body.customerAccepted ? 1 : 0,
          return_visit_due_on: dueOn,
          ...(row.responded_at || !isHandler ? {} : { responded_at: at }),
          ...(body.customerAccepted ? { resolved_at: at } : {}),
        },
        data: { channel: body.channel, returnVisitDueOn: dueOn },
        after: async (trx, next) => {
          await deps.activities.create(trx, {
            type: 'complaint_return_visit',
            subject: `Return visit: ${next.number} ${next.subject}`,
            ...forComplaintStaff(next),
            link: { type: 'complaint', id: next.id },
            assigneeId: next.handler_id,
            dueDate: dueOn,
            key: `complaints:return-visit:${next.id}:${next.reopen_count}`,
            closedBySource: true,
          });
          await deps.hooks.emit(trx, 'complaints.replied', { ...eventOf(next), returnVisitDueOn: dueOn });
        },
      };
    },
  returnVisit:
    (deps: Deps, principal: Principal | null, body: TransitionBody<'returnVisit'> & { source?: string }) =>
    async (_trx: Trx, row: ComplaintRow, _cal: WorkingCalendar, now: Date): Promise<Step> => {
      const at = now.toISOString();
      const closeVisit = (trx: Trx, outcome: string) =>
        deps.activities.closeFor(
          trx,
          { type: 'complaint', id: row.id },
          { by: principal?.id ?? null, outcome, note: body.note ?? null },
        );
      const wasClosed = row.state === 'closed';
      if (body.satisfied && wasClosed)
        throw new DomainError(
          'already_closed',
          `Complaint ${row.number} is already closed; only a dissatisfied answer reopens it`,
          { state: row.state },
          409,
        );
      if (body.satisfied)
        return {
          set: {
            state: 'closed',
            satisfied: 1,
            closed_at: at,
            open: 0,
            resolved_at: row.resolved_at ?? at,
            sla_next_at: null,
          },
          note: body.note ?? null,
          data: { satisfied: true, source: body.source ?? 'visit' },
          after: async (trx, next) => {
            await closeVisit(trx, 'satisfied');
            await deps.hooks.emit(trx, 'complaints.closed', {
              ...eventOf(next),
              closedAt: at,
              satisfied: true,
            });
          },
        };
      // Not satisfied: back to the first stage, history kept; the resolution clock is judged again
      // from its first start (a closed complaint's closed time counts: it was not resolved).
      return {
        set: {
          state: 'accepted',
          satisfied: 0,
          reopen_count: Number(row.reopen_count) + 1,
          resolved_at: null,
          resolution_working_ms: null,
          customer_accepted: null,
          return_visit_due_on: null,
          ...(wasClosed ? { open: 1, closed_at: null } : {}),
        },
        note: body.note ?? null,
        data: { satisfied: false, source: body.source ?? 'visit', ...(wasClosed ? { wasClosed } : {}) },
        after: async (trx, next) => {
          await closeVisit(trx, 'not_satisfied');
          if (principal?.id !== next.handler_id)
            await deps.notifications.notify(trx, next.handler_id, {
              kind: 'complaints.reopened',
              title: `Complaint ${next.number} was reopened: the customer is not satisfied`,
              body: body.note ?? null,
              customerId: next.customer_id,
              data: { complaintId: next.id, reopenCount: Number(next.reopen_count) },
              dedupeKey: `complaints:reopened:${next.id}:${next.reopen_count}`,
            });
          await deps.hooks.emit(trx, 'complaints.reopened', {
            ...eventOf(next),
            reopenCount: Number(next.reopen_count),
          });
        },
      };
    },
  pause:
    (body: TransitionBody<'pause'>) =>
    async (_trx: Trx, row: ComplaintRow, _cal: WorkingCalendar, now: Date): Promise<Step> => {
      const clock = pause(clockOf(row), now.getTime());
      return {
        set: {
          state: `waiting_${body.waitingFor}`,
          resume_state: row.state,
          sla_paused_since: new Date(clock.pausedSince!).toISOString(),
        },
        note: body.reason,
      };
    },
  resume:
    (body: TransitionBody<'resume'>) =>
    async (_trx: Trx, row: ComplaintRow, cal: WorkingCalendar, now: Date): Promise<Step> => {
      // The pause's working time is added once, here; the deadline moves by as much.
      const clock = resume(cal, clockOf(row), now.getTime());
      return {
        set: {
          state: row.resume_state ?? 'accepted',
          resume_state: null,
          sla_paused_ms: clock.pausedMs,
          sla_paused_since: null,
        },
        note: body.note ?? null,
        data: { pausedMinutes: Math.floor((clock.pausedMs - Number(row.sla_paused_ms)) / 60_000) },
      };
    },
  withdraw:
    (deps: Deps, body: TransitionBody<'withdraw'>) =>
    async (_trx: Trx, row: ComplaintRow, cal: WorkingCalendar, now: Date): Promise<Step> => ({
      set: finalFields(cal, row, now, 'withdrawn'),
      note: body.reason,
      after: (trx) => cancelOpenActivities(deps, trx, row.id),
    }),
  markDuplicate:
    (deps: Deps, principal: Principal, body: TransitionBody<'markDuplicate'>) =>
    async (trx: Trx, row: ComplaintRow, cal: WorkingCalendar, now: Date): Promise<Step> => {
      const original = await requireComplaint(deps, principal, body.of, trx);
      if (
        original.id === row.id ||
        original.state === 'duplicate' ||
        original.customer_id !== row.customer_id
      )
        throw new DomainError(
          'invalid_duplicate',
          'A complaint is a duplicate of another, not merged, complaint of the same customer',
          { errors: [{ path: 'body.of', message: 'Not a possible original' }] },
        );
      return {
        set: { ...finalFields(cal, row, now, 'duplicate'), duplicate_of: original.id },
        note: body.reason ?? null,
        data: { of: original.id },
        after: (trx) => cancelOpenActivities(deps, trx, row.id),
      };
    },
};

function finalFields(cal: WorkingCalendar, row: ComplaintRow, now: Date, state: State) {
  const clock = resume(cal, clockOf(row), now.getTime());
  return {
    state,
    open: 0,
    closed_at: now.toISOString(),
    sla_paused_ms: clock.pausedMs,
    sla_paused_since: null,
    sla_next_at: null,
  };
}

const cancelOpenActivities = async (deps: Deps, trx: Trx, id: string) => {
  await deps.activities.closeFor(trx, { type: 'complaint', id }, { status: 'cancelled' });
};

export { nowIso, refusesCompensation };
