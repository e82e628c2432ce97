import { createKernel, silentLogger } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { CreditConfigSchema, initialPolicy } from '../src/config.js';
import { DEFAULT_GRADE_POLICIES, GRADE_SCALES, gradeForScore, lowerGrade } from '../src/grades.js';
import { creditPlugin } from '../src/index.js';
import { policyProblems } from '../src/policy.js';
import { FIVE_C, matchScores, totalScore, weightsSumToOne } from '../src/scoring.js';

const ten = DEFAULT_GRADE_POLICIES['AAA-D'];
const four = DEFAULT_GRADE_POLICIES['A-D'];

describe('grade scales', () => {
  it('maps a total score to the best grade whose threshold it reaches', () => {
    expect(gradeForScore(100, ten)).toBe('AAA');
    expect(gradeForScore(90, ten)).toBe('AAA');
    expect(gradeForScore(89.99, ten)).toBe('AA');
    expect(gradeForScore(73, ten)).toBe('A');
    expect(gradeForScore(0, ten)).toBe('D');
    expect(gradeForScore(79.5, four)).toBe('B');
    expect(gradeForScore(80, four)).toBe('A');
  });

  it('lowers a grade by steps and stops at the bottom', () => {
    expect(lowerGrade('AA', 2, ten)).toBe('BBB');
    expect(lowerGrade('C', 5, ten)).toBe('D');
    expect(lowerGrade('A', 1, four)).toBe('B');
    expect(lowerGrade('A', 0, four)).toBe('A');
  });

  it('ships defaults that satisfy its own policy rules on both scales', () => {
    for (const scale of ['AAA-D', 'A-D'] as const) {
      expect(DEFAULT_GRADE_POLICIES[scale].map((g) => g.grade)).toEqual([...GRADE_SCALES[scale]]);
      expect(policyProblems({ scale, grades: DEFAULT_GRADE_POLICIES[scale], factors: FIVE_C })).toEqual([]);
    }
  });
});

describe('5C scoring', () => {
  it('weighs the factor scores into a total rounded to two decimals', () => {
    const { scores } = matchScores(FIVE_C, {
      character: 90,
      capacity: 80,
      capital: 70,
      collateral: 60,
      conditions: 50,
    });
    expect(totalScore(scores)).toBe(73);
    const odd = matchScores(FIVE_C, {
      character: 33.333,
      capacity: 66.667,
      capital: 12.345,
      collateral: 99.999,
      conditions: 0,
    });
    expect(totalScore(odd.scores)).toBe(42.47);
  });

  it('reports missing and unknown factors', () => {
    const r = matchScores(FIVE_C, { character: 50, capacity: 50, cash: 10 });
    expect(r.missing).toEqual(['capital', 'collateral', 'conditions']);
    expect(r.unknown).toEqual(['cash']);
  });

  it('accepts weights that sum to 1 within rounding and nothing else', () => {
    expect(weightsSumToOne([{ weight: 0.1 }, { weight: 0.2 }, { weight: 0.7 }])).toBe(true);
    expect(weightsSumToOne([{ weight: 0.3 }, { weight: 0.3 }, { weight: 0.3 }])).toBe(false);
    expect(weightsSumToOne([{ weight: 0.5 }, { weight: 0.5 }, { weight: 0.01 }])).toBe(false);
  });
});

describe('policy rules', () => {
  it('names every problem of a bad policy', () => {
    const grades = four.map((g) => ({ ...g }));
    grades[2]!.minScore = 70;
    grades[3]!.minScore = 5;
    const problems = policyProblems({
      scale: 'A-D',
      grades,
      factors: [
        { key: 'character', weight: 0.6, labels: { en: 'C', 'zh-CN': '品德' } },
        { key: 'character', weight: 0.6, labels: { en: 'C', 'zh-CN': '品德' } },
      ],
    });
    expect(problems.map((p) => p.code).sort()).toEqual([
      'duplicate_factor',
      'lowest_threshold_not_zero',
      'thresholds_not_descending',
      'weights_must_sum_to_one',
    ]);
  });

  it('refuses grades that are not the scale', () => {
    expect(policyProblems({ scale: 'AAA-D', grades: four, factors: FIVE_C }).map((p) => p.code)).toEqual([
      'grades_do_not_match_scale',
    ]);
  });

  it('builds the first policy from config: scale picks the default grades', () => {
    const c = CreditConfigSchema.parse({ scale: 'A-D' });
    expect(initialPolicy(c).grades.map((g) => g.grade)).toEqual(['A', 'B', 'C', 'D']);
    expect(initialPolicy(c).factors.map((f) => f.key)).toEqual([
      'character',
      'capacity',
      'capital',
      'collateral',
      'conditions',
    ]);
  });

  it('refuses to boot with factor weights that do not sum to 1, naming the plugin and field', async () => {
    const factors = FIVE_C.map((f) => ({ ...f, weight: 0.3 }));
    await expect(
      createKernel({
        database: { url: ':memory:' },
        logger: silentLogger,
        plugins: [creditPlugin],
        config: { credit: { factors } },
      }),
    ).rejects.toThrow(
      /Plugin "credit" has invalid configuration: config\.factors: The factor weights sum to 1\.5, not 1/,
    );
  });
});
