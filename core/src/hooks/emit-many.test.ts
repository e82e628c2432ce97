import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Database } from '../db/database.js';
import { definePlugin } from '../plugin/define-plugin.js';
import { createTestKehu, json, type TestDatabase, type TestKehu, testDatabases } from '../testing/index.js';

declare module './types.js' {
  interface KehuEvents {
    'batch.done': { n: number };
    'other.done': { n: number };
  }
}

/** A plugin that emits `count` events in one call and says whether anyone would receive them. */
const batchPlugin = definePlugin({
  name: 'batch',
  version: '1.0.0',
  description: 'Emits many events at once',
  setup(ctx) {
    ctx.permission('batch.run', { description: 'Run batches', roles: [] });
    ctx.router.get(
      '/listening',
      {
        summary: 'Whether batch.done reaches anyone',
        access: 'batch.run',
        customer: false,
        responses: { 200: z.object({ listening: z.boolean() }) },
      },
      (c) => c.json({ listening: ctx.hooks.hasSubscribers('batch.done') }),
    );
    ctx.router.post(
      '/runs',
      {
        summary: 'Emit count events, or another plugin’s event',
        access: 'batch.run',
        customer: false,
        body: z.strictObject({ count: z.number().int().min(0), foreign: z.boolean().optional() }),
        responses: { 204: z.null() },
      },
      async (c, { body }) => {
        const payloads = Array.from({ length: body.count }, (_, n) => ({ n }));
        await ctx.transaction((trx) =>
          body.foreign
            ? ctx.hooks.emitMany(trx, 'other.done', payloads)
            : ctx.hooks.emitMany(trx, 'batch.done', payloads),
        );
        return c.body(null, 204);
      },
    );
  },
});

const received: number[] = [];
const listenerPlugin = definePlugin({
  name: 'listener',
  version: '1.0.0',
  description: 'Subscribes to batch.done',
  setup(ctx) {
    ctx.hooks.on('batch.done', 'count', ({ n }) => {
      received.push(n);
    });
  },
});

const boot = (db: TestDatabase, database: Database, listen: boolean) =>
  createTestKehu(db, {
    database,
    plugins: listen ? [batchPlugin, listenerPlugin] : [batchPlugin],
    webhooks: { secretKey: 'test webhook secret key, 32+ characters long', allowPrivateNetworks: true },
  });

const listening = async (t: TestKehu) => (await json(await t.request('/api/v1/batch/listening'))).listening;
const run = (t: TestKehu, count: number, foreign = false) =>
  t.request('/api/v1/batch/runs', { body: { count, foreign } });

async function outbox(database: Database) {
  const events = await database.db
    .selectFrom('kehu_event')
    .select(['id', 'payload'])
    .where('name', '=', 'batch.done')
    .execute();
  const deliveries = await database.db
    .selectFrom('kehu_delivery')
    .select(['event_id', 'subscriber'])
    .orderBy('id')
    .execute();
  return { events, deliveries };
}

describe.each(testDatabases())('emitMany and hasSubscribers on $name', (db) => {
  it('writes nothing and says so when no plugin and no webhook endpoint wants the event', async () => {
    const database = await db.open();
    const t = await boot(db, database, false);
    try {
      expect(await listening(t)).toBe(false);
      expect((await run(t, 3)).status).toBe(204);
      expect(await outbox(database)).toEqual({ events: [], deliveries: [] });
    } finally {
      await t.close();
    }
  });

  it('counts an active webhook endpoint whose pattern matches as a subscriber, and delivers every event to it', async () => {
    const database = await db.open();
    const t = await boot(db, database, false);
    try {
      const other = await t.request('/api/v1/admin/webhooks', {
        body: { url: 'http://127.0.0.1:9/hook', events: ['customer.*'] },
      });
      expect(other.status).toBe(201);
      expect(await listening(t)).toBe(false);

      const res = await t.request('/api/v1/admin/webhooks', {
        body: { url: 'http://127.0.0.1:9/hook', events: ['batch.*'] },
      });
      const { endpoint } = await json(res);
      expect(await listening(t)).toBe(true);
      expect((await run(t, 3)).status).toBe(204);
      const { events, deliveries } = await outbox(database);
      expect(events.map((e) => JSON.parse(e.payload))).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
      expect(deliveries.map((d) => d.subscriber)).toEqual(Array(3).fill(`webhook:${endpoint.id}`));

      await t.request(`/api/v1/admin/webhooks/${endpoint.id}`, { method: 'PATCH', body: { active: false } });
      expect(await listening(t)).toBe(false);
    } finally {
      await t.close();
    }
  });

  it('delivers each of thousands of events once, in order, to a plugin subscriber', async () => {
    received.length = 0;
    const database = await db.open();
    const t = await boot(db, database, true);
    try {
      expect(await listening(t)).toBe(true);
      // More rows than one insert statement takes, for events and for deliveries.
      expect((await run(t, 6001)).status).toBe(204);
      const { events, deliveries } = await outbox(database);
      expect(events).toHaveLength(6001);
      expect(new Set(deliveries.map((d) => d.event_id)).size).toBe(6001);
      expect(deliveries.every((d) => d.subscriber === 'listener:count')).toBe(true);

      expect(await t.drain()).toBe(6001);
      expect(received).toEqual(Array.from({ length: 6001 }, (_, n) => n));
    } finally {
      await t.close();
    }
  }, 120_000);

  it('refuses another plugin’s event name before writing anything', async () => {
    const database = await db.open();
    const t = await boot(db, database, true);
    try {
      const res = await run(t, 2, true);
      expect(res.status).toBe(500);
      expect(await outbox(database)).toEqual({ events: [], deliveries: [] });
    } finally {
      await t.close();
    }
  });
});
