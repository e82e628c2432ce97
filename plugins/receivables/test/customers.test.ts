import { createTestKehu, testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { expectStatus, world } from './helpers.js';

const inv = (unitPrice: number, extra: Record<string, unknown> = {}) => ({
  lines: [{ description: 'Lubricant', quantity: 1, unitPrice }],
  ...extra,
});

describe.each(testDatabases())('receivables and the customer archive on $name', (db) => {
  it('adds a receivables facet, timeline items, and holds termination while anything is open', async () => {
    const w = await world(db);
    const { t } = w;
    try {
      const a = await w.invoice(inv(10_000, { issueDate: '2026-01-10', termDays: 30 }));
      await w.invoice(inv(5_000));
      const p = await w.pay({ amount: 2_000, allocations: [{ invoiceId: a.id, amount: 2_000 }] });
      const empty = await w.customer('No receivables yet', w.am.id);
      const one = await expectStatus(
        await t.request(`/api/v1/customers/${w.customerId}?include=receivables`),
        200,
      );
      expect(one.facets.receivables).toEqual({
        balances: [{ currency: 'CNY', outstanding: 13_000, overdue: 8_000, dso: 78 }],
        hasOverdue: true,
        oldestOverdueDays: 20,
      });
      const list = await expectStatus(await t.request('/api/v1/customers?include=receivables'), 200);
      const byId = new Map(list.items.map((c: any) => [c.id, c.facets.receivables]));
      expect(byId.get(empty)).toBeNull();
      expect((byId.get(w.customerId) as any).balances[0].outstanding).toBe(13_000);

      await w.at('2026-03-02');
      await expectStatus(
        await t.request('/api/v1/receivables/statements', {
          body: { customerId: w.customerId, period: '2026-02' },
        }),
        201,
      );
      const timeline = await expectStatus(await t.request(`/api/v1/customers/${w.customerId}/timeline`), 200);
      const types = JSON.stringify(timeline);
      expect(types).toContain(a.number);
      expect(types).toContain(p.number);
      expect(types).toContain('Statement 2026-02');

      const refused = await t.request(`/api/v1/customers/${w.customerId}/terminate`, {
        body: { reason: 'Company closed' },
      });
      expect(refused.status).toBe(409);
      expect(JSON.stringify(await refused.json())).toContain('open_invoices');
      await w.pay({ amount: 13_000 });
      await expectStatus(
        await t.request(`/api/v1/customers/${w.customerId}/terminate`, {
          body: { reason: 'Company closed' },
        }),
        200,
      );
      expect(
        (
          await expectStatus(
            await t.request('/api/v1/receivables/invoices', {
              body: { customerId: w.customerId, lines: [{ description: 'x', quantity: 1, unitPrice: 1 }] },
            }),
            422,
          )
        ).code,
      ).toBe('customer_terminated');
    } finally {
      await t.close();
    }
  });

  it('hands over confirmed balances on an owner change; bad debts discovered within 90 days are the predecessor’s', async () => {
    const w = await world(db);
    const { t } = w;
    try {
      const a = await w.invoice(inv(10_000, { issueDate: '2026-02-10' }));
      const b = await w.invoice(inv(7_000, { issueDate: '2026-02-15' }));
      const late = await w.invoice(inv(3_000, { issueDate: '2026-03-01' }));
      // The customer signs the February statement (债权债务确认书); March is not reconciled yet.
      await w.at('2026-03-05');
      await w.confirmStatement('2026-02');

      await w.at('2026-03-10');
      await expectStatus(
        await t.request(`/api/v1/customers/${w.customerId}/owner`, {
          body: { ownerId: w.am2.id, reason: 'Li Na moved to the Shanghai office' },
        }),
        200,
      );
      const recorded = await w.delivered('receivables.handover.recorded');
      expect(recorded).toEqual([
        expect.objectContaining({
          customerId: w.customerId,
          fromId: w.am.id,
          toId: w.am2.id,
          on: '2026-03-10',
        }),
      ]);
      const handovers = await expectStatus(
        await t.request(`/api/v1/receivables/handovers?customerId=${w.customerId}`),
        200,
      );
      expect(handovers.items).toEqual([
        expect.objectContaining({
          source: 'owner_change',
          balances: [{ currency: 'CNY', outstanding: 17_000, overdue: 0, invoices: 2 }],
          unconfirmedBalances: [{ currency: 'CNY', outstanding: 3_000, overdue: 0, invoices: 1 }],
        }),
      ]);
      const responsible = async (id: string) =>
        (await expectStatus(await t.request(`/api/v1/receivables/invoices/${id}`), 200)).responsibleId;
      expect(await responsible(a.id)).toBe(w.am2.id);
      expect(await responsible(b.id)).toBe(w.am2.id);
      // Not confirmed by the customer: stays with the predecessor until reconciled.
      expect(await responsible(late.id)).toBe(w.am.id);
      // A redelivered event does not record a second handover.
      await t.drain();
      expect(
        (await expectStatus(await t.request(`/api/v1/receivables/handovers?customerId=${w.customerId}`), 200))
          .items,
      ).toHaveLength(1);

      const requestWriteOff = async (id: string) =>
        expectStatus(
          await t.request('/api/v1/receivables/write-offs', {
            body: { invoiceId: id, reason: 'Debtor vanished' },
            token: w.am2.token,
          }),
          201,
        );
      const approve = async (id: string) =>
        expectStatus(
          await t.request(`/api/v1/receivables/write-offs/${id}/approve`, {
            body: {},
            token: w.finance.token,
          }),
          200,
        );
      // Discovered on day 87 after the handover, approved on day 102: the predecessor's.
      await w.at('2026-06-05');
      const woA = await requestWriteOff(a.id);
      expect(woA.discoveredOn).toBe('2026-06-05');
      await w.at('2026-06-20');
      const approvedA = await approve(woA.id);
      expect(approvedA).toMatchObject({ chargedToId: w.am.id, discoveredOn: '2026-06-05' });
      // Discovered on day 101: the successor's.
      const woB = await requestWriteOff(b.id);
      expect((await approve(woB.id)).chargedToId).toBeNull();
      const charged = await expectStatus(
        await t.request(`/api/v1/receivables/write-offs?chargedToId=${w.am.id}`),
        200,
      );
      expect(charged.items).toEqual([
        expect.objectContaining({ invoiceId: a.id, amount: 10_000, chargedToId: w.am.id }),
      ]);
      const report = await expectStatus(
        await t.request(`/api/v1/receivables/handovers/${handovers.items[0].id}`),
        200,
      );
      expect(report.writeOffsChargedToPredecessor.map((x: any) => x.invoiceId)).toEqual([a.id]);
      expect(report.invoices.map((x: any) => x.invoiceId).sort()).toEqual([a.id, b.id].sort());

      // A handover on request, to someone who exists; nothing the customer confirmed is left to pass.
      const c = await w.invoice(inv(1_000));
      await expectStatus(
        await t.request('/api/v1/receivables/handovers', {
          body: { customerId: w.customerId, toId: 'nobody', reason: 'x' },
        }),
        422,
      );
      const manual = await expectStatus(
        await t.request('/api/v1/receivables/handovers', {
          body: { customerId: w.customerId, toId: w.sales.id, reason: 'Escalated to the sales manager' },
        }),
        201,
      );
      expect(manual).toMatchObject({
        source: 'request',
        fromId: w.am2.id,
        toId: w.sales.id,
        balances: [],
        unconfirmedBalances: [{ currency: 'CNY', outstanding: 1_000, invoices: 1 }],
      });
      expect(await responsible(c.id)).toBe(w.am2.id);
      await expectStatus(
        await t.request('/api/v1/receivables/handovers', {
          body: { customerId: w.customerId, toId: w.sales.id, reason: 'x' },
          token: w.am.token,
        }),
        403,
      );
    } finally {
      await t.close();
    }
  });

  it('holds the purge of a deleted customer while an invoice is open', async () => {
    const w = await world(db);
    const { t } = w;
    try {
      const owing = await w.customer('Owes money', w.am.id);
      const settled = await w.customer('Owes nothing', w.am.id);
      await w.invoice(inv(3_000, { customerId: owing }));
      for (const id of [owing, settled]) {
        const c = await expectStatus(await t.request(`/api/v1/customers/${id}`), 200);
        await expectStatus(
          await t.request(`/api/v1/customers/${id}`, {
            method: 'DELETE',
            body: { reason: 'Closed down', version: c.version },
          }),
          200,
        );
      }
      t.clock.set('2026-05-01T08:00:00.000Z');
      const results = await t.kernel.scheduler.runDue(t.clock.now(), 'kernel.customers.purge');
      expect(results[0]).toMatchObject({
        status: 'ran',
        result: expect.objectContaining({ purged: 1, held: 1 }),
      });
      const left = await t.kernel.database.db
        .selectFrom('customer')
        .select('id')
        .where('id', 'in', [owing, settled])
        .execute();
      expect(left.map((r) => r.id)).toEqual([owing]);
    } finally {
      await t.close();
    }
  });

  it('moves receivables with a merged customer', async () => {
    const w = await world(db);
    const { t } = w;
    try {
      const dup = await w.customer('华东贸易 (duplicate)', w.am.id);
      const a = await w.invoice(inv(4_000, { customerId: dup }));
      await w.pay({ customerId: dup, amount: 5_000 });
      await expectStatus(
        await t.request(`/api/v1/customers/${w.customerId}/merge`, {
          body: { sourceId: dup, reason: 'Same company registered twice' },
        }),
        200,
      );
      expect(
        (await expectStatus(await t.request(`/api/v1/receivables/invoices/${a.id}`), 200)).customerId,
      ).toBe(w.customerId);
      const standing = await expectStatus(
        await t.request(`/api/v1/receivables/customers/${w.customerId}/standing`),
        200,
      );
      expect(standing.balances).toEqual([
        { currency: 'CNY', outstanding: 0, overdue: 0, creditBalance: 1_000 },
      ]);
    } finally {
      await t.close();
    }
  });

  it('leaves the kernel working when the plugin is disabled; its tables stay untouched', async () => {
    const w = await world(db);
    const a = await w.invoice(inv(4_000));
    const bare = await createTestKehu(db, { database: w.t.kernel.database });
    try {
      expect((await bare.request('/api/health', { token: null })).status).toBe(200);
      expect((await bare.request('/api/v1/receivables/invoices')).status).toBe(404);
      expect((await bare.request(`/api/v1/customers/${w.customerId}?include=receivables`)).status).toBe(400);
      expect((await expectStatus(await bare.request(`/api/v1/customers/${w.customerId}`), 200)).id).toBe(
        w.customerId,
      );
      const meta = await expectStatus(await bare.request('/api/v1/meta'), 200);
      expect(meta.plugins.map((p: any) => p.name)).not.toContain('receivables');
      expect((await bare.kernel.scheduler.runDue(bare.clock.now())).map((r) => r.job)).not.toContain(
        'receivables.overdue',
      );
      // Without the plugin nothing holds the customer: the kernel decides alone.
      await expectStatus(
        await bare.request(`/api/v1/customers/${w.customerId}/terminate`, {
          body: { reason: 'Closing the account' },
        }),
        200,
      );
      const kept = await bare.kernel.database.db
        .selectFrom('rcv_invoice')
        .select('id')
        .where('id', '=', a.id)
        .executeTakeFirst();
      expect(kept?.id).toBe(a.id);
    } finally {
      await bare.close();
    }
  });
});
