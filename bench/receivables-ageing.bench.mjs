/**
 * receivables.ageing.1m — the ageing report (bucket totals per currency, per responsible person, and
 * the 50 customers with the largest >90-day balance) over 1M open invoices of 100k customers on
 * SQLite, through GET /api/v1/receivables/ageing. Quick mode uses 100k invoices of 10k customers.
 *
 * Data: every invoice has something outstanding (the worst case for ageing), issued over the last
 * two years on 15 or 30 days' terms, 200 responsible people, CNY/USD/EUR. Rows are bulk-inserted
 * (the same columns the plugin writes) and the maintained balances rebuilt once, as after an import.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKernel, newId, silentLogger } from '@kehu/core';
import { rebuildDerived, receivablesPlugin } from '@kehu/plugin-receivables';
import BetterSqlite3 from 'better-sqlite3';
import { customerClone, insertLike, openForBulk } from './lib/clone-rows.mjs';
import { random, round } from './lib/sampling.mjs';

const TOKEN = 'kehu_bench_admin_token';

const iso = (ms) => new Date(ms).toISOString().slice(0, 10);

export async function run({ quick = false, log = console.log } = {}) {
  const customers = quick ? 10_000 : 100_000;
  const invoices = quick ? 100_000 : 1_000_000;
  const dir = mkdtempSync(join(tmpdir(), 'kehu-ageing-'));
  const file = join(dir, 'bench.db');
  const now = new Date('2026-06-15T08:00:00.000Z');
  const clock = { now: () => new Date(now) };
  let kernel = await createKernel({
    database: { url: file },
    plugins: [receivablesPlugin],
    logger: silentLogger,
    clock,
    adminToken: TOKEN,
    dispatcher: { autoStart: false },
  });
  try {
    const rnd = random(42);
    // Customers and users through the kernel once, then cloned row by row so the bench follows the
    // kernel's schema whatever columns it grows.
    const owners = [];
    for (let i = 0; i < 200; i++)
      owners.push(
        (await kernel.users.create({ name: `Account manager ${i}`, roles: ['account_manager'] })).id,
      );
    const res = await kernel.app.request('/api/v1/customers', {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Template customer', ownerId: owners[0] }),
    });
    if (res.status !== 201)
      throw new Error(`creating the template customer failed: ${res.status} ${await res.text()}`);
    const template = await kernel.database.db.selectFrom('customer').selectAll().executeTakeFirstOrThrow();
    await kernel.close();

    const raw = openForBulk(file);
    const started = Date.now();
    const insertCustomer = insertLike(raw, 'customer', template);
    const customerIds = [template.id];
    raw.transaction(() => {
      for (let i = 1; i < customers; i++) {
        const row = { ...customerClone(template, i, 'B'), owner_id: owners[i % owners.length] };
        customerIds.push(row.id);
        insertCustomer.run(row);
      }
    })();
    const insertInvoice =
      raw.prepare(`insert into rcv_invoice (id, number, customer_id, issue_date, term_days, due_date, currency, lines, total, paid_amount, credited_amount, written_off_amount, outstanding, status, responsible_id, reference, overdue_since, overdue_notified_due, credit_override_id, cancelled_at, cancel_reason, created_by, created_at, updated_at, version)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?, null, null, null, null, null, null, null, ?, ?, 1)`);
    const day = 86_400_000;
    const today = now.getTime();
    // Customer by customer (ids ascend as generated), so the customer-keyed indexes grow at their end.
    raw.transaction(() => {
      let i = 0;
      for (let c = 0; c < customerIds.length && i < invoices; c++) {
        const remainingCustomers = customerIds.length - c;
        const share = Math.round((invoices - i) / remainingCustomers);
        const count = Math.min(invoices - i, Math.max(1, share - 5 + Math.floor(rnd() * 11)));
        for (let k = 0; k < count; k++, i++) {
          const issued = today - Math.floor(rnd() * 730) * day;
          const term = rnd() < 0.3 ? 15 : 30;
          const total = 10_000 + Math.floor(rnd() * 5_000_000);
          const paid = rnd() < 0.4 ? Math.floor(total * rnd() * 0.9) : 0;
          const r = rnd();
          const currency = r < 0.9 ? 'CNY' : r < 0.97 ? 'USD' : 'EUR';
          const at = new Date(issued).toISOString();
          insertInvoice.run(
            newId(),
            `INV-B-${String(i).padStart(8, '0')}`,
            customerIds[c],
            iso(issued),
            term,
            iso(issued + term * day),
            currency,
            '[]',
            total,
            paid,
            total - paid,
            paid > 0 ? 'partially_paid' : 'open',
            owners[c % owners.length],
            at,
            at,
          );
        }
      }
    })();
    raw.pragma('optimize');
    raw.close();
    log(
      `receivables.ageing: ${invoices} invoices of ${customers} customers written in ${Date.now() - started} ms`,
    );

    kernel = await createKernel({
      database: { url: file },
      plugins: [receivablesPlugin],
      logger: silentLogger,
      clock,
      dispatcher: { autoStart: false },
    });
    const rebuilt = Date.now();
    const derived = await rebuildDerived({ db: kernel.database.db, clock });
    log(
      `receivables.ageing: balances rebuilt in ${Date.now() - rebuilt} ms (${derived.cells} ageing cells, ${derived.balances} customer balances)`,
    );

    const request = async () => {
      const r = await kernel.app.request('/api/v1/receivables/ageing', {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      if (r.status !== 200) throw new Error(`ageing failed: ${r.status} ${await r.text()}`);
      return r.json();
    };
    const first = await request();
    const check = first.totals.reduce((s, t) => s + t.outstanding, 0);
    log(
      `receivables.ageing: ${first.totals.length} currencies, ${first.byResponsible.length} responsible rows, top ${first.top.customers.length}; outstanding ${check}`,
    );
    const times = [];
    for (let i = 0; i < (quick ? 5 : 9); i++) {
      const t0 = performance.now();
      await request();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    log(
      `receivables.ageing: median ${median.toFixed(1)} ms (min ${times[0].toFixed(1)}, max ${times.at(-1).toFixed(1)})`,
    );

    // The bare baseline: the same three answers by plain GROUP BYs over the invoices, straight on
    // better-sqlite3 (no HTTP, no kernel), in the same run.
    const bareDb = new BetterSqlite3(file, { readonly: true });
    const asOf = iso(today);
    const bucket = `case when due_date >= '${asOf}' then 0 when due_date >= '${iso(today - 30 * day)}' then 1 when due_date >= '${iso(today - 60 * day)}' then 2 when due_date >= '${iso(today - 90 * day)}' then 3 else 4 end`;
    const open = `outstanding > 0 and status in ('open', 'partially_paid')`;
    const bareQueries = [
      bareDb.prepare(
        `select currency, ${bucket} as b, sum(outstanding) from rcv_invoice where ${open} group by currency, b`,
      ),
      bareDb.prepare(
        `select currency, responsible_id, ${bucket} as b, sum(outstanding) from rcv_invoice where ${open} group by currency, responsible_id, b`,
      ),
      bareDb.prepare(
        `select currency, customer_id, sum(outstanding) as s from rcv_invoice where ${open} and due_date < '${iso(today - 90 * day)}' group by currency, customer_id order by s desc limit 50`,
      ),
    ];
    for (const q of bareQueries) q.all();
    const bareTimes = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      for (const q of bareQueries) q.all();
      bareTimes.push(performance.now() - t0);
    }
    bareDb.close();
    bareTimes.sort((a, b) => a - b);
    const bare = round(bareTimes[1]);
    log(`receivables.ageing: plain GROUP BYs on better-sqlite3 take ${bare} ms`);
    const value = round(median);
    return [
      {
        name: 'receivables.ageing.1m',
        value,
        unit: 'ms',
        bare: { value: bare },
        ratioToBare: round(value / bare, 2),
      },
    ];
  } finally {
    await kernel.close().catch(() => undefined);
    if (process.env.KEHU_BENCH_KEEP) log(`kept ${file}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes('--quick');
  console.log(JSON.stringify(await run({ quick })));
}
