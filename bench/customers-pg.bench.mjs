/**
 * customers.*.pg — the customer archive on PostgreSQL against a bare hono + `pg` endpoint on the
 * same 100k-customer database, in the same run: GET one customer (as its account manager, every
 * facet included) and POST a customer; then the same GET against `kehu serve --workers 2`. The database is created for the run on the server named by
 * `KEHU_BENCH_DATABASE_URL`, or on a server started the way CI starts one, and dropped afterwards.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDataset, TOKENS } from './lib/dataset.mjs';
import { compare } from './lib/load.mjs';
import { benchDatabase } from './lib/postgres.mjs';
import { round, startServer } from './lib/process.mjs';

const KEHU_BIN = fileURLToPath(new URL('../sdk/bin/kehu.js', import.meta.url));

/** `kehu serve --workers <n>` as a user runs it (no config: the kernel alone, like the other servers). */
function serveWorkers(database, workers) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        KEHU_BIN,
        'serve',
        '--workers',
        String(workers),
        '--port',
        '0',
        '--host',
        '127.0.0.1',
        '--database',
        database,
      ],
      { cwd: mkdtempSync(join(tmpdir(), 'kehu-bench-workers-')), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    let started = 0;
    let url;
    const ready = () => {
      if (!url || started < workers - 1) return;
      // Read and drop the rest of the output instead of collecting it for the whole run.
      child.stdout.removeAllListeners('data').resume();
      child.stderr.removeAllListeners('data').resume();
      resolve({
        url,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', done);
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout.on('data', (d) => {
      out += d;
      url ??= /listening on (http:\/\/\S+)/.exec(out)?.[1];
      ready();
    });
    child.stderr.on('data', (d) => {
      err += d;
      started = (err.match(/worker \d+ serving/g) ?? []).length;
      ready();
    });
    child.once('exit', (code) =>
      reject(new Error(`kehu serve --workers ${workers} exited with ${code}: ${err}`)),
    );
  });
}

const figure = (name, kehu, bare) => ({
  name,
  value: round(kehu.reqPerSec, 0),
  unit: 'req/s',
  ratioToBare: round(kehu.reqPerSec / bare.reqPerSec, 2),
  p50Ms: kehu.p50,
  p99Ms: kehu.p99,
  bare: { value: round(bare.reqPerSec, 0), p50Ms: bare.p50, p99Ms: bare.p99 },
});

export async function run({ quick = false, log = console.log } = {}) {
  const duration = quick ? 6 : 18;
  const database = await benchDatabase(log);
  const servers = [];
  try {
    const { mine } = await createDataset(database.url, 100_000, log);
    const bare = await startServer('bare-pg', database.url);
    servers.push(bare);
    const kehu = await startServer('kehu', database.url);
    servers.push(kehu);
    const am = { authorization: `Bearer ${TOKENS.accountManager}` };
    const json = { 'content-type': 'application/json' };
    let n = 0;
    const byId =
      (prefix, suffix = '') =>
      (req) => ({ ...req, path: `${prefix}/${mine[n++ % mine.length]}${suffix}` });

    const get = await compare(
      { url: bare.url, setupRequest: byId('/customers') },
      { url: kehu.url, headers: am, setupRequest: byId('/api/v1/customers', '?include=*') },
      duration,
    );
    log(
      `customers.get.pg: bare ${round(get.bare.reqPerSec, 0)} req/s, Kehu ${round(get.kehu.reqPerSec, 0)} req/s`,
    );

    const post = (path) => (req) => {
      const i = n++;
      return {
        ...req,
        path,
        body: JSON.stringify({
          name: `压测新客户 PG ${process.pid}-${i}`,
          phone: `0571-${String(70_000_000 + (i % 10_000_000))}-${i}`,
          region: '华东',
        }),
      };
    };
    const created = await compare(
      { url: bare.url, method: 'POST', headers: json, setupRequest: post('/customers') },
      { url: kehu.url, method: 'POST', headers: { ...am, ...json }, setupRequest: post('/api/v1/customers') },
      duration,
    );
    log(
      `customers.post.pg: bare ${round(created.bare.reqPerSec, 0)} req/s, Kehu ${round(created.kehu.reqPerSec, 0)} req/s`,
    );
    await kehu.stop();
    const workers = await serveWorkers(database.url, 2);
    servers.push(workers);
    const get2 = await compare(
      { url: bare.url, setupRequest: byId('/customers') },
      { url: workers.url, headers: am, setupRequest: byId('/api/v1/customers', '?include=*') },
      duration,
    );
    log(
      `customers.get.pg.workers2: bare ${round(get2.bare.reqPerSec, 0)} req/s, Kehu with 2 workers ${round(get2.kehu.reqPerSec, 0)} req/s`,
    );
    return [
      figure('customers.get.pg', get.kehu, get.bare),
      figure('customers.post.pg', created.kehu, created.bare),
      figure('customers.get.pg.workers2', get2.kehu, get2.bare),
    ];
  } finally {
    for (const s of servers) await s.stop();
    await database.drop();
  }
}
