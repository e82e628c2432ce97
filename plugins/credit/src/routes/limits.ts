import { keysetPage, listQuery, pageOf, recordIn, whereEquals, z } from '@kehu/core';
import {
  Amount,
  Currency,
  CustomerParams,
  DecisionBody,
  Id,
  IdParams,
  Instant,
  PositiveAmount,
  Reason,
} from '../fields.js';
import {
  LIMIT_REQUEST_KINDS,
  type LimitRequest,
  LimitRequestSchema,
  REQUEST_STATUSES,
  toLimitRequest,
} from '../limits.js';
import { P } from '../permissions.js';
import type { CreditRuntime } from '../runtime.js';

/** `GET /customers/:customerId/limits`. */
const CustomerLimitsSchema = z.object({
  customerId: z.string(),
  currency: z.string().nullable().describe('Null without a profile'),
  fixedLimit: Amount.nullable().describe('As approved; null without a profile'),
  temporaryLimit: Amount.describe('Sum of the active temporary limits'),
  temporaryLimits: z.array(LimitRequestSchema),
  requests: z.array(LimitRequestSchema).describe('Every request for or from the customer, newest first'),
});
const LimitRequestPageSchema = pageOf(LimitRequestSchema);

const LimitRequestBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('fixed'), amount: Amount, currency: Currency, reason: Reason }),
  z.strictObject({
    kind: z.literal('temporary'),
    amount: PositiveAmount,
    currency: Currency,
    expiresAt: Instant,
    reason: Reason,
  }),
]);

/** Limit requests (fixed, temporary), transfers between customers, and their approval. */
export function limitRoutes(rt: CreditRuntime): void {
  const { ctx, db, limits, profiles } = rt;
  const { router, customers } = ctx;

  router.get(
    '/customers/:customerId/limits',
    {
      summary: "The customer's fixed limit, active temporary limits and every limit request",
      access: P.read,
      params: CustomerParams,
      responses: { 200: CustomerLimitsSchema },
      tags: ['credit'],
    },
    async (c, { params, principal }) => {
      await customers.requireVisible(principal, params.customerId);
      const profile = await profiles.get(db, params.customerId);
      const temporary = (await limits.activeTemporary(db, [params.customerId])).get(params.customerId);
      return c.json({
        customerId: params.customerId,
        currency: profile?.currency ?? null,
        fixedLimit: profile?.fixedLimit ?? null,
        temporaryLimit: temporary?.total ?? 0,
        temporaryLimits: temporary?.items ?? [],
        requests: await limits.listForCustomer(db, params.customerId),
      });
    },
  );

  router.post(
    '/customers/:customerId/limit-requests',
    {
      summary: 'Request a new fixed limit or a temporary extra limit',
      access: P.requestLimits,
      customer: { param: 'customerId', access: 'change' },
      params: CustomerParams,
      body: LimitRequestBody,
      responses: { 201: LimitRequestSchema },
      tags: ['credit'],
    },
    async (c, { params, body, principal }) => {
      const created = await ctx.transaction(async (trx) => {
        await customers.requireVisible(principal, params.customerId, trx);
        return limits.request(trx, principal, { ...body, customerId: params.customerId });
      });
      return c.json(created, 201);
    },
  );

  router.post(
    '/limit-transfers',
    {
      summary: 'Request moving fixed limit from one customer to another (one approval moves both)',
      access: P.requestLimits,
      customer: [
        { body: 'fromCustomerId', access: 'change' },
        { body: 'toCustomerId', access: 'change' },
      ],
      body: z.strictObject({
        fromCustomerId: Id,
        toCustomerId: Id,
        amount: PositiveAmount,
        currency: Currency,
        reason: Reason,
      }),
      responses: { 201: LimitRequestSchema },
      tags: ['credit'],
    },
    async (c, { body, principal }) => {
      const created = await ctx.transaction(async (trx) => {
        await customers.requireVisible(principal, body.fromCustomerId, trx);
        await customers.requireVisible(principal, body.toCustomerId, trx);
        return limits.request(trx, principal, {
          kind: 'transfer',
          fromCustomerId: body.fromCustomerId,
          customerId: body.toCustomerId,
          amount: body.amount,
          currency: body.currency,
          reason: body.reason,
        });
      });
      return c.json(created, 201);
    },
  );

  router.get(
    '/limit-requests',
    {
      summary: 'Limit requests across visible customers (status=pending for the approval queue)',
      access: P.read,
      query: listQuery(
        {
          status: z.enum(REQUEST_STATUSES).optional(),
          kind: z.enum(LIMIT_REQUEST_KINDS).optional(),
        },
        { maxLimit: 200 },
      ),
      responses: { 200: LimitRequestPageSchema },
      tags: ['credit'],
    },
    async (c, { query, principal }) => {
      let q = db
        .selectFrom('credit_limit_request as r')
        .selectAll('r')
        .where(customers.rowsOfCustomers('r.customer_id', { visibleTo: principal, withDeleted: true }));
      const fromVisible = customers.rowsVisibleTo(principal, 'r.from_customer_id');
      if (fromVisible) q = q.where((eb) => eb.or([eb('r.from_customer_id', 'is', null), fromVisible(eb)]));
      q = whereEquals(q, query, { status: 'r.status', kind: 'r.kind' });
      return c.json(await keysetPage(q, query, { order: ['-r.id'], map: toLimitRequest }));
    },
  );

  const decision = (action: 'approve' | 'reject') =>
    router.post(
      `/limit-requests/:id/${action}`,
      {
        summary: action === 'approve' ? 'Approve a limit request (not your own)' : 'Reject a limit request',
        access: P.approveLimits,
        customer: {
          param: 'id',
          access: 'change',
          record: recordIn(db, 'credit_limit_request', 'Limit request'),
        },
        params: IdParams,
        body: DecisionBody,
        responses: { 200: LimitRequestSchema },
        tags: ['credit'],
      },
      async (c, { params, body, principal }) => {
        const decided = await ctx.transaction(async (trx) => {
          const mayChange = async (request: LimitRequest) => {
            for (const id of [
              request.customerId,
              ...(request.fromCustomerId ? [request.fromCustomerId] : []),
            ])
              await customers.requireEditable(principal, id, trx);
          };
          return limits[action](trx, principal, params.id, body?.note ?? null, mayChange);
        });
        return c.json(decided);
      },
    );
  decision('approve');
  decision('reject');
}
