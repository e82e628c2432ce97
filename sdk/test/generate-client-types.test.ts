import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { clientTypesFor } from '../scripts/client-document.js';
import { repoPlugins } from '../scripts/repo-plugins.js';
import { generateClientTypes } from '../src/openapi/generate-client-types.js';
import { schemaToTs } from '../src/openapi/json-schema-to-ts.js';

describe('schemaToTs', () => {
  it('turns the JSON Schema zod writes into TypeScript', () => {
    expect(schemaToTs({ type: ['string', 'null'] })).toBe('string | null');
    expect(schemaToTs({ type: 'string', enum: ['a', 'b'] })).toBe('"a" | "b"');
    expect(schemaToTs({ type: 'string', const: 'ok' })).toBe('"ok"');
    expect(
      schemaToTs({
        type: 'object',
        propertyNames: { type: 'string' },
        additionalProperties: { type: 'integer' },
      }),
    ).toBe('Record<string, number>');
    expect(schemaToTs({ type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'number' }] } })).toBe(
      '(string | number)[]',
    );
    expect(schemaToTs({ type: 'array', prefixItems: [{ type: 'string' }, { type: 'boolean' }] })).toBe(
      '[string, boolean]',
    );
    expect(schemaToTs({})).toBe('unknown');
    expect(schemaToTs({ $ref: '#/components/schemas/Problem' })).toBe('Problem');
    expect(schemaToTs({ $ref: '#/$defs/Money', $defs: { Money: { type: 'integer' } } })).toBe('number');
    expect(
      schemaToTs({
        type: 'object',
        properties: { name: { type: 'string', description: 'Display name' }, 'zh-CN': { type: 'string' } },
        required: ['name'],
        additionalProperties: false,
      }),
    ).toBe('{\n  /** Display name */\n  name: string;\n  "zh-CN"?: string;\n}');
  });
});

describe('generateClientTypes', () => {
  it('writes one entry per operation with params, query, body and the success response', () => {
    const source = generateClientTypes({
      paths: {
        '/api/v1/things/{id}': {
          patch: {
            summary: 'Change a thing',
            'x-permission': 'things.write',
            parameters: [
              { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
              { name: 'dryRun', in: 'query', required: false, schema: { type: 'boolean' } },
            ],
            requestBody: {
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] },
                },
              },
            },
            responses: {
              '200': {
                description: 'OK',
                content: {
                  'application/json': {
                    schema: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] },
                  },
                },
              },
            },
          },
          delete: {
            summary: 'Remove it',
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
            responses: { '204': { description: 'Gone' } },
          },
        },
      },
    });
    expect(source).toContain(
      "  /** Change a thing. Permission: `things.write`. */\n  'PATCH /api/v1/things/{id}': {\n    params: {\n      id: string;\n    };\n    query: {\n      dryRun?: boolean;\n    };",
    );
    expect(source).toContain("  'DELETE /api/v1/things/{id}': {");
    expect(source).toMatch(/'DELETE \/api\/v1\/things\/\{id\}': \{[\s\S]*?body: never;\n {4}response: void;/);
  });
});

describe('the client types the build generates', () => {
  it('match the OpenAPI document of the kernel with every plugin in the repository', async () => {
    const repo = fileURLToPath(new URL('../..', import.meta.url));
    const plugins = await repoPlugins(repo, (file) => import(file));
    const expected = await clientTypesFor(plugins);
    const generated = readFileSync(new URL('../src/client/api.generated.ts', import.meta.url), 'utf8');
    // When this fails, a route changed since the last build: run `pnpm --filter @kehu/sdk generate`.
    expect(generated).toBe(expected);
  });
});
