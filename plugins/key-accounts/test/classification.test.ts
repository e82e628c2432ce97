import { definePlugin } from '@kehu/core';
import { testDatabases } from '@kehu/core/testing';
import { receivablesPlugin } from '@kehu/plugin-receivables';
import { describe, expect, it } from 'vitest';
import { API, expectStatus, type KaWorld, kaWorld } from './support/kehu.js';

/** Five customers whose imported revenue in the window is 500, 310, 100, 45, 45 (total 1000). */
async function ranked(w: KaWorld) {
  const x = await w.customer('北京远航物流 Yuanhang Logistics', { code: 'K-10' });
  const y = await w.customer('上海华联超市', { code: 'K-20' });
  const z = await w.customer('Golden Harvest Foods', { code: 'K-30' });
  // Created in the opposite order of their codes: ties go by code, not by creation.
  const w2 = await w.customer('Tie two', { code: 'K-42' });
  const w1 = await w.customer('Tie one', { code: 'K-41' });
  const zero = await w.customer('Bought last year only', { code: 'K-50' });
  const negative = await w.customer('Only returns this year', { code: 'K-60' });
  const never = await w.customer('Never bought', { code: 'K-70' });
  await expectStatus(
    await w.importRevenue([
      [x, '2025-06-01', '400.00'],
      [x, '2026-02-28', '100.00'],
      [y, '2025-03-01', '310.00'],
      [z, '2025-09-09', '100.00'],
      [w2, '2025-10-10', '45.00'],
      [w1, '2025-10-10', '45.00'],
      [zero, '2025-02-28', '999.00'],
      [negative, '2024-05-01', '80.00'],
      [negative, '2025-12-01', '-20.00'],
      // Outside the window on the far side: today is 2026-03-01, the window ends yesterday.
      [z, '2026-03-01', '5000.00'],
    ]),
    200,
  );
  return { x, y, z, w1, w2, zero, negative, never };
}

const classOf = async (w: KaWorld, id: string, token?: string) =>
  (await expectStatus(await w.request(`${API}/customers/${id}`, token ? { token } : {}), 200)).class;

describe.each(testDatabases())('ABC classification on $name', (db) => {
  it('ranks by revenue: the customer crossing 80 % is A, ties by code, zero and negative C, never bought none', async () => {
    const w = await kaWorld(db);
    try {
      const c = await ranked(w);
      const run = await w.run();
      expect(run).toMatchObject({
        currency: 'CNY',
        windowFrom: '2025-03-01',
        windowTo: '2026-02-28',
        aThreshold: 8000,
        bThreshold: 9500,
        source: 'imported',
        total: 100_000,
        counts: { A: 2, B: 2, C: 3, none: 0 },
        trigger: 'manual',
        createdBy: w.sm1.id,
      });
      const report = await expectStatus(await w.request(`${API}/runs/${run.id}`), 200);
      expect(report.items.map((e: any) => [e.code, e.revenue, e.share, e.cumulativeShare, e.class])).toEqual([
        ['K-10', 50_000, 0.5, 0.5, 'A'],
        ['K-20', 31_000, 0.31, 0.81, 'A'],
        ['K-30', 10_000, 0.1, 0.91, 'B'],
        ['K-41', 4_500, 0.045, 0.955, 'B'],
        ['K-42', 4_500, 0.045, 1, 'C'],
        ['K-50', 0, 0, 1, 'C'],
        ['K-60', -2_000, 0, 1, 'C'],
      ]);
      expect(await classOf(w, c.never)).toBe('none');
      const page = await expectStatus(await w.request(`/api/v1/customers/${c.y}?include=keyAccount`), 200);
      expect(page.facets.keyAccount).toMatchObject({ class: 'A', designated: false, managerId: null });
      const tiers = await w.kernel.service('key-accounts')!.tierOf([c.x, c.z, c.never]);
      expect([...tiers.values()].map((t) => t.class)).toEqual(['A', 'B', 'none']);

      const events = await w.settle();
      expect(events.filter((e) => e.name === 'keyAccounts.classified').map((e) => e.payload)).toEqual([
        { runId: run.id, currency: 'CNY', counts: { A: 2, B: 2, C: 3, none: 0 } },
      ]);
      expect(events.filter((e) => e.name === 'keyAccounts.tierChanged')).toHaveLength(7);

      // Only sales and general managers run it; the report shows an account manager only what they may see.
      expect((await w.request(`${API}/runs`, { body: {}, token: w.am.token })).status).toBe(403);
      const other = await w.customer('Someone else’s customer', { code: 'K-80', ownerId: w.am2.id });
      await expectStatus(await w.importRevenue([[other, '2026-01-05', '1.00']]), 200);
      const second = await w.run();
      const mine = await expectStatus(
        await w.request(`${API}/runs/${second.id}`, { token: w.am.token }),
        200,
      );
      expect(mine.items.map((e: any) => e.code)).not.toContain('K-80');
      expect(mine.items).toHaveLength(7);
      expect((await w.request(`${API}/customers/${other}`, { token: w.am.token })).status).toBe(404);
    } finally {
      await w.close();
    }
  });

  it('refuses revenue in another currency than the reporting one, from an import or a contributing plugin', async () => {
    const contributor = definePlugin({
      name: 'orders',
      version: '1.0.0',
      optional: ['key-accounts'],
      setup(ctx) {
        ctx.hooks.filter('keyAccounts.revenue', (q) => {
          q.contributions.push({ customerId: 'c1', amount: 100, currency: 'USD', source: 'orders' });
        });
      },
    });
    const w = await kaWorld(db, { plugins: [contributor] });
    try {
      const id = await w.customer('Pacific Trading Ltd');
      const refused = await expectStatus(
        await w.importRevenue(
          [
            [id, '2026-01-01', '10.00'],
            [id, '2026-01-02', '12.00'],
          ],
          'USD',
        ),
        422,
      );
      expect(refused.code).toBe('revenue_currency_mismatch');
      expect(refused.rows.map((r: any) => r.row)).toEqual([2, 3]);
      const run = await expectStatus(await w.request(`${API}/runs`, { body: {}, token: w.sm1.token }), 422);
      expect(run).toMatchObject({ code: 'revenue_currency_mismatch', currency: 'CNY', contributed: ['USD'] });
      // Nothing was kept by either refusal.
      expect((await expectStatus(await w.request(`${API}/runs`), 200)).items).toEqual([]);
      const bad = await expectStatus(await w.importRevenue([[id, '2026-13-01', '1']]), 422);
      expect(bad.code).toBe('invalid_rows');
    } finally {
      await w.close();
    }
  });

  it('lets a manual override beat the computed class, flagged, surviving a run unless the setting says otherwise', async () => {
    for (const overwrite of [false, true]) {
      const w = await kaWorld(db, { config: { 'key-accounts': { runOverwritesOverrides: overwrite } } });
      try {
        const c = await ranked(w);
        await w.run();
        const set = await expectStatus(
          await w.request(`${API}/customers/${c.z}/override`, {
            method: 'PUT',
            token: w.sm2.token,
            body: { class: 'A', reason: 'Strategic new product line', expiresOn: '2026-12-31' },
          }),
          200,
        );
        expect(set).toMatchObject({
          class: 'A',
          computedClass: 'B',
          overridden: true,
          override: {
            class: 'A',
            reason: 'Strategic new product line',
            by: w.sm2.id,
            expiresOn: '2026-12-31',
          },
        });
        const run = await w.run();
        const entry = (await expectStatus(await w.request(`${API}/runs/${run.id}`), 200)).items.find(
          (e: any) => e.customerId === c.z,
        );
        expect(entry.class).toBe('B');
        expect(entry.overrideClass).toBe(overwrite ? null : 'A');
        expect(await classOf(w, c.z)).toBe(overwrite ? 'B' : 'A');
        const tiers = await expectStatus(await w.request(`${API}/customers/${c.z}/tiers`), 200);
        expect(tiers.items.map((t: any) => [t.from, t.to, t.source])).toEqual(
          overwrite
            ? [
                ['A', 'B', 'run'],
                ['B', 'A', 'override'],
                [null, 'B', 'run'],
              ]
            : [
                ['B', 'A', 'override'],
                [null, 'B', 'run'],
              ],
        );
      } finally {
        await w.close();
      }
    }
  });

  it('an override expires at the end of its day; bad override input changes nothing', async () => {
    const w = await kaWorld(db);
    try {
      const c = await ranked(w);
      await w.run();
      const path = `${API}/customers/${c.x}/override`;
      const bad = await w.request(path, {
        method: 'PUT',
        token: w.sm1.token,
        body: { class: 'D', reason: '' },
      });
      expect(bad.status).toBe(400);
      const past = await w.request(path, {
        method: 'PUT',
        token: w.sm1.token,
        body: { class: 'C', reason: 'Dispute', expiresOn: '2026-02-01' },
      });
      expect(past.status).toBe(400);
      expect(
        (await w.request(path, { method: 'PUT', token: w.am.token, body: { class: 'C', reason: 'x' } }))
          .status,
      ).toBe(403);
      expect(await classOf(w, c.x)).toBe('A');
      await expectStatus(
        await w.request(path, {
          method: 'PUT',
          token: w.sm1.token,
          body: { class: 'C', reason: 'Payment dispute', expiresOn: '2026-03-02' },
        }),
        200,
      );
      expect(await classOf(w, c.x)).toBe('C');
      w.clock.set('2026-03-02T15:00:00.000Z');
      expect(await classOf(w, c.x)).toBe('C');
      w.clock.set('2026-03-03T01:00:00.000Z');
      expect(await classOf(w, c.x)).toBe('A');
    } finally {
      await w.close();
    }
  });

  it('keeps every run: tier history after two runs shows the move and its date; the monthly job runs once a month', async () => {
    const w = await kaWorld(db);
    try {
      const c = await ranked(w);
      await w.run();
      // Z sells a lot in March; the job of 1 April ranks it first.
      await expectStatus(await w.importRevenue([[c.z, '2026-03-15', '2000.00']]), 200);
      w.clock.set('2026-04-01T02:00:00.000Z');
      await w.kernel.scheduler.runDue(w.clock.now());
      await w.kernel.scheduler.runDue(w.clock.now());
      const runs = (await expectStatus(await w.request(`${API}/runs`), 200)).items;
      expect(runs.map((r: any) => r.trigger)).toEqual(['job', 'manual']);
      expect(runs[0]).toMatchObject({ windowFrom: '2025-04-01', windowTo: '2026-03-31', createdBy: null });
      const tiers = await expectStatus(await w.request(`${API}/customers/${c.z}/tiers`), 200);
      expect(tiers.items.map((t: any) => [t.from, t.to, t.changedOn])).toEqual([
        ['B', 'A', '2026-04-01'],
        [null, 'B', '2026-03-01'],
      ]);
      const moves = (await w.settle()).filter(
        (e) => e.name === 'keyAccounts.tierChanged' && e.payload.runId === runs[0].id,
      );
      // The new window holds Z's 5,000 of 1 March and its 2,000, no longer Y's sale of March 2025.
      const byId = Object.fromEntries(
        moves.map((m) => [m.payload.customerId, [m.payload.from, m.payload.to]]),
      );
      expect(byId).toEqual({ [c.z]: ['B', 'A'], [c.x]: ['A', 'B'], [c.y]: ['A', 'C'], [c.w1]: ['B', 'C'] });
      // The first run is still there, unchanged.
      const first = await expectStatus(await w.request(`${API}/runs/${runs[1].id}`), 200);
      expect(first.items.find((e: any) => e.customerId === c.z).class).toBe('B');
    } finally {
      await w.close();
    }
  });

  it('takes revenue from receivables when enabled: invoices net of credit notes, cancelled ones not at all', async () => {
    const w = await kaWorld(db, { plugins: [receivablesPlugin] });
    try {
      const big = await w.customer('Big buyer');
      const small = await w.customer('Small buyer');
      const invoice = async (customerId: string, unitPrice: number) =>
        expectStatus(
          await w.request('/api/v1/receivables/invoices', {
            body: {
              customerId,
              issueDate: '2026-02-01',
              lines: [{ description: 'Steel', quantity: 1, unitPrice }],
            },
          }),
          201,
        );
      const a = await invoice(big, 600_000);
      await invoice(small, 400_000);
      const cancelled = await invoice(small, 5_000_000);
      await expectStatus(
        await w.request(`/api/v1/receivables/invoices/${cancelled.id}/cancel`, {
          body: { reason: 'Duplicate' },
        }),
        200,
      );
      // A 300,000 credit note leaves the big buyer with less than the small one.
      await expectStatus(
        await w.request('/api/v1/receivables/credit-notes', {
          body: {
            invoiceId: a.id,
            amount: 300_000,
            kind: 'return',
            reason: 'Returned goods',
            date: '2026-02-10',
          },
        }),
        201,
      );
      const run = await w.run();
      expect(run).toMatchObject({ source: 'receivables', total: 700_000, counts: { A: 2, B: 0, C: 0 } });
      const report = await expectStatus(await w.request(`${API}/runs/${run.id}`), 200);
      expect(report.items.map((e: any) => [e.customerId, e.revenue])).toEqual([
        [small, 400_000],
        [big, 300_000],
      ]);
    } finally {
      await w.close();
    }
  });

  it('records the loyalty attitude with its history', async () => {
    const w = await kaWorld(db);
    try {
      const id = await w.customer('Hangzhou Tea House');
      const put = (attitude: string) =>
        w.request(`${API}/customers/${id}/loyalty`, {
          method: 'PUT',
          token: w.am.token,
          body: { attitude, reason: 'Visit report' },
        });
      expect((await expectStatus(await put('loyal'), 200)).changed).toBe(true);
      expect((await expectStatus(await put('loyal'), 200)).changed).toBe(false);
      w.clock.set('2026-05-04T08:00:00.000Z');
      await expectStatus(await put('brand_switching'), 200);
      expect((await put('fickle')).status).toBe(400);
      expect(
        (
          await w.request(`${API}/customers/${id}/loyalty`, {
            method: 'PUT',
            token: w.am2.token,
            body: { attitude: 'loyal' },
          })
        ).status,
      ).toBe(404);
      const history = await expectStatus(await w.request(`${API}/customers/${id}/loyalty`), 200);
      expect(history.items.map((h: any) => [h.from, h.to, h.changedOn, h.changedBy])).toEqual([
        ['loyal', 'brand_switching', '2026-05-04', w.am.id],
        [null, 'loyal', '2026-03-01', w.am.id],
      ]);
      expect((await expectStatus(await w.request(`${API}/customers/${id}`), 200)).loyalty).toBe(
        'brand_switching',
      );
    } finally {
      await w.close();
    }
  });
});
