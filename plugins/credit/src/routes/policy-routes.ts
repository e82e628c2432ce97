import { conflict, keysetPage, listQuery, ProblemError, z } from '@kehu/core';
import { GRADE_LABELS } from '../grades.js';
import { P } from '../permissions.js';
import { GradePolicySchema, policyProblems, ScoringFactorSchema } from '../policy.js';
import type { CreditRuntime } from '../runtime.js';
import { CreditPolicySchema, ReviewDuePageSchema } from './response-schemas.js';

/** The credit policy (grades, thresholds, scoring model) and the review queue. */
export function policyRoutes(rt: CreditRuntime): void {
  const { ctx, policies } = rt;
  const { router, customers } = ctx;

  router.get(
    '/policy',
    {
      summary: 'Grade scale, policy per grade, score thresholds and the scoring model',
      access: P.read,
      responses: { 200: CreditPolicySchema },
      tags: ['credit'],
    },
    async (c) => {
      const policy = await policies.current(ctx.db);
      return c.json({ ...policy, gradeLabels: GRADE_LABELS[policy.scale] });
    },
  );

  router.put(
    '/policy',
    {
      summary: 'Replace the grade policies and the scoring model (weights must sum to 1)',
      access: P.managePolicy,
      customer: false,
      body: z.strictObject({
        grades: z.array(GradePolicySchema).min(1).max(20),
        factors: z.array(ScoringFactorSchema).max(20),
        version: z.number().int().min(0),
      }),
      responses: { 200: CreditPolicySchema },
      tags: ['credit'],
    },
    async (c, { body, principal }) => {
      const updated = await ctx.transaction(async (trx) => {
        const current = await policies.current(trx);
        const problems = policyProblems(
          { scale: current.scale, grades: body.grades, factors: body.factors },
          'body.',
        );
        if (problems.length > 0) {
          throw new ProblemError({
            status: 422,
            code: problems[0]!.code ?? 'invalid_policy',
            detail: problems.map((p) => p.message).join('; '),
            errors: problems,
          });
        }
        if (
          body.version !== current.version ||
          !(await policies.replace(trx, body, principal.id, current.version))
        ) {
          throw conflict(
            'version_conflict',
            `The policy is at version ${current.version}, not ${body.version}`,
            { version: current.version },
          );
        }
        await ctx.audit.record(trx, {
          entityType: 'credit_policy',
          entityId: 'current',
          action: 'update',
          actor: principal,
          changes: {
            grades: { from: current.grades, to: body.grades },
            factors: { from: current.factors, to: body.factors },
          },
        });
        return policies.current(trx);
      });
      return c.json({ ...updated, gradeLabels: GRADE_LABELS[updated.scale] });
    },
  );

  router.get(
    '/reviews/due',
    {
      summary: 'Visible customers whose credit review date has come',
      access: P.read,
      query: listQuery({}, { defaultLimit: 100 }),
      responses: { 200: ReviewDuePageSchema },
      tags: ['credit'],
    },
    async (c, { query, principal }) => {
      const q = ctx.db
        .selectFrom('credit_profile as p')
        .select(['p.customer_id', 'p.grade', 'p.next_review_date'])
        .where(customers.rowsOfCustomers('p.customer_id', { visibleTo: principal }))
        .where('p.next_review_date', '<=', ctx.clock.today());
      const { items: rows, nextCursor } = await keysetPage(q, query, {
        order: ['p.next_review_date', 'p.customer_id'],
      });
      const named = await customers.summaries(rows.map((r) => r.customer_id as string));
      return c.json({
        // A customer deleted between the two reads drops out, as it would have from a join.
        items: rows.flatMap((r) => {
          const customer = named.get(r.customer_id as string);
          if (!customer || customer.deleted) return [];
          return [
            {
              customerId: r.customer_id,
              name: customer.name,
              grade: r.grade,
              nextReviewDate: r.next_review_date,
            },
          ];
        }),
        nextCursor,
      });
    },
  );
}
