/**
 * complaints.queue.p95 — the first page of the complaint queue (open complaints, newest first, each
 * with its SLA countdown), GET /api/v1/complaints as a service manager, with 200,000 complaints of
 * which 50,000 are open (quick: 20,000 / 5,000), on SQLite, against the same query straight on
 * better-sqlite3.
 *
 * complaints.queue.dueAt.p95 — the same first page sorted by resolution due time (`sort=dueAt`).
 *
 * complaints.sla.job — one run of the SLA escalation job over the 50,000 open complaints, whose next
 * escalation instants are spread over the next 45 working hours (as an hourly job finds them: about
 * one in 45 is due and escalates).
 *
 * Rows are cloned from one complaint the API filed, so the bench follows the plugin's schema.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKernel, newId, silentLogger } from '@kehu/core';
import { complaintsPlugin } from '@kehu/plugin-complaints';
import BetterSqlite3 from 'better-sqlite3';
import { percentile, random, round } from './lib/sampling.mjs';

const ADMIN = 'kehu_bench_admin_token';
const MANAGER = 'kehu_bench_service_manager';

export async function run({ quick = false, log = console.log } = {}) {
  const total = quick ? 20_000 : 200_000;
  const open = quick ? 5_000 : 50_000;
  const requests = quick ? 300 : 1_000;
  const dir = mkdtempSync(join(tmpdir(), 'kehu-complaints-'));
  const file = join(dir, 'bench.db');
  // Monday 2026-06-15 10:00 in Shanghai.
  const now = new Date('2026-06-15T02:00:00.000Z');
  const clock = { now: () => new Date(now) };
  const boot = () =>
    createKernel({
      database: { url: file },
      logger: silentLogger,
      clock,
      timeZone: 'Asia/Shanghai',
      adminToken: ADMIN,
      plugins: [complaintsPlugin],
      dispatcher: { autoStart: false },
    });
  let kernel = await boot();
  try {
    const manager = await kernel.users.create({ name: 'Bench service manager', roles: ['service_manager'] });
    await kernel.users.createToken(manager.id, 'bench', { token: MANAGER });
    const call = async (path, body, token = ADMIN) => {
      const res = await kernel.app.request(path, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (res.status !== 201) throw new Error(`${path} failed: ${res.status} ${await res.text()}`);
      return res.json();
    };
    const customerIds = [];
    for (let i = 0; i < 200; i++)
      customerIds.push((await call('/api/v1/customers', { name: `Bench customer ${i}` })).id);
    await call(
      '/api/v1/complaints',
      {
        customerId: customerIds[0],
        channel: 'phone',
        category: 'service',
        subject: 'Template',
        description: 'Template',
      },
      MANAGER,
    );
    const db = kernel.database.db;
    const template = await db.selectFrom('cmp_complaint').selectAll().executeTakeFirstOrThrow();
    await kernel.close();

    const raw = new BetterSqlite3(file);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = OFF');
    raw.prepare('delete from cmp_complaint').run();
    const started = Date.now();
    const rnd = random(13);
    const cols = Object.keys(template);
    const insert = raw.prepare(
      `insert into cmp_complaint (${cols.join(', ')}) values (${cols.map((c) => `@${c}`).join(', ')})`,
    );
    const hour = 3_600_000;
    const severities = ['critical', 'high', 'normal', 'low'];
    const states = ['received', 'accepted', 'investigating', 'responsibility', 'handling', 'replied'];
    raw.transaction(() => {
      for (let i = 0; i < total; i++) {
        const isOpen = i < open;
        // Open complaints are recent (the last 10 days); closed ones spread over two years.
        const received = new Date(
          now.getTime() - Math.floor(rnd() * (isOpen ? 240 : 17_520)) * hour - 60_000,
        );
        const at = received.toISOString();
        insert.run({
          ...template,
          id: newId(),
          number: `TS${at.slice(0, 4)}-B${String(i).padStart(7, '0')}`,
          customer_id: customerIds[i % customerIds.length],
          received_at: at,
          sla_started_at: at,
          created_at: at,
          updated_at: at,
          severity: severities[i % 4],
          state: isOpen ? states[i % states.length] : 'closed',
          open: isOpen ? 1 : 0,
          closed_at: isOpen ? null : at,
          // The next escalation of an open complaint falls somewhere in the next 45 working hours.
          sla_next_at: isOpen
            ? new Date(now.getTime() + Math.floor((rnd() * 45 - 1) * hour)).toISOString()
            : null,
        });
      }
    })();
    raw.pragma('optimize');
    const due = raw
      .prepare('select count(*) n from cmp_complaint where open = 1 and sla_next_at <= ?')
      .get(now.toISOString()).n;
    raw.close();
    log(
      `complaints: ${total} complaints written in ${Date.now() - started} ms (${open} open, ${due} due for escalation)`,
    );

    kernel = await boot();
    const queue = async (extra = '') => {
      const r = await kernel.app.request(`/api/v1/complaints?limit=50${extra}`, {
        headers: { authorization: `Bearer ${MANAGER}` },
      });
      if (r.status !== 200) throw new Error(`queue failed: ${r.status} ${await r.text()}`);
      return r.json();
    };
    const first = await queue();
    if (first.items.length !== 50 || !first.nextCursor)
      throw new Error(`unexpected first page: ${first.items.length} items`);
    const times = [];
    for (let i = 0; i < requests; i++) {
      const t0 = performance.now();
      await queue();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    // The same first page sorted by resolution due time (soonest first), as the queue's heading sorts it.
    const dueTimes = [];
    for (let i = 0; i < requests; i++) {
      const t0 = performance.now();
      await queue('&sort=dueAt');
      dueTimes.push(performance.now() - t0);
    }
    dueTimes.sort((a, b) => a - b);

    const bare = new BetterSqlite3(file, { readonly: true });
    const q = bare.prepare(
      'select * from cmp_complaint where open = 1 order by received_at desc, id desc limit 51',
    );
    q.all();
    const bareTimes = [];
    for (let i = 0; i < requests; i++) {
      const t0 = performance.now();
      q.all();
      bareTimes.push(performance.now() - t0);
    }
    bare.close();
    bareTimes.sort((a, b) => a - b);
    const p95 = percentile(times, 0.95);
    const bareP95 = percentile(bareTimes, 0.95);
    log(
      `complaints.queue: p50 ${round(percentile(times, 0.5), 2)} ms, p95 ${round(p95, 2)} ms; bare p95 ${round(bareP95, 2)} ms`,
    );
    log(
      `complaints.queue.dueAt: p50 ${round(percentile(dueTimes, 0.5))} ms, p95 ${round(percentile(dueTimes, 0.95))} ms`,
    );

    const t0 = performance.now();
    const res = await kernel.app.request('/api/v1/complaints/sla/run', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    const job = await res.json();
    const jobMs = performance.now() - t0;
    if (res.status !== 200) throw new Error(`sla job failed: ${res.status} ${JSON.stringify(job)}`);
    log(
      `complaints.sla.job: ${round(jobMs, 2)} ms, ${job.checked} complaints due of ${open} open, ${job.fired} escalations`,
    );
    return [
      {
        name: 'complaints.queue.p95',
        value: round(p95, 2),
        unit: 'ms',
        p50Ms: round(percentile(times, 0.5), 2),
        p99Ms: round(percentile(times, 0.99), 2),
        bare: { value: round(bareP95, 2), unit: 'ms' },
        ratioToBare: round(bareP95 / p95, 2),
        rows: total,
      },
      {
        name: 'complaints.queue.dueAt.p95',
        value: round(percentile(dueTimes, 0.95)),
        unit: 'ms',
        p50Ms: round(percentile(dueTimes, 0.5)),
        p99Ms: round(percentile(dueTimes, 0.99)),
        rows: total,
      },
      {
        name: 'complaints.sla.job',
        value: round(jobMs, 2),
        unit: 'ms',
        rows: open,
        checked: job.checked,
        fired: job.fired,
      },
    ];
  } finally {
    await kernel.close().catch(() => {});
    if (!process.env.KEHU_BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
  }
}
