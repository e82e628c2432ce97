import { addDays, definePlugin } from '@kehu/core';
import { createTestKehu, type TestDatabase, testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { receivablesPlugin } from '../src/index.js';
import { expectStatus, world } from './helpers.js';

const lines = [{ description: 'Lubricant 200 L', quantity: 1, unitPrice: 10_000 }];

/** A third-party filter that gives some customers a later due date, the way an ERP rule might. */
const dueDateFilter = (days: number) =>
  definePlugin({
    name: 'late-due',
    version: '1.0.0',
    requires: ['receivables'],
    setup(ctx) {
      ctx.hooks.filter('receivables.invoice.beforeCreate', (draft) => ({
        ...draft,
        dueDate: addDays(draft.dueDate, days),
      }));
    },
  });

async function bootWithFilter(db: TestDatabase, days: number) {
  const t = await createTestKehu(db, { plugins: [receivablesPlugin, dueDateFilter(days)] });
  const am = await t.user(['account_manager'], 'Li Na');
  const customerId = (
    await expectStatus(
      await t.request('/api/v1/customers', { body: { name: '华北机电', ownerId: am.id } }),
      201,
    )
  ).id;
  const post = (body: Record<string, unknown>) =>
    t.request('/api/v1/receivables/invoices', { token: am.token, body: { customerId, lines, ...body } });
  return { t, post, customerId };
}

describe.each(testDatabases())('credit-term ceiling (账期上限) on $name', (db) => {
  it('holds a due date moved by a filter to the ceiling; the term follows the due date', async () => {
    const over = await bootWithFilter(db, 5);
    try {
      const refused = await expectStatus(await over.post({ issueDate: '2026-03-01', termDays: 30 }), 422);
      expect(refused).toMatchObject({ code: 'term_exceeds_ceiling', termDays: 35, maxTermDays: 30 });
      const list = await expectStatus(await over.t.request('/api/v1/receivables/invoices'), 200);
      expect(list.items).toEqual([]);
      const within = await expectStatus(await over.post({ issueDate: '2026-03-01', termDays: 20 }), 201);
      expect(within).toMatchObject({ termDays: 25, dueDate: '2026-03-26' });
    } finally {
      await over.t.close();
    }
  });

  it('extensions respect maxExtendedTermDays unless explicitly approved above it by someone allowed to', async () => {
    const w = await world(db, { maxExtendedTermDays: 45 });
    const { t } = w;
    try {
      const inv = await w.invoice({ issueDate: '2026-03-01', termDays: 30 }); // due 03-31
      const request = async (to: string) =>
        expectStatus(
          await t.request('/api/v1/receivables/extensions', {
            token: w.am.token,
            body: { invoiceId: inv.id, requestedDueDate: to, reason: 'Project acceptance delayed' },
          }),
          201,
        );
      const approve = (id: string, token: string, body: Record<string, unknown> = {}) =>
        t.request(`/api/v1/receivables/extensions/${id}/approve`, { token, body });

      const far = await request('2026-05-01'); // 61 days from the issue date
      const refused = await expectStatus(await approve(far.id, w.sales.token), 422);
      expect(refused).toMatchObject({
        code: 'term_exceeds_ceiling',
        termDays: 61,
        maxExtendedTermDays: 45,
        errors: [{ path: 'body.aboveCeiling' }],
      });
      expect(
        (await expectStatus(await approve(far.id, w.sales.token, { aboveCeiling: true }), 403)).code,
      ).toBe('forbidden');
      const invoice = await expectStatus(
        await t.request(`/api/v1/receivables/invoices/${inv.id}`, { token: w.am.token }),
        200,
      );
      expect(invoice.dueDate).toBe('2026-03-31');
      const approved = await expectStatus(
        await approve(far.id, w.finance.token, { aboveCeiling: true }),
        200,
      );
      expect(approved.status).toBe('approved');
      expect(
        (
          await expectStatus(
            await t.request(`/api/v1/receivables/invoices/${inv.id}`, { token: w.am.token }),
            200,
          )
        ).dueDate,
      ).toBe('2026-05-01');

      const other = await w.invoice({ issueDate: '2026-03-01', termDays: 30 });
      const near = await expectStatus(
        await t.request('/api/v1/receivables/extensions', {
          token: w.am.token,
          body: { invoiceId: other.id, requestedDueDate: '2026-04-15', reason: 'Two more weeks' },
        }),
        201,
      );
      expect((await expectStatus(await approve(near.id, w.sales.token), 200)).status).toBe('approved');
    } finally {
      await t.close();
    }
  });

  it('refuses a configuration whose extension ceiling is below the term ceiling', async () => {
    await expect(
      createTestKehu(db, {
        plugins: [receivablesPlugin],
        config: { receivables: { maxTermDays: 30, maxExtendedTermDays: 20 } },
      }),
    ).rejects.toThrow(/maxExtendedTermDays/);
  });
});
