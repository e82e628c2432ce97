import {
  assertConforms,
  createTestKehu,
  type TestDatabase,
  testDatabases,
  untypedOperations,
  withDeclaredResponses,
} from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { receivablesPlugin } from '../src/index.js';
import { InvoiceSchema, StatementSchema } from '../src/routes/response-schemas.js';
import { hashLinkToken } from '../src/share-link.js';
import { expectStatus } from './helpers.js';

const API = '/api/v1/receivables';
const line = (unitPrice: number, quantity = 1) => ({ description: 'Lubricant 200 L', quantity, unitPrice });

/** Receivables with its declared responses readable, users of each role, and a caller that checks every answer. */
async function boot(db: TestDatabase) {
  const { plugin, responses } = withDeclaredResponses(receivablesPlugin);
  const t = await createTestKehu(db, { plugins: [plugin] });
  const am = await t.user(['account_manager'], 'Li Na (account manager)');
  const am2 = await t.user(['account_manager'], 'Wang Wei (account manager)');
  const finance = await t.user(['finance_manager'], 'Zhao Min (finance)');
  const sales = await t.user(['sales_manager'], 'Chen Jie (sales manager)');
  const customer = async (name: string, ownerId: string) =>
    (
      await expectStatus(
        await t.request('/api/v1/customers', { body: { name, ownerId, status: 'active' } }),
        201,
      )
    ).id as string;
  /** A successful call's body, asserted to be exactly what its route declares for the status it answered. */
  const call = async (
    method: 'GET' | 'POST',
    path: string,
    options: { token?: string | null; body?: unknown } = {},
  ) => {
    const url = `${API}${path}`;
    const res = await t.request(url, {
      method,
      ...(options.token !== undefined ? { token: options.token } : {}),
      ...(options.body !== undefined ? { body: options.body } : {}),
    });
    if (res.status >= 300) throw new Error(`${method} ${url} answered ${res.status}: ${await res.text()}`);
    return responses.conforming(method, url, res);
  };
  return { t, responses, call, customer, am, am2, finance, sales };
}

describe.each(testDatabases())('receivables response schemas on $name', (db) => {
  it('every route declares a success response with a schema, and the OpenAPI document carries it', async () => {
    const { t, responses } = await boot(db);
    try {
      expect(responses.operations.length).toBe(54);
      expect(untypedOperations(t.kernel.openApi(), API)).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('every route answers exactly its declared schema, through invoices, payments, collection work and statements', async () => {
    const { t, responses, call, customer, am, am2, finance, sales } = await boot(db);
    try {
      const a = await customer('华东贸易有限公司 Huadong Trading', am.id);
      const b = await customer('南方食品批发 Nanfang Foods', am.id);

      // Invoices (today is 2026-03-01): overdue, current, one to cancel, one to write off, one in USD.
      const overdue = await call('POST', '/invoices', {
        body: {
          customerId: a,
          issueDate: '2026-01-10',
          termDays: 30,
          lines: [line(50_000, 2)],
          reference: 'PO-2026-001',
        },
      });
      expect(overdue).toMatchObject({
        total: 100_000,
        dueDate: '2026-02-09',
        lines: [{ amount: 100_000 }],
        reference: 'PO-2026-001',
        responsibleId: am.id,
      });
      const current = await call('POST', '/invoices', {
        body: { customerId: a, issueDate: '2026-02-20', lines: [line(40_000, 1.5)] },
      });
      const mistaken = await call('POST', '/invoices', {
        body: { customerId: a, issueDate: '2026-02-25', lines: [line(10_000)] },
      });
      expect(
        await call('POST', `/invoices/${mistaken.id}/cancel`, { body: { reason: 'Issued twice' } }),
      ).toMatchObject({ status: 'cancelled', cancelReason: 'Issued twice' });
      const bad = await call('POST', '/invoices', {
        body: { customerId: a, issueDate: '2026-01-05', termDays: 10, lines: [line(30_000)] },
      });
      await call('POST', '/invoices', {
        body: { customerId: a, issueDate: '2026-02-01', termDays: 0, currency: 'USD', lines: [line(5_000)] },
      });
      const owedByB = await call('POST', '/invoices', {
        body: { customerId: b, issueDate: '2026-01-15', termDays: 20, lines: [line(80_000)] },
      });

      // Payments: allocated, with a credit balance applied later, and one reversed.
      await call('POST', '/payments', {
        token: finance.token,
        body: {
          customerId: a,
          amount: 30_000,
          currency: 'CNY',
          date: '2026-02-28',
          method: 'bank_transfer',
          reference: 'ICBC 0231',
          allocations: [{ invoiceId: overdue.id, amount: 30_000 }],
        },
      });
      const withCredit = await call('POST', '/payments', {
        token: finance.token,
        body: {
          customerId: a,
          amount: 25_000,
          currency: 'CNY',
          date: '2026-03-01',
          method: 'cash',
          allocations: [{ invoiceId: current.id, amount: 5_000 }],
        },
      });
      expect(withCredit).toMatchObject({ unallocated: 20_000, reference: null });
      expect(
        await call('POST', `/payments/${withCredit.id}/allocations`, {
          token: finance.token,
          body: { allocations: [{ invoiceId: current.id, amount: 10_000 }] },
        }),
      ).toMatchObject({ unallocated: 10_000 });
      const bounced = await call('POST', '/payments', {
        token: finance.token,
        body: {
          customerId: a,
          amount: 7_000,
          currency: 'CNY',
          date: '2026-03-01',
          method: 'cheque',
          allocations: [{ invoiceId: current.id, amount: 7_000 }],
        },
      });
      expect(
        await call('POST', `/payments/${bounced.id}/reverse`, {
          token: finance.token,
          body: { reason: 'Cheque bounced' },
        }),
      ).toMatchObject({ status: 'reversed', allocations: [{ reversedOn: '2026-03-01' }] });
      expect((await call('GET', `/payments?customerId=${a}&limit=2`)).nextCursor).not.toBeNull();
      expect(await call('GET', `/payments/${withCredit.id}`)).toMatchObject({
        allocations: [{ amount: 5_000 }, { amount: 10_000 }],
      });

      // A credit note, and extensions: one approved, one rejected.
      await call('POST', '/credit-notes', {
        token: finance.token,
        body: { invoiceId: current.id, amount: 3_000, kind: 'discount', reason: 'Damaged packaging' },
      });
      expect((await call('GET', `/credit-notes?invoiceId=${current.id}`)).items).toHaveLength(1);
      const extension = await call('POST', '/extensions', {
        token: am.token,
        body: { invoiceId: current.id, requestedDueDate: '2026-04-30', reason: 'Customer reorganising' },
      });
      expect(
        await call('POST', `/extensions/${extension.id}/approve`, {
          token: finance.token,
          body: { aboveCeiling: true },
        }),
      ).toMatchObject({ status: 'approved', decisionNote: null });
      const refused = await call('POST', '/extensions', {
        token: am.token,
        body: { invoiceId: overdue.id, requestedDueDate: '2026-03-31', reason: 'Asked again' },
      });
      await call('POST', `/extensions/${refused.id}/reject`, {
        token: sales.token,
        body: { note: 'Pay first' },
      });
      expect((await call('GET', `/extensions?customerId=${a}`)).items).toHaveLength(2);

      // A handover before any statement was confirmed: everything stays with the predecessor; then
      // write-offs: one approved, one rejected.
      const handover = await call('POST', '/handovers', {
        token: sales.token,
        body: { customerId: a, toId: am2.id, reason: 'Li Na moves to the northern region' },
      });
      expect(handover).toMatchObject({
        fromId: am.id,
        toId: am2.id,
        source: 'request',
        balances: [],
        unconfirmedBalances: [{ currency: 'CNY' }, { currency: 'USD' }],
      });
      const writeOff = await call('POST', '/write-offs', {
        token: am.token,
        body: { invoiceId: bad.id, reason: 'Customer insolvent' },
      });
      expect(
        await call('POST', `/write-offs/${writeOff.id}/approve`, {
          token: finance.token,
          body: { note: 'Court ruling attached' },
        }),
      ).toMatchObject({
        status: 'approved',
        chargedToId: null,
        handoverId: null,
        discoveredOn: '2026-03-01',
      });
      const notWritten = await call('POST', '/write-offs', {
        token: am.token,
        body: { invoiceId: current.id, reason: 'Slow payer' },
      });
      await call('POST', `/write-offs/${notWritten.id}/reject`, {
        token: finance.token,
        body: { note: 'Still collectable' },
      });
      expect((await call('GET', `/write-offs?chargedToId=${am.id}`)).items).toHaveLength(0);
      expect((await call('GET', `/handovers?customerId=${a}`)).items).toHaveLength(1);
      expect(await call('GET', `/handovers/${handover.id}`)).toMatchObject({
        invoices: [],
        writeOffsChargedToPredecessor: [],
      });

      // Collection follow-up (催收): the daily dunning run, the overdue list, the history, an outcome.
      await t.kernel.scheduler.runDue(t.clock.now(), 'receivables.dunning');
      const accounts = (await call('GET', '/collection/overdue')).items;
      expect(accounts.length).toBeGreaterThan(0);
      const [followUp] = (await call('GET', `/customers/${b}/follow-ups`)).items;
      expect(
        await call('POST', `/follow-ups/${followUp.id}/outcome`, {
          body: { outcome: 'promise_to_pay', promisedDate: '2026-03-10', note: '财务说下周付款' },
        }),
      ).toMatchObject({ status: 'recorded', outcome: 'promise_to_pay' });
      // The collection notice's link (its token is only ever in the mail: give the follow-up one here).
      const noticeToken = 'collection-notice-token-for-the-schema-walk';
      await t.kernel.database.db
        .updateTable('rcv_follow_up' as never)
        .set({
          link_token_hash: hashLinkToken(noticeToken),
          link_expires_at: '2099-01-01T00:00:00.000Z',
        } as never)
        .where('id' as never, '=', followUp.id)
        .execute();
      expect(await call('GET', `/public/collection-notices/${noticeToken}`, { token: null })).toMatchObject({
        customer: { name: '南方食品批发 Nanfang Foods' },
        currency: followUp.currency,
      });

      // One invoice with every kind of history, and the lists.
      const detail = await call('GET', `/invoices/${current.id}`);
      expect([
        detail.allocations.length,
        detail.creditNotes.length,
        detail.writeOffs.length,
        detail.extensions.length,
      ]).toEqual([3, 1, 1, 1]);
      const firstPage = await call('GET', `/invoices?customerId=${a}&limit=2`);
      expect(
        (await call('GET', `/invoices?customerId=${a}&limit=2&cursor=${firstPage.nextCursor}`)).items,
      ).toHaveLength(2);
      expect((await call('GET', '/invoices?overdue=true')).items.length).toBeGreaterThan(0);

      // Ageing from the maintained balances, from a scan (a past date; a caller who sees only their customers), per customer and as CSV.
      expect(await call('GET', '/ageing')).toMatchObject({
        source: 'maintained',
        totals: [{ currency: 'CNY' }, { currency: 'USD' }],
      });
      expect(await call('GET', '/ageing?asOf=2026-02-15&buckets=15,45')).toMatchObject({
        source: 'scanned',
        buckets: [{ key: 'not_due' }, { key: '1-15' }, { key: '16-45' }, { key: '>45', toDays: null }],
      });
      expect((await call('GET', '/ageing', { token: am.token })).source).toBe('scanned');
      const ageingPage = await call('GET', '/ageing/customers?limit=1');
      expect(ageingPage.nextCursor).not.toBeNull();
      await call('GET', `/ageing/customers?limit=1&cursor=${ageingPage.nextCursor}`);
      expect(await call('GET', '/ageing/export.csv')).toMatch(
        /^customer_id,code,name,currency,outstanding,not_due/,
      );
      expect(await call('GET', '/ageing/export.xlsx')).toMatch(/^PK/);
      expect(await call('GET', `/customers/${a}/standing`)).toMatchObject({
        hasOverdue: true,
        balances: [{ currency: 'CNY', creditBalance: 10_000 }, { currency: 'USD' }],
      });
      expect(await call('GET', `/customers/${a}/delivery-check`)).toMatchObject({ customerId: a });
      await call('POST', '/admin/rebuild-balances');

      // Plans: one cancelled, one completed by a payment.
      const cancelled = await call('POST', '/plans', {
        body: {
          customerId: b,
          currency: 'CNY',
          reason: 'Cash-flow trouble',
          instalments: [
            { dueDate: '2026-03-15', amount: 40_000 },
            { dueDate: '2026-04-15', amount: 40_000 },
          ],
        },
      });
      await call('GET', `/plans/${cancelled.id}`);
      expect(
        await call('POST', `/plans/${cancelled.id}/cancel`, { body: { reason: 'Renegotiated' } }),
      ).toMatchObject({ status: 'cancelled' });
      const kept = await call('POST', '/plans', {
        body: {
          customerId: b,
          currency: 'CNY',
          reason: 'Renegotiated',
          instalments: [{ dueDate: '2026-03-10', amount: 30_000 }],
        },
      });
      await call('POST', '/payments', {
        token: finance.token,
        body: {
          customerId: b,
          amount: 30_000,
          currency: 'CNY',
          date: '2026-03-01',
          method: 'acceptance_bill',
          allocations: [{ invoiceId: owedByB.id, amount: 30_000 }],
        },
      });
      expect(await call('GET', `/plans/${kept.id}`)).toMatchObject({
        status: 'completed',
        paidSoFar: 30_000,
        instalments: [{ status: 'paid' }],
      });
      expect((await call('GET', `/plans?customerId=${b}`)).items).toHaveLength(2);

      // Mid-month warnings (the 15th), answered by the responsible person.
      t.clock.set('2026-03-15T08:00:00.000Z');
      await t.kernel.scheduler.runDue(t.clock.now());
      const warnings = await call('GET', '/warnings?answered=false');
      const forAm = warnings.items.find(
        (w: { responsibleId: string; customerId: string }) => w.responsibleId === am.id && w.customerId === b,
      );
      expect(forAm).toMatchObject({ customerId: b, invoiceNumber: owedByB.number });
      expect(
        await call('POST', `/warnings/${forAm.id}/answer`, {
          token: am.token,
          body: {
            reason: 'Waiting for their bank',
            measures: 'Visited on 14 March',
            expectedPaymentDate: '2026-03-25',
          },
        }),
      ).toMatchObject({ answered: true });

      // Statements: confirmed and disputed by staff, viewed, confirmed and disputed by the customer through the link.
      const [januaryA] = (await call('POST', '/statements', { body: { customerId: a, period: '2026-01' } }))
        .items;
      const februaryA = (await call('POST', '/statements', { body: { customerId: a, period: '2026-02' } }))
        .items;
      expect(februaryA.map((s: { currency: string }) => s.currency)).toEqual(['CNY', 'USD']);
      const [januaryB] = (await call('POST', '/statements', { body: { customerId: b, period: '2026-01' } }))
        .items;
      const [februaryB] = (
        await call('POST', '/statements', { body: { customerId: b, period: '2026-02', currency: 'CNY' } })
      ).items;
      expect((await call('GET', `/statements?customerId=${a}`)).items.length).toBeGreaterThanOrEqual(3);
      await call('GET', `/statements/${januaryA.id}`);
      expect(await call('GET', `/statements/${januaryA.id}/export.csv`)).toContain('Opening balance');
      expect(await call('GET', `/statements/${januaryA.id}/export.xlsx`)).toMatch(/^PK/);

      await call('POST', `/statements/${januaryA.id}/send`);
      expect(
        await call('POST', `/statements/${januaryA.id}/confirm`, { body: { signedBy: '张会计' } }),
      ).toMatchObject({ status: 'confirmed', confirmedVia: 'staff' });
      await call('POST', `/statements/${februaryA[0].id}/send`);
      const disputed = await call('POST', `/statements/${februaryA[0].id}/dispute`, {
        body: { items: [{ amount: 3_000, kind: 'fee', reason: 'Freight charged twice' }] },
      });
      expect(disputed.disputeItems).toHaveLength(1);
      expect((await call('GET', `/disputes?customerId=${a}&stale=false`)).items).toHaveLength(1);
      expect(
        await call('POST', `/disputes/${disputed.disputeItems[0].id}/resolve`, {
          body: { resolution: 'Freight refunded by credit note' },
        }),
      ).toMatchObject({ status: 'resolved' });

      const link = await call('POST', `/statements/${januaryB.id}/send`);
      expect(
        await call('GET', `/public/statements/${link.confirmationToken}`, { token: null }),
      ).toMatchObject({ customer: { name: '南方食品批发 Nanfang Foods' }, status: 'sent' });
      expect(
        await call('POST', `/public/statements/${link.confirmationToken}/confirm`, {
          token: null,
          body: { signedBy: '李经理' },
        }),
      ).toEqual({
        status: 'confirmed',
        period: '2026-01',
        currency: 'CNY',
        closing: 80_000,
        disputeItems: [],
      });
      const second = await call('POST', `/statements/${februaryB.id}/send`);
      const answer = await call('POST', `/public/statements/${second.confirmationToken}/dispute`, {
        token: null,
        body: {
          signedBy: '李经理',
          items: [{ amount: 2_000, kind: 'return', reason: 'Returned two cases' }],
        },
      });
      expect(answer).toMatchObject({ status: 'disputed', disputeItems: [{ amount: 2_000, kind: 'return' }] });

      // Finance closes February for everyone.
      expect(
        await call('POST', '/periods/2026-02/close', {
          token: finance.token,
          body: { reason: 'Month-end close' },
        }),
      ).toMatchObject({ period: '2026-02', closedBy: finance.id });
      expect((await call('GET', '/periods')).items).toHaveLength(1);

      expect([...responses.seen].sort()).toEqual(responses.all().sort());
    } finally {
      await t.close();
    }
  });

  it('fails an answer that drifts from its schema: an extra field, a missing one, a wrong type or format', async () => {
    const { t, call, customer, am } = await boot(db);
    try {
      const a = await customer('华东贸易有限公司 Huadong Trading', am.id);
      const invoice = await call('POST', '/invoices', { body: { customerId: a, lines: [line(12_345)] } });
      const check = (body: unknown) => assertConforms('POST /invoices', InvoiceSchema, body);
      expect(() => check(invoice)).not.toThrow();
      expect(() => check({ ...invoice, note: 'undeclared' })).toThrow(
        /fields its declared schema lacks: note/,
      );
      expect(() => check({ ...invoice, lines: [{ ...invoice.lines[0], vatRate: 13 }] })).toThrow(
        /fields its declared schema lacks: lines\[0\]\.vatRate/,
      );
      const { version: _dropped, ...missing } = invoice;
      expect(() => check(missing)).toThrow(/does not match its declared schema/);
      expect(() => check({ ...invoice, total: String(invoice.total) })).toThrow(
        /does not match its declared schema/,
      );
      expect(() => check({ ...invoice, dueDate: `${invoice.dueDate}T00:00:00Z` })).toThrow(
        /does not match its declared schema/,
      );
      expect(() => check({ ...invoice, status: 'overdue' })).toThrow(/does not match its declared schema/);

      await call('POST', '/statements', { body: { customerId: a, period: '2026-03' } });
      const [statement] = (await call('GET', `/statements?customerId=${a}`)).items;
      expect(() =>
        assertConforms('GET /statements/:id', StatementSchema, {
          ...statement,
          lines: [{ ...statement.lines[0], kind: 'adjustment' }],
        }),
      ).toThrow(/does not match/);
    } finally {
      await t.close();
    }
  });
});
