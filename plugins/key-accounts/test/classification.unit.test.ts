import { describe, expect, it } from 'vitest';
import { classify } from '../src/classification.js';

const line = (code: string, revenue: bigint) => ({ customerId: code, code, revenue });

describe('the ABC method', () => {
  it('makes the customer crossing the A line A, the one starting exactly on it B', () => {
    const crossing = classify([line('a', 70n), line('b', 20n), line('c', 10n)], { a: 8000, b: 9500 });
    expect(crossing.map((l) => l.class)).toEqual(['A', 'A', 'B']);
    const exact = classify([line('a', 80n), line('b', 20n)], { a: 8000, b: 9500 });
    expect(exact.map((l) => l.class)).toEqual(['A', 'B']);
  });

  it('breaks ties by customer code, puts zero and negative revenue in C, and never drifts on huge sums', () => {
    const out = classify([line('K-2', 5n), line('K-1', 5n), line('Z', 90n), line('N', -3n), line('O', 0n)], {
      a: 8000,
      b: 9500,
    });
    expect(out.map((l) => [l.code, l.class])).toEqual([
      ['Z', 'A'],
      ['K-1', 'B'],
      ['K-2', 'C'],
      ['O', 'C'],
      ['N', 'C'],
    ]);
    // 0.8 × (x + y) compared exactly, far beyond 2^53.
    const big = 10n ** 18n;
    const huge = classify([line('a', 4n * big), line('b', big)], { a: 8000, b: 9500 });
    expect(huge.map((l) => l.class)).toEqual(['A', 'B']);
    expect(huge[0]!.sharePpm).toBe(800_000);
    // Exact on large totals that still fit a double: the second starts exactly on 80 % of 10^15.
    const wide = classify([line('a', 8n * 10n ** 14n), line('b', 2n * 10n ** 14n - 1n), line('c', 1n)], {
      a: 8000,
      b: 9500,
    });
    expect(wide.map((l) => [l.class, l.sharePpm, l.cumulativePpm])).toEqual([
      ['A', 800_000, 800_000],
      ['B', 199_999, 999_999],
      ['C', 0, 1_000_000],
    ]);
    // Ties by code hold past 2^53 too, where two amounts a double cannot tell apart must not tie.
    const apart = classify([line('b', big + 1n), line('a', big), line('c', big + 1n)], { a: 8000, b: 9500 });
    expect(apart.map((l) => l.code)).toEqual(['b', 'c', 'a']);
  });
});
