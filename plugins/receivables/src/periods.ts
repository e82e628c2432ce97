import { addDays, type Executor, endOfMonth, monthKey, ProblemError, type Trx, type z } from '@kehu/core';
import { type Actor, actorId, type Deps, nowIso, today } from './context.js';
import { fieldProblem } from './problems.js';
import type { ClosedPeriodSchema } from './routes/response-schemas.js';

/**
 * Closed periods (往来对账): once the customer confirmed a month's statement (债权债务确认书) — or
 * finance closed the month for everyone — nothing may be dated in that month or before it, for that
 * account; otherwise the signed closing would no longer be the next month's opening. Corrections are
 * dated in the open period and refer to the document they correct.
 */
export type ClosedPeriod = z.infer<typeof ClosedPeriodSchema>;

export const toClosedPeriod = (r: Record<string, any>): ClosedPeriod => ({
  period: r.period,
  reason: r.reason,
  closedBy: r.closed_by ?? null,
  closedAt: r.closed_at,
});

/** The last locked month of one account, and why; undefined when every month is open. */
export async function lockedThrough(
  trx: Executor,
  customerId: string,
  currency: string,
): Promise<
  { period: string; by: 'confirmed_statement' | 'closed_by_finance'; statementId?: string } | undefined
> {
  const [confirmed, closed] = await Promise.all([
    trx
      .selectFrom('rcv_statement')
      .select(['id', 'period'])
      .where('customer_id', '=', customerId)
      .where('currency', '=', currency)
      .where('status', '=', 'confirmed')
      .orderBy('period', 'desc')
      .limit(1)
      .executeTakeFirst(),
    trx
      .selectFrom('rcv_closed_period')
      .select((eb) => eb.fn.max('period').as('period'))
      .executeTakeFirst(),
  ]);
  const closedPeriod = (closed?.period as string | null | undefined) ?? null;
  if (confirmed && (!closedPeriod || confirmed.period >= closedPeriod))
    return { period: confirmed.period, by: 'confirmed_statement', statementId: confirmed.id };
  return closedPeriod ? { period: closedPeriod, by: 'closed_by_finance' } : undefined;
}

/**
 * Refuses a movement on a customer's account dated in a locked month: 409 `period_closed`, naming the
 * month, why it is locked and the first open day. Call under the customer's write lock.
 */
export async function assertPeriodOpen(
  trx: Executor,
  input: { customerId: string; currency: string; date: string; document: string; path?: string },
): Promise<void> {
  const locked = await lockedThrough(trx, input.customerId, input.currency);
  if (!locked || input.date > endOfMonth(locked.period)) return;
  const openFrom = addDays(endOfMonth(locked.period), 1);
  const why =
    locked.by === 'confirmed_statement'
      ? `the customer confirmed the ${locked.period} statement in ${input.currency}`
      : `finance closed the books through ${locked.period}`;
  const detail = `${input.document} dated ${input.date} falls in ${monthKey(input.date)}, which is closed (${why}); date the correction in the open period, from ${openFrom}, with a reference to the original document`;
  const data = {
    period: monthKey(input.date),
    lockedThrough: locked.period,
    lockedBy: locked.by,
    ...(locked.statementId ? { statementId: locked.statementId } : {}),
    openFrom,
  };
  if (input.path) throw fieldProblem(409, 'period_closed', detail, input.path, data);
  throw new ProblemError({ status: 409, code: 'period_closed', detail, data });
}

/** Finance closes a month (and with it every earlier one) for every customer. */
export async function closePeriod(
  deps: Deps,
  input: { period: string; reason: string },
  actor: Actor,
): Promise<ClosedPeriod> {
  if (endOfMonth(input.period) >= today(deps))
    throw fieldProblem(
      422,
      'period_not_ended',
      `${input.period} has not ended yet; a month is closed after its last day`,
      'params.period',
    );
  return deps.transaction(async (trx: Trx) => {
    const row = {
      period: input.period,
      reason: input.reason,
      closed_by: actorId(actor),
      closed_at: nowIso(deps),
    };
    const res = await trx
      .insertInto('rcv_closed_period')
      .values(row)
      .onConflict((oc) => oc.column('period').doNothing())
      .executeTakeFirst();
    if (Number(res.numInsertedOrUpdatedRows ?? 0) === 0) {
      const existing = await trx
        .selectFrom('rcv_closed_period')
        .selectAll()
        .where('period', '=', input.period)
        .executeTakeFirstOrThrow();
      return toClosedPeriod(existing);
    }
    await deps.audit.record(trx, {
      entityType: 'receivables_period',
      entityId: input.period,
      action: 'close',
      actor: actorId(actor),
      reason: input.reason,
    });
    return toClosedPeriod(row);
  });
}

export async function listClosedPeriods(db: Executor): Promise<ClosedPeriod[]> {
  return (
    await db.selectFrom('rcv_closed_period').selectAll().orderBy('period', 'desc').limit(500).execute()
  ).map(toClosedPeriod);
}
