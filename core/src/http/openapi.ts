import { z } from 'zod';
import type { CustomerScope, Operation } from './router.js';

export interface OpenApiSource {
  basePath: string;
  operations: readonly Operation[];
}

/** What the registry knows of a facet: the shape `include=<name>` adds under a customer's `facets`. */
export interface OpenApiFacet {
  schema: z.ZodType;
}

type JsonSchema = Record<string, unknown>;

const COMPONENT_REF = '#/components/schemas/';

/** Rewrites every `$ref` in a JSON Schema tree. */
function withRefs(node: unknown, rewrite: (ref: string) => string): unknown {
  if (Array.isArray(node)) return node.map((n) => withRefs(n, rewrite));
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' ? rewrite(v) : withRefs(v, rewrite),
    ]),
  );
}

/**
 * The document's named schemas. A zod schema with `.meta({ id })` becomes `#/components/schemas/<id>`
 * wherever it appears (zod writes it as a local `$defs` entry; it is lifted here). The input shape of a
 * named schema (defaults optional, unknown keys allowed) differs from its output, so request bodies
 * name it `<id>Input`. Two different schemas under one id keep the first name and number the others.
 */
class Components {
  readonly schemas: Record<string, JsonSchema> = {};
  private readonly raw = new Map<string, string>();

  add(name: string, schema: JsonSchema): void {
    this.schemas[name] = schema;
    this.raw.set(name, JSON.stringify(schema));
  }

  /** The JSON Schema of `schema`, with its named parts moved into the components. */
  jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const s = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
    }) as JsonSchema;
    delete s.$schema;
    const defs = (s.$defs ?? {}) as Record<string, JsonSchema>;
    delete s.$defs;
    const names = new Map<string, string>();
    for (const [id, def] of Object.entries(defs)) {
      const base = io === 'input' ? `${id}Input` : id;
      const raw = JSON.stringify(def);
      let name = base;
      for (let n = 2; this.raw.has(name) && this.raw.get(name) !== raw; n++) name = `${base}${n}`;
      names.set(id, name);
      this.raw.set(name, raw);
    }
    const rewrite = (ref: string) => {
      if (!ref.startsWith('#/$defs/')) return ref;
      const id = decodeURIComponent(ref.slice('#/$defs/'.length)).replace(/~1/g, '/').replace(/~0/g, '~');
      return `${COMPONENT_REF}${names.get(id) ?? id}`;
    };
    for (const [id, def] of Object.entries(defs))
      this.schemas[names.get(id)!] = withRefs(def, rewrite) as JsonSchema;
    return withRefs(s, rewrite) as JsonSchema;
  }
}

const PROBLEM_SCHEMA: JsonSchema = {
  type: 'object',
  description:
    "An RFC 9457 problem document. Routes may add members of their own (a refusal's figures, the current version).",
  required: ['type', 'title', 'status', 'code', 'detail'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string', description: 'Stable, machine-readable: branch on this' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      description: 'The failing fields of a validation problem',
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
  additionalProperties: {},
};

const problemContent = { 'application/problem+json': { schema: { $ref: `${COMPONENT_REF}Problem` } } };

/** The problems the kernel itself answers, by what a route declares; a route may declare more. */
const PROBLEM_RESPONSES: Record<string, { status: string; description: string }> = {
  Invalid: { status: '400', description: 'The request is invalid (`validation_failed`, `invalid_cursor`…)' },
  Unauthorized: { status: '401', description: 'No valid credentials (`unauthorized`)' },
  Forbidden: { status: '403', description: 'The caller lacks the permission (`forbidden`)' },
  NotFound: { status: '404', description: 'No such record, or one the caller may not see (`not_found`)' },
  Problem: { status: 'default', description: 'Any other problem' },
};

function problemResponsesOf(op: Operation, path: string): Record<string, unknown> {
  const { spec } = op;
  const names: string[] = [];
  if (spec.params || spec.query || spec.body || spec.rawBody || path.includes('{')) names.push('Invalid');
  if (spec.access !== 'public') names.push('Unauthorized');
  if (spec.access !== 'public' && spec.access !== 'authenticated') names.push('Forbidden');
  if (path.includes('{') || (spec.customer !== undefined && spec.customer !== false)) names.push('NotFound');
  names.push('Problem');
  return Object.fromEntries(
    names.map((n) => [PROBLEM_RESPONSES[n]!.status, { $ref: `#/components/responses/${n}` }]),
  );
}

const pascal = (name: string) =>
  name.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_m, _sep, ch: string) => ch.toUpperCase());

/**
 * `include=` adds each facet under `facets`: the `Customer` component's `facets` becomes one optional
 * member per facet (null for a customer the facet has no data for), typed by the facet's schema.
 */
function describeFacets(components: Components, facets: ReadonlyMap<string, OpenApiFacet>): void {
  const customer = components.schemas.Customer as { properties?: Record<string, unknown> } | undefined;
  if (!customer?.properties || facets.size === 0) return;
  const properties: Record<string, unknown> = {};
  for (const [name, facet] of [...facets].sort(([a], [b]) => a.localeCompare(b))) {
    let schema = components.jsonSchema(facet.schema, 'output');
    if (!('$ref' in schema)) {
      const id = `${pascal(name)}Facet`;
      components.add(id, schema);
      schema = { $ref: `${COMPONENT_REF}${id}` };
    }
    properties[name] = { anyOf: [schema, { type: 'null' }] };
  }
  components.add('CustomerFacets', {
    type: 'object',
    description: 'The facets asked for with `include=`; each is null where the plugin has no data',
    properties,
    additionalProperties: false,
  });
  customer.properties.facets = { $ref: `${COMPONENT_REF}CustomerFacets` };
}

function parameters(
  components: Components,
  schema: z.ZodType | undefined,
  location: 'query' | 'path',
): unknown[] {
  if (!schema) return [];
  const s = components.jsonSchema(schema, 'input');
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
function pathParameters(components: Components, path: string, schema: z.ZodType | undefined): unknown[] {
  const declared = parameters(components, schema, 'path');
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

/** OpenAPI 3.1 for every mounted route, generated from the same zod schemas that validate requests. */
export function buildOpenApi(
  sources: readonly OpenApiSource[],
  info: { title: string; version: string; description?: string },
  facets: ReadonlyMap<string, OpenApiFacet> = new Map(),
): Record<string, unknown> {
  const components = new Components();
  components.add('Problem', PROBLEM_SCHEMA);
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
                    schema: components.jsonSchema(entry.schema, 'output'),
                  },
                },
              }
            : {}),
        };
      }
      if (Object.keys(responses).length === 0) responses['200'] = { description: 'OK' };
      for (const [status, ref] of Object.entries(problemResponsesOf(op, full))) responses[status] ??= ref;
      const operation: Record<string, unknown> = {
        operationId: `${op.method}${full.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ? ch.toUpperCase() : ''))}`,
        summary: spec.summary,
        ...(spec.description ? { description: spec.description } : {}),
        tags: spec.tags ?? [source.basePath.split('/')[3] ?? 'kernel'],
        parameters: [
          ...pathParameters(components, full, spec.params),
          ...parameters(components, spec.query, 'query'),
        ],
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
          content: { 'application/json': { schema: components.jsonSchema(spec.body, 'input') } },
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
  describeFacets(components, facets);
  const sortedSchemas = Object.fromEntries(
    Object.entries(components.schemas).sort(([a], [b]) => a.localeCompare(b)),
  );
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: sortedSchemas,
      responses: Object.fromEntries(
        Object.entries(PROBLEM_RESPONSES).map(([name, r]) => [
          name,
          { description: r.description, content: problemContent },
        ]),
      ),
    },
    security: [{ bearer: [] }],
  };
}
