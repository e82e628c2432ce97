import type { PluginContext, UiRequest } from '@kehu/core';
import { DataTable, listParams, nextPage, PageHead } from '@kehu/core/ui';
import type { RunSummary as Run } from './runs.js';
import {
  AccountLink,
  API,
  Card,
  ClassBadge,
  classOptions,
  enc,
  Filters,
  KeyAccountsNav,
  label,
  minorPerMajor,
  type Page,
  percent,
} from './ui-kit';

interface Entry {
  rank: number;
  customerId: string;
  code: string;
  name: string;
  revenue: number;
  share: number;
  cumulativeShare: number;
  class: string;
  overrideClass: string | null;
}
interface Move {
  customerId: string;
  code: string;
  name: string;
  from: string | null;
  to: string;
  changedOn: string;
}

/** Points of the Pareto chart: one page of the run's ranking. */
const CHART_POINTS = 200;

/** The Pareto chart of a run: revenue by rank and the cumulative share against the A and B lines. */
function paretoChart(req: UiRequest, run: Run, points: Entry[]) {
  const scale = minorPerMajor(run.currency);
  return req.chart(
    {
      grid: { left: 80, right: 60, top: 30, bottom: 40 },
      legend: { top: 0 },
      xAxis: { type: 'category', name: req.t('rank'), data: points.map((e) => String(e.rank)) },
      yAxis: [
        { type: 'value', name: run.currency },
        { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
      ],
      series: [
        {
          name: req.t('revenue'),
          type: 'bar',
          data: points.map((e) => e.revenue / scale),
          itemStyle: { color: '#0f6e5f' },
        },
        {
          name: req.t('cumulativeShare'),
          type: 'line',
          yAxisIndex: 1,
          showSymbol: false,
          data: points.map((e) => Math.round(e.cumulativeShare * 1000) / 10),
          itemStyle: { color: '#b45309' },
          markLine: {
            symbol: 'none',
            label: { formatter: '{b}' },
            data: [
              { name: 'A', yAxis: run.aThreshold / 100 },
              { name: 'B', yAxis: run.bThreshold / 100 },
            ],
          },
        },
      ],
    },
    {
      title: req.t('paretoTitle', { count: points.length }),
      description: req.t('paretoDesc', { a: run.aThreshold / 100, b: run.bThreshold / 100 }),
      width: 720,
      height: 320,
      table: {
        head: [req.t('rank'), req.t('customer'), req.t('revenue'), req.t('cumulativeShare'), req.t('class')],
        rows: points.map((e) => [
          e.rank,
          e.name,
          req.format.money(e.revenue, run.currency),
          `${percent(req, e.cumulativeShare)} %`,
          label(req, 'class', e.class),
        ]),
      },
    },
  );
}

/** `/key-accounts/abc`: the latest (or a chosen) run, its Pareto chart, tier moves and ranking. */
export function abcPage(ctx: PluginContext<unknown>): void {
  ctx.ui.page({
    path: '/abc',
    title: { en: 'ABC classification', 'zh-CN': 'ABC 分类' },
    access: 'keyAccounts.read',
    async get(req) {
      const runs = await req.api<Page<Run>>('GET', `${API}/runs?limit=20`);
      const list = runs.ok ? runs.body.items : [];
      const run = list.find((r) => r.id === req.query.run) ?? list[0];
      const canRun = req.principal.can('keyAccounts.classify');
      const head = (
        <>
          <PageHead title={req.t('abcTitle')}>
            {canRun ? (
              <form method="post" action={req.href('/abc')}>
                <input type="hidden" name="_csrf" value={req.csrfToken} />
                <button type="submit">{req.t('runNow')}</button>
              </form>
            ) : null}
          </PageHead>
          <KeyAccountsNav req={req} current="/abc" />
        </>
      );
      if (!run)
        return (
          <>
            {head}
            <p class="card empty">{req.t('noRun')}</p>
          </>
        );
      const cls = ['A', 'B', 'C'].includes(req.query.class ?? '') ? req.query.class! : '';
      const q = listParams(req, ['cursor']);
      if (cls) q.set('class', cls);
      const id = enc(run.id);
      const [entries, curve, moves] = await Promise.all([
        req.api<Page<Entry>>('GET', `${API}/runs/${id}?${q}`),
        req.api<Page<Entry>>('GET', `${API}/runs/${id}?limit=${CHART_POINTS}`),
        req.api<Page<Move>>('GET', `${API}/runs/${id}/moves?limit=50`),
      ]);
      const points = curve.ok ? curve.body.items : [];
      const chart = points.length ? await paretoChart(req, run, points) : null;
      return (
        <>
          {head}
          <Card id="ka-run" title={req.t('runOf', { date: req.format.date(run.createdAt) })}>
            <dl class="fields">
              <dt>{req.t('window')}</dt>
              <dd>
                {run.windowFrom} – {run.windowTo}
              </dd>
              <dt>{req.t('total')}</dt>
              <dd>{req.format.money(run.total, run.currency)}</dd>
              <dt>{req.t('thresholds')}</dt>
              <dd>
                A &lt; {run.aThreshold / 100} % · B &lt; {run.bThreshold / 100} %
              </dd>
            </dl>
            <div class="stat-row">
              {(['A', 'B', 'C', 'none'] as const).map((k) => (
                <div class="stat-box">
                  <span class="stat">{req.format.number(run.counts[k])}</span>
                  <span class="stat-label">{label(req, 'class', k)}</span>
                </div>
              ))}
            </div>
            {list.length > 1 ? (
              <Filters
                req={req}
                action="/abc"
                selects={[
                  {
                    label: req.t('otherRun'),
                    name: 'run',
                    value: run.id,
                    options: list.map((r) => ({
                      value: r.id,
                      label: `${req.format.date(r.createdAt)} (${r.windowFrom} – ${r.windowTo})`,
                    })),
                  },
                ]}
              />
            ) : null}
          </Card>
          {chart ? <section class="card">{chart}</section> : null}
          <DataTable
            id="ka-moves"
            title={req.t('moves')}
            rows={moves.ok ? moves.body.items : []}
            empty={req.t('noMoves')}
            columns={[
              {
                head: req.t('customer'),
                cell: (m) => <AccountLink req={req} id={m.customerId} text={`${m.code} ${m.name}`} />,
              },
              {
                head: req.t('move'),
                cell: (m) => `${label(req, 'class', m.from)} → ${label(req, 'class', m.to)}`,
              },
              { head: req.t('date'), cell: (m) => m.changedOn },
            ]}
          />
          <DataTable
            id="ka-ranking"
            title={req.t('ranking')}
            rows={entries.ok ? entries.body.items : []}
            empty={req.t('noRanking')}
            next={nextPage(req, entries.ok ? entries.body.nextCursor : null)}
            columns={[
              { head: req.t('rank'), num: true, cell: (e) => e.rank },
              {
                head: req.t('customer'),
                cell: (e) => <AccountLink req={req} id={e.customerId} text={`${e.code} ${e.name}`} />,
              },
              { head: req.t('revenue'), num: true, cell: (e) => req.format.money(e.revenue, run.currency) },
              { head: req.t('share'), num: true, cell: (e) => `${percent(req, e.share)} %` },
              {
                head: req.t('cumulativeShare'),
                num: true,
                cell: (e) => `${percent(req, e.cumulativeShare)} %`,
              },
              {
                head: req.t('class'),
                cell: (e) => (
                  <ClassBadge
                    req={req}
                    cls={e.overrideClass ?? e.class}
                    overridden={e.overrideClass !== null}
                  />
                ),
              },
            ]}
          >
            <Filters
              req={req}
              action="/abc"
              keep={{ run: run.id }}
              selects={[
                {
                  label: req.t('class'),
                  name: 'class',
                  value: cls,
                  options: classOptions(req, ['A', 'B', 'C']),
                },
              ]}
            />
          </DataTable>
        </>
      );
    },
    async post(req) {
      const res = await req.api('POST', `${API}/runs`, {});
      req.flash(res.ok ? 'success' : 'error', res.ok ? req.t('ran') : req.t('runFailed'));
      return req.c.redirect(req.href('/abc'), 303);
    },
  });
}
