import {
  ApprovalFlow,
  approvalTable,
  conflict,
  DomainError,
  newId,
  type Principal,
  type Trx,
} from '@kehu/core';
import { auditAccount } from './account-audit.js';
import { accountRow, effectiveClass, ensureAccount } from './accounts.js';
import type { Deps } from './context.js';
import { endOpenEntitlements } from './entitlements.js';
import { setManager } from './team.js';

/** The manuals' criteria of a key account (大客户的标准). */
export const CRITERIA = [
  'revenueShare',
  'lossImpact',
  'stableRelationship',
  'maintenanceEffort',
  'strategicFit',
] as const;
export type Criterion = (typeof CRITERIA)[number];
export type Criteria = Record<Criterion, { met: boolean; note: string | null }>;

export interface Designation {
  id: string;
  customerId: string;
  kind: 'designate' | 'undesignate';
  /** `class_a`: proposed while the customer is class A; `manual`: by hand. */
  origin: 'class_a' | 'manual';
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  criteria: Criteria | null;
  reason: string;
  managerId: string | null;
  requestedBy: string | null;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

export const toDesignation = (r: Record<string, any>): Designation => ({
  id: r.id,
  customerId: r.customer_id,
  kind: r.kind,
  origin: r.origin,
  status: r.status,
  criteria: JSON.parse(r.criteria),
  reason: r.reason,
  managerId: r.manager_id ?? null,
  requestedBy: r.requested_by ?? null,
  requestedAt: r.requested_at,
  decidedBy: r.decided_by ?? null,
  decidedAt: r.decided_at ?? null,
  decisionNote: r.decision_note ?? null,
});

const LINK = 'key_account_designation';

/** The kernel's four-eyes flow over `ka_designation`: a sales manager other than the proposer decides. */
const flows = new WeakMap<Deps, ApprovalFlow<Designation>>();
function flowOf(deps: Deps): ApprovalFlow<Designation> {
  let flow = flows.get(deps);
  if (!flow) {
    flow = new ApprovalFlow<Designation>(deps, {
      type: LINK,
      noun: 'designation proposal',
      permission: 'keyAccounts.designate.approve',
      ...approvalTable('ka_designation', toDesignation),
      rejectNeedsReason: false,
    });
    flows.set(deps, flow);
  }
  return flow;
}

export async function getDesignation(trx: Trx | Deps['db'], id: string): Promise<Designation | undefined> {
  const row = await trx.selectFrom('ka_designation').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toDesignation(row) : undefined;
}

/**
 * Proposes designating (with the criteria checked and the key-account manager to be) or
 * de-designating a key account; a sales manager other than the proposer decides.
 */
export async function propose(
  deps: Deps,
  trx: Trx,
  input: {
    customerId: string;
    kind: 'designate' | 'undesignate';
    reason: string;
    criteria?: Criteria | undefined;
    managerId?: string | null | undefined;
  },
  actor: Principal,
): Promise<Designation> {
  const account = await ensureAccount(trx, input.customerId, deps.clock.now());
  const designated = account.designated === 1;
  if (input.kind === 'designate' && designated)
    throw conflict('already_designated', 'The customer is already a key account');
  if (input.kind === 'undesignate' && !designated)
    throw conflict('not_designated', 'The customer is not a key account');
  const pending = await trx
    .selectFrom('ka_designation')
    .select('id')
    .where('customer_id', '=', input.customerId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (pending)
    throw conflict('proposal_pending', `Proposal ${pending.id} for this customer awaits a decision`, {
      designationId: pending.id,
    });
  let criteria: Criteria | null = null;
  if (input.kind === 'designate') {
    if (!input.criteria)
      throw new DomainError('criteria_required', 'A designation proposal answers the five criteria', {
        criteria: CRITERIA,
      });
    criteria = input.criteria;
    const met = CRITERIA.filter((c) => criteria![c].met).length;
    if (met < deps.config.minCriteriaMet)
      throw new DomainError(
        'criteria_not_met',
        `${met} of the ${CRITERIA.length} criteria are met; a key account meets at least ${deps.config.minCriteriaMet}`,
        { met, required: deps.config.minCriteriaMet },
      );
    if (input.managerId && !(await deps.customers.users.get(input.managerId, trx))?.active)
      throw new DomainError('unknown_user', `User ${input.managerId} is not an active user`, {
        managerId: input.managerId,
      });
  }
  const row = {
    id: newId(),
    customer_id: input.customerId,
    kind: input.kind,
    origin: effectiveClass(account, deps.clock.today()) === 'A' ? 'class_a' : 'manual',
    status: 'pending',
    criteria: JSON.stringify(criteria),
    reason: input.reason,
    manager_id: input.kind === 'designate' ? (input.managerId ?? null) : null,
    requested_by: actor.id,
    requested_at: deps.clock.now().toISOString(),
    decided_by: null,
    decided_at: null,
    decision_note: null,
  };
  await trx.insertInto('ka_designation').values(row).execute();
  await flowOf(deps).opened(
    trx,
    { id: row.id, customerId: input.customerId },
    {
      by: actor,
      action: 'propose',
      reason: input.reason,
      subject:
        input.kind === 'designate'
          ? 'Approve designating a key account (大客户认定)'
          : 'Approve ending a key-account designation (取消大客户)',
      data: { kind: input.kind, reason: input.reason },
    },
  );
  return toDesignation(row);
}

/** Approves or rejects a pending proposal; never the proposer's own. Approval applies it to the account. */
export async function decide(
  deps: Deps,
  trx: Trx,
  id: string,
  decision: 'approved' | 'rejected',
  note: string | null,
  actor: Principal,
): Promise<Designation> {
  const flow = flowOf(deps);
  const decided =
    decision === 'approved'
      ? await flow.approve(trx, id, {
          by: actor,
          note,
          apply: (trx, d) => applyDesignation(deps, trx, d, actor),
        })
      : await flow.reject(trx, id, { by: actor, note });
  return { ...decided.request, ...decided.decision };
}

/** An approved proposal: the account becomes (or stops being) a key account, with its manager and events. */
async function applyDesignation(deps: Deps, trx: Trx, d: Designation, actor: Principal): Promise<void> {
  const now = deps.clock.now().toISOString();
  const account = (await accountRow(trx, d.customerId))!;
  const designated = d.kind === 'designate';
  await trx
    .updateTable('ka_account')
    .set({
      designated: designated ? 1 : 0,
      designated_on: designated ? deps.clock.today() : null,
      updated_at: now,
    })
    .where('customer_id', '=', d.customerId)
    .execute();
  await auditAccount(deps.audit, trx, d.customerId, {
    action: designated ? 'designated' : 'undesignated',
    actor,
    reason: d.reason,
    changes: { designated: { from: account.designated === 1, to: designated } },
  });
  if (designated) {
    const managerId =
      d.managerId ??
      account.manager_id ??
      (await deps.customers.summaries([d.customerId], trx)).get(d.customerId)?.ownerId ??
      null;
    if (managerId && managerId !== account.manager_id)
      await setManager(deps, trx, d.customerId, managerId, actor);
    await deps.hooks.emit(trx, 'keyAccounts.designated', { customerId: d.customerId, managerId });
  } else {
    // Privileges belong to key accounts: they end with the designation, on its date.
    await endOpenEntitlements(deps, trx, d.customerId, `Undesignated: ${d.reason}`.slice(0, 500), actor);
    await deps.hooks.emit(trx, 'keyAccounts.undesignated', { customerId: d.customerId });
  }
}
