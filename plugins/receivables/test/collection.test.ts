import { testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { expectStatus, world } from './helpers.js';

const inv = (unitPrice: number, extra: Record<string, unknown> = {}) => ({
  lines: [{ description: 'Commissioning (day)', quantity: 1, unitPrice }],
  ...extra,
});

describe.each(testDatabases())('collection rules on $name', (db) => {
  it('validates plans, extensions and write-offs and records rejections', async () => {
    const w = await world(db);
    const { t } = w;
    try {
      const a = await w.invoice(inv(60_000, { issueDate: '2026-01-20', termDays: 10 }));
      const plan = (instalments: unknown[], extra: Record<string, unknown> = {}) =>
        t.request('/api/v1/receivables/plans', {
          body: { customerId: w.customerId, currency: 'CNY', reason: 'agreed', instalments, ...extra },
        });
      expect((await expectStatus(await plan([{ dueDate: '2026-03-10', amount: 70_000 }]), 422)).code).toBe(
        'exceeds_outstanding',
      );
      expect(
        (await expectStatus(await plan([{ dueDate: '2026-02-10', amount: 1_000 }]), 422)).errors[0].path,
      ).toBe('body.instalments.0.dueDate');
      expect(
        (
          await expectStatus(
            await plan([
              { dueDate: '2026-03-10', amount: 1_000 },
              { dueDate: '2026-03-09', amount: 1_000 },
            ]),
            422,
          )
        ).code,
      ).toBe('dates_not_increasing');
      expect(
        (await expectStatus(await plan([{ dueDate: '2026-03-32', amount: 1_000 }]), 400)).errors[0].path,
      ).toBe('body.instalments.0.dueDate');
      await expectStatus(await plan([{ dueDate: '2026-03-10', amount: 0 }]), 400);
      const ok = await expectStatus(
        await plan([
          { dueDate: '2026-03-10', amount: 30_000 },
          { dueDate: '2026-04-10', amount: 30_000 },
        ]),
        201,
      );
      expect((await expectStatus(await plan([{ dueDate: '2026-03-10', amount: 1 }]), 409)).code).toBe(
        'plan_exists',
      );
      // Paying everything completes the plan.
      await w.pay({ amount: 60_000 }, w.finance.token);
      expect((await expectStatus(await t.request(`/api/v1/receivables/plans/${ok.id}`), 200)).status).toBe(
        'completed',
      );
      expect((await expectStatus(await plan([{ dueDate: '2026-03-10', amount: 1 }]), 422)).code).toBe(
        'nothing_overdue',
      );

      const b = await w.invoice(inv(9_000));
      const ext = (body: Record<string, unknown>, token?: string) =>
        t.request('/api/v1/receivables/extensions', {
          body: { invoiceId: b.id, requestedDueDate: '2026-04-15', reason: 'Customer asked', ...body },
          ...(token ? { token } : {}),
        });
      expect((await expectStatus(await ext({ requestedDueDate: '2026-03-20' }), 422)).code).toBe('not_later');
      expect((await expectStatus(await ext({ invoiceId: a.id }), 422)).code).toBe('invoice_not_open');
      // An invoice of a customer am2 may not see answers as one that does not exist.
      expect((await expectStatus(await ext({}, w.am2.token), 422)).code).toBe('unknown_invoice');
      const e = await expectStatus(await ext({}, w.am.token), 201);
      expect((await expectStatus(await ext({}, w.am.token), 409)).code).toBe('extension_pending');
      expect(
        (
          await expectStatus(
            await t.request(`/api/v1/receivables/extensions/${e.id}/approve`, { body: {} }),
            200,
          )
        ).status,
      ).toBe('approved');
      const e2 = await expectStatus(await ext({ requestedDueDate: '2026-05-01' }, w.sales.token), 201);
      expect(
        (
          await expectStatus(
            await t.request(`/api/v1/receivables/extensions/${e2.id}/approve`, {
              body: {},
              token: w.sales.token,
            }),
            403,
          )
        ).code,
      ).toBe('own_request');
      await expectStatus(
        await t.request(`/api/v1/receivables/extensions/${e2.id}/reject`, {
          body: {},
          token: w.finance.token,
        }),
        400,
      );
      const rejected = await expectStatus(
        await t.request(`/api/v1/receivables/extensions/${e2.id}/reject`, {
          body: { note: 'Pay first' },
          token: w.finance.token,
        }),
        200,
      );
      expect(rejected).toMatchObject({
        status: 'rejected',
        decidedBy: w.finance.id,
        decisionNote: 'Pay first',
      });
      await expectStatus(
        await t.request(`/api/v1/receivables/extensions/${e2.id}/approve`, {
          body: {},
          token: w.finance.token,
        }),
        409,
      );
      expect((await expectStatus(await t.request(`/api/v1/receivables/invoices/${b.id}`), 200)).dueDate).toBe(
        '2026-04-15',
      );

      const wo = await expectStatus(
        await t.request('/api/v1/receivables/write-offs', {
          body: { invoiceId: b.id, reason: 'Dispute lost' },
          token: w.am.token,
        }),
        201,
      );
      expect(
        (
          await expectStatus(
            await t.request('/api/v1/receivables/write-offs', { body: { invoiceId: a.id, reason: 'x' } }),
            422,
          )
        ).code,
      ).toBe('invoice_not_open');
      await expectStatus(
        await t.request('/api/v1/receivables/write-offs', { body: { invoiceId: b.id } }),
        400,
      );
      await expectStatus(
        await t.request(`/api/v1/receivables/write-offs/${wo.id}/reject`, {
          body: { note: 'Keep chasing' },
          token: w.finance.token,
        }),
        200,
      );
      expect((await expectStatus(await t.request(`/api/v1/receivables/invoices/${b.id}`), 200)).status).toBe(
        'open',
      );
      expect(await w.delivered('receivables.invoice.writtenOff')).toHaveLength(0);
      expect(
        (await expectStatus(await t.request('/api/v1/receivables/write-offs?status=rejected'), 200)).items,
      ).toHaveLength(1);

      const doc = await expectStatus(await t.request('/api/openapi.json', { token: null }), 200);
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining(['/api/v1/receivables/invoices', '/api/v1/receivables/ageing']),
      );
    } finally {
      await t.close();
    }
  });
});
