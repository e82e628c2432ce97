import {
  type ApprovalActivities,
  ApprovalFlow,
  approvalTable,
  type Decided,
} from '../approvals/approval-flow.js';
import type { Principal } from '../auth/principal.js';
import type { Executor, Trx } from '../db/database.js';
import { notFound } from '../errors.js';
import { keysetPage, type Page } from '../http/list.js';
import { newId } from '../ids.js';
import type { CustomerService } from './customer-service.js';

export const DECIDE_DISCOUNTS = 'customers.discounts.decide';
export const DISCOUNT_LINK = 'customer_discount';

export const DISCOUNT_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export type DiscountStatus = (typeof DISCOUNT_STATUSES)[number];
/** Who the cause of the discount lies with (责任): our side, the customer, a supplier, a carrier. */
export const RESPONSIBLE_PARTIES = ['company', 'customer', 'supplier', 'carrier', 'other'] as const;
export type ResponsibleParty = (typeof RESPONSIBLE_PARTIES)[number];

/** A discount asked for on a customer's sale (折价审批): how much, why, whose responsibility, who approved. */
export interface Discount {
  id: string;
  customerId: string;
  /** What the discount is on: an order, an invoice, a delivery. */
  subject: string;
  /** Either a rate (percent, two decimals) or an amount (integer minor units of its currency). */
  percent: number | null;
  amount: { amount: number; currency: string } | null;
  reason: string;
  responsibility: { party: ResponsibleParty; note: string | null };
  status: DiscountStatus;
  requestedBy: string | null;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

export interface DiscountInput {
  subject: string;
  percent?: number | undefined;
  amount?: { amount: number; currency: string } | undefined;
  reason: string;
  responsibility: { party: ResponsibleParty; note?: string | null | undefined };
}

const toDiscount = (r: Record<string, any>): Discount => ({
  id: r.id,
  customerId: r.customer_id,
  subject: r.subject,
  percent: r.percent_bp === null || r.percent_bp === undefined ? null : Number(r.percent_bp) / 100,
  amount:
    r.amount === null || r.amount === undefined ? null : { amount: Number(r.amount), currency: r.currency },
  reason: r.reason,
  responsibility: { party: r.responsible_party, note: r.responsibility_note },
  status: r.status,
  requestedBy: r.requested_by,
  requestedAt: r.requested_at,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  decisionNote: r.decision_note,
});

/**
 * Discount approvals (折价审批): a discount is requested with its reason and responsibility, and
 * approved or rejected by a manager other than the requester (four eyes), through an approval
 * activity closed by the decision. Every step is audited on the customer.
 */
export class Discounts {
  private readonly flow: ApprovalFlow<Discount>;

  constructor(
    private readonly svc: CustomerService,
    activities: () => ApprovalActivities,
  ) {
    this.flow = new ApprovalFlow(
      { audit: svc.audit, clock: svc.clock, activities },
      {
        type: DISCOUNT_LINK,
        noun: 'discount',
        permission: DECIDE_DISCOUNTS,
        ...approvalTable('customer_discount', toDiscount),
      },
    );
  }

  async request(principal: Principal, customerId: string, input: DiscountInput): Promise<Discount> {
    return this.svc.inTransaction(undefined, async (trx) => {
      const customer = await this.svc.get(customerId, trx);
      if (!customer) throw notFound('Customer', customerId);
      const row = {
        id: newId(),
        customer_id: customerId,
        subject: input.subject,
        percent_bp: input.percent === undefined ? null : Math.round(input.percent * 100),
        amount: input.amount?.amount ?? null,
        currency: input.amount?.currency ?? null,
        reason: input.reason,
        responsible_party: input.responsibility.party,
        responsibility_note: input.responsibility.note ?? null,
        status: 'pending',
        requested_by: principal.id,
        requested_at: this.svc.clock.now().toISOString(),
        decided_by: null,
        decided_at: null,
        decision_note: null,
      };
      await trx.insertInto('customer_discount').values(row).execute();
      const discount = toDiscount(row);
      const size = discount.percent !== null ? `${discount.percent}%` : `${discount.amount?.currency}`;
      await this.flow.opened(trx, discount, {
        by: principal,
        reason: input.reason,
        subject: `Discount ${size} for ${customer.code} (${input.subject}) awaits approval`,
        data: { discountId: row.id },
      });
      await this.svc.hooks.emit(trx, 'customer.discountRequested', {
        discountId: row.id,
        customerId,
        actorId: principal.id,
      });
      return discount;
    });
  }

  async ofCustomer(customerId: string, trx: Executor = this.svc.db): Promise<Discount[]> {
    const rows = await trx
      .selectFrom('customer_discount')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('requested_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map(toDiscount);
  }

  async get(customerId: string, id: string, trx: Executor = this.svc.db): Promise<Discount> {
    const r = await trx
      .selectFrom('customer_discount')
      .selectAll()
      .where('id', '=', id)
      .where('customer_id', '=', customerId)
      .executeTakeFirst();
    if (!r) throw notFound('Discount', id);
    return toDiscount(r);
  }

  /** Discounts across customers, newest first: every one for approvers, the caller's own requests otherwise. */
  list(
    principal: Principal,
    filter: { status?: DiscountStatus | undefined },
    page: { limit: number; cursor?: string | undefined },
  ): Promise<Page<Discount>> {
    let q = this.svc.db.selectFrom('customer_discount').selectAll();
    if (filter.status) q = q.where('status', '=', filter.status);
    if (!principal.can(DECIDE_DISCOUNTS)) q = q.where('requested_by', '=', principal.id);
    return keysetPage(q, page, { order: ['-requested_at', '-id'], map: toDiscount });
  }

  approve(principal: Principal, customerId: string, id: string, note?: string | null): Promise<Discount> {
    return this.decided(customerId, (trx, authorize) =>
      this.flow.approve(trx, id, { by: principal, note, authorize }),
    );
  }

  reject(principal: Principal, customerId: string, id: string, note: string): Promise<Discount> {
    return this.decided(customerId, (trx, authorize) =>
      this.flow.reject(trx, id, { by: principal, note, authorize }),
    );
  }

  withdraw(principal: Principal, customerId: string, id: string): Promise<Discount> {
    return this.decided(customerId, (trx, authorize) =>
      this.flow.withdraw(trx, id, { by: principal, authorize }),
    );
  }

  /** Decides a discount of the customer in the path (another customer's is not found), announced. */
  private decided(
    customerId: string,
    decide: (
      trx: Trx,
      authorize: (discount: Discount) => Promise<void>,
    ) => Promise<Decided<Discount, unknown, 'approved' | 'rejected' | 'withdrawn'>>,
  ): Promise<Discount> {
    return this.svc.inTransaction(undefined, async (trx: Trx) => {
      const { request, decision } = await decide(trx, async (discount) => {
        if (discount.customerId !== customerId) throw notFound('Discount', discount.id);
      });
      await this.svc.hooks.emit(trx, 'customer.discountDecided', {
        discountId: request.id,
        customerId,
        status: decision.status,
        actorId: decision.decidedBy,
      });
      return { ...request, ...decision };
    });
  }
}
