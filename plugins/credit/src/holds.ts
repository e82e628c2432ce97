import {
  type AuditLog,
  type Clock,
  type Insertable,
  newId,
  type PluginHooks,
  type Selectable,
  z,
} from '@kehu/core';
import { Timestamp } from './fields.js';
import type { CreditHistory } from './history.js';
import type { CreditExecutor, CreditHoldTable, CreditTrx } from './tables.js';

/** Why a customer's credit is on hold. */
export const HOLD_REASONS = ['overdue', 'plan_broken', 'written_off', 'manual'] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

/** `on_hold` while any hold is active. */
export const CreditStatusSchema = z.enum(['normal', 'on_hold']);
export type CreditStatus = z.output<typeof CreditStatusSchema>;

export const CreditHoldSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  reason: z.enum(HOLD_REASONS),
  sourceRef: z.string().nullable().describe('The invoice, plan or other record that caused it'),
  note: z.string().nullable(),
  placedAt: Timestamp,
  placedBy: z.string().nullable().describe('Null when a subscriber placed it'),
  releasedAt: Timestamp.nullable(),
  releasedBy: z.string().nullable(),
  releaseNote: z.string().nullable(),
});
z.globalRegistry.add(CreditHoldSchema, { id: 'CreditHold' });
export type CreditHold = z.output<typeof CreditHoldSchema>;

export const toHold = (r: Selectable<CreditHoldTable>): CreditHold => ({
  id: r.id,
  customerId: r.customer_id,
  reason: r.reason,
  sourceRef: r.source_ref,
  note: r.note,
  placedAt: r.placed_at,
  placedBy: r.placed_by,
  releasedAt: r.released_at,
  releasedBy: r.released_by,
  releaseNote: r.release_note,
});

const REASON_TITLES: Record<HoldReason, string> = {
  overdue: 'overdue receivables (超期不放)',
  plan_broken: 'broken payment plan',
  written_off: 'bad debt written off',
  manual: 'placed by a credit manager',
};

/**
 * Credit holds. A customer is on hold while any hold is active; at most one active hold per reason,
 * so placing one that is already active is a no-op (subscribers may run twice).
 */
export class Holds {
  constructor(
    private readonly clock: Clock,
    private readonly hooks: PluginHooks,
    private readonly audit: AuditLog,
    private readonly history: CreditHistory,
  ) {}

  async active(trx: CreditExecutor, customerIds: readonly string[]): Promise<Map<string, CreditHold[]>> {
    const out = new Map<string, CreditHold[]>();
    if (customerIds.length === 0) return out;
    const rows = await trx
      .selectFrom('credit_hold')
      .selectAll()
      .where('customer_id', 'in', [...new Set(customerIds)])
      .where('released_at', 'is', null)
      .orderBy('id')
      .execute();
    for (const r of rows) {
      const h = toHold(r);
      out.set(h.customerId, [...(out.get(h.customerId) ?? []), h]);
    }
    return out;
  }

  async list(
    trx: CreditExecutor,
    customerId: string,
    options: { activeOnly: boolean },
  ): Promise<CreditHold[]> {
    let q = trx
      .selectFrom('credit_hold')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('id', 'desc');
    if (options.activeOnly) q = q.where('released_at', 'is', null);
    return (await q.execute()).map(toHold);
  }

  async get(trx: CreditExecutor, id: string): Promise<CreditHold | undefined> {
    const r = await trx.selectFrom('credit_hold').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toHold(r) : undefined;
  }

  /** Places a hold unless one with this reason is already active; returns the new hold or undefined. */
  async place(
    trx: CreditTrx,
    input: {
      customerId: string;
      reason: HoldReason;
      sourceRef?: string | null;
      note?: string | null;
      actorId: string | null;
    },
  ): Promise<CreditHold | undefined> {
    const existing = await trx
      .selectFrom('credit_hold')
      .select('id')
      .where('customer_id', '=', input.customerId)
      .where('reason', '=', input.reason)
      .where('released_at', 'is', null)
      .executeTakeFirst();
    if (existing) return undefined;
    const now = this.clock.now().toISOString();
    const row = {
      id: newId(),
      customer_id: input.customerId,
      reason: input.reason,
      source_ref: input.sourceRef ?? null,
      note: input.note ?? null,
      placed_at: now,
      placed_by: input.actorId,
      released_at: null,
      released_by: null,
      release_note: null,
    } satisfies Insertable<CreditHoldTable>;
    await trx.insertInto('credit_hold').values(row).execute();
    const hold = toHold(row);
    await this.audit.record(trx, {
      entityType: 'credit_hold',
      entityId: hold.id,
      customerId: hold.customerId,
      action: 'place',
      actor: input.actorId,
      reason: input.note ?? input.reason,
      changes: { reason: { from: null, to: hold.reason }, sourceRef: { from: null, to: hold.sourceRef } },
    });
    await this.history.add(
      trx,
      hold.customerId,
      'credit.hold.placed',
      `Credit on hold: ${REASON_TITLES[hold.reason]}`,
      { holdId: hold.id, reason: hold.reason, sourceRef: hold.sourceRef, note: hold.note },
    );
    await this.hooks.emit(trx, 'credit.holdPlaced', {
      customerId: hold.customerId,
      holdId: hold.id,
      reason: hold.reason,
      sourceRef: hold.sourceRef,
      note: hold.note,
      placedBy: input.actorId,
      at: now,
    });
    return hold;
  }

  /** Releases an active hold; returns it released, or undefined when it was not active. */
  async release(
    trx: CreditTrx,
    hold: CreditHold,
    input: { actorId: string | null; note?: string | null },
  ): Promise<CreditHold | undefined> {
    const now = this.clock.now().toISOString();
    const res = await trx
      .updateTable('credit_hold')
      .set({ released_at: now, released_by: input.actorId, release_note: input.note ?? null })
      .where('id', '=', hold.id)
      .where('released_at', 'is', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) return undefined;
    const remaining = await trx
      .selectFrom('credit_hold')
      .select('id')
      .where('customer_id', '=', hold.customerId)
      .where('released_at', 'is', null)
      .executeTakeFirst();
    await this.audit.record(trx, {
      entityType: 'credit_hold',
      entityId: hold.id,
      customerId: hold.customerId,
      action: 'release',
      actor: input.actorId,
      reason: input.note ?? null,
      changes: { releasedAt: { from: null, to: now } },
    });
    await this.history.add(
      trx,
      hold.customerId,
      'credit.hold.released',
      `Credit hold released: ${REASON_TITLES[hold.reason]}`,
      { holdId: hold.id, reason: hold.reason, note: input.note ?? null, stillOnHold: !!remaining },
    );
    await this.hooks.emit(trx, 'credit.holdReleased', {
      customerId: hold.customerId,
      holdId: hold.id,
      reason: hold.reason,
      releasedBy: input.actorId,
      stillOnHold: !!remaining,
      at: now,
    });
    return { ...hold, releasedAt: now, releasedBy: input.actorId, releaseNote: input.note ?? null };
  }

  async activeByReason(
    trx: CreditExecutor,
    customerId: string,
    reason: HoldReason,
  ): Promise<CreditHold | undefined> {
    const r = await trx
      .selectFrom('credit_hold')
      .selectAll()
      .where('customer_id', '=', customerId)
      .where('reason', '=', reason)
      .where('released_at', 'is', null)
      .executeTakeFirst();
    return r ? toHold(r) : undefined;
  }
}
