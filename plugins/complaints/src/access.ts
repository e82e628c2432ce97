import { type Executor, notFound, type Principal, ProblemError } from '@kehu/core';
import { loadComplaint } from './complaint-store.js';
import type { Deps } from './context.js';
import type { ComplaintRow } from './model.js';

export const READ_ALL = 'complaints.readAll';
export const MANAGE = 'complaints.manage';

/**
 * Who sees a complaint: its handler (customer-service staff who filed it for any caller), whoever
 * sees every complaint (service managers), and whoever may see its customer (the account manager).
 */
export async function canSeeComplaint(
  deps: Deps,
  principal: Principal,
  row: Pick<ComplaintRow, 'handler_id' | 'customer_id'>,
  trx: Executor = deps.db,
): Promise<boolean> {
  if (row.handler_id === principal.id || principal.can(READ_ALL)) return true;
  const summary = (await deps.customers.summaries([row.customer_id], trx)).get(row.customer_id);
  if (!summary) return false;
  return deps.customers.canSee(principal, { id: row.customer_id, ownerId: summary.ownerId ?? null }, trx);
}

/** The complaint, or a 404 when it does not exist or the caller may not see it (alike). */
export async function requireComplaint(
  deps: Deps,
  principal: Principal,
  id: string,
  trx: Executor = deps.db,
): Promise<ComplaintRow> {
  const row = await loadComplaint(trx, id);
  if (!(await canSeeComplaint(deps, principal, row, trx))) throw notFound('Complaint', id);
  return row;
}

/** 谁受理、谁跟进、谁回复: only the handler, or a service manager, moves a complaint forward. */
export function assertHandler(principal: Principal, row: ComplaintRow): void {
  if (row.handler_id === principal.id || principal.can(MANAGE)) return;
  throw new ProblemError({
    status: 403,
    code: 'not_handler',
    detail: `Only the handler of complaint ${row.number} or a service manager may do this`,
    data: { handlerId: row.handler_id },
  });
}

/** A where-clause limiting complaint rows to those `principal` sees; undefined when they see all. */
export function complaintsVisibleTo(deps: Deps, principal: Principal) {
  if (principal.can(READ_ALL)) return undefined;
  const byCustomer = deps.customers.rowsVisibleTo(principal, 'cmp_complaint.customer_id');
  if (!byCustomer) return undefined;
  return (eb: any) => eb.or([eb('cmp_complaint.handler_id', '=', principal.id), byCustomer(eb)]);
}
