/**
 * The public contract of the receivables plugin: what other plugins (credit, custom ones) may rely on.
 * Other plugins import these *types* only; they reach the plugin through its service
 * (`ctx.service('receivables')`) and its events, never its tables.
 */
import type { Trx, z } from '@kehu/core';
import type {
  CurrencyBalanceSchema,
  DeliveryCheckSchema,
  FollowUpSchema,
  InvoiceSchema,
  PaymentSchema,
  StandingSchema,
} from './routes/response-schemas.js';

/**
 * A level's mail to the customer (the collection notice): `pending` until it went out (right after
 * the follow-up is saved), `sent`, or `not_sent` with the reason — no contact has an e-mail address,
 * the customer is marked do-not-contact, the host configured no mail, or the account was settled
 * before it went out.
 */
export type FollowUpMail = NonNullable<z.infer<typeof FollowUpSchema>['customerMail']>;

export type InvoiceStatus = Invoice['status'];

export interface InvoiceLine {
  description: string;
  quantity: number;
  /** Minor units (分/cents) per unit. */
  unitPrice: number;
  /** Minor units: quantity × unit price, rounded half-up; always set on stored invoices. */
  amount?: number;
}

/** A line of an issued invoice: its amount is computed. */
export type StoredInvoiceLine = InvoiceLine & { amount: number };

export type Invoice = z.infer<typeof InvoiceSchema>;

/** The invoice about to be written, as filters see it. Filters may adjust it or throw a DomainError. */
export interface InvoiceDraft {
  customerId: string;
  issueDate: string;
  termDays: number;
  dueDate: string;
  currency: string;
  lines: InvoiceLine[];
  total: number;
  responsibleId: string | null;
  creditOverrideId: string | null;
}

export type CurrencyBalance = z.infer<typeof CurrencyBalanceSchema>;

/** How a customer stands: what the credit plugin and delivery decisions (严控问题渠道发货) use. */
export type Standing = z.infer<typeof StandingSchema>;

/** Whether goods may be delivered to a customer now (严控问题渠道发货), and why not. */
export type DeliveryCheck = z.infer<typeof DeliveryCheckSchema>;

/** What creating an invoice takes (the HTTP body of `POST /invoices`). */
export interface InvoiceInput {
  customerId: string;
  /** YYYY-MM-DD; today when omitted. */
  issueDate?: string;
  /** Days of credit (账期); the configured default when omitted. */
  termDays?: number;
  currency?: string;
  lines: InvoiceLine[];
  /** Defaults to the customer's owner. */
  responsibleId?: string | null;
  reference?: string | null;
  /** The id of an invoice of the same customer this one corrects (a correction dated in the open period). */
  correctionOf?: string | null;
  creditOverrideId?: string | null;
}

export interface PaymentInput {
  customerId: string;
  amount: number;
  currency: string;
  /** YYYY-MM-DD the money was received. */
  date: string;
  method: 'bank_transfer' | 'cash' | 'cheque' | 'acceptance_bill' | 'card' | 'other';
  reference?: string | null;
  /** Chosen invoices; when omitted the payment settles open invoices oldest due date first. */
  allocations?: { invoiceId: string; amount: number }[];
}

export type Payment = z.infer<typeof PaymentSchema>;

/** Who acts when another plugin or a host writes through the service: a user id, or null for the system. */
export type ServiceActor = { id: string } | null;

/** A window of company dates (inclusive) in one currency. */
export interface RevenueQuery {
  /** YYYY-MM-DD */
  from: string;
  /** YYYY-MM-DD */
  to: string;
  currency: string;
}

export interface ReceivablesService {
  standing(customerId: string, trx?: Trx): Promise<Standing>;
  /** May a delivery go out to the customer (an ERP or warehouse asks before shipping)? */
  deliveryCheck(customerId: string, trx?: Trx): Promise<DeliveryCheck>;
  /** Open receivables (outstanding, minor units) of a customer in one currency; read inside `trx` when given. */
  openExposure(customerId: string, currency: string, trx?: Trx): Promise<number>;
  getInvoice(id: string, trx?: Trx): Promise<Invoice | undefined>;
  /** Creates an invoice through the same rules and filters as the HTTP route (no customer-access check). */
  createInvoice(input: InvoiceInput, actor?: ServiceActor, trx?: Trx): Promise<Invoice>;
  /** Records a payment through the same rules as the HTTP route (no customer-access check). */
  recordPayment(input: PaymentInput, actor?: ServiceActor, trx?: Trx): Promise<Payment>;
  /**
   * Net revenue (minor units) per customer id: invoices issued in [from, to] less credit notes issued
   * then, cancelled invoices never counting; customers invoiced before the window appear with their
   * in-window figure (0 or negative). One grouped query for every customer.
   */
  revenueByCustomer(query: RevenueQuery, trx?: Trx): Promise<Map<string, number>>;
  /** Invoices issued in the dates [from, to] (YYYY-MM-DD), every currency, cancelled ones not counting. */
  countInvoices(query: { from: string; to: string }, trx?: Trx): Promise<number>;
  /**
   * Issues a credit note against an invoice through the same rules as the HTTP route (no
   * customer-access check), inside `trx` when given: e.g. an approved complaint compensation.
   */
  issueCreditNote(input: CreditNoteInput, actor?: ServiceActor, trx?: Trx): Promise<CreditNoteRecord>;
}

export interface CreditNoteInput {
  invoiceId: string;
  /** Minor units, at most the invoice's outstanding amount. */
  amount: number;
  kind: 'return' | 'discount' | 'compensation' | 'other';
  reason: string;
  /** YYYY-MM-DD, default today. */
  date?: string;
}

export interface CreditNoteRecord {
  id: string;
  number: string;
  invoiceId: string;
  customerId: string;
  currency: string;
  amount: number;
  kind: CreditNoteInput['kind'];
  reason: string;
  date: string;
}

declare module '@kehu/core' {
  interface KehuServices {
    receivables: ReceivablesService;
  }

  interface KehuFilters {
    /** Runs inside the invoice's transaction before it is written. */
    'receivables.invoice.beforeCreate': InvoiceDraft;
  }

  interface KehuEvents {
    /**
     * A dunning level (催收) was reached: a collection follow-up and an activity for the responsible
     * person. `customerMail` is the level's mail to the customer's contact (`pending`: receivables
     * sends it next; `not_sent` and why), null when the level does not mail.
     */
    'receivables.followUp.raised': {
      followUpId: string;
      customerId: string;
      currency: string;
      level: number;
      levelName: string;
      amount: number;
      invoiceIds: string[];
      responsibleId: string | null;
      trigger: 'age' | 'broken_promise';
      customerMail: FollowUpMail | null;
    };
    'receivables.invoice.created': { invoice: Invoice };
    'receivables.invoice.cancelled': {
      invoiceId: string;
      customerId: string;
      number: string;
      total: number;
      currency: string;
      reason: string;
    };
    /** An approved extension (延期还款) moved the due date. */
    'receivables.invoice.dueDateMoved': {
      invoiceId: string;
      customerId: string;
      number: string;
      from: string;
      to: string;
      extensionId: string;
    };
    'receivables.creditNote.issued': {
      creditNoteId: string;
      invoiceId: string;
      customerId: string;
      amount: number;
      currency: string;
      kind: string;
    };
    'receivables.invoice.overdue': {
      invoiceId: string;
      customerId: string;
      number: string;
      dueDate: string;
      daysOverdue: number;
      outstanding: number;
      currency: string;
    };
    'receivables.invoice.paid': { invoiceId: string; customerId: string; number: string; paidAt: string };
    'receivables.invoice.writtenOff': {
      invoiceId: string;
      customerId: string;
      number: string;
      amount: number;
      currency: string;
      reason: string;
      approvedBy: string;
    };
    'receivables.payment.recorded': {
      paymentId: string;
      customerId: string;
      amount: number;
      currency: string;
      allocations: { invoiceId: string; amount: number }[];
      unallocated: number;
    };
    'receivables.payment.reversed': {
      paymentId: string;
      customerId: string;
      amount: number;
      currency: string;
    };
    'receivables.statement.disputed': {
      statementId: string;
      customerId: string;
      period: string;
      items: { id: string; amount: number; currency: string; reason: string }[];
    };
    'receivables.warning.raised': {
      warningId: string;
      invoiceId: string;
      customerId: string;
      responsibleId: string | null;
      period: string;
      dueDate: string;
      outstanding: number;
      currency: string;
    };
    /** A statement still not confirmed (draft or sent) after the 10th of the following month; once per statement. */
    'receivables.statement.unconfirmed': {
      statementId: string;
      customerId: string;
      period: string;
      currency: string;
      closing: number;
      status: 'draft' | 'sent';
      /** YYYY-MM-DD: the 10th of the month after `period`. */
      reconcileBy: string;
      /** The customer's owner, who follows up the reconciliation; null when nobody can. */
      responsibleId: string | null;
    };
    /** A reconciliation dispute item open for more than two months; once per item. */
    'receivables.dispute.overdue': {
      disputeItemId: string;
      statementId: string;
      customerId: string;
      period: string;
      amount: number;
      currency: string;
      reason: string;
      openedOn: string;
      responsibleId: string | null;
    };
    /** A mid-month warning nobody answered by the end of its month; once per warning. */
    'receivables.warning.unanswered': {
      warningId: string;
      invoiceId: string;
      customerId: string;
      period: string;
      answerBy: string;
      dueDate: string;
      outstanding: number;
      currency: string;
      /** Who should have answered (the warning is reassigned to the customer's owner when nobody could). */
      responsibleId: string | null;
    };
    'receivables.statement.confirmed': {
      statementId: string;
      customerId: string;
      period: string;
      currency: string;
      closing: number;
      via: 'staff' | 'link';
    };
    'receivables.handover.recorded': {
      handoverId: string;
      customerId: string;
      fromId: string | null;
      toId: string | null;
      on: string;
    };
    'receivables.plan.broken': {
      planId: string;
      customerId: string;
      instalmentDueDate: string;
      amount: number;
      currency: string;
    };
  }
}
