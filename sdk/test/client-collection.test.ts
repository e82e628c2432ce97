import { fileURLToPath } from 'node:url';
import { ManualClock, silentLogger } from '@kehu/core';
import { testDatabases } from '@kehu/core/testing';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { repoPlugins } from '../scripts/repo-plugins.js';
import { createClient, type KehuClient, KehuProblemError } from '../src/client/index.js';
import { type KehuServer, serve } from '../src/index.js';

const ADMIN = 'kehu_client_collection_admin';

describe.each(testDatabases())('collection follow-up (催收) through the typed client on $name', (db) => {
  let server: KehuServer;
  let client: KehuClient;
  const clock = new ManualClock('2026-03-01T08:00:00.000Z');

  beforeAll(async () => {
    // The repository's receivables plugin, from its source as the client types were generated.
    const repo = fileURLToPath(new URL('../..', import.meta.url));
    const receivables = (await repoPlugins(repo, (file) => import(file))).find(
      (p) => p.name === 'receivables',
    );
    server = await serve(
      {
        database: await db.open(),
        plugins: [receivables!],
        clock,
        logger: silentLogger,
        scheduler: false,
        dispatcher: false,
        auth: { adminToken: ADMIN },
      },
      { port: 0, host: '127.0.0.1', handleSignals: false },
    );
    client = createClient({ baseUrl: server.url, token: ADMIN });
  });
  afterAll(() => server.close());

  it('lists the overdue account, reads its follow-ups and records a promise to pay', async () => {
    const customer = await client.post('/api/v1/customers', { body: { name: '华东贸易有限公司' } });
    const invoice = await client.post('/api/v1/receivables/invoices', {
      body: {
        customerId: customer.id,
        issueDate: '2026-03-01',
        termDays: 10,
        lines: [{ description: 'Lubricant 200 L', quantity: 2, unitPrice: 50_000 }],
      },
    });
    clock.set('2026-03-12T08:00:00.000Z');
    await server.kernel.scheduler.runDue(clock.now(), 'receivables.dunning');

    const overdue = await client.get('/api/v1/receivables/collection/overdue');
    expectTypeOf(overdue.items[0]!.nextStep.kind).toEqualTypeOf<
      'level' | 'awaiting_promise' | 'paused' | 'final_level_reached'
    >();
    expect(overdue.items).toMatchObject([
      {
        customerId: customer.id,
        currency: 'CNY',
        overdue: 100_000,
        level: 1,
        nextStep: { kind: 'level', level: 2, on: '2026-03-26' },
      },
    ]);

    const history = await client.get('/api/v1/receivables/customers/{customerId}/follow-ups', {
      params: { customerId: customer.id },
    });
    const [followUp] = history.items;
    expectTypeOf(followUp!.outcome).toEqualTypeOf<
      'contacted' | 'promise_to_pay' | 'refused' | 'unreachable' | null
    >();
    expect(followUp).toMatchObject({
      level: 1,
      status: 'open',
      invoices: [{ invoiceId: invoice.id, daysOverdue: 1 }],
      customerMail: null,
    });

    // The server's problem document reaches the caller as a typed error.
    const tooFar = await client
      .post('/api/v1/receivables/follow-ups/{id}/outcome', {
        params: { id: followUp!.id },
        body: { outcome: 'promise_to_pay', promisedDate: '2026-06-30' },
      })
      .catch((e: unknown) => e);
    expect(tooFar).toBeInstanceOf(KehuProblemError);
    expect(tooFar).toMatchObject({ status: 422, code: 'promise_too_far' });

    const recorded = await client.post('/api/v1/receivables/follow-ups/{id}/outcome', {
      params: { id: followUp!.id },
      body: { outcome: 'promise_to_pay', promisedDate: '2026-03-20', note: '财务说下周付款' },
    });
    expect(recorded).toMatchObject({
      status: 'recorded',
      outcome: 'promise_to_pay',
      promisedDate: '2026-03-20',
    });
    expect((await client.get('/api/v1/receivables/collection/overdue')).items[0]!.nextStep).toEqual({
      kind: 'awaiting_promise',
      promisedDate: '2026-03-20',
    });
  });
});
