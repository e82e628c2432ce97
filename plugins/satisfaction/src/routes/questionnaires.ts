import { type KehuRouter, z } from '@kehu/core';
import type { Deps } from '../context.js';
import {
  createQuestionnaire,
  listQuestionnaires,
  newQuestionnaireVersion,
  QUESTION_TYPES,
  QuestionnaireInput,
  replaceQuestionnaire,
  requireQuestionnaire,
} from '../questionnaires.js';
import { IdParams } from './schemas.js';

const tags = ['satisfaction'];
const write = 'satisfaction.questionnaires.write';
const Text = z.object({ 'zh-CN': z.string(), en: z.string() });

export const QuestionSchema = z.object({
  id: z.string(),
  position: z.number().int(),
  type: z.enum(QUESTION_TYPES),
  text: Text,
  required: z.boolean(),
  indicatorId: z.string().nullable(),
  scaleMin: z.number().int().nullable(),
  scaleMax: z.number().int().nullable(),
  options: z.array(z.object({ value: z.string(), label: Text })).nullable(),
  overall: z.boolean(),
});
export const QuestionnaireSchema = z.object({
  id: z.string(),
  familyId: z.string(),
  version: z.number().int(),
  title: Text,
  intro: Text.nullable(),
  systemId: z.string().nullable(),
  createdAt: z.string(),
  frozen: z.boolean(),
  questions: z.array(QuestionSchema),
});
const QuestionnaireSummary = QuestionnaireSchema.pick({
  id: true,
  familyId: true,
  version: true,
  title: true,
  systemId: true,
  frozen: true,
  createdAt: true,
});

/** Questionnaires: versions frozen once answered. */
export function questionnaireRoutes(router: KehuRouter, deps: Deps): void {
  router.get(
    '/questionnaires',
    {
      summary: 'Questionnaires, every version',
      access: 'satisfaction.read',
      responses: { 200: z.object({ items: z.array(QuestionnaireSummary) }) },
      tags,
    },
    async (c) => c.json({ items: await listQuestionnaires(deps.db) }),
  );
  router.post(
    '/questionnaires',
    {
      summary:
        'Create a questionnaire (version 1): rating, NPS, CSAT, CES, SERVQUAL pairs, choices, free text',
      access: write,
      customer: false,
      body: QuestionnaireInput,
      responses: { 201: QuestionnaireSchema },
      tags,
    },
    async (c, { body, principal }) => c.json(await createQuestionnaire(deps, body, principal), 201),
  );
  router.get(
    '/questionnaires/:id',
    {
      summary: 'A questionnaire version with its questions',
      access: 'satisfaction.read',
      params: IdParams,
      responses: { 200: QuestionnaireSchema },
      tags,
    },
    async (c, { params }) => c.json(await requireQuestionnaire(deps.db, params.id)),
  );
  router.put(
    '/questionnaires/:id',
    {
      summary: 'Replace the title and questions of a version without responses (409 once frozen)',
      access: write,
      customer: false,
      params: IdParams,
      body: QuestionnaireInput,
      responses: { 200: QuestionnaireSchema },
      tags,
    },
    async (c, { params, body, principal }) =>
      c.json(await replaceQuestionnaire(deps, params.id, body, principal)),
  );
  router.post(
    '/questionnaires/:id/versions',
    {
      summary: 'The next version of a questionnaire, as an editable copy',
      access: write,
      customer: false,
      params: IdParams,
      responses: { 201: QuestionnaireSchema },
      tags,
    },
    async (c, { params, principal }) =>
      c.json(await newQuestionnaireVersion(deps, params.id, principal), 201),
  );
}
