/**
 * What the receivables routes answer, as zod schemas: the OpenAPI document and the typed client
 * (`@kehu/sdk/client`) are built from them, and the compiler checks every handler's `c.json(body,
 * status)` against the schema its route declares for that status; test/response-schemas.test.ts
 * checks real responses against them too.
 */
import { pageOf, z } from '@kehu/core';
import { CREDIT_NOTE_KINDS } from '../credit-notes.js';
import { FOLLOW_UP_OUTCOMES } from '../dunning.js';
import { DISPUTE_KINDS } from '../statements.js';
import { Currency, DateString, Period } from './shared.js';

const Timestamp = z.iso.datetime();
const Money = z.number().int();
/** Amounts that are never negative (totals, outstanding, what was paid). */
const Sum = z.number().int().nonnegative();
const Count = z.number().int().nonnegative();

export const INVOICE_STATUSES = ['open', 'partially_paid', 'paid', 'written_off', 'cancelled'] as const;
export const PAYMENT_METHODS = [
  'bank_transfer',
  'cash',
  'cheque',
  'acceptance_bill',
  'card',
  'other',
] as const;
export const PAYMENT_STATUSES = ['recorded', 'reversed'] as const;
export const STATEMENT_STATUSES = ['draft', 'sent', 'confirmed', 'disputed'] as const;
export const DISPUTE_STATUSES = ['open', 'resolved'] as const;
export const PLAN_STATUSES = ['active', 'completed', 'broken', 'cancelled'] as const;
/** Statuses of requests someone decides: extensions and write-offs. */
export const DECISION_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
const STATEMENT_LINE_KINDS = [
  'invoice',
  'cancellation',
  'payment',
  'payment_reversal',
  'credit_note',
  'write_off',
] as const;

// Documents: invoices, payments, credit notes.

/** What an allocation of a payment to an invoice moved, and when (a reversal undoes it). */
const allocationFields = {
  amount: Sum,
  appliedOn: DateString,
  reversedOn: DateString.nullable(),
};

const StoredInvoiceLineSchema = z.object({
  description: z.string(),
  quantity: z.number().positive(),
  unitPrice: Sum.describe('Minor units (分/cents) per unit'),
  amount: Sum.describe('quantity × unitPrice, rounded half-up'),
});

export const InvoiceSchema = z.object({
  id: z.string(),
  number: z.string(),
  customerId: z.string(),
  issueDate: DateString,
  termDays: Count.describe('Days of credit (账期)'),
  dueDate: DateString,
  currency: Currency,
  lines: z.array(StoredInvoiceLineSchema),
  total: Sum.describe('Minor units: the sum of the lines'),
  paidAmount: Sum,
  creditedAmount: Sum,
  writtenOffAmount: Sum,
  outstanding: Sum.describe('total − paid − credited − written off'),
  status: z.enum(INVOICE_STATUSES),
  responsibleId: z.string().nullable(),
  reference: z.string().nullable().describe("The customer's order or contract reference"),
  correctionOf: z.string().nullable().describe('The invoice (of a closed period) this one corrects'),
  overdueSince: DateString.nullable().describe('The first day the invoice was found overdue'),
  creditOverrideId: z.string().nullable().describe('A credit exception (credit plugin) this invoice used'),
  cancelledAt: Timestamp.nullable(),
  cancelReason: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int().positive(),
});
z.globalRegistry.add(InvoiceSchema, { id: 'Invoice' });

export const InvoiceHistorySchema = z.object({
  allocations: z.array(
    z.object({
      id: z.string(),
      paymentId: z.string(),
      paymentNumber: z.string(),
      ...allocationFields,
    }),
  ),
  creditNotes: z.array(
    z.object({
      id: z.string(),
      number: z.string(),
      amount: Sum,
      kind: z.enum(CREDIT_NOTE_KINDS),
      reason: z.string(),
      issuedOn: DateString,
    }),
  ),
  writeOffs: z.array(
    z.object({ id: z.string(), amount: Sum, status: z.enum(DECISION_STATUSES), reason: z.string() }),
  ),
  extensions: z.array(
    z.object({ id: z.string(), from: DateString, to: DateString, status: z.enum(DECISION_STATUSES) }),
  ),
});

export const InvoiceDetailSchema = InvoiceSchema.extend(InvoiceHistorySchema.shape);
z.globalRegistry.add(InvoiceDetailSchema, { id: 'InvoiceDetail' });
export const InvoicePageSchema = pageOf(InvoiceSchema);

export const PaymentSchema = z.object({
  id: z.string(),
  number: z.string(),
  customerId: z.string(),
  amount: Sum,
  currency: Currency,
  date: DateString.describe('The day the money was received'),
  method: z.enum(PAYMENT_METHODS),
  reference: z.string().nullable(),
  unallocated: Sum.describe("Not allocated to invoices: the customer's credit balance"),
  status: z.enum(PAYMENT_STATUSES),
  allocations: z.array(
    z.object({
      id: z.string(),
      invoiceId: z.string(),
      ...allocationFields,
    }),
  ),
  reversedOn: DateString.nullable(),
  reversalReason: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: Timestamp,
});
z.globalRegistry.add(PaymentSchema, { id: 'Payment' });
export const PaymentPageSchema = pageOf(PaymentSchema);

export const CreditNoteSchema = z.object({
  id: z.string(),
  number: z.string(),
  invoiceId: z.string(),
  customerId: z.string(),
  currency: Currency,
  amount: Sum,
  kind: z.enum(CREDIT_NOTE_KINDS),
  reason: z.string(),
  date: DateString,
  createdBy: z.string().nullable(),
  createdAt: Timestamp,
});
z.globalRegistry.add(CreditNoteSchema, { id: 'CreditNote' });
export const CreditNotePageSchema = pageOf(CreditNoteSchema);

// Reports: ageing, standing, maintenance.

export const BucketDefSchema = z.object({
  key: z.string().describe('`not_due`, `1-30`, …, `>90`'),
  fromDays: Count.nullable(),
  toDays: Count.nullable().describe('null for the last, open-ended bucket'),
});
z.globalRegistry.add(BucketDefSchema, { id: 'AgeingBucket' });
const Buckets = z.record(z.string(), Sum).describe('Outstanding by bucket key');
export const AgeingLineSchema = z.object({
  currency: Currency,
  outstanding: Sum,
  invoices: Count,
  buckets: Buckets,
});
z.globalRegistry.add(AgeingLineSchema, { id: 'AgeingLine' });

export const AgeingSummarySchema = z.object({
  asOf: DateString,
  buckets: z.array(BucketDefSchema),
  totals: z.array(AgeingLineSchema).describe('Per currency; the buckets of each add up to its outstanding'),
  byResponsible: z.array(AgeingLineSchema.extend({ responsibleId: z.string().nullable() })),
  top: z
    .object({
      bucket: z.string(),
      customers: z.array(
        z.object({
          customerId: z.string(),
          currency: Currency,
          amount: Sum.describe('Outstanding in the oldest bucket'),
          outstanding: Sum,
        }),
      ),
    })
    .describe('Per currency, the customers with the largest balance in the oldest bucket'),
  source: z
    .enum(['maintained', 'scanned'])
    .describe('`maintained`: read from the balances kept by the writes; `scanned`: computed from invoices'),
});
z.globalRegistry.add(AgeingSummarySchema, { id: 'AgeingSummary' });

export const CustomerAgeingSchema = AgeingLineSchema.extend({
  customerId: z.string(),
  code: z.string().nullable(),
  name: z.string().nullable(),
});
z.globalRegistry.add(CustomerAgeingSchema, { id: 'CustomerAgeing' });
export const CustomerAgeingPageSchema = pageOf(CustomerAgeingSchema).extend({
  asOf: DateString,
  buckets: z.array(BucketDefSchema),
});

export const CurrencyBalanceSchema = z.object({
  currency: Currency,
  outstanding: Sum,
  overdue: Sum.describe('The part of `outstanding` that is past due'),
  creditBalance: Sum.describe('Unallocated payments held for the customer'),
});
z.globalRegistry.add(CurrencyBalanceSchema, { id: 'CurrencyBalance' });

export const StandingSchema = z.object({
  customerId: z.string(),
  balances: z.array(CurrencyBalanceSchema),
  hasOverdue: z.boolean(),
  oldestOverdueDays: Count,
  unpaidOverTwoMonths: z.boolean().describe('Anything unpaid more than two months after its due date'),
  disputesOpenOverTwoMonths: Count,
  deliveryBlocked: z.boolean().describe('No further deliveries (anything unpaid for over two months)'),
});
z.globalRegistry.add(StandingSchema, { id: 'ReceivablesStanding' });

/** An invoice past its due date, with what it still owes. */
const OverdueInvoice = z.object({
  invoiceId: z.string(),
  number: z.string(),
  dueDate: DateString,
  daysOverdue: Count,
  outstanding: Sum,
});

export const DeliveryCheckSchema = z.object({
  customerId: z.string(),
  allowed: z.boolean().describe('A delivery may go out now'),
  reasons: z.array(z.object({ code: z.enum(['unpaid_over_two_months']), detail: z.string() })),
  blockingInvoices: z
    .array(OverdueInvoice.extend({ currency: z.string() }))
    .describe('Invoices unpaid more than two months after their due date, oldest first'),
  checkedOn: DateString.describe('The company date the answer is for'),
});
z.globalRegistry.add(DeliveryCheckSchema, { id: 'DeliveryCheck' });

export const ClosedPeriodSchema = z.object({
  period: Period,
  reason: z.string(),
  closedBy: z.string().nullable(),
  closedAt: Timestamp,
});
z.globalRegistry.add(ClosedPeriodSchema, { id: 'ClosedPeriod' });
export const ClosedPeriodListSchema = z.object({ items: z.array(ClosedPeriodSchema) });

export const RebuildResultSchema = z.object({
  cells: Count.describe('Ageing cells at day level'),
  balances: Count.describe('Customer balance rows'),
});
z.globalRegistry.add(RebuildResultSchema, { id: 'BalanceRebuild' });

// Reconciliation statements and their dispute items.

export const StatementLineSchema = z.object({
  date: DateString,
  kind: z.enum(STATEMENT_LINE_KINDS),
  reference: z.string(),
  description: z.string(),
  amount: Money.describe('Negative amounts reduce what the customer owes'),
});
z.globalRegistry.add(StatementLineSchema, { id: 'StatementLine' });

export const DisputeItemSchema = z.object({
  id: z.string(),
  statementId: z.string(),
  customerId: z.string(),
  currency: Currency,
  amount: Sum,
  kind: z.enum(DISPUTE_KINDS),
  reason: z.string(),
  status: z.enum(DISPUTE_STATUSES),
  openedOn: DateString,
  resolvedAt: Timestamp.nullable(),
  resolvedBy: z.string().nullable(),
  resolution: z.string().nullable(),
  openOverTwoMonths: z.boolean(),
});
z.globalRegistry.add(DisputeItemSchema, { id: 'DisputeItem' });
export const DisputeItemPageSchema = pageOf(DisputeItemSchema);

/** The figures of a statement; movements may make any of them negative. */
const statementFigures = {
  period: Period,
  currency: Currency,
  opening: Money,
  invoiced: Money,
  paid: Money,
  credited: Money,
  writtenOff: Money,
  closing: Money,
  lines: z.array(StatementLineSchema),
  status: z.enum(STATEMENT_STATUSES),
};

export const StatementSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  ...statementFigures,
  generatedAt: Timestamp,
  sentAt: Timestamp.nullable(),
  confirmedAt: Timestamp.nullable(),
  confirmedBy: z.string().nullable(),
  confirmedVia: z.enum(['staff', 'link']).nullable(),
  signedBy: z.string().nullable(),
  disputedAt: Timestamp.nullable(),
  disputeItems: z.array(DisputeItemSchema),
  hasStaleDisputes: z.boolean().describe('Any dispute item open for more than two months'),
  version: z.number().int().positive(),
});
z.globalRegistry.add(StatementSchema, { id: 'Statement' });
export const StatementPageSchema = pageOf(StatementSchema);
export const GeneratedStatementsSchema = z.object({
  items: z
    .array(StatementSchema)
    .describe('One per currency; none when the account had neither a balance nor a movement'),
});
z.globalRegistry.add(GeneratedStatementsSchema, { id: 'GeneratedStatements' });

export const SentStatementSchema = z.object({
  statement: StatementSchema,
  confirmationToken: z.string().describe('Shown once: only its hash is stored'),
  confirmationPath: z.string().describe("The customer's no-login link, under the API's base URL"),
  expiresAt: Timestamp,
});
z.globalRegistry.add(SentStatementSchema, { id: 'SentStatement' });

/** What the customer sees behind the link: no internal fields. */
export const StatementViewSchema = z.object({
  customer: z.object({ name: z.string().nullable(), code: z.string().nullable() }),
  ...statementFigures,
});
z.globalRegistry.add(StatementViewSchema, { id: 'StatementView' });

export const StatementAnswerSchema = z.object({
  status: z.enum(STATEMENT_STATUSES),
  period: Period,
  currency: Currency,
  closing: Money,
  disputeItems: z.array(z.object({ amount: Sum, kind: z.enum(DISPUTE_KINDS), reason: z.string() })),
});
z.globalRegistry.add(StatementAnswerSchema, { id: 'StatementAnswer' });

// Collection work: warnings, plans, extensions, write-offs, handovers.

export const WarningSchema = z.object({
  id: z.string(),
  invoiceId: z.string(),
  invoiceNumber: z.string().optional(),
  customerId: z.string(),
  period: Period,
  responsibleId: z.string().nullable(),
  dueDate: DateString,
  outstanding: Sum,
  currency: Currency,
  raisedAt: Timestamp,
  answerBy: DateString.describe('Answer by this day (the end of its month)'),
  answered: z.boolean(),
  answeredAt: Timestamp.nullable(),
  answeredBy: z.string().nullable(),
  reason: z.string().nullable(),
  measures: z.string().nullable(),
  expectedPaymentDate: DateString.nullable(),
});
z.globalRegistry.add(WarningSchema, { id: 'ReceivablesWarning' });
/** Listed warnings always carry their invoice's number. */
export const WarningPageSchema = pageOf(WarningSchema.required({ invoiceNumber: true }));

export const PaymentPlanSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  currency: Currency,
  total: Sum,
  reason: z.string(),
  status: z.enum(PLAN_STATUSES),
  startsOn: DateString,
  paidSoFar: Sum.describe(
    'Payments recorded since the plan started, counted against the instalments in order',
  ),
  instalments: z.array(
    z.object({
      id: z.string(),
      seq: z.number().int().positive(),
      dueDate: DateString,
      amount: Sum,
      status: z.enum(['pending', 'paid', 'missed']),
      settledAt: Timestamp.nullable(),
    }),
  ),
  createdBy: z.string().nullable(),
  createdAt: Timestamp,
  closedAt: Timestamp.nullable(),
});
z.globalRegistry.add(PaymentPlanSchema, { id: 'PaymentPlan' });
export const PaymentPlanPageSchema = pageOf(PaymentPlanSchema);

/** Where a request someone else decides stands: who asked when, who decided when, and why. */
const decisionFields = {
  status: z.enum(DECISION_STATUSES),
  requestedBy: z.string().nullable(),
  requestedAt: Timestamp,
  decidedBy: z.string().nullable(),
  decidedAt: Timestamp.nullable(),
  decisionNote: z.string().nullable(),
};

export const ExtensionRequestSchema = z.object({
  id: z.string(),
  invoiceId: z.string(),
  customerId: z.string(),
  previousDueDate: DateString,
  requestedDueDate: DateString,
  reason: z.string(),
  ...decisionFields,
});
z.globalRegistry.add(ExtensionRequestSchema, { id: 'ExtensionRequest' });
export const ExtensionRequestPageSchema = pageOf(ExtensionRequestSchema);

export const WriteOffSchema = z.object({
  id: z.string(),
  invoiceId: z.string(),
  customerId: z.string(),
  currency: Currency,
  amount: Sum,
  reason: z.string(),
  ...decisionFields,
  handoverId: z.string().nullable().describe('The handover this bad debt fell within'),
  discoveredOn: DateString.describe('When the bad debt was discovered: the day the write-off was requested'),
  chargedToId: z.string().nullable().describe('The predecessor the bad debt is charged to (应收账款移交)'),
});
z.globalRegistry.add(WriteOffSchema, { id: 'WriteOff' });
export const WriteOffPageSchema = pageOf(WriteOffSchema);

/** One currency of a customer's balances at a handover. */
const HandoverBalance = z.object({ currency: Currency, outstanding: Sum, overdue: Sum, invoices: Count });

export const HandoverSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  fromId: z.string().nullable(),
  toId: z.string().nullable(),
  date: DateString,
  source: z.enum(['owner_change', 'request']),
  reason: z.string(),
  balances: z
    .array(HandoverBalance)
    .describe('What was handed over, per currency: balances the customer had confirmed'),
  unconfirmedBalances: z
    .array(HandoverBalance)
    .describe('What stayed with the predecessor, per currency: not yet confirmed by the customer'),
  createdBy: z.string().nullable(),
  createdAt: Timestamp,
});
z.globalRegistry.add(HandoverSchema, { id: 'Handover' });
export const HandoverPageSchema = pageOf(HandoverSchema);
export const HandoverReportSchema = HandoverSchema.extend({
  invoices: z
    .array(z.object({ invoiceId: z.string(), currency: Currency, outstanding: Sum }))
    .describe('The invoices handed over, with what they owed then'),
  writeOffsChargedToPredecessor: z.array(WriteOffSchema),
});
z.globalRegistry.add(HandoverReportSchema, { id: 'HandoverReport' });

export const FollowUpSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  currency: Currency,
  level: z.number().int().describe('1-based dunning level'),
  levelName: z.string(),
  amount: Sum.describe('Overdue amount when raised, minor units of `currency`'),
  invoices: z.array(OverdueInvoice),
  responsibleId: z.string().nullable(),
  activityId: z.string().nullable().describe("The responsible person's collection activity"),
  raisedOn: DateString,
  trigger: z.enum(['age', 'broken_promise']),
  status: z.enum(['open', 'recorded', 'closed']).describe('closed: nothing was overdue any more'),
  outcome: z.enum(FOLLOW_UP_OUTCOMES).nullable(),
  promisedDate: DateString.nullable(),
  note: z.string().nullable(),
  recordedBy: z.string().nullable(),
  recordedAt: Timestamp.nullable(),
  customerMail: z
    .object({
      status: z.enum(['pending', 'sent', 'not_sent']),
      reason: z
        .enum(['no_address', 'do_not_contact', 'mail_not_configured', 'settled'])
        .nullable()
        .describe('Why it was not sent'),
      to: z.string().nullable(),
      contactName: z.string().nullable(),
      language: z.enum(['en', 'zh-CN']).nullable(),
      sentAt: Timestamp.nullable(),
    })
    .nullable()
    .describe("The collection notice mailed to the customer's contact; null when the level does not mail"),
});
z.globalRegistry.add(FollowUpSchema, { id: 'CollectionFollowUp' });
export const FollowUpListSchema = z.object({ items: z.array(FollowUpSchema) });

export const NextStepSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('level'), level: z.number().int(), name: z.string(), on: DateString }),
  z.object({ kind: z.literal('awaiting_promise'), promisedDate: DateString }),
  z.object({ kind: z.literal('paused'), reason: z.enum(['dispute', 'payment_plan']) }),
  z.object({ kind: z.literal('final_level_reached') }),
]);
z.globalRegistry.add(NextStepSchema, { id: 'CollectionNextStep' });

export const OverdueAccountSchema = z.object({
  customerId: z.string(),
  customerName: z.string().nullable(),
  currency: Currency,
  overdue: Sum,
  oldestDueDate: DateString,
  daysOverdue: Count,
  level: Count.describe('The dunning level reached; 0 before the first'),
  lastFollowUp: FollowUpSchema.nullable(),
  nextStep: NextStepSchema,
});
z.globalRegistry.add(OverdueAccountSchema, { id: 'OverdueAccount' });
export const OverdueAccountListSchema = z.object({ items: z.array(OverdueAccountSchema) });

export const CollectionNoticeViewSchema = z.object({
  customer: z.object({ name: z.string(), code: z.string() }),
  levelName: z.string(),
  raisedOn: DateString,
  asOf: DateString,
  currency: Currency,
  overdue: Sum.describe('Overdue today, minor units of `currency`'),
  invoices: z.array(
    z.object({
      number: z.string(),
      issueDate: DateString,
      dueDate: DateString,
      daysOverdue: Count,
      outstanding: Sum,
    }),
  ),
  statement: StatementViewSchema.nullable().describe(
    'The latest reconciliation statement sent to the customer',
  ),
});
z.globalRegistry.add(CollectionNoticeViewSchema, { id: 'CollectionNoticeView' });
