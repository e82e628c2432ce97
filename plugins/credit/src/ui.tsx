import type { PluginContext, UiRequest } from '@kehu/core';
import { Badge, DataTable, PageHead, type UiColumn } from '@kehu/core/ui';
import { creditForms, DecisionForms, ProfileActions, ReleaseHold } from './ui-forms';
import { CreditSections, creditPolicyPages } from './ui-policy';

// Console pages of credit, read through the plugin's own API as the signed-in user (`req.api`).

const API = '/api/v1/credit';

interface Summary {
  hasProfile: boolean;
  grade: string | null;
  score: number | null;
  currency: string | null;
  fixedLimit: number | null;
  temporaryLimit: number;
  limit: number | null;
  exposure: number;
  available: number | null;
  status: string;
  holdReasons: string[];
  maxTermDays: number | null;
  nextReviewDate: string | null;
}
interface Hold {
  id: string;
  reason: string;
  note: string | null;
  placedAt: string;
  releasedAt: string | null;
}
interface LimitRequest {
  id: string;
  kind: string;
  customerId: string;
  amount: number;
  currency: string;
  expiresAt: string | null;
  reason: string;
  status: string;
  requestedAt: string;
  requestedBy?: string;
}
interface Evaluation {
  id: string;
  customerId: string;
  factors: { key: string; weight: number; score: number }[] | null;
  score: number | null;
  proposedGrade: string;
  previousGrade: string | null;
  status: string;
  createdAt: string;
  createdBy?: string | null;
}
interface Overview {
  customerId: string;
  summary: Summary | null;
  holds: Hold[];
  temporaryLimits: LimitRequest[];
}
interface HistoryItem {
  id: string;
  at: string;
  type: string;
  title: string;
}

const en = {
  credit: 'Credit',
  profile: 'Credit profile',
  noProfile: 'No credit profile yet: credit sales need one.',
  grade: 'Grade',
  score: 'Score',
  status: 'Status',
  limit: 'Credit limit',
  fixedLimit: 'Fixed limit',
  temporaryLimit: 'Temporary limits',
  exposure: 'Exposure',
  available: 'Available',
  maxTermDays: 'Longest credit term',
  days: '{days} days',
  nextReview: 'Next review',
  holds: 'Holds',
  noHolds: 'No active hold.',
  placedAt: 'since {date}',
  limits: 'Limit requests',
  noRequests: 'No limit requests.',
  evaluations: 'Evaluations',
  noEvaluations: 'No evaluations.',
  history: 'Credit history',
  noHistory: 'Nothing recorded yet.',
  pendingEvaluations: 'Evaluations to approve',
  pendingLimits: 'Limit requests to approve',
  reviewsDue: 'Reviews due',
  nothingPending: 'Nothing is waiting.',
  customer: 'Customer',
  kind: 'Kind',
  amount: 'Amount',
  reason: 'Reason',
  requested: 'Requested',
  proposed: 'Proposed grade',
  factors: 'Factor scores',
  open: 'Open the credit profile',
  'kind.fixed': 'Fixed',
  'kind.temporary': 'Temporary',
  'kind.transfer': 'Transfer',
  'state.pending': 'Pending',
  'state.approved': 'Approved',
  'state.rejected': 'Rejected',
  'state.superseded': 'Superseded',
  'factor.character': 'Character',
  'factor.capacity': 'Capacity',
  'factor.capital': 'Capital',
  'factor.collateral': 'Collateral',
  'factor.conditions': 'Conditions',
  'credit.status.normal': 'Normal',
  'credit.status.on_hold': 'On hold',
  'credit.holdReason.overdue': 'Overdue receivables',
  'credit.holdReason.plan_broken': 'Broken payment plan',
  'credit.holdReason.written_off': 'Bad debt written off',
  'credit.holdReason.manual': 'Placed by a credit manager',
} as const;

const zhCN: Record<keyof typeof en, string> = {
  credit: '信用',
  profile: '信用档案',
  noProfile: '尚无信用档案：赊销需要先建立档案。',
  grade: '信用等级',
  score: '评分',
  status: '状态',
  limit: '信用额度',
  fixedLimit: '固定额度',
  temporaryLimit: '临时额度',
  exposure: '信用占用',
  available: '可用额度',
  maxTermDays: '最长账期',
  days: '{days} 天',
  nextReview: '下次复审',
  holds: '冻结',
  noHolds: '没有生效的冻结。',
  placedAt: '自 {date} 起',
  limits: '额度申请',
  noRequests: '没有额度申请。',
  evaluations: '信用评估',
  noEvaluations: '没有评估记录。',
  history: '信用记录',
  noHistory: '暂无记录。',
  pendingEvaluations: '待审批的评估',
  pendingLimits: '待审批的额度申请',
  reviewsDue: '到期复审',
  nothingPending: '没有待办事项。',
  customer: '客户',
  kind: '类型',
  amount: '金额',
  reason: '理由',
  requested: '申请时间',
  proposed: '建议等级',
  factors: '各项评分',
  open: '打开信用档案',
  'kind.fixed': '固定额度',
  'kind.temporary': '临时额度',
  'kind.transfer': '额度调剂',
  'state.pending': '待审批',
  'state.approved': '已批准',
  'state.rejected': '已驳回',
  'state.superseded': '已被取代',
  'factor.character': '品质',
  'factor.capacity': '能力',
  'factor.capital': '资本',
  'factor.collateral': '担保',
  'factor.conditions': '环境',
  'credit.status.normal': '正常',
  'credit.status.on_hold': '冻结',
  'credit.holdReason.overdue': '超期欠款',
  'credit.holdReason.plan_broken': '违反还款计划',
  'credit.holdReason.written_off': '坏账核销',
  'credit.holdReason.manual': '人工冻结',
};

export function creditUi(ctx: PluginContext<unknown>): void {
  ctx.ui.messages({ en, 'zh-CN': zhCN });
  creditForms(ctx);
  creditPolicyPages(ctx);
  /** Grades are shown as they are (AAA…D); statuses and hold reasons from the catalog. */
  const enumLabel = (req: UiRequest, name: string, value: string | null) =>
    value === null ? '—' : name === 'credit.grade' ? value : req.t(`${name}.${value}`);
  const names = async (ids: string[]) => {
    const map = await ctx.customers.summaries([...new Set(ids)]);
    return (id: string) => map.get(id)?.name ?? id;
  };
  const money = (req: UiRequest, n: number | null, currency: string | null) =>
    n === null || currency === null ? '—' : req.format.money(n, currency);

  const Figures = ({ req, s }: { req: UiRequest; s: Summary }) => (
    <dl class="fields">
      <dt>{req.t('grade')}</dt>
      <dd>
        <strong>{enumLabel(req, 'credit.grade', s.grade)}</strong>
        {s.score !== null ? ` · ${req.t('score')} ${req.format.number(s.score)}` : ''}
      </dd>
      <dt>{req.t('status')}</dt>
      <dd>
        <span class={`badge ${s.status === 'on_hold' ? 'badge-failed' : 'badge-active'}`}>
          {enumLabel(req, 'credit.status', s.status)}
        </span>
        {s.holdReasons.length
          ? ` ${s.holdReasons.map((r) => enumLabel(req, 'credit.holdReason', r)).join('、')}`
          : ''}
      </dd>
      <dt>{req.t('limit')}</dt>
      <dd>{money(req, s.limit, s.currency)}</dd>
      <dt>{req.t('exposure')}</dt>
      <dd>{money(req, s.exposure, s.currency)}</dd>
      <dt>{req.t('available')}</dt>
      <dd>
        <strong>{money(req, s.available, s.currency)}</strong>
      </dd>
    </dl>
  );

  ctx.ui.nav({
    label: { en: 'Credit', 'zh-CN': '信用' },
    href: '/credit/approvals',
    access: 'credit.read',
    order: 210,
  });

  ctx.ui.customerPanel({
    name: 'profile',
    title: { en: 'Credit', 'zh-CN': '信用' },
    access: 'credit.read',
    order: 20,
    async render(customer, req) {
      const res = await req.api<Overview>('GET', `${API}/customers/${encodeURIComponent(customer.id)}`);
      if (!res.ok) return null;
      const s = res.body.summary;
      return (
        <div>
          {s?.hasProfile ? <Figures req={req} s={s} /> : <p class="muted">{req.t('noProfile')}</p>}
          <p class="small">
            <a href={req.href(`/customers/${encodeURIComponent(customer.id)}`)}>{req.t('open')}</a>
          </p>
        </div>
      );
    },
  });

  ctx.ui.page({
    path: '/customers/:id',
    title: { en: 'Credit profile', 'zh-CN': '信用档案' },
    access: 'credit.read',
    async get(req) {
      const id = encodeURIComponent(req.params.id ?? '');
      const overview = await req.api<Overview>('GET', `${API}/customers/${id}`);
      if (!overview.ok) return req.notFound();
      const [limits, evaluations, history] = await Promise.all([
        req.api<{ requests: LimitRequest[] }>('GET', `${API}/customers/${id}/limits`),
        req.api<{ items: Evaluation[] }>('GET', `${API}/customers/${id}/evaluations`),
        req.api<{ items: HistoryItem[] }>('GET', `${API}/customers/${id}/history?limit=20`),
      ]);
      const name = await names([overview.body.customerId]);
      const s = overview.body.summary;
      return (
        <>
          <PageHead
            title={`${req.t('profile')} · ${name(overview.body.customerId)}`}
            subtitle={<a href={`/customers/${id}`}>{name(overview.body.customerId)}</a>}
          />
          <div class="cols">
            <div>
              <DataTable
                id="cr-evaluations"
                title={req.t('evaluations')}
                rows={evaluations.ok ? evaluations.body.items : []}
                empty={req.t('noEvaluations')}
                columns={[
                  { head: req.t('requested'), cell: (e) => req.format.date(e.createdAt) },
                  {
                    head: req.t('factors'),
                    class: 'small',
                    cell: (e) =>
                      (e.factors ?? [])
                        .map((f) => `${req.t(`factor.${f.key}`)} ${req.format.number(f.score)}`)
                        .join(' · '),
                  },
                  {
                    head: req.t('score'),
                    num: true,
                    cell: (e) => (e.score === null ? '—' : req.format.number(e.score)),
                  },
                  { head: req.t('proposed'), cell: (e) => enumLabel(req, 'credit.grade', e.proposedGrade) },
                  {
                    head: req.t('status'),
                    cell: (e) => <Badge kind={e.status} label={req.t(`state.${e.status}`)} />,
                  },
                ]}
              />
              <DataTable
                id="cr-limits"
                title={req.t('limits')}
                rows={limits.ok ? limits.body.requests : []}
                empty={req.t('noRequests')}
                columns={[
                  { head: req.t('requested'), cell: (r) => req.format.date(r.requestedAt) },
                  { head: req.t('kind'), cell: (r) => req.t(`kind.${r.kind}`) },
                  { head: req.t('amount'), num: true, cell: (r) => req.format.money(r.amount, r.currency) },
                  { head: req.t('reason'), cell: (r) => r.reason },
                  {
                    head: req.t('status'),
                    cell: (r) => <Badge kind={r.status} label={req.t(`state.${r.status}`)} />,
                  },
                ]}
              />
              <section class="card" aria-labelledby="cr-history">
                <h2 id="cr-history">{req.t('history')}</h2>
                {history.ok && history.body.items.length ? (
                  <ul class="timeline">
                    {history.body.items.map((h) => (
                      <li>
                        <div class="when">{req.format.dateTime(h.at)}</div>
                        <div>{h.title}</div>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p class="muted">{req.t('noHistory')}</p>
                )}
              </section>
            </div>
            <div>
              <ProfileActions req={req} overview={overview.body} />
              <section class="card" aria-labelledby="cr-figures">
                <h2 id="cr-figures">{req.t('credit')}</h2>
                {s?.hasProfile ? (
                  <>
                    <Figures req={req} s={s} />
                    <dl class="fields">
                      <dt>{req.t('fixedLimit')}</dt>
                      <dd>{money(req, s.fixedLimit, s.currency)}</dd>
                      <dt>{req.t('temporaryLimit')}</dt>
                      <dd>{money(req, s.temporaryLimit, s.currency)}</dd>
                      <dt>{req.t('maxTermDays')}</dt>
                      <dd>{s.maxTermDays === null ? '—' : req.t('days', { days: s.maxTermDays })}</dd>
                      <dt>{req.t('nextReview')}</dt>
                      <dd>{s.nextReviewDate ? req.format.date(s.nextReviewDate) : '—'}</dd>
                    </dl>
                  </>
                ) : (
                  <p class="muted">{req.t('noProfile')}</p>
                )}
              </section>
              <section class="card" aria-labelledby="cr-holds">
                <h2 id="cr-holds">{req.t('holds')}</h2>
                {overview.body.holds.length ? (
                  <ul class="plain-list">
                    {overview.body.holds.map((h) => (
                      <li>
                        <strong>{enumLabel(req, 'credit.holdReason', h.reason)}</strong>{' '}
                        <span class="muted small">
                          {req.t('placedAt', { date: req.format.date(h.placedAt) })}
                        </span>
                        {h.note ? <div class="small">{h.note}</div> : null}
                        <ReleaseHold req={req} customerId={overview.body.customerId} holdId={h.id} />
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p class="muted">{req.t('noHolds')}</p>
                )}
              </section>
            </div>
          </div>
        </>
      );
    },
  });

  ctx.ui.page({
    path: '/approvals',
    title: { en: 'Credit approvals', 'zh-CN': '信用审批' },
    access: 'credit.read',
    async get(req) {
      const [evaluations, limits, reviews] = await Promise.all([
        req.api<{ items: Evaluation[] }>('GET', `${API}/evaluations?status=pending`),
        req.api<{ items: LimitRequest[] }>('GET', `${API}/limit-requests?status=pending`),
        req.api<{
          items: { customerId: string; name: string; grade: string | null; nextReviewDate: string }[];
        }>('GET', `${API}/reviews/due`),
      ]);
      const evs = evaluations.ok ? evaluations.body.items : [];
      const reqs = limits.ok ? limits.body.items : [];
      const due = reviews.ok ? reviews.body.items : [];
      const name = await names([...evs.map((e) => e.customerId), ...reqs.map((r) => r.customerId)]);
      /** The customer a row is about, linked to their credit profile. */
      const customerColumn = <T extends { customerId: string }>(label: (row: T) => string): UiColumn<T> => ({
        head: req.t('customer'),
        cell: (row) => (
          <a href={req.href(`/customers/${encodeURIComponent(row.customerId)}`)}>{label(row)}</a>
        ),
      });
      const decisionColumn = <T extends { id: string }>(
        kind: 'evaluations' | 'limit-requests',
      ): UiColumn<T> => ({
        head: req.t('decision'),
        cell: (row) => <DecisionForms req={req} kind={kind} item={row} />,
      });
      return (
        <>
          <PageHead title={req.t('credit')} />
          <CreditSections req={req} current="/approvals" />
          <DataTable
            id="cr-pe"
            title={req.t('pendingEvaluations')}
            rows={evs}
            empty={req.t('nothingPending')}
            columns={[
              customerColumn<Evaluation>((e) => name(e.customerId)),
              {
                head: req.t('score'),
                num: true,
                cell: (e) => (e.score === null ? '—' : req.format.number(e.score)),
              },
              { head: req.t('proposed'), cell: (e) => enumLabel(req, 'credit.grade', e.proposedGrade) },
              { head: req.t('requested'), cell: (e) => req.format.date(e.createdAt) },
              decisionColumn<Evaluation>('evaluations'),
            ]}
          />
          <DataTable
            id="cr-pl"
            title={req.t('pendingLimits')}
            rows={reqs}
            empty={req.t('nothingPending')}
            columns={[
              customerColumn<LimitRequest>((r) => name(r.customerId)),
              { head: req.t('kind'), cell: (r) => req.t(`kind.${r.kind}`) },
              { head: req.t('amount'), num: true, cell: (r) => req.format.money(r.amount, r.currency) },
              { head: req.t('reason'), cell: (r) => r.reason },
              decisionColumn<LimitRequest>('limit-requests'),
            ]}
          />
          <DataTable
            id="cr-rd"
            title={req.t('reviewsDue')}
            rows={due}
            empty={req.t('nothingPending')}
            columns={[
              customerColumn<(typeof due)[number]>((r) => r.name),
              { head: req.t('grade'), cell: (r) => enumLabel(req, 'credit.grade', r.grade) },
              { head: req.t('nextReview'), cell: (r) => req.format.date(r.nextReviewDate) },
            ]}
          />
        </>
      );
    },
  });
}
