import { type KehuContext, type KehuRouter, z } from '@kehu/core';
import type { Deps } from '../context.js';
import { AnswerInput } from '../questionnaires.js';
import { RateLimiter } from '../rate-limit.js';
import { openSurvey, optOut, type SubmitEffects, saveAnswers, submitSurvey } from '../responses.js';
import { QuestionnaireSchema } from './questionnaires.js';

const tags = ['satisfaction', 'public'];
const TokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/, 'A survey link token') });
const Answers = z.strictObject({ answers: z.array(AnswerInput).max(200) });
const AnswerValue = AnswerInput.shape.value;

/** The caller's address as far as the server can tell (the first proxy hop when behind one). */
export const clientKey = (c: KehuContext): string =>
  c.req.header('x-forwarded-for')?.split(',')[0]?.trim() ||
  (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket
    ?.remoteAddress ||
  'unknown';

/** Routes the respondent uses from the survey link, without signing in: open, save, submit once, opt out. */
export function publicRoutes(router: KehuRouter, deps: Deps, effects: SubmitEffects): RateLimiter {
  const limiter = new RateLimiter(deps.config.publicRateLimitPerMinute, () => deps.clock.now().getTime());
  const limit = (c: KehuContext) => limiter.check(clientKey(c));

  router.get(
    '/public/surveys/:token',
    {
      summary:
        'Open a survey by its link: the questionnaire and answers saved so far (404 unknown, 409 answered, 410 expired)',
      access: 'public',
      params: TokenParams,
      responses: {
        200: z.object({
          status: z.string(),
          lang: z.string(),
          expiresAt: z.string(),
          questionnaire: QuestionnaireSchema,
          answers: z.array(z.object({ questionId: z.string(), value: AnswerValue })),
        }),
      },
      tags,
    },
    async (c, { params }) => {
      limit(c);
      return c.json(await openSurvey(deps, params.token));
    },
  );
  router.put(
    '/public/surveys/:token/answers',
    {
      summary: 'Save answers so far, to resume later',
      access: 'public',
      customer: false,
      params: TokenParams,
      body: Answers,
      responses: {
        200: z.object({ saved: z.number().int(), answered: z.number().int(), questions: z.number().int() }),
      },
      tags,
    },
    async (c, { params, body }) => {
      limit(c);
      return c.json(await saveAnswers(deps, params.token, body.answers));
    },
  );
  router.post(
    '/public/surveys/:token/submit',
    {
      summary: 'Submit the survey (once: a second submission is 409 already_submitted)',
      access: 'public',
      customer: false,
      params: TokenParams,
      body: Answers,
      responses: { 201: z.object({ submitted: z.literal(true), submittedAt: z.string() }) },
      tags,
    },
    async (c, { params, body }) => {
      limit(c);
      await submitSurvey(deps, effects, params.token, body.answers);
      return c.json({ submitted: true as const, submittedAt: deps.clock.now().toISOString() }, 201);
    },
  );
  router.post(
    '/public/surveys/:token/opt-out',
    {
      summary: 'Stop all survey invitations to this contact',
      access: 'public',
      customer: false,
      params: TokenParams,
      responses: { 200: z.object({ optedOut: z.literal(true) }) },
      tags,
    },
    async (c, { params }) => {
      limit(c);
      return c.json(await optOut(deps, params.token));
    },
  );
  return limiter;
}
