import {
  ApprovalFlow,
  type ApprovalFlowDeps,
  type ApprovalRequest,
  type AuditLog,
  type CompanyClock,
  conflict,
  decisionColumns,
  type Insertable,
  newId,
  type PluginActivities,
  type PluginHooks,
  type Principal,
  ProblemError,
  type Selectable,
  type Trx,
  z,
} from '@kehu/core';
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
      /** The kernel's parts the four-eyes flow writes through: audit, activities, clock. */
      approvals: ApprovalFlowDeps;
      activities: Pick<PluginActivities, 'openApproval' | 'closeFor'>;
      currency: string;
      defaultMaxTermDays: number;
      reviewIntervalDays: number;
    },
  ) {
    this.flow = new ApprovalFlow<EvaluationApproval>(deps.approvals, {
      type: 'credit_evaluation',
      noun: 'evaluation',
      permission: 'credit.evaluations.approve',
      rejectNeedsReason: false,
      load: async (trx, id) => {
        const evaluation = await this.get(trx, id);
        return (
          evaluation && {
            id: evaluation.id,
            customerId: evaluation.customerId,
            status: evaluation.status,
            requestedBy: evaluation.createdBy,
            evaluation,
          }
        );
      },
      save: (kernelTrx, approval, decision) => {
        const trx: CreditTrx = kernelTrx;
        const { status } = decision;
        // Credit offers no withdrawing and no deadline: an evaluation is approved, rejected or superseded.
        if (status !== 'approved' && status !== 'rejected')
          throw new Error(`An evaluation cannot become ${status}`);
        return trx
          .updateTable('credit_evaluation')
          .set({ ...decisionColumns(decision), status })
          .where('id', '=', approval.id)
          .where('status', '=', 'pending')
          .executeTakeFirst();
      },
    });
  }

  private readonly flow: ApprovalFlow<EvaluationApproval>;

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
    await this.flow.opened(trx, evaluation, {
      by: principal,
      action: 'create',
      changes: {
        score: { from: null, to: score },
        proposedGrade: { from: null, to: evaluation.proposedGrade },
      },
      subject: approvalSubject(evaluation),
      data: approvalData(evaluation),
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
    // Nobody asked for it, so it is not the flow's `opened` (which names a requester).
    await this.deps.activities.openApproval(trx, {
      link: { type: 'credit_evaluation', id: evaluation.id },
      customerId,
      permission: 'credit.evaluations.approve',
      subject: approvalSubject(evaluation),
      requestedBy: null,
      data: approvalData(evaluation),
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
    return evaluation;
  }

  /**
   * Approves a pending evaluation (not one's own): it becomes the customer's current grade (a profile
   * is opened when there is none) and older pending proposals are superseded.
   */
  async approve(
    trx: Trx,
    principal: Principal,
    id: string,
    note: string | null,
    authorize: (evaluation: Evaluation) => Promise<void>,
  ): Promise<{ evaluation: Evaluation; profile: ProfileRow }> {
    const { request, decision, applied } = await this.flow.approve(trx, id, {
      by: principal,
      note,
      authorize: (a) => authorize(a.evaluation),
      apply: (kernelTrx, a) => this.makeCurrent(kernelTrx, principal, a.evaluation, note),
    });
    return { evaluation: { ...request.evaluation, ...decision }, profile: applied };
  }

  private async makeCurrent(
    trx: CreditTrx,
    principal: Principal,
    evaluation: Evaluation,
    note: string | null,
  ): Promise<ProfileRow> {
    const now = this.deps.clock.now().toISOString();
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
      .where('id', '!=', evaluation.id)
      .execute();
    for (const m of moot)
      await this.deps.activities.closeFor(
        trx,
        { type: 'credit_evaluation', id: m.id },
        { by: principal.id, outcome: 'superseded', status: 'cancelled' },
      );
    await trx
      .updateTable('credit_evaluation')
      .set({ status: 'superseded', decided_at: now, decision_note: `superseded by ${evaluation.id}` })
      .where('customer_id', '=', evaluation.customerId)
      .where('status', '=', 'pending')
      .where('id', '!=', evaluation.id)
      .execute();

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
        to: evaluation.proposedGrade,
        score: profile.score,
        evaluationId: evaluation.id,
        approvedBy: principal.id,
        at: now,
      });
    }
    return profile;
  }

  /** Rejects a pending evaluation (not one's own); the grade stays as it is. */
  async reject(
    trx: Trx,
    principal: Principal,
    id: string,
    note: string | null,
    authorize: (evaluation: Evaluation) => Promise<void>,
  ): Promise<Evaluation> {
    const { request, decision } = await this.flow.reject(trx, id, {
      by: principal,
      note,
      authorize: (a) => authorize(a.evaluation),
    });
    const evaluation = request.evaluation;
    await this.deps.history.add(
      trx,
      evaluation.customerId,
      'credit.evaluation.rejected',
      `Credit evaluation rejected (proposed grade ${evaluation.proposedGrade})`,
      { evaluationId: evaluation.id, note },
    );
    return { ...evaluation, ...decision };
  }
}

/** What the four-eyes flow sees of an evaluation: its author is the requester. */
interface EvaluationApproval extends ApprovalRequest {
  evaluation: Evaluation;
}

const approvalSubject = (e: Evaluation): string =>
  e.origin === 'write_off'
    ? `信用评估审批：坏账核销后建议降级至 ${e.proposedGrade}`
    : `信用评估审批：评分 ${e.score}，建议等级 ${e.proposedGrade}`;

const approvalData = (e: Evaluation): Record<string, unknown> => ({
  origin: e.origin,
  score: e.score,
  proposedGrade: e.proposedGrade,
  previousGrade: e.previousGrade,
});
