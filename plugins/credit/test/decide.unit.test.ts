import { describe, expect, it } from 'vitest';
import { CreditConfigSchema, initialPolicy } from '../src/config.js';
import { type DecisionInput, decide } from '../src/decide.js';
import type { ProfileRow } from '../src/profiles.js';

const policy = initialPolicy(CreditConfigSchema.parse({}));
const profile = (p: Partial<ProfileRow> = {}): ProfileRow => ({
  customerId: 'c1',
  grade: 'A',
  score: 75,
  fixedLimit: 100_000,
  currency: 'CNY',
  maxTermDays: 30,
  nextReviewDate: null,
  evaluatedAt: null,
  createdAt: '',
  updatedAt: '',
  version: 1,
  ...p,
});
const input = (i: Partial<DecisionInput> = {}): DecisionInput => ({
  customerId: 'c1',
  amount: 10_000,
  currency: 'CNY',
  termDays: 30,
  withoutProfile: 'refuse',
  profile: profile(),
  policy,
  holds: [],
  temporaryLimit: 0,
  exposure: { total: 0, receivables: 0, contributed: 0, contributions: [] },
  overdue: null,
  override: null,
  now: '2026-03-01T00:00:00.000Z',
  ...i,
});
const codes = (i: Partial<DecisionInput>) => decide(input(i)).reasons.map((r) => r.code);

describe('the credit decision', () => {
  it('approves a sale within the available limit and reports the figures', () => {
    const r = decide(
      input({
        exposure: { total: 60_000, receivables: 50_000, contributed: 10_000, contributions: [] },
        temporaryLimit: 5_000,
        amount: 45_000,
      }),
    );
    expect(r).toMatchObject({
      approved: true,
      limit: { fixed: 100_000, temporary: 5_000, total: 105_000 },
      available: 45_000,
      reasons: [],
    });
  });

  it('refuses one minor unit over the available amount, with the shortfall', () => {
    const r = decide(
      input({
        exposure: { total: 60_000, receivables: 60_000, contributed: 0, contributions: [] },
        amount: 40_001,
      }),
    );
    expect(r.approved).toBe(false);
    expect(r.reasons).toEqual([
      expect.objectContaining({
        code: 'limit_exceeded',
        data: { exposure: 60_000, amount: 40_001, limit: 100_000, available: 40_000, shortfall: 1 },
      }),
    ]);
  });

  it('lists every reason at once', () => {
    expect(
      codes({
        profile: profile({ grade: 'CCC' }),
        holds: [
          {
            id: 'h',
            customerId: 'c1',
            reason: 'overdue',
            sourceRef: null,
            note: null,
            placedAt: '',
            placedBy: null,
            releasedAt: null,
            releasedBy: null,
            releaseNote: null,
          },
        ],
        overdue: {
          hasOverdue: true,
          overdueAmounts: [{ currency: 'CNY', amount: 5 }],
          oldestOverdueDays: 3,
          deliveryBlocked: false,
        },
        amount: 200_000,
        termDays: 45,
      }),
    ).toEqual(['on_hold', 'credit_sales_not_allowed', 'overdue', 'limit_exceeded', 'term_exceeds_maximum']);
  });

  it('caps the fixed limit at the grade ceiling and the term at the grade maximum', () => {
    const r = decide(
      input({
        profile: profile({ grade: 'B', fixedLimit: 50_000_000, maxTermDays: 60 }),
        amount: 0,
        termDays: 11,
      }),
    );
    expect(r.limit!.fixed).toBe(20_000_000);
    expect(r.maxTermDays).toBe(10);
    expect(r.reasons.map((x) => x.code)).toEqual(['term_exceeds_maximum']);
  });

  it('refuses customers without a profile by default and lets them through when configured', () => {
    expect(codes({ profile: undefined })).toEqual(['no_credit_profile', 'limit_exceeded']);
    const allowed = decide(input({ profile: undefined, withoutProfile: 'allow' }));
    expect(allowed).toMatchObject({ approved: true, limit: null, available: null, maxTermDays: null });
    expect(
      codes({
        profile: undefined,
        withoutProfile: 'allow',
        overdue: {
          hasOverdue: true,
          overdueAmounts: [{ currency: 'CNY', amount: 1 }],
          oldestOverdueDays: 1,
          deliveryBlocked: false,
        },
      }),
    ).toEqual(['overdue']);
  });

  it('refuses an ungraded profile and a sale in another currency', () => {
    expect(codes({ profile: profile({ grade: null }) })).toEqual(['not_graded']);
    expect(codes({ currency: 'USD' })).toEqual(['currency_mismatch']);
  });

  it('lets a valid override waive the reasons and refuses with an unusable one', () => {
    const waived = decide(input({ amount: 500_000, override: { id: 'o1', problem: null } }));
    expect(waived).toMatchObject({ approved: true, override: { id: 'o1', waived: ['limit_exceeded'] } });
    const bad = decide(input({ override: { id: 'o1', problem: 'Exception o1 is used' } }));
    expect(bad.approved).toBe(false);
    expect(bad.reasons.map((r) => r.code)).toEqual(['override_invalid']);
  });
});

describe('money in the credit decision', () => {
  it('formats refusal figures by the currency exponent: ¥50,000 is not "500.00 JPY"', () => {
    const r = decide(
      input({
        currency: 'JPY',
        amount: 50_000,
        profile: profile({ currency: 'JPY', fixedLimit: 40_000 }),
        // Credit in yen, without ceilings of its own.
        policy: {
          ...policy,
          otherCurrencies: { JPY: Object.fromEntries(policy.grades.map((g) => [g.grade, null])) },
        },
      }),
    );
    const detail = r.reasons.find((x) => x.code === 'limit_exceeded')!.detail;
    expect(detail).toContain('¥50,000');
    expect(detail).toContain('¥40,000');
    expect(detail).not.toContain('500.00');
  });

  it('keeps overdue amounts per currency: 1,000 fen and ¥50,000 are not 51000', () => {
    const r = decide(
      input({
        overdue: {
          hasOverdue: true,
          overdueAmounts: [
            { currency: 'CNY', amount: 1_000 },
            { currency: 'JPY', amount: 50_000 },
          ],
          oldestOverdueDays: 3,
          deliveryBlocked: false,
        },
      }),
    );
    const reason = r.reasons.find((x) => x.code === 'overdue')!;
    expect(reason.data).toMatchObject({
      overdueAmounts: [
        { currency: 'CNY', amount: 1_000 },
        { currency: 'JPY', amount: 50_000 },
      ],
    });
    expect(reason.detail).toContain('CN¥10.00 + ¥50,000');
    expect(JSON.stringify(reason.data)).not.toContain('51000');
  });
});
