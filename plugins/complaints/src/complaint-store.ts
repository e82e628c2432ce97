import { DomainError, type Executor, newId, notFound, type Trx } from '@kehu/core';
import { type Deps, nowIso } from './context.js';
import type { ComplaintEvent } from './contract.js';
import { type ComplaintRow, parseJson, type State } from './model.js';

export async function loadComplaint(trx: Executor, id: string): Promise<ComplaintRow> {
  const row = await trx.selectFrom('cmp_complaint').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Complaint', id);
  return row as ComplaintRow;
}

/** Writes a change of the complaint read as `row`: a 409 when someone changed it meanwhile. */
export async function writeComplaint(trx: Trx, row: ComplaintRow, set: Record<string, unknown>, at: string) {
  const updated = await trx
    .updateTable('cmp_complaint')
    .set({ ...set, updated_at: at, version: Number(row.version) + 1 })
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1)
    throw new DomainError(
      'version_conflict',
      `Complaint ${row.number} was changed meanwhile; reload it`,
      {},
      409,
    );
}

/** The payload every complaint event carries. */
export const eventOf = (row: ComplaintRow): ComplaintEvent => ({
  complaintId: row.id,
  customerId: row.customer_id,
  contactId: row.contact_id ?? null,
  handlerId: row.handler_id,
  nature: row.nature ?? null,
  severity: row.severity,
  category: row.category,
});

/** The next complaint number of the year, e.g. `TS2026-000042` (投诉). */
export async function nextNumber(trx: Trx, year: string): Promise<string> {
  const row = await trx
    .insertInto('cmp_sequence')
    .values({ year, last: 1 })
    .onConflict((oc) => oc.column('year').doUpdateSet((eb) => ({ last: eb('cmp_sequence.last', '+', 1) })))
    .returning('last')
    .executeTakeFirstOrThrow();
  return `TS${year}-${String(row.last).padStart(6, '0')}`;
}

/** One line of the complaint's history (and of the customer's timeline). */
export async function appendEvent(
  deps: Deps,
  trx: Trx,
  row: Pick<ComplaintRow, 'id' | 'customer_id'>,
  entry: {
    kind: string;
    from?: State | null;
    to?: State | null;
    actorId: string | null;
    note?: string | null;
    data?: Record<string, unknown> | null;
  },
): Promise<void> {
  await trx
    .insertInto('cmp_event')
    .values({
      id: newId(),
      complaint_id: row.id,
      customer_id: row.customer_id,
      kind: entry.kind,
      from_state: entry.from ?? null,
      to_state: entry.to ?? null,
      actor_id: entry.actorId,
      note: entry.note ?? null,
      data: entry.data ? JSON.stringify(entry.data) : null,
      at: nowIso(deps),
    })
    .execute();
}

export interface HistoryEntry {
  kind: string;
  from: State | null;
  to: State | null;
  actorId: string | null;
  note: string | null;
  data: Record<string, unknown> | null;
  at: string;
}

export async function historyOf(trx: Executor, complaintId: string): Promise<HistoryEntry[]> {
  const rows = await trx
    .selectFrom('cmp_event')
    .selectAll()
    .where('complaint_id', '=', complaintId)
    .orderBy('at')
    .orderBy('id')
    .limit(1000)
    .execute();
  return rows.map((r) => ({
    kind: r.kind,
    from: (r.from_state as State | null) ?? null,
    to: (r.to_state as State | null) ?? null,
    actorId: r.actor_id ?? null,
    note: r.note ?? null,
    data: parseJson(r.data, null),
    at: r.at,
  }));
}
