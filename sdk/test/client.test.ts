import { silentLogger } from '@kehu/core';
import { testDatabases } from '@kehu/core/testing';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  createClient,
  isProblem,
  type KehuClient,
  type KehuPaths,
  KehuProblemError,
  type OperationAt,
  type ProblemOf,
  type Schemas,
} from '../src/client/index.js';
import { type KehuServer, serve } from '../src/index.js';

const ADMIN = 'kehu_client_test_admin';

describe.each(testDatabases())('the typed client over a real socket on $name', (db) => {
  let server: KehuServer;
  let client: KehuClient;

  beforeAll(async () => {
    server = await serve(
      { database: await db.open(), logger: silentLogger, scheduler: false, auth: { adminToken: ADMIN } },
      { port: 0, host: '127.0.0.1', handleSignals: false },
    );
    client = createClient({ baseUrl: server.url, token: ADMIN });
  });
  afterAll(() => server.close());

  it('creates, reads and lists customers with typed requests and responses', async () => {
    const created = await client.post('/api/v1/customers', {
      body: { name: '上海华联超市有限公司', kind: 'business', region: '华东', tags: ['supermarket'] },
    });
    expectTypeOf(created.name).toEqualTypeOf<string>();
    expectTypeOf(created.kind).toEqualTypeOf<'individual' | 'business' | 'organization'>();
    expect(created).toMatchObject({
      name: '上海华联超市有限公司',
      kind: 'business',
      region: '华东',
      tags: ['supermarket'],
    });

    const one = await client.get('/api/v1/customers/{id}', { params: { id: created.id } });
    expect(one.id).toBe(created.id);
    const page = await client.get('/api/v1/customers', { query: { limit: 10 } });
    expect(JSON.stringify(page)).toContain(created.id);
    const health = await client.get('/api/health');
    expectTypeOf(health.status).toEqualTypeOf<'ok'>();
    expect(health.status).toBe('ok');
  });

  it('creates, lists, counts and completes activities and reads the inbox through the typed client', async () => {
    const created = await client.post('/api/v1/activities', {
      body: { type: 'call', subject: '回访上海华联', dueDate: '2026-03-02', priority: 'high' },
    });
    expectTypeOf(created.status).toEqualTypeOf<'open' | 'done' | 'cancelled'>();
    expect(created).toMatchObject({ type: 'call', status: 'open', dueDate: '2026-03-02' });
    const page = await client.get('/api/v1/activities', { query: { limit: 10 } });
    expect(page.items.map((a) => a.id)).toContain(created.id);
    const counts = await client.get('/api/v1/activities/counts');
    expect(counts.open).toBeGreaterThanOrEqual(1);
    const done = await client.post('/api/v1/activities/{id}/complete', {
      params: { id: created.id },
      body: { outcome: 'reached' },
    });
    expect(done.status).toBe('done');
    const unread = await client.get('/api/v1/notifications/counts');
    expectTypeOf(unread.unread).toEqualTypeOf<number>();
  });

  it('turns a problem response into a KehuProblemError with status, code, detail and the failing fields', async () => {
    const error = await client.post('/api/v1/customers', { body: { name: '' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KehuProblemError);
    const problem = error as KehuProblemError;
    expect(problem.status).toBe(400);
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors.map((e) => e.path)).toContain('body.name');
    expect(problem.requestId).toBeTruthy();
    expect(problem.message).toMatch(
      /^POST http:\/\/127\.0\.0\.1:\d+\/api\/v1\/customers → 400 validation_failed: /,
    );

    const missing = await client
      .get('/api/v1/customers/{id}', { params: { id: 'nope' } })
      .catch((e: unknown) => e);
    expect(isProblem(missing, 'not_found')).toBe(true);
    expect((missing as KehuProblemError).status).toBe(404);

    const anonymous = createClient({ baseUrl: server.url });
    const unauthorized = await anonymous.get('/api/v1/customers').catch((e: unknown) => e);
    expect(isProblem(unauthorized, 'unauthorized')).toBe(true);
  });

  it('types the facets asked for with include= and the problem a route answers', async () => {
    const created = await client.post('/api/v1/customers', { body: { name: '杭州联华华商集团' } });
    const one = await client.get('/api/v1/customers/{id}', {
      params: { id: created.id },
      query: { include: '*' },
    });
    // Only the kernel's own facets are on this server; the types know every plugin's.
    expect(Object.keys(one.facets ?? {}).sort()).toEqual(['contacts', 'value']);
    expect(one.facets?.contacts).toBeNull();
    expectTypeOf(one.facets?.credit?.grade).toEqualTypeOf<string | null | undefined>();
    expectTypeOf(one.facets?.credit?.available).toEqualTypeOf<number | null | undefined>();

    type GetCustomer = OperationAt<KehuPaths, 'GET', '/api/v1/customers/{id}'>;
    expectTypeOf<ProblemOf<GetCustomer>['code']>().toEqualTypeOf<string>();
    expectTypeOf<ProblemOf<GetCustomer>>().toEqualTypeOf<Schemas['Problem']>();
  });

  it('offers the openapi-fetch client underneath, with the same token and problem handling', async () => {
    const { data, response } = await client.api.GET('/api/v1/customers', { params: { query: { limit: 1 } } });
    expect(response.status).toBe(200);
    expect(data?.items).toHaveLength(1);
    expectTypeOf(data!.items[0]!.name).toEqualTypeOf<string>();
    const missing = await client.api
      .GET('/api/v1/customers/{id}', { params: { path: { id: 'nope' } } })
      .catch((e: unknown) => e);
    expect(isProblem(missing, 'not_found')).toBe(true);
  });

  it('offers the raw response as an escape hatch', async () => {
    const res = await client.fetchRaw('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('rejects wrong paths, params and bodies at compile time', () => {
    // These never run: they only have to fail to type-check.
    const never = false as boolean;
    if (never) {
      // @ts-expect-error not a route
      void client.get('/api/v1/customerz');
      // @ts-expect-error the id is missing
      void client.get('/api/v1/customers/{id}');
      // @ts-expect-error a customer needs a name
      void client.post('/api/v1/customers', { body: { kind: 'business' } });
      // @ts-expect-error unknown kind
      void client.post('/api/v1/customers', { body: { name: 'x', kind: 'company' } });
    }
    expect(never).toBe(false);
  });
});

describe('client without a server', () => {
  it('reports a non-problem error page as an http_error problem', async () => {
    const client = createClient({
      baseUrl: 'http://proxy.example',
      fetch: async () =>
        new Response('<h1>Bad gateway</h1>', {
          status: 502,
          statusText: 'Bad Gateway',
          headers: { 'content-type': 'text/html' },
        }),
    });
    const error = await client.get('/api/health').catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 502,
      code: 'http_error',
      detail: 'The server answered 502 Bad Gateway without a problem document',
    });
  });

  it('fills path params, encodes query arrays and sends headers and tokens from a function', async () => {
    const seen: { url: string; headers: Record<string, string> }[] = [];
    const client = createClient({
      baseUrl: 'https://erp.example/crm/',
      token: async () => 'kehu_rotating',
      headers: { 'x-tenant': 'qinghe' },
      fetch: async (request) => {
        seen.push({ url: request.url, headers: Object.fromEntries(request.headers) });
        return new Response(null, { status: 204 });
      },
    });
    const out = await client.get('/api/v1/customers/{id}', {
      params: { id: 'a/b' },
      query: { include: 'credit,receivables' },
      headers: { 'if-none-match': '"3"' },
    });
    expect(out).toBeUndefined();
    expect(seen[0]!.url).toBe('https://erp.example/crm/api/v1/customers/a%2Fb?include=credit%2Creceivables');
    expect(seen[0]!.headers).toMatchObject({
      authorization: 'Bearer kehu_rotating',
      'x-tenant': 'qinghe',
      'if-none-match': '"3"',
    });
  });
});
