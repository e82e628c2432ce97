import { json, testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { creditPlugin } from '../src/index.js';
import { eventSpy, type Seen } from './support/events.js';
import { bootCredit, scoresFor } from './support/kehu.js';

const CNY = 'CNY';

describe.each(testDatabases())('credit limits on $name', (db) => {
  it('changes the fixed limit only through an approved request; the requester cannot approve it', async () => {
    const seen: Seen = [];
    const t = await bootCredit(db, { plugins: [creditPlugin, eventSpy(['credit.limitChanged'], seen)] });
    try {
      const id = await t.creditCustomer({ scores: scoresFor(85) });
      const requested = await t.request(`/api/v1/credit/customers/${id}/limit-requests`, {
        token: t.cm1.token,
        body: { kind: 'fixed', amount: 300_000_00, currency: CNY, reason: 'Annual plan 2026' },
      });
      expect(requested.status).toBe(201);
      const req = await json(requested);
      expect(req).toMatchObject({ kind: 'fixed', status: 'pending', requestedBy: t.cm1.id });

      const duplicate = await t.request(`/api/v1/credit/customers/${id}/limit-requests`, {
        token: t.am.token,
        body: { kind: 'fixed', amount: 1, currency: CNY, reason: 'x' },
      });
      expect(duplicate.status).toBe(409);

      const own = await t.request(`/api/v1/credit/limit-requests/${req.id}/approve`, {
        token: t.cm1.token,
        body: {},
      });
      expect(own.status).toBe(403);
      expect(await json(own)).toMatchObject({ code: 'own_request' });
      // Four eyes on a rejection too: the requester cannot decide their own request either way.
      const ownRejection = await t.request(`/api/v1/credit/limit-requests/${req.id}/reject`, {
        token: t.cm1.token,
        body: { note: 'Changed my mind' },
      });
      expect(ownRejection.status).toBe(403);
      expect(await json(ownRejection)).toMatchObject({ code: 'own_request' });
      const unchanged = await json(
        await t.request(`/api/v1/credit/customers/${id}/limits`, { token: t.am.token }),
      );
      expect(unchanged).toMatchObject({
        fixedLimit: 0,
        requests: [expect.objectContaining({ id: req.id, status: 'pending' })],
      });

      const approved = await t.request(`/api/v1/credit/limit-requests/${req.id}/approve`, {
        token: t.cm2.token,
        body: { note: 'Within AA ceiling' },
      });
      expect(approved.status).toBe(200);
      expect(await json(approved)).toMatchObject({
        status: 'approved',
        decidedBy: t.cm2.id,
        previousLimit: 0,
      });
      expect(
        (await json(await t.request(`/api/v1/customers/${id}?include=credit`))).facets.credit,
      ).toMatchObject({ fixedLimit: 300_000_00, limit: 300_000_00, available: 300_000_00 });

      await t.settle();
      expect(seen.map((e) => e.payload)).toEqual([
        expect.objectContaining({
          customerId: id,
          kind: 'fixed',
          fixedLimit: { from: 0, to: 300_000_00 },
          requestId: req.id,
          approvedBy: t.cm2.id,
        }),
      ]);

      const audit = await json(await t.request(`/api/v1/audit?entityType=credit_profile&entityId=${id}`));
      expect(audit.items).toContainEqual(
        expect.objectContaining({
          action: 'limit.fixed',
          actorId: t.cm2.id,
          reason: 'Annual plan 2026',
          changes: { fixedLimit: { from: 0, to: 300_000_00 } },
        }),
      );
    } finally {
      await t.close();
    }
  });

  it("refuses a fixed limit above the grade's ceiling, a bad amount, and requests for customers without a profile", async () => {
    const t = await bootCredit(db);
    try {
      const id = await t.creditCustomer({ scores: scoresFor(45) }); // B: ceiling 200 000.00
      const above = await t.request(`/api/v1/credit/customers/${id}/limit-requests`, {
        token: t.am.token,
        body: { kind: 'fixed', amount: 200_000_01, currency: CNY, reason: 'Big order' },
      });
      expect(above.status).toBe(422);
      expect(await json(above)).toMatchObject({
        code: 'limit_above_grade_maximum',
        grade: 'B',
        maxLimit: 200_000_00,
        requested: 200_000_01,
      });
      expect(
        (
          await t.request(`/api/v1/credit/customers/${id}/limit-requests`, {
            token: t.am.token,
            body: { kind: 'fixed', amount: -5, currency: CNY, reason: 'x' },
          })
        ).status,
      ).toBe(400);
      expect(
        (
          await t.request(`/api/v1/credit/customers/${id}/limit-requests`, {
            token: t.am.token,
            body: { kind: 'fixed', amount: 10.5, currency: CNY, reason: 'x' },
          })
        ).status,
      ).toBe(400);
      const usd = await t.request(`/api/v1/credit/customers/${id}/limit-requests`, {
        token: t.am.token,
        body: { kind: 'fixed', amount: 100, currency: 'USD', reason: 'x' },
      });
      expect((await json(usd)).code).toBe('currency_mismatch');
      const bare = await t.customer();
      const none = await t.request(`/api/v1/credit/customers/${bare}/limit-requests`, {
        token: t.am.token,
        body: { kind: 'fixed', amount: 100, currency: CNY, reason: 'x' },
      });
      expect(none.status).toBe(422);
      expect((await json(none)).code).toBe('no_credit_profile');
      expect(
        (await json(await t.request('/api/v1/credit/limit-requests', { token: t.cm1.token }))).items,
      ).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('counts a temporary limit until its expiry and not after', async () => {
    const t = await bootCredit(db);
    try {
      const id = await t.creditCustomer({ limit: 100_000_00 });
      const expiresAt = '2026-03-10T00:00:00.000Z';
      const req = await json(
        await t.request(`/api/v1/credit/customers/${id}/limit-requests`, {
          token: t.am.token,
          body: {
            kind: 'temporary',
            amount: 50_000_00,
            currency: CNY,
            expiresAt,
            reason: 'Spring Festival stock-up',
          },
        }),
      );
      const pending = await t.check({ customerId: id, amount: 120_000_00, currency: CNY });
      expect(pending).toMatchObject({ approved: false, limit: { fixed: 100_000_00, temporary: 0 } });

      expect(
        (await t.request(`/api/v1/credit/limit-requests/${req.id}/approve`, { token: t.am.token, body: {} }))
          .status,
      ).toBe(403); // no permission
      expect(
        (await t.request(`/api/v1/credit/limit-requests/${req.id}/approve`, { token: t.cm1.token, body: {} }))
          .status,
      ).toBe(200);

      const during = await t.check({ customerId: id, amount: 120_000_00, currency: CNY });
      expect(during).toMatchObject({
        approved: true,
        limit: { fixed: 100_000_00, temporary: 50_000_00, total: 150_000_00 },
        available: 150_000_00,
      });

      t.clock.set('2026-03-09T23:59:59.999Z');
      expect((await t.check({ customerId: id, amount: 120_000_00, currency: CNY })).approved).toBe(true);

      t.clock.set(expiresAt);
      const after = await t.check({ customerId: id, amount: 120_000_00, currency: CNY });
      expect(after).toMatchObject({
        approved: false,
        limit: { fixed: 100_000_00, temporary: 0, total: 100_000_00 },
        available: 100_000_00,
      });
      expect(after.reasons.map((r: any) => r.code)).toEqual(['limit_exceeded']);
      expect(
        (await json(await t.request(`/api/v1/customers/${id}?include=credit`))).facets.credit,
      ).toMatchObject({ temporaryLimit: 0, limit: 100_000_00 });
    } finally {
      await t.close();
    }
  });

  it('refuses a temporary limit that expires in the past, and one that expired before approval', async () => {
    const t = await bootCredit(db);
    try {
      const id = await t.creditCustomer({ limit: 100_000_00 });
      const past = await t.request(`/api/v1/credit/customers/${id}/limit-requests`, {
        token: t.am.token,
        body: {
          kind: 'temporary',
          amount: 100,
          currency: CNY,
          expiresAt: '2026-02-01T00:00:00Z',
          reason: 'x',
        },
      });
      expect(past.status).toBe(422);
      expect((await json(past)).code).toBe('expiry_not_in_future');
      const req = await json(
        await t.request(`/api/v1/credit/customers/${id}/limit-requests`, {
          token: t.am.token,
          body: {
            kind: 'temporary',
            amount: 100,
            currency: CNY,
            expiresAt: '2026-03-02T00:00:00+08:00',
            reason: 'x',
          },
        }),
      );
      expect(req.expiresAt).toBe('2026-03-01T16:00:00.000Z');
      t.clock.set('2026-03-01T16:00:00.000Z');
      const late = await t.request(`/api/v1/credit/limit-requests/${req.id}/approve`, {
        token: t.cm1.token,
        body: {},
      });
      expect(late.status).toBe(422);
      expect((await json(late)).code).toBe('request_expired');
      const rejected = await t.request(`/api/v1/credit/limit-requests/${req.id}/reject`, {
        token: t.cm1.token,
        body: { note: 'Too late' },
      });
      expect(await json(rejected)).toMatchObject({ status: 'rejected' });
    } finally {
      await t.close();
    }
  });

  it('moves limit between customers only as one approved transfer of unused limit', async () => {
    const seen: Seen = [];
    const t = await bootCredit(db, { plugins: [creditPlugin, eventSpy(['credit.limitChanged'], seen)] });
    try {
      const a = await t.creditCustomer({ limit: 200_000_00 });
      const b = await t.creditCustomer({ limit: 100_000_00 });
      const transfer = await t.request('/api/v1/credit/limit-transfers', {
        token: t.am.token,
        body: {
          fromCustomerId: a,
          toCustomerId: b,
          amount: 50_000_00,
          currency: CNY,
          reason: 'Branch B takes over the orders',
        },
      });
      expect(transfer.status).toBe(201);
      const req = await json(transfer);
      expect(req).toMatchObject({ kind: 'transfer', fromCustomerId: a, customerId: b, status: 'pending' });
      expect(
        (await json(await t.request(`/api/v1/credit/customers/${a}/limits`, { token: t.am.token })))
          .fixedLimit,
      ).toBe(200_000_00);

      expect(
        (await t.request(`/api/v1/credit/limit-requests/${req.id}/approve`, { token: t.cm1.token, body: {} }))
          .status,
      ).toBe(200);
      expect(
        (await json(await t.request(`/api/v1/credit/customers/${a}/limits`, { token: t.am.token })))
          .fixedLimit,
      ).toBe(150_000_00);
      expect(
        (await json(await t.request(`/api/v1/credit/customers/${b}/limits`, { token: t.am.token })))
          .fixedLimit,
      ).toBe(150_000_00);
      await t.settle();
      expect(
        seen
          .filter((e) => e.payload.kind === 'transfer')
          .map((e) => [e.payload.customerId, e.payload.fixedLimit]),
      ).toEqual([
        [a, { from: 200_000_00, to: 150_000_00 }],
        [b, { from: 100_000_00, to: 150_000_00 }],
      ]);

      const tooMuch = await json(
        await t.request('/api/v1/credit/limit-transfers', {
          token: t.am.token,
          body: {
            fromCustomerId: a,
            toCustomerId: b,
            amount: 150_000_01,
            currency: CNY,
            reason: 'All of it',
          },
        }),
      );
      const refused = await t.request(`/api/v1/credit/limit-requests/${tooMuch.id}/approve`, {
        token: t.cm1.token,
        body: {},
      });
      expect(refused.status).toBe(422);
      expect(await json(refused)).toMatchObject({
        code: 'transfer_exceeds_unused_limit',
        unused: 150_000_00,
      });
      expect(
        (await json(await t.request(`/api/v1/credit/customers/${a}/limits`, { token: t.am.token })))
          .fixedLimit,
      ).toBe(150_000_00);

      const self = await t.request('/api/v1/credit/limit-transfers', {
        token: t.am.token,
        body: { fromCustomerId: a, toCustomerId: a, amount: 1, currency: CNY, reason: 'x' },
      });
      expect((await json(self)).code).toBe('same_customer');

      const queue = await json(
        await t.request('/api/v1/credit/limit-requests?status=pending&kind=transfer', { token: t.cm2.token }),
      );
      expect(queue.items.map((r: any) => r.id)).toEqual([tooMuch.id]);
    } finally {
      await t.close();
    }
  });
});
