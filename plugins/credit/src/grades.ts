import { type Labels, z } from '@kehu/core';

/** The two grade scales a company can choose from, best grade first. */
export const GRADE_SCALES = {
  'AAA-D': ['AAA', 'AA', 'A', 'BBB', 'BB', 'B', 'CCC', 'CC', 'C', 'D'],
  'A-D': ['A', 'B', 'C', 'D'],
} as const satisfies Record<string, readonly string[]>;

export type GradeScale = keyof typeof GRADE_SCALES;
export const GRADE_SCALE_NAMES = Object.keys(GRADE_SCALES) as GradeScale[];

/** What a grade allows. Amounts are minor units of the policy currency. */
export const GradePolicySchema = z.strictObject({
  grade: z.string().min(1).max(10),
  /** The lowest total score (0–100) that earns this grade. */
  minScore: z.number().min(0).max(100),
  /** Whether the customer may buy on credit at all. */
  creditSales: z.boolean(),
  /** The longest payment term (days) a sale may have. */
  maxTermDays: z.number().int().min(0).max(3650),
  /** The highest fixed limit; null: no ceiling. */
  maxLimit: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable(),
});
export type GradePolicy = z.output<typeof GradePolicySchema>;

const yuan = (n: number) => n * 100;

/** Defaults per scale. Thresholds spread the 0–100 score evenly; policies tighten towards the bottom. */
export const DEFAULT_GRADE_POLICIES: Record<GradeScale, GradePolicy[]> = {
  'AAA-D': [
    { grade: 'AAA', minScore: 90, creditSales: true, maxTermDays: 30, maxLimit: null },
    { grade: 'AA', minScore: 80, creditSales: true, maxTermDays: 30, maxLimit: yuan(5_000_000) },
    { grade: 'A', minScore: 70, creditSales: true, maxTermDays: 30, maxLimit: yuan(2_000_000) },
    { grade: 'BBB', minScore: 60, creditSales: true, maxTermDays: 20, maxLimit: yuan(1_000_000) },
    { grade: 'BB', minScore: 50, creditSales: true, maxTermDays: 15, maxLimit: yuan(500_000) },
    { grade: 'B', minScore: 40, creditSales: true, maxTermDays: 10, maxLimit: yuan(200_000) },
    { grade: 'CCC', minScore: 30, creditSales: false, maxTermDays: 0, maxLimit: 0 },
    { grade: 'CC', minScore: 20, creditSales: false, maxTermDays: 0, maxLimit: 0 },
    { grade: 'C', minScore: 10, creditSales: false, maxTermDays: 0, maxLimit: 0 },
    { grade: 'D', minScore: 0, creditSales: false, maxTermDays: 0, maxLimit: 0 },
  ],
  'A-D': [
    { grade: 'A', minScore: 80, creditSales: true, maxTermDays: 30, maxLimit: null },
    { grade: 'B', minScore: 60, creditSales: true, maxTermDays: 20, maxLimit: yuan(1_000_000) },
    { grade: 'C', minScore: 40, creditSales: false, maxTermDays: 0, maxLimit: 0 },
    { grade: 'D', minScore: 0, creditSales: false, maxTermDays: 0, maxLimit: 0 },
  ],
};

export const GRADE_LABELS: Record<GradeScale, Record<string, Labels>> = {
  'AAA-D': {
    AAA: { en: 'AAA — excellent credit', 'zh-CN': 'AAA 信用极好' },
    AA: { en: 'AA — very good credit', 'zh-CN': 'AA 信用优良' },
    A: { en: 'A — good credit', 'zh-CN': 'A 信用较好' },
    BBB: { en: 'BBB — fair credit', 'zh-CN': 'BBB 信用一般' },
    BB: { en: 'BB — below average', 'zh-CN': 'BB 信用欠佳' },
    B: { en: 'B — poor credit', 'zh-CN': 'B 信用较差' },
    CCC: { en: 'CCC — very poor credit', 'zh-CN': 'CCC 信用很差' },
    CC: { en: 'CC — extremely poor credit', 'zh-CN': 'CC 信用极差' },
    C: { en: 'C — near default', 'zh-CN': 'C 濒临违约' },
    D: { en: 'D — no credit', 'zh-CN': 'D 没有信用' },
  },
  'A-D': {
    A: { en: 'A — good credit', 'zh-CN': 'A 信用良好' },
    B: { en: 'B — fair credit', 'zh-CN': 'B 信用一般' },
    C: { en: 'C — poor credit', 'zh-CN': 'C 信用较差' },
    D: { en: 'D — no credit', 'zh-CN': 'D 没有信用' },
  },
};

/** The grade a total score earns: the best grade whose threshold it reaches. */
export function gradeForScore(score: number, grades: readonly GradePolicy[]): string {
  for (const g of grades) if (score >= g.minScore) return g.grade;
  return grades.at(-1)!.grade;
}

/** The grade `steps` below `grade` on the scale, stopping at the bottom. */
export function lowerGrade(grade: string, steps: number, grades: readonly GradePolicy[]): string {
  const index = grades.findIndex((g) => g.grade === grade);
  if (index < 0) return grades.at(-1)!.grade;
  return grades[Math.min(index + Math.max(0, steps), grades.length - 1)]!.grade;
}
