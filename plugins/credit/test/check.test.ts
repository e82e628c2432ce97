import { json, testDatabases } from '@kehu/core/testing';
import { describe, expect, it, vi } from 'vitest';
import { creditPlugin } from '../src/index.js';
import { eventSpy, type Seen } from './support/events.js';
import { bootCredit, ordersPlugin, scoresFor } from './support/kehu.js';

const CNY = 'CNY';

describe.each(testDatabases())('credit check on $name', (db) => {
  it('works without receivables on contributed exposure and reports the figures', async () => {
    const pending: { customerId: string; amount: number; currency: string }[] = [];
    const seen: Seen = [];
    const t = await bootCredit(db, {
      plugins: [ordersPlugin(pending), creditPlugin, eventSpy(['credit.checkRefused'], seen)],
    });
    try {
      expect(t.kernel.plugins.map((p) => p.name)).not.toContain('receivables');
      const id = await t.creditCustomer({ limit: 100_000_00 });
      pending.push(
        { customerId: id, amount: 80_000_00, currency: CNY },
        { customerId: id, amount: 5_00, currency: 'USD' },
      );

      const refused = await t.check({ customerId: id, amount: 30_000_00, currency: CNY, termDays: 30 });
      expect(refused).toMatchObject({
        approved: false,
        exposure: {
          total: 80_000_00,
          receivables: 0,
          contributed: 80_000_00,
          contributions: [{ source: 'orders', kind: 'pendingOrders', amount: 80_000_00, currency: CNY }],
        },
        limit: { fixed: 100_000_00, temporary: 0, total: 100_000_00 },
        available: 20_000_00,
        reasons: [
          {
            code: 'limit_exceeded',
            data: {
              exposure: 80_000_00,
              amount: 30_000_00,
              limit: 100_000_00,
              available: 20_000_00,
              shortfall: 10_000_00,
            },
          },
        ],
      });
      const approved = await t.check({ customerId: id, amount: 20_000_00, currency: CNY, termDays: 30 });
      expect(approved).toMatchObject({ approved: true, available: 20_000_00, reasons: [] });

      await t.settle();
      expect(seen.map((e) => e.payload)).toEqual([
        expect.objectContaining({
          customerId: id,
          context: 'inquiry',
          reasons: ['limit_exceeded'],
          exposure: 80_000_00,
          limit: 100_000_00,
          available: 20_000_00,
        }),
      ]);

      // Other plugins see the same answer through the service.
      const viaService = await t.kernel
        .service('credit')!
        .check({ customerId: id, amount: 20_000_01, currency: CNY });
      expect(viaService.reasons.map((r) => r.code)).toEqual(['limit_exceeded']);
    } finally {
      await t.close();
    }
  });

  it('lists every reason: hold, grade without credit sales, term above the maximum', async () => {
    const t = await bootCredit(db);
    try {
      const id = await t.creditCustomer({ limit: 0, scores: scoresFor(35) }); // CCC: no credit sales
      const hold = await t.request(`/api/v1/credit/customers/${id}/holds`, {
        token: t.cm1.token,
        body: { note: 'Legal dispute with the customer' },
      });
      expect(hold.status).toBe(201);
      const r = await t.check({ customerId: id, amount: 1_00, currency: CNY, termDays: 31 });
      expect(r.approved).toBe(false);
      expect(r.status).toBe('on_hold');
      expect(r.reasons.map((x: any) => x.code)).toEqual([
        'on_hold',
        'credit_sales_not_allowed',
        'limit_exceeded',
        'term_exceeds_maximum',
      ]);
      expect(r.reasons[0].data.holds).toEqual([expect.objectContaining({ reason: 'manual' })]);
      expect(r.reasons[3].data).toEqual({ termDays: 31, maxTermDays: 0 });

      const term = await t.creditCustomer({ limit: 100_000_00, scores: scoresFor(55) }); // BB: 15 days
      expect((await t.check({ customerId: term, amount: 1, currency: CNY, termDays: 15 })).approved).toBe(
        true,
      );
      expect(
        (await t.check({ customerId: term, amount: 1, currency: CNY, termDays: 16 })).reasons.map(
          (x: any) => x.code,
        ),
      ).toEqual(['term_exceeds_maximum']);
      await t.request(`/api/v1/credit/customers/${term}/profile`, {
        method: 'PATCH',
        token: t.cm1.token,
        body: { maxTermDays: 7, reason: 'Slow payer' },
      });
      expect((await t.check({ customerId: term, amount: 1, currency: CNY, termDays: 8 })).maxTermDays).toBe(
        7,
      );
    } finally {
      await t.close();
    }
  });

  it('refuses a customer without a profile by default, with a clear reason, and lets them buy when configured', async () => {
    const refuse = await bootCredit(db);
    try {
      const id = await refuse.customer();
      const r = await refuse.check({ customerId: id, amount: 1_00, currency: CNY });
      expect(r).toMatchObject({ approved: false, grade: null, limit: { total: 0 } });
      expect(r.reasons[0]).toMatchObject({ code: 'no_credit_profile' });
      expect(r.reasons[0].detail).toMatch(/no credit profile/);
      expect(
        (await json(await refuse.request(`/api/v1/customers/${id}?include=credit`))).facets.credit,
      ).toBeNull();
    } finally {
      await refuse.close();
    }
    const allow = await bootCredit(db, { config: { credit: { withoutProfile: 'allow' } } });
    try {
      const id = await allow.customer();
      expect(await allow.check({ customerId: id, amount: 1_000_000_00, currency: 'USD' })).toMatchObject({
        approved: true,
        limit: null,
        available: null,
      });
      await allow.request(`/api/v1/credit/customers/${id}/holds`, {
        token: allow.cm1.token,
        body: { note: 'Dispute' },
      });
      expect(
        (await allow.check({ customerId: id, amount: 1, currency: CNY })).reasons.map((x: any) => x.code),
      ).toEqual(['on_hold']);
      expect(
        (await json(await allow.request(`/api/v1/customers/${id}?include=credit`))).facets.credit,
      ).toMatchObject({ hasProfile: false, status: 'on_hold', holdReasons: ['manual'], limit: null });
    } finally {
      await allow.close();
    }
  });

  it('applies the customer access rule and the permission', async () => {
    const t = await bootCredit(db);
    try {
      const id = await t.creditCustomer({ limit: 100 });
      const stranger = await t.user(['account_manager']);
      const staff = await t.user(['staff']);
      expect(
        (
          await t.request('/api/v1/credit/check', {
            token: stranger.token,
            body: { customerId: id, amount: 1, currency: CNY },
          })
        ).status,
      ).toBe(404);
      expect((await t.request(`/api/v1/credit/customers/${id}`, { token: stranger.token })).status).toBe(404);
      expect(
        (await t.request(`/api/v1/credit/customers/${id}/evaluations`, { token: stranger.token })).status,
      ).toBe(404);
      expect(
        (await t.request(`/api/v1/credit/customers/${id}/history`, { token: stranger.token })).status,
      ).toBe(404);
      expect(
        (
          await t.request(`/api/v1/credit/customers/${id}/limit-requests`, {
            token: stranger.token,
            body: { kind: 'fixed', amount: 1, currency: CNY, reason: 'x' },
          })
        ).status,
      ).toBe(404);
      expect(
        (await json(await t.request('/api/v1/credit/limit-requests', { token: stranger.token }))).items,
      ).toEqual([]);
      expect(
        (await json(await t.request('/api/v1/credit/evaluations', { token: stranger.token }))).items,
      ).toEqual([]);
      expect(
        (await json(await t.request('/api/v1/credit/limit-requests', { token: t.am.token }))).items.length,
      ).toBe(1);
      expect(
        (
          await t.request('/api/v1/credit/check', {
            token: staff.token,
            body: { customerId: id, amount: 1, currency: CNY },
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await t.request('/api/v1/credit/check', {
            token: null,
            body: { customerId: id, amount: 1, currency: CNY },
          })
        ).status,
      ).toBe(401);
      const bad = await t.request('/api/v1/credit/check', {
        token: t.am.token,
        body: { customerId: id, amount: '1', currency: 'yuan' },
      });
      expect(bad.status).toBe(400);
      expect((await json(bad)).errors.map((e: any) => e.path).sort()).toEqual([
        'body.amount',
        'body.currency',
      ]);
    } finally {
      await t.close();
    }
  });

  it('lets a one-off exception from a credit manager through once, within its cap and before its expiry', async () => {
    const t = await bootCredit(db);
    try {
      const id = await t.creditCustomer({ limit: 10_000_00 });
      const grant = {
        amountCap: 50_000_00,
        currency: CNY,
        expiresAt: '2026-03-05T00:00:00Z',
        reason: 'Strategic order approved by the GM',
      };
      expect(
        (await t.request(`/api/v1/credit/customers/${id}/overrides`, { token: t.am.token, body: grant }))
          .status,
      ).toBe(403);
      const o = await json(
        await t.request(`/api/v1/credit/customers/${id}/overrides`, { token: t.cm1.token, body: grant }),
      );
      expect(o).toMatchObject({ status: 'active', grantedBy: t.cm1.id });

      const within = await t.check({ customerId: id, amount: 40_000_00, currency: CNY, overrideId: o.id });
      expect(within).toMatchObject({ approved: true, override: { id: o.id, waived: ['limit_exceeded'] } });
      const over = await t.check({ customerId: id, amount: 50_000_01, currency: CNY, overrideId: o.id });
      expect(over.reasons.map((r: any) => r.code)).toEqual(['limit_exceeded', 'override_invalid']);

      const other = await t.creditCustomer({ limit: 0 });
      expect(
        (await t.check({ customerId: other, amount: 1, currency: CNY, overrideId: o.id })).reasons.at(-1)
          .code,
      ).toBe('override_invalid');

      t.clock.set('2026-03-05T00:00:00Z');
      const expired = await t.check({ customerId: id, amount: 40_000_00, currency: CNY, overrideId: o.id });
      expect(expired.reasons.at(-1)).toMatchObject({
        code: 'override_invalid',
        detail: expect.stringContaining('expired'),
      });

      const audit = await json(await t.request(`/api/v1/audit?entityType=credit_override&entityId=${o.id}`));
      expect(audit.items).toContainEqual(
        expect.objectContaining({ action: 'grant', actorId: t.cm1.id, reason: grant.reason }),
      );

      const o2 = await json(
        await t.request(`/api/v1/credit/customers/${id}/overrides`, {
          token: t.cm1.token,
          body: { ...grant, expiresAt: '2026-04-01T00:00:00Z' },
        }),
      );
      expect(
        await json(
          await t.request(`/api/v1/credit/overrides/${o2.id}/revoke`, {
            token: t.cm2.token,
            body: { reason: 'Order cancelled' },
          }),
        ),
      ).toMatchObject({ status: 'revoked' });
      expect(
        (
          await t.request(`/api/v1/credit/overrides/${o2.id}/revoke`, {
            token: t.cm2.token,
            body: { reason: 'again' },
          })
        ).status,
      ).toBe(409);
      expect(
        (
          await json(await t.request(`/api/v1/credit/customers/${id}/overrides`, { token: t.am.token }))
        ).items.map((x: any) => x.status),
      ).toEqual(['revoked', 'expired']);
    } finally {
      await t.close();
    }
  });

  it('places and releases holds by hand, and shows them on the timeline', async () => {
    const seen: Seen = [];
    const t = await bootCredit(db, {
      plugins: [creditPlugin, eventSpy(['credit.holdPlaced', 'credit.holdReleased'], seen)],
    });
    try {
      const id = await t.creditCustomer({ limit: 100_00 });
      const hold = await json(
        await t.request(`/api/v1/credit/customers/${id}/holds`, {
          token: t.cm1.token,
          body: { note: 'Customer under investigation' },
        }),
      );
      expect(
        (
          await t.request(`/api/v1/credit/customers/${id}/holds`, {
            token: t.cm1.token,
            body: { note: 'again' },
          })
        ).status,
      ).toBe(409);
      expect(
        (await t.request(`/api/v1/credit/customers/${id}/holds`, { token: t.am.token, body: { note: 'x' } }))
          .status,
      ).toBe(403);
      expect(
        (await json(await t.request(`/api/v1/customers/${id}?include=credit`))).facets.credit,
      ).toMatchObject({ status: 'on_hold', holdReasons: ['manual'] });

      const released = await t.request(`/api/v1/credit/customers/${id}/holds/${hold.id}/release`, {
        token: t.cm2.token,
        body: { note: 'Cleared' },
      });
      expect(await json(released)).toMatchObject({ releasedBy: t.cm2.id, releaseNote: 'Cleared' });
      expect(
        (
          await t.request(`/api/v1/credit/customers/${id}/holds/${hold.id}/release`, {
            token: t.cm2.token,
            body: {},
          })
        ).status,
      ).toBe(409);
      expect(
        (await json(await t.request(`/api/v1/customers/${id}?include=credit`))).facets.credit.status,
      ).toBe('normal');
      expect(
        (await json(await t.request(`/api/v1/credit/customers/${id}/holds?all=true`, { token: t.am.token })))
          .items,
      ).toHaveLength(1);

      await t.settle();
      expect(seen.map((e) => [e.name, e.payload.reason])).toEqual([
        ['credit.holdPlaced', 'manual'],
        ['credit.holdReleased', 'manual'],
      ]);
      expect(seen[1]!.payload.stillOnHold).toBe(false);

      const history = await json(
        await t.request(`/api/v1/credit/customers/${id}/history?limit=3`, { token: t.am.token }),
      );
      expect(history.items.map((i: any) => i.type)).toEqual([
        'credit.hold.released',
        'credit.hold.placed',
        'credit.limit.changed',
      ]);
      const next = await json(
        await t.request(`/api/v1/credit/customers/${id}/history?limit=50&cursor=${history.nextCursor}`, {
          token: t.am.token,
        }),
      );
      expect(next.items.map((i: any) => i.type)).toEqual([
        'credit.limit.requested',
        'credit.evaluation.approved',
        'credit.evaluation.submitted',
        'credit.profile.opened',
      ]);

      const source = t.kernel.registry.timelineSources.get('credit')!;
      const items = await source.load(id, { limit: 10 }, t.kernel.database.db);
      expect(items.map((i) => i.type)).toContain('credit.evaluation.approved');
    } finally {
      await t.close();
    }
  });

  it('waits for nothing when a refusal notice is emitted for an inquiry', async () => {
    const seen: Seen = [];
    const t = await bootCredit(db, { plugins: [creditPlugin, eventSpy(['credit.checkRefused'], seen)] });
    try {
      const id = await t.customer();
      await t.check({ customerId: id, amount: 1, currency: CNY });
      await vi.waitFor(async () => {
        await t.settle();
        expect(seen).toHaveLength(1);
      });
    } finally {
      await t.close();
    }
  });
});
