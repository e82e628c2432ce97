import { addDays } from '@kehu/core';
import { testDatabases } from '@kehu/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketIndex } from '../src/ageing.js';
import { expectStatus, world } from './helpers.js';

const TODAY = '2026-06-30';
const BOUNDS = [30, 60, 90];

const op = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('invoice' as const),
      daysAgo: fc.integer({ min: 0, max: 200 }),
      term: fc.integer({ min: 0, max: 30 }),
      amount: fc.integer({ min: 1, max: 100_000 }),
      currency: fc.constantFrom('CNY', 'USD'),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('payment' as const),
      daysAgo: fc.integer({ min: 0, max: 200 }),
      amount: fc.integer({ min: 1, max: 150_000 }),
      currency: fc.constantFrom('CNY', 'USD'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('credit' as const),
      pick: fc.nat(),
      per: fc.integer({ min: 1, max: 100 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat() }) },
);

interface ModelInvoice {
  id: string;
  currency: string;
  issueDate: string;
  dueDate: string;
  total: number;
}
interface Reduction {
  invoiceId: string;
  amount: number;
  on: string;
  until: string | null;
}

/** What an invoice owed at the end of `date`, from the records the API returned. */
function owedAt(inv: ModelInvoice, reductions: Reduction[], date: string): number {
  if (inv.issueDate > date) return 0;
  return (
    inv.total -
    reductions
      .filter((r) => r.invoiceId === inv.id && r.on <= date && (r.until === null || r.until > date))
      .reduce((s, r) => s + r.amount, 0)
  );
}

describe.each(testDatabases())('ageing property on $name', (db) => {
  it('buckets always add up to the outstanding total to the minor unit, today and as of past dates', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 14 }), async (ops) => {
        const w = await world(db);
        const { t } = w;
        try {
          t.clock.set(`${TODAY}T12:00:00.000Z`);
          const invoices: ModelInvoice[] = [];
          const reductions: Reduction[] = [];
          const payments: { id: string; allocations: Reduction[] }[] = [];
          for (const o of ops) {
            if (o.kind === 'invoice') {
              const i = await w.invoice({
                issueDate: addDays(TODAY, -o.daysAgo),
                termDays: o.term,
                currency: o.currency,
                lines: [{ description: 'x', quantity: 1, unitPrice: o.amount }],
              });
              invoices.push({
                id: i.id,
                currency: i.currency,
                issueDate: i.issueDate,
                dueDate: i.dueDate,
                total: i.total,
              });
            } else if (o.kind === 'payment') {
              const p = await w.pay(
                { amount: o.amount, currency: o.currency, date: addDays(TODAY, -o.daysAgo) },
                w.finance.token,
              );
              const allocations = p.allocations.map((a: any) => ({
                invoiceId: a.invoiceId,
                amount: a.amount,
                on: a.appliedOn,
                until: null,
              }));
              reductions.push(...allocations);
              payments.push({ id: p.id, allocations });
            } else if (o.kind === 'credit' && invoices.length > 0) {
              const target = invoices[o.pick % invoices.length]!;
              const owed = owedAt(target, reductions, TODAY);
              if (owed <= 0) continue;
              const amount = Math.max(1, Math.floor((owed * o.per) / 100));
              const cn = await expectStatus(
                await t.request('/api/v1/receivables/credit-notes', {
                  body: { invoiceId: target.id, amount, kind: 'discount', reason: 'p' },
                }),
                201,
              );
              reductions.push({ invoiceId: target.id, amount, on: cn.date, until: null });
            } else if (o.kind === 'reverse' && payments.length > 0) {
              const p = payments[o.pick % payments.length]!;
              const res = await t.request(`/api/v1/receivables/payments/${p.id}/reverse`, {
                body: { reason: 'p' },
              });
              if (res.status === 200) for (const a of p.allocations) a.until = TODAY;
              else expect(res.status).toBe(409);
            }
          }

          const check = (summary: any, date: string, bounds: number[] = BOUNDS) => {
            const keys = summary.buckets.map((b: any) => b.key);
            expect(keys).toHaveLength(bounds.length + 2);
            for (const currency of ['CNY', 'USD']) {
              const expected = Object.fromEntries(keys.map((k: string) => [k, 0]));
              let total = 0;
              for (const inv of invoices.filter((i) => i.currency === currency)) {
                const owed = owedAt(inv, reductions, date);
                if (owed <= 0) continue;
                total += owed;
                expected[keys[bucketIndex(inv.dueDate, date, bounds)]!]! += owed;
              }
              const line = summary.totals.find((x: any) => x.currency === currency);
              if (total === 0) {
                expect(line?.outstanding ?? 0).toBe(0);
                continue;
              }
              expect(line.outstanding).toBe(total);
              expect(line.buckets).toEqual(expected);
              expect(Object.values(line.buckets as Record<string, number>).reduce((s, v) => s + v, 0)).toBe(
                line.outstanding,
              );
              const byPerson = summary.byResponsible
                .filter((r: any) => r.currency === currency)
                .reduce((s: number, r: any) => s + r.outstanding, 0);
              expect(byPerson).toBe(total);
            }
          };
          check(await expectStatus(await t.request('/api/v1/receivables/ageing'), 200), TODAY);
          // Today and later read the maintained cells; odd bounds put boundaries inside weeks, months, years.
          for (const ahead of [17, 40])
            check(
              await expectStatus(
                await t.request(`/api/v1/receivables/ageing?asOf=${addDays(TODAY, ahead)}`),
                200,
              ),
              addDays(TODAY, ahead),
            );
          check(
            await expectStatus(await t.request('/api/v1/receivables/ageing?buckets=3,11,47,190,400'), 200),
            TODAY,
            [3, 11, 47, 190, 400],
          );
          for (const back of [1, 45, 120]) {
            const date = addDays(TODAY, -back);
            check(await expectStatus(await t.request(`/api/v1/receivables/ageing?asOf=${date}`), 200), date);
          }
          const perCustomer = await expectStatus(
            await t.request('/api/v1/receivables/ageing/customers?limit=500'),
            200,
          );
          const open = invoices.reduce((s, i) => s + owedAt(i, reductions, TODAY), 0);
          expect(perCustomer.items.reduce((s: number, r: any) => s + r.outstanding, 0)).toBe(open);
        } finally {
          await t.close();
        }
      }),
      { numRuns: db.name === 'sqlite' ? 25 : 6 },
    );
  }, 120_000);
});
