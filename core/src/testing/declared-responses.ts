import { z } from 'zod';
import type { Operation } from '../http/router.js';
import type { PluginDefinition } from '../plugin/define-plugin.js';

/** `GET /invoices/:id`: how an operation is named in failures and coverage lists. */
export const operationKey = (op: Operation): string => `${op.method.toUpperCase()} ${op.path}`;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const pathPattern = (path: string) =>
  new RegExp(
    `^${path
      .split(/(:[A-Za-z0-9_]+)/)
      .map((part) => (part.startsWith(':') ? '[^/]+' : escapeRegExp(part)))
      .join('')}$`,
  );

/**
 * The plugin unchanged, except that its router is kept at setup, so a test can read the response
 * schemas its routes declare: the ones the OpenAPI document and the typed client are built from.
 */
export function withDeclaredResponses<C extends z.ZodType>(
  plugin: PluginDefinition<C>,
): { plugin: PluginDefinition<C>; responses: DeclaredResponses } {
  const responses = new DeclaredResponses(`/api/v1/${plugin.name}`);
  return {
    plugin: {
      ...plugin,
      setup(ctx) {
        responses.operations = ctx.router.operations;
        return plugin.setup(ctx);
      },
    },
    responses,
  };
}

/** Checks real responses against what their route declares for their status, and which routes were checked. */
export class DeclaredResponses {
  /** `METHOD /path` of every route a checked response came from. */
  readonly seen = new Set<string>();

  constructor(
    readonly basePath: string,
    public operations: readonly Operation[] = [],
  ) {}

  all(): string[] {
    return this.operations.map(operationKey);
  }

  /**
   * The operation serving `method url`: the first registered one whose path matches, as hono picks it
   * (`/categories` mounted before `/:id` answers `/categories`).
   */
  operationFor(method: string, url: string): Operation {
    const path = new URL(url, 'http://kehu.test').pathname;
    if (!path.startsWith(this.basePath)) throw new Error(`${url} is not under ${this.basePath}`);
    const local = path.slice(this.basePath.length) || '/';
    const match = this.operations.find(
      (op) => op.method === method.toLowerCase() && pathPattern(op.path).test(local),
    );
    if (!match) throw new Error(`${method} ${url} matches no route`);
    return match;
  }

  /**
   * The body of a response to `method url` (parsed JSON, the text of another declared content type,
   * or undefined for a declared empty body), after asserting it is exactly what the route declares
   * for the response's status.
   */
  async conforming(method: string, url: string, res: Response): Promise<any> {
    const op = this.operationFor(method, url);
    const name = `${operationKey(op)} → ${res.status}`;
    const text = await res.text();
    const declared = op.spec.responses?.[res.status];
    if (!declared) throw new Error(`${name} is not a declared response: ${text}`);
    const { schema, contentType } =
      declared instanceof z.ZodType
        ? { schema: declared, contentType: 'application/json' }
        : { schema: declared.schema, contentType: declared.contentType ?? 'application/json' };
    this.seen.add(operationKey(op));
    if (!schema) {
      if (text !== '') throw new Error(`${name} declares no body but answered: ${text}`);
      return undefined;
    }
    const actualType = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
    if (actualType !== contentType)
      throw new Error(`${name} answered ${actualType}, declared ${contentType}`);
    const body = contentType === 'application/json' ? JSON.parse(text) : text;
    assertConforms(name, schema, body);
    return body;
  }

  assertConforms(name: string, schema: z.ZodType, body: unknown): void {
    assertConforms(name, schema, body);
  }
}

type OpenApiPaths = {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>
  >;
};

/**
 * `METHOD /path` of every operation at or under `basePath` in an OpenAPI document whose success
 * answers carry no schema (a 204, which has no body, counts as declared): what a typed client would
 * know nothing about.
 */
export function untypedOperations(doc: unknown, basePath: string): string[] {
  return Object.entries((doc as OpenApiPaths).paths)
    .filter(([path]) => path === basePath || path.startsWith(`${basePath}/`))
    .flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(
          ([, op]) =>
            !Object.entries(op.responses).some(
              ([status, r]) =>
                status === '204' ||
                (/^2\d\d$/.test(status) && Object.values(r.content ?? {}).some((c) => c.schema)),
            ),
        )
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
}

/** `body` parses with `schema`, and parsing drops nothing: a field the schema does not declare fails too. */
export function assertConforms(name: string, schema: z.ZodType, body: unknown): void {
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new Error(`${name} does not match its declared schema:\n${z.prettifyError(parsed.error)}`);
  const dropped = droppedPaths(body, parsed.data);
  if (dropped.length > 0)
    throw new Error(`${name} has fields its declared schema lacks: ${dropped.join(', ')}`);
}

/** Paths present in `input` but gone from `output` (what an object schema strips). */
function droppedPaths(input: unknown, output: unknown, at = ''): string[] {
  if (Array.isArray(input) && Array.isArray(output))
    return input.flatMap((v, i) => droppedPaths(v, output[i], `${at}[${i}]`));
  if (input && typeof input === 'object' && output && typeof output === 'object') {
    return Object.entries(input).flatMap(([k, v]) =>
      k in output
        ? droppedPaths(v, (output as Record<string, unknown>)[k], at ? `${at}.${k}` : k)
        : [at ? `${at}.${k}` : k],
    );
  }
  return [];
}
