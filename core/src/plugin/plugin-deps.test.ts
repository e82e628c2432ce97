import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Trx } from '../db/database.js';
import { DomainError } from '../errors.js';
import { createTestKehu, json, testDatabases } from '../testing/index.js';
import { definePlugin } from './define-plugin.js';
import { inTransaction, nowIso, type PluginDeps, pluginDeps } from './plugin-deps.js';

const TicketConfig = z.object({ prefix: z.string().default('T') });

/** What the ticket modules get: the plugin's run-time parts plus a numbering rule of its own. */
interface Deps extends PluginDeps<z.output<typeof TicketConfig>> {
  numberOf(n: number): string;
}

/** A module written against the deps only: joins the caller's transaction when it has one. */
async function issueTicket(deps: Deps, n: number, trx?: Trx): Promise<void> {
  await inTransaction(deps, trx, (t) =>
    t
      .insertInto('ticket_issued')
      .values({ id: deps.numberOf(n), issued_at: nowIso(deps) })
      .execute(),
  );
}

let captured: Deps | undefined;

const tickets = definePlugin({
  name: 'tickets',
  version: '1.0.0',
  config: TicketConfig,
  migrations: [
    {
      name: '001_ticket',
      async up(db) {
        await db.schema
          .createTable('ticket_issued')
          .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
          .addColumn('issued_at', 'varchar(30)', (c) => c.notNull())
          .execute();
      },
    },
  ],
  setup(ctx) {
    const deps: Deps = pluginDeps(ctx, { numberOf: (n: number) => `${ctx.config.prefix}-${n}` });
    captured = deps;
    ctx.router.post(
      '/batches',
      {
        summary: 'Issue a batch of tickets, all or none',
        access: 'authenticated',
        customer: false,
        body: z.object({ count: z.number().int().min(1).max(10), failAt: z.number().int().optional() }),
      },
      async (c, { body }) => {
        await deps.transaction(async (trx) => {
          for (let n = 1; n <= body.count; n++) {
            if (n === body.failAt) throw new DomainError('ticket_refused', `Ticket ${n} refused`, {}, 422);
            await issueTicket(deps, n, trx);
          }
        });
        return c.json({ issued: body.count }, 201);
      },
    );
    ctx.router.post(
      '/single',
      { summary: 'Issue ticket 99', access: 'authenticated', customer: false },
      async (c) => {
        await issueTicket(deps, 99);
        return c.json({ issued: 1 }, 201);
      },
    );
    ctx.router.get('/', { summary: 'Issued tickets', access: 'authenticated' }, async (c) =>
      c.json(await deps.db.selectFrom('ticket_issued').selectAll().orderBy('id').execute()),
    );
  },
});

describe.each(testDatabases())('plugin deps on $name', (db) => {
  it('gives modules the config, clock and transactions of the plugin, joining a caller’s transaction', async () => {
    const t = await createTestKehu(db, { plugins: [tickets], config: { tickets: { prefix: 'KH' } } });
    try {
      expect((await t.request('/api/v1/tickets/batches', { body: { count: 3, failAt: 3 } })).status).toBe(
        422,
      );
      // Tickets 1 and 2 were written in the batch's transaction, so the refusal took them back.
      expect(await json(await t.request('/api/v1/tickets'))).toEqual([]);
      expect((await t.request('/api/v1/tickets/batches', { body: { count: 2 } })).status).toBe(201);
      t.clock.advance(60_000);
      expect((await t.request('/api/v1/tickets/single', { method: 'POST' })).status).toBe(201);
      expect(await json(await t.request('/api/v1/tickets'))).toEqual([
        { id: 'KH-1', issued_at: '2026-03-01T08:00:00.000Z' },
        { id: 'KH-2', issued_at: '2026-03-01T08:00:00.000Z' },
        { id: 'KH-99', issued_at: '2026-03-01T08:01:00.000Z' },
      ]);
    } finally {
      await t.close();
    }
  });

  it('leaves out what only setup may do', async () => {
    const t = await createTestKehu(db, { plugins: [tickets] });
    try {
      const deps = captured as unknown as Record<string, unknown>;
      for (const setupOnly of ['router', 'ui', 'scheduler', 'container', 'provide', 'permission', 'role'])
        expect(deps).not.toHaveProperty(setupOnly);
      expect(deps).toMatchObject({ name: 'tickets', config: { prefix: 'T' } });
      expect(typeof deps.service).toBe('function');
    } finally {
      await t.close();
    }
  });
});
