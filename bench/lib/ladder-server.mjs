/**
 * The ablation ladder's server: `node ladder-server.mjs <sqlite file | postgres url> [core]` starts, in ONE
 * process, the bare endpoint on one port and a Kehu kernel on another whose extra routes stop at
 * each layer of Kehu's request path, all reading the same customer row. Reports `{ bare, kehu }`
 * (ports) over IPC when listening and answers `'cpu'` with `process.cpuUsage()`, so the driver
 * (`bench/ladder.mjs`) can charge CPU time to each rung.
 *
 * Rungs (each adds one layer to the one before):
 *   bare      hono + one prepared statement, `c.json(row)`
 *   (spin     bare, after burning KEHU_LADDER_SPIN µs of CPU: the cost of being slower, alone)
 *   app       the same handler on the kernel's app: the kernel's whole route table (the request id,
 *             body limit and error mapping are each route's own since they left app-wide middleware)
 *   router    a KehuRouter GET route: request id and error mapping, bearer auth (cached token),
 *             permission check, request scope, idempotency pass-through; the handler still the
 *             prepared statement
 *   zod       + the `params` and `query` schemas of `GET /customers/:id`
 *   registry  + `customers.requireVisible` (the access rule, Kysely-compiled read, row mapping) and
 *             the Customer JSON instead of the raw row
 *   plain     the real `GET /customers/:id` (+ include parsing, ETag)
 *   contacts / value / all  the real route with `include=contacts`, `include=value`, `include=*`
 */

import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import BetterSqlite3 from 'better-sqlite3';
import { Hono } from 'hono';
import pg from 'pg';

// `core`: another build of @kehu/core to serve (its dist/index.js), for a baseline in the same run.
const [target, core] = process.argv.slice(2);
const coreUrl = core ? pathToFileURL(core).href : import.meta.resolve('@kehu/core');
const { createKernel, definePlugin, silentLogger } = await import(coreUrl);
const postgres = /^postgres(ql)?:\/\//.test(target);
// zod as the kernel resolves it (the bench package does not depend on it itself).
const { z } = await import(createRequire(coreUrl).resolve('zod'));

const BY_ID = 'select * from customer where id = $1 and deleted_at is null';
let byId;
if (postgres) {
  const pool = new pg.Pool({ connectionString: target, max: 10 });
  byId = async (id) => (await pool.query({ name: 'ladder-by-id', text: BY_ID, values: [id] })).rows[0];
} else {
  const db = new BetterSqlite3(target);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  const statement = db.prepare(BY_ID.replace('$1', '?'));
  byId = (id) => statement.get(id);
}
const bareHandler = async (c) => {
  const row = await byId(c.req.param('id'));
  return row ? c.json(row) : c.json({ error: 'not found' }, 404);
};

// The same schemas as `GET /customers/:id` declares (IdParams, IncludeQuery).
const params = z.object({ id: z.string().min(1).max(64) });
const query = z.object({ include: z.string().max(500).optional() });

const ladder = definePlugin({
  name: 'ladder',
  version: '0.0.0',
  setup(ctx) {
    ctx.router.get('/router/:id', { summary: 'ladder: router', access: 'customers.read' }, bareHandler);
    ctx.router.get(
      '/zod/:id',
      { summary: 'ladder: zod', access: 'customers.read', params, query },
      (c, input) => bareHandler(c, input),
    );
    ctx.router.get(
      '/registry/:id',
      { summary: 'ladder: registry', access: 'customers.read', params, query },
      async (c, input) => c.json(await ctx.customers.requireVisible(input.principal, input.params.id)),
    );
  },
});

const kernel = await createKernel({
  database: { url: target },
  logger: silentLogger,
  dispatcher: { autoStart: false },
  plugins: [ladder],
});
// Before the first request: hono builds its matcher then and refuses routes afterwards.
kernel.app.get('/api/ladder/app/:id', bareHandler);

const bare = new Hono();
bare.get('/customers/:id', bareHandler);
const spinMicros = Number(process.env.KEHU_LADDER_SPIN ?? 40);
bare.get('/spin/:id', (c) => {
  const until = performance.now() + spinMicros / 1000;
  while (performance.now() < until);
  return bareHandler(c);
});

const listen = (fetch) =>
  new Promise((resolve) => serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port)));
const ports = { bare: await listen(bare.fetch), kehu: await listen(kernel.app.fetch) };
process.send?.(ports);
process.on('SIGINT', () => process.exit(0));
process.on('message', (m) => {
  if (m === 'cpu') process.send?.({ cpu: process.cpuUsage() });
});
