/**
 * keyAccounts.abc — one ABC classification run (POST /api/v1/key-accounts/runs) over 100k customers
 * with 1M invoices on SQLite: receivables' grouped revenue query, the ranking, and the run kept
 * with every customer's entry, class and tier move. Quick mode uses 10k customers, 100k invoices.
 * The bare figure is the same revenue GROUP BY plus a JavaScript sort, straight on better-sqlite3.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKernel, newId, silentLogger } from '@kehu/core';
import { keyAccountsPlugin } from '@kehu/plugin-key-accounts';
import { receivablesPlugin } from '@kehu/plugin-receivables';
import BetterSqlite3 from 'better-sqlite3';

const TOKEN = 'kehu_bench_admin_token';
const day = 86_400_000;
const iso = (ms) => new Date(ms).toISOString().slice(0, 10);

function random(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function run({ quick = false, log = console.log } = {}) {
  const customers = quick ? 10_000 : 100_000;
  const invoices = quick ? 100_000 : 1_000_000;
  const dir = mkdtempSync(join(tmpdir(), 'kehu-abc-'));
  const file = join(dir, 'bench.db');
  const now = new Date('2026-06-15T08:00:00.000Z');
  const options = {
    database: { url: file },
    plugins: [receivablesPlugin, keyAccountsPlugin],
    logger: silentLogger,
    clock: { now: () => new Date(now) },
    adminToken: TOKEN,
    dispatcher: { autoStart: false },
  };
  let kernel = await createKernel(options);
  try {
    const res = await kernel.app.request('/api/v1/customers', {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Template customer' }),
    });
    if (res.status !== 201) throw new Error(`template customer: ${res.status} ${await res.text()}`);
    const template = await kernel.database.db.selectFrom('customer').selectAll().executeTakeFirstOrThrow();
    await kernel.close();

    // Customers cloned from the kernel's own row and invoices bulk-inserted, as after an import.
    const raw = new BetterSqlite3(file);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = OFF');
    const started = Date.now();
    const columns = Object.keys(template);
    const insertCustomer = raw.prepare(
      `insert into customer (${columns.join(', ')}) values (${columns.map((c) => `@${c}`).join(', ')})`,
    );
    const ids = [template.id];
    raw.transaction(() => {
      for (let i = 1; i < customers; i++) {
        const row = {
          ...template,
          id: newId(),
          code: `B${String(i).padStart(7, '0')}`,
          name: `Customer ${i}`,
        };
        if ('name_key' in row) row.name_key = `customer${i}`;
        insertCustomer.run(row);
        ids.push(row.id);
      }
    })();
    const insertInvoice =
      raw.prepare(`insert into rcv_invoice (id, number, customer_id, issue_date, term_days, due_date, currency, lines, total, paid_amount, credited_amount, written_off_amount, outstanding, status, created_at, updated_at, version)
      values (?, ?, ?, ?, 30, ?, ?, '[]', ?, ?, 0, 0, ?, ?, ?, ?, 1)`);
    const rnd = random(7);
    const today = now.getTime();
    raw.transaction(() => {
      for (let i = 0; i < invoices; i++) {
        // Skewed: a few customers buy a lot (Pareto-like), so the run has real A, B and C classes.
        const c = Math.floor(customers * rnd() ** 2.5);
        const issued = today - Math.floor(rnd() * 500) * day;
        const total = 10_000 + Math.floor(rnd() * 2_000_000);
        const paid = rnd() < 0.7 ? total : 0;
        const at = new Date(issued).toISOString();
        insertInvoice.run(
          newId(),
          `INV-B-${String(i).padStart(8, '0')}`,
          ids[c],
          iso(issued),
          iso(issued + 30 * day),
          rnd() < 0.95 ? 'CNY' : 'USD',
          total,
          paid,
          total - paid,
          paid === total ? 'paid' : 'open',
          at,
          at,
        );
      }
    })();
    raw.pragma('optimize');
    raw.close();
    log(
      `keyAccounts.abc: ${invoices} invoices of ${customers} customers written in ${Date.now() - started} ms`,
    );

    kernel = await createKernel(options);
    const classify = async () => {
      const t0 = performance.now();
      const r = await kernel.app.request('/api/v1/key-accounts/runs', {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: '{}',
      });
      if (r.status !== 201) throw new Error(`run failed: ${r.status} ${await r.text()}`);
      return { ms: performance.now() - t0, run: await r.json() };
    };
    const first = await classify();
    log(
      `keyAccounts.abc: first run ${first.ms.toFixed(0)} ms, counts ${JSON.stringify(first.run.counts)}, ${first.run.moved} tier moves`,
    );
    const times = [first.ms];
    for (let i = 0; i < (quick ? 2 : 2); i++) times.push((await classify()).ms);
    const worst = Math.round(Math.max(...times));
    log(
      `keyAccounts.abc: runs ${times.map((t) => t.toFixed(0)).join(', ')} ms in order (the first writes every tier move; the figure is the worst)`,
    );

    const bareDb = new BetterSqlite3(file, { readonly: true });
    const from = first.run.windowFrom;
    const to = first.run.windowTo;
    const t0 = performance.now();
    const rows = bareDb
      .prepare(
        `select customer_id, sum(case when issue_date >= ? then total else 0 end) as revenue from rcv_invoice where currency = 'CNY' and issue_date <= ? and status <> 'cancelled' group by customer_id`,
      )
      .all(from, to);
    rows.sort((a, b) => b.revenue - a.revenue);
    const bare = Math.round(performance.now() - t0);
    bareDb.close();
    log(`keyAccounts.abc: plain GROUP BY and sort on better-sqlite3 take ${bare} ms`);
    return [
      {
        name: 'keyAccounts.abc',
        value: worst,
        unit: 'ms',
        bare: { value: bare },
        ratioToBare: Math.round((worst / bare) * 100) / 100,
      },
    ];
  } finally {
    await kernel.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes('--quick');
  console.log(JSON.stringify(await run({ quick })));
}
