import { conflict, ProblemError, z } from '@kehu/core';
import { LabelsSchema } from '../fields.js';
import { GRADE_LABELS, GradePolicySchema } from '../grades.js';
import { P } from '../permissions.js';
import { OtherCurrencyCeilingsInput, otherCurrencyProblems, policyProblems } from '../policy.js';
import { StoredPolicySchema } from '../policy-store.js';
import type { CreditRuntime } from '../runtime.js';
import { ScoringFactorSchema } from '../scoring.js';

/** The policy in force as `GET /policy` answers it: with the labels of the scale's grades. */
const CreditPolicySchema = StoredPolicySchema.extend({ gradeLabels: z.record(z.string(), LabelsSchema) });
z.globalRegistry.add(CreditPolicySchema, { id: 'CreditPolicy' });

/** The credit policy: grades, thresholds and the scoring model. */
export function policyRoutes(rt: CreditRuntime): void {
  const { ctx, db, policies } = rt;
  const { router } = ctx;

  router.get(
    '/policy',
    {
      summary: 'Grade scale, policy per grade, score thresholds and the scoring model',
      access: P.read,
      responses: { 200: CreditPolicySchema },
      tags: ['credit'],
    },
    async (c) => {
      const policy = await policies.current(db);
      return c.json({ ...policy, gradeLabels: GRADE_LABELS[policy.scale] });
    },
  );

  router.put(
    '/policy',
    {
      summary:
        'Replace the grade policies, the scoring model (weights must sum to 1) and the ceilings in other currencies',
      access: P.managePolicy,
      customer: false,
      body: z.strictObject({
        grades: z.array(GradePolicySchema).min(1).max(20),
        factors: z.array(ScoringFactorSchema).max(20),
        /** Left out: the ceilings in other currencies stay as they are. */
        otherCurrencies: OtherCurrencyCeilingsInput.optional(),
        version: z.number().int().min(0),
      }),
      responses: { 200: CreditPolicySchema },
      tags: ['credit'],
    },
    async (c, { body, principal }) => {
      const updated = await ctx.transaction(async (trx) => {
        const current = await policies.current(trx);
        const next = {
          grades: body.grades,
          factors: body.factors,
          otherCurrencies: body.otherCurrencies ?? current.otherCurrencies,
        };
        const problems = [
          ...policyProblems({ scale: current.scale, ...next }, 'body.'),
          ...(body.otherCurrencies ? otherCurrencyProblems({ ...current, ...next }, 'body.') : []),
        ];
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
          !(await policies.replace(trx, next, principal.id, current.version))
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
            ...(body.otherCurrencies
              ? { otherCurrencies: { from: current.otherCurrencies, to: body.otherCurrencies } }
              : {}),
          },
        });
        return policies.current(trx);
      });
      return c.json({ ...updated, gradeLabels: GRADE_LABELS[updated.scale] });
    },
  );
}
