import { isQuantity, type KehuRouter, listQuery, whereEquals, z } from '@kehu/core';
import type { Deps } from '../context.js';
import { toInvoice } from '../invoice-store.js';
import { cancelInvoice, createInvoice, getInvoice, invoiceHistory } from '../invoices.js';
import {
  INVOICE_STATUSES,
  InvoiceDetailSchema,
  InvoicePageSchema,
  InvoiceSchema,
} from './response-schemas.js';
import {
  Bool,
  Currency,
  customerInBody,
  DateString,
  Id,
  IdList,
  IdParams,
  Reason,
  recordKind,
  visiblePage,
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

/** Invoices on credit terms (账期). */
export function invoiceRoutes(router: KehuRouter, deps: Deps): void {
  const invoice = recordKind(deps, 'rcv_invoice', 'Invoice');
  router.post(
    '/invoices',
    {
      summary: 'Issue an invoice on credit terms (账期)',
      access: 'receivables.invoices.write',
      customer: customerInBody,
      body: InvoiceBody,
      responses: { 201: InvoiceSchema },
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
        ids: IdList.optional().describe('Only these invoices: comma-separated ids, at most 100'),
      }),
      responses: { 200: InvoicePageSchema },
    },
    async (c, { query, principal }) => {
      let q = deps.db.selectFrom('rcv_invoice').selectAll();
      q = whereEquals(q, query, {
        customerId: 'customer_id',
        status: 'status',
        responsibleId: 'responsible_id',
        currency: 'currency',
      });
      if (query.ids) q = q.where('id', 'in', query.ids);
      if (query.overdue !== undefined) {
        const on = deps.clock.today();
        q = query.overdue
          ? q
              .where('outstanding', '>', 0)
              .where('status', 'in', ['open', 'partially_paid'])
              .where('due_date', '<', on)
          : q.where((eb) => eb.or([eb('outstanding', '=', 0), eb('due_date', '>=', on)]));
      }
      return c.json(await visiblePage(deps, principal, q, query, toInvoice));
    },
  );

  router.get(
    '/invoices/:id',
    {
      summary: 'One invoice with its payments, credit notes, write-offs and extensions',
      access: 'receivables.read',
      params: IdParams,
      responses: { 200: InvoiceDetailSchema },
    },
    async (c, { params, principal }) => {
      const found = await invoice.visible(principal, params.id, await getInvoice(deps, params.id));
      return c.json({ ...found, ...(await invoiceHistory(deps, params.id)) });
    },
  );

  router.post(
    '/invoices/:id/cancel',
    {
      summary: 'Cancel an unpaid invoice',
      access: 'receivables.invoices.write',
      ...invoice.inPath,
      body: z.strictObject({ reason: Reason }),
      responses: { 200: InvoiceSchema },
    },
    async (c, { params, body, principal }) =>
      c.json(
        await cancelInvoice(deps, params.id, body.reason, principal, invoice.visibleTo(principal, params.id)),
      ),
  );
}
