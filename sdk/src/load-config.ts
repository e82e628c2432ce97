import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createJiti } from 'jiti';
import type { KehuConfig } from './config.js';

export const CONFIG_FILES = [
  'kehu.config.ts',
  'kehu.config.mts',
  'kehu.config.js',
  'kehu.config.mjs',
] as const;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** The config file to use: `explicit` (relative to `cwd`), else the first `kehu.config.*` in `cwd`, else none. */
export function findConfigFile(cwd: string, explicit?: string): string | undefined {
  if (explicit) {
    const file = resolve(cwd, explicit);
    if (!existsSync(file)) throw new ConfigError(`config file not found: ${file}`);
    return file;
  }
  return CONFIG_FILES.map((f) => resolve(cwd, f)).find((f) => existsSync(f));
}

/**
 * Loads a `kehu.config.ts|js` (TypeScript through jiti, so no build step); its default export is a
 * config or a (possibly async) function returning one.
 */
export async function loadConfigFile(file: string): Promise<KehuConfig> {
  const jiti = createJiti(pathToFileURL(file).href, { moduleCache: false });
  let loaded: unknown;
  try {
    loaded = await jiti.import(file, { default: true });
  } catch (err) {
    throw new ConfigError(
      `cannot load ${file}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
    );
  }
  const config = typeof loaded === 'function' ? await (loaded as () => unknown)() : loaded;
  if (!config || typeof config !== 'object' || Array.isArray(config)) {
    throw new ConfigError(
      `${file} must export a config object as default (export default defineConfig({ … }))`,
    );
  }
  const plugins = (config as KehuConfig).plugins;
  if (plugins !== undefined && !Array.isArray(plugins))
    throw new ConfigError(`${file}: "plugins" must be a list`);
  return config as KehuConfig;
}
