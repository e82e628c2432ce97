/**
 * `pnpm bench [--quick]` (after `pnpm build`): runs every `bench/*.bench.mjs` module — the customer
 * archive's first — prints their figures and writes them to `bench/results/latest.json`.
 *
 * A module exports `async function run({ quick, log })` returning figures
 * `{ name, value, unit, ratioToBare? }`; names are stable so runs compare over time.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const log = (msg) => console.log(`  ${msg}`);

const modules = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => !only || f.startsWith(only))
  .sort((a, b) => (a === 'customers.bench.mjs' ? -1 : b === 'customers.bench.mjs' ? 1 : a.localeCompare(b)));

const started = Date.now();
const figures = [];
const failures = [];
console.log(
  `Kehu benchmark${quick ? ' (quick)' : ''}: ${modules.join(', ')} — Node ${process.version}, ${cpus().length} CPUs`,
);
for (const file of modules) {
  console.log(`\n${file}`);
  const t0 = Date.now();
  try {
    const mod = await import(pathToFileURL(join(here, file)).href);
    const result = await mod.run({ quick, log });
    figures.push(...result);
    log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } catch (err) {
    failures.push({ module: file, error: err instanceof Error ? err.message : String(err) });
    console.error(`  FAILED: ${err instanceof Error ? err.stack : err}`);
  }
}

const fmt = (v) => (typeof v === 'number' ? String(v) : '');
console.log('\nfigure                      value          p50 ms   p99 ms   bare           ratio to bare');
for (const f of figures) {
  console.log(
    `${f.name.padEnd(27)} ${`${f.value} ${f.unit}`.padEnd(14)} ${fmt(f.p50Ms).padEnd(8)} ${fmt(f.p99Ms).padEnd(8)} ${(f.bare ? `${f.bare.value} ${f.unit}` : '').padEnd(14)} ${fmt(f.ratioToBare)}`,
  );
}

mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(
  join(here, 'results', 'latest.json'),
  JSON.stringify(
    {
      figures,
      quick,
      node: process.version,
      cpus: cpus().length,
      ranAt: new Date().toISOString(),
      seconds: Math.round((Date.now() - started) / 1000),
      failures,
    },
    null,
    2,
  ) + '\n',
);
console.log(
  `\nwrote bench/results/latest.json in ${((Date.now() - started) / 1000).toFixed(0)} s${failures.length ? `; ${failures.length} module(s) failed` : ''}`,
);
process.exit(failures.length ? 1 : 0);
