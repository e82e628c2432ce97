/**
 * The satisfaction measures. Every figure comes with its n: only answered questions count, so a
 * skipped or "not applicable" answer changes neither the numerator nor the denominator.
 */

export interface Figure {
  value: number | null;
  n: number;
}

export type NpsCategory = 'promoter' | 'passive' | 'detractor';

/** 0–10 "how likely to recommend": 9–10 promoters, 7–8 passives, 0–6 detractors. */
export const npsCategory = (score: number): NpsCategory =>
  score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';

/** Net promoter score from counts: % promoters − % detractors, −100…100. */
export function npsFrom(promoters: number, detractors: number, n: number): Figure {
  return { value: n === 0 ? null : ((promoters - detractors) / n) * 100, n };
}

export function nps(
  scores: readonly number[],
): Figure & { promoters: number; passives: number; detractors: number } {
  let promoters = 0;
  let detractors = 0;
  for (const s of scores) {
    const c = npsCategory(s);
    if (c === 'promoter') promoters++;
    else if (c === 'detractor') detractors++;
  }
  const n = scores.length;
  return {
    ...npsFrom(promoters, detractors, n),
    promoters,
    passives: n - promoters - detractors,
    detractors,
  };
}

/** CSAT: the share (%) of 4 and 5 answers on the 1–5 scale. */
export const CSAT_SATISFIED = 4;
export const csatFrom = (satisfied: number, n: number): Figure => ({
  value: n === 0 ? null : (satisfied / n) * 100,
  n,
});
export const csat = (scores: readonly number[]): Figure =>
  csatFrom(scores.filter((s) => s >= CSAT_SATISFIED).length, scores.length);

/** CES on 1–7 (7 = very easy): the mean, and the share (%) of the top two boxes (6 and 7). */
export const CES_TOP_TWO = 6;
export function cesFrom(sum: number, topTwo: number, n: number): Figure & { topTwoBox: number | null } {
  return { value: n === 0 ? null : sum / n, topTwoBox: n === 0 ? null : (topTwo / n) * 100, n };
}
export const ces = (scores: readonly number[]) =>
  cesFrom(
    scores.reduce((s, v) => s + v, 0),
    scores.filter((s) => s >= CES_TOP_TWO).length,
    scores.length,
  );

/** A rating on [min, max] as 0–100. */
export const normalise = (value: number, min: number, max: number): number =>
  max === min ? 100 : ((value - min) / (max - min)) * 100;

/**
 * CSI (customer satisfaction index) of one response, 0–100: Σ global weight × normalised indicator
 * score over the indicators it answered, divided by the weight they cover (an unanswered indicator
 * is left out rather than counted as zero). Null when no weighted indicator was answered.
 */
export function csi(items: readonly { weight: number; score: number }[]): number | null {
  let covered = 0;
  let sum = 0;
  for (const item of items) {
    covered += item.weight;
    sum += item.weight * item.score;
  }
  return covered > 0 ? sum / covered : null;
}

/** Mean of the values, null for none. */
export const mean = (values: readonly number[]): number | null =>
  values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;

export interface GapItem {
  indicatorId: string;
  dimensionId: string;
  expectation: number;
  perception: number;
}

export interface GapReport {
  items: { indicatorId: string; dimensionId: string; gap: number; n: number }[];
  dimensions: { dimensionId: string; gap: number; items: number; n: number }[];
  /** Mean of the dimension gaps. */
  overall: number | null;
  /** Dimension gaps weighted by the dimensions' weights (over the dimensions answered). */
  weighted: number | null;
  n: number;
}

/**
 * SERVQUAL gaps: item gap = mean(perception − expectation) over its answers, dimension gap = mean of
 * its item gaps, overall gap = mean of the dimension gaps, unweighted and weighted.
 */
export function servqualGaps(
  answers: readonly GapItem[],
  dimensionWeight: ReadonlyMap<string, number>,
): GapReport {
  const byItem = new Map<string, { dimensionId: string; diffs: number[] }>();
  for (const a of answers) {
    const entry = byItem.get(a.indicatorId) ?? { dimensionId: a.dimensionId, diffs: [] };
    entry.diffs.push(a.perception - a.expectation);
    byItem.set(a.indicatorId, entry);
  }
  const items = [...byItem].map(([indicatorId, e]) => ({
    indicatorId,
    dimensionId: e.dimensionId,
    gap: mean(e.diffs)!,
    n: e.diffs.length,
  }));
  const byDimension = new Map<string, typeof items>();
  for (const item of items)
    byDimension.set(item.dimensionId, [...(byDimension.get(item.dimensionId) ?? []), item]);
  const dimensions = [...byDimension].map(([dimensionId, list]) => ({
    dimensionId,
    gap: mean(list.map((i) => i.gap))!,
    items: list.length,
    n: list.reduce((s, i) => s + i.n, 0),
  }));
  let covered = 0;
  let weightedSum = 0;
  for (const d of dimensions) {
    const w = dimensionWeight.get(d.dimensionId);
    if (w === undefined) continue;
    covered += w;
    weightedSum += w * d.gap;
  }
  return {
    items,
    dimensions,
    overall: mean(dimensions.map((d) => d.gap)),
    weighted: covered > 0 ? weightedSum / covered : null,
    n: answers.length,
  };
}

/** Pearson's r of paired values; null with fewer than three pairs or no variance. */
export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length;
  if (n < 3 || ys.length !== n) return null;
  const mx = mean(xs)!;
  const my = mean(ys)!;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}
