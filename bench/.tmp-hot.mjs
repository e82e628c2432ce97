globalThis.k = 0;
import { createKernel, silentLogger } from '@kehu/core';
import { Hono } from 'hono';
import D from 'better-sqlite3';
import { benchFacets } from './lib/bench-plugin.mjs';
import { createDataset, TOKENS } from './lib/dataset.mjs';
import { existsSync } from 'node:fs';
const file = '/tmp/kb/hot.db';
let mine;
if (!existsSync(file)) ({ mine } = await createDataset(file, 100000, console.log));
const kernel = await createKernel({ database: { url: file }, plugins: [benchFacets], logger: silentLogger, dispatcher: { autoStart: false } });
if (!mine) mine = (await kernel.database.db.selectFrom('customer').select('id').where('owner_id', '=', (await kernel.database.db.selectFrom('kehu_token').select('user_id').where('name','=','bench').executeTakeFirst()).user_id).limit(2000).execute()).map(r => r.id);
const raw = new D(file); const byId = raw.prepare('select * from customer where id = ? and deleted_at is null');
const bare = new Hono(); bare.get('/customers/:id', (c) => c.json(byId.get(c.req.param('id'))));
const N = Number(process.argv[2] ?? 5000);
const mode = process.argv[3] ?? 'get';
async function time(label, fn) {
  for (let i = 0; i < 500; i++) await fn(i);
  const c0 = process.cpuUsage(); const t0 = performance.now();
  for (let i = 0; i < N; i++) await fn(i);
  const cu = process.cpuUsage(c0); console.log(label, ((cu.user + cu.system) / N).toFixed(1), 'µs cpu/req', ((performance.now() - t0) * 1000 / N).toFixed(1), 'µs wall');
}
const h = { authorization: `Bearer ${TOKENS.accountManager}` };
if (mode === 'get') {
  await time('bare GET', async (i) => { const r = await bare.fetch(new Request(`http://x/customers/${mine[i % mine.length]}`)); await r.text(); });
  await time('kehu GET include=*', async (i) => { const r = await kernel.app.fetch(new Request(`http://x/api/v1/customers/${mine[i % mine.length]}?include=*`, { headers: h })); if (r.status !== 200) throw new Error(await r.text()); await r.text(); });
  await time('kehu GET plain', async (i) => { const r = await kernel.app.fetch(new Request(`http://x/api/v1/customers/${mine[i % mine.length]}`, { headers: h })); await r.text(); });
} else if (mode === 'getinc') {
  await time('kehu GET include=*', async (i) => { const r = await kernel.app.fetch(new Request(`http://x/api/v1/customers/${mine[i % mine.length]}?include=*`, { headers: h })); if (r.status !== 200) throw new Error(await r.text()); await r.text(); });
} else if (mode === 'bare') {
  await time('bare GET', async (i) => { const r = await bare.fetch(new Request(`http://x/customers/${mine[i % mine.length]}`)); await r.text(); });
} else if (mode === 'post') {
  await time('kehu POST', async (i) => { const r = await kernel.app.fetch(new Request(`http://x/api/v1/customers`, { method: 'POST', headers: { ...h, 'content-type': 'application/json' }, body: JSON.stringify({ name: `热点 ${process.pid} ${++globalThis.k} ${Math.random()}`, phone: `0571-${80000000 + globalThis.k}${process.pid}`, region: '华东' }) })); if (r.status !== 201) throw new Error(await r.text()); await r.text(); });
} else {
  await time('kehu list', async (i) => { const r = await kernel.app.fetch(new Request(`http://x/api/v1/customers?status=active&region=%E5%8D%8E%E4%B8%9C&limit=50`, { headers: h })); if (r.status !== 200) throw new Error(await r.text()); await r.text(); });
}
await kernel.close();
