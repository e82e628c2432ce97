import { addDays, type DemoSeedContext, newId, type Principal } from '@kehu/core';
import { DEFAULT_GRADE_POLICIES, gradeForScore } from './grades.js';
import type { CreditRuntime } from './runtime.js';
import { FIVE_C, totalScore } from './scoring.js';
import type { CreditDb } from './tables.js';

/** The plugin's parts per database, set in `setup`, so the demo seeder files requests through them. */
export const seedRuntimes = new WeakMap<object, CreditRuntime>();

/**
 * Demo data: most demo customers get a profile with an approved 5C evaluation and a fixed limit that
 * fits their grade; a few stay without a profile so the refusal path shows too.
 */
export async function seedCreditDemo(seed: DemoSeedContext): Promise<void> {
  const { kernel, customers, users, random } = seed;
  const db: CreditDb = kernel.database.db;
  const grades = DEFAULT_GRADE_POLICIES['AAA-D'];
  const author = users.sales_manager?.[0]?.id ?? users.admin?.[0]?.id ?? null;
  const approver = users.general_manager?.[0]?.id ?? users.admin?.[0]?.id ?? null;
  const iso = kernel.clock.now().toISOString();
  // The company's date, not UTC's: a review is due on a day of the company's calendar.
  const reviewDate = (days: number) => addDays(kernel.clock.today(), days);
  const existing = new Set(
    (await db.selectFrom('credit_profile').select('customer_id').execute()).map((r) => r.customer_id),
  );
  let done = 0;
  for (const customer of customers) {
    if (existing.has(customer.id) || random() < 0.2) continue;
    const scores = FIVE_C.map((f) => ({
      key: f.key,
      weight: f.weight,
      score: Math.round(35 + random() * 65),
    }));
    const score = totalScore(scores);
    const grade = gradeForScore(score, grades);
    const policy = grades.find((g) => g.grade === grade)!;
    const ceiling = policy.maxLimit ?? 1_000_000_000;
    const fixedLimit = policy.creditSales
      ? Math.round((ceiling * (0.2 + random() * 0.6)) / 100_000) * 100_000
      : 0;
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('credit_profile')
        .values({
          customer_id: customer.id,
          grade,
          score,
          fixed_limit: fixedLimit,
          currency: 'CNY',
          max_term_days: 30,
          next_review_date: reviewDate(Math.round(-30 + random() * 365)),
          review_notified_for: null,
          evaluated_at: iso,
          created_at: iso,
          updated_at: iso,
          version: 1,
        })
        .execute();
      const evaluationId = newId();
      await trx
        .insertInto('credit_evaluation')
        .values({
          id: evaluationId,
          customer_id: customer.id,
          origin: 'scoring',
          source_ref: null,
          factors: JSON.stringify(scores),
          score,
          proposed_grade: grade,
          previous_grade: null,
          status: 'approved',
          note: 'Initial evaluation (demo)',
          investigation_ids: '[]',
          created_by: author,
          created_at: iso,
          decided_by: approver,
          decided_at: iso,
          decision_note: null,
        })
        .execute();
      await trx
        .insertInto('credit_history')
        .values({
          id: newId(),
          customer_id: customer.id,
          at: iso,
          type: 'credit.evaluation.approved',
          title: `Credit grade set to ${grade}`,
          data: JSON.stringify({ evaluationId, from: null, to: grade, score }),
        })
        .execute();
    });
    if (++done % 100 === 0) seed.progress(`credit: ${done} profiles`);
  }
  seed.progress(`credit: ${done} profiles`);
  await seedLimitRequest(seed);
}

/**
 * One fixed-limit request waiting for the credit manager: the account manager of a customer whose
 * grade allows more asks for the grade's ceiling.
 */
async function seedLimitRequest({ kernel, customers, users }: DemoSeedContext): Promise<void> {
  const rt = seedRuntimes.get(kernel.database.db);
  if (!rt) return;
  const grades = DEFAULT_GRADE_POLICIES['AAA-D'];
  for (const customer of customers) {
    const requester = users.account_manager?.find((u) => u.id === customer.ownerId);
    if (!requester) continue;
    const profile = await rt.profiles.get(rt.db, customer.id);
    const ceiling = profile && grades.find((g) => g.grade === profile.grade && g.creditSales)?.maxLimit;
    if (!profile || !ceiling || profile.fixedLimit >= ceiling) continue;
    const by: Principal = {
      id: requester.id,
      name: requester.name,
      roles: ['account_manager'],
      can: () => true,
      hasRole: (...roles) => roles.includes('account_manager'),
    };
    await kernel.transaction((trx) =>
      rt.limits.request(trx, by, {
        kind: 'fixed',
        customerId: customer.id,
        amount: ceiling,
        currency: profile.currency,
        reason: '年度合作框架签订，采购量增长 / Annual framework agreed, volumes growing',
      }),
    );
    return;
  }
}
