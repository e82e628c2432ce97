import { newId, xlsxRecords } from '@kehu/core';
import { testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { expectStatus, world } from './helpers.js';

const inv = (unitPrice: number, issueDate: string, termDays = 30, extra: Record<string, unknown> = {}) => ({
  issueDate,
  termDays,
  lines: [{ description: 'Hose (m)', quantity: 1, unitPrice }],
  ...extra,
});

describe.each(testDatabases())('ageing on $name', (db) => {
  it('buckets outstanding by days overdue as of any date, per currency, responsible person and customer', async () => {
    const w = await world(db);
    const { t } = w;
    try {
      // As of 1 March 2026: due 5 Mar (not due), 20 Feb (9 days), 15 Jan (45), 15 Dec (76), 1 Nov (120).
      await w.invoice(inv(1_000, '2026-02-03'));
      await w.invoice(inv(2_000, '2026-01-21'));
      await w.invoice(inv(4_000, '2025-12-16'));
      const dec = await w.invoice(inv(8_000, '2025-11-15'));
      await w.invoice(inv(16_000, '2025-10-02'));
      await w.invoice(inv(500, '2026-02-20', 30, { currency: 'USD' }));
      const other = await w.customer('Beijing Kaida', w.am2.id);
      await w.invoice(inv(32_000, '2025-09-01', 30, { customerId: other }));
      await w.pay({ amount: 3_000, date: '2026-02-10', allocations: [{ invoiceId: dec.id, amount: 3_000 }] });

      const all = await expectStatus(await t.request('/api/v1/receivables/ageing'), 200);
      expect(all.source).toBe('maintained');
      expect(all.buckets.map((b: any) => b.key)).toEqual(['not_due', '1-30', '31-60', '61-90', '>90']);
      const cny = all.totals.find((x: any) => x.currency === 'CNY');
      expect(cny).toMatchObject({
        outstanding: 60_000,
        invoices: 6,
        buckets: { not_due: 1_000, '1-30': 2_000, '31-60': 4_000, '61-90': 5_000, '>90': 48_000 },
      });
      expect(all.totals.find((x: any) => x.currency === 'USD')).toMatchObject({
        outstanding: 500,
        buckets: { not_due: 500 },
      });
      const mine = all.byResponsible.find((r: any) => r.responsibleId === w.am.id && r.currency === 'CNY');
      expect(mine).toMatchObject({ outstanding: 28_000, buckets: { '>90': 16_000 } });
      expect(all.byResponsible.find((r: any) => r.responsibleId === w.am2.id)).toMatchObject({
        outstanding: 32_000,
      });
      expect(all.top.bucket).toBe('>90');
      expect(
        all.top.customers.filter((c: any) => c.currency === 'CNY').map((c: any) => [c.customerId, c.amount]),
      ).toEqual([
        [other, 32_000],
        [w.customerId, 16_000],
      ]);

      // Configurable buckets; a past date ignores the payment made after it; a future date ages everything.
      const custom = await expectStatus(await t.request('/api/v1/receivables/ageing?buckets=15,45'), 200);
      expect(custom.totals[0].buckets).toEqual({
        not_due: 1_000,
        '1-15': 2_000,
        '16-45': 4_000,
        '>45': 53_000,
      });
      const past = await expectStatus(await t.request('/api/v1/receivables/ageing?asOf=2026-01-31'), 200);
      expect(past.source).toBe('scanned');
      expect(past.totals.find((x: any) => x.currency === 'CNY')).toMatchObject({
        outstanding: 62_000,
        buckets: { not_due: 2_000, '1-30': 4_000, '31-60': 8_000, '61-90': 0, '>90': 48_000 },
      });
      const future = await expectStatus(await t.request('/api/v1/receivables/ageing?asOf=2026-06-30'), 200);
      expect(future.totals.find((x: any) => x.currency === 'CNY').buckets['>90']).toBe(60_000);
      await expectStatus(await t.request('/api/v1/receivables/ageing?buckets=60,30'), 400);
      await expectStatus(await t.request('/api/v1/receivables/ageing?asOf=2026-02-29'), 400);

      // An account manager sees only their customers.
      const limited = await expectStatus(
        await t.request('/api/v1/receivables/ageing', { token: w.am.token }),
        200,
      );
      expect(limited.totals.find((x: any) => x.currency === 'CNY')).toMatchObject({ outstanding: 28_000 });
      expect(limited.top.customers.map((c: any) => c.customerId)).not.toContain(other);
      await expectStatus(await t.request('/api/v1/receivables/ageing', { token: w.staff.token }), 403);

      // Per customer, page by page; the pages add up to the maintained totals.
      const page1 = await expectStatus(await t.request('/api/v1/receivables/ageing/customers?limit=1'), 200);
      expect(page1.items.length).toBeGreaterThan(0);
      expect(page1.nextCursor).toBeTruthy();
      const page2 = await expectStatus(
        await t.request(`/api/v1/receivables/ageing/customers?limit=5&cursor=${page1.nextCursor}`),
        200,
      );
      const rows = [...page1.items, ...page2.items];
      expect(
        rows.filter((r: any) => r.currency === 'CNY').reduce((s: number, r: any) => s + r.buckets['>90'], 0),
      ).toBe(48_000);
      expect(new Set(rows.map((r: any) => r.customerId))).toEqual(new Set([w.customerId, other]));

      const csv = await t.request('/api/v1/receivables/ageing/export.csv');
      expect(csv.headers.get('content-type')).toContain('text/csv');
      const lines = (await csv.text()).trim().split('\r\n');
      expect(lines[0]!.replace(/^\uFEFF/, '')).toBe(
        'customer_id,code,name,currency,outstanding,not_due,1-30,31-60,61-90,>90',
      );
      expect(lines).toContain(
        `${other},${lines.find((l) => l.startsWith(other))!.split(',')[1]},Beijing Kaida,CNY,32000,0,0,0,0,32000`,
      );
      // The same rows as .xlsx, amounts as numbers in yuan.
      const xlsx = await t.request('/api/v1/receivables/ageing/export.xlsx');
      expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
      const sheet: string[][] = [];
      for await (const r of xlsxRecords(xlsx.body!)) sheet.push(r.cells);
      expect(sheet[0]).toEqual(lines[0]!.replace(/^\uFEFF/, '').split(','));
      expect(sheet.find((r) => r[0] === other)!.slice(2)).toEqual([
        'Beijing Kaida',
        'CNY',
        '320',
        '0',
        '0',
        '0',
        '0',
        '320',
      ]);
      expect(sheet).toHaveLength(lines.length);
    } finally {
      await t.close();
    }
  });

  it('keeps answering other requests while a full ageing export streams, a chunk at a time', async () => {
    const w = await world(db, { exportChunkCustomers: 100 });
    const { t } = w;
    try {
      // A book of 4,000 customers and 24,000 invoices, written in bulk like an import, then balanced.
      const now = '2026-03-01T08:00:00.000Z';
      const customers = Array.from({ length: 4_000 }, () => newId());
      const rows = customers.flatMap((c, ci) =>
        Array.from({ length: 6 }, (_, k) => {
          const issue = new Date(Date.UTC(2025, 6, 1) + ((ci * 7 + k * 31) % 240) * 86_400_000)
            .toISOString()
            .slice(0, 10);
          const due = new Date(Date.parse(issue) + 30 * 86_400_000).toISOString().slice(0, 10);
          return {
            id: newId(),
            number: `BULK-${ci}-${k}`,
            customer_id: c,
            issue_date: issue,
            term_days: 30,
            due_date: due,
            currency: 'CNY',
            lines: '[]',
            total: 1_000 + k,
            paid_amount: 0,
            credited_amount: 0,
            written_off_amount: 0,
            outstanding: 1_000 + k,
            status: 'open',
            responsible_id: w.am.id,
            created_at: now,
            updated_at: now,
            version: 1,
          };
        }),
      );
      for (let i = 0; i < rows.length; i += 500)
        await t.kernel.database.db
          .insertInto('rcv_invoice')
          .values(rows.slice(i, i + 500))
          .execute();
      await expectStatus(
        await t.request('/api/v1/receivables/admin/rebuild-balances', { method: 'POST' }),
        200,
      );

      // How fast is the bench's business (`pnpm bench --only=receivables`); here only that the export
      // yields between its chunks, so health checks are answered before it finishes.
      let finished = false;
      const exportDone = (async () => {
        const res = await t.request('/api/v1/receivables/ageing/export.csv');
        const text = await res.text();
        finished = true;
        return text;
      })();
      let answeredDuring = 0;
      while (!finished) {
        const res = await t.request('/api/health', { token: null });
        expect(res.status).toBe(200);
        if (!finished) answeredDuring++;
        await new Promise((r) => setImmediate(r));
      }
      const text = await exportDone;
      expect(text.trim().split('\r\n')).toHaveLength(4_001);
      expect(answeredDuring).toBeGreaterThanOrEqual(3);
    } finally {
      await t.close();
    }
  });
});
