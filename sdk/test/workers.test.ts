import { type Database, openDatabase } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { cliDatabases, configDir, kehu } from './helpers.js';
import { listening, spawnKehu } from './process.js';

/**
 * A plugin that records every run of its hourly job and every delivery of `customer.created` (with
 * the process that ran it, and when it started and ended), and tells which process answered a request.
 */
const probeConfig = `
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export default {
  scheduler: { intervalMs: 50 },
  dispatcher: { pollMs: 50 },
  plugins: [{
    name: 'probe',
    version: '1.0.0',
    migrations: [
      { name: '001_probe_run', async up(db) {
        await db.schema.createTable('probe_run')
          .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
          .addColumn('kind', 'varchar(10)', (c) => c.notNull())
          .addColumn('key', 'varchar(100)', (c) => c.notNull())
          .addColumn('pid', 'integer', (c) => c.notNull())
          .addColumn('started_at', 'bigint', (c) => c.notNull())
          .addColumn('ended_at', 'bigint')
          .execute();
      } },
    ],
    setup(ctx) {
      const record = async (kind, key, work) => {
        const id = crypto.randomUUID();
        await ctx.db.insertInto('probe_run').values({ id, kind, key, pid: process.pid, started_at: Date.now() }).execute();
        await work();
        await ctx.db.updateTable('probe_run').set({ ended_at: Date.now() }).where('id', '=', id).execute();
      };
      ctx.scheduler.define({ name: 'tick', period: 'hour', run: ({ period }) => record('job', period, () => sleep(300)) });
      ctx.hooks.on('customer.created', 'slow', ({ customer }) => record('delivery', customer.id, () => sleep(150)));
      ctx.router.get('/pid', { summary: 'The process answering', access: 'public' }, (c) => c.json({ pid: process.pid }));
    },
  }],
};
`;

const pgDatabases = cliDatabases().filter((d) => d.name === 'postgres');

describe('kehu serve --workers on SQLite', () => {
  it('refuses more than one worker, naming PostgreSQL', async () => {
    const r = await kehu(['serve', '--workers', '2', '--port', '0', '--database', ':memory:']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--workers 2 needs PostgreSQL/);
    expect(r.stdout).toBe('');
  });

  it('refuses a worker count that is not a whole number', async () => {
    const r = await kehu(['serve', '--workers', 'two', '--database', ':memory:']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--workers must be a whole number/);
  });
});

for (const database of pgDatabases)
  describe('kehu serve --workers 2 on PostgreSQL', () => {
    it('two workers share the port; the hourly job runs once per period and no delivery runs twice at the same time', async () => {
      const url = await database.create();
      const dir = configDir(probeConfig);
      const server = spawnKehu(
        ['serve', '--workers', '2', '--port', '0', '--host', '127.0.0.1', '--database', url],
        dir,
      );
      let opened: Database | undefined;
      try {
        const { url: base, token } = await listening(server);
        await server.waitForStderr(/worker 2 serving/);
        const pids = new Set<number>();
        for (let i = 0; i < 10; i++)
          pids.add(((await (await fetch(`${base}/api/v1/probe/pid`)).json()) as { pid: number }).pid);
        expect(pids.size).toBe(2);

        const created: string[] = [];
        for (let i = 0; i < 20; i++) {
          const res = await fetch(`${base}/api/v1/customers`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ name: `多进程客户 ${i}` }),
          });
          expect(res.status).toBe(201);
          created.push(((await res.json()) as { id: string }).id);
        }
        opened = await openDatabase({ url, poolSize: 1 });
        const db = opened.db;
        const runs = async () =>
          (
            await db
              .selectFrom('probe_run')
              .select(['kind', 'key', 'pid', 'started_at', 'ended_at'])
              .execute()
          ).map((r) => ({
            ...r,
            started_at: Number(r.started_at),
            ended_at: r.ended_at === null ? null : Number(r.ended_at),
          }));
        // Every delivery finished (bounded: the test's timeout), by then each worker's scheduler has
        // looked for due jobs dozens of times.
        for (;;) {
          const done = new Set(
            (await runs()).filter((r) => r.kind === 'delivery' && r.ended_at).map((r) => r.key),
          );
          if (created.every((id) => done.has(id))) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        const all = await runs();
        const jobs = all.filter((r) => r.kind === 'job');
        expect(jobs.length).toBeGreaterThan(0);
        expect(new Set(jobs.map((j) => j.key)).size).toBe(jobs.length);
        const claimed = await db
          .selectFrom('kehu_job_run')
          .select('period')
          .where('job', '=', 'probe.tick')
          .execute();
        expect(claimed.map((r) => r.period).sort()).toEqual(jobs.map((j) => j.key).sort());

        const deliveries = all.filter((r) => r.kind === 'delivery');
        expect(new Set(deliveries.map((d) => d.pid)).size).toBe(2);
        for (const id of created) {
          const ofEvent = deliveries.filter((d) => d.key === id).sort((a, b) => a.started_at - b.started_at);
          for (let k = 1; k < ofEvent.length; k++)
            expect(ofEvent[k]!.started_at).toBeGreaterThanOrEqual(ofEvent[k - 1]!.ended_at!);
        }
      } finally {
        await opened?.close();
        server.kill('SIGTERM');
      }
      expect(await server.exit).toEqual({ code: 0, signal: null });
      expect(server.stderr()).toMatch(/worker 1 stopped/);
      expect(server.stderr()).toMatch(/worker 2 stopped/);
    }, 90_000);
  });
