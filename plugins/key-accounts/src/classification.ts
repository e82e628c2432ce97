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
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

const byCode = (x: RevenueLine, y: RevenueLine) => (x.code < y.code ? -1 : x.code > y.code ? 1 : 0);

/**
 * The fixed ABC method. Sort by revenue descending, ties by customer code. A customer is A while the
 * cumulative share *before* it is below the A threshold, so the customer crossing the line is A; then
 * B while it is below the B threshold; the rest C. Zero or negative revenue is C and does not count
 * towards the total. Every comparison is exact: `before / total < threshold / 10000` is tested as
 * `before × 10000 < threshold × total`.
 *
 * Bigint arithmetic is exact but slow (a run over 100,000 customers spent most of its time in it),
 * so the work is done on doubles whenever the positive total fits a double exactly, which real
 * revenue does; bigints take over only beyond 2^53.
 */
export function classify(
  lines: readonly RevenueLine[],
  thresholds: { a: number; b: number },
): ClassifiedLine[] {
  const amounts = safeAmounts(lines);
  return amounts ? classifySafe(lines, amounts, thresholds) : classifyBig(lines, thresholds);
}

/** Each revenue as a number, when every one and the positive total are safe integers. */
function safeAmounts(lines: readonly RevenueLine[]): Float64Array | null {
  const amounts = new Float64Array(lines.length);
  let total = 0;
  for (let i = 0; i < lines.length; i++) {
    const n = Number(lines[i]!.revenue);
    if (!Number.isSafeInteger(n)) return null;
    if (n > 0) total += n;
    if (total > Number.MAX_SAFE_INTEGER) return null;
    amounts[i] = n;
  }
  return amounts;
}

/**
 * `floor(x × 1,000,000 / total)` for safe integers 0 ≤ x ≤ total: the double quotient is off by
 * far less than one, so it is checked exactly only when it lies close to an integer.
 */
function ppmOf(x: number, total: number): number {
  const q = (x * 1_000_000) / total;
  const k = Math.floor(q);
  if (q - k > 1e-6 && k + 1 - q > 1e-6) return k;
  return Number((BigInt(x) * PPM) / BigInt(total));
}

function classifySafe(
  lines: readonly RevenueLine[],
  amounts: Float64Array,
  thresholds: { a: number; b: number },
): ClassifiedLine[] {
  const order = Array.from(lines.keys()).sort(
    (x, y) => amounts[y]! - amounts[x]! || byCode(lines[x]!, lines[y]!),
  );
  const sorted = order.map((i) => ({ line: lines[i]!, amount: amounts[i]! }));
  let total = 0;
  for (const { amount } of sorted) if (amount > 0) total += amount;
  // before × 10000 < t × total ⇔ before < ⌈t × total / 10000⌉ for an integer `before`.
  const cut = (t: number) => Number((BigInt(t) * BigInt(total) + BASIS - 1n) / BASIS);
  const a = cut(thresholds.a);
  const b = cut(thresholds.b);
  let cumulative = 0;
  return sorted.map(({ line, amount }, i) => {
    if (amount <= 0 || total === 0) return entry(line, i, 0, total === 0 ? 0 : 1_000_000, 'C');
    const before = cumulative;
    cumulative += amount;
    const cls = before < a ? 'A' : before < b ? 'B' : 'C';
    return entry(line, i, ppmOf(amount, total), ppmOf(cumulative, total), cls);
  });
}

// A literal, not a spread: spreading 100,000 lines cost more than the rest of the method.
const entry = (
  l: RevenueLine,
  i: number,
  sharePpm: number,
  cumulativePpm: number,
  cls: ClassifiedLine['class'],
): ClassifiedLine => ({
  customerId: l.customerId,
  code: l.code,
  revenue: l.revenue,
  rank: i + 1,
  sharePpm,
  cumulativePpm,
  class: cls,
});

function classifyBig(lines: readonly RevenueLine[], thresholds: { a: number; b: number }): ClassifiedLine[] {
  const sorted = [...lines].sort((x, y) =>
    x.revenue === y.revenue ? byCode(x, y) : x.revenue > y.revenue ? -1 : 1,
  );
  let total = 0n;
  for (const l of sorted) if (l.revenue > 0n) total += l.revenue;
  const a = BigInt(thresholds.a) * total;
  const b = BigInt(thresholds.b) * total;
  let cumulative = 0n;
  return sorted.map((l, i) => {
    if (l.revenue <= 0n || total === 0n) return entry(l, i, 0, total === 0n ? 0 : 1_000_000, 'C');
    const before = cumulative * BASIS;
    cumulative += l.revenue;
    const cls = before < a ? 'A' : before < b ? 'B' : 'C';
    return entry(l, i, Number((l.revenue * PPM) / total), Number((cumulative * PPM) / total), cls);
  });
}
