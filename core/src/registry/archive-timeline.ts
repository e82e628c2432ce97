import type { Executor } from '../db/database.js';
import { type TimelinePageRequest, timelineKeyset } from '../http/timeline-keyset.js';
import { DISCOUNT_LINK } from './discounts.js';
import type { Registry } from './registry.js';
import type { TimelineItem } from './types.js';

const money = (amount: unknown, currency: unknown) =>
  amount === null || amount === undefined ? null : { amount: Number(amount), currency: String(currency) };

/** A contract on the timeline when it was filed, with what it is and its state now. */
async function contractItems(
  customerId: string,
  p: TimelinePageRequest,
  trx: Executor,
): Promise<TimelineItem[]> {
  const q = trx.selectFrom('customer_contract').selectAll().where('customer_id', '=', customerId);
  const rows: Record<string, any>[] = await timelineKeyset(q, p, { at: 'created_at' }).execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.created_at,
    type: 'contract.filed',
    title: `${r.number} ${r.title}`,
    data: {
      contractId: r.id,
      number: r.number,
      signedOn: r.signed_on,
      validTo: r.valid_to,
      status: r.status,
      value: money(r.amount, r.currency),
      byUserId: r.created_by,
    },
  }));
}

/** A discount approval (折价审批) on the timeline when it was asked for, with its decision so far. */
async function discountItems(
  customerId: string,
  p: TimelinePageRequest,
  trx: Executor,
): Promise<TimelineItem[]> {
  const q = trx.selectFrom('customer_discount').selectAll().where('customer_id', '=', customerId);
  const rows: Record<string, any>[] = await timelineKeyset(q, p, { at: 'requested_at' }).execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.requested_at,
    type: `discount.${r.status}`,
    title: r.subject,
    data: {
      discountId: r.id,
      percent: r.percent_bp === null ? null : Number(r.percent_bp) / 100,
      amount: money(r.amount, r.currency),
      reason: r.reason,
      responsibility: { party: r.responsible_party, note: r.responsibility_note },
      status: r.status,
      byUserId: r.requested_by,
      decidedBy: r.decided_by,
      decidedAt: r.decided_at,
      decisionNote: r.decision_note,
    },
  }));
}

/** The audit rows these items stand for, which the timeline's audit source leaves out. */
export const ARCHIVE_ITEM_AUDITS: readonly { entityType: string; action: string }[] = [
  { entityType: 'contract', action: 'create' },
  { entityType: DISCOUNT_LINK, action: 'request' },
];

/** Contracts and discount approvals as timeline items of their own. */
export function addArchiveTimelineSources(registry: Registry): void {
  if (registry.timelineSources.has('contract')) return;
  registry.addTimelineSource('kernel', 'contract', { permission: 'customers.read', load: contractItems });
  registry.addTimelineSource('kernel', 'discount', { permission: 'customers.read', load: discountItems });
}
