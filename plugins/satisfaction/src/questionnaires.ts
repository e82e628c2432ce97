import { type Executor, newId, notFound, type Principal, type Trx, z } from '@kehu/core';
import { auditRecord } from './audit.js';
import { type Bilingual, type Deps, nowIso, parseJson } from './context.js';
import { requireSystem } from './indicator-systems.js';
import { fieldProblem, stateConflict } from './problems.js';

export const QUESTION_TYPES = [
  'rating',
  'nps',
  'csat',
  'ces',
  'servqual',
  'single',
  'multiple',
  'text',
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** Fixed scales of the standard measures; `rating` picks 1–5, 1–7 or 1–10, `servqual` 1–5 or 1–7. */
const FIXED_SCALE: Partial<Record<QuestionType, [number, number]>> = {
  nps: [0, 10],
  csat: [1, 5],
  ces: [1, 7],
};

const Text = z.strictObject({
  'zh-CN': z.string().trim().min(1).max(1000),
  en: z.string().trim().min(1).max(1000),
});
const IndicatorRef = z.string().min(1).max(64);
const base = { text: Text, required: z.boolean().default(true) };
const Option = z.strictObject({ value: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/), label: Text });

export const QuestionInput = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('rating'),
    ...base,
    scale: z.union([z.literal(5), z.literal(7), z.literal(10)]).default(5),
    indicatorId: IndicatorRef.optional(),
    /** The overall-satisfaction question validation correlates indicators with. */
    overall: z.boolean().default(false),
  }),
  z.strictObject({ type: z.literal('nps'), ...base }),
  z.strictObject({
    type: z.literal('csat'),
    ...base,
    indicatorId: IndicatorRef.optional(),
    overall: z.boolean().default(false),
  }),
  z.strictObject({ type: z.literal('ces'), ...base }),
  z.strictObject({
    type: z.literal('servqual'),
    ...base,
    scale: z.union([z.literal(5), z.literal(7)]).default(7),
    indicatorId: IndicatorRef,
  }),
  z.strictObject({ type: z.literal('single'), ...base, options: z.array(Option).min(2).max(30) }),
  z.strictObject({ type: z.literal('multiple'), ...base, options: z.array(Option).min(2).max(30) }),
  z.strictObject({ type: z.literal('text'), ...base }),
]);
export type QuestionInput = z.output<typeof QuestionInput>;

export const QuestionnaireInput = z.strictObject({
  title: Text,
  intro: Text.optional(),
  /** The indicator system version its rating questions are linked to. */
  systemId: z.string().min(1).max(64).nullable().optional(),
  questions: z.array(QuestionInput).min(1).max(100),
});
export type QuestionnaireInput = z.output<typeof QuestionnaireInput>;

export interface Question {
  id: string;
  position: number;
  type: QuestionType;
  text: Bilingual;
  required: boolean;
  indicatorId: string | null;
  scaleMin: number | null;
  scaleMax: number | null;
  options: { value: string; label: Bilingual }[] | null;
  overall: boolean;
}

export interface Questionnaire {
  id: string;
  familyId: string;
  version: number;
  title: Bilingual;
  intro: Bilingual | null;
  systemId: string | null;
  createdAt: string;
  frozen: boolean;
  questions: Question[];
}

const toQuestion = (r: Record<string, any>): Question => ({
  id: r.id,
  position: Number(r.position),
  type: r.type,
  text: JSON.parse(r.text),
  required: Number(r.required) === 1,
  indicatorId: r.indicator_id ?? null,
  scaleMin: r.scale_min == null ? null : Number(r.scale_min),
  scaleMax: r.scale_max == null ? null : Number(r.scale_max),
  options: parseJson(r.options, null),
  overall: Number(r.overall) === 1,
});

export async function loadQuestionnaire(db: Executor, id: string): Promise<Questionnaire | undefined> {
  const q = await db.selectFrom('sat_questionnaire').selectAll().where('id', '=', id).executeTakeFirst();
  if (!q) return undefined;
  const questions = await db
    .selectFrom('sat_question')
    .selectAll()
    .where('questionnaire_id', '=', id)
    .orderBy('position')
    .execute();
  return {
    id: q.id,
    familyId: q.family_id,
    version: Number(q.version),
    title: JSON.parse(q.title),
    intro: parseJson(q.intro, null),
    systemId: q.system_id ?? null,
    createdAt: q.created_at,
    frozen: q.frozen_at != null,
    questions: questions.map(toQuestion),
  };
}

export async function requireQuestionnaire(db: Executor, id: string): Promise<Questionnaire> {
  const q = await loadQuestionnaire(db, id);
  if (!q) throw notFound('Questionnaire', id);
  return q;
}

/** Indicators may be linked only within the questionnaire's system, and only leaves (they carry the weights CSI uses). */
async function checkLinks(trx: Executor, input: QuestionnaireInput): Promise<void> {
  const linked = input.questions
    .map((q, i) => ({ i, id: 'indicatorId' in q ? q.indicatorId : undefined }))
    .filter((x) => x.id !== undefined);
  if (linked.length === 0) return;
  if (!input.systemId)
    throw fieldProblem(
      422,
      'no_system',
      'Linking a question to an indicator needs `systemId`',
      'body.systemId',
    );
  const system = await requireSystem(trx, input.systemId).catch(() => {
    throw fieldProblem(
      422,
      'unknown_system',
      `Indicator system ${input.systemId} does not exist`,
      'body.systemId',
    );
  });
  for (const { i, id } of linked) {
    const ind = system.indicators.find((x) => x.id === id);
    if (!ind)
      throw fieldProblem(
        422,
        'unknown_indicator',
        `Indicator ${id} is not in this system`,
        `body.questions.${i}.indicatorId`,
      );
    if (!ind.leaf)
      throw fieldProblem(
        422,
        'indicator_not_leaf',
        `Link questions to the lowest level; ${ind.code} has indicators under it`,
        `body.questions.${i}.indicatorId`,
      );
  }
}

async function writeQuestions(trx: Trx, questionnaireId: string, questions: readonly QuestionInput[]) {
  await trx.deleteFrom('sat_question').where('questionnaire_id', '=', questionnaireId).execute();
  let position = 0;
  for (const q of questions) {
    const fixed = FIXED_SCALE[q.type];
    const scale = 'scale' in q ? ([1, q.scale] as [number, number]) : fixed;
    await trx
      .insertInto('sat_question')
      .values({
        id: newId(),
        questionnaire_id: questionnaireId,
        position: position++,
        type: q.type,
        text: JSON.stringify(q.text),
        required: q.required ? 1 : 0,
        indicator_id: 'indicatorId' in q ? (q.indicatorId ?? null) : null,
        scale_min: scale ? scale[0] : null,
        scale_max: scale ? scale[1] : null,
        options: 'options' in q ? JSON.stringify(q.options) : null,
        overall: 'overall' in q && q.overall ? 1 : 0,
      })
      .execute();
  }
}

export async function createQuestionnaire(deps: Deps, input: QuestionnaireInput, actor: Principal) {
  return deps.transaction(async (trx) => {
    await checkLinks(trx, input);
    const id = newId();
    await trx
      .insertInto('sat_questionnaire')
      .values({
        id,
        family_id: id,
        version: 1,
        title: JSON.stringify(input.title),
        intro: input.intro ? JSON.stringify(input.intro) : null,
        system_id: input.systemId ?? null,
        created_at: nowIso(deps),
        created_by: actor.id,
        frozen_at: null,
      })
      .execute();
    await writeQuestions(trx, id, input.questions);
    await auditRecord(deps, trx, 'questionnaire', id, 'create', actor);
    return requireQuestionnaire(trx, id);
  });
}

/** Replaces title and questions of a version nobody has answered yet. */
export async function replaceQuestionnaire(
  deps: Deps,
  id: string,
  input: QuestionnaireInput,
  actor: Principal,
) {
  return deps.transaction(async (trx) => {
    const before = await requireQuestionnaire(trx, id);
    if (before.frozen)
      throw stateConflict(
        'questionnaire_frozen',
        `Version ${before.version} has responses and is frozen; start a new version to change it`,
        { questionnaireId: id },
      );
    await checkLinks(trx, input);
    await trx
      .updateTable('sat_questionnaire')
      .set({
        title: JSON.stringify(input.title),
        intro: input.intro ? JSON.stringify(input.intro) : null,
        system_id: input.systemId ?? null,
      })
      .where('id', '=', id)
      .where('frozen_at', 'is', null)
      .execute();
    await writeQuestions(trx, id, input.questions);
    await auditRecord(deps, trx, 'questionnaire', id, 'update', actor);
    return requireQuestionnaire(trx, id);
  });
}

/** The next version of a questionnaire, a copy of `id` that can be edited. */
export async function newQuestionnaireVersion(deps: Deps, id: string, actor: Principal) {
  return deps.transaction(async (trx) => {
    const from = await requireQuestionnaire(trx, id);
    const last = await trx
      .selectFrom('sat_questionnaire')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('family_id', '=', from.familyId)
      .executeTakeFirstOrThrow();
    const next = newId();
    await trx
      .insertInto('sat_questionnaire')
      .values({
        id: next,
        family_id: from.familyId,
        version: Number(last.v) + 1,
        title: JSON.stringify(from.title),
        intro: from.intro ? JSON.stringify(from.intro) : null,
        system_id: from.systemId,
        created_at: nowIso(deps),
        created_by: actor.id,
        frozen_at: null,
      })
      .execute();
    await writeQuestions(trx, next, from.questions.map(toInput));
    await auditRecord(deps, trx, 'questionnaire', next, 'new_version', actor);
    return requireQuestionnaire(trx, next);
  });
}

const toInput = (q: Question): QuestionInput => {
  const common = { text: q.text, required: q.required };
  switch (q.type) {
    case 'rating':
      return {
        type: 'rating',
        ...common,
        scale: q.scaleMax as 5 | 7 | 10,
        overall: q.overall,
        ...(q.indicatorId ? { indicatorId: q.indicatorId } : {}),
      };
    case 'csat':
      return {
        type: 'csat',
        ...common,
        overall: q.overall,
        ...(q.indicatorId ? { indicatorId: q.indicatorId } : {}),
      };
    case 'servqual':
      return { type: 'servqual', ...common, scale: q.scaleMax as 5 | 7, indicatorId: q.indicatorId! };
    case 'single':
    case 'multiple':
      return { type: q.type, ...common, options: q.options! };
    default:
      return { type: q.type, ...common } as QuestionInput;
  }
};

export async function listQuestionnaires(db: Executor) {
  const rows = await db
    .selectFrom('sat_questionnaire')
    .selectAll()
    .orderBy('family_id')
    .orderBy('version', 'desc')
    .execute();
  return rows.map((q) => ({
    id: q.id,
    familyId: q.family_id,
    version: Number(q.version),
    title: JSON.parse(q.title) as Bilingual,
    systemId: q.system_id ?? null,
    frozen: q.frozen_at != null,
    createdAt: q.created_at,
  }));
}

/** An answer as a respondent sends it; `value: null` is a dismissed question ("not applicable"), not counted. */
export const AnswerInput = z.strictObject({
  questionId: z.string().min(1).max(64),
  value: z
    .union([
      z.number().finite(),
      z.string().max(5000),
      z.array(z.string().max(40)).max(30),
      z.strictObject({ expectation: z.number().finite(), perception: z.number().finite() }),
    ])
    .nullable(),
});
export type AnswerInput = z.output<typeof AnswerInput>;

export interface StoredAnswer {
  questionId: string;
  value: number | null;
  expectation: number | null;
  choices: string[] | null;
  text: string | null;
}

/** Checks each answer against its question; problems name `body.answers.<i>`. */
export function checkAnswers(q: Questionnaire, answers: readonly AnswerInput[]): StoredAnswer[] {
  const byId = new Map(q.questions.map((x) => [x.id, x]));
  const seen = new Set<string>();
  return answers.map((a, i) => {
    const path = `body.answers.${i}.value`;
    const question = byId.get(a.questionId);
    if (!question)
      throw fieldProblem(
        422,
        'unknown_question',
        `Question ${a.questionId} is not in this questionnaire`,
        `body.answers.${i}.questionId`,
      );
    if (seen.has(a.questionId))
      throw fieldProblem(
        422,
        'duplicate_answer',
        `Question ${a.questionId} is answered twice`,
        `body.answers.${i}.questionId`,
      );
    seen.add(a.questionId);
    const empty = { questionId: a.questionId, value: null, expectation: null, choices: null, text: null };
    if (a.value === null) return empty;
    const onScale = (v: unknown) =>
      typeof v === 'number' && Number.isInteger(v) && v >= question.scaleMin! && v <= question.scaleMax!;
    const scaleProblem = () =>
      fieldProblem(
        422,
        'invalid_answer',
        `A whole number from ${question.scaleMin} to ${question.scaleMax}`,
        path,
      );
    switch (question.type) {
      case 'rating':
      case 'nps':
      case 'csat':
      case 'ces':
        if (!onScale(a.value)) throw scaleProblem();
        return { ...empty, value: a.value as number };
      case 'servqual': {
        const v = a.value as { expectation?: unknown; perception?: unknown };
        if (typeof v !== 'object' || Array.isArray(v) || !onScale(v.expectation) || !onScale(v.perception))
          throw fieldProblem(
            422,
            'invalid_answer',
            `Expectation and perception, each a whole number from ${question.scaleMin} to ${question.scaleMax}`,
            path,
          );
        return { ...empty, value: v.perception as number, expectation: v.expectation as number };
      }
      case 'single': {
        if (typeof a.value !== 'string' || !question.options!.some((o) => o.value === a.value))
          throw fieldProblem(422, 'invalid_answer', 'One of the options', path);
        return { ...empty, choices: [a.value] };
      }
      case 'multiple': {
        const values = a.value;
        if (
          !Array.isArray(values) ||
          values.length === 0 ||
          new Set(values).size !== values.length ||
          !values.every((v) => question.options!.some((o) => o.value === v))
        )
          throw fieldProblem(422, 'invalid_answer', 'One or more of the options, each once', path);
        return { ...empty, choices: values };
      }
      case 'text':
        if (typeof a.value !== 'string') throw fieldProblem(422, 'invalid_answer', 'Text', path);
        return { ...empty, text: a.value.trim() === '' ? null : a.value };
    }
    return empty;
  });
}

export const isAnswered = (a: StoredAnswer): boolean =>
  a.value !== null || a.choices !== null || a.text !== null;
