import { z } from 'zod';
import type { CustomerScope, Operation } from './router.js';

export interface OpenApiSource {
  basePath: string;
  operations: readonly Operation[];
}

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const s = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  delete s.$schema;
  return s;
}

function parameters(schema: z.ZodType | undefined, location: 'query' | 'path'): unknown[] {
  if (!schema) return [];
  const s = jsonSchema(schema, 'input');
  const props = (s.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((s.required as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, prop]) => ({
    name,
    in: location,
    required: location === 'path' ? true : required.has(name),
    schema: prop,
    ...(typeof prop.description === 'string' ? { description: prop.description } : {}),
  }));
}

const toOpenApiPath = (p: string): string => p.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, '{$1}');

/** OpenAPI requires every `{name}` in a path to be declared, even when the route has no params schema. */
function pathParameters(path: string, schema: z.ZodType | undefined): unknown[] {
  const declared = parameters(schema, 'path');
  const names = new Set(declared.map((p) => (p as { name: string }).name));
  const undeclared = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!).filter((n) => !names.has(n));
  return [
    ...declared,
    ...undeclared.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
  ];
}

/** The declared customer scopes, for clients and the access tests: where the id is and what is checked. */
function customerScopes(declared: NonNullable<Operation['spec']['customer']>): unknown[] {
  if (declared === false) return [];
  const scopes: readonly CustomerScope[] = Array.isArray(declared) ? declared : [declared as CustomerScope];
  return scopes.map((s) => ({
    in: s.param ? 'path' : 'body',
    name: s.param ?? s.body,
    access: s.access,
    ...(s.record ? { record: s.record.type } : {}),
  }));
}

const problemRef = { $ref: '#/components/schemas/Problem' };

/** OpenAPI 3.1 for every mounted route, generated from the same zod schemas that validate requests. */
export function buildOpenApi(
  sources: readonly OpenApiSource[],
  info: { title: string; version: string; description?: string },
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const source of sources) {
    for (const op of source.operations) {
      const full = toOpenApiPath(source.basePath + (op.path === '/' ? '' : op.path) || '/');
      const { spec } = op;
      const responses: Record<string, unknown> = {};
      for (const [status, r] of Object.entries(spec.responses ?? {})) {
        const entry =
          r instanceof z.ZodType ? { description: 'OK', schema: r, contentType: 'application/json' } : r;
        responses[status] = {
          description: entry.description,
          ...(entry.schema
            ? {
                content: {
                  [('contentType' in entry && entry.contentType) || 'application/json']: {
                    schema: jsonSchema(entry.schema, 'output'),
                  },
                },
              }
            : {}),
        };
      }
      if (Object.keys(responses).length === 0) responses['200'] = { description: 'OK' };
      responses.default = {
        description: 'Problem',
        content: { 'application/problem+json': { schema: problemRef } },
      };
      const operation: Record<string, unknown> = {
        operationId: `${op.method}${full.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ? ch.toUpperCase() : ''))}`,
        summary: spec.summary,
        ...(spec.description ? { description: spec.description } : {}),
        tags: spec.tags ?? [source.basePath.split('/')[3] ?? 'kernel'],
        parameters: [...pathParameters(full, spec.params), ...parameters(spec.query, 'query')],
        responses,
        ...(spec.access === 'public' ? { security: [] } : {}),
        ...(spec.access !== 'public' && spec.access !== 'authenticated'
          ? { 'x-permission': spec.access }
          : {}),
      };
      if (spec.customer !== undefined) operation['x-kehu-customer'] = customerScopes(spec.customer);
      if (spec.body) {
        const required = !spec.body.safeParse(undefined).success;
        operation.requestBody = {
          required,
          content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } },
        };
      } else if (spec.rawBody) {
        operation.requestBody = {
          required: true,
          description: spec.rawBody.description,
          content: { [spec.rawBody.contentType]: { schema: { type: 'string' } } },
        };
      }
      const pathItem = paths[full] ?? {};
      pathItem[op.method] = operation;
      paths[full] = pathItem;
    }
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'code', 'detail'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            code: { type: 'string' },
            detail: { type: 'string' },
            instance: { type: 'string' },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                required: ['path', 'message'],
                properties: {
                  path: { type: 'string' },
                  message: { type: 'string' },
                  code: { type: 'string' },
                },
              },
            },
          },
        },
      },
    },
    security: [{ bearer: [] }],
  };
}
