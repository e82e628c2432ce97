import { instantInZone, type PluginContext, type UiRequest } from '@kehu/core';
import {
  amountOf,
  answerPost,
  Field,
  FormGrid,
  fieldErrors,
  formKitMessages,
  formValues,
  PageHead,
  PostForm,
  problemText,
  Refusal,
  type UiProblem,
} from '@kehu/core/ui';
import { gradeForScore } from './grades.js';
import { matchScores, totalScore } from './scoring.js';

// What a credit manager, a sales manager or an account manager does on the credit pages: open a
// profile, ask for a limit, score an evaluation (5C) with the resulting score and grade shown before
// it is sent, place and release holds, and decide requests as a second person. Every form goes to the
// credit API as the signed-in user; its refusal is shown beside the field it names.

const API = '/api/v1/credit';
const enc = encodeURIComponent;

interface Policy {
  currency: string;
  grades: { grade: string; minScore: number }[];
  factors: { key: string; weight: number; labels: { en: string; 'zh-CN': string } }[];
}
interface OverviewLike {
  customerId: string;
  summary: { hasProfile: boolean; currency: string | null } | null;
  holds: { id: string; reason: string; releasedAt: string | null }[];
}
interface Decidable {
  id: string;
  requestedBy?: string | null;
  createdBy?: string | null;
}

const en = {
  ...formKitMessages.en,
  actions: 'What you can do',
  openProfile: 'Open a credit profile',
  profileOpened: 'The credit profile was opened.',
  currency: 'Currency',
  maxTermDaysField: 'Longest credit term (days)',
  requestLimit: 'Request a limit',
  limitKind: 'Kind of limit',
  expiresOn: 'Valid until (temporary limits)',
  limitRequested: 'The limit request was sent for approval.',
  evaluate: 'Score a credit evaluation (5C)',
  factorHint: 'Weight {weight}; 0 to 100',
  note: 'Note',
  showScore: 'Show the score',
  submitEvaluation: 'Send for approval',
  previewScore: 'Score {score}: grade {grade}',
  evaluationSent: 'The evaluation was sent for approval.',
  placeHold: 'Put the customer on hold',
  holdPlaced: 'The customer is on hold.',
  releaseHold: 'Release',
  holdReleased: 'The hold was released.',
  decision: 'Decision',
  approve: 'Approve',
  reject: 'Reject',
  approved: 'Approved.',
  rejected: 'Rejected.',
  yourOwn: 'You asked for this: someone else decides it.',
  'kit.scores_do_not_match_model': '',
  'kit.profile_exists': '',
  'kit.no_profile': '',
  'kit.currency_not_in_policy': '',
  'kit.above_grade_ceiling': '',
} as const;

const zhCN: Record<keyof typeof en, string> = {
  ...formKitMessages['zh-CN'],
  actions: '可办理的操作',
  openProfile: '建立信用档案',
  profileOpened: '信用档案已建立。',
  currency: '币种',
  maxTermDaysField: '最长账期（天）',
  requestLimit: '申请信用额度',
  limitKind: '额度类型',
  expiresOn: '有效期至（临时额度）',
  limitRequested: '额度申请已提交审批。',
  evaluate: '信用评估打分（5C）',
  factorHint: '权重 {weight}；0 至 100 分',
  note: '说明',
  showScore: '计算得分',
  submitEvaluation: '提交审批',
  previewScore: '得分 {score}：等级 {grade}',
  evaluationSent: '信用评估已提交审批。',
  placeHold: '冻结该客户的赊销',
  holdPlaced: '已冻结该客户的赊销。',
  releaseHold: '解除',
  holdReleased: '冻结已解除。',
  decision: '审批',
  approve: '批准',
  reject: '驳回',
  approved: '已批准。',
  rejected: '已驳回。',
  yourOwn: '这是您本人提交的申请，须由他人审批。',
  'kit.scores_do_not_match_model': '须按评分模型的各项因素打分',
  'kit.profile_exists': '该客户已有信用档案',
  'kit.no_profile': '该客户还没有信用档案',
  'kit.currency_not_in_policy': '信用政策不含该币种',
  'kit.above_grade_ceiling': '超过该等级的额度上限',
};

/**
 * A chosen company day as the instant it ends (23:59 in the company's zone), for limits and exceptions
 * valid "until" a day; any other text as it is, for the API to refuse.
 */
export const endOfCompanyDay = (text: string | undefined, timeZone: string): string =>
  /^\d{4}-\d{2}-\d{2}$/.test(text ?? '')
    ? instantInZone(text!, '23:59', timeZone).toISOString()
    : (text ?? '');

/** The way back from a credit form to the customer's credit profile. */
export function ProfileLink({ req, id }: { req: UiRequest; id: string }) {
  return <a href={req.href(`/customers/${enc(id)}`)}>{req.t('profile')}</a>;
}

/** The actions on a customer's credit profile page, for what the user may do. */
export function ProfileActions({ req, overview }: { req: UiRequest; overview: OverviewLike }) {
  const id = enc(overview.customerId);
  const has = overview.summary?.hasProfile === true;
  const manage = req.principal.can('credit.profiles.manage');
  const links = [
    has && req.principal.can('credit.limits.request') ? ['/limit-requests/new', 'requestLimit'] : null,
    has && req.principal.can('credit.evaluations.create') ? ['/evaluations/new', 'evaluate'] : null,
    has && manage ? ['/terms', 'changeTerms'] : null,
    has ? ['/overrides', 'overrides'] : null,
  ].filter((l): l is [string, string] => l !== null);
  if (!links.length && !manage) return null;
  const f = { req, errors: new Map<string, string>() };
  return (
    <section class="card" aria-labelledby="cr-actions">
      <h2 id="cr-actions">{req.t('actions')}</h2>
      {links.length ? (
        <ul class="plain-list">
          {links.map(([path, key]) => (
            <li>
              <a href={req.href(`/customers/${id}${path}`)}>{req.t(key)}</a>
            </li>
          ))}
        </ul>
      ) : null}
      {manage && !has ? (
        <PostForm req={req} action={req.href(`/customers/${id}/profile`)} class="stack">
          <Field {...f} form="cr-open" name="currency" label={req.t('currency')} value="" />
          <Field
            {...f}
            form="cr-open"
            name="maxTermDays"
            label={req.t('maxTermDaysField')}
            type="number"
            min={0}
          />
          <div>
            <button type="submit">{req.t('openProfile')}</button>
          </div>
        </PostForm>
      ) : null}
      {manage && has ? (
        <PostForm req={req} action={req.href(`/customers/${id}/holds`)} class="stack">
          <Field {...f} form="cr-hold" name="note" label={req.t('note')} type="textarea" required />
          <div>
            <button type="submit" class="danger">
              {req.t('placeHold')}
            </button>
          </div>
        </PostForm>
      ) : null}
    </section>
  );
}

/** Release of one active hold (credit managers). */
export function ReleaseHold({
  req,
  customerId,
  holdId,
}: {
  req: UiRequest;
  customerId: string;
  holdId: string;
}) {
  if (!req.principal.can('credit.profiles.manage')) return null;
  return (
    <PostForm
      req={req}
      action={req.href(`/customers/${enc(customerId)}/holds/${enc(holdId)}/release`)}
      class="inline"
    >
      <button type="submit" class="secondary">
        {req.t('releaseHold')}
      </button>
    </PostForm>
  );
}

/** Approve and reject of a pending evaluation or limit request; one's own request is not offered. */
export function DecisionForms({
  req,
  kind,
  item,
}: {
  req: UiRequest;
  kind: 'evaluations' | 'limit-requests';
  item: Decidable;
}) {
  const permission = kind === 'evaluations' ? 'credit.evaluations.approve' : 'credit.limits.approve';
  if (!req.principal.can(permission)) return null;
  if ((item.requestedBy ?? item.createdBy) === req.principal.id)
    return <span class="muted small">{req.t('yourOwn')}</span>;
  const action = (d: string) => req.href(`/approvals/${kind}/${enc(item.id)}/${d}`);
  return (
    <div class="decision" data-decide={item.id}>
      <PostForm req={req} action={action('approve')} class="inline">
        <button type="submit">{req.t('approve')}</button>
      </PostForm>
      <PostForm req={req} action={action('reject')} class="inline">
        <button type="submit" class="danger">
          {req.t('reject')}
        </button>
      </PostForm>
    </div>
  );
}

export function creditForms(ctx: PluginContext<unknown>): void {
  ctx.ui.messages({ en, 'zh-CN': zhCN });
  const profilePath = (req: UiRequest, id: string) => req.href(`/customers/${enc(id)}`);
  /** The customer's credit as the user may see it; null answers the 404 page. */
  const overviewOf = async (req: UiRequest, id: string) => {
    const res = await req.api<OverviewLike>('GET', `${API}/customers/${enc(id)}`);
    return res.ok ? res.body : null;
  };
  /** A refused post with no form of its own: back to the profile with the refusal as a notice. */
  const back = (req: UiRequest, res: { ok: boolean; status: number; body: any }, message: string) => {
    if (res.status === 404) return req.notFound();
    req.flash(res.ok ? 'success' : 'error', res.ok ? message : problemText(req, res.body as UiProblem));
    return req.c.redirect(profilePath(req, req.params.id ?? ''), 303);
  };

  ctx.ui.page({
    path: '/customers/:id/profile',
    title: { en: 'Open a credit profile', 'zh-CN': '建立信用档案' },
    access: 'credit.profiles.manage',
    async post(req) {
      const v = formValues(req);
      const res = await req.api('POST', `${API}/customers/${enc(req.params.id ?? '')}/profile`, {
        ...(v.currency ? { currency: v.currency.toUpperCase() } : {}),
        ...(v.maxTermDays ? { maxTermDays: Number(v.maxTermDays) } : {}),
      });
      return back(req, res, req.t('profileOpened'));
    },
  });

  ctx.ui.page({
    path: '/customers/:id/holds',
    title: { en: 'Put on hold', 'zh-CN': '冻结赊销' },
    access: 'credit.profiles.manage',
    async post(req) {
      const res = await req.api('POST', `${API}/customers/${enc(req.params.id ?? '')}/holds`, {
        note: formValues(req).note,
      });
      return back(req, res, req.t('holdPlaced'));
    },
  });

  ctx.ui.page({
    path: '/customers/:id/holds/:holdId/release',
    title: { en: 'Release a hold', 'zh-CN': '解除冻结' },
    access: 'credit.profiles.manage',
    async post(req) {
      const res = await req.api(
        'POST',
        `${API}/customers/${enc(req.params.id ?? '')}/holds/${enc(req.params.holdId ?? '')}/release`,
        {},
      );
      return back(req, res, req.t('holdReleased'));
    },
  });

  const limitForm = async (req: UiRequest, v: Record<string, string>, problem?: UiProblem) => {
    const overview = await overviewOf(req, req.params.id ?? '');
    if (!overview) return req.notFound();
    const errors = fieldErrors(req, problem);
    const f = { req, form: 'limit', errors };
    const currency = v.currency || overview.summary?.currency || 'CNY';
    return (
      <>
        <PageHead
          title={req.t('requestLimit')}
          subtitle={<ProfileLink req={req} id={overview.customerId} />}
        />
        <Refusal req={req} problem={problem} id="limit-refusal" />
        <PostForm req={req} action={req.href(`/customers/${enc(overview.customerId)}/limit-requests/new`)}>
          <FormGrid
            {...f}
            values={{ ...v, currency }}
            rows={[
              {
                name: 'kind',
                label: req.t('limitKind'),
                required: true,
                options: ['fixed', 'temporary'].map((k) => ({ value: k, label: req.t(`kind.${k}`) })),
              },
              {
                name: 'amount',
                label: req.t('amount'),
                type: 'amount',
                required: true,
                hint: req.t('kit.amountHint', { currency }),
              },
              { name: 'currency', label: req.t('currency'), required: true },
              { name: 'expiresAt', label: req.t('expiresOn'), type: 'date' },
              { name: 'reason', label: req.t('reason'), type: 'textarea', required: true },
            ]}
            submit={req.t('requestLimit')}
          />
        </PostForm>
      </>
    );
  };

  ctx.ui.page({
    path: '/customers/:id/limit-requests/new',
    title: { en: 'Request a limit', 'zh-CN': '申请信用额度' },
    access: 'credit.limits.request',
    get: (req) => limitForm(req, { kind: 'fixed' }),
    async post(req) {
      const v = formValues(req);
      const currency = (v.currency || 'CNY').toUpperCase();
      const body = {
        kind: v.kind,
        amount: amountOf(v.amount, currency),
        currency,
        reason: v.reason,
        // A temporary limit lasts to the end of the chosen company day.
        ...(v.kind === 'temporary'
          ? {
              expiresAt: endOfCompanyDay(v.expiresAt, ctx.clock.timeZone),
            }
          : {}),
      };
      const res = await req.api('POST', `${API}/customers/${enc(req.params.id ?? '')}/limit-requests`, body);
      const success = { message: req.t('limitRequested'), to: profilePath(req, req.params.id ?? '') };
      return answerPost(req, res, success, (problem) => limitForm(req, v, problem));
    },
  });

  const evaluationForm = async (
    req: UiRequest,
    v: Record<string, string>,
    state: { problem?: UiProblem; preview?: boolean } = {},
  ) => {
    const overview = await overviewOf(req, req.params.id ?? '');
    if (!overview) return req.notFound();
    const policy = (await req.api<Policy>('GET', `${API}/policy`)).body;
    const errors = fieldErrors(req, state.problem);
    const f = { req, form: 'eval', errors };
    // The score and grade the API would give these scores: the same functions, the policy in force.
    const submitted: Record<string, number> = {};
    for (const factor of policy.factors) {
      const raw = v[`scores.${factor.key}`];
      if (raw !== undefined && raw !== '' && Number.isFinite(Number(raw)))
        submitted[factor.key] = Number(raw);
    }
    const matched = matchScores(policy.factors, submitted);
    const complete =
      matched.missing.length === 0 && matched.scores.every((s) => s.score >= 0 && s.score <= 100);
    const score = complete ? totalScore(matched.scores) : null;
    return (
      <>
        <PageHead title={req.t('evaluate')} subtitle={<ProfileLink req={req} id={overview.customerId} />} />
        <Refusal req={req} problem={state.problem} id="evaluation-refusal" />
        {state.preview && score !== null ? (
          <p class="notice notice-success" id="evaluation-preview">
            {req.t('previewScore', {
              score: req.format.number(score),
              grade:
                gradeForScore(score, policy.grades as unknown as Parameters<typeof gradeForScore>[1]) ?? '—',
            })}
          </p>
        ) : null}
        <PostForm req={req} action={req.href(`/customers/${enc(overview.customerId)}/evaluations/new`)}>
          <FormGrid
            {...f}
            values={v}
            rows={[
              ...policy.factors.map((factor) => ({
                name: `scores.${factor.key}`,
                label: req.label(factor.labels),
                type: 'number' as const,
                min: 0,
                max: 100,
                step: 'any' as const,
                required: true,
                hint: req.t('factorHint', { weight: req.format.number(factor.weight) }),
                data: { weight: String(factor.weight) },
              })),
              { name: 'note', label: req.t('note'), type: 'textarea' },
            ]}
          />
          <p>
            {/* Filled as the user types (console.js), from the same weights and grade bands. */}
            <output
              id="evaluation-live"
              aria-live="polite"
              data-weighted-sum=""
              data-bands={JSON.stringify(policy.grades.map((g) => [g.minScore, g.grade]))}
              data-template={req.t('previewScore', { score: '{score}', grade: '{band}' })}
            />
          </p>
          <div class="actions">
            <button type="submit" name="preview" value="1" class="secondary" formnovalidate>
              {req.t('showScore')}
            </button>{' '}
            <button type="submit">{req.t('submitEvaluation')}</button>
          </div>
        </PostForm>
      </>
    );
  };

  ctx.ui.page({
    path: '/customers/:id/evaluations/new',
    title: { en: 'Credit evaluation', 'zh-CN': '信用评估' },
    access: 'credit.evaluations.create',
    get: (req) => evaluationForm(req, {}),
    async post(req) {
      const v = formValues(req);
      if (v.preview) return evaluationForm(req, v, { preview: true });
      const scores = Object.fromEntries(
        Object.entries(v)
          .filter(([k]) => k.startsWith('scores.'))
          // An empty or non-numeric score goes as null, for the API's schema to refuse beside it.
          .map(([k, x]) => [k.slice('scores.'.length), x === '' ? null : Number(x)]),
      );
      const res = await req.api('POST', `${API}/customers/${enc(req.params.id ?? '')}/evaluations`, {
        scores,
        ...(v.note ? { note: v.note } : {}),
      });
      const success = { message: req.t('evaluationSent'), to: profilePath(req, req.params.id ?? '') };
      return answerPost(req, res, success, (problem) => evaluationForm(req, v, { problem }));
    },
  });

  ctx.ui.page({
    path: '/approvals/:kind/:id/:decision',
    title: { en: 'Credit approvals', 'zh-CN': '信用审批' },
    access: 'credit.read',
    async post(req) {
      const { kind = '', id = '', decision = '' } = req.params;
      if (!['evaluations', 'limit-requests'].includes(kind) || !['approve', 'reject'].includes(decision))
        return req.notFound();
      const res = await req.api('POST', `${API}/${kind}/${enc(id)}/${decision}`, {});
      if (res.status === 404) return req.notFound();
      req.flash(
        res.ok ? 'success' : 'error',
        res.ok
          ? req.t(decision === 'approve' ? 'approved' : 'rejected')
          : problemText(req, res.body as UiProblem),
      );
      return req.c.redirect(req.href('/approvals'), 303);
    },
  });
}
