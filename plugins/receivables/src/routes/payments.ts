import { type KehuRouter, listQuery, whereEquals, z } from '@kehu/core';
import type { Deps } from '../context.js';
import { allocateCredit, loadPayment, recordPayment, reversePayment, toPayment } from '../payments.js';
import { PAYMENT_METHODS, PAYMENT_STATUSES, PaymentPageSchema, PaymentSchema } from './response-schemas.js';
import {
  Amount,
  Bool,
  Currency,
  customerInBody,
  DateString,
  Id,
  IdParams,
  Reason,
  recordKind,
  visiblePage,
} from './shared.js';

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

/** Payments and their allocation to invoices. */
export function paymentRoutes(router: KehuRouter, deps: Deps): void {
  const payment = recordKind(deps, 'rcv_payment', 'Payment');
  router.post(
    '/payments',
    {
      summary: 'Record a payment and allocate it (chosen invoices, or oldest due first)',
      access: 'receivables.payments.write',
      customer: customerInBody,
      body: PaymentBody,
      responses: { 201: PaymentSchema },
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
    },
    async (c, { query, principal }) => {
      let q = deps.db.selectFrom('rcv_payment').selectAll();
      q = whereEquals(q, query, { customerId: 'customer_id', status: 'status' });
      if (query.unallocated !== undefined) q = q.where('unallocated', query.unallocated ? '>' : '=', 0);
      const page = await visiblePage(deps, principal, q, query);
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
    },
    async (c, { params, principal }) =>
      c.json(await payment.visible(principal, params.id, await loadPayment(deps.db, params.id))),
  );

  router.post(
    '/payments/:id/allocations',
    {
      summary: "Apply a payment's credit balance to invoices",
      access: 'receivables.payments.write',
      ...payment.inPath,
      body: z.strictObject({ allocations: Allocations.optional() }),
      responses: { 200: PaymentSchema },
    },
    async (c, { params, body, principal }) =>
      c.json(
        await allocateCredit(
          deps,
          params.id,
          body.allocations,
          principal,
          payment.visibleTo(principal, params.id),
        ),
      ),
  );

  router.post(
    '/payments/:id/reverse',
    {
      summary: 'Reverse a payment (bounced, mistaken)',
      access: 'receivables.payments.write',
      ...payment.inPath,
      body: z.strictObject({ reason: Reason }),
      responses: { 200: PaymentSchema },
    },
    async (c, { params, body, principal }) =>
      c.json(
        await reversePayment(
          deps,
          params.id,
          body.reason,
          principal,
          payment.visibleTo(principal, params.id),
        ),
      ),
  );
}
