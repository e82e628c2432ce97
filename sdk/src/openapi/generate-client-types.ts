import { schemaToTs } from './json-schema-to-ts.js';

type Json = Record<string, unknown>;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export interface GenerateOptions {
  /** Name of the exported operation map. Default `KehuOperations`. */
  name?: string;
  /** Lines for the header comment (what the document was generated from). */
  source?: string;
}

function parametersType(params: Json[], location: 'path' | 'query', depth: number): string {
  const mine = params.filter((p) => p.in === location);
  if (mine.length === 0) return '{}';
  const pad = '  '.repeat(depth + 1);
  const lines = mine.map((p) => {
    const doc =
      typeof p.description === 'string' ? `${pad}/** ${p.description.replace(/\*\//g, '*\\/')} */\n` : '';
    const name = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(String(p.name)) ? String(p.name) : JSON.stringify(p.name);
    return `${doc}${pad}${name}${p.required ? '' : '?'}: ${schemaToTs(p.schema as Json, {}, depth + 1)};`;
  });
  return `{\n${lines.join('\n')}\n${'  '.repeat(depth)}}`;
}

function bodyType(op: Json, depth: number): string {
  const content = (op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined;
  if (!content) return 'never';
  const json = content['application/json'];
  return json ? schemaToTs(json.schema as Json, {}, depth) : 'RawBody';
}

function responseType(op: Json, depth: number): string {
  const responses = (op.responses ?? {}) as Record<string, Json>;
  const success = Object.keys(responses)
    .filter((s) => /^2\d\d$/.test(s))
    .sort();
  const status = success[0];
  if (!status) return 'unknown';
  const content = responses[status]!.content as Record<string, Json> | undefined;
  if (!content) return status === '204' ? 'void' : 'unknown';
  const json = content['application/json'] ?? Object.values(content)[0];
  return json?.schema ? schemaToTs(json.schema as Json, {}, depth) : 'unknown';
}

/**
 * TypeScript for a typed client from an OpenAPI 3.1 document: one entry per operation, keyed
 * `'METHOD /path/{param}'`, with its path params, query, JSON body and success response.
 */
export function generateClientTypes(doc: Json, options: GenerateOptions = {}): string {
  const name = options.name ?? 'KehuOperations';
  const paths = (doc.paths ?? {}) as Record<string, Record<string, Json>>;
  const entries: string[] = [];
  for (const path of Object.keys(paths).sort()) {
    for (const method of METHODS) {
      const op = paths[path]![method];
      if (!op) continue;
      const params = (op.parameters ?? []) as Json[];
      const permission =
        typeof op['x-permission'] === 'string'
          ? ` Permission: \`${op['x-permission']}\`.`
          : op.security
            ? ' Public.'
            : '';
      const summary = String(op.summary ?? '').replace(/\*\//g, '*\\/');
      entries.push(
        [
          `  /** ${summary}${summary.endsWith('.') ? '' : '.'}${permission} */`,
          `  '${method.toUpperCase()} ${path}': {`,
          `    params: ${parametersType(params, 'path', 2)};`,
          `    query: ${parametersType(params, 'query', 2)};`,
          `    body: ${bodyType(op, 2)};`,
          `    response: ${responseType(op, 2)};`,
          '  };',
        ].join('\n'),
      );
    }
  }
  const components = ((doc.components as Json | undefined)?.schemas ?? {}) as Record<string, Json>;
  const componentTypes = Object.keys(components)
    .sort()
    .map((c) => `export type ${c} = ${schemaToTs(components[c], {}, 0)};\n`);
  return [
    '/* eslint-disable */',
    '/**',
    ` * Generated from the Kehu OpenAPI document${options.source ? ` (${options.source})` : ''}.`,
    ' * Do not edit: run `pnpm --filter @kehu/sdk generate` (the build does too).',
    ' */',
    '',
    '/** A request body sent as is, for routes that read a raw body (uploads, CSV). */',
    'export type RawBody = string | Blob | ArrayBuffer | Uint8Array;',
    '',
    ...componentTypes,
    `export interface ${name} {`,
    entries.join('\n'),
    '}',
    '',
  ].join('\n');
}
