import { DomainError, type Principal, type Trx, z } from '@kehu/core';
import { assertHandler, requireComplaint } from './access.js';
import { loadCalendar } from './calendar.js';
import { appendEvent, eventOf, loadComplaint, writeComplaint } from './complaint-store.js';
import { type Deps, nowIso } from './context.js';
import { assertHandlerUser } from './intake.js';
import { CHANNELS, type ComplaintRow, isOpenState, NATURES, PAYING_REMEDIES } from './model.js';
import { announceKeyComplaint, natureFields, refusesCompensation } from './nature.js';
import { policyFor, refreshSla, targetsFor } from './sla.js';

const Text = (max: number) => z.string().trim().min(1).max(max);

export const ContactInput = z.strictObject({ channel: z.enum(CHANNELS), note: Text(5000) });
export const NatureInput = z.strictObject({
  nature: z.enum(NATURES),
  reason: Text(2000),
  guidance: Text(5000).optional(),
  rebuttal: Text(5000).optional(),
  legalAction: Text(5000).optional(),
});
export const ReassignInput = z.strictObject({ handlerId: z.string().min(1).max(64), reason: Text(2000) });

function assertOpen(row: ComplaintRow): void {
  if (!isOpenState(row.state))
    throw new DomainError(
      'complaint_closed',
      `Complaint ${row.number} is ${row.state}`,
      { state: row.state },
      409,
    );
}

/** Runs `fn` in one transaction on a complaint the caller sees and handles, and that is still open. */
function onOpenComplaint<T>(
  deps: Deps,
  principal: Principal,
  id: string,
  fn: (trx: Trx, row: ComplaintRow) => Promise<T>,
): Promise<T> {
  return deps.transaction(async (trx) => {
    const row = await requireComplaint(deps, principal, id, trx);
    assertHandler(principal, row);
    assertOpen(row);
    return fn(trx, row);
  });
}

/**
 * A contact with the customer logged by the handler: the first one is the SLA response (a pause is
 * not). A service manager's contact is recorded but does not answer for the handler.
 */
export async function logContact(
  deps: Deps,
  principal: Principal,
  id: string,
  input: z.infer<typeof ContactInput>,
): Promise<ComplaintRow> {
  return onOpenComplaint(deps, principal, id, async (trx, row) => {
    const current = await refreshSla(deps, trx, row);
    const at = nowIso(deps);
    const responds = !current.responded_at && principal.id === current.handler_id;
    await writeComplaint(trx, current, responds ? { responded_at: at } : {}, at);
    await appendEvent(deps, trx, current, {
      kind: 'contact',
      actorId: principal.id,
      note: input.note,
      data: { channel: input.channel, response: responds },
    });
    return refreshSla(deps, trx, await loadComplaint(trx, id));
  });
}

/** 性质: changing it needs a reason, is audited and announced; false and malicious refuse compensation. */
export async function changeNature(
  deps: Deps,
  principal: Principal,
  id: string,
  input: z.infer<typeof NatureInput>,
): Promise<ComplaintRow> {
  return onOpenComplaint(deps, principal, id, async (trx, row) => {
    if (row.nature === input.nature)
      throw new DomainError('nature_unchanged', `The complaint is already ${input.nature}`, {}, 409);
    if (refusesCompensation(input.nature)) {
      const paying = await trx
        .selectFrom('cmp_remedy')
        .select('id')
        .where('complaint_id', '=', id)
        .where('kind', 'in', [...PAYING_REMEDIES])
        .where('status', 'in', ['pending_approval', 'approved'])
        .executeTakeFirst();
      if (paying)
        throw new DomainError(
          'compensation_exists',
          `A ${input.nature} complaint gets no compensation, and this one has compensation approved or pending`,
          { remedyId: paying.id },
          409,
        );
    }
    const at = nowIso(deps);
    const set = {
      nature: input.nature,
      nature_reason: input.reason,
      ...natureFields(input.nature, input),
      ...(input.nature === 'key' ? { severity: 'critical' } : {}),
    };
    await writeComplaint(trx, row, set, at);
    let next = await loadComplaint(trx, id);
    // The policy may change with the nature; the clock's start and pauses stay.
    const targets = targetsFor(await policyFor(trx, next), next);
    await trx.updateTable('cmp_complaint').set(targets).where('id', '=', id).execute();
    next = await refreshSla(deps, trx, { ...next, ...targets }, await loadCalendar(deps, trx));
    await deps.audit.record(trx, {
      entityType: 'complaint',
      entityId: id,
      customerId: row.customer_id,
      action: 'nature',
      actor: principal,
      changes: { nature: { from: row.nature ?? null, to: input.nature } },
      reason: input.reason,
    });
    await appendEvent(deps, trx, next, {
      kind: 'nature',
      actorId: principal.id,
      note: input.reason,
      data: { from: row.nature ?? null, to: input.nature },
    });
    await deps.hooks.emit(trx, 'complaints.natureChanged', {
      ...eventOf(next),
      from: row.nature ?? null,
      to: input.nature,
      reason: input.reason,
    });
    if (input.nature === 'key') await announceKeyComplaint(deps, trx, next);
    return next;
  });
}

/** A handover is explicit: a reason, audited, both handlers notified, the open activities follow. */
export async function reassign(
  deps: Deps,
  principal: Principal,
  id: string,
  input: z.infer<typeof ReassignInput>,
): Promise<ComplaintRow> {
  return onOpenComplaint(deps, principal, id, async (trx, row) => {
    if (row.handler_id === input.handlerId)
      throw new DomainError('same_handler', 'The complaint is already handled by this user', {}, 409);
    await assertHandlerUser(deps, trx, input.handlerId, 'handlerId');
    const at = nowIso(deps);
    await writeComplaint(trx, row, { handler_id: input.handlerId }, at);
    const open = await deps.activities.getByKey(`complaints:return-visit:${row.id}:${row.reopen_count}`, trx);
    if (open && open.status === 'open')
      await deps.activities.reassign(trx, open.id, input.handlerId, principal.id);
    await deps.audit.record(trx, {
      entityType: 'complaint',
      entityId: id,
      customerId: row.customer_id,
      action: 'reassign',
      actor: principal,
      changes: { handlerId: { from: row.handler_id, to: input.handlerId } },
      reason: input.reason,
    });
    await appendEvent(deps, trx, row, {
      kind: 'reassigned',
      actorId: principal.id,
      note: input.reason,
      data: { from: row.handler_id, to: input.handlerId },
    });
    for (const [userId, title] of [
      [row.handler_id, `Complaint ${row.number} was handed over to another handler`],
      [input.handlerId, `Complaint ${row.number} was handed over to you`],
    ] as const)
      await deps.notifications.notify(trx, userId, {
        kind: 'complaints.reassigned',
        title,
        body: input.reason,
        customerId: row.customer_id,
        data: { complaintId: id, from: row.handler_id, to: input.handlerId },
        dedupeKey: `complaints:reassigned:${id}:${at}:${userId}`,
      });
    return loadComplaint(trx, id);
  });
}
