import { z } from 'zod';
import { badRequest } from '../errors.js';
import { pageOf } from '../http/list.js';
import type { KehuRouter } from '../http/router.js';
import { isCurrency } from '../money/currencies.js';
import type { ArchiveKernel } from './archive-kernel.js';
import { NOTE_KINDS } from './archive-notes.js';
import { ApprovalNoteBody, approvalFields, PageQuery, RejectionNoteBody } from './customer-schemas.js';
import { DISCOUNT_STATUSES, RESPONSIBLE_PARTIES } from './discounts.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const CustomerParams = z.object({ id: z.string().min(1).max(64) });
const DiscountParams = CustomerParams.extend({ discountId: z.string().min(1).max(64) });
const Money = z.strictObject({
  amount: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).describe('Integer minor units'),
  currency: z.string().refine(isCurrency, 'An ISO 4217 currency code'),
});

const DiscountBody = z.strictObject({
  subject: text(300).describe('What the discount is on: an order, an invoice, a delivery'),
  percent: z
    .number()
    .gt(0)
    .max(100)
    .multipleOf(0.01)
    .optional()
    .describe('The discount as a rate; or give `amount`'),
  amount: Money.optional().describe('The discount as an amount; or give `percent`'),
  reason: text(2000),
  responsibility: z.strictObject({
    party: z.enum(RESPONSIBLE_PARTIES).describe('Whose responsibility the cause is (责任)'),
    note: text(2000).nullish(),
  }),
});

export const DiscountSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  subject: z.string(),
  percent: z.number().nullable(),
  amount: z.object({ amount: z.number(), currency: z.string() }).nullable(),
  reason: z.string(),
  responsibility: z.object({ party: z.enum(RESPONSIBLE_PARTIES), note: z.string().nullable() }),
  ...approvalFields(DISCOUNT_STATUSES),
});

const ListQuery = PageQuery.extend({ status: z.enum(DISCOUNT_STATUSES).optional() });

const NoteBody = z.strictObject({
  kind: z.enum(NOTE_KINDS).describe('`industry` (行业动态) or `promotion` (内部推广记录)'),
  notedOn: z.iso.date().optional().describe("The date the note is about; default the company's today"),
  title: text(300),
  body: text(20_000).nullish(),
});
export const NoteSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  kind: z.enum(NOTE_KINDS),
  notedOn: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});

/** The approvers' queue of discounts across customers; mounted before `/:id`. */
export function discountQueueRoutes(router: KehuRouter, kernel: ArchiveKernel): void {
  router.get(
    '/discounts',
    {
      summary: 'Discount requests: every one for approvers, your own otherwise; newest first',
      access: 'customers.read',
      customer: false,
      query: ListQuery,
      responses: { 200: pageOf(DiscountSchema) },
    },
    async (c, { query, principal }) =>
      c.json(await kernel.discounts.list(principal, { status: query.status }, query)),
  );
}

/** `/customers/:id/discounts` (折价审批) and `/customers/:id/notes` (行业动态, 内部推广记录). */
export function discountNoteRoutes(router: KehuRouter, kernel: ArchiveKernel): void {
  const { discounts, notes } = kernel;

  router.get(
    '/:id/discounts',
    {
      summary: "A customer's discount requests and decisions, newest first",
      access: 'customers.read',
      customer: { param: 'id', access: 'see' },
      params: CustomerParams,
      responses: { 200: z.object({ items: z.array(DiscountSchema) }) },
    },
    async (c, { params }) => c.json({ items: await discounts.ofCustomer(params.id) }),
  );

  router.post(
    '/:id/discounts',
    {
      summary: 'Ask for a discount: it waits for a manager other than you to approve it',
      description:
        'Give exactly one of `percent` and `amount`. Every holder of `customers.discounts.decide` but the requester gets an approval activity.',
      access: 'customers.update',
      customer: { param: 'id', access: 'change' },
      params: CustomerParams,
      body: DiscountBody,
      responses: { 201: DiscountSchema },
    },
    async (c, { params, body, principal }) => {
      if ((body.percent === undefined) === (body.amount === undefined))
        throw badRequest('percent_or_amount', 'Give the discount as either `percent` or `amount`', [
          { path: 'body.percent', message: 'Exactly one of percent and amount' },
        ]);
      return c.json(await discounts.request(principal, params.id, body), 201);
    },
  );

  router.post(
    '/:id/discounts/:discountId/approve',
    {
      summary: 'Approve a discount (not your own request: 403 `own_request`)',
      access: 'customers.discounts.decide',
      customer: { param: 'id', access: 'see' },
      params: DiscountParams,
      body: ApprovalNoteBody,
      responses: { 200: DiscountSchema },
    },
    async (c, { params, body, principal }) =>
      c.json(await discounts.approve(principal, params.id, params.discountId, body?.note)),
  );

  router.post(
    '/:id/discounts/:discountId/reject',
    {
      summary: 'Reject a discount, with a note (not your own request)',
      access: 'customers.discounts.decide',
      customer: { param: 'id', access: 'see' },
      params: DiscountParams,
      body: RejectionNoteBody,
      responses: { 200: DiscountSchema },
    },
    async (c, { params, body, principal }) =>
      c.json(await discounts.reject(principal, params.id, params.discountId, body.note)),
  );

  router.post(
    '/:id/discounts/:discountId/withdraw',
    {
      summary: 'Withdraw your own pending discount request',
      access: 'customers.read',
      customer: { param: 'id', access: 'see' },
      params: DiscountParams,
      responses: { 200: DiscountSchema },
    },
    async (c, { params, principal }) =>
      c.json(await discounts.withdraw(principal, params.id, params.discountId)),
  );

  router.get(
    '/:id/notes',
    {
      summary: "A customer's industry notes and internal promotion records, newest date first",
      access: 'customers.read',
      customer: { param: 'id', access: 'see' },
      params: CustomerParams,
      query: z.object({ kind: z.enum(NOTE_KINDS).optional() }),
      responses: { 200: z.object({ items: z.array(NoteSchema) }) },
    },
    async (c, { params, query }) => c.json({ items: await notes.list(params.id, query.kind) }),
  );

  router.post(
    '/:id/notes',
    {
      summary: 'File an industry note or an internal promotion record (an addition: any employee)',
      access: 'customers.communicate',
      customer: { param: 'id', access: 'see' },
      params: CustomerParams,
      body: NoteBody,
      responses: { 201: NoteSchema },
    },
    async (c, { params, body, principal }) => c.json(await notes.add(principal, params.id, body), 201),
  );
}
