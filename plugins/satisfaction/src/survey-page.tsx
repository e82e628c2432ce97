import type { Child } from 'hono/jsx';
import type { Bilingual } from './context.js';
import type { AnswerInput, Question, Questionnaire } from './questionnaires.js';
import { SURVEY_CSS_URL } from './survey-css.js';

/** The respondent's page speaks the invitation's language; the console's two languages. */
export type SurveyLang = 'zh-CN' | 'en';
export const SURVEY_LANGS: readonly SurveyLang[] = ['zh-CN', 'en'];

const MESSAGES = {
  'zh-CN': {
    heading: '客户满意度调查',
    required: '必答',
    requiredNote: '标 * 的问题为必答题。',
    submit: '提交问卷',
    save: '保存，稍后继续',
    saved: '您的回答已保存。再次打开此链接即可继续填写。',
    optOut: '不再接收满意度调查',
    optOutNote: '不想再收到我们的调查？',
    expires: '此链接有效期至 {date}。',
    errorSummary: '有 {n} 个问题需要修改：',
    missing: '请回答此问题',
    invalid: '请选择一个有效的选项',
    expectation: '您的期望',
    perception: '实际感受',
    npsLow: '完全不可能',
    npsHigh: '极有可能',
    scaleLow: '非常不满意',
    scaleHigh: '非常满意',
    easyLow: '非常困难',
    easyHigh: '非常容易',
    thanks: '感谢您的反馈！',
    thanksText: '您的回答已提交。我们会认真对待每一条意见。',
    optedOut: '您已退订',
    optedOutText: '我们不会再向您发送满意度调查。',
    already: '此问卷已提交',
    alreadyText: '您已经回答过这份问卷，感谢您的参与。',
    expired: '链接已失效',
    expiredText: '此调查链接已过期。',
    unknown: '找不到此调查',
    unknownText: '链接无效，请检查链接是否完整。',
    tooMany: '请求过于频繁',
    tooManyText: '请稍后再试。',
  },
  en: {
    heading: 'Customer satisfaction survey',
    required: 'required',
    requiredNote: 'Questions marked * are required.',
    submit: 'Submit',
    save: 'Save and continue later',
    saved: 'Your answers are saved. Open this link again to continue.',
    optOut: 'Stop sending me surveys',
    optOutNote: 'Rather not hear from us about surveys?',
    expires: 'This link is valid until {date}.',
    errorSummary: '{n} question(s) need your attention:',
    missing: 'Please answer this question',
    invalid: 'Please choose a valid answer',
    expectation: 'What you expected',
    perception: 'What you experienced',
    npsLow: 'Not at all likely',
    npsHigh: 'Extremely likely',
    scaleLow: 'Very dissatisfied',
    scaleHigh: 'Very satisfied',
    easyLow: 'Very difficult',
    easyHigh: 'Very easy',
    thanks: 'Thank you for your feedback!',
    thanksText: 'Your answers have been submitted. We read every one of them.',
    optedOut: 'You have opted out',
    optedOutText: 'We will not send you satisfaction surveys any more.',
    already: 'Already answered',
    alreadyText: 'You have already answered this survey. Thank you for taking part.',
    expired: 'Link expired',
    expiredText: 'This survey link has expired.',
    unknown: 'Survey not found',
    unknownText: 'This link is not valid; please check that it is complete.',
    tooMany: 'Too many requests',
    tooManyText: 'Please try again in a minute.',
  },
} as const satisfies Record<SurveyLang, Record<string, string>>;

export type SurveyMessage = keyof (typeof MESSAGES)['en'];

export const surveyText = (
  lang: SurveyLang,
  key: SurveyMessage,
  params: Record<string, string | number> = {},
) => MESSAGES[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));

const label = (lang: SurveyLang, text: Bilingual) => text[lang] ?? text.en;

/** The whole HTML document around a survey page's content. */
export function SurveyDocument(props: {
  lang: SurveyLang;
  title: string;
  /** The page's own path, for the language links. */
  path: string;
  children: Child;
}) {
  const other = props.lang === 'en' ? 'zh-CN' : 'en';
  return (
    <html lang={props.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{props.title}</title>
        <link rel="stylesheet" href={SURVEY_CSS_URL} />
      </head>
      <body class="survey">
        <header class="bar">
          <span class="brand">{surveyText(props.lang, 'heading')}</span>
          <a href={`${props.path}?lang=${other}`} lang={other} hreflang={other}>
            {other === 'en' ? 'English' : '简体中文'}
          </a>
        </header>
        <main>{props.children}</main>
      </body>
    </html>
  );
}

/** A page with one message: thanks, opted out, expired, unknown. */
export function MessagePage(props: {
  lang: SurveyLang;
  path: string;
  title: SurveyMessage;
  text: SurveyMessage;
}) {
  const title = surveyText(props.lang, props.title);
  return (
    <SurveyDocument lang={props.lang} title={title} path={props.path}>
      <h1>{title}</h1>
      <div class="panel">
        <p>{surveyText(props.lang, props.text)}</p>
      </div>
    </SurveyDocument>
  );
}

export interface SurveyFormProps {
  lang: SurveyLang;
  path: string;
  questionnaire: Questionnaire;
  /** What the respondent has entered (saved or just posted). */
  answers: readonly AnswerInput[];
  /** A message per question id. */
  errors: Record<string, string>;
  saved: boolean;
  expiresOn: string;
}

/** The questionnaire as a form that works without a script: submit, or save and resume later. */
export function SurveyForm(p: SurveyFormProps) {
  const t = (key: SurveyMessage, params?: Record<string, string | number>) => surveyText(p.lang, key, params);
  const values = new Map(p.answers.map((a) => [a.questionId, a.value]));
  const failing = p.questionnaire.questions.filter((q) => p.errors[q.id]);
  const title = label(p.lang, p.questionnaire.title);
  return (
    <SurveyDocument lang={p.lang} title={title} path={p.path}>
      <h1>{title}</h1>
      {p.questionnaire.intro ? <p>{label(p.lang, p.questionnaire.intro)}</p> : null}
      {p.saved ? <output class="notice">{t('saved')}</output> : null}
      {failing.length > 0 ? (
        <div class="alert" role="alert">
          <p>{t('errorSummary', { n: failing.length })}</p>
          <ul>
            {failing.map((q) => (
              <li>
                <a href={`#q-${q.id}`}>
                  {q.position + 1}. {label(p.lang, q.text)}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <p class="muted">{t('requiredNote')}</p>
      <form method="post" action={p.path}>
        <input type="hidden" name="lang" value={p.lang} />
        {p.questionnaire.questions.map((q) => (
          <QuestionField lang={p.lang} question={q} value={values.get(q.id) ?? null} error={p.errors[q.id]} />
        ))}
        <div class="actions">
          <button type="submit" name="action" value="submit">
            {t('submit')}
          </button>
          <button type="submit" name="action" value="save" class="secondary" formnovalidate>
            {t('save')}
          </button>
        </div>
      </form>
      <form method="post" action={p.path} class="muted">
        <input type="hidden" name="lang" value={p.lang} />
        {t('optOutNote')}{' '}
        <button type="submit" name="action" value="opt-out" class="link">
          {t('optOut')}
        </button>
      </form>
      <p class="muted">{t('expires', { date: p.expiresOn })}</p>
    </SurveyDocument>
  );
}

type Value = AnswerInput['value'];

/** One question as the respondent answers it (the survey page and the console's preview). */
export function QuestionField(p: {
  lang: SurveyLang;
  question: Question;
  value: Value;
  error: string | undefined;
}) {
  const q = p.question;
  const name = `q.${q.id}`;
  const errorId = `e-${q.id}`;
  return (
    <fieldset
      id={`q-${q.id}`}
      class={p.error ? 'invalid' : undefined}
      aria-describedby={p.error ? errorId : undefined}
    >
      <legend>
        {q.position + 1}. {label(p.lang, q.text)}
        {q.required ? <abbr title={surveyText(p.lang, 'required')}> *</abbr> : null}
      </legend>
      {p.error ? (
        <p class="error" id={errorId}>
          {p.error}
        </p>
      ) : null}
      {q.type === 'servqual' ? (
        <>
          {(['expectation', 'perception'] as const).map((part) => {
            const v = p.value as { expectation?: unknown; perception?: unknown } | null;
            return (
              <fieldset class="pair">
                <legend>{surveyText(p.lang, part)}</legend>
                <Scale
                  lang={p.lang}
                  question={q}
                  name={`${name}.${part === 'expectation' ? 'e' : 'p'}`}
                  value={v && typeof v === 'object' ? v[part] : null}
                />
              </fieldset>
            );
          })}
        </>
      ) : q.type === 'single' || q.type === 'multiple' ? (
        q.options!.map((o) => {
          const chosen = Array.isArray(p.value) ? p.value.includes(o.value) : p.value === o.value;
          return (
            <label class="choice">
              <input
                type={q.type === 'single' ? 'radio' : 'checkbox'}
                name={name}
                value={o.value}
                checked={chosen}
              />{' '}
              {label(p.lang, o.label)}
            </label>
          );
        })
      ) : q.type === 'text' ? (
        <textarea name={name} aria-label={label(p.lang, q.text)} maxlength={5000}>
          {typeof p.value === 'string' ? p.value : ''}
        </textarea>
      ) : (
        <Scale lang={p.lang} question={q} name={name} value={p.value} />
      )}
    </fieldset>
  );
}

const ANCHORS: Partial<Record<Question['type'], [SurveyMessage, SurveyMessage]>> = {
  nps: ['npsLow', 'npsHigh'],
  ces: ['easyLow', 'easyHigh'],
};

function Scale(p: {
  lang: SurveyLang;
  question: Question;
  name: string;
  value: unknown;
  labelledBy?: string;
}) {
  const q = p.question;
  const points: number[] = [];
  for (let v = q.scaleMin!; v <= q.scaleMax!; v++) points.push(v);
  const [low, high] = ANCHORS[q.type] ?? ['scaleLow', 'scaleHigh'];
  return (
    <div>
      <div class="scale">
        {points.map((v) => (
          <label>
            <input type="radio" name={p.name} value={String(v)} checked={String(p.value) === String(v)} />
            {String(v)}
          </label>
        ))}
      </div>
      <div class="anchors" aria-hidden="true">
        <span>
          {q.scaleMin} = {surveyText(p.lang, low)}
        </span>{' '}
        <span>
          {q.scaleMax} = {surveyText(p.lang, high)}
        </span>
      </div>
    </div>
  );
}
