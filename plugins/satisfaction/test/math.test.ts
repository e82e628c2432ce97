import { describe, expect, it } from 'vitest';
import { ahp, matrixProblems } from '../src/math/ahp.js';
import { ces, csat, csi, normalise, nps, pearson, servqualGaps } from '../src/math/scores.js';
import { globalWeights, sumsToOne } from '../src/math/weights.js';
import { SAATY_HOUSE } from './fixtures.js';

describe('AHP', () => {
  it("reproduces Saaty's house example: weights, λmax 9.669, CI 0.238, CR 0.169", () => {
    const r = ahp(SAATY_HOUSE);
    expect(r.weights.map((w) => Number(w.toFixed(3)))).toEqual([
      0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333,
    ]);
    expect(r.lambdaMax).toBeCloseTo(9.669, 2);
    expect(r.ci).toBeCloseTo(0.238, 3);
    expect(r.cr).toBeCloseTo(0.169, 3);
    expect(r.consistent).toBe(false);
  });

  it('accepts a consistent matrix and weights it exactly', () => {
    const r = ahp([
      [1, 2, 4],
      [1 / 2, 1, 2],
      [1 / 4, 1 / 2, 1],
    ]);
    expect(r.weights[0]).toBeCloseTo(4 / 7, 9);
    expect(r.weights[1]).toBeCloseTo(2 / 7, 9);
    expect(r.lambdaMax).toBeCloseTo(3, 9);
    expect(r.cr).toBeCloseTo(0, 9);
    expect(r.consistent).toBe(true);
  });

  it('has no CR for two indicators (RI = 0)', () => {
    expect(
      ahp([
        [1, 3],
        [1 / 3, 1],
      ]).cr,
    ).toBeNull();
  });

  it('names entries off the scale, not reciprocal, or not 1 on the diagonal', () => {
    expect(
      matrixProblems([
        [1, 3],
        [3, 1],
      ]),
    ).toEqual([{ path: 'matrix.0.1', message: 'Entry [1][0] must be the reciprocal 1/3' }]);
    expect(
      matrixProblems([
        [1, 10],
        [0.1, 1],
      ]).map((p) => p.path),
    ).toEqual(['matrix.0.1', 'matrix.1.0']);
    expect(matrixProblems([[2]]).map((p) => p.path)).toEqual(['matrix.0.0']);
    expect(matrixProblems([[1, 2], [0.5]]).map((p) => p.path)).toEqual(['matrix.1']);
  });
});

describe('weights', () => {
  it('checks entered weights sum to 1', () => {
    expect(sumsToOne([0.5, 0.3, 0.2])).toBe(true);
    expect(sumsToOne([0.5, 0.3, 0.3])).toBe(false);
  });

  it('multiplies local weights down the path', () => {
    const g = globalWeights([
      { id: 'quality', parentId: null, localWeight: 0.6 },
      { id: 'service', parentId: null, localWeight: 0.4 },
      { id: 'packaging', parentId: 'quality', localWeight: 0.25 },
      { id: 'durability', parentId: 'quality', localWeight: 0.75 },
      { id: 'speed', parentId: 'service', localWeight: null },
    ]);
    expect(g.get('packaging')).toBeCloseTo(0.15, 12);
    expect(g.get('durability')).toBeCloseTo(0.45, 12);
    expect(g.get('speed')).toBeNull();
  });
});

describe('scores on hand-computed fixtures', () => {
  it('NPS: 3 promoters, 2 passives, 5 detractors of 10 → −20', () => {
    const r = nps([10, 9, 9, 8, 7, 6, 5, 3, 0, 6]);
    expect(r).toEqual({ value: -20, n: 10, promoters: 3, passives: 2, detractors: 5 });
  });

  it('CSAT: 3 of 4 answers are 4 or 5 → 75 %', () => {
    expect(csat([5, 4, 4, 2])).toEqual({ value: 75, n: 4 });
    expect(csat([])).toEqual({ value: null, n: 0 });
  });

  it('CES: mean and top-two-box share', () => {
    expect(ces([7, 6, 2, 5])).toEqual({ value: 5, topTwoBox: 50, n: 4 });
  });

  it('CSI: weights over the answered indicators only', () => {
    expect(normalise(4, 1, 5)).toBe(75);
    // 0.6 × 75 + 0.4 × 50 = 65; an unanswered indicator (weight 0.2) is not counted as zero.
    expect(
      csi([
        { weight: 0.3, score: 75 },
        { weight: 0.2, score: 50 },
      ]),
    ).toBeCloseTo(65, 12);
    expect(csi([])).toBeNull();
  });

  it('SERVQUAL gaps per item, dimension, overall and weighted', () => {
    const r = servqualGaps(
      [
        { indicatorId: 'a', dimensionId: 'D1', expectation: 6, perception: 4 },
        { indicatorId: 'a', dimensionId: 'D1', expectation: 6, perception: 5 },
        { indicatorId: 'b', dimensionId: 'D1', expectation: 5, perception: 5 },
        { indicatorId: 'c', dimensionId: 'D2', expectation: 4, perception: 6 },
      ],
      new Map([
        ['D1', 0.75],
        ['D2', 0.25],
      ]),
    );
    expect(r.items.find((i) => i.indicatorId === 'a')).toEqual({
      indicatorId: 'a',
      dimensionId: 'D1',
      gap: -1.5,
      n: 2,
    });
    expect(r.dimensions).toEqual([
      { dimensionId: 'D1', gap: -0.75, items: 2, n: 3 },
      { dimensionId: 'D2', gap: 2, items: 1, n: 1 },
    ]);
    expect(r.overall).toBeCloseTo(0.625, 12);
    expect(r.weighted).toBeCloseTo(0.75 * -0.75 + 0.25 * 2, 12);
  });

  it("Pearson's r", () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(pearson([1, 2], [1, 2])).toBeNull();
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNull();
  });
});
