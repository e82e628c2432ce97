/**
 * The public contract of the receivables plugin: what other plugins (credit, custom ones) may rely on.
 * Other plugins import these *types* only; they reach the plugin through its service
 * (`ctx.service('receivables')`) and its events, never its tables.
 */
import type { Trx } from '@kehu/core';

export type InvoiceStatus = 'open' | 'partially_paid' | 'paid' | 'written_off' | 'cancelled';

export interface InvoiceLine {
  description: string;
  quantity: number;
  /** Minor units (分/cents) per unit. */
  unitPrice: number;
}

export interface Invoice {
  id: string;
  number: string;
  customerId: string;
  /** YYYY-MM-DD */
  issueDate: string;
  termDays: number;
  /** YYYY-MM-DD */
  dueDate: string;
  currency: string;
  lines: InvoiceLine[];
  /** Minor units. */
  total: number;
  paidAmount: number;
  creditedAmount: number;
  writtenOffAmount: number;
  /** total − paid − credited − written off. */
  outstanding: number;
  status: InvoiceStatus;
  responsibleId: string | null;
  /** YYYY-MM-DD of the first day the invoice was found overdue, or null. */
  overdueSince: string | null;
  /** A credit exception (from the credit plugin) this invoice used, if any. */
  creditOverrideId: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

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

export interface CurrencyBalance {
  currency: string;
  /** Minor units still owed on open and partially paid invoices. */
  outstanding: number;
  /** The part of `outstanding` that is past due. */
  overdue: number;
  /** Unallocated payments held for the customer. */
  creditBalance: number;
}

/** How a customer stands: what the credit plugin and delivery decisions (严控问题渠道发货) use. */
export interface Standing {
  customerId: string;
  balances: CurrencyBalance[];
  hasOverdue: boolean;
  oldestOverdueDays: number;
  /** Anything unpaid more than two months after its due date. */
  unpaidOverTwoMonths: boolean;
  /** Reconciliation dispute items open for more than two months. */
  disputesOpenOverTwoMonths: number;
  /** The rule "no further deliveries" applies (anything unpaid for over two months). */
  deliveryBlocked: boolean;
}

export interface ReceivablesService {
  standing(customerId: string, trx?: Trx): Promise<Standing>;
  /** Open receivables (outstanding, minor units) of a customer in one currency; read inside `trx` when given. */
  openExposure(customerId: string, currency: string, trx?: Trx): Promise<number>;
  getInvoice(id: string, trx?: Trx): Promise<Invoice | undefined>;
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
    'receivables.invoice.created': { invoice: Invoice };
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
    'receivables.payment.reversed': { paymentId: string; customerId: string; amount: number; currency: string };
    'receivables.statement.disputed': {
      statementId: string;
      customerId: string;
      period: string;
      items: { id: string; amount: number; currency: string; reason: string }[];
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
