import { type Executor, newId, ProblemError, type Trx } from '@kehu/core';
import { type Deps, nowIso, parseJson } from './context.js';
import { type IndicatorSystem, loadSystem } from './indicator-systems.js';
import { hashToken } from './invitations.js';
import { npsCategory } from './math/scores.js';
import { stateConflict } from './problems.js';
import {
  type AnswerInput,
  checkAnswers,
  isAnswered,
  type Questionnaire,
  requireQuestionnaire,
  type StoredAnswer,
} from './questionnaires.js';
import { recordCell } from './score-cells.js';
import { lowScoreReasons, type ResponseScores, scoreResponse } from './scoring.js';

const gone = (code: string, detail: string) => new ProblemError({ status: 410, code, detail });
const unknownLink = () =>
  new ProblemError({ status: 404, code: 'unknown_invitation', detail: 'This survey link is not valid' });

/** The invitation a token opens; 404 for an unknown token, 410 once expired or opted out. */
export async function invitationByToken(_deps: Deps, db: Executor, token: string) {
  const hash = hashToken(token);
  const row =
    (await db.selectFrom('sat_invitation').selectAll().where('token_hash', '=', hash).executeTakeFirst()) ??
    (await db
      .selectFrom('sat_invitation_token as t')
      .innerJoin('sat_invitation as i', 'i.id', 't.invitation_id')
      .selectAll('i')
      .where('t.token_hash', '=', hash)
      .executeTakeFirst());
  if (!row) throw unknownLink();
  return row;
}

function requireOpen(deps: Deps, inv: Record<string, any>) {
  if (inv.status === 'submitted')
    throw stateConflict('already_submitted', 'This survey has already been answered; thank you', {
      submittedAt: inv.submitted_at,
    });
  if (inv.status === 'opted_out') throw gone('opted_out', 'You have opted out of our surveys');
  if (inv.status === 'expired' || inv.expires_at <= nowIso(deps))
    throw gone('invitation_expired', 'This survey link has expired');
}

export interface SurveyView {
  status: string;
  lang: string;
  expiresAt: string;
  questionnaire: Questionnaire;
  answers: AnswerInput[];
}

const toInput = (a: StoredAnswer, q: Questionnaire): AnswerInput => {
  const type = q.questions.find((x) => x.id === a.questionId)?.type;
  const value =
    type === 'servqual' && a.value !== null
      ? { expectation: a.expectation!, perception: a.value }
      : type === 'single'
        ? (a.choices?.[0] ?? null)
        : type === 'multiple'
          ? a.choices
          : type === 'text'
            ? a.text
            : a.value;
  return { questionId: a.questionId, value };
};

async function storedAnswers(db: Executor, responseId: string): Promise<StoredAnswer[]> {
  const rows = await db.selectFrom('sat_answer').selectAll().where('response_id', '=', responseId).execute();
  return rows.map((r) => ({
    questionId: r.question_id,
    value: r.value == null ? null : Number(r.value),
    expectation: r.expectation == null ? null : Number(r.expectation),
    choices: parseJson(r.choices, null),
    text: r.text ?? null,
  }));
}

/** The first open of a link (or a save without one) moves the invitation from sent to opened. */
async function markOpened(deps: Deps, trx: Trx, inv: Record<string, any>): Promise<void> {
  if (inv.status !== 'sent') return;
  await trx
    .updateTable('sat_invitation')
    .set({ status: 'opened', opened_at: nowIso(deps) })
    .where('id', '=', inv.id)
    .execute();
}

/** Opens the survey behind a link: the questionnaire and any answers saved so far. */
export async function openSurvey(deps: Deps, token: string): Promise<SurveyView> {
  return deps.transaction(async (trx) => {
    const inv = await invitationByToken(deps, trx, token);
    requireOpen(deps, inv);
    await markOpened(deps, trx, inv);
    const campaign = await trx
      .selectFrom('sat_campaign')
      .select('questionnaire_id')
      .where('id', '=', inv.campaign_id)
      .executeTakeFirstOrThrow();
    const questionnaire = await requireQuestionnaire(trx, campaign.questionnaire_id);
    const response = await trx
      .selectFrom('sat_response')
      .select('id')
      .where('invitation_id', '=', inv.id)
      .executeTakeFirst();
    const answers = response ? await storedAnswers(trx, response.id) : [];
    return {
      status: inv.status === 'sent' ? 'opened' : inv.status,
      lang: inv.lang,
      expiresAt: inv.expires_at,
      questionnaire,
      answers: answers.map((a) => toInput(a, questionnaire)),
    };
  });
}

/** The response row of an invitation, created with the first saved answer; the questionnaire freezes then. */
async function responseFor(deps: Deps, trx: Trx, inv: Record<string, any>, questionnaire: Questionnaire) {
  const existing = await trx
    .selectFrom('sat_response')
    .selectAll()
    .where('invitation_id', '=', inv.id)
    .executeTakeFirst();
  if (existing) return existing;
  const row = {
    id: newId(),
    invitation_id: inv.id,
    campaign_id: inv.campaign_id,
    questionnaire_id: questionnaire.id,
    system_id: questionnaire.systemId,
    customer_id: inv.customer_id,
    contact_id: inv.contact_id,
    complaint_id: inv.complaint_id ?? null,
    status: 'partial',
    lang: inv.lang,
    started_at: nowIso(deps),
    submitted_at: null,
    submitted_on: null,
    csi: null,
    csat: null,
    nps: null,
    ces: null,
    low_reasons: null,
    seg_kind: null,
    seg_region: null,
    seg_owner: null,
    seg_tier: null,
  };
  await trx.insertInto('sat_response').values(row).execute();
  await trx
    .updateTable('sat_questionnaire')
    .set({ frozen_at: nowIso(deps) })
    .where('id', '=', questionnaire.id)
    .where('frozen_at', 'is', null)
    .execute();
  return row;
}

async function writeAnswers(trx: Trx, responseId: string, answers: readonly StoredAnswer[]) {
  for (const a of answers) {
    await trx
      .deleteFrom('sat_answer')
      .where('response_id', '=', responseId)
      .where('question_id', '=', a.questionId)
      .execute();
    await trx
      .insertInto('sat_answer')
      .values({
        response_id: responseId,
        question_id: a.questionId,
        value: a.value,
        expectation: a.expectation,
        choices: a.choices ? JSON.stringify(a.choices) : null,
        text: a.text,
      })
      .execute();
  }
}

async function lockedInvitation(deps: Deps, trx: Trx, token: string) {
  const found = await invitationByToken(deps, trx, token);
  // Serialises two submissions of one invitation on PostgreSQL (SQLite writes are serial already).
  if (deps.dialect === 'postgres')
    await trx.selectFrom('sat_invitation').select('id').where('id', '=', found.id).forUpdate().execute();
  const inv = await trx
    .selectFrom('sat_invitation')
    .selectAll()
    .where('id', '=', found.id)
    .executeTakeFirstOrThrow();
  requireOpen(deps, inv);
  const campaign = await trx
    .selectFrom('sat_campaign')
    .select('questionnaire_id')
    .where('id', '=', inv.campaign_id)
    .executeTakeFirstOrThrow();
  return { inv, questionnaire: await requireQuestionnaire(trx, campaign.questionnaire_id) };
}

/** Saves answers so far (any subset; required questions are checked on submit). */
export async function saveAnswers(deps: Deps, token: string, answers: readonly AnswerInput[]) {
  return deps.transaction(async (trx) => {
    const { inv, questionnaire } = await lockedInvitation(deps, trx, token);
    const checked = checkAnswers(questionnaire, answers);
    const response = await responseFor(deps, trx, inv, questionnaire);
    await writeAnswers(trx, response.id, checked);
    await markOpened(deps, trx, inv);
    const saved = await storedAnswers(trx, response.id);
    return {
      saved: saved.length,
      answered: saved.filter(isAnswered).length,
      questions: questionnaire.questions.length,
    };
  });
}

export interface SubmittedResponse {
  responseId: string;
  scores: ResponseScores;
  lowScore: string[];
}

/** Hooks the submission runs (low-score alerts, a complaint's return visit), set by the plugin. */
export interface SubmitEffects {
  segmentOf(
    trx: Trx,
    customerId: string,
  ): Promise<{ kind: string | null; region: string | null; owner: string | null; tier: string | null }>;
  afterSubmit(
    trx: Trx,
    submitted: SubmittedResponse & { customerId: string; complaintId: string | null; returnVisit: boolean },
  ): Promise<void>;
}

/** Submits the survey once: a second submission is a 409 problem. */
export async function submitSurvey(
  deps: Deps,
  effects: SubmitEffects,
  token: string,
  answers: readonly AnswerInput[],
): Promise<SubmittedResponse> {
  return deps.transaction(async (trx) => {
    const { inv, questionnaire } = await lockedInvitation(deps, trx, token);
    const checked = checkAnswers(questionnaire, answers);
    const response = await responseFor(deps, trx, inv, questionnaire);
    await writeAnswers(trx, response.id, checked);
    const all = await storedAnswers(trx, response.id);
    const answered = new Set(all.filter(isAnswered).map((a) => a.questionId));
    const missing = questionnaire.questions.filter((q) => q.required && !answered.has(q.id));
    if (missing.length > 0)
      throw new ProblemError({
        status: 422,
        code: 'answers_missing',
        detail: `${missing.length} required question(s) are not answered`,
        errors: missing.map((q) => ({ path: `answers.${q.id}`, message: 'Required' })),
        data: { questionIds: missing.map((q) => q.id) },
      });
    const system: IndicatorSystem | null = questionnaire.systemId
      ? ((await loadSystem(trx, questionnaire.systemId)) ?? null)
      : null;
    const scores = scoreResponse(questionnaire, system, all);
    const reasons = lowScoreReasons(scores, deps.config.lowScore);
    const segment = await effects.segmentOf(trx, inv.customer_id);
    const now = nowIso(deps);
    const today = deps.clock.today();
    const done = await trx
      .updateTable('sat_invitation')
      .set({ status: 'submitted', submitted_at: now })
      .where('id', '=', inv.id)
      .where('status', 'in', ['sent', 'opened'])
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0)
      throw stateConflict('already_submitted', 'This survey has already been answered; thank you');
    await trx
      .updateTable('sat_response')
      .set({
        status: 'submitted',
        submitted_at: now,
        submitted_on: today,
        csi: scores.csi,
        csat: scores.csat,
        nps: scores.nps,
        ces: scores.ces,
        low_reasons: reasons.length > 0 ? JSON.stringify(reasons) : null,
        seg_kind: segment.kind,
        seg_region: segment.region,
        seg_owner: segment.owner,
        seg_tier: segment.tier,
      })
      .where('id', '=', response.id)
      .execute();
    await recordCell(trx, {
      month: today.slice(0, 7),
      campaignId: inv.campaign_id,
      segment,
      scores,
      sign: 1,
    });
    await deps.hooks.emit(trx, 'satisfaction.responseSubmitted', {
      responseId: response.id,
      campaignId: inv.campaign_id,
      customerId: inv.customer_id,
      contactId: inv.contact_id,
      csi: scores.csi,
      csat: scores.csat,
      nps: scores.nps,
    });
    const submitted = { responseId: response.id, scores, lowScore: reasons };
    await effects.afterSubmit(trx, {
      ...submitted,
      customerId: inv.customer_id,
      complaintId: inv.complaint_id ?? null,
      returnVisit: Number(inv.return_visit) === 1,
    });
    return submitted;
  });
}

/** The contact behind the link asks not to be surveyed again: no campaign invites them any more. */
export async function optOut(deps: Deps, token: string): Promise<{ optedOut: true }> {
  return deps.transaction(async (trx) => {
    const inv = await invitationByToken(deps, trx, token);
    if (inv.status !== 'opted_out') {
      await trx
        .insertInto('sat_opt_out')
        .values({
          contact_id: inv.contact_id,
          customer_id: inv.customer_id,
          at: nowIso(deps),
          invitation_id: inv.id,
        })
        .onConflict((oc) => oc.column('contact_id').doNothing())
        .execute();
      await trx
        .updateTable('sat_invitation')
        .set({ status: 'opted_out' })
        .where('contact_id', '=', inv.contact_id)
        .where('status', 'in', ['sent', 'opened'])
        .execute();
    }
    return { optedOut: true as const };
  });
}

export const npsCategoryOf = (nps: number | null) => (nps === null ? null : npsCategory(nps));
