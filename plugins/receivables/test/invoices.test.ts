import { DomainError, definePlugin } from '@kehu/core';
import { createTestKehu, testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { receivablesPlugin } from '../src/index.js';
import { expectStatus, world } from './helpers.js';

const line = (quantity: number, unitPrice: number) => ({
  description: 'Frequency inverter 7.5 kW',
  quantity,
  unitPrice,
});

describe.each(testDatabases())('invoices on $name', (db) => {
  it('numbers invoices uniquely, derives due date and total, defaults the responsible person', async () => {
    const w = await world(db);
    try {
      const a = await w.invoice({
        lines: [line(2.5, 1999), line(3, 100_000)],
        termDays: 15,
        reference: 'PO-7781',
      });
      expect(a).toMatchObject({
        issueDate: '2026-03-01',
        dueDate: '2026-03-16',
        total: 4998 + 300_000,
        outstanding: 304_998,
        status: 'open',
        responsibleId: w.am.id,
        reference: 'PO-7781',
      });
      expect(a.lines[0].amount).toBe(4998);
      const b = await w.invoice({ issueDate: '2026-02-20', responsibleId: w.am2.id });
      expect(b.number).not.toBe(a.number);
      expect(Number(b.number.slice(-6))).toBe(Number(a.number.slice(-6)) + 1);
      expect(b).toMatchObject({ dueDate: '2026-03-22', termDays: 30, responsibleId: w.am2.id });
      const unowned = await w.customer('Unowned customer', null);
      const c = await w.invoice({ customerId: unowned });
      expect(c.responsibleId).toBeNull();
      const got = await expectStatus(
        await w.t.request(`/api/v1/receivables/invoices/${a.id}`, { token: w.am.token }),
        200,
      );
      expect(got).toMatchObject({ id: a.id, allocations: [], creditNotes: [] });
    } finally {
      await w.t.close();
    }
  });

  it('refuses bad input with a problem naming the field and writes nothing', async () => {
    const w = await world(db);
    const { t } = w;
    try {
      const post = (body: Record<string, unknown>) =>
        t.request('/api/v1/receivables/invoices', {
          body: { customerId: w.customerId, lines: [line(1, 1000)], ...body },
        });
      const cases: [Record<string, unknown>, number, string, string?][] = [
        [{ termDays: 31 }, 422, 'body.termDays', 'term_exceeds_ceiling'],
        [{ currency: 'XYZ' }, 422, 'body.currency', 'unknown_currency'],
        [{ currency: 'cny' }, 400, 'body.currency'],
        [{ issueDate: '2026-02-30' }, 400, 'body.issueDate'],
        [{ issueDate: '2026-03-02' }, 422, 'body.issueDate', 'date_in_future'],
        [{ lines: [line(1, -5)] }, 400, 'body.lines.0.unitPrice'],
        [{ lines: [line(0, 100)] }, 400, 'body.lines.0.quantity'],
        [{ lines: [line(1, 0)] }, 422, 'body.lines', 'non_positive_total'],
        [{ lines: [] }, 400, 'body.lines'],
        [{ responsibleId: 'nobody' }, 422, 'body.responsibleId', 'unknown_user'],
        [{ surprise: 1 }, 400, 'body'],
      ];
      for (const [body, status, path, code] of cases) {
        const res = await post(body);
        const problem = await expectStatus(res, status);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(problem.errors.map((e: any) => e.path).join(' ')).toContain(path);
        if (code) expect(problem.code).toBe(code);
      }
      const unknown = await t.request('/api/v1/receivables/invoices', {
        body: { customerId: 'no-such-customer', lines: [line(1, 1)] },
      });
      expect(unknown.status).toBe(404);
      const list = await expectStatus(await t.request('/api/v1/receivables/invoices'), 200);
      expect(list.items).toHaveLength(0);
      expect(await w.delivered('receivables.invoice.created')).toHaveLength(0);
    } finally {
      await t.close();
    }
  });

  it('applies a configured term ceiling and permission and customer access rules', async () => {
    const w = await world(db, { maxTermDays: 45, defaultTermDays: 45 });
    const { t } = w;
    try {
      expect((await w.invoice({ termDays: 45 })).dueDate).toBe('2026-04-15');
      expect((await w.invoice({})).termDays).toBe(45);
      expect(
        (
          await expectStatus(
            await t.request('/api/v1/receivables/invoices', {
              body: { customerId: w.customerId, termDays: 46, lines: [line(1, 1)] },
            }),
            422,
          )
        ).code,
      ).toBe('term_exceeds_ceiling');
      // Staff may not issue invoices; another account manager does not see this customer at all.
      await expectStatus(
        await t.request('/api/v1/receivables/invoices', {
          body: { customerId: w.customerId, lines: [line(1, 1)] },
          token: w.staff.token,
        }),
        403,
      );
      await expectStatus(
        await t.request('/api/v1/receivables/invoices', {
          body: { customerId: w.customerId, lines: [line(1, 1)] },
          token: w.am2.token,
        }),
        404,
      );
      await expectStatus(await t.request('/api/v1/receivables/invoices', { token: null }), 401);
      expect(
        (await expectStatus(await t.request('/api/v1/receivables/invoices', { token: w.am2.token }), 200))
          .items,
      ).toHaveLength(0);
      expect(
        (await expectStatus(await t.request('/api/v1/receivables/invoices', { token: w.am.token }), 200))
          .items,
      ).toHaveLength(2);
      expect(
        (await expectStatus(await t.request('/api/v1/receivables/invoices', { token: w.finance.token }), 200))
          .items,
      ).toHaveLength(2);
      const inv = (
        await expectStatus(await t.request('/api/v1/receivables/invoices', { token: w.am.token }), 200)
      ).items[0];
      await expectStatus(
        await t.request(`/api/v1/receivables/invoices/${inv.id}`, { token: w.am2.token }),
        404,
      );
      const mine = await expectStatus(
        await t.request('/api/v1/receivables/invoices', {
          body: { customerId: w.customerId, lines: [line(1, 500)] },
          token: w.am.token,
        }),
        201,
      );
      expect(mine.createdBy).toBe(w.am.id);
    } finally {
      await t.close();
    }
  });

  it('lists just the invoices asked for by id, only those the caller may see', async () => {
    const w = await world(db);
    try {
      const [a, b, c] = [await w.invoice({}), await w.invoice({}), await w.invoice({})];
      const others = await w.customer('Someone else’s customer', w.am2.id);
      const hidden = await w.invoice({ customerId: others });
      const list = (ids: string, token = w.am.token) =>
        w.t.request(`/api/v1/receivables/invoices?ids=${encodeURIComponent(ids)}`, { token });
      const got = await expectStatus(await list(`${a.id},${c.id},${hidden.id},nosuch,${a.id}`), 200);
      expect(got.items.map((i: { id: string }) => i.id).sort()).toEqual([a.id, c.id].sort());
      expect(got.items.map((i: { id: string }) => i.id)).not.toContain(b.id);
      const all = await expectStatus(await list(`${a.id},${hidden.id}`, w.finance.token), 200);
      expect(all.items).toHaveLength(2);
      // At most 100 ids in one call.
      const many = Array.from({ length: 101 }, (_, i) => `id${i}`).join(',');
      expect((await expectStatus(await list(many), 400)).errors[0].path).toBe('query.ids');
    } finally {
      await w.t.close();
    }
  });

  it('cancels only unpaid invoices; a cancelled invoice cannot be paid', async () => {
    const w = await world(db);
    const { t } = w;
    try {
      const a = await w.invoice({});
      const b = await w.invoice({});
      await expectStatus(await t.request(`/api/v1/receivables/invoices/${a.id}/cancel`, { body: {} }), 400);
      const cancelled = await expectStatus(
        await t.request(`/api/v1/receivables/invoices/${a.id}/cancel`, { body: { reason: 'Issued twice' } }),
        200,
      );
      expect(cancelled).toMatchObject({ status: 'cancelled', outstanding: 0, cancelReason: 'Issued twice' });
      await expectStatus(
        await t.request(`/api/v1/receivables/invoices/${a.id}/cancel`, { body: { reason: 'again' } }),
        409,
      );
      const refused = await expectStatus(
        await t.request('/api/v1/receivables/payments', {
          body: {
            customerId: w.customerId,
            amount: 100,
            currency: 'CNY',
            date: '2026-03-01',
            method: 'cash',
            allocations: [{ invoiceId: a.id, amount: 100 }],
          },
        }),
        422,
      );
      expect(refused).toMatchObject({
        code: 'invoice_cancelled',
        errors: [expect.objectContaining({ path: 'body.allocations.0.invoiceId' })],
      });
      await w.pay({ amount: 1000, allocations: [{ invoiceId: b.id, amount: 1000 }] });
      expect(
        (
          await expectStatus(
            await t.request(`/api/v1/receivables/invoices/${b.id}/cancel`, { body: { reason: 'wrong' } }),
            409,
          )
        ).code,
      ).toBe('invoice_not_unpaid');
      expect(await w.delivered('receivables.invoice.cancelled')).toEqual([
        expect.objectContaining({ invoiceId: a.id, total: 100_000, reason: 'Issued twice' }),
      ]);
      const standing = await expectStatus(
        await t.request(`/api/v1/receivables/customers/${w.customerId}/standing`),
        200,
      );
      expect(standing.balances).toEqual([
        { currency: 'CNY', outstanding: 99_000, overdue: 0, creditBalance: 0 },
      ]);
    } finally {
      await t.close();
    }
  });

  it('lets another plugin refuse or adjust an invoice through receivables.invoice.beforeCreate', async () => {
    const guard = definePlugin({
      name: 'guard',
      version: '1.0.0',
      requires: ['receivables'],
      setup(ctx) {
        ctx.hooks.filter('receivables.invoice.beforeCreate', (draft) => {
          if (draft.total > 1_000_000)
            throw new DomainError('credit_limit_exceeded', 'Over the credit limit', {
              limit: 1_000_000,
              total: draft.total,
            });
          return { ...draft, termDays: Math.min(draft.termDays, 10) };
        });
      },
    });
    const t = await createTestKehu(db, { plugins: [receivablesPlugin, guard] });
    try {
      const customer = await expectStatus(
        await t.request('/api/v1/customers', { body: { name: 'Filter customer' } }),
        201,
      );
      const refused = await expectStatus(
        await t.request('/api/v1/receivables/invoices', {
          body: { customerId: customer.id, lines: [line(11, 100_000)] },
        }),
        422,
      );
      expect(refused).toMatchObject({ code: 'credit_limit_exceeded', limit: 1_000_000 });
      expect((await expectStatus(await t.request('/api/v1/receivables/invoices'), 200)).items).toHaveLength(
        0,
      );
      const adjusted = await expectStatus(
        await t.request('/api/v1/receivables/invoices', {
          body: { customerId: customer.id, lines: [line(1, 100)] },
        }),
        201,
      );
      expect(adjusted).toMatchObject({ termDays: 10, dueDate: '2026-03-11' });
    } finally {
      await t.close();
    }
  });
});
