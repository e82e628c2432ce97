import type { Options } from 'tsup';

/**
 * The build every workspace package shares: ESM for Node 20 with source maps and bundled
 * declarations, `dist` cleaned first. A package's `tsup.config.ts` names its entries and whatever
 * differs from this.
 */
export function packageBuild(options: Options): Options {
  return { format: ['esm'], dts: true, sourcemap: true, clean: true, target: 'node20', ...options };
}
