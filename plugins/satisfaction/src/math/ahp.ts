/**
 * The analytic hierarchy process (AHP, 层次分析法) for one group of sibling indicators: weights from a
 * pairwise comparison matrix on Saaty's 1–9 scale, and its consistency.
 *
 * Weights are the principal eigenvector, found by power iteration (repeated multiplication by the
 * matrix, normalised to sum 1, until no weight moves by more than 1e-12). λmax is the mean of
 * (A·w)ᵢ / wᵢ; CI = (λmax − n) / (n − 1); CR = CI / RI(n).
 */

/** Saaty's random consistency index for n = 1…10. */
export const RANDOM_INDEX = [0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49] as const;

/** A comparison ratio is consistent enough below this (Saaty's 10 % rule). */
export const CR_LIMIT = 0.1;

/** The values of Saaty's scale: 1…9 and their reciprocals. */
export const SAATY_VALUES: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((v) =>
  v === 1 ? [1] : [v, 1 / v],
);

export interface AhpResult {
  weights: number[];
  lambdaMax: number;
  ci: number;
  /** Null for n ≤ 2 (RI = 0: any such matrix is consistent). */
  cr: number | null;
  consistent: boolean;
}

export interface MatrixProblem {
  path: string;
  message: string;
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

/** Is `v` on Saaty's scale (1…9 or 1/9…1/2)? */
export const onSaatyScale = (v: number): boolean => SAATY_VALUES.some((s) => close(s, v));

/**
 * What is wrong with a comparison matrix: not square, not 1 on the diagonal, off Saaty's scale, or
 * an entry whose mirror is not its reciprocal (aᵢⱼ · aⱼᵢ = 1).
 */
export function matrixProblems(matrix: readonly (readonly number[])[]): MatrixProblem[] {
  const n = matrix.length;
  const problems: MatrixProblem[] = [];
  if (n < 1 || n > RANDOM_INDEX.length)
    return [{ path: 'matrix', message: `Between 1 and ${RANDOM_INDEX.length} rows` }];
  matrix.forEach((row, i) => {
    if (row.length !== n) problems.push({ path: `matrix.${i}`, message: `${n} entries, one per indicator` });
  });
  if (problems.length > 0) return problems;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const v = matrix[i]![j]!;
      const path = `matrix.${i}.${j}`;
      if (i === j && v !== 1) problems.push({ path, message: 'An indicator compared with itself is 1' });
      else if (!Number.isFinite(v) || v <= 0 || !onSaatyScale(v))
        problems.push({ path, message: "On Saaty's scale: 1 to 9 or a reciprocal 1/2 to 1/9" });
      else if (j > i && !close(v * matrix[j]![i]!, 1))
        problems.push({ path, message: `Entry [${j}][${i}] must be the reciprocal 1/${v}` });
    }
  return problems;
}

/** Weights, λmax, CI and CR of a valid comparison matrix (check {@link matrixProblems} first). */
export function ahp(matrix: readonly (readonly number[])[]): AhpResult {
  const n = matrix.length;
  let w = new Array<number>(n).fill(1 / n);
  for (let iteration = 0; iteration < 10_000; iteration++) {
    const next = matrix.map((row) => row.reduce((s, a, j) => s + a * w[j]!, 0));
    const total = next.reduce((s, v) => s + v, 0);
    for (let i = 0; i < n; i++) next[i] = next[i]! / total;
    const moved = Math.max(...next.map((v, i) => Math.abs(v - w[i]!)));
    w = next;
    if (moved < 1e-12) break;
  }
  const aw = matrix.map((row) => row.reduce((s, a, j) => s + a * w[j]!, 0));
  const lambdaMax = aw.reduce((s, v, i) => s + v / w[i]!, 0) / n;
  const ci = n <= 1 ? 0 : Math.max(0, (lambdaMax - n) / (n - 1));
  const ri = RANDOM_INDEX[n - 1]!;
  const cr = ri === 0 ? null : ci / ri;
  return { weights: w, lambdaMax, ci, cr, consistent: cr === null || cr < CR_LIMIT };
}
