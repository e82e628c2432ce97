import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnyPlugin } from '@kehu/core';

/** A value exported by a plugin package that is a plugin definition. */
export function isPluginDefinition(value: unknown): value is AnyPlugin {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v.name === 'string' && typeof v.version === 'string' && typeof v.setup === 'function';
}

/** Each `plugins/<dir>` package of the repository with its source entry, by directory name. */
export function repoPluginPackages(repoRoot: string): { name: string; entry: string }[] {
  const dir = join(repoRoot, 'plugins');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter(
      (d) =>
        d.isDirectory() &&
        existsSync(join(dir, d.name, 'package.json')) &&
        existsSync(join(dir, d.name, 'src/index.ts')),
    )
    .map((d) => ({
      name: JSON.parse(readFileSync(join(dir, d.name, 'package.json'), 'utf8')).name as string,
      entry: join(dir, d.name, 'src/index.ts'),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Every plugin definition the repository's plugin packages export, loaded from source by `load`. */
export async function repoPlugins(
  repoRoot: string,
  load: (file: string) => Promise<Record<string, unknown>>,
): Promise<AnyPlugin[]> {
  const plugins: AnyPlugin[] = [];
  for (const pkg of repoPluginPackages(repoRoot)) {
    const exports = await load(pkg.entry);
    for (const value of Object.values(exports))
      if (isPluginDefinition(value) && !plugins.includes(value)) plugins.push(value);
  }
  return plugins;
}
