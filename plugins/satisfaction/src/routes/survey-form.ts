import { type KehuContext, type KehuRouter, ProblemError, z } from '@kehu/core';
import type { Deps } from '../context.js';
import { SURVEY_PAGE_PATH } from '../invitations.js';
import type { AnswerInput, Questionnaire } from '../questionnaires.js';
import type { RateLimiter } from '../rate-limit.js';
import { openSurvey, optOut, type SubmitEffects, saveAnswers, submitSurvey } from '../responses.js';
import { SURVEY_CSS, SURVEY_CSS_ROUTE } from '../survey-css.js';
import {
  MessagePage,
  SURVEY_LANGS,
  SurveyForm,
  type SurveyLang,
  type SurveyMessage,
  surveyText,
} from '../survey-page';
import { clientKey } from './public.js';

const tags = ['satisfaction', 'public'];
const TokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/, 'A survey link token') });
const Query = z.object({ lang: z.enum(SURVEY_LANGS).optional(), saved: z.literal('1').optional() });
const Form = z.object({
  action: z.enum(['submit', 'save', 'opt-out']).default('submit'),
  lang: z.enum(SURVEY_LANGS).optional(),
});
const html = { description: 'The survey page (HTML)', contentType: 'text/html' };

/** What a refused request shows the respondent, by the problem's code. */
const MESSAGE_OF: Record<string, [SurveyMessage, SurveyMessage]> = {
  unknown_invitation: ['unknown', 'unknownText'],
  invitation_expired: ['expired', 'expiredText'],
  opted_out: ['optedOut', 'optedOutText'],
  already_submitted: ['already', 'alreadyText'],
  rate_limited: ['tooMany', 'tooManyText'],
};

const isLang = (v: unknown): v is SurveyLang => SURVEY_LANGS.includes(v as SurveyLang);

/** The browser's preferred language of the two, for pages shown before an invitation is known. */
const acceptedLang = (c: KehuContext): SurveyLang =>
  /^\s*en\b/i.test(c.req.header('accept-language') ?? '') ? 'en' : 'zh-CN';

/**
 * The form's fields as answers, one per question in order (so a problem at `answers.<i>` names
 * question i): `q.<id>` per question, `q.<id>.e` / `q.<id>.p` for an expectation/perception pair.
 * An empty field is an unanswered question.
 */
export function answersFromForm(
  q: Questionnaire,
  form: Record<string, string | File | (string | File)[]>,
): AnswerInput[] {
  const one = (name: string): string | null => {
    const v = form[name];
    const s = Array.isArray(v) ? v[0] : v;
    return typeof s === 'string' && s.trim() !== '' ? s.trim() : null;
  };
  const number = (s: string) => (/^-?\d+$/.test(s) ? Number(s) : s);
  return q.questions.map((question): AnswerInput => {
    const name = `q.${question.id}`;
    switch (question.type) {
      case 'servqual': {
        const e = one(`${name}.e`);
        const p = one(`${name}.p`);
        if (e === null && p === null) return { questionId: question.id, value: null };
        // Half a pair is passed on as it is, so the answer's check names the question.
        return {
          questionId: question.id,
          value: {
            expectation: e === null ? Number.NaN : Number(e),
            perception: p === null ? Number.NaN : Number(p),
          },
        };
      }
      case 'multiple': {
        const v = form[name];
        const list = (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(
          (x): x is string => typeof x === 'string',
        );
        return { questionId: question.id, value: list.length > 0 ? list : null };
      }
      case 'single':
        return { questionId: question.id, value: one(name) };
      case 'text': {
        const v = form[name];
        return {
          questionId: question.id,
          value: typeof v === 'string' && v.trim() !== '' ? v.slice(0, 5000) : null,
        };
      }
      default: {
        const v = one(name);
        return { questionId: question.id, value: v === null ? null : number(v) };
      }
    }
  });
}

/** A refused answer's messages by question id: the check's field paths name the answer or the question. */
function errorsByQuestion(lang: SurveyLang, q: Questionnaire, problem: ProblemError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of problem.errors ?? []) {
    const path = String(e.path);
    const byIndex = /^body\.answers\.(\d+)/.exec(path);
    const byId = /^answers\.(.+)$/.exec(path);
    const id = byIndex ? q.questions[Number(byIndex[1])]?.id : byId?.[1];
    if (id) out[id] = surveyText(lang, problem.code === 'answers_missing' ? 'missing' : 'invalid');
  }
  return out;
}

/**
 * The respondent's survey page behind an invitation link, without signing in and without a
 * script: the questionnaire as a form that submits once, saves to resume later, or opts out.
 */
export function surveyFormRoutes(
  router: KehuRouter,
  deps: Deps,
  effects: SubmitEffects,
  limiter: RateLimiter,
): void {
  const headers = (c: KehuContext) => {
    // The token is in the address: it must not leak to other sites, caches or search engines.
    c.header('referrer-policy', 'no-referrer');
    c.header('cache-control', 'no-store');
    c.header('x-robots-tag', 'noindex');
    c.header(
      'content-security-policy',
      "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
  };
  const refused = (c: KehuContext, lang: SurveyLang, problem: unknown) => {
    if (!(problem instanceof ProblemError) || !MESSAGE_OF[problem.code]) throw problem;
    const [title, text] = MESSAGE_OF[problem.code]!;
    if (problem.code === 'rate_limited') c.header('retry-after', String(problem.data?.retryAfter ?? 60));
    return c.html(MessagePage({ lang, path: c.req.path, title, text }), problem.status as 404);
  };
  const expiresOn = (iso: string) => deps.clock.dateOf(iso);

  router.get(
    SURVEY_CSS_ROUTE,
    {
      summary:
        "The survey page's stylesheet (also the console's questionnaire preview); its name carries its hash",
      access: 'public',
      responses: { 200: { description: 'The stylesheet', contentType: 'text/css' } },
      tags,
    },
    (c) => {
      c.header('content-type', 'text/css; charset=utf-8');
      c.header('cache-control', 'public, max-age=31536000, immutable');
      return c.body(SURVEY_CSS);
    },
  );

  router.get(
    `${SURVEY_PAGE_PATH}:token`,
    {
      summary:
        'The survey page of an invitation link: the questionnaire as a form, answers saved so far filled in',
      access: 'public',
      params: TokenParams,
      query: Query,
      responses: { 200: html, 404: html, 409: html, 410: html, 429: html },
      tags,
    },
    async (c, { params, query }) => {
      headers(c);
      let lang = query.lang ?? acceptedLang(c);
      try {
        limiter.check(clientKey(c));
        const view = await openSurvey(deps, params.token);
        lang = query.lang ?? (isLang(view.lang) ? view.lang : lang);
        return c.html(
          SurveyForm({
            lang,
            path: c.req.path,
            questionnaire: view.questionnaire,
            answers: view.answers,
            errors: {},
            saved: query.saved === '1',
            expiresOn: expiresOn(view.expiresAt),
          }),
        );
      } catch (e) {
        return refused(c, lang, e);
      }
    },
  );

  router.post(
    `${SURVEY_PAGE_PATH}:token`,
    {
      summary: "The survey page's form post: `action` submit (once), save (resume later) or opt-out",
      access: 'public',
      customer: false,
      params: TokenParams,
      rawBody: {
        contentType: 'application/x-www-form-urlencoded',
        description: 'The form: `action`, `lang`, `q.<questionId>` (and `.e` / `.p` for a pair)',
      },
      responses: {
        200: html,
        303: { description: 'Saved: back to the page' },
        404: html,
        409: html,
        410: html,
        422: html,
        429: html,
      },
      tags,
    },
    async (c, { params }) => {
      headers(c);
      const form = await c.req.parseBody({ all: true }).catch(() => ({}) as Record<string, string>);
      const fields = Form.safeParse({
        action: typeof form.action === 'string' ? form.action : undefined,
        lang: typeof form.lang === 'string' ? form.lang : undefined,
      });
      const action = fields.success ? fields.data.action : 'submit';
      let lang = (fields.success && fields.data.lang) || acceptedLang(c);
      const path = c.req.path;
      try {
        limiter.check(clientKey(c));
        if (action === 'opt-out') {
          await optOut(deps, params.token);
          return c.html(MessagePage({ lang, path, title: 'optedOut', text: 'optedOutText' }));
        }
        const view = await openSurvey(deps, params.token);
        if (!(fields.success && fields.data.lang) && isLang(view.lang)) lang = view.lang;
        const answers = answersFromForm(view.questionnaire, form);
        try {
          if (action === 'save') {
            await saveAnswers(deps, params.token, answers);
            return c.redirect(`${path}?saved=1&lang=${lang}`, 303);
          }
          await submitSurvey(deps, effects, params.token, answers);
          return c.html(MessagePage({ lang, path, title: 'thanks', text: 'thanksText' }));
        } catch (e) {
          if (!(e instanceof ProblemError) || e.status !== 422) throw e;
          return c.html(
            SurveyForm({
              lang,
              path,
              questionnaire: view.questionnaire,
              answers,
              errors: errorsByQuestion(lang, view.questionnaire, e),
              saved: false,
              expiresOn: expiresOn(view.expiresAt),
            }),
            422,
          );
        }
      } catch (e) {
        return refused(c, lang, e);
      }
    },
  );
}
