import { describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { ContractProbe, contractPlugins } from '../testing/contract-plugins.js';
import { createTestKehu, json, type TestDatabase, testDatabases } from '../testing/index.js';
import type { DispatcherOptions } from './outbox-dispatcher.js';

const bootWith = (
  db: TestDatabase,
  probe: ContractProbe,
  options: { database?: Database; dispatcher?: DispatcherOptions & { autoStart?: boolean } } = {},
) => {
  const { notes, stamps } = contractPlugins(probe);
  return createTestKehu(db, { plugins: [notes, stamps], ...options });
};

describe.each(testDatabases())('event outbox on $name', (db) => {
  it('delivers an event to every subscriber only after the write commits', async () => {
    const probe = new ContractProbe();
    const t = await bootWith(db, probe);
    try {
      const note = await json(
        await t.request('/api/v1/notes/notes', { body: { title: 'hello', amount: 1 } }),
      );
      // Written, not yet delivered: delivery happens after commit, by the dispatcher.
      expect(probe.calls).toEqual([]);
      const pending = await json(await t.request('/api/v1/admin/deliveries?status=pending'));
      expect(pending.items.map((d: { subscriber: string }) => d.subscriber).sort()).toEqual([
        'stamps:flaky',
        'stamps:mirror',
      ]);
      expect(pending.items[0]).toMatchObject({
        event: 'notes.created',
        status: 'pending',
        attempts: 0,
        payload: { note: { id: note.id, title: 'HELLO' } },
      });

      expect(await t.drain()).toBe(2);
      expect(probe.calls.map((c) => [c.subscriber, c.title, c.attempt])).toEqual([
        ['mirror', 'HELLO', 1],
        ['flaky', 'HELLO', 1],
      ]);
      const delivered = await json(await t.request('/api/v1/admin/deliveries?status=delivered'));
      expect(delivered.items).toHaveLength(2);
      expect(
        delivered.items.every((d: { deliveredAt: string }) => d.deliveredAt === t.clock.now().toISOString()),
      ).toBe(true);
      expect(await t.drain()).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('wakes a running dispatcher on commit, without waiting for its poll', async () => {
    const probe = new ContractProbe();
    const t = await bootWith(db, probe, { dispatcher: { autoStart: true, pollMs: 60_000 } });
    try {
      await t.request('/api/v1/notes/notes', { body: { title: 'kick', amount: 1 } });
      await expect.poll(() => probe.deliveries.length, { timeout: 5000, interval: 10 }).toBe(2);
    } finally {
      await t.close();
    }
  });

  it('retries a failing subscriber alone with backoff, dead-letters it after N attempts, and replays it', async () => {
    const probe = new ContractProbe();
    probe.flakyFailures = 3;
    const t = await bootWith(db, probe, { dispatcher: { maxAttempts: 3, backoffMs: (n) => n * 1000 } });
    try {
      await t.request('/api/v1/notes/notes', { body: { title: 'retry me', amount: 1 } });
      expect(await t.drain()).toBe(2);
      expect(probe.delivered('mirror')).toEqual(['RETRY ME']);
      expect(probe.calls.filter((c) => c.subscriber === 'flaky')).toHaveLength(1);

      // Backoff after attempt 1 is 1 s: nothing is due a millisecond before.
      t.clock.advance(999);
      expect(await t.drain()).toBe(0);
      t.clock.advance(1);
      expect(await t.drain()).toBe(1);
      // Attempt 2 failed too; the next is 2 s later.
      t.clock.advance(1999);
      expect(await t.drain()).toBe(0);
      t.clock.advance(1);
      expect(await t.drain()).toBe(1);

      // Three attempts, all failed: dead. The other subscriber was never run again.
      expect(probe.calls.filter((c) => c.subscriber === 'flaky').map((c) => c.attempt)).toEqual([1, 2, 3]);
      expect(probe.calls.filter((c) => c.subscriber === 'mirror')).toHaveLength(1);
      t.clock.advance(3_600_000);
      expect(await t.drain()).toBe(0);

      const dead = await json(await t.request('/api/v1/admin/deliveries?status=dead'));
      expect(dead.items).toHaveLength(1);
      expect(dead.items[0]).toMatchObject({
        subscriber: 'stamps:flaky',
        event: 'notes.created',
        status: 'dead',
        attempts: 3,
      });
      expect(dead.items[0].lastError).toContain('flaky subscriber down (attempt 3)');

      const staff = await t.user(['staff']);
      expect(
        (
          await t.request(`/api/v1/admin/deliveries/${dead.items[0].id}/replay`, {
            method: 'POST',
            token: staff.token,
          })
        ).status,
      ).toBe(403);

      const replay = await t.request(`/api/v1/admin/deliveries/${dead.items[0].id}/replay`, {
        method: 'POST',
      });
      expect(replay.status).toBe(202);
      expect(await json(replay)).toEqual({ id: dead.items[0].id, status: 'pending' });
      expect(await t.drain()).toBe(1);
      expect(probe.delivered('flaky')).toEqual(['RETRY ME']);
      expect(probe.delivered('mirror')).toEqual(['RETRY ME']);
      expect((await json(await t.request('/api/v1/admin/deliveries?status=dead'))).items).toEqual([]);

      // Only a dead letter can be replayed.
      const again = await t.request(`/api/v1/admin/deliveries/${dead.items[0].id}/replay`, {
        method: 'POST',
      });
      expect(again.status).toBe(404);
      expect((await json(again)).code).toBe('not_found');
    } finally {
      await t.close();
    }
  });

  it('gives up on a subscriber that hangs past its lease, so the others still get delivered', async () => {
    const probe = new ContractProbe();
    probe.mirrorDelayMs = 2000;
    const t = await bootWith(db, probe, { dispatcher: { leaseMs: 100 } });
    try {
      await t.request('/api/v1/notes/notes', { body: { title: 'slow', amount: 1 } });
      expect(await t.drain()).toBe(2);
      expect(probe.delivered('flaky')).toEqual(['SLOW']);
      expect(probe.delivered('mirror')).toEqual([]);
      const pending = await json(await t.request('/api/v1/admin/deliveries?status=pending'));
      expect(pending.items).toEqual([
        expect.objectContaining({
          subscriber: 'stamps:mirror',
          attempts: 1,
          lastError: 'Error: subscriber did not finish within 100 ms',
        }),
      ]);
    } finally {
      await t.close();
    }
  });

  it('validates the deliveries query', async () => {
    const t = await bootWith(db, new ContractProbe());
    try {
      const res = await t.request('/api/v1/admin/deliveries?status=lost');
      expect(res.status).toBe(400);
      expect((await json(res)).errors[0].path).toBe('query.status');
    } finally {
      await t.close();
    }
  });

  it('delivers events left undelivered by a stopped process from a new kernel on the same database', async () => {
    const store = await db.persistent();
    try {
      const before = new ContractProbe();
      const first = await bootWith(db, before, { database: await store.open() });
      for (const title of ['one', 'two', 'three'])
        await first.request('/api/v1/notes/notes', { body: { title, amount: 1 } });
      await first.close();
      expect(before.calls).toEqual([]);

      const after = new ContractProbe();
      const second = await bootWith(db, after, { database: await store.open() });
      try {
        expect(await second.drain()).toBe(6);
        expect(after.delivered('mirror').sort()).toEqual(['ONE', 'THREE', 'TWO']);
        expect(after.delivered('flaky').sort()).toEqual(['ONE', 'THREE', 'TWO']);
      } finally {
        await second.close();
      }
    } finally {
      await store.remove();
    }
  });

  it('takes a delivery back when the process that claimed it died mid-delivery (its lease ran out)', async () => {
    const store = await db.persistent();
    try {
      const first = await bootWith(db, new ContractProbe(), { database: await store.open() });
      await first.request('/api/v1/notes/notes', { body: { title: 'orphan', amount: 1 } });
      // Simulate a crash after claiming: the rows are leased to a process that will never finish them.
      const lease = new Date(first.clock.now().getTime() + 60_000).toISOString();
      await first.kernel.database.db
        .updateTable('kehu_delivery')
        .set({ locked_until: lease, attempts: 1 })
        .execute();
      await first.close();

      const probe = new ContractProbe();
      const second = await bootWith(db, probe, { database: await store.open() });
      try {
        expect(await second.drain()).toBe(0);
        second.clock.advance(60_001);
        expect(await second.drain()).toBe(2);
        expect(probe.calls.map((c) => c.attempt)).toEqual([2, 2]);
      } finally {
        await second.close();
      }
    } finally {
      await store.remove();
    }
  });

  it('never runs one delivery twice at the same time across two dispatchers on one database', async () => {
    const store = await db.persistent();
    // One probe for both kernels: it sees a delivery that runs in both at once.
    const probe = new ContractProbe();
    const options = (database: Database) => ({ database, dispatcher: { batchSize: 4 } });
    const a = await bootWith(db, probe, options(await store.open()));
    const b = await bootWith(db, probe, options(await store.open()));
    try {
      const events = 30;
      for (let i = 0; i < events; i++)
        await a.request('/api/v1/notes/notes', { body: { title: `n${i}`, amount: i } });
      probe.mirrorDelayMs = 3;
      const [a1, b1, a2, b2] = await Promise.all([a.drain(), b.drain(), a.drain(), b.drain()]);
      expect(a1! + b1! + a2! + b2!).toBe(events * 2);

      const perKey = new Map<string, number>();
      for (const d of probe.deliveries)
        perKey.set(`${d.eventId}/${d.subscriber}`, (perKey.get(`${d.eventId}/${d.subscriber}`) ?? 0) + 1);
      expect(perKey.size).toBe(events * 2);
      expect([...perKey.values()].every((n) => n === 1)).toBe(true);
      // Both dispatchers took part, so the test really raced them.
      expect(a1! + a2!).toBeGreaterThan(0);
      expect(b1! + b2!).toBeGreaterThan(0);
      expect(probe.concurrentDuplicates).toBe(0);
      const statuses = await a.kernel.database.db
        .selectFrom('kehu_delivery')
        .select(['status', 'attempts'])
        .execute();
      expect(statuses.every((s) => s.status === 'delivered' && Number(s.attempts) === 1)).toBe(true);
    } finally {
      await a.close();
      await b.close();
      await store.remove();
    }
  });
});
