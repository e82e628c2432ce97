import {
  ApprovalFlow,
  type ApprovalRequest,
  DomainError,
  decisionColumns,
  type Executor,
  MAX_MONEY_AMOUNT,
  newId,
  notFound,
  type Principal,
  type Trx,
  z,
} from '@kehu/core';
import { assertHandler, complaintsVisibleTo, requireComplaint } from './access.js';
import { appendEvent } from './complaint-store.js';
import { type Deps, nowIso } from './context.js';
import { type ComplaintRow, PAYING_REMEDIES, REMEDY_KINDS, type RemedyKind } from './model.js';
import { refusesCompensation } from './nature.js';

export const APPROVE_COMPENSATION = 'complaints.compensation.approve';

export const RemedyInput = z.strictObject({
  kind: z.enum(REMEDY_KINDS),
  description: z.string().trim().min(1).max(5000),
  /** Minor units; required for refund, compensation and claim. */
  amount: z.number().int().positive().max(MAX_MONEY_AMOUNT).optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'An ISO 4217 code such as CNY')
    .optional(),
  /** The invoice a compensation is credited against (receivables), default the complaint's. */
  invoiceId: z.string().min(1).max(64).optional(),
  /** A claim (索赔) names the third party it is made against. */
  thirdParty: z.string().trim().min(1).max(200).optional(),
});
export type RemedyInput = z.infer<typeof RemedyInput>;

export const CLAIM_STATES = ['claim_open', 'claimed', 'recovered', 'rejected'] as const;
/** Where a remedy stands: done at once, waiting for a second user, decided, or a claim under way. */
export const REMEDY_STATUSES = ['done', 'pending_approval', 'approved', ...CLAIM_STATES] as const;
export type RemedyStatus = (typeof REMEDY_STATUSES)[number];

export interface Remedy {
  id: string;
  complaintId: string;
  kind: RemedyKind;
  description: string;
  amount: number | null;
  currency: string | null;
  invoiceId: string | null;
  thirdParty: string | null;
  status: RemedyStatus;
  creditNoteId: string | null;
  requestedBy: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  /** The approver's note; a rejection's reason. */
  decisionNote: string | null;
  createdAt: string;
}

const toRemedy = (r: Record<string, any>): Remedy => ({
  id: r.id,
  complaintId: r.complaint_id,
  kind: r.kind,
  description: r.description,
  amount: r.amount == null ? null : Number(r.amount),
  currency: r.currency ?? null,
  invoiceId: r.invoice_id ?? null,
  thirdParty: r.third_party ?? null,
  status: r.status,
  creditNoteId: r.credit_note_id ?? null,
  requestedBy: r.requested_by ?? null,
  decidedBy: r.decided_by ?? null,
  decidedAt: r.decided_at ?? null,
  decisionNote: r.decision_note ?? null,
  createdAt: r.created_at,
});

export async function remediesOf(trx: Executor, complaintId: string): Promise<Remedy[]> {
  const rows = await trx
    .selectFrom('cmp_remedy')
    .selectAll()
    .where('complaint_id', '=', complaintId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toRemedy);
}

const problem = (index: number, field: string, code: string, detail: string) =>
  new DomainError(code, detail, { errors: [{ path: `body.remedies.${index}.${field}`, message: detail }] });

/**
 * Records remedies. Refunds and compensation: never for a false or malicious complaint; above the
 * configured amount they wait for a second user's approval (four eyes), else they are approved now.
 */
export async function addRemedies(
  deps: Deps,
  trx: Trx,
  principal: Principal,
  row: ComplaintRow,
  inputs: readonly RemedyInput[],
): Promise<Remedy[]> {
  const out: Remedy[] = [];
  for (const [i, input] of inputs.entries()) {
    const paying = PAYING_REMEDIES.includes(input.kind);
    if (paying && refusesCompensation(row.nature))
      throw new DomainError(
        'compensation_not_allowed',
        `A ${row.nature} complaint gets no ${input.kind}; record guidance or a rebuttal instead`,
        { nature: row.nature, errors: [{ path: `body.remedies.${i}.kind`, message: 'Not allowed' }] },
      );
    if ((paying || input.kind === 'claim') && (input.amount === undefined || !input.currency))
      throw problem(i, 'amount', 'amount_required', `A ${input.kind} needs an amount and a currency`);
    if (input.kind === 'claim' && !input.thirdParty)
      throw problem(i, 'thirdParty', 'field_required', 'A claim names the third party');
    const threshold = input.currency ? deps.config.compensationApprovalAbove[input.currency] : undefined;
    const needsApproval = paying && (threshold === undefined || input.amount! > threshold);
    const remedy = {
      id: newId(),
      complaint_id: row.id,
      customer_id: row.customer_id,
      kind: input.kind,
      description: input.description,
      amount: input.amount ?? null,
      currency: input.currency ?? null,
      invoice_id: input.invoiceId ?? null,
      third_party: input.thirdParty ?? null,
      status: needsApproval
        ? 'pending_approval'
        : paying
          ? 'approved'
          : input.kind === 'claim'
            ? 'claim_open'
            : 'done',
      requested_by: principal.id,
      created_at: nowIso(deps),
    };
    await trx.insertInto('cmp_remedy').values(remedy).execute();
    const created = {
      action: 'create',
      changes: { kind: { from: null, to: remedy.kind }, amount: { from: null, to: remedy.amount } },
    };
    if (needsApproval)
      // The approval activity goes to the approvers but the requester; made for their permission, it
      // stays in the inbox of those who may not open the customer's archive (service managers), and
      // it is on the customer's timeline for those who may.
      await compensationFlow(deps).opened(
        trx,
        { id: remedy.id, customerId: row.customer_id },
        {
          ...created,
          by: principal,
          subject: `Approve ${input.kind} of ${input.amount} ${input.currency} for complaint ${row.number}`,
          data: { complaintId: row.id, amount: input.amount, currency: input.currency },
        },
      );
    else
      await deps.audit.record(trx, {
        entityType: 'complaint_remedy',
        entityId: remedy.id,
        customerId: row.customer_id,
        actor: principal,
        ...created,
      });
    if (paying && !needsApproval) await settle(deps, trx, principal, row, remedy);
    await appendEvent(deps, trx, row, {
      kind: 'remedy',
      actorId: principal.id,
      data: {
        remedyId: remedy.id,
        kind: remedy.kind,
        amount: remedy.amount,
        currency: remedy.currency,
        status: remedy.status,
      },
    });
    out.push(
      toRemedy(
        (await trx.selectFrom('cmp_remedy').selectAll().where('id', '=', remedy.id).executeTakeFirst())!,
      ),
    );
  }
  return out;
}

/**
 * An approved refund or compensation becomes a credit note in receivables (when it is enabled and an
 * invoice is named), in this transaction; without receivables it stays recorded only.
 */
async function settle(
  deps: Deps,
  trx: Trx,
  principal: Principal,
  row: ComplaintRow,
  remedy: { id: string; invoice_id: string | null; amount: number | null; description: string },
): Promise<void> {
  const receivables = deps.service('receivables');
  const invoiceId = remedy.invoice_id ?? row.invoice_id;
  if (!receivables || !invoiceId || remedy.amount === null) return;
  const note = await receivables.issueCreditNote(
    {
      invoiceId,
      amount: remedy.amount,
      kind: 'compensation',
      reason: `Complaint ${row.number}: ${remedy.description}`.slice(0, 2000),
    },
    principal,
    trx,
  );
  await trx.updateTable('cmp_remedy').set({ credit_note_id: note.id }).where('id', '=', remedy.id).execute();
}

/** A remedy (a claim, for `Claim`) and its complaint, or a 404 alike when either is not visible. */
async function remedyOf(
  deps: Deps,
  principal: Principal,
  trx: Trx,
  remedyId: string,
  what: 'Remedy' | 'Claim',
) {
  const remedy = await trx.selectFrom('cmp_remedy').selectAll().where('id', '=', remedyId).executeTakeFirst();
  if (!remedy || (what === 'Claim' && remedy.kind !== 'claim')) throw notFound(what, remedyId);
  return { remedy, row: await complaintOfRemedy(deps, principal, trx, remedyId, remedy.complaint_id) };
}

const complaintOfRemedy = (
  deps: Deps,
  principal: Principal,
  trx: Trx,
  remedyId: string,
  complaintId: string,
  what = 'Remedy',
) =>
  requireComplaint(deps, principal, complaintId, trx).catch(() => {
    throw notFound(what, remedyId);
  });

/** A remedy as the approval flow sees it: `pending` while it awaits the second user. */
type CompensationRequest = Omit<Remedy, 'status'> & ApprovalRequest & { customerId: string };

/**
 * Compensation above the threshold on the kernel's four-eyes flow. The rows stay in `cmp_remedy`,
 * where a pending one is `pending_approval` (what clients and the console know); a decision made
 * twice keeps its old code `remedy_decided`.
 */
const compensationFlow = (deps: Deps) =>
  new ApprovalFlow<CompensationRequest>(deps, {
    type: 'complaint_remedy',
    noun: 'compensation',
    permission: APPROVE_COMPENSATION,
    codes: { notPending: 'remedy_decided' },
    load: async (trx, id) => {
      const r = await trx.selectFrom('cmp_remedy').selectAll().where('id', '=', id).executeTakeFirst();
      if (!r) return undefined;
      const remedy = toRemedy(r);
      return {
        ...remedy,
        customerId: r.customer_id,
        status: remedy.status === 'pending_approval' ? 'pending' : remedy.status,
      };
    },
    save: (trx, request, decision) =>
      trx
        .updateTable('cmp_remedy')
        .set(decisionColumns(decision))
        .where('id', '=', request.id)
        .where('status', '=', 'pending_approval')
        .executeTakeFirst(),
  });

/**
 * The second user's decision on a compensation above the threshold: approved, it becomes a credit
 * note in receivables in the same transaction; a rejection gives its reason.
 */
export async function decideRemedy(
  deps: Deps,
  principal: Principal,
  remedyId: string,
  decision: 'approved' | 'rejected',
  note: string | undefined,
): Promise<Remedy> {
  return deps.transaction(async (trx) => {
    const flow = compensationFlow(deps);
    let row: ComplaintRow | undefined;
    const decide = {
      by: principal,
      note,
      authorize: async (r: CompensationRequest) => {
        row = await complaintOfRemedy(deps, principal, trx, r.id, r.complaintId);
      },
    };
    if (decision === 'rejected') await flow.reject(trx, remedyId, decide);
    else
      await flow.approve(trx, remedyId, {
        ...decide,
        apply: async (t, r) => {
          const complaint = row!;
          if (refusesCompensation(complaint.nature))
            throw new DomainError(
              'compensation_not_allowed',
              `A ${complaint.nature} complaint gets no compensation`,
              { nature: complaint.nature },
            );
          await settle(deps, t, principal, complaint, {
            id: r.id,
            invoice_id: r.invoiceId,
            amount: r.amount,
            description: r.description,
          });
        },
      });
    await appendEvent(deps, trx, row!, {
      kind: `remedy_${decision}`,
      actorId: principal.id,
      data: { remedyId },
    });
    return toRemedy(
      (await trx.selectFrom('cmp_remedy').selectAll().where('id', '=', remedyId).executeTakeFirst())!,
    );
  });
}

/** Further remedies while the complaint is being handled. */
export async function addRemediesTo(
  deps: Deps,
  principal: Principal,
  complaintId: string,
  inputs: readonly RemedyInput[],
): Promise<Remedy[]> {
  return deps.transaction(async (trx) => {
    const row = await requireComplaint(deps, principal, complaintId, trx);
    assertHandler(principal, row);
    if (row.state !== 'handling')
      throw new DomainError(
        'illegal_transition',
        `Remedies are added while a complaint is handled; complaint ${row.number} is ${row.state}`,
        { state: row.state, allowed: row.state === 'responsibility' ? ['handle'] : [] },
        409,
      );
    return addRemedies(deps, trx, principal, row, inputs);
  });
}

/** A claim against a third party moves on: claimed, recovered or rejected. */
export async function updateClaim(
  deps: Deps,
  principal: Principal,
  remedyId: string,
  status: (typeof CLAIM_STATES)[number],
): Promise<Remedy> {
  return deps.transaction(async (trx) => {
    const { remedy, row } = await remedyOf(deps, principal, trx, remedyId, 'Claim');
    assertHandler(principal, row);
    await trx.updateTable('cmp_remedy').set({ status }).where('id', '=', remedyId).execute();
    await deps.audit.record(trx, {
      entityType: 'complaint_remedy',
      entityId: remedyId,
      customerId: row.customer_id,
      action: 'claim',
      actor: principal,
      changes: { status: { from: remedy.status, to: status } },
    });
    return toRemedy({ ...remedy, status });
  });
}

/** Remedies waiting for a second user's decision, with their complaint's number and subject. */
export async function pendingRemedies(deps: Deps, principal: Principal, status: 'pending_approval') {
  let q = deps.db
    .selectFrom('cmp_remedy')
    .innerJoin('cmp_complaint', 'cmp_complaint.id', 'cmp_remedy.complaint_id')
    .selectAll('cmp_remedy')
    .select(['cmp_complaint.number as complaint_number', 'cmp_complaint.subject as complaint_subject'])
    .where('cmp_remedy.status', '=', status);
  const visible = complaintsVisibleTo(deps, principal);
  if (visible) q = q.where(visible);
  const rows = await q.orderBy('cmp_remedy.created_at').orderBy('cmp_remedy.id').limit(200).execute();
  return rows.map((r: Record<string, any>) => ({
    ...toRemedy(r),
    complaint: {
      id: r.complaint_id as string,
      number: r.complaint_number as string,
      subject: r.complaint_subject as string,
    },
    /** The caller asked for it, so someone else decides. */
    ownRequest: r.requested_by === principal.id,
  }));
}
