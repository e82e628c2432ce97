import type { PluginContext, UiRequest } from '@kehu/core';
import { campaignPages } from './ui-campaigns';
import { gapChart, type ScoreRow as Row, segmentChart, trendChart } from './ui-charts';
import { indicatorPages } from './ui-indicators';
import { questionnairePages } from './ui-questionnaires';

type Fig = { value: number | null; n: number };

const figure = (req: UiRequest, f: Fig, digits = 1) =>
  f.value === null ? '—' : `${req.format.number(f.value, { maximumFractionDigits: digits })} (n=${f.n})`;
const delta = (req: UiRequest, v: number | null) =>
  v === null ? '' : ` ${v >= 0 ? '▲' : '▼'}${req.format.number(Math.abs(v), { maximumFractionDigits: 1 })}`;

/** Console pages: results by quarter and segment, indicator systems with their AHP consistency, a customer panel, a dashboard card. */
export function satisfactionUi(ctx: PluginContext<unknown>): void {
  ctx.ui.messages({
    en: {
      results: 'Results by quarter',
      segment: 'Segment',
      period: 'Period',
      responses: 'Responses',
      none: 'No responses yet.',
      systems: 'Indicator systems',
      latest: 'Latest survey ({date})',
      open: '{count} open invitation(s)',
      groupBy: 'Group by',
      all: 'All',
      trendChart: 'NPS, CSAT and CSI by quarter',
      trendChartDesc:
        'One line per measure; the table beside it gives each figure with its number of answers.',
      gapChart: 'Expectation–perception gap per dimension',
      gapChartDesc:
        'Mean perception minus expectation of the SERVQUAL questions; below zero the service fell short.',
      segmentChart: 'Segments compared, {period}',
      segmentChartDesc: 'NPS, CSAT and CSI of each segment in the latest period.',
      gap: 'Gap',
      dimension: 'Dimension',
      campaigns: 'Campaigns',
    },
    'zh-CN': {
      results: '按季度的调查结果',
      segment: '细分',
      period: '期间',
      responses: '回复数',
      none: '暂无回复。',
      systems: '满意度指标体系',
      latest: '最近一次调查（{date}）',
      open: '{count} 份邀请待回复',
      groupBy: '分组',
      all: '全部',
      trendChart: '各季度 NPS、CSAT 与 CSI',
      trendChartDesc: '每个指标一条折线；旁边的表格列出各数值及其回答数。',
      gapChart: '各维度期望与感知差距',
      gapChartDesc: 'SERVQUAL 题目的平均感知减期望；低于零表示服务未达期望。',
      segmentChart: '细分对比（{period}）',
      segmentChartDesc: '最近一期各细分的 NPS、CSAT 与 CSI。',
      gap: '差距',
      dimension: '维度',
      campaigns: '调查活动',
    },
  });
  ctx.ui.nav({
    label: { en: 'Satisfaction', 'zh-CN': '满意度' },
    href: '/satisfaction/results',
    access: 'satisfaction.read',
    order: 60,
  });

  ctx.ui.page({
    path: '/results',
    title: { en: 'Customer satisfaction', 'zh-CN': '客户满意度' },
    access: 'satisfaction.read',
    async get(req) {
      const groupBy = ['region', 'kind', 'tier', 'campaign'].includes(req.query.groupBy ?? '')
        ? req.query.groupBy!
        : 'none';
      const res = await req.api<{ rows: Row[] }>(
        'GET',
        `/api/v1/satisfaction/scores?period=quarter&groupBy=${groupBy}`,
      );
      const rows = res.ok ? res.body.rows : [];
      const chart =
        rows.length === 0 ? null : groupBy === 'none' ? trendChart(req, rows) : segmentChart(req, rows);
      const gaps = await dimensionGaps(req);
      return (
        <div class="stack">
          {chart ? <section class="card">{await chart}</section> : null}
          {gaps.length > 0 ? <section class="card">{await gapChart(req, gaps)}</section> : null}
          <section class="card">
            <h2>{req.t('results')}</h2>
            <form method="get" action="/satisfaction/results">
              <label>
                {req.t('groupBy')}{' '}
                <select name="groupBy">
                  {['none', 'region', 'kind', 'tier', 'campaign'].map((g) => (
                    <option value={g} selected={g === groupBy}>
                      {g === 'none' ? req.t('all') : g}
                    </option>
                  ))}
                </select>
              </label>{' '}
              <button type="submit" class="button secondary">
                OK
              </button>
            </form>
            {rows.length === 0 ? (
              <p class="muted">{req.t('none')}</p>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th>{req.t('period')}</th>
                    <th>{req.t('segment')}</th>
                    <th>{req.t('responses')}</th>
                    <th>NPS</th>
                    <th>CSAT %</th>
                    <th>CES</th>
                    <th>CSI</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr>
                      <td>{r.period}</td>
                      <td>{r.segment ?? '—'}</td>
                      <td>{req.format.number(r.responses)}</td>
                      <td>
                        {figure(req, r.nps)}
                        {delta(req, r.change.nps)}
                      </td>
                      <td>
                        {figure(req, r.csat)}
                        {delta(req, r.change.csat)}
                      </td>
                      <td>{figure(req, r.ces, 2)}</td>
                      <td>
                        {figure(req, r.csi)}
                        {delta(req, r.change.csi)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <p>
            <a href="/satisfaction/indicator-systems">{req.t('systems')}</a> ·{' '}
            <a href="/satisfaction/campaigns">{req.t('campaigns')}</a>
          </p>
        </div>
      );
    },
  });

  campaignPages(ctx);
  questionnairePages(ctx);

  indicatorPages(ctx);

  ctx.ui.customerPanel({
    name: 'scores',
    title: { en: 'Satisfaction', 'zh-CN': '客户满意度' },
    access: 'satisfaction.read',
    order: 120,
    async render(customer, req) {
      const res = await req.api('GET', `/api/v1/customers/${customer.id}?include=satisfaction`);
      const f = res.ok ? res.body.facets?.satisfaction : null;
      if (!f) return <p class="muted">{req.t('none')}</p>;
      return (
        <div>
          {f.at ? <p class="small muted">{req.t('latest', { date: req.format.date(f.at) })}</p> : null}
          <p>
            CSI <strong>{f.csi ?? '—'}</strong> · CSAT <strong>{f.csat ?? '—'}</strong> · NPS{' '}
            <strong>{f.nps ?? '—'}</strong>{' '}
            {f.npsCategory ? <span class="badge">{f.npsCategory}</span> : null}
          </p>
          {f.openInvitations > 0 ? <p class="small">{req.t('open', { count: f.openInvitations })}</p> : null}
        </div>
      );
    },
  });

  ctx.ui.dashboardWidget({
    name: 'nps',
    title: { en: 'Satisfaction this quarter', 'zh-CN': '本季度满意度' },
    access: 'satisfaction.read',
    async render(req) {
      const res = await req.api<{ rows: Row[] }>('GET', '/api/v1/satisfaction/scores?period=quarter');
      const last = res.ok ? res.body.rows.at(-1) : undefined;
      if (!last) return <p class="muted">{req.t('none')}</p>;
      return (
        <p>
          {last.period}: NPS <strong>{figure(req, last.nps)}</strong> · CSAT{' '}
          <strong>{figure(req, last.csat)}</strong> · CSI <strong>{figure(req, last.csi)}</strong>
        </p>
      );
    },
  });
}

/** SERVQUAL gaps per dimension of the latest published indicator system, named in the page's language. */
async function dimensionGaps(req: UiRequest): Promise<{ name: string; gap: number; n: number }[]> {
  const list = await req.api<{ items: { id: string; status: string; version: number }[] }>(
    'GET',
    '/api/v1/satisfaction/indicator-systems',
  );
  const published = (list.ok ? list.body.items : []).filter((s) => s.status === 'published');
  const system = published.sort((a, b) => b.version - a.version)[0];
  if (!system) return [];
  const [tree, gaps] = await Promise.all([
    req.api('GET', `/api/v1/satisfaction/indicator-systems/${system.id}`),
    req.api('GET', `/api/v1/satisfaction/gaps?systemId=${system.id}`),
  ]);
  if (!tree.ok || !gaps.ok) return [];
  const names = new Map<string, string>(
    tree.body.indicators.map((i: any) => [i.id, req.lang === 'zh-CN' ? i.name['zh-CN'] : i.name.en]),
  );
  return gaps.body.dimensions.map((d: any) => ({
    name: names.get(d.dimensionId) ?? d.dimensionId,
    gap: d.gap,
    n: d.n,
  }));
}
