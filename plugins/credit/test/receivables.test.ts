import { json, testDatabases } from '@kehu/core/testing';
import { receivablesPlugin } from '@kehu/plugin-receivables';
import { describe, expect, it } from 'vitest';
import { creditPlugin } from '../src/index.js';
import { eventSpy, type Seen } from './support/events.js';
import { bootCredit, ordersPlugin, scoresFor } from './support/kehu.js';
import { invoice, invoiceOk, openInvoices, pay } from './support/receivables.js';

const CNY = 'CNY';

describe.each(testDatabases())('credit with receivables on $name', (db) => {
  it('refuses an invoice over the available amount with the figures, and writes nothing', async () => {
    const seen: Seen = [];
    const pending = [] as { customerId: string; amount: number; currency: string }[];
    const t = await bootCredit(db, {
      plugins: [
        receivablesPlugin,
        ordersPlugin(pending),
        creditPlugin,
        eventSpy(['credit.checkRefused', 'receivables.invoice.created'], seen),
      ],
    });
    try {
      const id = await t.creditCustomer({ limit: 100_000_00 });
      await invoiceOk(t, id, 50_000_00);
      pending.push({ customerId: id, amount: 10_000_00, currency: CNY });

      const refused = await invoice(t, id, 40_000_01);
      expect(refused.status).toBe(422);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      const problem = await json(refused);
      expect(problem).toMatchObject({
        code: 'credit_refused',
        customerId: id,
        amount: 40_000_01,
        currency: CNY,
        exposure: 60_000_00,
        limit: 100_000_00,
        available: 40_000_00,
        reasons: [{ code: 'limit_exceeded', data: { shortfall: 1 } }],
        credit: { exposure: { receivables: 50_000_00, contributed: 10_000_00 } },
      });
      expect(problem.detail).toContain('exceeds the limit');

      expect((await openInvoices(t, id)).map((i) => i.total)).toEqual([50_000_00]);
      const facet = (await json(await t.request(`/api/v1/customers/${id}?include=credit,receivables`)))
        .facets;
      expect(facet.receivables.balances).toEqual([
        expect.objectContaining({ currency: CNY, outstanding: 50_000_00 }),
      ]);
      expect(facet.credit).toMatchObject({ exposure: 60_000_00, limit: 100_000_00, available: 40_000_00 });

      // The refusal notice outlives the rolled-back invoice: it is in the outbox when the 422 arrives.
      const pendingNotices = await json(await t.request('/api/v1/admin/deliveries?status=pending'));
      expect(pendingNotices.items.map((d: { event: string }) => d.event)).toContain('credit.checkRefused');
      await t.settle();
      expect(seen.filter((e) => e.name === 'credit.checkRefused').map((e) => e.payload)).toEqual([
        expect.objectContaining({
          customerId: id,
          context: 'invoice',
          amount: 40_000_01,
          reasons: ['limit_exceeded'],
          exposure: 60_000_00,
          available: 40_000_00,
        }),
      ]);
      expect(seen.filter((e) => e.name === 'receivables.invoice.created')).toHaveLength(1);

      expect((await invoice(t, id, 40_000_00)).status).toBe(201);
      const term = await invoice(t, id, 1, { termDays: 31 });
      expect(term.status).toBe(422);
    } finally {
      await t.close();
    }
  });

  it('overdue invoice → hold → payment → release (超期不放)', async () => {
    const seen: Seen = [];
    const t = await bootCredit(db, {
      plugins: [
        receivablesPlugin,
        creditPlugin,
        eventSpy(['credit.holdPlaced', 'credit.holdReleased'], seen),
      ],
    });
    try {
      const finance = await t.user(['finance_manager']);
      const id = await t.creditCustomer({ limit: 100_000_00 });
      const inv = await invoiceOk(t, id, 30_000_00, { termDays: 10 }); // due 2026-03-11

      t.clock.set('2026-03-12T08:00:00.000Z');
      const beforeJob = await t.check({ customerId: id, amount: 1_00, currency: CNY });
      expect(beforeJob.reasons.map((r: any) => r.code)).toEqual(['overdue']);

      await t.kernel.scheduler.runDue(t.clock.now());
      await t.settle();
      const onHold = (await json(await t.request(`/api/v1/customers/${id}?include=credit`))).facets.credit;
      expect(onHold).toMatchObject({ status: 'on_hold', holdReasons: ['overdue'], exposure: 30_000_00 });
      expect(seen.map((e) => [e.name, e.payload.reason, e.payload.sourceRef])).toEqual([
        ['credit.holdPlaced', 'overdue', inv.id],
      ]);

      const refused = await invoice(t, id, 1_00);
      expect(refused.status).toBe(422);
      expect((await json(refused)).reasons.map((r: any) => r.code)).toEqual(['on_hold', 'overdue']);

      // At-least-once delivery: the same overdue event again changes nothing.
      const delivery = (await t.kernel.dispatcher.list({})).find(
        (d) => d.subscriber === 'credit:hold-on-overdue',
      )!;
      await t.kernel.hooks.subscriber('credit:hold-on-overdue')!.handler(delivery.payload, {
        eventId: delivery.eventId,
        name: delivery.event,
        occurredAt: delivery.occurredAt,
        attempt: 2,
      });
      expect(
        (await json(await t.request(`/api/v1/credit/customers/${id}/holds?all=true`, { token: t.am.token })))
          .items,
      ).toHaveLength(1);

      await pay(t, finance.token, id, 10_000_00);
      await t.settle();
      expect(
        (await json(await t.request(`/api/v1/customers/${id}?include=credit`))).facets.credit.status,
      ).toBe('on_hold');

      await pay(t, finance.token, id, 20_000_00);
      await t.settle();
      expect(
        (await json(await t.request(`/api/v1/customers/${id}?include=credit`))).facets.credit,
      ).toMatchObject({ status: 'normal', holdReasons: [], exposure: 0 });
      expect(seen.map((e) => e.name)).toEqual(['credit.holdPlaced', 'credit.holdReleased']);
      expect(seen[1]!.payload).toMatchObject({ reason: 'overdue', releasedBy: null, stillOnHold: false });

      // A late redelivery of the old overdue event does not hold a customer who has paid.
      await t.kernel.hooks.subscriber('credit:hold-on-overdue')!.handler(delivery.payload, {
        eventId: 'another-delivery-id',
        name: delivery.event,
        occurredAt: delivery.occurredAt,
        attempt: 1,
      });
      expect(
        (await json(await t.request(`/api/v1/customers/${id}?include=credit`))).facets.credit.status,
      ).toBe('normal');
      expect((await invoice(t, id, 1_00)).status).toBe(201);
    } finally {
      await t.close();
    }
  });

  it('written-off invoice → hold and a pending downgrade a credit manager approves', async () => {
    const seen: Seen = [];
    const t = await bootCredit(db, {
      plugins: [
        receivablesPlugin,
        creditPlugin,
        eventSpy(['credit.gradeChanged', 'credit.evaluationSubmitted'], seen),
      ],
    });
    try {
      const gm = await t.user(['general_manager']);
      const id = await t.creditCustomer({ limit: 100_000_00, scores: scoresFor(85) }); // AA
      const inv = await invoiceOk(t, id, 20_000_00, { termDays: 10 });
      t.clock.set('2026-06-01T08:00:00.000Z');
      const wo = await json(
        await t.request('/api/v1/receivables/write-offs', {
          token: t.am.token,
          body: { invoiceId: inv.id, reason: 'Customer insolvent 破产' },
        }),
      );
      const approved = await t.request(`/api/v1/receivables/write-offs/${wo.id}/approve`, {
        token: gm.token,
        body: {},
      });
      expect(approved.status).toBe(200);
      await t.kernel.scheduler.runDue(t.clock.now());
      await t.settle();

      const credit = await json(await t.request(`/api/v1/credit/customers/${id}`, { token: t.am.token }));
      expect(credit.profile).toMatchObject({ grade: 'AA', status: 'on_hold' });
      expect(credit.holds.map((h: any) => h.reason)).toContain('written_off');

      const pending = await json(
        await t.request('/api/v1/credit/evaluations?status=pending', { token: t.cm1.token }),
      );
      expect(pending.items).toEqual([
        expect.objectContaining({
          customerId: id,
          origin: 'write_off',
          sourceRef: inv.id,
          previousGrade: 'AA',
          proposedGrade: 'BBB',
          createdBy: null,
        }),
      ]);
      await t.settle();
      expect(seen.filter((e) => e.name === 'credit.evaluationSubmitted').at(-1)!.payload).toMatchObject({
        origin: 'write_off',
        proposedGrade: 'BBB',
      });

      const done = await t.request(`/api/v1/credit/evaluations/${pending.items[0].id}/approve`, {
        token: t.cm1.token,
        body: { note: 'Bad debt confirmed' },
      });
      expect(done.status).toBe(200);
      expect(
        (await json(await t.request(`/api/v1/customers/${id}?include=credit`))).facets.credit.grade,
      ).toBe('BBB');
      await t.settle();
      expect(seen.filter((e) => e.name === 'credit.gradeChanged').at(-1)!.payload).toMatchObject({
        from: 'AA',
        to: 'BBB',
      });
    } finally {
      await t.close();
    }
  });

  it('lowers the grade by the configured number of steps', async () => {
    const t = await bootCredit(db, {
      plugins: [receivablesPlugin, creditPlugin],
      config: { credit: { writeOffDowngradeSteps: 4 } },
    });
    try {
      const gm = await t.user(['general_manager']);
      const id = await t.creditCustomer({ limit: 10_000_00, scores: scoresFor(85) });
      const inv = await invoiceOk(t, id, 1_000_00);
      const wo = await json(
        await t.request('/api/v1/receivables/write-offs', {
          token: t.am.token,
          body: { invoiceId: inv.id, reason: 'Gone' },
        }),
      );
      await t.request(`/api/v1/receivables/write-offs/${wo.id}/approve`, { token: gm.token, body: {} });
      await t.settle();
      const evaluations = await json(
        await t.request(`/api/v1/credit/customers/${id}/evaluations`, { token: t.am.token }),
      );
      expect(evaluations.items[0]).toMatchObject({
        origin: 'write_off',
        proposedGrade: 'B',
        status: 'pending',
      });
    } finally {
      await t.close();
    }
  });

  it('a broken repayment plan puts the customer on hold', async () => {
    const t = await bootCredit(db, { plugins: [receivablesPlugin, creditPlugin] });
    try {
      const id = await t.creditCustomer({ limit: 100_000_00 });
      await invoiceOk(t, id, 10_000_00, { termDays: 5 });
      t.clock.set('2026-03-10T08:00:00.000Z');
      const plan = await t.request('/api/v1/receivables/plans', {
        token: t.am.token,
        body: {
          customerId: id,
          currency: CNY,
          reason: 'Cash-flow trouble',
          instalments: [{ dueDate: '2026-03-20', amount: 10_000_00 }],
        },
      });
      expect(plan.status).toBe(201);
      t.clock.set('2026-03-22T08:00:00.000Z');
      await t.kernel.scheduler.runDue(t.clock.now());
      await t.settle();
      const holds = await json(
        await t.request(`/api/v1/credit/customers/${id}/holds`, { token: t.am.token }),
      );
      expect(holds.items.map((h: any) => h.reason).sort()).toEqual(['overdue', 'plan_broken']);
    } finally {
      await t.close();
    }
  });

  it('lets an invoice through on a one-off exception that the invoice references, once', async () => {
    const t = await bootCredit(db, { plugins: [receivablesPlugin, creditPlugin] });
    try {
      const id = await t.creditCustomer({ limit: 10_000_00 });
      const o = await json(
        await t.request(`/api/v1/credit/customers/${id}/overrides`, {
          token: t.cm1.token,
          body: {
            amountCap: 30_000_00,
            currency: CNY,
            expiresAt: '2026-03-31T00:00:00Z',
            reason: 'Trade fair order',
          },
        }),
      );
      const inv = await invoiceOk(t, id, 25_000_00, { creditOverrideId: o.id });
      expect(inv.creditOverrideId).toBe(o.id);
      await t.settle();
      const used = (
        await json(await t.request(`/api/v1/credit/customers/${id}/overrides`, { token: t.am.token }))
      ).items[0];
      expect(used).toMatchObject({ status: 'used', usedAmount: 25_000_00, invoiceId: inv.id });
      const again = await invoice(t, id, 1_00, { creditOverrideId: o.id });
      expect(again.status).toBe(422);
      expect((await json(again)).reasons.map((r: any) => r.code)).toEqual([
        'limit_exceeded',
        'override_invalid',
      ]);
      const audit = await json(await t.request(`/api/v1/audit?entityType=credit_override&entityId=${o.id}`));
      expect(audit.items.map((a: any) => a.action).sort()).toEqual(['grant', 'use']);
    } finally {
      await t.close();
    }
  });

  it('never lets 50 simultaneous invoices together exceed the limit', async () => {
    const t = await bootCredit(db, { plugins: [receivablesPlugin, creditPlugin] });
    try {
      const id = await t.creditCustomer({ limit: 100_000_00 });
      const amount = 3_000_00; // 50 × 3 000 = 150 000 > 100 000
      const responses = await Promise.all(Array.from({ length: 50 }, () => invoice(t, id, amount)));
      const statuses = responses.map((r) => r.status);
      const accepted = statuses.filter((s) => s === 201).length;
      const bodies = await Promise.all(responses.filter((r) => r.status !== 201).map((r) => json(r)));
      expect(bodies.every((b) => b.code === 'credit_refused')).toBe(true);
      expect(accepted * amount).toBeLessThanOrEqual(100_000_00);
      expect(accepted).toBe(33);
      const stored = await openInvoices(t, id);
      expect(stored.reduce((s, i) => s + i.total, 0)).toBe(accepted * amount);
      expect(await t.kernel.service('receivables')!.openExposure(id, CNY)).toBe(accepted * amount);
    } finally {
      await t.close();
    }
  });
});
