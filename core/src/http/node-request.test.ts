import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createTestKehu,
  TEST_ADMIN_TOKEN,
  type TestDatabase,
  type TestKehu,
  testDatabases,
} from '../testing/index.js';

/** A real node server on 127.0.0.1 (port 0) for `fetch`: the path Kehu takes under `kehu serve`. */
async function listen(fetch: (req: Request, env: unknown) => Response | Promise<Response>) {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A GET with header lines exactly as given (repeated names stay separate lines). */
function rawGet(url: string, headers: string[]): Promise<{ status: number; requestId: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({ status: res.statusCode!, requestId: res.headers['x-request-id'] as string | undefined }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe.each(testDatabases())('Request and response headers over node on $name', (db: TestDatabase) => {
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const o of open.splice(0).reverse()) await o.close();
  });
  const boot = async (): Promise<TestKehu> => {
    const t = await createTestKehu(db);
    open.push(t);
    return t;
  };
  const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

  it('reads the caller and the request id from node, and echoes the id and the ETag', async () => {
    const t = await boot();
    const server = await listen(t.kernel.app.fetch);
    open.push(server);

    const me = await fetch(`${server.url}/api/v1/me`, { headers: { ...admin, 'X-Request-Id': 'call-1' } });
    expect(me.status).toBe(200);
    expect(me.headers.get('x-request-id')).toBe('call-1');
    expect(await me.json()).toMatchObject({ roles: ['admin'] });

    const created = await fetch(`${server.url}/api/v1/customers`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ name: '杭州节点测试有限公司' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const read = await fetch(`${server.url}/api/v1/customers/${id}`, { headers: admin });
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"1"');
    expect(read.headers.get('x-request-id')).toMatch(/^[0-9a-z]{20}$/);
    expect(read.headers.get('content-type')).toBe('application/json');

    // Repeated header lines read as `Headers` joins them ("a, b"): a malformed bearer is no caller,
    // and "a, b" is no acceptable request id, so a fresh one is made.
    const twice = await rawGet(`${server.url}/api/v1/me`, [
      'host',
      new URL(server.url).host,
      'authorization',
      `Bearer ${TEST_ADMIN_TOKEN}`,
      'authorization',
      'Bearer other',
      'x-request-id',
      'a',
      'x-request-id',
      'b',
    ]);
    expect(twice.status).toBe(401);
    expect(twice.requestId).toMatch(/^[0-9a-z]{20}$/);

    const anonymous = await fetch(`${server.url}/api/v1/me`, { headers: { 'X-Request-Id': 'call-2' } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('x-request-id')).toBe('call-2');
  });

  it('uses the request a host replaced, not the node request behind it', async () => {
    const t = await boot();
    const host = new Hono();
    // The host authenticates its own way and calls Kehu with a rewritten request.
    host.use('/api/*', async (c) => {
      const headers = new Headers(c.req.raw.headers);
      headers.set('authorization', `Bearer ${TEST_ADMIN_TOKEN}`);
      headers.set('x-request-id', 'from-host');
      return t.kernel.app.fetch(new Request(c.req.raw, { headers }), c.env);
    });
    const server = await listen(host.fetch);
    open.push(server);

    const res = await fetch(`${server.url}/api/v1/me`, {
      headers: { authorization: 'Bearer not-a-token', 'X-Request-Id': 'from-caller' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('from-host');
    expect(await res.json()).toMatchObject({ roles: ['admin'] });
  });

  it('uses headers a host middleware changed in place', async () => {
    const t = await boot();
    const host = new Hono();
    host.use('*', async (c, next) => {
      c.req.raw.headers.set('authorization', `Bearer ${TEST_ADMIN_TOKEN}`);
      c.req.raw.headers.set('x-request-id', 'set-by-host');
      await next();
    });
    host.route('/', t.kernel.app);
    const server = await listen(host.fetch);
    open.push(server);

    const res = await fetch(`${server.url}/api/v1/me`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('set-by-host');
    expect(await res.json()).toMatchObject({ roles: ['admin'] });
  });

  it('keeps an in-process call’s request id off the response of the request that made it', async () => {
    const t = await boot();
    const host = new Hono();
    host.get('/combined', async (c) => {
      const inner = await t.kernel.app.fetch(
        new Request('http://in-process/api/v1/me', { headers: { ...admin, 'x-request-id': 'inner' } }),
        c.env,
      );
      return c.json({ innerId: inner.headers.get('x-request-id') });
    });
    host.route('/', t.kernel.app);
    const server = await listen(host.fetch);
    open.push(server);

    const res = await fetch(`${server.url}/combined`, { headers: { 'X-Request-Id': 'outer' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ innerId: 'inner' });
    expect(res.headers.get('x-request-id')).toBeNull();
  });
});

describe.each(testDatabases())('JSON bodies read straight from node on $name', (db: TestDatabase) => {
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const o of open.splice(0).reverse()) await o.close();
  });
  const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };
  const serveKehu = async (maxBodyBytes?: number) => {
    const t = await createTestKehu(db, maxBodyBytes ? { maxBodyBytes } : {});
    open.push(t);
    const server = await listen(t.kernel.app.fetch);
    open.push(server);
    const names = async () => {
      const list = await fetch(`${server.url}/api/v1/customers`, { headers: admin });
      return ((await list.json()) as { items: { name: string }[] }).items.map((c) => c.name);
    };
    return { t, url: server.url, names };
  };

  it('creates from the body, and refuses an oversized or malformed one without creating anything', async () => {
    const { url, names } = await serveKehu(1000);
    const post = (body: RequestInit['body'], init: RequestInit = {}) =>
      fetch(`${url}/api/v1/customers`, { method: 'POST', headers: admin, body, ...init });

    const created = await post(JSON.stringify({ name: '宁波节点读取有限公司', phone: '0574-8888 0001' }));
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ name: '宁波节点读取有限公司', phone: '0574-8888 0001' });

    const big = await post(JSON.stringify({ name: '大'.repeat(400) }));
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({
      code: 'payload_too_large',
      detail: 'The request body is larger than 1000 bytes',
    });

    // Without Content-Length (chunked), the body is counted as it arrives.
    const parts = [`{"name":"${'y'.repeat(600)}`, `${'y'.repeat(600)}"}`];
    const chunked = await post(
      new ReadableStream<Uint8Array>({
        pull(controller) {
          const next = parts.shift();
          if (next === undefined) controller.close();
          else controller.enqueue(new TextEncoder().encode(next));
        },
      }),
      { duplex: 'half' } as RequestInit,
    );
    expect(chunked.status).toBe(413);

    const malformed = await post('{"name": "半截');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: 'invalid_json' });

    expect(await names()).toEqual(['宁波节点读取有限公司']);
  });

  it('replays a create under the same Idempotency-Key from the body read from node', async () => {
    const { url, names } = await serveKehu();
    const post = (name: string) =>
      fetch(`${url}/api/v1/customers`, {
        method: 'POST',
        headers: { ...admin, 'Idempotency-Key': 'create-once' },
        body: JSON.stringify({ name }),
      });
    const first = await post('温州幂等有限公司');
    const again = await post('温州幂等有限公司');
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(((await again.json()) as { id: string }).id).toBe(((await first.json()) as { id: string }).id);
    expect((await post('另一个名字')).status).toBe(422);
    expect(await names()).toEqual(['温州幂等有限公司']);
  });

  it('reads an in-process call’s own body, not the node request it runs inside', async () => {
    const t = await createTestKehu(db);
    open.push(t);
    const host = new Hono();
    host.post('/outer', async (c) => {
      const inner = await t.kernel.app.fetch(
        new Request('http://in-process/api/v1/customers', {
          method: 'POST',
          headers: admin,
          body: JSON.stringify({ name: '内部调用有限公司' }),
        }),
        c.env,
      );
      return c.json({ status: inner.status, created: await inner.json(), outer: await c.req.json() });
    });
    const server = await listen(host.fetch);
    open.push(server);

    const res = await fetch(`${server.url}/outer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: '外层请求' }),
    });
    expect(await res.json()).toMatchObject({
      status: 201,
      created: { name: '内部调用有限公司' },
      outer: { name: '外层请求' },
    });
  });
});
