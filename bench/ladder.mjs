/**
 * `node bench/ladder.mjs [seconds per slice] [rounds]` (after `pnpm build`): the ablation ladder of
 * `GET /customers/:id`. One server process (`lib/ladder-server.mjs`) serves the bare endpoint and a
 * kernel whose extra routes stop after each layer of Kehu's request path; this drives each rung in
 * turn (round-robin, `rounds` times, so drift hits every rung alike) and prints the server's CPU time
 * per request for each rung (user and system time) and the user time it adds to the one before. CPU
 * per request is steadier than req/s on a shared machine. The `spin` rung is the bare endpoint
 * burning `KEHU_LADDER_SPIN` µs (default 40) of CPU first: as slow as Kehu without any of its code,
 * it shows how much of the system time follows from the lower throughput alone. The dataset is `KEHU_PROFILE_DB` (SQLite file or PostgreSQL url,
 * kept between runs; see `lib/kept-dataset.mjs`). `KEHU_LADDER_ONLY=bare,plain` runs some rungs.
 * `KEHU_LADDER_BASELINE=<another build's core/dist/index.js>` serves that build of @kehu/core from a
 * second server process too, and drives each Kehu rung on both in turn (printed as `<rung>@base`),
 * so a change is measured against its baseline in the same run.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { TOKENS } from './lib/dataset.mjs';
import { keptDataset } from './lib/kept-dataset.mjs';
import { median, round } from './lib/sampling.mjs';

const SERVER = fileURLToPath(new URL('./lib/ladder-server.mjs', import.meta.url));
const [secondsArg = '3', roundsArg = '3'] = process.argv.slice(2);
const seconds = Number(secondsArg);
const rounds = Number(roundsArg);

const { target, dataset } = await keptDataset();
const { mine } = dataset;

const RUNGS = [
  { name: 'bare', server: 'bare', path: (id) => `/customers/${id}` },
  { name: 'spin', server: 'bare', path: (id) => `/spin/${id}` },
  { name: 'app', server: 'kehu', path: (id) => `/api/ladder/app/${id}` },
  { name: 'router', server: 'kehu', path: (id) => `/api/v1/ladder/router/${id}` },
  { name: 'zod', server: 'kehu', path: (id) => `/api/v1/ladder/zod/${id}` },
  { name: 'registry', server: 'kehu', path: (id) => `/api/v1/ladder/registry/${id}` },
  { name: 'plain', server: 'kehu', path: (id) => `/api/v1/customers/${id}` },
  { name: 'contacts', server: 'kehu', path: (id) => `/api/v1/customers/${id}?include=contacts` },
  { name: 'value', server: 'kehu', path: (id) => `/api/v1/customers/${id}?include=value` },
  { name: 'all', server: 'kehu', path: (id) => `/api/v1/customers/${id}?include=*` },
];
const only = process.env.KEHU_LADDER_ONLY?.split(',');
const chosen = only ? RUNGS.filter((r) => only.includes(r.name)) : RUNGS;
const baseline = process.env.KEHU_LADDER_BASELINE;
// With a baseline each Kehu rung runs on it right after this build's, so both see the same machine.
const rungs = chosen.flatMap((r) =>
  baseline && r.server === 'kehu' ? [r, { ...r, name: `${r.name}@base`, server: 'base' }] : [r],
);

function startServer(args) {
  const child = fork(SERVER, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`ladder server exited with ${code}`)));
  });
  return { child, ready };
}
const main = startServer([target]);
const base = baseline ? startServer([target, baseline]) : undefined;
const mainPorts = await main.ready;
const ports = { ...mainPorts, base: base ? (await base.ready).kehu : undefined };
const processOf = (server) => (server === 'base' ? base.child : main.child);
const cpu = (server) =>
  new Promise((resolve) => {
    const child = processOf(server);
    child.once('message', (m) => resolve(m.cpu));
    child.send('cpu');
  });

let n = 0;
async function drive(rung, duration) {
  const r = await autocannon({
    url: `http://127.0.0.1:${ports[rung.server]}`,
    connections: 10,
    duration,
    requests: [
      {
        method: 'GET',
        headers: { authorization: `Bearer ${TOKENS.accountManager}` },
        setupRequest: (req) => ({ ...req, path: rung.path(mine[n++ % mine.length]) }),
      },
    ],
  });
  if (r.non2xx + r.errors > 0) throw new Error(`${rung.name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return r;
}

for (const rung of rungs) await drive(rung, 1);
const slices = new Map(rungs.map((r) => [r.name, []]));
for (let i = 0; i < rounds; i++) {
  for (const rung of rungs) {
    const before = await cpu(rung.server);
    const r = await drive(rung, seconds);
    const after = await cpu(rung.server);
    const user = (after.user - before.user) / r.requests.total;
    const system = (after.system - before.system) / r.requests.total;
    slices
      .get(rung.name)
      .push({ us: user + system, user, system, rps: r.requests.total / (r.duration || seconds) });
  }
}
main.child.kill('SIGINT');
base?.child.kill('SIGINT');

console.log(`\nladder on ${postgresOr(target)}: ${rounds} × ${seconds} s a rung, 10 connections`);
// User time is the process's own work (JavaScript, SQLite, JSON); system time is the kernel's
// (socket reads and writes, epoll), which grows per request as throughput falls: a slower server's
// write more often has to wake an idle load generator.
console.log('rung           CPU µs/req  (user  + system)  user adds   req/s   ratio to bare (req/s)');
// What a layer adds is against the rung before it on the same build (the bare rungs count for both).
const previous = {};
let bare;
for (const rung of rungs) {
  const of = (key) => median(slices.get(rung.name).map((s) => s[key]));
  const rps = of('rps');
  bare ??= rps;
  const before = rung.server === 'bare' ? previous.kehu : previous[rung.server];
  const adds = before === undefined ? '' : `${of('user') >= before ? '+' : ''}${round(of('user') - before)}`;
  console.log(
    `${rung.name.padEnd(14)} ${String(round(of('us'))).padStart(8)}   ${String(round(of('user'))).padStart(7)} ${String(round(of('system'))).padStart(8)}   ${adds.padStart(9)}  ${String(Math.round(rps)).padStart(7)}   ${round(rps / bare, 2)}`,
  );
  if (['bare', 'app', 'router', 'zod', 'registry', 'plain'].includes(rung.name.replace('@base', ''))) {
    if (rung.server === 'bare') previous.kehu = previous.base = of('user');
    else previous[rung.server] = of('user');
  }
}

function postgresOr(t) {
  return /^postgres/.test(t) ? 'PostgreSQL' : `SQLite (${t})`;
}
