import type { UiRequest } from '@kehu/core';

type Fig = { value: number | null; n: number };
export interface ScoreRow {
  segment: string | null;
  period: string;
  responses: number;
  nps: Fig;
  csat: Fig;
  ces: Fig & { topTwoBox: number | null };
  csi: Fig;
  change: { nps: number | null; csat: number | null; csi: number | null };
}

const COLORS = ['#0f6e5f', '#1d5fbf', '#b25e09'];
const one = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

/** NPS, CSAT % and CSI per period as lines, the figures with their n as the table beside it. */
export function trendChart(req: UiRequest, rows: readonly ScoreRow[]) {
  const periods = rows.map((r) => r.period);
  const measures = [
    ['NPS', (r: ScoreRow) => r.nps],
    ['CSAT %', (r: ScoreRow) => r.csat],
    ['CSI', (r: ScoreRow) => r.csi],
  ] as const;
  const cell = (f: Fig) =>
    f.value === null ? '—' : `${req.format.number(f.value, { maximumFractionDigits: 1 })} (n=${f.n})`;
  return req.chart(
    {
      grid: { left: 50, right: 20, top: 40, bottom: 40 },
      legend: { top: 0 },
      xAxis: { type: 'category', data: periods },
      yAxis: { type: 'value', min: -100, max: 100 },
      series: measures.map(([name, pick], i) => ({
        name,
        type: 'line',
        data: rows.map((r) => one(pick(r).value)),
        itemStyle: { color: COLORS[i] },
        lineStyle: { color: COLORS[i] },
      })),
    },
    {
      title: req.t('trendChart'),
      description: req.t('trendChartDesc'),
      width: 640,
      height: 280,
      table: {
        head: [req.t('period'), ...measures.map(([name]) => name)],
        rows: rows.map((r) => [r.period, ...measures.map(([, pick]) => cell(pick(r)))]),
      },
    },
  );
}

/** Mean perception − expectation per dimension as bars (negative: worse than expected). */
export function gapChart(req: UiRequest, dimensions: readonly { name: string; gap: number; n: number }[]) {
  return req.chart(
    {
      grid: { left: 120, right: 30, top: 20, bottom: 30 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: dimensions.map((d) => d.name) },
      series: [
        {
          name: req.t('gap'),
          type: 'bar',
          data: dimensions.map((d) => ({
            value: Math.round(d.gap * 100) / 100,
            itemStyle: { color: d.gap < 0 ? '#b42318' : '#137333' },
          })),
        },
      ],
    },
    {
      title: req.t('gapChart'),
      description: req.t('gapChartDesc'),
      width: 640,
      height: Math.max(160, 60 + dimensions.length * 40),
      table: {
        head: [req.t('dimension'), req.t('gap'), 'n'],
        rows: dimensions.map((d) => [d.name, req.format.number(d.gap, { maximumFractionDigits: 2 }), d.n]),
      },
    },
  );
}

/** The latest period's figures per segment as grouped bars: segments side by side. */
export function segmentChart(req: UiRequest, rows: readonly ScoreRow[]) {
  const latest = rows.at(-1)?.period;
  const current = rows.filter((r) => r.period === latest);
  const names = current.map((r) => r.segment ?? '—');
  return req.chart(
    {
      grid: { left: 50, right: 20, top: 40, bottom: 60 },
      legend: { top: 0 },
      xAxis: { type: 'category', data: names },
      yAxis: { type: 'value' },
      series: (
        [
          ['NPS', (r: ScoreRow) => r.nps],
          ['CSAT %', (r: ScoreRow) => r.csat],
          ['CSI', (r: ScoreRow) => r.csi],
        ] as const
      ).map(([name, pick], i) => ({
        name,
        type: 'bar',
        data: current.map((r) => one(pick(r).value)),
        itemStyle: { color: COLORS[i] },
      })),
    },
    {
      title: req.t('segmentChart', { period: latest ?? '' }),
      description: req.t('segmentChartDesc'),
      width: 640,
      height: 300,
    },
  );
}
