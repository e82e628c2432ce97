import type { AbcClass } from './contract.js';

export interface RevenueLine {
  customerId: string;
  code: string;
  /** Minor units of the run's currency over the window; zero or negative when credit notes outweigh sales. */
  revenue: bigint;
}

export interface ClassifiedLine extends RevenueLine {
  rank: number;
  /** Parts per million of the positive total, rounded down. */
  sharePpm: number;
  /** Cumulative share after this customer, parts per million, rounded down. */
  cumulativePpm: number;
  class: Exclude<AbcClass, 'none'>;
}

const PPM = 1_000_000n;
const BASIS = 10_000n;

/**
 * The fixed ABC method. Sort by revenue descending, ties by customer code. A customer is A while the
 * cumulative share *before* it is below the A threshold, so the customer crossing the line is A; then
 * B while it is below the B threshold; the rest C. Zero or negative revenue is C and does not count
 * towards the total. Every comparison is exact: `before / total < threshold / 10000` is tested as
 * `before × 10000 < threshold × total` in BigInt.
 */
export function classify(
  lines: readonly RevenueLine[],
  thresholds: { a: number; b: number },
): ClassifiedLine[] {
  const sorted = [...lines].sort((x, y) =>
    x.revenue === y.revenue
      ? x.code < y.code
        ? -1
        : x.code > y.code
          ? 1
          : 0
      : x.revenue > y.revenue
        ? -1
        : 1,
  );
  let total = 0n;
  for (const l of sorted) if (l.revenue > 0n) total += l.revenue;
  const a = BigInt(thresholds.a) * total;
  const b = BigInt(thresholds.b) * total;
  let cumulative = 0n;
  return sorted.map((l, i) => {
    if (l.revenue <= 0n || total === 0n)
      return { ...l, rank: i + 1, sharePpm: 0, cumulativePpm: total === 0n ? 0 : 1_000_000, class: 'C' };
    const before = cumulative * BASIS;
    cumulative += l.revenue;
    return {
      ...l,
      rank: i + 1,
      sharePpm: Number((l.revenue * PPM) / total),
      cumulativePpm: Number((cumulative * PPM) / total),
      class: before < a ? 'A' : before < b ? 'B' : 'C',
    };
  });
}
