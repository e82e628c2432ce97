import { keysetPage, listQuery, pageOf, recordIn, whereEquals, z } from '@kehu/core';
import { type Evaluation, EvaluationSchema, EvaluationStatusSchema, toEvaluation } from '../evaluations.js';
import { CustomerParams, DecisionBody, Id, IdParams, IsoDate, Score } from '../fields.js';
import { P } from '../permissions.js';
import type { CreditRuntime } from '../runtime.js';
import { customerRecordsRoute } from './customer-records.js';

const EvaluationApprovedSchema = z.object({
  evaluation: EvaluationSchema,
  profile: z
    .object({ grade: z.string(), score: Score.nullable(), nextReviewDate: IsoDate })
    .describe("The customer's credit after the approval"),
});
const EvaluationRejectedSchema = z.object({ evaluation: EvaluationSchema });
const EvaluationPageSchema = pageOf(EvaluationSchema);

/** Evaluations (scored with the policy's model) and their approval by a second credit manager. */
export function evaluationRoutes(rt: CreditRuntime): void {
  const { ctx, db, evaluations } = rt;
  const { router, customers } = ctx;

  customerRecordsRoute(rt, {
    path: 'evaluations',
    summary: "The customer's evaluations, newest first (full history)",
    item: EvaluationSchema,
    list: (customerId) => evaluations.list(db, customerId),
  });

  router.post(
    '/customers/:customerId/evaluations',
    {
      summary: 'Submit an evaluation: factor scores 0–100 → weighted total → proposed grade',
      access: P.evaluate,
      customer: { param: 'customerId', access: 'change' },
      params: CustomerParams,
      body: z.strictObject({
        scores: z.record(z.string().max(50), z.number().min(0).max(100)),
        note: z.string().trim().min(1).max(5000).nullish(),
        investigationIds: z.array(Id).max(50).optional(),
      }),
      responses: { 201: EvaluationSchema },
      tags: ['credit'],
    },
    async (c, { params, body, principal }) => {
      const created = await ctx.transaction(async (trx) => {
        await customers.requireVisible(principal, params.customerId, trx);
        return evaluations.create(trx, principal, { customerId: params.customerId, ...body });
      });
      return c.json(created, 201);
    },
  );

  router.get(
    '/evaluations',
    {
      summary: 'Evaluations across visible customers (e.g. status=pending for the approval queue)',
      access: P.read,
      query: listQuery({ status: EvaluationStatusSchema.optional() }, { maxLimit: 200 }),
      responses: { 200: EvaluationPageSchema },
      tags: ['credit'],
    },
    async (c, { query, principal }) => {
      const q = db
        .selectFrom('credit_evaluation as e')
        .selectAll('e')
        .where(customers.rowsOfCustomers('e.customer_id', { visibleTo: principal }));
      return c.json(
        await keysetPage(whereEquals(q, query, { status: 'e.status' }), query, {
          order: ['-e.id'],
          map: toEvaluation,
        }),
      );
    },
  );

  const decided = (action: 'approve' | 'reject') =>
    router.post(
      `/evaluations/:id/${action}`,
      {
        summary:
          action === 'approve' ? 'Approve: the proposed grade becomes current' : 'Reject an evaluation',
        access: P.approveEvaluations,
        customer: {
          param: 'id',
          access: 'change',
          record: recordIn(db, 'credit_evaluation', 'Evaluation'),
        },
        params: IdParams,
        body: DecisionBody,
        responses: { 200: action === 'approve' ? EvaluationApprovedSchema : EvaluationRejectedSchema },
        tags: ['credit'],
      },
      async (c, { params, body, principal }) => {
        const out = await ctx.transaction(async (trx) => {
          const visible = async (evaluation: Evaluation) => {
            await customers.requireVisible(principal, evaluation.customerId, trx);
          };
          if (action === 'reject')
            return {
              evaluation: await evaluations.reject(trx, principal, params.id, body?.note ?? null, visible),
            };
          const { evaluation: approved, profile } = await evaluations.approve(
            trx,
            principal,
            params.id,
            body?.note ?? null,
            visible,
          );
          return {
            evaluation: approved,
            profile: { grade: profile.grade, score: profile.score, nextReviewDate: profile.nextReviewDate },
          };
        });
        return c.json(out);
      },
    );
  decided('approve');
  decided('reject');
}
