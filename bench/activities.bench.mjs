/**
 * activities.mine.p95 — the first page of a user's open activities (soonest deadline first, under
 * the customer access rule), GET /api/v1/activities as an account manager who has 10,000 open
 * activities among 1,000,000 rows (quick: 100,000), on SQLite, against the same query straight on
 * better-sqlite3.
 *
 * Data: 200 users; the measured user owns 1,000 customers; their 10,000 open activities are on their
 * customers or on none, due over ±60 days; the other rows are other users' (open and closed) and the
 * user's own closed ones. Rows are cloned from one activity the API created, so the bench follows
 * the kernel's schema.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKernel, newId, silentLogger } from '@kehu/core';
import BetterSqlite3 from 'better-sqlite3';
import { customerClone, insertLike, openForBulk } from './lib/clone-rows.mjs';
import { percentile, random, round } from './lib/sampling.mjs';

const ADMIN = 'kehu_bench_admin_token';
const USER = 'kehu_bench_activities_user';

export async function run({ quick = false, log = console.log } = {}) {
  const total = quick ? 100_000 : 1_000_000;
  const mineOpen = 10_000;
  const requests = quick ? 300 : 1_000;
  const dir = mkdtempSync(join(tmpdir(), 'kehu-activities-'));
  const file = join(dir, 'bench.db');
  const now = new Date('2026-06-15T08:00:00.000Z');
  const clock = { now: () => new Date(now) };
  const boot = () =>
    createKernel({
      database: { url: file },
      logger: silentLogger,
      clock,
      adminToken: ADMIN,
      dispatcher: { autoStart: false },
    });
  let kernel = await boot();
  try {
    const me = await kernel.users.create({ name: 'Bench account manager', roles: ['account_manager'] });
    await kernel.users.createToken(me.id, 'bench', { token: USER });
    const others = [];
    for (let i = 0; i < 199; i++)
      others.push((await kernel.users.create({ name: `User ${i}`, roles: ['account_manager'] })).id);
    const call = async (path, body, token = ADMIN) => {
      const res = await kernel.app.request(path, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (res.status !== 201) throw new Error(`${path} failed: ${res.status} ${await res.text()}`);
      return res.json();
    };
    const customer = await call('/api/v1/customers', { name: 'Template customer', ownerId: me.id });
    await call('/api/v1/activities', { type: 'call', subject: 'Template', customerId: customer.id }, USER);
    const db = kernel.database.db;
    const customerTemplate = await db.selectFrom('customer').selectAll().executeTakeFirstOrThrow();
    const activityTemplate = await db.selectFrom('kehu_activity').selectAll().executeTakeFirstOrThrow();
    await kernel.close();

    const raw = openForBulk(file);
    const started = Date.now();
    const rnd = random(7);
    const insertCustomer = insertLike(raw, 'customer', customerTemplate);
    const mine = [customerTemplate.id];
    const theirs = [];
    raw.transaction(() => {
      for (let i = 1; i < 5_000; i++) {
        const owner = i < 1_000 ? me.id : others[i % others.length];
        const row = { ...customerClone(customerTemplate, i, 'A'), owner_id: owner };
        (owner === me.id ? mine : theirs).push(row.id);
        insertCustomer.run(row);
      }
    })();
    const insertActivity = insertLike(raw, 'kehu_activity', activityTemplate);
    const day = 86_400_000;
    raw.transaction(() => {
      for (let i = 1; i < total; i++) {
        // The user's own open ones first; then 2% the user's closed ones, the rest other users'.
        const own = i < mineOpen;
        const assignee = own || rnd() < 0.02 ? me.id : others[i % others.length];
        const closed = !own && (assignee === me.id || rnd() < 0.5);
        const dueMs = now.getTime() + Math.floor((rnd() * 120 - 60) * day);
        const due = rnd() < 0.1 ? null : new Date(dueMs).toISOString();
        const at = new Date(now.getTime() - Math.floor(rnd() * 90 * day)).toISOString();
        const pool = assignee === me.id ? mine : theirs;
        insertActivity.run({
          ...activityTemplate,
          id: newId(),
          subject: `Activity ${i}`,
          customer_id: rnd() < 0.8 ? pool[i % pool.length] : null,
          assignee_id: assignee,
          due_at: due,
          due_date: due ? due.slice(0, 10) : null,
          due_time: due ? due.slice(11, 16) : null,
          sort_due: due ?? '9999-12-31T23:59:59.999Z',
          status: closed ? 'done' : 'open',
          closed_at: closed ? at : null,
          created_by: assignee,
          created_at: at,
          updated_at: at,
        });
      }
    })();
    raw.pragma('optimize');
    const open = raw
      .prepare(`select count(*) n from kehu_activity where assignee_id = ? and status = 'open'`)
      .get(me.id).n;
    raw.close();
    log(
      `activities.mine: ${total} activities written in ${Date.now() - started} ms (${open} open of the user's)`,
    );

    kernel = await boot();
    const request = async () => {
      const r = await kernel.app.request('/api/v1/activities?limit=50', {
        headers: { authorization: `Bearer ${USER}` },
      });
      if (r.status !== 200) throw new Error(`activities failed: ${r.status} ${await r.text()}`);
      return r.json();
    };
    const first = await request();
    if (first.items.length !== 50 || first.items[0].bucket !== 'overdue')
      throw new Error(`unexpected first page: ${first.items.length} items, first ${first.items[0]?.bucket}`);
    const times = [];
    for (let i = 0; i < requests; i++) {
      const t0 = performance.now();
      await request();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);

    // The bare baseline: the same page and access rule straight on better-sqlite3.
    const bare = new BetterSqlite3(file, { readonly: true });
    const q = bare.prepare(
      `select * from kehu_activity where assignee_id = ? and status = 'open' and (customer_id is null or customer_id in (select id from customer where owner_id = ?)) order by sort_due, id limit 51`,
    );
    q.all(me.id, me.id);
    const bareTimes = [];
    for (let i = 0; i < requests; i++) {
      const t0 = performance.now();
      q.all(me.id, me.id);
      bareTimes.push(performance.now() - t0);
    }
    bare.close();
    bareTimes.sort((a, b) => a - b);
    const p95 = percentile(times, 0.95);
    const bareP95 = percentile(bareTimes, 0.95);
    log(
      `activities.mine: p50 ${round(percentile(times, 0.5), 2)} ms, p95 ${round(p95, 2)} ms; bare p95 ${round(bareP95, 2)} ms`,
    );
    return [
      {
        name: 'activities.mine.p95',
        value: round(p95, 2),
        unit: 'ms',
        p50Ms: round(percentile(times, 0.5), 2),
        p99Ms: round(percentile(times, 0.99), 2),
        bare: { value: round(bareP95, 2), unit: 'ms' },
        ratioToBare: round(bareP95 / p95, 2),
        rows: total,
      },
    ];
  } finally {
    await kernel.close().catch(() => {});
    if (!process.env.KEHU_BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
  }
}
