import {
  type AuditLog,
  type Clock,
  conflict,
  DomainError,
  formatMoney,
  type Insertable,
  newId,
  type Principal,
  type Selectable,
  z,
} from '@kehu/core';
import type { OverrideState } from './decide.js';
import { Amount, Timestamp } from './fields.js';
import type { CreditHistory } from './history.js';
import type { CreditExecutor, CreditOverrideTable, CreditTrx } from './tables.js';

/** A one-off exception a credit manager grants: one sale up to `amountCap` before `expiresAt`. */
export const CreditOverrideSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  amountCap: Amount,
  currency: z.string(),
  expiresAt: Timestamp,
  reason: z.string(),
  grantedBy: z.string(),
  grantedAt: Timestamp,
  usedAt: Timestamp.nullable(),
  usedAmount: Amount.nullable(),
  usedBy: z.string().nullable(),
  /** The invoice that used it, once the receivables plugin reports it. */
  invoiceId: z.string().nullable(),
  revokedAt: Timestamp.nullable(),
  revokedBy: z.string().nullable(),
  status: z.enum(['active', 'used', 'expired', 'revoked']),
});
z.globalRegistry.add(CreditOverrideSchema, { id: 'CreditOverride' });
export type CreditOverride = z.output<typeof CreditOverrideSchema>;

export class Overrides {
  constructor(
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly history: CreditHistory,
  ) {}

  private toOverride(r: Selectable<CreditOverrideTable>): CreditOverride {
    const now = this.clock.now().toISOString();
    return {
      id: r.id,
      customerId: r.customer_id,
      amountCap: Number(r.amount_cap),
      currency: r.currency,
      expiresAt: r.expires_at,
      reason: r.reason,
      grantedBy: r.granted_by,
      grantedAt: r.granted_at,
      usedAt: r.used_at,
      usedAmount: r.used_amount === null ? null : Number(r.used_amount),
      usedBy: r.used_by,
      invoiceId: r.invoice_id,
      revokedAt: r.revoked_at,
      revokedBy: r.revoked_by,
      status: r.revoked_at ? 'revoked' : r.used_at ? 'used' : r.expires_at <= now ? 'expired' : 'active',
    };
  }

  async get(trx: CreditExecutor, id: string): Promise<CreditOverride | undefined> {
    const r = await trx.selectFrom('credit_override').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? this.toOverride(r) : undefined;
  }

  async list(trx: CreditExecutor, customerId: string): Promise<CreditOverride[]> {
    const rows = await trx
      .selectFrom('credit_override')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('id', 'desc')
      .limit(500)
      .execute();
    return rows.map((r) => this.toOverride(r));
  }

  async grant(
    trx: CreditTrx,
    principal: Principal,
    input: { customerId: string; amountCap: number; currency: string; expiresAt: string; reason: string },
  ): Promise<CreditOverride> {
    const now = this.clock.now().toISOString();
    const expiresAt = new Date(input.expiresAt).toISOString();
    if (expiresAt <= now)
      throw new DomainError('expiry_not_in_future', 'An exception must expire in the future', { expiresAt });
    const row = {
      id: newId(),
      customer_id: input.customerId,
      amount_cap: input.amountCap,
      currency: input.currency,
      expires_at: expiresAt,
      reason: input.reason,
      granted_by: principal.id,
      granted_at: now,
      used_at: null,
      used_amount: null,
      used_by: null,
      invoice_id: null,
      revoked_at: null,
      revoked_by: null,
    } satisfies Insertable<CreditOverrideTable>;
    await trx.insertInto('credit_override').values(row).execute();
    const o = this.toOverride(row);
    await this.audit.record(trx, {
      entityType: 'credit_override',
      entityId: o.id,
      customerId: o.customerId,
      action: 'grant',
      actor: principal,
      reason: o.reason,
      changes: { amountCap: { from: null, to: o.amountCap }, expiresAt: { from: null, to: o.expiresAt } },
    });
    await this.history.add(
      trx,
      o.customerId,
      'credit.override.granted',
      `One-off credit exception up to ${formatMoney(o.amountCap, o.currency)} granted`,
      {
        overrideId: o.id,
        amountCap: o.amountCap,
        currency: o.currency,
        expiresAt: o.expiresAt,
        reason: o.reason,
      },
    );
    return o;
  }

  async revoke(
    trx: CreditTrx,
    principal: Principal,
    o: CreditOverride,
    reason: string,
  ): Promise<CreditOverride> {
    const now = this.clock.now().toISOString();
    const res = await trx
      .updateTable('credit_override')
      .set({ revoked_at: now, revoked_by: principal.id })
      .where('id', '=', o.id)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0)
      throw conflict('override_not_active', `Exception ${o.id} is already ${o.status}`);
    await this.audit.record(trx, {
      entityType: 'credit_override',
      entityId: o.id,
      customerId: o.customerId,
      action: 'revoke',
      actor: principal,
      reason,
    });
    await this.history.add(trx, o.customerId, 'credit.override.revoked', 'One-off credit exception revoked', {
      overrideId: o.id,
      reason,
    });
    return { ...o, revokedAt: now, revokedBy: principal.id, status: 'revoked' };
  }

  /** Whether the exception can cover this sale, and why not. */
  async state(
    trx: CreditExecutor,
    id: string,
    sale: { customerId: string; amount: number; currency: string },
  ): Promise<OverrideState> {
    const o = await this.get(trx, id);
    const problem =
      !o || o.customerId !== sale.customerId
        ? `Exception ${id} does not exist for this customer`
        : o.status !== 'active'
          ? `Exception ${id} is ${o.status}`
          : o.currency !== sale.currency
            ? `Exception ${id} is in ${o.currency}, the sale in ${sale.currency}`
            : sale.amount > o.amountCap
              ? `The sale of ${formatMoney(sale.amount, sale.currency)} is above the exception's cap of ${formatMoney(o.amountCap, o.currency)}`
              : null;
    return { id, problem };
  }

  /** Uses the exception up for one sale; false when someone else used or revoked it first. */
  async consume(
    trx: CreditTrx,
    id: string,
    sale: { customerId: string; amount: number; currency: string },
    actorId: string | null,
  ): Promise<boolean> {
    const now = this.clock.now().toISOString();
    const res = await trx
      .updateTable('credit_override')
      .set({ used_at: now, used_amount: sale.amount, used_by: actorId })
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) return false;
    await this.audit.record(trx, {
      entityType: 'credit_override',
      entityId: id,
      customerId: sale.customerId,
      action: 'use',
      actor: actorId,
      changes: { usedAmount: { from: null, to: sale.amount } },
    });
    await this.history.add(
      trx,
      sale.customerId,
      'credit.override.used',
      `One-off credit exception used for ${formatMoney(sale.amount, sale.currency)}`,
      { overrideId: id, amount: sale.amount, currency: sale.currency },
    );
    return true;
  }

  /** Records which invoice used the exception (the invoice itself already references it). */
  async linkInvoice(trx: CreditExecutor, id: string, invoiceId: string): Promise<void> {
    await trx
      .updateTable('credit_override')
      .set({ invoice_id: invoiceId })
      .where('id', '=', id)
      .where('invoice_id', 'is', null)
      .execute();
  }
}
