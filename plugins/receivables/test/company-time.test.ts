import { testDatabases } from '@kehu/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { expectStatus, type World, world } from './helpers.js';

/**
 * The company keeps Beijing time: its day starts at 16:00 UTC. The same scenarios run just before
 * and just after local midnight, where a UTC calendar would be a day behind.
 */
describe.each(testDatabases())('company time zone on $name', (db) => {
  let w: World;
  afterEach(() => w?.t.close());

  it.each([
    ['23:30', '2026-03-31T23:30:00+08:00', '2026-03-31'],
    ['00:30', '2026-04-01T00:30:00+08:00', '2026-04-01'],
    ['07:30', '2026-04-01T07:30:00+08:00', '2026-04-01'],
  ])('at %s local time an invoice dated today is accepted and the default date is the local day', async (_, now, today) => {
    w = await world(db, {}, { timeZone: 'Asia/Shanghai' });
    w.t.clock.set(now);
    const dated = await w.invoice({ issueDate: today, termDays: 30 });
    expect(dated.issueDate).toBe(today);
    const undated = await w.invoice({ termDays: 30 });
    expect(undated.issueDate).toBe(today);
    const tomorrow = await w.t.request('/api/v1/receivables/invoices', {
      body: {
        customerId: w.customerId,
        issueDate: today === '2026-03-31' ? '2026-04-01' : '2026-04-02',
        lines: [{ description: 'Oil', quantity: 1, unitPrice: 100 }],
      },
    });
    expect((await expectStatus(tomorrow, 422)).code).toBe('date_in_future');
  });

  it('counts an invoice overdue on the local day after its due date, by the overdue job', async () => {
    w = await world(db, {}, { timeZone: 'Asia/Shanghai' });
    w.t.clock.set('2026-03-01T09:00:00+08:00');
    const inv = await w.invoice({ issueDate: '2026-03-01', termDays: 30 }); // due 31 March
    expect(inv.dueDate).toBe('2026-03-31');
    await w.at('2026-03-31T23:30:00+08:00');
    expect(await w.delivered('receivables.invoice.overdue')).toEqual([]);
    // 00:30 on 1 April in Beijing is still 31 March in UTC.
    await w.at('2026-04-01T00:30:00+08:00');
    const overdue = await w.delivered('receivables.invoice.overdue');
    expect(overdue.map((e) => e.number)).toEqual([inv.number]);
  });

  it('lands an invoice issued at 07:30 on the 1st in the new month, not the previous statement', async () => {
    w = await world(db, {}, { timeZone: 'Asia/Shanghai' });
    w.t.clock.set('2026-04-01T07:30:00+08:00');
    const inv = await w.invoice({ termDays: 30 });
    expect(inv.issueDate.slice(0, 7)).toBe('2026-04');
  });
});

describe.each(testDatabases())('write-offs on the company day on $name', (db) => {
  it('dates a bad debt discovered at 00:30 Beijing time on the local day, which decides the handover charge', async () => {
    const w = await world(db, {}, { timeZone: 'Asia/Shanghai' });
    const { t } = w;
    try {
      w.t.clock.set('2026-02-10T09:00:00+08:00');
      const a = await w.invoice({ issueDate: '2026-02-10' });
      const b = await w.invoice({ issueDate: '2026-02-10' });
      await w.at('2026-03-05T09:00:00+08:00');
      await w.confirmStatement('2026-02');
      await w.at('2026-03-10T09:00:00+08:00');
      await expectStatus(
        await t.request(`/api/v1/customers/${w.customerId}/owner`, {
          body: { ownerId: w.am2.id, reason: 'Li Na moved to the Shanghai office' },
        }),
        200,
      );
      await t.drain();
      const writeOff = async (invoiceId: string) => {
        const requested = await expectStatus(
          await t.request('/api/v1/receivables/write-offs', {
            body: { invoiceId, reason: 'Debtor vanished' },
            token: w.am2.token,
          }),
          201,
        );
        return expectStatus(
          await t.request(`/api/v1/receivables/write-offs/${requested.id}/approve`, {
            body: {},
            token: w.finance.token,
          }),
          200,
        );
      };
      // 23:30 on day 90 after the handover: still the predecessor's.
      await w.at('2026-06-08T23:30:00+08:00');
      expect(await writeOff(a.id)).toMatchObject({ discoveredOn: '2026-06-08', chargedToId: w.am.id });
      // 00:30 on day 91 in Beijing is still day 90 in UTC: the successor's.
      await w.at('2026-06-09T00:30:00+08:00');
      expect(await writeOff(b.id)).toMatchObject({ discoveredOn: '2026-06-09', chargedToId: null });
    } finally {
      await t.close();
    }
  });
});

describe.each(testDatabases())('invoice line amounts on $name', (db) => {
  it('are exact above 2^53: 473122.554 × 1,370,417,943 is …586', async () => {
    const w = await world(db);
    try {
      const inv = await w.invoice({
        lines: [{ description: 'Ore', quantity: 473122.554, unitPrice: 1_370_417_943 }],
      });
      expect(inv.lines[0].amount).toBe(648_375_637_239_586);
      expect(inv.total).toBe(648_375_637_239_586);
      const tooLarge = await w.t.request('/api/v1/receivables/invoices', {
        body: {
          customerId: w.customerId,
          lines: [{ description: 'Ore', quantity: 1_000_000, unitPrice: 1_000_000_000_000 }],
        },
      });
      expect((await expectStatus(tooLarge, 422)).code).toBe('amount_too_large');
      const noisy = await w.t.request('/api/v1/receivables/invoices', {
        body: { customerId: w.customerId, lines: [{ description: 'x', quantity: 0.1 + 0.2, unitPrice: 1 }] },
      });
      expect(noisy.status).toBe(400);
    } finally {
      await w.t.close();
    }
  });
});
