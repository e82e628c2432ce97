import { json, testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { creditPlugin } from '../src/index.js';
import { CREDIT_EVENTS, eventSpy, type Seen } from './support/events.js';
import { bootCredit, scoresFor } from './support/kehu.js';

describe.each(testDatabases())('credit evaluations on $name', (db) => {
  it('scores 5C, grades by thresholds, and changes the facet only when another credit manager approves', async () => {
    const seen: Seen = [];
    const t = await bootCredit(db, { plugins: [creditPlugin, eventSpy(CREDIT_EVENTS, seen)] });
    try {
      const id = await t.customer();
      expect(
        (await t.request(`/api/v1/credit/customers/${id}/profile`, { token: t.cm1.token, body: {} })).status,
      ).toBe(201);

      const submitted = await t.request(`/api/v1/credit/customers/${id}/evaluations`, {
        token: t.cm1.token,
        body: {
          scores: { character: 90, capacity: 80, capital: 70, collateral: 60, conditions: 50 },
          note: 'Bank reference good',
        },
      });
      expect(submitted.status).toBe(201);
      const evaluation = await json(submitted);
      // 0.25×90 + 0.25×80 + 0.2×70 + 0.15×60 + 0.15×50 = 73 → A (70 ≤ 73 < 80)
      expect(evaluation).toMatchObject({
        score: 73,
        proposedGrade: 'A',
        previousGrade: null,
        status: 'pending',
        origin: 'scoring',
      });
      expect(evaluation.factors).toContainEqual({ key: 'character', weight: 0.25, score: 90 });

      const before = await json(await t.request(`/api/v1/customers/${id}?include=credit`));
      expect(before.facets.credit).toMatchObject({ hasProfile: true, grade: null, score: null });

      const own = await t.request(`/api/v1/credit/evaluations/${evaluation.id}/approve`, {
        token: t.cm1.token,
        body: {},
      });
      expect(own.status).toBe(403);
      expect((await json(own)).code).toBe('own_request');
      expect(
        (await json(await t.request(`/api/v1/customers/${id}?include=credit`))).facets.credit.grade,
      ).toBeNull();

      const byAccountManager = await t.request(`/api/v1/credit/evaluations/${evaluation.id}/approve`, {
        token: t.am.token,
        body: {},
      });
      expect(byAccountManager.status).toBe(403);

      const approved = await t.request(`/api/v1/credit/evaluations/${evaluation.id}/approve`, {
        token: t.cm2.token,
        body: { note: 'Agreed' },
      });
      expect(approved.status).toBe(200);
      expect(await json(approved)).toMatchObject({
        evaluation: { status: 'approved', decidedBy: t.cm2.id },
        profile: { grade: 'A', score: 73, nextReviewDate: '2027-03-01' },
      });

      const after = await json(await t.request(`/api/v1/customers/${id}?include=credit`));
      expect(after.facets.credit).toMatchObject({
        grade: 'A',
        score: 73,
        status: 'normal',
        nextReviewDate: '2027-03-01',
      });

      const again = await t.request(`/api/v1/credit/evaluations/${evaluation.id}/approve`, {
        token: t.cm2.token,
        body: {},
      });
      expect(again.status).toBe(409);

      await t.settle();
      expect(seen.filter((e) => e.name === 'credit.gradeChanged').map((e) => e.payload)).toEqual([
        expect.objectContaining({
          customerId: id,
          from: null,
          to: 'A',
          score: 73,
          evaluationId: evaluation.id,
          approvedBy: t.cm2.id,
        }),
      ]);
      expect(seen.filter((e) => e.name === 'credit.evaluationSubmitted')).toHaveLength(1);

      // A second evaluation keeps the first as history; approving the same grade emits no change.
      const second = await json(
        await t.request(`/api/v1/credit/customers/${id}/evaluations`, {
          token: t.cm2.token,
          body: { scores: scoresFor(71) },
        }),
      );
      expect(
        (await t.request(`/api/v1/credit/evaluations/${second.id}/approve`, { token: t.cm1.token, body: {} }))
          .status,
      ).toBe(200);
      const history = await json(
        await t.request(`/api/v1/credit/customers/${id}/evaluations`, { token: t.am.token }),
      );
      expect(history.items.map((e: any) => [e.score, e.status])).toEqual([
        [71, 'approved'],
        [73, 'approved'],
      ]);
      await t.settle();
      expect(seen.filter((e) => e.name === 'credit.gradeChanged')).toHaveLength(1);
    } finally {
      await t.close();
    }
  });

  it('opens a profile on approval when there is none, rejects evaluations, and supersedes older proposals', async () => {
    const t = await bootCredit(db);
    try {
      const id = await t.customer();
      const first = await json(
        await t.request(`/api/v1/credit/customers/${id}/evaluations`, {
          token: t.cm1.token,
          body: { scores: scoresFor(95) },
        }),
      );
      const second = await json(
        await t.request(`/api/v1/credit/customers/${id}/evaluations`, {
          token: t.cm1.token,
          body: { scores: scoresFor(45) },
        }),
      );
      const third = await json(
        await t.request(`/api/v1/credit/customers/${id}/evaluations`, {
          token: t.cm1.token,
          body: { scores: scoresFor(65) },
        }),
      );
      const rejected = await t.request(`/api/v1/credit/evaluations/${first.id}/reject`, {
        token: t.cm2.token,
        body: { note: 'Scores too generous' },
      });
      expect(await json(rejected)).toMatchObject({
        evaluation: { status: 'rejected', decisionNote: 'Scores too generous' },
      });
      expect(
        (await t.request(`/api/v1/credit/evaluations/${second.id}/approve`, { token: t.cm2.token, body: {} }))
          .status,
      ).toBe(200);
      expect(
        (await json(await t.request(`/api/v1/credit/customers/${id}`, { token: t.am.token }))).profile,
      ).toMatchObject({ grade: 'B', score: 45, currency: 'CNY', fixedLimit: 0, maxTermDays: 30 });
      const queue = await json(
        await t.request('/api/v1/credit/evaluations?status=pending', { token: t.cm1.token }),
      );
      expect(queue.items).toEqual([]);
      const all = await json(
        await t.request(`/api/v1/credit/customers/${id}/evaluations`, { token: t.cm1.token }),
      );
      expect(all.items.find((e: any) => e.id === third.id).status).toBe('superseded');
    } finally {
      await t.close();
    }
  });

  it('refuses scores that do not match the model and bad input, changing nothing', async () => {
    const t = await bootCredit(db);
    try {
      const id = await t.customer();
      const missing = await t.request(`/api/v1/credit/customers/${id}/evaluations`, {
        token: t.cm1.token,
        body: { scores: { character: 50, capacity: 50, cash: 80 } },
      });
      expect(missing.status).toBe(422);
      const body = await json(missing);
      expect(body.code).toBe('scores_do_not_match_model');
      expect(body.errors.map((e: any) => e.path)).toEqual([
        'body.scores.capital',
        'body.scores.collateral',
        'body.scores.conditions',
        'body.scores.cash',
      ]);
      const outOfRange = await t.request(`/api/v1/credit/customers/${id}/evaluations`, {
        token: t.cm1.token,
        body: { scores: { ...scoresFor(50), character: 101 } },
      });
      expect(outOfRange.status).toBe(400);
      const extra = await t.request(`/api/v1/credit/customers/${id}/evaluations`, {
        token: t.cm1.token,
        body: { scores: scoresFor(50), grade: 'AAA' },
      });
      expect(extra.status).toBe(400);
      expect(
        (await json(await t.request(`/api/v1/credit/customers/${id}/evaluations`, { token: t.cm1.token })))
          .items,
      ).toEqual([]);
      expect(
        (
          await t.request('/api/v1/credit/customers/nope/evaluations', {
            token: t.cm1.token,
            body: { scores: scoresFor(50) },
          })
        ).status,
      ).toBe(404);
    } finally {
      await t.close();
    }
  });

  it('records investigations and ties evaluations to them', async () => {
    const t = await bootCredit(db);
    try {
      const id = await t.customer();
      const other = await t.customer();
      const inv = await t.request(`/api/v1/credit/customers/${id}/investigations`, {
        token: t.am.token,
        body: {
          source: 'bank',
          sourceName: '中国工商银行',
          investigatedOn: '2026-02-20',
          findings: 'Account in good standing, no bounced payments',
        },
      });
      expect(inv.status).toBe(201);
      const investigation = await json(inv);
      expect(investigation).toMatchObject({ source: 'bank', createdBy: t.am.id });
      const foreign = await json(
        await t.request(`/api/v1/credit/customers/${other}/investigations`, {
          token: t.am.token,
          body: { source: 'internal', investigatedOn: '2026-02-21', findings: 'Pays late' },
        }),
      );

      expect(
        (
          await t.request(`/api/v1/credit/customers/${id}/investigations`, {
            token: t.am.token,
            body: { source: 'gossip', investigatedOn: '2026-02-20', findings: 'x' },
          })
        ).status,
      ).toBe(400);
      expect(
        (
          await t.request(`/api/v1/credit/customers/${id}/investigations`, {
            token: t.am.token,
            body: { source: 'agency', investigatedOn: '2026-03-05', findings: 'From the future' },
          })
        ).status,
      ).toBe(400);

      const wrong = await t.request(`/api/v1/credit/customers/${id}/evaluations`, {
        token: t.cm1.token,
        body: { scores: scoresFor(80), investigationIds: [foreign.id] },
      });
      expect(wrong.status).toBe(422);
      expect((await json(wrong)).code).toBe('unknown_investigation');
      const right = await t.request(`/api/v1/credit/customers/${id}/evaluations`, {
        token: t.cm1.token,
        body: { scores: scoresFor(80), investigationIds: [investigation.id] },
      });
      expect((await json(right)).investigationIds).toEqual([investigation.id]);
      const list = await json(
        await t.request(`/api/v1/credit/customers/${id}/investigations`, { token: t.cm2.token }),
      );
      expect(list.items.map((i: any) => i.id)).toEqual([investigation.id]);
    } finally {
      await t.close();
    }
  });

  it('changes the scoring model and thresholds at runtime; weights must sum to 1', async () => {
    const t = await bootCredit(db);
    try {
      const policy = await json(await t.request('/api/v1/credit/policy', { token: t.am.token }));
      expect(policy).toMatchObject({ scale: 'AAA-D', currency: 'CNY', version: 0 });
      expect(policy.gradeLabels.AAA['zh-CN']).toBe('AAA 信用极好');

      const factors = [
        { key: 'character', weight: 0.5, labels: { en: 'Character', 'zh-CN': '品德' } },
        { key: 'capacity', weight: 0.3, labels: { en: 'Capacity', 'zh-CN': '能力' } },
        { key: 'capital', weight: 0.1, labels: { en: 'Capital', 'zh-CN': '资本' } },
      ];
      const bad = await t.request('/api/v1/credit/policy', {
        method: 'PUT',
        token: t.cm1.token,
        body: { grades: policy.grades, factors, version: 0 },
      });
      expect(bad.status).toBe(422);
      expect(await json(bad)).toMatchObject({
        code: 'weights_must_sum_to_one',
        errors: [{ path: 'body.factors', code: 'weights_must_sum_to_one' }],
      });
      expect((await json(await t.request('/api/v1/credit/policy', { token: t.am.token }))).version).toBe(0);

      expect(
        (
          await t.request('/api/v1/credit/policy', {
            method: 'PUT',
            token: t.am.token,
            body: { grades: policy.grades, factors, version: 0 },
          })
        ).status,
      ).toBe(403);

      factors[2]!.weight = 0.2;
      const grades = policy.grades.map((g: any) => (g.grade === 'AAA' ? { ...g, minScore: 95 } : g));
      const ok = await t.request('/api/v1/credit/policy', {
        method: 'PUT',
        token: t.cm1.token,
        body: { grades, factors, version: 0 },
      });
      expect(ok.status).toBe(200);
      expect((await json(ok)).version).toBe(1);
      const stale = await t.request('/api/v1/credit/policy', {
        method: 'PUT',
        token: t.cm1.token,
        body: { grades, factors, version: 0 },
      });
      expect(stale.status).toBe(409);

      const id = await t.customer();
      const e = await json(
        await t.request(`/api/v1/credit/customers/${id}/evaluations`, {
          token: t.cm1.token,
          body: { scores: { character: 100, capacity: 90, capital: 80 } },
        }),
      );
      // 0.5×100 + 0.3×90 + 0.2×80 = 93: AA now that AAA needs 95.
      expect(e).toMatchObject({ score: 93, proposedGrade: 'AA' });
    } finally {
      await t.close();
    }
  });

  it('grades on the 4-step A–D scale when configured', async () => {
    const t = await bootCredit(db, { config: { credit: { scale: 'A-D' } } });
    try {
      const id = await t.customer();
      const e = await json(
        await t.request(`/api/v1/credit/customers/${id}/evaluations`, {
          token: t.cm1.token,
          body: { scores: scoresFor(65) },
        }),
      );
      expect(e.proposedGrade).toBe('B');
      const meta = await json(await t.request('/api/v1/meta'));
      expect(Object.keys(meta.enums['credit.grade'])).toEqual(['A', 'B', 'C', 'D']);
    } finally {
      await t.close();
    }
  });
});
