import {
  type ApprovalActivities,
  ApprovalFlow,
  approvalTable,
  type Decided,
} from '../approvals/approval-flow.js';
import type { FieldChanges } from '../audit/audit-log.js';
import type { Principal } from '../auth/principal.js';
import type { Executor, Trx } from '../db/database.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { newId } from '../ids.js';
import type { CustomerPatch } from './customer-record.js';
import type { CustomerService } from './customer-service.js';

/** Field groups whose edits the company may put under approval (档案的修改需审批). */
export const APPROVAL_GROUPS = ['basic', 'credit', 'owner'] as const;
export type ApprovalGroup = (typeof APPROVAL_GROUPS)[number];
export type ChangeRequestKind = 'update' | 'owner' | 'delete';
export type ChangeRequestStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn';

/** Who decides change requests: sales and general managers by default. */
export const DECIDE_CHANGE_REQUESTS = 'customers.changeRequests.decide';
export const CHANGE_REQUEST_LINK = 'customer_change_request';

/** The approval rules a host turns on (`KernelOptions.customers.approvals`). Off by default. */
export interface ApprovalRules {
  /** Groups whose edits become change requests: `basic` (the record's fields), `credit`, `owner`. */
  groups?: readonly ApprovalGroup[] | undefined;
  /** Deleting a customer becomes a change request (with its reason); approval starts the retention period. */
  delete?: boolean | undefined;
  /**
   * Customer fields that count as credit-related (`custom.creditLimit`, `status`…): an edit of one is
   * in the `credit` group, every other field in `basic`.
   */
  creditFields?: readonly string[] | undefined;
}

export interface ChangeRequest {
  id: string;
  customerId: string;
  kind: ChangeRequestKind;
  groups: ApprovalGroup[];
  /** Field → { from, to } as the request was made. */
  changes: FieldChanges;
  reason: string;
  /** The customer version the request was made against; approval applies it only to that version. */
  baseVersion: number;
  status: ChangeRequestStatus;
  requestedBy: string | null;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

const toRequest = (r: Record<string, any>): ChangeRequest => ({
  id: r.id,
  customerId: r.customer_id,
  kind: r.kind,
  groups: JSON.parse(r.groups),
  changes: JSON.parse(r.changes),
  reason: r.reason,
  baseVersion: Number(r.base_version),
  status: r.status,
  requestedBy: r.requested_by,
  requestedAt: r.requested_at,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  decisionNote: r.decision_note,
});

/** Thrown to roll a dry run back after it checked everything and computed the changes. */
class DryRun extends Error {
  constructor(readonly changes: FieldChanges) {
    super('dry run');
  }
}

/**
 * The archive's approval rules: an edit, owner change or deletion under a rule becomes a pending
 * change request (checked now exactly as it would be applied, then rolled back), decided by another
 * user holding {@link DECIDE_CHANGE_REQUESTS}; approval applies it with the version check.
 */
export class ChangeRequests {
  private readonly flow: ApprovalFlow<ChangeRequest>;

  constructor(
    private readonly svc: CustomerService,
    private readonly rules: ApprovalRules,
    activities: () => ApprovalActivities,
  ) {
    this.flow = new ApprovalFlow(
      { audit: svc.audit, clock: svc.clock, activities },
      {
        type: CHANGE_REQUEST_LINK,
        noun: 'change request',
        permission: DECIDE_CHANGE_REQUESTS,
        codes: { ownRequest: 'four_eyes' },
        ...approvalTable('customer_change_request', toRequest),
      },
    );
  }

  get enabled(): boolean {
    return (this.rules.groups?.length ?? 0) > 0 || !!this.rules.delete;
  }

  groupOf(field: string): ApprovalGroup {
    return this.rules.creditFields?.includes(field) ? 'credit' : 'basic';
  }

  /** The groups an edit's changes fall in (custom fields by `custom.<key>`). */
  groupsOf(changes: FieldChanges): ApprovalGroup[] {
    const groups = new Set<ApprovalGroup>();
    for (const [field, change] of Object.entries(changes)) {
      if (field === 'custom') {
        const from = (change.from ?? {}) as Record<string, unknown>;
        const to = (change.to ?? {}) as Record<string, unknown>;
        for (const key of new Set([...Object.keys(from), ...Object.keys(to)]))
          if (JSON.stringify(from[key]) !== JSON.stringify(to[key]))
            groups.add(this.groupOf(`custom.${key}`));
      } else groups.add(this.groupOf(field));
    }
    return [...groups];
  }

  needsApproval(groups: readonly ApprovalGroup[]): boolean {
    return groups.some((g) => this.rules.groups?.includes(g));
  }

  get deleteNeedsApproval(): boolean {
    return !!this.rules.delete;
  }

  /** Runs `write` in a transaction that is always rolled back; returns the changes it would make. */
  private async dryRun(write: (trx: Trx) => Promise<FieldChanges>): Promise<FieldChanges> {
    try {
      await this.svc.inTransaction(undefined, async (trx) => {
        throw new DryRun(await write(trx));
      });
    } catch (err) {
      if (err instanceof DryRun) return err.changes;
      throw err;
    }
    throw new Error('unreachable');
  }

  /**
   * A PATCH under the rules: the changes the edit would make, or null when it touches no group under
   * approval (then it is applied directly).
   */
  async previewUpdate(
    id: string,
    patch: CustomerPatch,
    o: {
      actor: Principal;
      reason?: string | null | undefined;
      expectedVersion: number;
      force?: boolean | undefined;
    },
  ): Promise<FieldChanges> {
    return this.dryRun(async (trx) => {
      const before = (await this.svc.get(id, trx))!;
      const after = await this.svc.update(id, patch, { ...o, trx });
      const changes: FieldChanges = {};
      for (const k of Object.keys(patch)) {
        const from = (before as unknown as Record<string, unknown>)[k];
        const to = (after as unknown as Record<string, unknown>)[k];
        if (JSON.stringify(from) !== JSON.stringify(to)) changes[k] = { from, to };
      }
      return changes;
    });
  }

  async request(
    customerId: string,
    kind: ChangeRequestKind,
    input: {
      actor: Principal;
      reason: string | null | undefined;
      expectedVersion: number | undefined;
      patch?: CustomerPatch;
      ownerId?: string | null;
      force?: boolean | undefined;
    },
  ): Promise<ChangeRequest | null> {
    const { actor } = input;
    const reason = input.reason?.trim();
    if (!reason)
      throw badRequest('reason_required', 'A change that needs approval needs a reason', [
        { path: 'body.reason', message: 'Required', code: 'required' },
      ]);
    const current = await this.svc.requireFor(actor, customerId, this.svc.db, 'edit');
    const baseVersion = input.expectedVersion ?? current.version;
    let changes: FieldChanges;
    let groups: ApprovalGroup[];
    if (kind === 'update') {
      changes = await this.previewUpdate(customerId, input.patch ?? {}, {
        actor,
        reason,
        expectedVersion: baseVersion,
        force: input.force,
      });
      groups = this.groupsOf(changes);
      if (Object.keys(changes).length === 0 || !this.needsApproval(groups)) return null;
    } else if (kind === 'owner') {
      changes = await this.dryRun(async (trx) => {
        await this.svc.changeOwner(customerId, input.ownerId ?? null, {
          actor,
          reason,
          expectedVersion: baseVersion,
          trx,
        });
        const owner: FieldChanges = {};
        if (current.ownerId !== (input.ownerId ?? null))
          owner.ownerId = { from: current.ownerId, to: input.ownerId ?? null };
        return owner;
      });
      groups = ['owner'];
      if (Object.keys(changes).length === 0) return null;
    } else {
      changes = await this.dryRun(async (trx) => {
        await this.svc.softDelete(customerId, { actor, reason, expectedVersion: baseVersion, trx });
        return { deletedAt: { from: null, to: 'on approval' } };
      });
      groups = [];
    }
    const payload =
      kind === 'update' ? input.patch : kind === 'owner' ? { ownerId: input.ownerId ?? null } : {};
    return this.svc.inTransaction(undefined, async (trx) => {
      const existing = await trx
        .selectFrom('customer_change_request')
        .select('id')
        .where('customer_id', '=', customerId)
        .where('status', '=', 'pending')
        .where('kind', '=', kind)
        .executeTakeFirst();
      if (existing)
        throw conflict(
          'change_request_pending',
          `Customer ${current.code} already has a pending ${kind} request; wait for its decision`,
          { changeRequestId: existing.id },
        );
      const row = {
        id: newId(),
        customer_id: customerId,
        kind,
        groups: JSON.stringify(groups),
        changes: JSON.stringify(changes),
        payload: JSON.stringify({ ...payload, ...(input.force ? { force: true } : {}) }),
        reason,
        base_version: baseVersion,
        status: 'pending',
        requested_by: actor.id,
        requested_at: this.svc.clock.now().toISOString(),
        decided_by: null,
        decided_at: null,
        decision_note: null,
      };
      await trx.insertInto('customer_change_request').values(row).execute();
      const request = toRequest(row);
      await this.flow.opened(trx, request, {
        by: actor,
        action: `request.${kind}`,
        changes,
        reason,
        subject:
          kind === 'delete'
            ? `Approve deleting ${current.code} ${current.name}`
            : `Approve changing ${current.code} ${current.name}: ${Object.keys(changes).join(', ')}`,
        data: { kind, changes, reason },
      });
      await this.svc.hooks.emit(trx, 'customer.changeRequested', {
        changeRequestId: row.id,
        customerId,
        kind,
        actorId: actor.id,
      });
      return request;
    });
  }

  async get(id: string, db: Executor = this.svc.db): Promise<ChangeRequest | undefined> {
    const r = await db
      .selectFrom('customer_change_request')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return r ? toRequest(r) : undefined;
  }

  /** A request the principal may see: a decider sees every one, others their own and those of customers they see. */
  async requireVisible(principal: Principal, id: string): Promise<ChangeRequest> {
    const r = await this.get(id);
    if (!r) throw notFound('Change request', id);
    if (r.requestedBy === principal.id || principal.can(DECIDE_CHANGE_REQUESTS)) return r;
    const customer = await this.svc.get(r.customerId, this.svc.db, { withDeleted: true });
    if (!customer || !(await this.svc.canSee(principal, customer))) throw notFound('Change request', id);
    return r;
  }

  async list(
    principal: Principal,
    filter: { status?: ChangeRequestStatus | undefined; customerId?: string | undefined },
    page: { limit: number; cursor?: string | undefined },
  ): Promise<{ items: ChangeRequest[]; nextCursor: string | null }> {
    let q = this.svc.db.selectFrom('customer_change_request').selectAll();
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.customerId) q = q.where('customer_id', '=', filter.customerId);
    else if (!principal.can(DECIDE_CHANGE_REQUESTS)) q = q.where('requested_by', '=', principal.id);
    if (page.cursor) {
      const [at, id] = page.cursor.split('|');
      q = q.where((eb) =>
        eb.or([eb('requested_at', '<', at!), eb.and([eb('requested_at', '=', at!), eb('id', '<', id!)])]),
      );
    }
    const rows = await q.orderBy('requested_at', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
    const items = rows.map(toRequest);
    const last = items.at(-1);
    return {
      items,
      nextCursor: items.length === page.limit && last ? `${last.requestedAt}|${last.id}` : null,
    };
  }

  /** Announces the decision (`customer.changeDecided`) and answers the decided request. */
  private async decided(
    trx: Trx,
    { request, decision }: Decided<ChangeRequest, unknown, 'approved' | 'rejected' | 'withdrawn'>,
  ): Promise<ChangeRequest> {
    await this.svc.hooks.emit(trx, 'customer.changeDecided', {
      changeRequestId: request.id,
      customerId: request.customerId,
      kind: request.kind,
      status: decision.status,
      actorId: decision.decidedBy,
    });
    return { ...request, ...decision };
  }

  /** Applies the request as it was made, against the version it was made on (409 if changed since). */
  async approve(id: string, by: Principal, note?: string | null): Promise<ChangeRequest> {
    return this.svc.inTransaction(undefined, async (trx) =>
      this.decided(
        trx,
        await this.flow.approve(trx, id, {
          by,
          note,
          apply: async (t, request) => {
            const row = await t
              .selectFrom('customer_change_request')
              .select('payload')
              .where('id', '=', id)
              .executeTakeFirstOrThrow();
            const { force, ...payload } = JSON.parse(row.payload) as Record<string, unknown> & {
              force?: boolean;
            };
            const o = { actor: by, reason: request.reason, expectedVersion: request.baseVersion, trx: t };
            if (request.kind === 'update')
              await this.svc.update(request.customerId, payload as CustomerPatch, { ...o, force: !!force });
            else if (request.kind === 'owner')
              await this.svc.changeOwner(request.customerId, (payload.ownerId as string | null) ?? null, o);
            else await this.svc.softDelete(request.customerId, o);
          },
        }),
      ),
    );
  }

  async reject(id: string, by: Principal, note: string): Promise<ChangeRequest> {
    return this.svc.inTransaction(undefined, async (trx) =>
      this.decided(trx, await this.flow.reject(trx, id, { by, note })),
    );
  }

  async withdraw(id: string, by: Principal): Promise<ChangeRequest> {
    return this.svc.inTransaction(undefined, async (trx) =>
      this.decided(trx, await this.flow.withdraw(trx, id, { by })),
    );
  }
}
