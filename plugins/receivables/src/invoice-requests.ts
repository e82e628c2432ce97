import type {
  ApprovalDecision,
  ApprovalFlow,
  ApprovalRequest,
  DecideInput,
  Principal,
  Trx,
} from '@kehu/core';
import { type Deps, nowIso } from './context.js';

/**
 * Requests about one invoice that someone other than the requester decides on the kernel's
 * four-eyes flow: extensions (`rcv_extension`) and write-offs (`rcv_write_off`). Both tables keep
 * the same request and decision columns; an invoice has at most one pending request of each kind.
 */

/** Where a request row stands: who asked when, who decided when, and why. */
export const decisionFieldsOf = (r: Record<string, any>) => ({
  status: r.status,
  requestedBy: r.requested_by ?? null,
  requestedAt: r.requested_at,
  decidedBy: r.decided_by ?? null,
  decidedAt: r.decided_at ?? null,
  decisionNote: r.decision_note ?? null,
});

/** The request and decision columns of a new pending request asked for by `principal`. */
export const pendingColumns = (deps: Deps, principal: Principal) => ({
  status: 'pending',
  requested_by: principal.id,
  requested_at: nowIso(deps),
  decided_by: null,
  decided_at: null,
  decision_note: null,
});

/** The id of the invoice's pending request in `table`, if it has one. */
export async function pendingRequestOn(
  trx: Trx,
  table: string,
  invoiceId: string,
): Promise<string | undefined> {
  const pending = await trx
    .selectFrom(table)
    .select('id')
    .where('invoice_id', '=', invoiceId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return pending?.id;
}

/**
 * Approves (with `input.apply` changing the invoice) or rejects the request `id`, and answers the
 * request as decided, with the fields `apply` answers (what approving changed on it) over it.
 */
export async function decideRequest<R extends ApprovalRequest, A>(
  flow: ApprovalFlow<R>,
  trx: Trx,
  id: string,
  decision: 'approved' | 'rejected',
  input: DecideInput<R, A>,
): Promise<R & ApprovalDecision> {
  if (decision === 'rejected') {
    const { apply: _, ...reject } = input;
    const rejected = await flow.reject(trx, id, reject);
    return { ...rejected.request, ...rejected.decision };
  }
  const approved = await flow.approve(trx, id, input);
  return { ...approved.request, ...approved.decision, ...(approved.applied ?? {}) };
}
