import { z, type KehuRouter, type PluginDefinition } from '@kehu/core';
import { expect } from 'vitest';

type Operation = KehuRouter['operations'][number];

/**
 * The plugin as is, except that its router is kept at setup, so a test can read the response
 * schemas each route declares (the ones the OpenAPI document and the typed client are built from).
 */
export function withDeclaredResponses<C extends z.ZodType>(plugin: PluginDefinition<C>): { plugin: PluginDefinition<C>; responses: DeclaredResponses } {
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

const key = (op: Operation) => `${op.method.toUpperCase()} ${op.path}`;
const pattern = (path: string) => new RegExp(`^${path.replace(/:[A-Za-z0-9_]+/g, '[^/]+')}$`);

/** Checks responses against the schema their route declares for their status, and which routes were seen. */
export class DeclaredResponses {
  operations: readonly Operation[] = [];
  /** `METHOD /path` of every route a checked response came from. */
  readonly seen = new Set<string>();

  constructor(readonly basePath: string) {}

  all(): string[] {
    return this.operations.map(key);
  }

  /** The operation that serves `method url`; exactly one must. */
  operationFor(method: string, url: string): Operation {
    const path = new URL(url, 'http://kehu.test').pathname;
    if (!path.startsWith(this.basePath)) throw new Error(`${url} is not under ${this.basePath}`);
    const local = path.slice(this.basePath.length) || '/';
    const matches = this.operations.filter((op) => op.method === method.toLowerCase() && pattern(op.path).test(local));
    if (matches.length !== 1) throw new Error(`${method} ${url} matches ${matches.length} routes`);
    return matches[0]!;
  }

  /**
   * The body of a response from `method url`, after asserting it is exactly what the route declares
   * for its status: it parses, and parsing drops nothing (an undeclared field fails too).
   */
  async conforming(method: string, url: string, res: Response): Promise<any> {
    const op = this.operationFor(method, url);
    const name = `${key(op)} → ${res.status}`;
    const text = await res.text();
    const declared = op.spec.responses?.[res.status];
    if (!declared) throw new Error(`${name} is not a declared response: ${text}`);
    const schema = declared instanceof z.ZodType ? declared : declared.schema;
    this.seen.add(key(op));
    if (!schema) {
      expect(text, `${name} declares no body`).toBe('');
      return undefined;
    }
    const body = JSON.parse(text);
    this.assertConforms(name, schema, body);
    return body;
  }

  assertConforms(name: string, schema: z.ZodType, body: unknown): void {
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new Error(`${name} does not match its declared schema:\n${z.prettifyError(parsed.error)}`);
    expect(parsed.data, `${name} has fields its declared schema lacks`).toEqual(body);
  }
}
