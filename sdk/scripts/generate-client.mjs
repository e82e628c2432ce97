#!/usr/bin/env node
// Writes sdk/src/client/api.generated.ts from the OpenAPI document of the kernel with every plugin in
// plugins/*, all loaded from their TypeScript sources (jiti), so it never depends on stale builds.
// `--check` only compares and exits 1 when the file is out of date.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';

const sdk = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repo = resolve(sdk, '..');
const target = join(sdk, 'src/client/api.generated.ts');

const alias = {
  '@kehu/core/testing': join(repo, 'core/src/testing/index.ts'),
  '@kehu/core/ui': join(repo, 'core/src/ui/index.ts'),
  '@kehu/core/jsx-runtime': join(repo, 'core/src/ui/jsx-runtime.ts'),
  '@kehu/core/jsx-dev-runtime': join(repo, 'core/src/ui/jsx-dev-runtime.ts'),
  '@kehu/core': join(repo, 'core/src/index.ts'),
};
// Plugins' console pages are TSX with JSX from @kehu/core.
const jsx = { runtime: 'automatic', importSource: '@kehu/core' };
const jiti = createJiti(import.meta.url, { alias, jsx, moduleCache: true });
const { repoPlugins, repoPluginPackages } = await jiti.import(join(sdk, 'scripts/repo-plugins.ts'));
for (const pkg of repoPluginPackages(repo)) alias[pkg.name] = pkg.entry;
const jitiWithPlugins = createJiti(import.meta.url, { alias, jsx, moduleCache: true });

const plugins = await repoPlugins(repo, (file) => jitiWithPlugins.import(file));
const { clientTypesFor } = await jitiWithPlugins.import(join(sdk, 'scripts/client-document.ts'));
const source = await clientTypesFor(plugins);

const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
const operations = (source.match(/^ {8}(get|put|post|delete|patch): operations\[/gm) ?? []).length;
if (process.argv.includes('--check')) {
  if (current !== source) {
    console.error(`${target} is out of date: run pnpm --filter @kehu/sdk generate`);
    process.exit(1);
  }
  console.log(`client types up to date (${operations} operations)`);
} else if (current !== source) {
  writeFileSync(target, source);
  console.log(
    `wrote ${target} (${operations} operations, plugins: ${plugins.map((p) => p.name).join(', ') || 'none'})`,
  );
} else {
  console.log(`client types up to date (${operations} operations)`);
}
