import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definePlugin } from '../plugin/define-plugin.js';
import { contractPlugins } from '../testing/contract-plugins.js';
import { createTestKehu, json, testDatabases } from '../testing/index.js';

/** Path and query params, a strict body, an optional body, a raw upload and a route with no params schema. */
const shapes = definePlugin({
  name: 'shapes',
  version: '2.0.0',
  setup(ctx) {
    ctx.permission('shapes.write', { description: 'Write shapes', roles: [] });
    ctx.router.put(
      '/boards/:boardId/shapes/:shapeId',
      {
        summary: 'Replace a shape',
        access: 'shapes.write',
        customer: false,
        params: z.object({ boardId: z.string().describe('The board'), shapeId: z.string() }),
        query: z.object({ dryRun: z.enum(['true', 'false']).optional() }),
        body: z.strictObject({
          kind: z.discriminatedUnion('type', [
            z.object({ type: z.literal('circle'), radius: z.number().positive() }),
            z.object({ type: z.literal('square'), side: z.number().positive() }),
          ]),
          price: z.object({ amount: z.number().int(), currency: z.string().length(3) }),
          at: z.iso.datetime().optional(),
          tags: z.array(z.string()).max(5).default([]),
        }),
        responses: { 200: z.object({ ok: z.boolean() }), 404: { description: 'No such board' } },
      },
      (c) => c.json({ ok: true }),
    );
    ctx.router.post(
      '/boards/:boardId/upload',
      {
        summary: 'Upload',
        access: 'authenticated',
        customer: false,
        rawBody: { contentType: 'text/csv', description: 'CSV' },
      },
      (c) => c.json({}),
    );
    ctx.router.delete(
      '/boards/:boardId',
      { summary: 'Delete without a params schema', access: 'shapes.write', customer: false },
      (c) => c.body(null, 204),
    );
    ctx.router.post(
      '/boards',
      {
        summary: 'Optional body',
        access: 'authenticated',
        customer: false,
        body: z.strictObject({ name: z.string() }).optional(),
      },
      (c) => c.json({}, 201),
    );
  },
});

describe.each(testDatabases())('OpenAPI document on $name', (db) => {
  it('is a valid OpenAPI 3.1 document covering every mounted route, plugins included', async () => {
    const { notes, stamps } = contractPlugins();
    const t = await createTestKehu(db, { plugins: [notes, stamps, shapes] });
    try {
      const res = await t.request('/api/openapi.json', { token: null });
      expect(res.status).toBe(200);
      const doc = await json(res);

      const validator = new Validator();
      const result = await validator.validate(doc);
      expect(result.errors ?? []).toEqual([]);
      expect(result.valid).toBe(true);
      expect(validator.version).toBe('3.1');

      expect(doc.openapi).toBe('3.1.0');
      expect(doc.info.description).toContain('notes@1.2.0');
      const paths = Object.keys(doc.paths);
      expect(paths).toEqual(
        expect.arrayContaining([
          '/api/health',
          '/api/openapi.json',
          '/api/v1/meta',
          '/api/v1/notes/notes',
          '/api/v1/notes/notes/{id}',
          '/api/v1/shapes/boards/{boardId}/shapes/{shapeId}',
        ]),
      );

      const create = doc.paths['/api/v1/notes/notes'].post;
      expect(create['x-permission']).toBe('notes.write');
      const body = create.requestBody.content['application/json'].schema;
      expect(body.required).toEqual(['title', 'amount']);
      expect(body.additionalProperties).toBe(false);
      expect(body.properties.amount).toMatchObject({
        type: 'integer',
        minimum: 0,
        description: 'minor units',
      });
      expect(create.responses['201'].content['application/json'].schema.properties.trace).toEqual({
        type: 'array',
        items: { type: 'string' },
      });
      expect(create.responses.default).toEqual({ $ref: '#/components/responses/Problem' });

      const list = doc.paths['/api/v1/notes/notes'].get;
      expect(list.parameters).toEqual([
        { name: 'kind', in: 'query', required: false, schema: { type: 'string', enum: ['memo', 'call'] } },
        {
          name: 'limit',
          in: 'query',
          required: false,
          schema: expect.objectContaining({ type: 'integer', default: 20, maximum: 100 }),
        },
      ]);
      expect(doc.paths['/api/v1/notes/notes/{id}'].get.parameters).toEqual([
        { name: 'id', in: 'path', required: true, schema: { type: 'string', minLength: 1, maxLength: 32 } },
      ]);

      const put = doc.paths['/api/v1/shapes/boards/{boardId}/shapes/{shapeId}'].put;
      expect(put.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual([
        'path:boardId',
        'path:shapeId',
        'query:dryRun',
      ]);
      expect(put.parameters[0].description).toBe('The board');
      expect(put.responses['404']).toEqual({ description: 'No such board' });
      // A templated path without a params schema still declares its parameter.
      expect(doc.paths['/api/v1/shapes/boards/{boardId}'].delete.parameters).toEqual([
        { name: 'boardId', in: 'path', required: true, schema: { type: 'string' } },
      ]);
      expect(
        doc.paths['/api/v1/shapes/boards/{boardId}/upload'].post.requestBody.content['text/csv'],
      ).toEqual({ schema: { type: 'string' } });
      expect(doc.paths['/api/v1/shapes/boards'].post.requestBody.required).toBe(false);

      expect(doc.paths['/api/health'].get.security).toEqual([]);
      const ids = Object.values(doc.paths).flatMap((p) =>
        Object.values(p as Record<string, { operationId: string }>).map((o) => o.operationId),
      );
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      await t.close();
    }
  });

  it('writes each named schema once under components and refers to it, facets and problems included', async () => {
    const { notes, stamps } = contractPlugins();
    const t = await createTestKehu(db, { plugins: [notes, stamps, shapes] });
    try {
      const doc = await json(await t.request('/api/openapi.json', { token: null }));
      const schemas = doc.components.schemas;
      const okSchema = (path: string, method: string, status = '200') =>
        doc.paths[path][method].responses[status].content['application/json'].schema;

      expect(okSchema('/api/v1/customers/{id}', 'get')).toEqual({ $ref: '#/components/schemas/Customer' });
      expect(okSchema('/api/v1/customers/{id}', 'patch')).toEqual({ $ref: '#/components/schemas/Customer' });
      expect(okSchema('/api/v1/customers', 'get')).toEqual({ $ref: '#/components/schemas/CustomerPage' });
      expect(schemas.CustomerPage.properties.items).toEqual({
        type: 'array',
        items: { $ref: '#/components/schemas/Customer' },
      });
      expect(schemas.Customer.properties.name).toEqual({ type: 'string' });

      // include= adds the enabled plugins' facets, each typed by its schema.
      expect(schemas.Customer.properties.facets).toEqual({ $ref: '#/components/schemas/CustomerFacets' });
      expect(schemas.CustomerFacets.properties.notes).toEqual({
        anyOf: [{ $ref: '#/components/schemas/NotesFacet' }, { type: 'null' }],
      });
      expect(schemas.NotesFacet.properties.count).toEqual({ type: 'number' });

      // Each route names the problems it can answer; they all share the one Problem schema.
      const patch = doc.paths['/api/v1/customers/{id}'].patch.responses;
      for (const [status, name] of [
        ['400', 'Invalid'],
        ['401', 'Unauthorized'],
        ['403', 'Forbidden'],
        ['404', 'NotFound'],
        ['default', 'Problem'],
      ])
        expect(patch[status!]).toEqual({ $ref: `#/components/responses/${name}` });
      expect(doc.components.responses.NotFound.content['application/problem+json'].schema).toEqual({
        $ref: '#/components/schemas/Problem',
      });
      expect(doc.paths['/api/health'].get.responses['401']).toBeUndefined();
      // A status the route declares itself is kept.
      expect(doc.paths['/api/v1/shapes/boards/{boardId}/shapes/{shapeId}'].put.responses['404']).toEqual({
        description: 'No such board',
      });

      // Every reference resolves, and no two different schemas fought over one name.
      const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
      for (const ref of new Set(refs)) {
        const [, kind, name] = /#\/components\/(schemas|responses)\/([^"]+)/.exec(ref)!;
        expect(doc.components[kind!][name!], ref).toBeDefined();
      }
      expect(Object.keys(schemas).filter((n) => /\d$/.test(n))).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('lists no route of a plugin that is not enabled', async () => {
    const { notes } = contractPlugins();
    const t = await createTestKehu(db, { plugins: [notes] });
    try {
      const doc = await json(await t.request('/api/openapi.json', { token: null }));
      expect(
        Object.keys(doc.paths).some((p) => p.startsWith('/api/v1/shapes') || p.startsWith('/api/v1/stamps')),
      ).toBe(false);
      expect(Object.keys(doc.paths).some((p) => p.startsWith('/api/v1/notes'))).toBe(true);
    } finally {
      await t.close();
    }
  });
});
