import { z } from '@kehu/core';
import { testDatabases, withDeclaredResponses } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { CreditCheckResultSchema } from '../src/credit-check.js';
import { creditPlugin } from '../src/index.js';
import { bootCredit, ordersPlugin, scoresFor } from './support/kehu.js';

const CNY = 'CNY';
const API = '/api/v1/credit';

/** Boots credit with its declared responses readable, and a caller that checks every answer against them. */
async function boot(db: Parameters<typeof bootCredit>[0]) {
  const pending: { customerId: string; amount: number; currency: string }[] = [];
  const { plugin, responses } = withDeclaredResponses(creditPlugin);
  const t = await bootCredit(db, { plugins: [ordersPlugin(pending), plugin] });
  /** A successful call's body, asserted to be exactly what its route declares. */
  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const url = `${API}${path}`;
    const res = await t.request(url, { method, token, ...(body !== undefined ? { body } : {}) });
    if (res.status >= 300) throw new Error(`${method} ${url} answered ${res.status}: ${await res.text()}`);
    return responses.conforming(method, url, res);
  };
  return { t, responses, call, pending };
}

describe.each(testDatabases())('credit response schemas on $name', (db) => {
  it('every route declares a success response with a schema, so the typed client knows what it returns', async () => {
    const { t, responses } = await boot(db);
    try {
      expect(responses.operations.length).toBeGreaterThanOrEqual(27);
      const undeclared = responses.operations
        .filter(
          (op) =>
            !Object.entries(op.spec.responses ?? {}).some(
              ([status, r]) => /^2\d\d$/.test(status) && (r instanceof z.ZodType ? r : r.schema),
            ),
        )
        .map((op) => `${op.method.toUpperCase()} ${op.path}`);
      expect(undeclared).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it("every route answers exactly its declared schema, through a customer's whole credit life", async () => {
    const { t, responses, call, pending } = await boot(db);
    const { cm1, cm2, am } = t;
    try {
      const a = await t.customer('华联超市');
      const b = await t.customer('华南批发');
      const bare = await t.customer('无档案客户');

      // Profiles: one due for review and never graded, one graded with limits, one without.
      await call('POST', `/customers/${b}/profile`, cm1.token, { nextReviewDate: '2026-02-15' });
      const opened = await call('POST', `/customers/${a}/profile`, cm1.token, {});
      expect(opened).toMatchObject({ customerId: a, grade: null, status: 'normal' });
      await call('PATCH', `/customers/${a}/profile`, cm1.token, {
        maxTermDays: 20,
        reason: 'Slow payer last year',
      });

      const inv = await call('POST', `/customers/${a}/investigations`, am.token, {
        source: 'bank',
        sourceName: 'ICBC Hangzhou',
        investigatedOn: '2026-02-20',
        findings: 'Sound accounts',
      });
      await call('GET', `/customers/${a}/investigations`, am.token);
      const evaluation = await call('POST', `/customers/${a}/evaluations`, cm1.token, {
        scores: scoresFor(85),
        investigationIds: [inv.id],
        note: 'Annual review',
      });
      expect((await call('GET', '/evaluations?status=pending', cm2.token)).items).toHaveLength(1);
      const approved = await call('POST', `/evaluations/${evaluation.id}/approve`, cm2.token, {
        note: 'Agreed',
      });
      expect(approved.profile).toMatchObject({ grade: 'AA', score: 85 });
      const second = await call('POST', `/customers/${a}/evaluations`, cm1.token, { scores: scoresFor(95) });
      expect(await call('POST', `/evaluations/${second.id}/reject`, cm2.token, {})).toEqual({
        evaluation: expect.objectContaining({ status: 'rejected' }),
      });
      expect((await call('GET', `/customers/${a}/evaluations`, am.token)).items).toHaveLength(2);

      // Limits: fixed and temporary approved, one rejected, a transfer left pending.
      const fixed = await call('POST', `/customers/${a}/limit-requests`, am.token, {
        kind: 'fixed',
        amount: 300_000_00,
        currency: CNY,
        reason: 'Annual plan',
      });
      await call('POST', `/limit-requests/${fixed.id}/approve`, cm1.token, {});
      const temporary = await call('POST', `/customers/${a}/limit-requests`, am.token, {
        kind: 'temporary',
        amount: 50_000_00,
        currency: CNY,
        expiresAt: '2026-04-01T00:00:00+08:00',
        reason: 'Spring stock-up',
      });
      await call('POST', `/limit-requests/${temporary.id}/approve`, cm1.token, { note: 'Until April' });
      const refused = await call('POST', `/customers/${b}/limit-requests`, am.token, {
        kind: 'fixed',
        amount: 10_000_00,
        currency: CNY,
        reason: 'First order',
      });
      await call('POST', `/limit-requests/${refused.id}/reject`, cm1.token, { note: 'Grade it first' });
      const transfer = await call('POST', '/limit-transfers', am.token, {
        fromCustomerId: a,
        toCustomerId: b,
        amount: 10_000_00,
        currency: CNY,
        reason: 'Sister company',
      });
      expect(transfer).toMatchObject({ kind: 'transfer', fromCustomerId: a, status: 'pending' });
      expect((await call('GET', '/limit-requests?limit=2', cm1.token)).nextCursor).not.toBeNull();
      expect(await call('GET', `/customers/${a}/limits`, am.token)).toMatchObject({
        fixedLimit: 300_000_00,
        temporaryLimit: 50_000_00,
      });
      expect(await call('GET', `/customers/${bare}/limits`, am.token)).toMatchObject({
        currency: null,
        fixedLimit: null,
      });

      // Exceptions, a hold and checks: refused with every reason, waived by an exception, without a profile.
      const revoked = await call('POST', `/customers/${a}/overrides`, cm1.token, {
        amountCap: 20_000_00,
        currency: CNY,
        expiresAt: '2026-03-31T00:00:00Z',
        reason: 'Trade fair',
      });
      await call('POST', `/overrides/${revoked.id}/revoke`, cm1.token, { reason: 'Fair cancelled' });
      const exception = await call('POST', `/customers/${a}/overrides`, cm1.token, {
        amountCap: 500_000_00,
        currency: CNY,
        expiresAt: '2026-03-31T00:00:00Z',
        reason: 'Year-end order',
      });
      expect(
        (await call('GET', `/customers/${a}/overrides`, am.token)).items.map(
          (o: { status: string }) => o.status,
        ),
      ).toEqual(['active', 'revoked']);
      const hold = await call('POST', `/customers/${a}/holds`, cm1.token, { note: 'Disputed delivery' });
      pending.push({ customerId: a, amount: 340_000_00, currency: CNY });
      const onHold = await call('POST', '/check', am.token, {
        customerId: a,
        amount: 20_000_00,
        currency: CNY,
        termDays: 45,
      });
      expect(onHold.reasons.map((r: { code: string }) => r.code)).toEqual([
        'on_hold',
        'limit_exceeded',
        'term_exceeds_maximum',
      ]);
      const waived = await call('POST', '/check', am.token, {
        customerId: a,
        amount: 20_000_00,
        currency: CNY,
        overrideId: exception.id,
      });
      expect(waived).toMatchObject({
        approved: true,
        override: { id: exception.id, waived: ['on_hold', 'limit_exceeded'] },
      });
      expect(
        await call('POST', '/check', am.token, { customerId: bare, amount: 1_00, currency: CNY }),
      ).toMatchObject({ approved: false, grade: null, maxTermDays: null });
      expect((await call('GET', `/customers/${a}/holds?all=true`, am.token)).items).toHaveLength(1);
      expect(await call('GET', `/customers/${a}`, am.token)).toMatchObject({
        profile: { status: 'on_hold' },
        summary: { status: 'on_hold' },
        temporaryLimits: [{ id: temporary.id }],
      });
      await call('POST', `/customers/${a}/holds/${hold.id}/release`, cm1.token, { note: 'Settled' });
      expect(await call('GET', `/customers/${bare}`, am.token)).toEqual({
        customerId: bare,
        profile: null,
        summary: null,
        holds: [],
        temporaryLimits: [],
      });

      // History pages, the policy and the review queue.
      const history = await call('GET', `/customers/${a}/history?limit=3`, am.token);
      expect(history.nextCursor).not.toBeNull();
      await call('GET', `/customers/${a}/history?limit=3&cursor=${history.nextCursor}`, am.token);
      const policy = await call('GET', '/policy', am.token);
      expect(policy).toMatchObject({
        version: 0,
        updatedAt: null,
        gradeLabels: { AAA: { en: expect.any(String) } },
      });
      const changed = await call('PUT', '/policy', cm1.token, {
        grades: policy.grades,
        factors: policy.factors,
        version: 0,
      });
      expect(changed).toMatchObject({ version: 1, updatedBy: cm1.id });
      expect(await call('GET', '/reviews/due', cm1.token)).toEqual({
        items: [{ customerId: b, name: '华南批发', grade: null, nextReviewDate: '2026-02-15' }],
        nextCursor: null,
      });

      expect([...responses.seen].sort()).toEqual(responses.all().sort());
    } finally {
      await t.close();
    }
  });

  it('fails an answer that drifts from its schema: an extra field, a missing one, a wrong type', async () => {
    const { t, responses, call } = await boot(db);
    try {
      const id = await t.customer();
      const answer = await call('POST', '/check', t.am.token, {
        customerId: id,
        amount: 1_00,
        currency: CNY,
      });
      const check = (body: unknown) => responses.assertConforms('POST /check', CreditCheckResultSchema, body);
      expect(() => check(answer)).not.toThrow();
      expect(() => check({ ...answer, note: 'undeclared' })).toThrow(/fields its declared schema lacks/);
      expect(() => check({ ...answer, exposure: { ...answer.exposure, pendingOrders: 0 } })).toThrow(
        /fields its declared schema lacks/,
      );
      const { checkedAt: _dropped, ...missing } = answer;
      expect(() => check(missing)).toThrow(/does not match/);
      expect(() => check({ ...answer, available: '0' })).toThrow(/does not match/);
      expect(() => check({ ...answer, reasons: [{ code: 'unheard_of', detail: 'x' }] })).toThrow(
        /does not match/,
      );
    } finally {
      await t.close();
    }
  });
});
