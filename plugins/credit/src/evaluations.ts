import {
  type AuditLog,
  assertNotOwnRequest,
  type CompanyClock,
  conflict,
  type Insertable,
  newId,
  type PluginHooks,
  type Principal,
  ProblemError,
  type Selectable,
  z,
} from '@kehu/core';
import type { ApprovalActivities } from './activities.js';
import { Score, Timestamp } from './fields.js';
import { gradeForScore, lowerGrade } from './grades.js';
import type { CreditHistory } from './history.js';
import type { Investigations } from './investigations.js';
import type { PolicyStore } from './policy-store.js';
import { daysFromToday, type ProfileRow, type Profiles } from './profiles.js';
import { FactorScoreSchema, matchScores, totalScore } from './scoring.js';
import type { CreditEvaluationTable, CreditExecutor, CreditTrx } from './tables.js';

export const EvaluationStatusSchema = z.enum(['pending', 'approved', 'rejected', 'superseded']);
export type EvaluationStatus = z.output<typeof EvaluationStatusSchema>;
/** `scoring`: a scored evaluation by a person; `write_off`: a downgrade proposed after a bad debt. */
export const EvaluationOriginSchema = z.enum(['scoring', 'write_off']);
export type EvaluationOrigin = z.output<typeof EvaluationOriginSchema>;

export const EvaluationSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  origin: EvaluationOriginSchema,
  /** The invoice behind a write-off downgrade. */
  sourceRef: z.string().nullable(),
  /** Factor scores with the weights in force when scored; null for a downgrade. */
  factors: z.array(FactorScoreSchema).nullable().describe('Null for a downgrade after a write-off'),
  score: Score.nullable(),
  proposedGrade: z.string(),
  previousGrade: z.string().nullable(),
  status: EvaluationStatusSchema,
  note: z.string().nullable(),
  investigationIds: z.array(z.string()),
  createdBy: z.string().nullable(),
  createdAt: Timestamp,
  decidedBy: z.string().nullable(),
  decidedAt: Timestamp.nullable(),
  decisionNote: z.string().nullable(),
});
z.globalRegistry.add(EvaluationSchema, { id: 'CreditEvaluation' });
export type Evaluation = z.output<typeof EvaluationSchema>;

export const toEvaluation = (r: Selectable<CreditEvaluationTable>): Evaluation => ({
  id: r.id,
  customerId: r.customer_id,
  origin: r.origin,
  sourceRef: r.source_ref,
  factors: r.factors ? JSON.parse(r.factors) : null,
  score: r.score === null ? null : Number(r.score),
  proposedGrade: r.proposed_grade,
  previousGrade: r.previous_grade,
  status: r.status,
  note: r.note,
  investigationIds: JSON.parse(r.investigation_ids),
  createdBy: r.created_by,
  createdAt: r.created_at,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  decisionNote: r.decision_note,
});

/**
 * Evaluations: scored with the policy's model, graded by its thresholds, and current only once a
 * credit manager other than the author approves them. Every evaluation stays as history.
 */
export class Evaluations {
  constructor(
    private readonly deps: {
      clock: CompanyClock;
      hooks: PluginHooks;
      audit: AuditLog;
      history: CreditHistory;
      profiles: Profiles;
      policies: PolicyStore;
      investigations: Investigations;
      approvals: ApprovalActivities;
      currency: string;
      defaultMaxTermDays: number;
      reviewIntervalDays: number;
    },
  ) {}

  async get(trx: CreditExecutor, id: string): Promise<Evaluation | undefined> {
    const r = await trx.selectFrom('credit_evaluation').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toEvaluation(r) : undefined;
  }

  async list(trx: CreditExecutor, customerId: string): Promise<Evaluation[]> {
    const rows = await trx
      .selectFrom('credit_evaluation')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('id', 'desc')
      .limit(500)
      .execute();
    return rows.map(toEvaluation);
  }

  async create(
    trx: CreditTrx,
    principal: Principal,
    input: {
      customerId: string;
      scores: Record<string, number>;
      note?: string | null | undefined;
      investigationIds?: string[] | undefined;
    },
  ): Promise<Evaluation> {
    const policy = await this.deps.policies.current(trx);
    const { scores, missing, unknown } = matchScores(policy.factors, input.scores);
    if (missing.length > 0 || unknown.length > 0) {
      throw new ProblemError({
        status: 422,
        code: 'scores_do_not_match_model',
        detail: `Score exactly the model's factors: ${policy.factors.map((f) => f.key).join(', ')}`,
        errors: [
          ...missing.map((k) => ({ path: `body.scores.${k}`, message: 'Missing score for this factor' })),
          ...unknown.map((k) => ({
            path: `body.scores.${k}`,
            message: 'The scoring model has no such factor',
          })),
        ],
      });
    }
    const investigationIds = input.investigationIds ?? [];
    const foreign = await this.deps.investigations.foreign(trx, input.customerId, investigationIds);
    if (foreign.length > 0) {
      throw new ProblemError({
        status: 422,
        code: 'unknown_investigation',
        detail: `Not investigations of this customer: ${foreign.join(', ')}`,
        errors: foreign.map((id) => ({
          path: 'body.investigationIds',
          message: `Unknown investigation ${id}`,
        })),
      });
    }
    const score = totalScore(scores);
    const profile = await this.deps.profiles.get(trx, input.customerId);
    const evaluation = await this.insert(trx, {
      customerId: input.customerId,
      origin: 'scoring',
      sourceRef: null,
      factors: scores,
      score,
      proposedGrade: gradeForScore(score, policy.grades),
      previousGrade: profile?.grade ?? null,
      note: input.note ?? null,
      investigationIds,
      createdBy: principal.id,
    });
    await this.deps.audit.record(trx, {
      entityType: 'credit_evaluation',
      entityId: evaluation.id,
      customerId: evaluation.customerId,
      action: 'create',
      actor: principal,
      changes: {
        score: { from: null, to: score },
        proposedGrade: { from: null, to: evaluation.proposedGrade },
      },
    });
    return evaluation;
  }

  /**
   * A bad debt was written off: propose lowering the grade by `steps`, for a credit manager to approve.
   * One proposal per invoice; nothing when the customer has no grade yet.
   */
  async proposeDowngrade(
    trx: CreditTrx,
    customerId: string,
    invoiceId: string,
    steps: number,
    note: string,
  ): Promise<Evaluation | undefined> {
    const profile = await this.deps.profiles.get(trx, customerId);
    if (!profile?.grade) return undefined;
    const exists = await trx
      .selectFrom('credit_evaluation')
      .select('id')
      .where('customer_id', '=', customerId)
      .where('origin', '=', 'write_off')
      .where('source_ref', '=', invoiceId)
      .executeTakeFirst();
    if (exists) return undefined;
    const policy = await this.deps.policies.current(trx);
    const evaluation = await this.insert(trx, {
      customerId,
      origin: 'write_off',
      sourceRef: invoiceId,
      factors: null,
      score: null,
      proposedGrade: lowerGrade(profile.grade, steps, policy.grades),
      previousGrade: profile.grade,
      note,
      investigationIds: [],
      createdBy: null,
    });
    await this.deps.audit.record(trx, {
      entityType: 'credit_evaluation',
      entityId: evaluation.id,
      customerId,
      action: 'propose_downgrade',
      actor: null,
      reason: note,
      changes: { proposedGrade: { from: profile.grade, to: evaluation.proposedGrade } },
    });
    return evaluation;
  }

  private async insert(
    trx: CreditTrx,
    e: Omit<Evaluation, 'id' | 'status' | 'createdAt' | 'decidedBy' | 'decidedAt' | 'decisionNote'>,
  ): Promise<Evaluation> {
    const row = {
      id: newId(),
      customer_id: e.customerId,
      origin: e.origin,
      source_ref: e.sourceRef,
      factors: e.factors ? JSON.stringify(e.factors) : null,
      score: e.score,
      proposed_grade: e.proposedGrade,
      previous_grade: e.previousGrade,
      status: 'pending',
      note: e.note,
      investigation_ids: JSON.stringify(e.investigationIds),
      created_by: e.createdBy,
      created_at: this.deps.clock.now().toISOString(),
      decided_by: null,
      decided_at: null,
      decision_note: null,
    } satisfies Insertable<CreditEvaluationTable>;
    await trx.insertInto('credit_evaluation').values(row).execute();
    const evaluation = toEvaluation(row);
    const what =
      e.origin === 'write_off'
        ? `Downgrade to ${e.proposedGrade} proposed after a bad-debt write-off`
        : `Credit evaluation submitted: score ${e.score}, grade ${e.proposedGrade}`;
    await this.deps.history.add(trx, e.customerId, 'credit.evaluation.submitted', what, {
      evaluationId: evaluation.id,
      origin: e.origin,
      score: e.score,
      proposedGrade: e.proposedGrade,
      previousGrade: e.previousGrade,
    });
    await this.deps.hooks.emit(trx, 'credit.evaluationSubmitted', {
      evaluationId: evaluation.id,
      customerId: e.customerId,
      origin: e.origin,
      proposedGrade: e.proposedGrade,
      previousGrade: e.previousGrade,
      score: e.score,
    });
    await this.deps.approvals.open(trx, {
      linkType: 'credit_evaluation',
      id: evaluation.id,
      customerId: e.customerId,
      permission: 'credit.evaluations.approve',
      subject:
        e.origin === 'write_off'
          ? `信用评估审批：坏账核销后建议降级至 ${e.proposedGrade}`
          : `信用评估审批：评分 ${e.score}，建议等级 ${e.proposedGrade}`,
      requestedBy: e.createdBy,
      data: {
        origin: e.origin,
        score: e.score,
        proposedGrade: e.proposedGrade,
        previousGrade: e.previousGrade,
      },
    });
    return evaluation;
  }

  /** Makes the evaluation the customer's current grade; opens a profile when there is none. */
  async approve(
    trx: CreditTrx,
    principal: Principal,
    evaluation: Evaluation,
    note: string | null,
  ): Promise<{ evaluation: Evaluation; profile: ProfileRow }> {
    if (evaluation.status !== 'pending')
      throw conflict(
        'not_pending',
        `Evaluation ${evaluation.id} has already been decided (${evaluation.status})`,
      );
    assertNotOwnRequest(evaluation.createdBy, principal.id, 'evaluation');
    const now = this.deps.clock.now().toISOString();
    const decided = await this.decide(trx, principal, evaluation, 'approved', note);

    const { profiles } = this.deps;
    const current =
      (await profiles.lock(trx, evaluation.customerId)) ??
      (await profiles.create(trx, {
        customerId: evaluation.customerId,
        currency: this.deps.currency,
        maxTermDays: this.deps.defaultMaxTermDays,
        nextReviewDate: null,
      }));
    const nextReviewDate = daysFromToday(this.deps.clock, this.deps.reviewIntervalDays);
    const patch = {
      grade: evaluation.proposedGrade,
      ...(evaluation.score !== null ? { score: evaluation.score } : {}),
      evaluatedAt: now,
      nextReviewDate,
    };
    const profile = await profiles.update(trx, current, patch);
    if (!profile) throw conflict('version_conflict', 'The credit profile changed meanwhile; try again');

    // A newer decision makes older proposals moot.
    const moot = await trx
      .selectFrom('credit_evaluation')
      .select('id')
      .where('customer_id', '=', evaluation.customerId)
      .where('status', '=', 'pending')
      .execute();
    for (const m of moot)
      await this.deps.approvals.close(trx, 'credit_evaluation', m.id, 'superseded', principal.id);
    await trx
      .updateTable('credit_evaluation')
      .set({ status: 'superseded', decided_at: now, decision_note: `superseded by ${evaluation.id}` })
      .where('customer_id', '=', evaluation.customerId)
      .where('status', '=', 'pending')
      .execute();

    await this.deps.audit.record(trx, {
      entityType: 'credit_evaluation',
      entityId: evaluation.id,
      customerId: evaluation.customerId,
      action: 'approve',
      actor: principal,
      reason: note,
    });
    await this.deps.audit.record(trx, {
      entityType: 'credit_profile',
      entityId: evaluation.customerId,
      customerId: evaluation.customerId,
      action: 'grade',
      actor: principal,
      reason: note,
      changes: {
        grade: { from: current.grade, to: profile.grade },
        score: { from: current.score, to: profile.score },
        nextReviewDate: { from: current.nextReviewDate, to: nextReviewDate },
      },
    });
    await this.deps.history.add(
      trx,
      evaluation.customerId,
      'credit.evaluation.approved',
      current.grade === profile.grade
        ? `Credit evaluation approved: grade ${profile.grade} confirmed`
        : `Credit grade changed from ${current.grade ?? 'none'} to ${profile.grade}`,
      {
        evaluationId: evaluation.id,
        from: current.grade,
        to: profile.grade,
        score: profile.score,
        approvedBy: principal.id,
      },
    );
    if (current.grade !== profile.grade) {
      await this.deps.hooks.emit(trx, 'credit.gradeChanged', {
        customerId: evaluation.customerId,
        from: current.grade,
        to: profile.grade!,
        score: profile.score,
        evaluationId: evaluation.id,
        approvedBy: principal.id,
        at: now,
      });
    }
    return { evaluation: decided, profile };
  }

  async reject(
    trx: CreditTrx,
    principal: Principal,
    evaluation: Evaluation,
    note: string | null,
  ): Promise<Evaluation> {
    if (evaluation.status !== 'pending')
      throw conflict(
        'not_pending',
        `Evaluation ${evaluation.id} has already been decided (${evaluation.status})`,
      );
    const decided = await this.decide(trx, principal, evaluation, 'rejected', note);
    await this.deps.audit.record(trx, {
      entityType: 'credit_evaluation',
      entityId: evaluation.id,
      customerId: evaluation.customerId,
      action: 'reject',
      actor: principal,
      reason: note,
    });
    await this.deps.history.add(
      trx,
      evaluation.customerId,
      'credit.evaluation.rejected',
      `Credit evaluation rejected (proposed grade ${evaluation.proposedGrade})`,
      { evaluationId: evaluation.id, note },
    );
    return decided;
  }

  private async decide(
    trx: CreditTrx,
    principal: Principal,
    evaluation: Evaluation,
    status: EvaluationStatus,
    note: string | null,
  ): Promise<Evaluation> {
    const now = this.deps.clock.now().toISOString();
    const res = await trx
      .updateTable('credit_evaluation')
      .set({ status, decided_by: principal.id, decided_at: now, decision_note: note })
      .where('id', '=', evaluation.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0)
      throw conflict('not_pending', `Evaluation ${evaluation.id} has already been decided`);
    await this.deps.approvals.close(trx, 'credit_evaluation', evaluation.id, status, principal.id);
    return { ...evaluation, status, decidedBy: principal.id, decidedAt: now, decisionNote: note };
  }
}
