import { type Executor, notFound } from '@kehu/core';
import type { Deps } from './context.js';
import { loadSystem } from './indicator-systems.js';
import type { Ports } from './integrations.js';
import { cesFrom, csatFrom, type GapReport, npsFrom, servqualGaps } from './math/scores.js';

export const GROUPINGS = ['none', 'kind', 'region', 'owner', 'tier', 'campaign'] as const;
export const PERIODS = ['month', 'quarter', 'all'] as const;
export type Grouping = (typeof GROUPINGS)[number];
export type Period = (typeof PERIODS)[number];

const round = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);

export interface Figures {
  responses: number;
  nps: { value: number | null; n: number };
  csat: { value: number | null; n: number };
  ces: { value: number | null; topTwoBox: number | null; n: number };
  csi: { value: number | null; n: number };
}

interface Sums {
  responses: number;
  nps_n: number;
  promoters: number;
  detractors: number;
  csat_n: number;
  csat_top: number;
  ces_n: number;
  ces_sum: number;
  ces_top: number;
  csi_n: number;
  csi_sum: number;
}
const SUM_COLUMNS = [
  'responses',
  'nps_n',
  'promoters',
  'detractors',
  'csat_n',
  'csat_top',
  'ces_n',
  'ces_sum',
  'ces_top',
  'csi_n',
  'csi_sum',
] as const;

export function figuresOf(s: Sums): Figures {
  const ces = cesFrom(s.ces_sum, s.ces_top, s.ces_n);
  return {
    responses: s.responses,
    nps: { value: round(npsFrom(s.promoters, s.detractors, s.nps_n).value), n: s.nps_n },
    csat: { value: round(csatFrom(s.csat_top, s.csat_n).value), n: s.csat_n },
    ces: { value: round(ces.value), topTwoBox: round(ces.topTwoBox), n: s.ces_n },
    csi: { value: round(s.csi_n === 0 ? null : s.csi_sum / s.csi_n), n: s.csi_n },
  };
}

const periodOf = (month: string, period: Period) =>
  period === 'all'
    ? 'all'
    : period === 'month'
      ? month
      : `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;

/** The period before `key` (2026-Q1 → 2025-Q4, 2026-01 → 2025-12). */
export function previousPeriod(key: string): string | null {
  const q = /^(\d{4})-Q([1-4])$/.exec(key);
  if (q) return Number(q[2]) === 1 ? `${Number(q[1]) - 1}-Q4` : `${q[1]}-Q${Number(q[2]) - 1}`;
  const m = /^(\d{4})-(\d{2})$/.exec(key);
  if (m)
    return Number(m[2]) === 1
      ? `${Number(m[1]) - 1}-12`
      : `${m[1]}-${String(Number(m[2]) - 1).padStart(2, '0')}`;
  return null;
}

/** The cell dimension a grouping reads ('' holds every response) and the column it groups by. */
const CELLS: Record<Grouping, { dimension: string; column: string | null }> = {
  none: { dimension: '', column: null },
  campaign: { dimension: '', column: 'campaign_id' },
  kind: { dimension: 'kind', column: 'value' },
  region: { dimension: 'region', column: 'value' },
  owner: { dimension: 'owner', column: 'value' },
  tier: { dimension: 'tier', column: 'value' },
};

export interface ScoreRow extends Figures {
  segment: string | null;
  period: string;
  /** Change from the previous period of the same segment (null without one). */
  change: { nps: number | null; csat: number | null; ces: number | null; csi: number | null };
}

/**
 * NPS, CSAT, CES and CSI per segment and period, read from the monthly cells kept at each
 * submission (so the cost does not grow with the number of responses). Months are `YYYY-MM`.
 */
export async function scoresBySegment(
  db: Executor,
  q: {
    groupBy: Grouping;
    period: Period;
    from?: string | undefined;
    to?: string | undefined;
    campaignId?: string | undefined;
  },
): Promise<ScoreRow[]> {
  const { dimension, column } = CELLS[q.groupBy];
  let query = db
    .selectFrom('sat_score_cell')
    .where('dimension', '=', dimension)
    .select('month')
    .select((eb) => SUM_COLUMNS.map((c) => eb.fn.sum<number>(c).as(c)))
    .groupBy('month');
  if (column) query = query.select(`${column} as segment` as never).groupBy(column as never);
  // One period earlier than asked, so the first period has its change too.
  if (q.from) query = query.where('month', '>=', earlierMonth(q.from.slice(0, 7), q.period));
  if (q.to) query = query.where('month', '<=', q.to.slice(0, 7));
  if (q.campaignId) query = query.where('campaign_id', '=', q.campaignId);
  const rows = (await query.execute()) as Record<string, any>[];
  const cells = new Map<string, { segment: string | null; period: string; sums: Sums }>();
  for (const r of rows) {
    const segment = column ? (r.segment === '' ? null : r.segment) : null;
    const period = periodOf(r.month, q.period);
    const k = `${segment ?? ''}\u0000${period}`;
    const cell = cells.get(k) ?? {
      segment,
      period,
      sums: Object.fromEntries(SUM_COLUMNS.map((c) => [c, 0])) as unknown as Sums,
    };
    for (const c of SUM_COLUMNS) cell.sums[c] += Number(r[c] ?? 0);
    cells.set(k, cell);
  }
  const out: ScoreRow[] = [];
  for (const cell of cells.values()) {
    if (q.from && cell.period !== 'all' && cell.period < periodOf(q.from.slice(0, 7), q.period)) continue;
    const f = figuresOf(cell.sums);
    const prevKey = previousPeriod(cell.period);
    const prev = prevKey ? cells.get(`${cell.segment ?? ''}\u0000${prevKey}`) : undefined;
    const p = prev ? figuresOf(prev.sums) : null;
    const delta = (a: number | null, b: number | null | undefined) =>
      a === null || b == null ? null : round(a - b);
    out.push({
      segment: cell.segment,
      period: cell.period,
      ...f,
      change: {
        nps: delta(f.nps.value, p?.nps.value),
        csat: delta(f.csat.value, p?.csat.value),
        ces: delta(f.ces.value, p?.ces.value),
        csi: delta(f.csi.value, p?.csi.value),
      },
    });
  }
  out.sort((a, b) =>
    a.period === b.period
      ? String(a.segment ?? '').localeCompare(String(b.segment ?? ''))
      : a.period < b.period
        ? -1
        : 1,
  );
  return out;
}

function earlierMonth(month: string, period: Period): string {
  if (period === 'all') return month;
  const start =
    period === 'quarter'
      ? `${month.slice(0, 4)}-${String(Math.floor((Number(month.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}`
      : month;
  let m = start;
  for (let i = 0; i < (period === 'quarter' ? 3 : 1); i++) m = previousPeriod(m)!;
  return m;
}

/** Complaint measures for the same dates, when the complaints plugin is enabled. */
export async function serviceMeasures(ports: Ports, from: string | undefined, to: string | undefined) {
  const complaints = ports.complaints();
  if (!complaints || !from || !to) return null;
  return complaints.statsFor({ from, to });
}

/** SERVQUAL gaps of the responses given under one indicator system version. */
export async function gapsFor(
  deps: Deps,
  q: {
    systemId: string;
    campaignId?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
  },
): Promise<GapReport & { systemId: string }> {
  const system = await loadSystem(deps.db, q.systemId);
  if (!system) throw notFound('Indicator system', q.systemId);
  let query = deps.db
    .selectFrom('sat_answer as a')
    .innerJoin('sat_response as r', 'r.id', 'a.response_id')
    .innerJoin('sat_question as qu', 'qu.id', 'a.question_id')
    .select(['qu.indicator_id', 'a.value', 'a.expectation'])
    .where('r.system_id', '=', q.systemId)
    .where('r.status', '=', 'submitted')
    .where('qu.type', '=', 'servqual')
    .where('a.value', 'is not', null)
    .where('a.expectation', 'is not', null);
  if (q.campaignId) query = query.where('r.campaign_id', '=', q.campaignId);
  if (q.from) query = query.where('r.submitted_on', '>=', q.from);
  if (q.to) query = query.where('r.submitted_on', '<=', q.to);
  const rows = await query.execute();
  const byId = new Map(system.indicators.map((i) => [i.id, i]));
  const dimensionOf = (id: string): string => {
    let node = byId.get(id)!;
    while (node.parentId) node = byId.get(node.parentId)!;
    return node.id;
  };
  const report = servqualGaps(
    rows
      .filter((r) => byId.has(r.indicator_id as string))
      .map((r) => ({
        indicatorId: r.indicator_id as string,
        dimensionId: dimensionOf(r.indicator_id as string),
        expectation: Number(r.expectation),
        perception: Number(r.value),
      })),
    new Map(
      system.indicators
        .filter((i) => i.level === 1 && i.localWeight !== null)
        .map((i) => [i.id, i.localWeight!]),
    ),
  );
  return { systemId: q.systemId, ...report };
}
