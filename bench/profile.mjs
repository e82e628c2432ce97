/**
 * `node bench/profile.mjs <scenario> [seconds]` (after `pnpm build`): runs the Kehu benchmark server
 * under `node --cpu-prof`, drives one scenario of `customers.bench.mjs` at it, and prints the
 * profile's heaviest frames (self time) and the packages the time is spent in.
 * Scenarios: get (include=*, as an account manager), get.plain, post, list, import.
 * `KEHU_PROFILE_DB` keeps the generated 100k-customer file between runs (it is created when absent).
 */
import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { REGIONS, TOKENS } from './lib/dataset.mjs';
import { keptDataset } from './lib/kept-dataset.mjs';

const SERVER = fileURLToPath(new URL('./lib/server.mjs', import.meta.url));
const [scenario = 'get', secondsArg = '8'] = process.argv.slice(2);
const seconds = Number(secondsArg);
const target = process.env.KEHU_PROFILE_TARGET ?? 'kehu';

const { target: dbFile, dataset } = await keptDataset();

const profDir = mkdtempSync(join(tmpdir(), 'kehu-cpuprof-'));
mkdirSync(profDir, { recursive: true });
const child = fork(SERVER, [target === 'same' ? 'bare' : target, dbFile], {
  execArgv: process.env.KEHU_PROFILE_OFF
    ? []
    : [
        ...(process.env.KEHU_PROFILE_PRELOAD ? ['--import', process.env.KEHU_PROFILE_PRELOAD] : []),
        '--cpu-prof',
        `--cpu-prof-dir=${profDir}`,
        '--cpu-prof-interval=200',
      ],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const port = await new Promise((resolve) => child.once('message', (m) => resolve(m.port)));
const url = `http://127.0.0.1:${port}`;
const cpu = () =>
  new Promise((resolve) => {
    child.once('message', (m) => resolve(m.cpu));
    child.send('cpu');
  });
const am = { authorization: `Bearer ${TOKENS.accountManager}` };
const { mine } = dataset;
let n = 0;
// Digits only: a phone is digits, spaces, +, - and parentheses.
const run = String(Date.now() % 1_000_000_000);
const kehu = target === 'kehu';
// `same`: the bare server's same-work endpoints (`/same/customers…`), for the scenarios that have one.
const bareBase = target === 'same' ? '/same/customers' : '/customers';
const specs = {
  get: {
    headers: am,
    setupRequest: (r) => ({
      ...r,
      path: kehu
        ? `/api/v1/customers/${mine[n++ % mine.length]}?include=*`
        : `${bareBase}/${mine[n++ % mine.length]}`,
    }),
  },
  'get.plain': {
    headers: am,
    setupRequest: (r) => ({
      ...r,
      path: kehu ? `/api/v1/customers/${mine[n++ % mine.length]}` : `/customers/${mine[n++ % mine.length]}`,
    }),
  },
  // One kernel facet each: where `include=*`'s cost over the plain read goes.
  ...Object.fromEntries(
    ['contacts', 'value'].map((facet) => [
      `get.${facet}`,
      {
        headers: am,
        setupRequest: (r) => ({
          ...r,
          path: kehu
            ? `/api/v1/customers/${mine[n++ % mine.length]}?include=${facet}`
            : `/customers/${mine[n++ % mine.length]}`,
        }),
      },
    ]),
  ),
  list: {
    headers: am,
    path: `/api/v1/customers?status=active&region=${encodeURIComponent(REGIONS[0])}&limit=50`,
  },
  post: {
    method: 'POST',
    headers: { ...am, 'content-type': 'application/json' },
    setupRequest: (r) => {
      const i = n++;
      return {
        ...r,
        path: kehu ? '/api/v1/customers' : bareBase,
        body: JSON.stringify({
          // Unique across runs on a kept database: a duplicate would be a 409, not a create.
          name: `剖析客户 ${run}-${i}`,
          phone: `0571-${80_000_000 + i}-${run}`,
          region: '华东',
        }),
      };
    },
  },
};

if (scenario === 'import') {
  const { csvStream } = await import('./customers.bench.mjs');
  const rows = Number(process.env.KEHU_PROFILE_ROWS ?? 50_000);
  const t0 = performance.now();
  const res = await fetch(`${url}${kehu ? '/api/v1/customers/import' : '/import'}`, {
    method: 'POST',
    body: csvStream(rows, Date.now() % 1_000_000_000),
    duplex: 'half',
    headers: { authorization: `Bearer ${TOKENS.salesManager}`, 'content-type': 'text/csv; charset=utf-8' },
  });
  const report = await res.json();
  const s = (performance.now() - t0) / 1000;
  console.log(
    `import: ${res.status} created ${report.created} in ${s.toFixed(2)} s = ${Math.round(rows / s)} rows/s`,
  );
} else {
  const spec = specs[scenario];
  if (!spec) throw new Error(`unknown scenario ${scenario}`);
  const requests = [
    {
      method: spec.method ?? 'GET',
      headers: spec.headers,
      ...(spec.path ? { path: spec.path } : {}),
      ...(spec.setupRequest ? { setupRequest: spec.setupRequest } : {}),
    },
  ];
  await autocannon({ url, connections: 10, duration: 1, requests });
  const before = await cpu();
  const r = await autocannon({ url, connections: 10, duration: seconds, requests });
  const after = await cpu();
  const used = after.user + after.system - before.user - before.system;
  console.log(
    `${scenario}: ${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, non-2xx ${r.non2xx}; server CPU ${(used / r.requests.total).toFixed(1)} µs per request`,
  );
}
await new Promise((resolve) => {
  child.once('exit', resolve);
  child.kill('SIGINT');
});

if (process.env.KEHU_PROFILE_OFF) process.exit(0);
const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
const profile = JSON.parse(readFileSync(join(profDir, file), 'utf8'));
summarise(profile);
console.log(`profile: ${join(profDir, file)}`);

function summarise({ nodes, samples, timeDeltas }) {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of nodes) for (const c of node.children ?? []) parent.set(c, node.id);
  const selfTime = new Map();
  for (let i = 0; i < samples.length; i++)
    selfTime.set(samples[i], (selfTime.get(samples[i]) ?? 0) + (timeDeltas[i] ?? 0));
  const total = [...selfTime.values()].reduce((a, b) => a + b, 0);
  const where = (cf) => {
    const u = cf.url.replace(/^file:\/\//, '');
    const m = u.match(/node_modules\/\.pnpm\/([^/]+)\//) ?? u.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
    if (m) return m[1].replace(/@[\d.]+.*$/, '');
    if (u.includes('/core/dist/')) return `@kehu/core/${u.split('/core/dist/')[1]}`;
    if (u.startsWith('node:')) return 'node';
    return u ? u.split('/').slice(-2).join('/') : '(native)';
  };
  const frame = (cf) =>
    `${cf.functionName || '(anonymous)'} ${where(cf)}${cf.url ? `:${cf.lineNumber + 1}` : ''}`;
  const self = new Map();
  const pkg = new Map();
  const inclusive = new Map();
  for (const [id, t] of selfTime) {
    const cf = byId.get(id).callFrame;
    self.set(frame(cf), (self.get(frame(cf)) ?? 0) + t);
    const p = where(cf).replace(/^@kehu\/core\/.*/, '@kehu/core');
    pkg.set(p, (pkg.get(p) ?? 0) + t);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const f = frame(byId.get(cur).callFrame);
      if (seen.has(f)) continue;
      seen.add(f);
      inclusive.set(f, (inclusive.get(f) ?? 0) + t);
    }
  }
  const pct = (t) => `${((100 * t) / total).toFixed(1).padStart(5)}%`;
  const top = (m, k) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k);
  console.log('\nself time, top frames:');
  for (const [f, t] of top(self, 30)) console.log(`  ${pct(t)}  ${f}`);
  console.log('\nself time by package:');
  for (const [f, t] of top(pkg, 15)) console.log(`  ${pct(t)}  ${f}`);
  console.log('\ninclusive time, top frames:');
  for (const [f, t] of top(inclusive, 45)) console.log(`  ${pct(t)}  ${f}`);
  if (!process.env.KEHU_PROFILE_TREE) return;
  // A top-down tree from the frames matching KEHU_PROFILE_TREE, merged by frame, children ≥ 0.3%.
  const totalOf = new Map();
  const sub = (id) => {
    const node = byId.get(id);
    let t = selfTime.get(id) ?? 0;
    for (const c of node.children ?? []) t += sub(c);
    totalOf.set(id, t);
    return t;
  };
  for (const node of nodes) if (!parent.has(node.id)) sub(node.id);
  const match = new RegExp(process.env.KEHU_PROFILE_TREE);
  const roots = nodes.filter(
    (node) =>
      match.test(frame(node.callFrame)) &&
      !(() => {
        for (let c = parent.get(node.id); c !== undefined; c = parent.get(c))
          if (match.test(frame(byId.get(c).callFrame))) return true;
        return false;
      })(),
  );
  const print = (ids, depth) => {
    const merged = new Map();
    for (const id of ids) {
      const f = frame(byId.get(id).callFrame);
      const e = merged.get(f) ?? { t: 0, kids: [] };
      e.t += totalOf.get(id);
      e.kids.push(...(byId.get(id).children ?? []));
      merged.set(f, e);
    }
    for (const [f, e] of [...merged].sort((a, b) => b[1].t - a[1].t)) {
      if ((100 * e.t) / total < 0.3 || depth > 14) continue;
      console.log(`${'  '.repeat(depth)}${pct(e.t)} ${f}`);
      print(e.kids, depth + 1);
    }
  };
  console.log('\ntree:');
  print(
    roots.map((r) => r.id),
    0,
  );
}
