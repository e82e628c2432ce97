import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Database } from '../db/database.js';
import { ContractProbe, contractPlugins } from '../testing/contract-plugins.js';
import { createTestKehu, json, type TestDatabase, testDatabases } from '../testing/index.js';
import { ABANDONED_ERROR, type DispatcherOptions } from './outbox-dispatcher.js';

afterEach(() => {
  vi.useRealTimers();
});

// Only the dispatcher's timers are faked: its clock is the test's ManualClock.
const fakeTimers = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });

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
    const t = await bootWith(db, probe);
    try {
      await t.request('/api/v1/notes/notes', { body: { title: 'slow', amount: 1 } });
      const hung = probe.holdMirror();
      fakeTimers();
      const drained = t.drain();
      await hung.started;
      await vi.advanceTimersByTimeAsync(60_000);
      expect(await drained).toBe(2);
      expect(probe.delivered('flaky')).toEqual(['SLOW']);
      expect(probe.delivered('mirror')).toEqual([]);
      const pending = await json(await t.request('/api/v1/admin/deliveries?status=pending'));
      expect(pending.items).toEqual([
        expect.objectContaining({
          subscriber: 'stamps:mirror',
          attempts: 1,
          lastError: 'Error: subscriber did not finish within 60000 ms',
        }),
      ]);
    } finally {
      await t.close();
    }
  });

  it('dead-letters a delivery whose attempts all ended with their process, instead of running it again', async () => {
    const store = await db.persistent();
    try {
      const first = await bootWith(db, new ContractProbe(), {
        database: await store.open(),
        dispatcher: { maxAttempts: 3 },
      });
      await first.request('/api/v1/notes/notes', { body: { title: 'deadly', amount: 1 } });
      // Three processes claimed the mirror delivery and died while it ran: attempts used up, lease left.
      const lease = new Date(first.clock.now().getTime() + 60_000).toISOString();
      await first.kernel.database.db
        .updateTable('kehu_delivery')
        .set({ locked_until: lease, attempts: 3 })
        .where('subscriber', '=', 'stamps:mirror')
        .execute();
      await first.close();

      const probe = new ContractProbe();
      const second = await bootWith(db, probe, {
        database: await store.open(),
        dispatcher: { maxAttempts: 3 },
      });
      try {
        second.clock.advance(60_001);
        expect(await second.drain()).toBe(1);
        expect(probe.calls.map((c) => c.subscriber)).toEqual(['flaky']);
        const dead = await json(await second.request('/api/v1/admin/deliveries?status=dead'));
        expect(dead.items).toEqual([
          expect.objectContaining({
            subscriber: 'stamps:mirror',
            status: 'dead',
            attempts: 3,
            lastError: ABANDONED_ERROR,
          }),
        ]);
        second.clock.advance(3_600_000);
        expect(await second.drain()).toBe(0);
        expect(probe.calls.map((c) => c.subscriber)).toEqual(['flaky']);
      } finally {
        await second.close();
      }
    } finally {
      await store.remove();
    }
  });

  it('lets an admin dead-letter or drop a pending delivery', async () => {
    const probe = new ContractProbe();
    probe.flakyFailures = 1;
    const t = await bootWith(db, probe);
    try {
      await t.request('/api/v1/notes/notes', { body: { title: 'stuck', amount: 1 } });
      await t.request('/api/v1/notes/notes', { body: { title: 'unwanted', amount: 2 } });
      const pending = (await json(await t.request('/api/v1/admin/deliveries?status=pending'))).items as {
        id: string;
        subscriber: string;
        payload: { note: { title: string } };
      }[];
      const find = (title: string, subscriber: string) =>
        pending.find((d) => d.payload.note.title === title && d.subscriber === subscriber)!.id;
      const stuck = find('STUCK', 'stamps:flaky');
      const unwanted = find('UNWANTED', 'stamps:mirror');

      const staff = await t.user(['staff']);
      for (const [method, path] of [
        ['POST', `/api/v1/admin/deliveries/${stuck}/dead-letter`],
        ['DELETE', `/api/v1/admin/deliveries/${unwanted}`],
      ] as const)
        expect((await t.request(path, { method, token: staff.token })).status).toBe(403);

      const dead = await t.request(`/api/v1/admin/deliveries/${stuck}/dead-letter`, {
        body: { reason: 'the ERP rejects this customer' },
      });
      expect(dead.status).toBe(200);
      expect(await json(dead)).toEqual({ id: stuck, status: 'dead' });
      expect((await t.request(`/api/v1/admin/deliveries/${unwanted}`, { method: 'DELETE' })).status).toBe(
        204,
      );

      expect(await t.drain()).toBe(2);
      expect(probe.calls.map((c) => `${c.subscriber} ${c.title}`).sort()).toEqual([
        'flaky UNWANTED',
        'mirror STUCK',
      ]);
      const deadLetters = (await json(await t.request('/api/v1/admin/deliveries?status=dead'))).items;
      expect(deadLetters).toEqual([
        expect.objectContaining({
          id: stuck,
          attempts: 0,
          lastError: 'Dead-lettered by Administrator: the ERP rejects this customer',
        }),
      ]);
      const all = (await json(await t.request('/api/v1/admin/deliveries'))).items as { id: string }[];
      expect(all.map((d) => d.id)).not.toContain(unwanted);

      // Only a pending delivery can be dead-lettered; a delivered one cannot be dropped.
      const delivered = (await json(await t.request('/api/v1/admin/deliveries?status=delivered'))).items;
      const again = await t.request(`/api/v1/admin/deliveries/${stuck}/dead-letter`, { method: 'POST' });
      expect(again.status).toBe(404);
      expect((await json(again)).code).toBe('not_found');
      const gone = await t.request(`/api/v1/admin/deliveries/${delivered[0].id}`, { method: 'DELETE' });
      expect(gone.status).toBe(404);
      // A dead letter can be dropped too.
      expect((await t.request(`/api/v1/admin/deliveries/${stuck}`, { method: 'DELETE' })).status).toBe(204);
    } finally {
      await t.close();
    }
  });

  it('shows deliveries waiting for a subscriber that no longer exists, and drops them', async () => {
    const store = await db.persistent();
    try {
      const before = await bootWith(db, new ContractProbe(), { database: await store.open() });
      for (const title of ['one', 'two'])
        await before.request('/api/v1/notes/notes', { body: { title, amount: 1 } });
      await before.close();

      // The stamps plugin is disabled: nobody will deliver its four deliveries.
      const { notes } = contractPlugins(new ContractProbe());
      const after = await createTestKehu(db, { plugins: [notes], database: await store.open() });
      try {
        expect(await after.drain()).toBe(0);
        const orphaned = (await json(await after.request('/api/v1/admin/deliveries?orphaned=true'))).items;
        expect(orphaned).toHaveLength(4);
        expect(
          orphaned.every((d: { orphaned: boolean; status: string }) => d.orphaned && d.status === 'pending'),
        ).toBe(true);
        expect((await json(await after.request('/api/v1/admin/deliveries?orphaned=false'))).items).toEqual(
          [],
        );

        const res = await after.request('/api/v1/admin/deliveries/drop-orphaned', {
          body: { subscriber: 'stamps:mirror' },
        });
        expect(res.status).toBe(200);
        expect(await json(res)).toEqual({ subscriber: 'stamps:mirror', dropped: 2 });
        const left = (await json(await after.request('/api/v1/admin/deliveries'))).items;
        expect(left.map((d: { subscriber: string }) => d.subscriber)).toEqual([
          'stamps:flaky',
          'stamps:flaky',
        ]);
        expect(
          (await after.request(`/api/v1/admin/deliveries/${left[0].id}`, { method: 'DELETE' })).status,
        ).toBe(204);
      } finally {
        await after.close();
      }

      // A subscriber that exists keeps its deliveries.
      const again = await bootWith(db, new ContractProbe(), { database: await store.open() });
      try {
        const refused = await again.request('/api/v1/admin/deliveries/drop-orphaned', {
          body: { subscriber: 'stamps:flaky' },
        });
        expect(refused.status).toBe(409);
        expect((await json(refused)).code).toBe('subscriber_exists');
        expect(await again.drain()).toBe(1);
      } finally {
        await again.close();
      }
    } finally {
      await store.remove();
    }
  });

  it('on stop, lets the running delivery finish and gives back the ones it had not started', async () => {
    const probe = new ContractProbe();
    const t = await bootWith(db, probe, { dispatcher: { autoStart: true, pollMs: 60_000 } });
    try {
      const hold = probe.holdMirror();
      await t.request('/api/v1/notes/notes', { body: { title: 'in flight', amount: 1 } });
      await hold.started;
      const stopped = t.kernel.dispatcher.stop();
      hold.release();
      await stopped;
      expect(probe.delivered('mirror')).toEqual(['IN FLIGHT']);
      expect(probe.calls.map((c) => c.subscriber)).toEqual(['mirror']);
      const rows = await t.kernel.database.db
        .selectFrom('kehu_delivery')
        .select(['subscriber', 'status', 'attempts', 'locked_until'])
        .orderBy('subscriber')
        .execute();
      expect(rows.map((r) => ({ ...r, attempts: Number(r.attempts) }))).toEqual([
        { subscriber: 'stamps:flaky', status: 'pending', attempts: 0, locked_until: null },
        { subscriber: 'stamps:mirror', status: 'delivered', attempts: 1, locked_until: null },
      ]);
    } finally {
      await t.close();
    }
  });

  it('on stop, lets go of a delivery still running after the grace period so another process can take it', async () => {
    const probe = new ContractProbe();
    const t = await bootWith(db, probe, { dispatcher: { shutdownGraceMs: 5000 } });
    try {
      const hold = probe.holdMirror();
      await t.request('/api/v1/notes/notes', { body: { title: 'hung', amount: 1 } });
      fakeTimers();
      t.kernel.dispatcher.start();
      await hold.started;
      const stopped = t.kernel.dispatcher.stop();
      await vi.advanceTimersByTimeAsync(5000);
      await stopped;
      const rows = await t.kernel.database.db
        .selectFrom('kehu_delivery')
        .select(['subscriber', 'status', 'attempts', 'locked_until', 'last_error'])
        .orderBy('subscriber')
        .execute();
      expect(rows.map((r) => ({ ...r, attempts: Number(r.attempts) }))).toEqual([
        { subscriber: 'stamps:flaky', status: 'pending', attempts: 0, locked_until: null, last_error: null },
        {
          subscriber: 'stamps:mirror',
          status: 'pending',
          attempts: 1,
          locked_until: null,
          last_error: 'Cut short by a shutdown',
        },
      ]);
      // The subscriber finishing late writes nothing over what the next process does.
      hold.release();
      await vi.advanceTimersByTimeAsync(0);
      const mirror = await t.kernel.database.db
        .selectFrom('kehu_delivery')
        .select('status')
        .where('subscriber', '=', 'stamps:mirror')
        .executeTakeFirstOrThrow();
      expect(mirror.status).toBe('pending');
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
      probe.mirrorYields = 3;
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
