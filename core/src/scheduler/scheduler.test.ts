import { describe, expect, it } from 'vitest';
import { ContractProbe, contractPlugins } from '../testing/contract-plugins.js';
import { createTestKehu, json, type TestDatabase, testDatabases } from '../testing/index.js';
import { type JobRunResult, periodKey } from './scheduler.js';

describe('periodKey', () => {
  it("names the company's day or month an instant falls in, and the UTC hour", () => {
    // 23:30 on 31 March and 00:30 on 1 April in Beijing.
    const lateEvening = new Date('2026-03-31T15:30:00.000Z');
    const afterMidnight = new Date('2026-03-31T16:30:00.000Z');
    expect(periodKey(lateEvening, 'day', 'Asia/Shanghai')).toBe('2026-03-31');
    expect(periodKey(lateEvening, 'month', 'Asia/Shanghai')).toBe('2026-03');
    expect(periodKey(afterMidnight, 'day', 'Asia/Shanghai')).toBe('2026-04-01');
    expect(periodKey(afterMidnight, 'month', 'Asia/Shanghai')).toBe('2026-04');
    expect(periodKey(afterMidnight, 'hour', 'Asia/Shanghai')).toBe('2026-03-31T16');
  });

  it('names the UTC hour, day or month an instant falls in when the company keeps UTC', () => {
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
      // Without a body: the kernel clock's now (2026-03-01T08:00Z).
      const now = await json(await t.request('/api/v1/admin/jobs/run', { method: 'POST' }));
      const notesResults = now.results.filter((r: { job: string }) => r.job.startsWith('notes.'));
      expect(notesResults.map((r: { period: string; status: string }) => [r.period, r.status])).toEqual([
        ['2026-03-01', 'ran'],
        ['2026-03', 'not_due'],
      ]);
      t.clock.set('2026-03-28T12:00:00Z');
      const run = await t.request('/api/v1/admin/jobs/run', {
        body: { at: '2026-03-28T10:00:00Z', job: 'notes.daily-digest' },
      });
      expect(run.status).toBe(200);
      expect((await json(run)).results).toEqual([
        { job: 'notes.daily-digest', period: '2026-03-28', status: 'ran', result: { notes: 0 } },
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

  it('refuses a run as of a future instant or before 2000, and uses up no period', async () => {
    const probe = new ContractProbe();
    const t = await boot(db, probe);
    try {
      // The clock says 2026-03-01T08:00Z.
      const future = await t.request('/api/v1/admin/jobs/run', {
        body: { at: '2026-03-02T08:00:00Z', job: 'notes.daily-digest' },
      });
      expect(future.status).toBe(422);
      expect(await json(future)).toMatchObject({ code: 'run_in_future', errors: [{ path: 'body.at' }] });
      const ancient = await t.request('/api/v1/admin/jobs/run', { body: { at: '0020-03-01T00:00:00Z' } });
      expect(ancient.status).toBe(422);
      expect((await json(ancient)).code).toBe('run_too_early');
      expect(probe.jobRuns).toEqual([]);
      // When the day comes, its run is still there to be had.
      t.clock.set('2026-03-02T09:00:00Z');
      const due = await json(
        await t.request('/api/v1/admin/jobs/run', { body: { job: 'notes.daily-digest' } }),
      );
      expect(due.results).toMatchObject([{ period: '2026-03-02', status: 'ran' }]);
    } finally {
      await t.close();
    }
  });

  it("runs day and month periods on the company's days: 23:30 and 00:30 in Beijing", async () => {
    const probe = new ContractProbe();
    const { notes } = contractPlugins(probe);
    const t = await createTestKehu(db, { plugins: [notes], timeZone: 'Asia/Shanghai' });
    try {
      const at = (iso: string) => t.kernel.scheduler.runDue(new Date(iso), 'notes.daily-digest');
      expect((await at('2026-03-31T23:30:00+08:00'))[0]).toMatchObject({
        period: '2026-03-31',
        status: 'ran',
      });
      expect((await at('2026-04-01T00:30:00+08:00'))[0]).toMatchObject({
        period: '2026-04-01',
        status: 'ran',
      });
      // 07:30 in Beijing is still 31 March in UTC, but the company's 1 April has run already.
      expect((await at('2026-04-01T07:30:00+08:00'))[0]).toMatchObject({
        period: '2026-04-01',
        status: 'skipped',
      });
      const monthEnd = (iso: string) => t.kernel.scheduler.runDue(new Date(iso), 'notes.month-end');
      expect((await monthEnd('2026-03-24T23:30:00+08:00'))[0]!.status).toBe('not_due');
      expect((await monthEnd('2026-03-25T00:30:00+08:00'))[0]).toMatchObject({
        period: '2026-03',
        status: 'ran',
      });
      expect(probe.jobRuns).toEqual(['2026-03-31', '2026-04-01']);
    } finally {
      await t.close();
    }
  });
});

describe('the company time zone', () => {
  it('is validated at boot and gives today in that zone', async () => {
    const [sqlite] = testDatabases();
    await expect(createTestKehu(sqlite!, { timeZone: 'Asia/Beijing' })).rejects.toThrow(
      /Invalid timeZone: "Asia\/Beijing" is not an IANA time zone/,
    );
    const t = await createTestKehu(sqlite!, { timeZone: 'Asia/Shanghai' });
    try {
      t.clock.set('2026-03-14T23:30:00Z'); // 07:30 on 15 March in Beijing
      expect(t.kernel.clock.timeZone).toBe('Asia/Shanghai');
      expect(t.kernel.clock.today()).toBe('2026-03-15');
    } finally {
      await t.close();
    }
  });
});
