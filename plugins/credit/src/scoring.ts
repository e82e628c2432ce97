import { z } from '@kehu/core';
import { LabelsSchema, Score } from './fields.js';

/** One factor of the scoring model and its weight in the total. */
export const ScoringFactorSchema = z.strictObject({
  key: z.string().regex(/^[a-z][a-zA-Z0-9_]{0,49}$/, 'A lower-camel or snake-case key'),
  weight: z.number().gt(0).max(1),
  labels: LabelsSchema,
});
export type ScoringFactor = z.output<typeof ScoringFactorSchema>;

/** The 5C model (品德、能力、资本、担保品、环境): character and capacity weigh most. */
export const FIVE_C: ScoringFactor[] = [
  { key: 'character', weight: 0.25, labels: { en: 'Character', 'zh-CN': '品德' } },
  { key: 'capacity', weight: 0.25, labels: { en: 'Capacity', 'zh-CN': '能力' } },
  { key: 'capital', weight: 0.2, labels: { en: 'Capital', 'zh-CN': '资本' } },
  { key: 'collateral', weight: 0.15, labels: { en: 'Collateral', 'zh-CN': '担保品' } },
  { key: 'conditions', weight: 0.15, labels: { en: 'Conditions', 'zh-CN': '环境' } },
];

/** Weights are decimals typed by people: 0.1 + 0.2 must still count as 0.3. */
const WEIGHT_TOLERANCE = 1e-6;

export function weightsSumToOne(factors: readonly { weight: number }[]): boolean {
  const sum = factors.reduce((s, f) => s + f.weight, 0);
  return Math.abs(sum - 1) <= WEIGHT_TOLERANCE;
}

/** A factor's score, with the weight in force when it was scored. */
export const FactorScoreSchema = z.object({ key: z.string(), weight: z.number(), score: Score });
export type FactorScore = z.output<typeof FactorScoreSchema>;

/** The weighted total of factor scores (each 0–100), rounded to two decimals. */
export function totalScore(scores: readonly FactorScore[]): number {
  const total = scores.reduce((s, f) => s + f.weight * f.score, 0);
  return Math.round(total * 100) / 100;
}

/**
 * Pairs the submitted scores with the model's factors; returns the factors that are missing and the
 * keys the model does not know, so the caller can refuse the evaluation.
 */
export function matchScores(
  factors: readonly ScoringFactor[],
  submitted: Readonly<Record<string, number>>,
): { scores: FactorScore[]; missing: string[]; unknown: string[] } {
  const known = new Set(factors.map((f) => f.key));
  return {
    scores: factors
      .filter((f) => submitted[f.key] !== undefined)
      .map((f) => ({ key: f.key, weight: f.weight, score: submitted[f.key]! })),
    missing: factors.filter((f) => submitted[f.key] === undefined).map((f) => f.key),
    unknown: Object.keys(submitted).filter((k) => !known.has(k)),
  };
}
