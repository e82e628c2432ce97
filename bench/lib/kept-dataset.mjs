import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDataset } from './dataset.mjs';

/**
 * The 100k-customer dataset of the profiling tools, kept between runs: `KEHU_PROFILE_DB` (a SQLite
 * file or a PostgreSQL url) with its description in `KEHU_PROFILE_META` (default `<file>.json`);
 * generated when either is missing. Without `KEHU_PROFILE_DB`, a fresh file in a temporary folder.
 */
export async function keptDataset(log = console.log) {
  const target = process.env.KEHU_PROFILE_DB ?? join(mkdtempSync(join(tmpdir(), 'kehu-prof-')), 'bench.db');
  const meta = process.env.KEHU_PROFILE_META ?? `${target}.json`;
  if ((target.startsWith('postgres') || existsSync(target)) && existsSync(meta))
    return { target, dataset: JSON.parse(readFileSync(meta, 'utf8')) };
  const dataset = await createDataset(target, 100_000, log);
  writeFileSync(meta, JSON.stringify(dataset));
  return { target, dataset };
}
