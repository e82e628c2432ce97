import { describe, expect, it } from 'vitest';
import { contractPlugins } from '../testing/contract-plugins.js';
import { createTestKehu, json, testDatabases } from '../testing/index.js';

const JOB = 'kernel.retention.prune';

describe.each(testDatabases())('retention of delivered events and idempotency keys on $name', (db) => {
  it('deletes, in batches, what is older than the retention period and keeps what is still to do', async () => {
    const { notes, stamps, probe } = contractPlugins();
    const t = await createTestKehu(db, {
      plugins: [notes, stamps],
      retention: { days: 30, batchSize: 2 },
    });
    const post = (title: string, key: string) =>
      t.request('/api/v1/notes/notes', {
        body: { title, amount: 1 },
        headers: { 'idempotency-key': key },
      });
    const deliveries = async (status: string) =>
      (await json(await t.request(`/api/v1/admin/deliveries?status=${status}`))).items.map(
        (d: { event: string; subscriber: string; payload: { note: { title: string } } }) =>
          `${d.payload.note.title}/${d.subscriber}`,
      );
    try {
      const old = await json(await post('old', 'key-old'));
      expect(await t.drain()).toBe(2);
      // From now on one subscriber keeps failing: its deliveries stay to be retried or replayed.
      probe.flakyFailures = 1_000;
      await post('stuck', 'key-stuck');
      await t.drain();
      expect((await deliveries('delivered')).sort()).toEqual([
        'OLD/stamps:flaky',
        'OLD/stamps:mirror',
        'STUCK/stamps:mirror',
      ]);

      t.clock.advanceDays(31);
      await post('new', 'key-new');
      await t.drain();
      // Before the prune, a retry of the old key still replays the old answer.
      expect((await json(await post('old', 'key-old'))).id).toBe(old.id);

      const [run] = await t.kernel.scheduler.runDue(t.clock.now(), JOB);
      expect(run).toMatchObject({ status: 'ran', result: { deliveries: 3, events: 1, idempotencyKeys: 2 } });

      expect(await deliveries('delivered')).toEqual(['NEW/stamps:mirror']);
      // The stuck event keeps its undelivered delivery, and so stays whole.
      expect((await deliveries('pending')).concat(await deliveries('dead')).sort()).toEqual([
        'NEW/stamps:flaky',
        'STUCK/stamps:flaky',
      ]);
      // A key older than the retention period is forgotten: the same request runs anew.
      const again = await json(await post('old', 'key-old'));
      expect(again.id).not.toBe(old.id);
      expect((await json(await post('new', 'key-new'))).title).toBe('NEW');

      // Once per day, however often the scheduler asks.
      expect((await t.kernel.scheduler.runDue(t.clock.now(), JOB))[0]!.status).toBe('skipped');
    } finally {
      await t.close();
    }
  });
});
