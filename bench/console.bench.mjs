/**
 * The web console's pages, rendered in-process (`app.request`, no socket) as a signed-in account
 * manager, with every plugin enabled (console, receivables, credit, complaints, key accounts,
 * satisfaction), on a SQLite file with 100,000 customers
 * (quick: 10,000), the user owning 1,000 of them:
 *
 * - console.list.p95      GET /customers (the first page of the list, 50 rows)
 * - console.customer.p95  GET /customers/:id (archive fields, contacts, communications, timeline and
 *                         every plugin's panel)
 * - console.js.kb         JavaScript a console page loads, gzip
 *
 * The list is compared with a bare endpoint: hono and one prepared better-sqlite3 statement rendering
 * the same 50 rows as an HTML table, measured the same way in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKernel, newId, silentLogger } from '@kehu/core';
import { complaintsPlugin } from '@kehu/plugin-complaints';
import { consolePlugin, scriptGzipBytes } from '@kehu/plugin-console';
import { creditPlugin } from '@kehu/plugin-credit';
import { keyAccountsPlugin } from '@kehu/plugin-key-accounts';
import { receivablesPlugin } from '@kehu/plugin-receivables';
import { satisfactionPlugin } from '@kehu/plugin-satisfaction';
import BetterSqlite3 from 'better-sqlite3';
import { Hono } from 'hono';
import { percentile, round } from './lib/sampling.mjs';

const ADMIN = 'kehu_bench_admin_token';

async function measure(request, count) {
  for (let i = 0; i < Math.min(20, count); i++) await request(); // warm-up
  const times = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await request();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return {
    p50: round(percentile(times, 0.5), 2),
    p95: round(percentile(times, 0.95), 2),
    p99: round(percentile(times, 0.99), 2),
  };
}

export async function run({ quick = false, log = console.log } = {}) {
  const total = quick ? 10_000 : 100_000;
  const requests = quick ? 100 : 400;
  const dir = mkdtempSync(join(tmpdir(), 'kehu-console-'));
  const file = join(dir, 'bench.db');
  // Every plugin of the repository, so the customer page carries every panel.
  const plugins = [
    consolePlugin,
    receivablesPlugin,
    creditPlugin,
    complaintsPlugin,
    keyAccountsPlugin,
    satisfactionPlugin,
  ];
  const boot = () =>
    createKernel({
      database: { url: file },
      logger: silentLogger,
      adminToken: ADMIN,
      plugins,
      timeZone: 'Asia/Shanghai',
      dispatcher: { autoStart: false },
      scheduler: { autoStart: false },
    });
  let kernel = await boot();
  let raw;
  try {
    const me = await kernel.users.create({
      name: '王芳',
      email: 'wang.fang@bench.example',
      roles: ['account_manager'],
    });
    const other = await kernel.users.create({ name: '刘洋', roles: ['account_manager'] });
    const create = async (path, body) => {
      const res = await kernel.app.request(path, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (res.status !== 201) throw new Error(`${path} failed: ${res.status} ${await res.text()}`);
      return res.json();
    };
    const customer = await create('/api/v1/customers', {
      name: '上海青禾食品有限公司',
      ownerId: me.id,
      region: '华东',
      phone: '021-5555 0101',
    });
    await create(`/api/v1/customers/${customer.id}/contacts`, {
      name: '陈静',
      title: '采购经理',
      phone: '139 0000 0001',
    });
    for (let i = 0; i < 10; i++)
      await create(`/api/v1/customers/${customer.id}/communications`, {
        channel: 'call',
        direction: 'outbound',
        subject: `季度回访 ${i}`,
      });
    const template = await kernel.database.db.selectFrom('customer').selectAll().executeTakeFirstOrThrow();
    await kernel.close();

    raw = new BetterSqlite3(file);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = OFF');
    const cols = Object.keys(template);
    const insert = raw.prepare(
      `insert into customer (${cols.join(', ')}) values (${cols.map((c) => `@${c}`).join(', ')})`,
    );
    const started = Date.now();
    raw.transaction(() => {
      for (let i = 1; i < total; i++) {
        insert.run({
          ...template,
          id: newId(),
          code: `B${String(i).padStart(7, '0')}`,
          name: `客户 ${i} 贸易有限公司`,
          name_key: `客户${i}贸易有限公司`,
          phone: null,
          phone_key: null,
          email_key: null,
          owner_id: i < 1_000 ? me.id : other.id,
          created_at: new Date(Date.parse(template.created_at) - i * 60_000).toISOString(),
        });
      }
    })();
    raw.exec('analyze');
    log(`${total.toLocaleString('en')} customers in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    kernel = await boot();
    const session = await kernel.accounts.startSession(me.id);
    const headers = { cookie: `kehu_session=${session.id}`, 'accept-language': 'zh-CN' };
    const page = async (path) => {
      const res = await kernel.app.request(path, { headers });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 300)}`);
      return body;
    };
    if (!(await page('/customers')).includes('客户 1 贸易有限公司'))
      throw new Error('the list shows the wrong rows');
    if (!(await page(`/customers/${customer.id}`)).includes('data-panel="receivables.balance"'))
      throw new Error('the customer page lacks the plugin panels');

    const list = await measure(() => page('/customers'), requests);
    const customerPage = await measure(() => page(`/customers/${customer.id}`), requests);

    // The floor: one prepared statement and a string template, through hono, in-process.
    const rows = raw.prepare(
      'select id, code, name, status, region, owner_id, updated_at from customer where owner_id = ? and deleted_at is null order by created_at desc, id desc limit 50',
    );
    const esc = (s) => String(s ?? '').replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
    const bare = new Hono();
    bare.get('/customers', (c) =>
      c.html(
        `<!doctype html><html lang="zh-CN"><body><table><tbody>${rows
          .all(me.id)
          .map(
            (r) =>
              `<tr><td><a href="/customers/${esc(r.id)}">${esc(r.name)}</a></td><td>${esc(r.code)}</td><td>${esc(r.status)}</td><td>${esc(r.region)}</td><td>${esc(r.updated_at)}</td></tr>`,
          )
          .join('')}</tbody></table></body></html>`,
      ),
    );
    const bareList = await measure(async () => (await bare.request('/customers')).text(), requests);

    const js = Math.round((scriptGzipBytes() / 1024) * 10) / 10;
    log(
      `list p95 ${list.p95} ms (bare ${bareList.p95} ms), customer page p95 ${customerPage.p95} ms, js ${js} KB`,
    );
    return [
      {
        name: 'console.list.p95',
        value: list.p95,
        unit: 'ms',
        p50Ms: list.p50,
        p99Ms: list.p99,
        bare: { value: bareList.p95 },
        ratioToBare: Math.round((list.p95 / bareList.p95) * 10) / 10,
        customers: total,
      },
      {
        name: 'console.customer.p95',
        value: customerPage.p95,
        unit: 'ms',
        p50Ms: customerPage.p50,
        p99Ms: customerPage.p99,
        customers: total,
      },
      { name: 'console.js.kb', value: js, unit: 'KB' },
    ];
  } finally {
    raw?.close();
    await kernel.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}
