import { isQuantity, type KehuRouter, keysetPage, listQuery, notFound, whereEquals, z } from '@kehu/core';
import type { Deps } from '../context.js';
import { CREDIT_NOTE_KINDS, issueCreditNote, toCreditNote } from '../credit-notes.js';
import { toInvoice } from '../invoice-store.js';
import { cancelInvoice, createInvoice, getInvoice, invoiceHistory } from '../invoices.js';
import { allocateCredit, loadPayment, recordPayment, reversePayment, toPayment } from '../payments.js';
import {
  CreditNotePageSchema,
  CreditNoteSchema,
  INVOICE_STATUSES,
  InvoiceDetailSchema,
  InvoicePageSchema,
  InvoiceSchema,
  PAYMENT_METHODS,
  PAYMENT_STATUSES,
  PaymentPageSchema,
  PaymentSchema,
} from './response-schemas.js';
import {
  Amount,
  Bool,
  Currency,
  customerInBody,
  DateString,
  Id,
  IdParams,
  invoiceInBody,
  onlyVisible,
  Reason,
  recordInPath,
  visibleTo,
} from './shared.js';

const Line = z.strictObject({
  description: z.string().trim().min(1).max(500),
  quantity: z
    .number()
    .positive('Must be more than zero')
    .max(1_000_000)
    .refine(isQuantity, 'At most three decimals'),
  unitPrice: z.number().int('Whole minor units (分/cents)').min(0).max(1_000_000_000_000),
});

const InvoiceBody = z.strictObject({
  customerId: Id,
  issueDate: DateString.optional(),
  termDays: z.number().int().min(0).max(3650).optional(),
  currency: Currency.optional(),
  lines: z.array(Line).min(1).max(200),
  responsibleId: Id.nullish(),
  reference: z.string().trim().min(1).max(200).nullish(),
  correctionOf: Id.nullish(),
  creditOverrideId: Id.nullish(),
});

const Allocations = z
  .array(z.strictObject({ invoiceId: Id, amount: Amount }))
  .min(1)
  .max(500);

const PaymentBody = z.strictObject({
  customerId: Id,
  amount: Amount,
  currency: Currency,
  date: DateString,
  method: z.enum(PAYMENT_METHODS),
  reference: z.string().trim().min(1).max(200).nullish(),
  allocations: Allocations.optional(),
});

/** Invoices, payments and credit notes. */
export function documentRoutes(router: KehuRouter, deps: Deps): void {
  router.post(
    '/invoices',
    {
      summary: 'Issue an invoice on credit terms (账期)',
      access: 'receivables.invoices.write',
      customer: customerInBody,
      body: InvoiceBody,
      responses: { 201: InvoiceSchema },
      tags: ['receivables'],
    },
    async (c, { body, principal }) => c.json(await createInvoice(deps, body, principal), 201),
  );

  router.get(
    '/invoices',
    {
      summary: 'Invoices of the customers the caller may see, newest first',
      access: 'receivables.read',
      query: listQuery({
        customerId: Id.optional(),
        status: z.enum(INVOICE_STATUSES).optional(),
        responsibleId: Id.optional(),
        currency: Currency.optional(),
        overdue: Bool.optional(),
      }),
      responses: { 200: InvoicePageSchema },
      tags: ['receivables'],
    },
    async (c, { query, principal }) => {
      let q = deps.db.selectFrom('rcv_invoice').selectAll();
      q = whereEquals(q, query, {
        customerId: 'customer_id',
        status: 'status',
        responsibleId: 'responsible_id',
        currency: 'currency',
      });
      if (query.overdue !== undefined) {
        const on = deps.clock.today();
        q = query.overdue
          ? q
              .where('outstanding', '>', 0)
              .where('status', 'in', ['open', 'partially_paid'])
              .where('due_date', '<', on)
          : q.where((eb) => eb.or([eb('outstanding', '=', 0), eb('due_date', '>=', on)]));
      }
      return c.json(
        await keysetPage(onlyVisible(deps, principal, q, 'customer_id'), query, {
          order: ['-id'],
          map: toInvoice,
        }),
      );
    },
  );

  router.get(
    '/invoices/:id',
    {
      summary: 'One invoice with its payments, credit notes, write-offs and extensions',
      access: 'receivables.read',
      params: IdParams,
      responses: { 200: InvoiceDetailSchema },
      tags: ['receivables'],
    },
    async (c, { params, principal }) => {
      const invoice = await getInvoice(deps, params.id);
      if (!invoice) throw notFound('Invoice', params.id);
      await visibleTo(deps, principal, 'Invoice', params.id)(invoice.customerId);
      return c.json({ ...invoice, ...(await invoiceHistory(deps, params.id)) });
    },
  );

  router.post(
    '/invoices/:id/cancel',
    {
      summary: 'Cancel an unpaid invoice',
      access: 'receivables.invoices.write',
      customer: recordInPath(deps, 'rcv_invoice', 'Invoice'),
      params: IdParams,
      body: z.strictObject({ reason: Reason }),
      responses: { 200: InvoiceSchema },
      tags: ['receivables'],
    },
    async (c, { params, body, principal }) =>
      c.json(
        await cancelInvoice(
          deps,
          params.id,
          body.reason,
          principal,
          visibleTo(deps, principal, 'Invoice', params.id),
        ),
      ),
  );

  router.post(
    '/payments',
    {
      summary: 'Record a payment and allocate it (chosen invoices, or oldest due first)',
      access: 'receivables.payments.write',
      customer: customerInBody,
      body: PaymentBody,
      responses: { 201: PaymentSchema },
      tags: ['receivables'],
    },
    async (c, { body, principal }) => c.json(await recordPayment(deps, body, principal), 201),
  );

  router.get(
    '/payments',
    {
      summary: 'Payments, newest first',
      access: 'receivables.read',
      query: listQuery({
        customerId: Id.optional(),
        status: z.enum(PAYMENT_STATUSES).optional(),
        unallocated: Bool.optional(),
      }),
      responses: { 200: PaymentPageSchema },
      tags: ['receivables'],
    },
    async (c, { query, principal }) => {
      let q = deps.db.selectFrom('rcv_payment').selectAll();
      q = whereEquals(q, query, { customerId: 'customer_id', status: 'status' });
      if (query.unallocated !== undefined) q = q.where('unallocated', query.unallocated ? '>' : '=', 0);
      const page = await keysetPage(onlyVisible(deps, principal, q, 'customer_id'), query, {
        order: ['-id'],
      });
      const rows = page.items;
      const ids = rows.map((r) => r.id);
      const allocations = ids.length
        ? await deps.db
            .selectFrom('rcv_allocation')
            .selectAll()
            .where('payment_id', 'in', ids)
            .orderBy('created_at')
            .execute()
        : [];
      return c.json({
        items: rows.map((r) =>
          toPayment(
            r,
            allocations.filter((a) => a.payment_id === r.id),
          ),
        ),
        nextCursor: page.nextCursor,
      });
    },
  );

  router.get(
    '/payments/:id',
    {
      summary: 'One payment with its allocations',
      access: 'receivables.read',
      params: IdParams,
      responses: { 200: PaymentSchema },
      tags: ['receivables'],
    },
    async (c, { params, principal }) => {
      const payment = await loadPayment(deps.db, params.id);
      if (!payment) throw notFound('Payment', params.id);
      await visibleTo(deps, principal, 'Payment', params.id)(payment.customerId);
      return c.json(payment);
    },
  );

  router.post(
    '/payments/:id/allocations',
    {
      summary: "Apply a payment's credit balance to invoices",
      access: 'receivables.payments.write',
      customer: recordInPath(deps, 'rcv_payment', 'Payment'),
      params: IdParams,
      body: z.strictObject({ allocations: Allocations.optional() }),
      responses: { 200: PaymentSchema },
      tags: ['receivables'],
    },
    async (c, { params, body, principal }) =>
      c.json(
        await allocateCredit(
          deps,
          params.id,
          body.allocations,
          principal,
          visibleTo(deps, principal, 'Payment', params.id),
        ),
      ),
  );

  router.post(
    '/payments/:id/reverse',
    {
      summary: 'Reverse a payment (bounced, mistaken)',
      access: 'receivables.payments.write',
      customer: recordInPath(deps, 'rcv_payment', 'Payment'),
      params: IdParams,
      body: z.strictObject({ reason: Reason }),
      responses: { 200: PaymentSchema },
      tags: ['receivables'],
    },
    async (c, { params, body, principal }) =>
      c.json(
        await reversePayment(
          deps,
          params.id,
          body.reason,
          principal,
          visibleTo(deps, principal, 'Payment', params.id),
        ),
      ),
  );

  router.post(
    '/credit-notes',
    {
      summary: 'Issue a credit note (return 退货, discount 折价, compensation) against an invoice',
      access: 'receivables.creditNotes.write',
      customer: invoiceInBody(deps),
      body: z.strictObject({
        invoiceId: Id,
        amount: Amount,
        kind: z.enum(CREDIT_NOTE_KINDS),
        reason: Reason,
        date: DateString.optional(),
      }),
      responses: { 201: CreditNoteSchema },
      tags: ['receivables'],
    },
    async (c, { body, principal }) =>
      c.json(
        await issueCreditNote(deps, body, principal, visibleTo(deps, principal, 'Invoice', body.invoiceId)),
        201,
      ),
  );

  router.get(
    '/credit-notes',
    {
      summary: 'Credit notes, newest first',
      access: 'receivables.read',
      query: listQuery({
        customerId: Id.optional(),
        invoiceId: Id.optional(),
      }),
      responses: { 200: CreditNotePageSchema },
      tags: ['receivables'],
    },
    async (c, { query, principal }) => {
      let q = deps.db.selectFrom('rcv_credit_note').selectAll();
      q = whereEquals(q, query, { customerId: 'customer_id', invoiceId: 'invoice_id' });
      return c.json(
        await keysetPage(onlyVisible(deps, principal, q, 'customer_id'), query, {
          order: ['-id'],
          map: toCreditNote,
        }),
      );
    },
  );
}
