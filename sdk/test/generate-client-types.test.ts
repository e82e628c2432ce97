import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { clientTypesFor, clientTypesOf } from '../scripts/client-document.js';
import { repoPlugins } from '../scripts/repo-plugins.js';

describe('the client types', () => {
  it('keep an array of nullable objects an array (openapi-typescript writes them)', async () => {
    const source = await clientTypesOf(
      {
        openapi: '3.1.0',
        info: { title: 't', version: '1' },
        paths: {},
        components: {
          schemas: {
            Row: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] },
            Rows: {
              type: 'array',
              items: { anyOf: [{ $ref: '#/components/schemas/Row' }, { type: 'null' }] },
            },
          },
        },
      },
      'a test document',
    );
    expect(source).toContain('Rows: (components["schemas"]["Row"] | null)[];');
  });

  it('the build generates match the OpenAPI document of the kernel with every plugin in the repository', async () => {
    const repo = fileURLToPath(new URL('../..', import.meta.url));
    const plugins = await repoPlugins(repo, (file) => import(file));
    const expected = await clientTypesFor(plugins);
    const generated = readFileSync(new URL('../src/client/api.generated.ts', import.meta.url), 'utf8');
    // When this fails, a route changed since the last build: run `pnpm --filter @kehu/sdk generate`.
    expect(generated).toBe(expected);
  });
});
