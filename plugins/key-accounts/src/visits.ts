import { addDays, conflict, DomainError, newId, notFound, type Principal, type Trx } from '@kehu/core';
import type { Deps } from './context.js';

/** Visit types: regular (定期走访), executive (高层拜访), joint promotion, problem solving. */
export const VISIT_TYPES = ['regular', 'executive', 'joint_promotion', 'problem_solving'] as const;
export type VisitType = (typeof VISIT_TYPES)[number];

export interface Visit {
  id: string;
  customerId: string;
  type: VisitType;
  dueOn: string;
  participants: string[];
  status: 'planned' | 'done' | 'cancelled';
  cadenceDays: number | null;
  communicationId: string | null;
  doneOn: string | null;
  overdue: boolean;
  note: string | null;
  /** The senior-management-visit entitlement whose cadence planned it. */
  entitlementId: string | null;
}

export const toVisit = (r: Record<string, any>, today: string): Visit => ({
  id: r.id,
  customerId: r.customer_id,
  type: r.type,
  dueOn: r.due_on,
  participants: JSON.parse(r.participants),
  status: r.status,
  cadenceDays: r.cadence_days === null || r.cadence_days === undefined ? null : Number(r.cadence_days),
  communicationId: r.communication_id ?? null,
  doneOn: r.done_on ?? null,
  overdue: r.status === 'planned' && r.due_on < today,
  note: r.note ?? null,
  entitlementId: r.entitlement_id ?? null,
});

export async function planVisit(
  deps: Deps,
  trx: Trx,
  input: {
    customerId: string;
    type: VisitType;
    dueOn: string;
    participants: string[];
    cadenceDays?: number | null | undefined;
    note?: string | null | undefined;
    entitlementId?: string | null | undefined;
  },
  actor: Principal | null,
): Promise<Visit> {
  for (const id of input.participants)
    if (!(await deps.customers.users.get(id, trx))?.active)
      throw new DomainError('unknown_user', `Participant ${id} is not an active user`, { userId: id });
  const row = {
    id: newId(),
    customer_id: input.customerId,
    type: input.type,
    due_on: input.dueOn,
    participants: JSON.stringify(input.participants),
    status: 'planned',
    cadence_days: input.cadenceDays ?? null,
    communication_id: null,
    done_on: null,
    overdue_on: null,
    note: input.note ?? null,
    entitlement_id: input.entitlementId ?? null,
    created_by: actor?.id ?? null,
    created_at: deps.clock.now().toISOString(),
  };
  await trx.insertInto('ka_visit').values(row).execute();
  return toVisit(row, deps.clock.today());
}

/**
 * A visit is done when a communication of kind visit with the customer is linked to it; its
 * overdue activity closes, and a cadence plans the next visit `cadenceDays` after this one was done.
 */
export async function completeVisit(
  deps: Deps,
  trx: Trx,
  visitId: string,
  communicationId: string,
  actor: Principal,
): Promise<{ visit: Visit; next: Visit | null }> {
  const row = await trx.selectFrom('ka_visit').selectAll().where('id', '=', visitId).executeTakeFirst();
  if (!row) throw notFound('Visit', visitId);
  if (row.status !== 'planned') throw conflict('visit_closed', `Visit ${visitId} is already ${row.status}`);
  const { items } = await deps.customers.communications.list(row.customer_id, { limit: 500 }, trx);
  const communication = items.find((c) => c.id === communicationId);
  if (!communication)
    throw new DomainError(
      'unknown_communication',
      `Communication ${communicationId} is not one of this customer’s`,
      {
        communicationId,
      },
    );
  if (communication.channel !== 'visit')
    throw new DomainError(
      'not_a_visit',
      `Communication ${communicationId} is a ${communication.channel}, not a visit`,
    );
  const doneOn = deps.clock.dateOf(communication.occurredAt);
  await trx
    .updateTable('ka_visit')
    .set({ status: 'done', communication_id: communicationId, done_on: doneOn })
    .where('id', '=', visitId)
    .execute();
  await deps.activities.closeFor(
    trx,
    { type: 'key_account_visit', id: visitId },
    { by: actor.id, outcome: 'visited' },
  );
  await deps.audit.record(trx, {
    entityType: 'key_account_visit',
    entityId: visitId,
    customerId: row.customer_id,
    action: 'done',
    actor,
    changes: {
      status: { from: 'planned', to: 'done' },
      communicationId: { from: null, to: communicationId },
    },
  });
  const next = row.cadence_days
    ? await planVisit(
        deps,
        trx,
        {
          customerId: row.customer_id,
          type: row.type,
          dueOn: addDays(doneOn, Number(row.cadence_days)),
          participants: JSON.parse(row.participants),
          cadenceDays: Number(row.cadence_days),
          note: row.note,
          entitlementId: row.entitlement_id ?? null,
        },
        actor,
      )
    : null;
  const done = await trx
    .selectFrom('ka_visit')
    .selectAll()
    .where('id', '=', visitId)
    .executeTakeFirstOrThrow();
  return { visit: toVisit(done, deps.clock.today()), next };
}

/** Daily: each planned visit past its due date raises `keyAccounts.visitOverdue` and one activity, once. */
export async function raiseOverdueVisits(deps: Deps, today: string): Promise<number> {
  return deps.transaction(async (trx) => {
    const rows = await trx
      .selectFrom('ka_visit')
      .selectAll()
      .where('status', '=', 'planned')
      .where('due_on', '<', today)
      .where('overdue_on', 'is', null)
      .execute();
    for (const r of rows) {
      await trx.updateTable('ka_visit').set({ overdue_on: today }).where('id', '=', r.id).execute();
      const account = await trx
        .selectFrom('ka_account')
        .select('manager_id')
        .where('customer_id', '=', r.customer_id)
        .executeTakeFirst();
      const assignee =
        account?.manager_id ??
        JSON.parse(r.participants)[0] ??
        (await deps.customers.summaries([r.customer_id], trx)).get(r.customer_id)?.ownerId ??
        null;
      if (assignee)
        await deps.activities.create(trx, {
          type: 'key_account_visit',
          subject: `Overdue ${r.type} visit (due ${r.due_on})`,
          customerId: r.customer_id,
          assigneeId: assignee,
          link: { type: 'key_account_visit', id: r.id },
          key: `visit-overdue:${r.id}`,
          dueDate: today,
          priority: 'high',
          closedBySource: true,
        });
      await deps.hooks.emit(trx, 'keyAccounts.visitOverdue', {
        customerId: r.customer_id,
        visitId: r.id,
        dueOn: r.due_on,
      });
    }
    return rows.length;
  });
}
