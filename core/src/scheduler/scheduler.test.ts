import { describe, expect, it } from 'vitest';
import { ContractProbe, contractPlugins } from '../testing/contract-plugins.js';
import { createTestKehu, json, type TestDatabase, testDatabases } from '../testing/index.js';
import { type JobRunResult, periodKey } from './scheduler.js';

describe('periodKey', () => {
  it('names the UTC hour, day or month an instant falls in', () => {
    const at = new Date('2026-03-31T23:59:59.999Z');
    expect(periodKey(at, 'hour')).toBe('2026-03-31T23');
    expect(periodKey(at, 'day')).toBe('2026-03-31');
    expect(periodKey(at, 'month')).toBe('2026-03');
    expect(periodKey(new Date('2026-04-01T00:00:00.000Z'), 'month')).toBe('2026-04');
    // Beijing's 1 April 07:00 is still 31 March in UTC.
    expect(periodKey(new Date('2026-04-01T07:00:00+08:00'), 'day')).toBe('2026-03-31');
  });
});

const boot = (
  db: TestDatabase,
  probe: ContractProbe,
  database?: Awaited<ReturnType<TestDatabase['open']>>,
) => {
  const { notes } = contractPlugins(probe);
  return createTestKehu(db, { plugins: [notes], ...(database ? { database } : {}) });
};

describe.each(testDatabases())('scheduler on $name', (db) => {
  it('runs a job once per period, however often runDue is called', async () => {
    const probe = new ContractProbe();
    const t = await boot(db, probe);
    try {
      const digest = (results: JobRunResult[]) => results.find((r) => r.job === 'notes.daily-digest');
      expect(digest(await t.kernel.scheduler.runDue(new Date('2026-03-01T08:00:00Z')))).toEqual({
        job: 'notes.daily-digest',
        period: '2026-03-01',
        status: 'ran',
        result: { notes: 0 },
      });
      expect(digest(await t.kernel.scheduler.runDue(new Date('2026-03-01T08:00:00Z')))).toEqual({
        job: 'notes.daily-digest',
        period: '2026-03-01',
        status: 'skipped',
      });
      expect(digest(await t.kernel.scheduler.runDue(new Date('2026-03-01T23:59:00Z')))!.status).toBe(
        'skipped',
      );
      expect(digest(await t.kernel.scheduler.runDue(new Date('2026-03-02T00:00:00Z')))!.status).toBe('ran');
      expect(probe.jobRuns).toEqual(['2026-03-01', '2026-03-02']);
    } finally {
      await t.close();
    }
  });

  it('keeps a job not due until its condition holds', async () => {
    const t = await boot(db, new ContractProbe());
    try {
      const monthEnd = async (at: string) =>
        (await t.kernel.scheduler.runDue(new Date(at), 'notes.month-end'))[0];
      expect(await monthEnd('2026-03-24T12:00:00Z')).toEqual({
        job: 'notes.month-end',
        period: '2026-03',
        status: 'not_due',
      });
      expect(await monthEnd('2026-03-25T00:00:00Z')).toEqual({
        job: 'notes.month-end',
        period: '2026-03',
        status: 'ran',
        result: 'closed',
      });
      expect((await monthEnd('2026-03-30T00:00:00Z'))!.status).toBe('skipped');
    } finally {
      await t.close();
    }
  });

  it('lets a failed run be retried in the same period', async () => {
    const probe = new ContractProbe();
    probe.jobFailures = 1;
    const t = await boot(db, probe);
    try {
      const at = new Date('2026-03-05T06:00:00Z');
      const [failed] = await t.kernel.scheduler.runDue(at, 'notes.daily-digest');
      expect(failed).toEqual({
        job: 'notes.daily-digest',
        period: '2026-03-05',
        status: 'failed',
        error: 'digest mail server down',
      });
      const [retried] = await t.kernel.scheduler.runDue(at, 'notes.daily-digest');
      expect(retried!.status).toBe('ran');
      expect((await t.kernel.scheduler.runDue(at, 'notes.daily-digest'))[0]!.status).toBe('skipped');
      expect(probe.jobRuns).toEqual(['2026-03-05']);
      const rows = await t.kernel.database.db
        .selectFrom('kehu_job_run')
        .selectAll()
        .where('job', '=', 'notes.daily-digest')
        .execute();
      expect(rows).toEqual([expect.objectContaining({ period: '2026-03-05', status: 'done', error: null })]);
    } finally {
      await t.close();
    }
  });

  it('runs again a period whose run was cut short by a dead process, once it is stale', async () => {
    const probe = new ContractProbe();
    const t = await boot(db, probe);
    try {
      await t.kernel.database.db
        .insertInto('kehu_job_run')
        .values({
          job: 'notes.daily-digest',
          period: '2026-03-01',
          status: 'running',
          started_at: t.clock.now().toISOString(),
          finished_at: null,
          error: null,
        })
        .execute();
      const at = new Date('2026-03-01T09:00:00Z');
      expect((await t.kernel.scheduler.runDue(at, 'notes.daily-digest'))[0]!.status).toBe('skipped');
      t.clock.advance(3_600_001);
      expect((await t.kernel.scheduler.runDue(at, 'notes.daily-digest'))[0]!.status).toBe('ran');
      expect(probe.jobRuns).toEqual(['2026-03-01']);
    } finally {
      await t.close();
    }
  });

  it('remembers what ran across restarts', async () => {
    const store = await db.persistent();
    try {
      const first = await boot(db, new ContractProbe(), await store.open());
      await first.kernel.scheduler.runDue(new Date('2026-03-01T08:00:00Z'));
      await first.close();
      const probe = new ContractProbe();
      const second = await boot(db, probe, await store.open());
      try {
        const results = await second.kernel.scheduler.runDue(new Date('2026-03-01T20:00:00Z'));
        expect(results.find((r) => r.job === 'notes.daily-digest')!.status).toBe('skipped');
        expect(probe.jobRuns).toEqual([]);
      } finally {
        await second.close();
      }
    } finally {
      await store.remove();
    }
  });

  it('lists jobs and runs them on demand over HTTP for admins', async () => {
    const probe = new ContractProbe();
    const t = await boot(db, probe);
    try {
      const jobs = (await json(await t.request('/api/v1/admin/jobs'))).items;
      expect(jobs.filter((j: { plugin: string }) => j.plugin === 'notes')).toEqual([
        { name: 'notes.daily-digest', plugin: 'notes', period: 'day' },
        { name: 'notes.month-end', plugin: 'notes', period: 'month' },
      ]);
      const run = await t.request('/api/v1/admin/jobs/run', {
        body: { at: '2026-03-28T10:00:00Z', job: 'notes.daily-digest' },
      });
      expect(run.status).toBe(200);
      expect((await json(run)).results).toEqual([
        { job: 'notes.daily-digest', period: '2026-03-28', status: 'ran', result: { notes: 0 } },
      ]);
      // Without a body: the kernel clock's now (2026-03-01T08:00Z).
      const now = await json(await t.request('/api/v1/admin/jobs/run', { method: 'POST' }));
      const notesResults = now.results.filter((r: { job: string }) => r.job.startsWith('notes.'));
      expect(notesResults.map((r: { period: string; status: string }) => [r.period, r.status])).toEqual([
        ['2026-03-01', 'ran'],
        ['2026-03', 'not_due'],
      ]);
      expect((await t.request('/api/v1/admin/jobs/run', { body: { at: 'yesterday' } })).status).toBe(400);
      const staff = await t.user(['staff']);
      expect((await t.request('/api/v1/admin/jobs/run', { method: 'POST', token: staff.token })).status).toBe(
        403,
      );
    } finally {
      await t.close();
    }
  });
});
