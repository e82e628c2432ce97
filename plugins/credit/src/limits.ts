import {
  type ApprovalDecision,
  ApprovalFlow,
  type ApprovalFlowDeps,
  type ApprovalRequest,
  type AuditLog,
  type Clock,
  conflict,
  DomainError,
  decisionColumns,
  formatMoney,
  type Insertable,
  newId,
  type PluginHooks,
  type Principal,
  type Selectable,
  type Trx,
  z,
} from '@kehu/core';
import { effectiveFixedLimit } from './decide.js';
import type { ExposureReader } from './exposure.js';
import { Amount, Timestamp } from './fields.js';
import type { CreditHistory } from './history.js';
import { coversCurrency, gradeCeiling, policyFor } from './policy.js';
import type { PolicyStore } from './policy-store.js';
import type { ProfileRow, Profiles } from './profiles.js';
import type { CreditExecutor, CreditLimitRequestTable, CreditTrx } from './tables.js';

export const LIMIT_REQUEST_KINDS = ['fixed', 'temporary', 'transfer'] as const;
export type LimitRequestKind = (typeof LIMIT_REQUEST_KINDS)[number];
export const REQUEST_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** A request to change credit limits: a new fixed limit, a temporary extra limit, or a transfer. */
export const LimitRequestSchema = z.object({
  id: z.string(),
  kind: z.enum(LIMIT_REQUEST_KINDS),
  customerId: z
    .string()
    .describe('The customer whose limit is set or rises; the receiving side of a transfer'),
  fromCustomerId: z.string().nullable().describe('The giving side of a transfer'),
  /** fixed: the new fixed limit; temporary: the extra amount; transfer: the amount moved. Minor units. */
  amount: Amount,
  currency: z.string(),
  /** fixed: the fixed limit when the request was approved. */
  previousLimit: Amount.nullable(),
  /** temporary: when the extra limit stops counting. */
  expiresAt: Timestamp.nullable(),
  reason: z.string(),
  status: z.enum(REQUEST_STATUSES),
  requestedBy: z.string(),
  requestedAt: Timestamp,
  decidedBy: z.string().nullable(),
  decidedAt: Timestamp.nullable(),
  decisionNote: z.string().nullable(),
});
z.globalRegistry.add(LimitRequestSchema, { id: 'CreditLimitRequest' });
export type LimitRequest = z.output<typeof LimitRequestSchema>;

export const toLimitRequest = (r: Selectable<CreditLimitRequestTable>): LimitRequest => ({
  id: r.id,
  kind: r.kind,
  customerId: r.customer_id,
  fromCustomerId: r.from_customer_id,
  amount: Number(r.amount),
  currency: r.currency,
  previousLimit: r.previous_limit === null ? null : Number(r.previous_limit),
  expiresAt: r.expires_at,
  reason: r.reason,
  status: r.status,
  requestedBy: r.requested_by,
  requestedAt: r.requested_at,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  decisionNote: r.decision_note,
});

/**
 * What the four-eyes flow sees of a limit request. The request rides along rather than being the
 * flow's row: its `expiresAt` is when a temporary limit ends, not a deadline for the decision (a
 * late approval is refused as `request_expired`, a late rejection still goes through).
 */
interface LimitApproval extends ApprovalRequest {
  request: LimitRequest;
  /** Set while applying an approval; written with the decision. */
  previousLimit: number | null;
}

const approvalOf = (r: LimitRequest): ApprovalRequest => ({
  id: r.id,
  customerId: r.customerId,
  status: r.status,
  requestedBy: r.requestedBy,
});

/** The customer's profile, refused when there is none or its limit is in another currency. */
function inCurrency(profile: ProfileRow | undefined, customerId: string, currency: string): ProfileRow {
  if (!profile)
    throw new DomainError(
      'no_credit_profile',
      `Customer ${customerId} has no credit profile; open one first`,
      {
        customerId,
      },
    );
  if (profile.currency !== currency)
    throw new DomainError(
      'currency_mismatch',
      `The credit limit of customer ${customerId} is in ${profile.currency}, not ${currency}`,
      { customerId, creditCurrency: profile.currency },
    );
  return profile;
}

/**
 * Fixed limits change only through an approved request; temporary limits count from approval until
 * they expire (by the clock, no job needed); limit moves between customers are one approved transfer.
 */
export class Limits {
  constructor(
    private readonly deps: {
      clock: Clock;
      hooks: PluginHooks;
      audit: AuditLog;
      history: CreditHistory;
      profiles: Profiles;
      policies: PolicyStore;
      exposure: ExposureReader;
      /** The kernel's parts the four-eyes flow writes through: audit, activities, clock. */
      approvals: ApprovalFlowDeps;
    },
  ) {
    this.flow = new ApprovalFlow<LimitApproval>(deps.approvals, {
      type: 'credit_limit_request',
      noun: 'limit request',
      permission: 'credit.limits.approve',
      rejectNeedsReason: false,
      load: async (trx, id) => {
        const request = await this.get(trx, id);
        return request && { ...approvalOf(request), request, previousLimit: null };
      },
      save: (kernelTrx, approval, decision) => {
        const trx: CreditTrx = kernelTrx;
        const { status } = decision;
        // Credit offers no withdrawing and no deadline for a decision: a request is approved or rejected.
        if (status !== 'approved' && status !== 'rejected')
          throw new Error(`A limit request cannot become ${status}`);
        return trx
          .updateTable('credit_limit_request')
          .set({ ...decisionColumns(decision), status, previous_limit: approval.previousLimit })
          .where('id', '=', approval.id)
          .where('status', '=', 'pending')
          .executeTakeFirst();
      },
    });
  }

  private readonly flow: ApprovalFlow<LimitApproval>;

  /** Approved, unexpired temporary limits per customer (sum and the grants). */
  async activeTemporary(
    trx: CreditExecutor,
    customerIds: readonly string[],
  ): Promise<Map<string, { total: number; items: LimitRequest[] }>> {
    const out = new Map<string, { total: number; items: LimitRequest[] }>();
    if (customerIds.length === 0) return out;
    const rows = await trx
      .selectFrom('credit_limit_request')
      .selectAll()
      .where('customer_id', 'in', [...new Set(customerIds)])
      .where('kind', '=', 'temporary')
      .where('status', '=', 'approved')
      .where('expires_at', '>', this.deps.clock.now().toISOString())
      .orderBy('expires_at')
      .execute();
    for (const r of rows) {
      const req = toLimitRequest(r);
      const entry = out.get(req.customerId) ?? { total: 0, items: [] };
      entry.total += req.amount;
      entry.items.push(req);
      out.set(req.customerId, entry);
    }
    return out;
  }

  async get(trx: CreditExecutor, id: string): Promise<LimitRequest | undefined> {
    const r = await trx
      .selectFrom('credit_limit_request')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return r ? toLimitRequest(r) : undefined;
  }

  async listForCustomer(trx: CreditExecutor, customerId: string): Promise<LimitRequest[]> {
    const rows = await trx
      .selectFrom('credit_limit_request')
      .selectAll()
      .where((eb) => eb.or([eb('customer_id', '=', customerId), eb('from_customer_id', '=', customerId)]))
      .orderBy('id', 'desc')
      .limit(500)
      .execute();
    return rows.map(toLimitRequest);
  }

  private async requireProfile(
    trx: CreditExecutor,
    customerId: string,
    currency: string,
  ): Promise<ProfileRow> {
    return inCurrency(await this.deps.profiles.get(trx, customerId), customerId, currency);
  }

  /** Refuses a fixed limit above what the customer's grade allows. */
  private async assertWithinGrade(trx: CreditExecutor, profile: ProfileRow, newLimit: number): Promise<void> {
    const policy = await this.deps.policies.current(trx);
    if (!coversCurrency(policy, profile.currency))
      throw new DomainError(
        'currency_not_in_policy',
        `The credit policy sets grade ceilings in ${policy.currency} and refuses credit in ${profile.currency}`,
        { customerId: profile.customerId, creditCurrency: profile.currency, policyCurrency: policy.currency },
      );
    const grade = policyFor(policy, profile.grade);
    const ceiling = grade ? gradeCeiling(policy, grade, profile.currency) : null;
    if (grade && ceiling !== null && newLimit > ceiling) {
      throw new DomainError(
        'limit_above_grade_maximum',
        `Grade ${grade.grade} allows a fixed limit of at most ${formatMoney(ceiling, profile.currency)}`,
        {
          customerId: profile.customerId,
          grade: grade.grade,
          requested: newLimit,
          maxLimit: ceiling,
          currency: profile.currency,
        },
      );
    }
  }

  async request(
    trx: CreditTrx,
    principal: Principal,
    input:
      | { kind: 'fixed'; customerId: string; amount: number; currency: string; reason: string }
      | {
          kind: 'temporary';
          customerId: string;
          amount: number;
          currency: string;
          expiresAt: string;
          reason: string;
        }
      | {
          kind: 'transfer';
          fromCustomerId: string;
          customerId: string;
          amount: number;
          currency: string;
          reason: string;
        },
  ): Promise<LimitRequest> {
    const now = this.deps.clock.now().toISOString();
    const profile = await this.requireProfile(trx, input.customerId, input.currency);
    let expiresAt: string | null = null;
    if (input.kind === 'fixed') {
      await this.assertWithinGrade(trx, profile, input.amount);
      const pending = await trx
        .selectFrom('credit_limit_request')
        .select('id')
        .where('customer_id', '=', input.customerId)
        .where('kind', '=', 'fixed')
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (pending)
        throw conflict(
          'request_pending',
          `A fixed-limit request for this customer is already waiting for approval (${pending.id})`,
          { requestId: pending.id },
        );
    } else if (input.kind === 'temporary') {
      expiresAt = new Date(input.expiresAt).toISOString();
      if (expiresAt <= now)
        throw new DomainError('expiry_not_in_future', 'A temporary limit must expire in the future', {
          expiresAt,
        });
    } else {
      if (input.fromCustomerId === input.customerId)
        throw new DomainError('same_customer', 'A transfer needs two different customers');
      await this.requireProfile(trx, input.fromCustomerId, input.currency);
      await this.assertWithinGrade(trx, profile, profile.fixedLimit + input.amount);
    }
    const row = {
      id: newId(),
      kind: input.kind,
      customer_id: input.customerId,
      from_customer_id: input.kind === 'transfer' ? input.fromCustomerId : null,
      amount: input.amount,
      currency: input.currency,
      previous_limit: null,
      expires_at: expiresAt,
      reason: input.reason,
      status: 'pending',
      requested_by: principal.id,
      requested_at: now,
      decided_by: null,
      decided_at: null,
      decision_note: null,
    } satisfies Insertable<CreditLimitRequestTable>;
    await trx.insertInto('credit_limit_request').values(row).execute();
    const req = toLimitRequest(row);
    for (const customerId of [req.customerId, ...(req.fromCustomerId ? [req.fromCustomerId] : [])]) {
      await this.deps.history.add(
        trx,
        customerId,
        'credit.limit.requested',
        `${req.kind === 'fixed' ? 'Fixed limit' : req.kind === 'temporary' ? 'Temporary limit' : 'Limit transfer'} of ${formatMoney(req.amount, req.currency)} requested`,
        {
          requestId: req.id,
          kind: req.kind,
          amount: req.amount,
          currency: req.currency,
          expiresAt: req.expiresAt,
          reason: req.reason,
        },
      );
    }
    const what = req.kind === 'fixed' ? '固定额度' : req.kind === 'temporary' ? '临时额度' : '额度调剂';
    await this.flow.opened(trx, req, {
      by: principal,
      reason: req.reason,
      changes: { kind: { from: null, to: req.kind }, amount: { from: null, to: req.amount } },
      subject: `信用额度审批：${what} ${formatMoney(req.amount, req.currency)}`,
      data: {
        kind: req.kind,
        amount: req.amount,
        currency: req.currency,
        fromCustomerId: req.fromCustomerId,
      },
    });
    return req;
  }

  /** Rejects a pending request (not one's own); `authorize` checks the caller may change its customers. */
  async reject(
    trx: Trx,
    principal: Principal,
    id: string,
    note: string | null,
    authorize: (request: LimitRequest) => Promise<void>,
  ): Promise<LimitRequest> {
    const { request, decision } = await this.flow.reject(trx, id, {
      by: principal,
      note,
      authorize: (a) => authorize(a.request),
    });
    return { ...request.request, ...decision, previousLimit: null };
  }

  /**
   * Approves a pending request (not one's own) and applies it in the same transaction: a fixed limit
   * is set, a temporary one starts counting, a transfer moves unused limit between the two customers.
   */
  async approve(
    trx: Trx,
    principal: Principal,
    id: string,
    note: string | null,
    authorize: (request: LimitRequest) => Promise<void>,
  ): Promise<LimitRequest> {
    const { applied } = await this.flow.approve(trx, id, {
      by: principal,
      note,
      authorize: (a) => authorize(a.request),
      apply: async (kernelTrx, approval, decision) => {
        const decided = await this.apply(kernelTrx, principal, approval.request, decision);
        // The flow's `save` writes it with the decision.
        approval.previousLimit = decided.previousLimit;
        return decided;
      },
    });
    return applied;
  }

  private async apply(
    trx: CreditTrx,
    principal: Principal,
    request: LimitRequest,
    decision: ApprovalDecision,
  ): Promise<LimitRequest> {
    const { previousLimit, changes } = await this.applyKind(trx, principal, request);
    const decided: LimitRequest = { ...request, ...decision, status: 'approved', previousLimit };
    for (const change of changes)
      await this.changed(trx, principal, decided, change.customerId, change.fixedLimit, change.title);
    return decided;
  }

  /**
   * Changes the limits an approved request grants: the receiving customer's fixed limit before, and
   * per customer whose limit changed the change and its title on the credit history.
   */
  private async applyKind(
    trx: CreditTrx,
    principal: Principal,
    request: LimitRequest,
  ): Promise<{
    previousLimit: number;
    changes: { customerId: string; fixedLimit: { from: number; to: number }; title: string }[];
  }> {
    const money = (amount: number) => formatMoney(amount, request.currency);
    if (request.kind === 'temporary') {
      if (request.expiresAt! <= this.deps.clock.now().toISOString())
        throw new DomainError(
          'request_expired',
          'This temporary limit would already have expired; request a new one',
          { expiresAt: request.expiresAt },
        );
      const profile = await this.requireProfile(trx, request.customerId, request.currency);
      const unchanged = { from: profile.fixedLimit, to: profile.fixedLimit };
      const title = `Temporary limit of ${money(request.amount)} until ${request.expiresAt} approved`;
      return {
        previousLimit: profile.fixedLimit,
        changes: [{ customerId: profile.customerId, fixedLimit: unchanged, title }],
      };
    }

    if (request.kind === 'fixed') {
      const profile = await this.lockProfile(trx, request.customerId, request.currency);
      await this.assertWithinGrade(trx, profile, request.amount);
      await this.setFixed(trx, profile, request.amount);
      const fixedLimit = { from: profile.fixedLimit, to: request.amount };
      const title = `Fixed limit changed from ${money(profile.fixedLimit)} to ${money(request.amount)}`;
      return {
        previousLimit: profile.fixedLimit,
        changes: [{ customerId: profile.customerId, fixedLimit, title }],
      };
    }

    // Transfer: lock both profiles in id order so two opposite transfers cannot deadlock.
    const [first, second] = [request.fromCustomerId!, request.customerId].sort();
    const locked = new Map<string, ProfileRow>();
    for (const id of [first!, second!]) locked.set(id, await this.lockProfile(trx, id, request.currency));
    const from = locked.get(request.fromCustomerId!)!;
    const to = locked.get(request.customerId)!;
    const policy = await this.deps.policies.current(trx);
    const fromExposure = (
      await this.deps.exposure.of(trx, [{ customerId: from.customerId, currency: from.currency }], principal)
    ).get(from.customerId)!;
    const fromTemporary =
      (await this.activeTemporary(trx, [from.customerId])).get(from.customerId)?.total ?? 0;
    // Only limit nobody is using can move: the giver must still cover what it owes afterwards.
    const unused = Math.max(
      0,
      Math.min(from.fixedLimit, effectiveFixedLimit(from, policy) + fromTemporary - fromExposure.total),
    );
    if (request.amount > unused) {
      throw new DomainError(
        'transfer_exceeds_unused_limit',
        `Customer ${from.customerId} has only ${money(unused)} of unused fixed limit to give`,
        {
          fromCustomerId: from.customerId,
          amount: request.amount,
          unused,
          fixedLimit: from.fixedLimit,
          exposure: fromExposure.total,
        },
      );
    }
    await this.assertWithinGrade(trx, to, to.fixedLimit + request.amount);
    await this.setFixed(trx, from, from.fixedLimit - request.amount);
    await this.setFixed(trx, to, to.fixedLimit + request.amount);
    return {
      previousLimit: to.fixedLimit,
      changes: [
        {
          customerId: from.customerId,
          fixedLimit: { from: from.fixedLimit, to: from.fixedLimit - request.amount },
          title: `${money(request.amount)} of fixed limit transferred to another customer`,
        },
        {
          customerId: to.customerId,
          fixedLimit: { from: to.fixedLimit, to: to.fixedLimit + request.amount },
          title: `${money(request.amount)} of fixed limit transferred from another customer`,
        },
      ],
    };
  }

  private async lockProfile(trx: CreditTrx, customerId: string, currency: string): Promise<ProfileRow> {
    return inCurrency(await this.deps.profiles.lock(trx, customerId), customerId, currency);
  }

  private async setFixed(trx: CreditTrx, profile: ProfileRow, fixedLimit: number): Promise<void> {
    const updated = await this.deps.profiles.update(trx, profile, { fixedLimit });
    if (!updated)
      throw conflict(
        'version_conflict',
        `The credit profile of ${profile.customerId} changed meanwhile; try again`,
      );
  }

  private async changed(
    trx: CreditTrx,
    principal: Principal,
    request: LimitRequest,
    customerId: string,
    fixedLimit: { from: number; to: number },
    title: string,
  ): Promise<void> {
    const at = this.deps.clock.now().toISOString();
    await this.deps.audit.record(trx, {
      entityType: 'credit_profile',
      entityId: customerId,
      customerId,
      action: `limit.${request.kind}`,
      actor: principal,
      reason: request.reason,
      changes:
        request.kind === 'temporary'
          ? { temporaryLimit: { from: null, to: { amount: request.amount, expiresAt: request.expiresAt } } }
          : { fixedLimit },
    });
    await this.deps.history.add(trx, customerId, 'credit.limit.changed', title, {
      requestId: request.id,
      kind: request.kind,
      currency: request.currency,
      fixedLimit,
      temporary:
        request.kind === 'temporary' ? { amount: request.amount, expiresAt: request.expiresAt } : null,
      approvedBy: principal.id,
    });
    await this.deps.hooks.emit(trx, 'credit.limitChanged', {
      customerId,
      kind: request.kind,
      currency: request.currency,
      fixedLimit,
      temporary:
        request.kind === 'temporary' ? { amount: request.amount, expiresAt: request.expiresAt! } : null,
      requestId: request.id,
      approvedBy: principal.id,
      at,
    });
  }
}
