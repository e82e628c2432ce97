import type { AuditLog } from '../audit/audit-log.js';
import type { Clock } from '../clock.js';
import type { AnyDb, Executor } from '../db/database.js';
import { conflict, notFound } from '../errors.js';
import { keysetPage } from '../http/list.js';
import { newId } from '../ids.js';
import type { Actor } from './actor.js';

export const GRANT_STATUSES = ['pending', 'approved', 'rejected', 'revoked', 'expired'] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];

/**
 * Read access to one customer for someone who does not own it (档案的查阅): requested by them, approved
 * by a sales or general manager with an expiry. `expired` is an approved grant past its expiry.
 */
export interface AccessGrant {
  id: string;
  customerId: string;
  granteeId: string;
  reason: string;
  status: GrantStatus;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  expiresAt: string | null;
}

export class AccessGrantStore {
  constructor(
    private readonly db: AnyDb,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  private toGrant = (r: Record<string, any>): AccessGrant => ({
    id: r.id,
    customerId: r.customer_id,
    granteeId: r.grantee_id,
    reason: r.reason,
    status:
      r.status === 'approved' && r.expires_at && r.expires_at <= this.clock.now().toISOString()
        ? 'expired'
        : r.status,
    requestedAt: r.requested_at,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    expiresAt: r.expires_at,
  });

  async get(id: string, trx: Executor = this.db): Promise<AccessGrant | undefined> {
    const r = await trx
      .selectFrom('customer_access_grant')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return r ? this.toGrant(r) : undefined;
  }

  async request(trx: Executor, customerId: string, granteeId: string, reason: string): Promise<AccessGrant> {
    const pending = await trx
      .selectFrom('customer_access_grant')
      .select('id')
      .where('customer_id', '=', customerId)
      .where('grantee_id', '=', granteeId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (pending)
      throw conflict(
        'request_pending',
        `An access request for this customer is already waiting (${pending.id})`,
        { requestId: pending.id },
      );
    const row = {
      id: newId(),
      customer_id: customerId,
      grantee_id: granteeId,
      reason,
      status: 'pending',
      requested_at: this.clock.now().toISOString(),
      decided_by: null,
      decided_at: null,
      expires_at: null,
    };
    await trx.insertInto('customer_access_grant').values(row).execute();
    await this.audit.record(trx, {
      entityType: 'accessGrant',
      entityId: row.id,
      customerId,
      action: 'request',
      actor: granteeId,
      reason,
    });
    return this.toGrant(row);
  }

  async list(
    filter: {
      granteeId?: string | undefined;
      customerId?: string | undefined;
      status?: GrantStatus | undefined;
      limit: number;
      cursor?: string | undefined;
    },
    trx: Executor = this.db,
  ): Promise<{ items: AccessGrant[]; nextCursor: string | null }> {
    const now = this.clock.now().toISOString();
    let q = trx.selectFrom('customer_access_grant').selectAll();
    if (filter.granteeId) q = q.where('grantee_id', '=', filter.granteeId);
    if (filter.customerId) q = q.where('customer_id', '=', filter.customerId);
    if (filter.status === 'expired') q = q.where('status', '=', 'approved').where('expires_at', '<=', now);
    else if (filter.status === 'approved')
      q = q.where('status', '=', 'approved').where('expires_at', '>', now);
    else if (filter.status) q = q.where('status', '=', filter.status);
    return keysetPage(q, filter, { order: ['-id'], map: this.toGrant });
  }

  /** Approves (with an expiry) or rejects a pending request. */
  async decide(
    trx: Executor,
    id: string,
    decision: { approve: true; expiresAt: string } | { approve: false },
    actor: Actor,
    note?: string | null,
  ): Promise<AccessGrant> {
    const grant = await this.get(id, trx);
    if (!grant) throw notFound('Access request', id);
    if (grant.status !== 'pending')
      throw conflict('request_decided', `Access request ${id} is already ${grant.status}`, {
        status: grant.status,
      });
    const now = this.clock.now().toISOString();
    await trx
      .updateTable('customer_access_grant')
      .set({
        status: decision.approve ? 'approved' : 'rejected',
        decided_by: actor?.id ?? null,
        decided_at: now,
        expires_at: decision.approve ? decision.expiresAt : null,
      })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .execute();
    await this.audit.record(trx, {
      entityType: 'accessGrant',
      entityId: id,
      customerId: grant.customerId,
      action: decision.approve ? 'approve' : 'reject',
      actor,
      changes: decision.approve ? { expiresAt: { from: null, to: decision.expiresAt } } : null,
      reason: note ?? null,
    });
    return (await this.get(id, trx))!;
  }

  /** Ends an approved grant before its expiry. */
  async revoke(trx: Executor, id: string, actor: Actor, note?: string | null): Promise<AccessGrant> {
    const grant = await this.get(id, trx);
    if (!grant) throw notFound('Access grant', id);
    if (grant.status !== 'approved')
      throw conflict('grant_not_active', `Access grant ${id} is ${grant.status}, not approved`, {
        status: grant.status,
      });
    await trx.updateTable('customer_access_grant').set({ status: 'revoked' }).where('id', '=', id).execute();
    await this.audit.record(trx, {
      entityType: 'accessGrant',
      entityId: id,
      customerId: grant.customerId,
      action: 'revoke',
      actor,
      reason: note ?? null,
    });
    return (await this.get(id, trx))!;
  }
}
