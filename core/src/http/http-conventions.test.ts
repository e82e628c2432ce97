import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../logger.js';
import { definePlugin } from '../plugin/define-plugin.js';
import { contractPlugins } from '../testing/contract-plugins.js';
import { createTestKehu, json, type TestDatabase, testDatabases } from '../testing/index.js';

function capturingLogger(): Logger & { errors: Record<string, unknown>[] } {
  const errors: Record<string, unknown>[] = [];
  return { errors, info: () => {}, warn: () => {}, error: (msg, data) => errors.push({ msg, ...data }) };
}

const boot = (db: TestDatabase, logger?: Logger) => {
  const { notes, stamps } = contractPlugins();
  return createTestKehu(db, { plugins: [notes, stamps], ...(logger ? { logger } : {}) });
};

describe.each(testDatabases())('HTTP conventions on $name', (db) => {
  it('answers unknown routes with a 404 problem', async () => {
    const t = await boot(db);
    try {
      for (const path of ['/api/v1/nothing-here', '/api/v1/notes/nope', '/elsewhere']) {
        const res = await t.request(path);
        expect(res.status).toBe(404);
        expect(res.headers.get('content-type')).toBe('application/problem+json');
        expect(await json(res)).toEqual({
          type: 'https://kehu.dev/problems/route_not_found',
          title: 'Not Found',
          status: 404,
          code: 'route_not_found',
          detail: `No route GET ${path}`,
          instance: path,
        });
      }
    } finally {
      await t.close();
    }
  });

  it('turns a thrown bug into a 500 that leaks nothing, logs the stack and carries the request id', async () => {
    const logger = capturingLogger();
    const t = await boot(db, logger);
    try {
      const res = await t.request('/api/v1/notes/boom', { method: 'POST' });
      expect(res.status).toBe(500);
      const requestId = res.headers.get('x-request-id')!;
      expect(requestId).toMatch(/^[0-9a-z]{20}$/);
      const text = await res.text();
      expect(text).not.toMatch(/secret|postgres:|Error:|at .*\.ts/);
      expect(JSON.parse(text)).toEqual({
        type: 'https://kehu.dev/problems/internal_error',
        title: 'Internal Server Error',
        status: 500,
        code: 'internal_error',
        detail: `Something went wrong; quote request id ${requestId}`,
        instance: '/api/v1/notes/boom',
      });
      expect(logger.errors).toHaveLength(1);
      expect(logger.errors[0]).toMatchObject({
        msg: 'unhandled error',
        requestId,
        path: '/api/v1/notes/boom',
      });
      expect(String(logger.errors[0]!.stack)).toContain('connection string postgres://secret@db is wrong');
    } finally {
      await t.close();
    }
  });

  it('turns a thrown non-Error into the same 500', async () => {
    const logger = capturingLogger();
    const { notes } = contractPlugins();
    const weird = {
      ...notes,
      name: 'weird',
      migrations: [],
      setup(ctx: Parameters<typeof notes.setup>[0]) {
        ctx.router.get('/throws-a-string', { summary: 'Throws a string', access: 'public' }, () => {
          throw 'token=abc';
        });
      },
    };
    const t = await createTestKehu(db, { plugins: [weird], logger });
    try {
      const res = await t.request('/api/v1/weird/throws-a-string');
      expect(res.status).toBe(500);
      expect(res.headers.get('x-request-id')).toBeTruthy();
      const body = await json(res);
      expect(body.code).toBe('internal_error');
      expect(JSON.stringify(body)).not.toContain('token=abc');
      expect(logger.errors[0]).toMatchObject({ stack: 'token=abc' });
    } finally {
      await t.close();
    }
  });

  it('gives a request id to every response: a route, a refused body, a 404, a site page and its errors', async () => {
    const logger = capturingLogger();
    const { notes } = contractPlugins();
    // A site served beside the API, as the console does: its pages are no plugin router's routes.
    const site = definePlugin({
      name: 'site',
      version: '1.0.0',
      setup(ctx) {
        const app = new Hono();
        app.get('/welcome', (c) => c.text('welcome'));
        app.get('/broken', () => {
          throw new Error('the page broke');
        });
        ctx.ui.serve(app);
      },
    });
    const t = await createTestKehu(db, { plugins: [notes, site], logger, maxBodyBytes: 1000 });
    try {
      const id = (res: Response) => res.headers.get('x-request-id');
      const route = await t.request('/api/v1/notes/notes', { headers: { 'x-request-id': 'call-1' } });
      expect([route.status, id(route)]).toEqual([200, 'call-1']);
      const big = await t.request('/api/v1/notes/notes', {
        body: { title: 'x'.repeat(2000), amount: 1 },
        headers: { 'x-request-id': 'call-2' },
      });
      expect([big.status, id(big)]).toEqual([413, 'call-2']);
      const missing = await t.request('/api/v1/notes/nope', { headers: { 'x-request-id': 'call-3' } });
      expect([missing.status, id(missing)]).toEqual([404, 'call-3']);
      const page = await t.kernel.app.request('/welcome', { headers: { 'x-request-id': 'call-4' } });
      expect([page.status, await page.text(), id(page)]).toEqual([200, 'welcome', 'call-4']);
      const broken = await t.kernel.app.request('/broken', { headers: { 'x-request-id': 'call-5' } });
      expect([broken.status, id(broken)]).toEqual([500, 'call-5']);
      expect((await json(broken)).detail).toBe('Something went wrong; quote request id call-5');
      expect(logger.errors[0]).toMatchObject({ requestId: 'call-5', path: '/broken' });
    } finally {
      await t.close();
    }
  });

  it('echoes an acceptable X-Request-Id and replaces one that is not', async () => {
    const t = await boot(db);
    try {
      const given = await t.request('/api/health', { headers: { 'x-request-id': 'lb-7f3a:42' } });
      expect(given.headers.get('x-request-id')).toBe('lb-7f3a:42');
      const forged = await t.request('/api/health', { headers: { 'x-request-id': 'a b {"level":"error"}' } });
      expect(forged.headers.get('x-request-id')).toMatch(/^[0-9a-z]{20}$/);
      const ids = new Set<string>();
      for (let i = 0; i < 5; i++) ids.add((await t.request('/api/v1/nope')).headers.get('x-request-id')!);
      expect(ids.size).toBe(5);
    } finally {
      await t.close();
    }
  });

  it('reports health with the database', async () => {
    const t = await boot(db);
    try {
      const res = await t.request('/api/health', { token: null });
      expect(await json(res)).toEqual({ status: 'ok', database: db.name });
    } finally {
      await t.close();
    }
  });

  it('validates params, query and body with field paths, and refuses non-JSON bodies', async () => {
    const t = await boot(db);
    try {
      const query = await t.request('/api/v1/notes/notes?limit=500&kind=fax');
      expect(query.status).toBe(400);
      const qp = await json(query);
      expect(qp).toMatchObject({
        code: 'validation_failed',
        detail: 'The request is invalid: query.kind, query.limit',
      });
      expect(qp.errors.map((e: { path: string }) => e.path).sort()).toEqual(['query.kind', 'query.limit']);

      const params = await t.request(`/api/v1/notes/notes/${'x'.repeat(40)}`);
      expect(params.status).toBe(400);
      expect((await json(params)).errors[0].path).toBe('params.id');

      const malformed = await t.request('/api/v1/notes/notes', { body: '{"title": "x",' });
      expect(malformed.status).toBe(400);
      expect((await json(malformed)).code).toBe('invalid_json');

      const form = await t.request('/api/v1/notes/notes', {
        body: 'title=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(form.status).toBe(415);
      expect((await json(form)).code).toBe('unsupported_media_type');

      const missing = await t.request('/api/v1/notes/notes', { method: 'POST' });
      expect(missing.status).toBe(400);
      expect((await json(missing)).errors[0].path).toBe('body');

      const rows = await t.kernel.database.db.selectFrom('notes_note').selectAll().execute();
      expect(rows).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('refuses a body over the size limit with a 413 problem, before any work', async () => {
    const { notes, stamps } = contractPlugins();
    const t = await createTestKehu(db, { plugins: [notes, stamps], maxBodyBytes: 1000 });
    try {
      const big = await t.request('/api/v1/notes/notes', { body: { title: 'x'.repeat(2000), amount: 1 } });
      expect(big.status).toBe(413);
      expect(await json(big)).toMatchObject({
        status: 413,
        code: 'payload_too_large',
        detail: 'The request body is larger than 1000 bytes',
      });
      expect((await t.request('/api/v1/notes/notes', { body: { title: 'small', amount: 1 } })).status).toBe(
        201,
      );

      // A chunked body has no Content-Length: it is counted as it is read.
      const chunks = [`{"title":"${'y'.repeat(600)}`, `${'y'.repeat(600)}","amount":1}`];
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          const next = chunks.shift();
          if (next === undefined) controller.close();
          else controller.enqueue(new TextEncoder().encode(next));
        },
      });
      const chunked = await t.kernel.app.request('/api/v1/notes/notes', {
        method: 'POST',
        body: stream,
        headers: { authorization: `Bearer ${t.adminToken}`, 'content-type': 'application/json' },
        duplex: 'half',
      } as RequestInit);
      expect(chunked.status).toBe(413);
      expect((await json(chunked)).code).toBe('payload_too_large');
      expect((await json(await t.request('/api/v1/notes/notes'))).items).toHaveLength(1);
    } finally {
      await t.close();
    }
  });

  it('replays a POST retried with the same Idempotency-Key and refuses the key for a different request', async () => {
    const t = await boot(db);
    try {
      const headers = { 'idempotency-key': 'order-7781' };
      const first = await t.request('/api/v1/notes/notes', { body: { title: 'once', amount: 10 }, headers });
      expect(first.status).toBe(201);
      const created = await json(first);

      const retry = await t.request('/api/v1/notes/notes', { body: { title: 'once', amount: 10 }, headers });
      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(await json(retry)).toEqual(created);
      expect((await json(await t.request('/api/v1/notes/notes'))).items).toHaveLength(1);

      const reused = await t.request('/api/v1/notes/notes', { body: { title: 'once', amount: 11 }, headers });
      expect(reused.status).toBe(422);
      expect(reused.headers.get('content-type')).toBe('application/problem+json');
      expect((await json(reused)).code).toBe('idempotency_key_reused');
      expect((await json(await t.request('/api/v1/notes/notes'))).items).toHaveLength(1);

      // Keys belong to a caller: another caller's same key is a new request.
      const clerk = await t.user(['notes_clerk']);
      const other = await t.request('/api/v1/notes/notes', {
        body: { title: 'twice', amount: 10 },
        headers,
        token: clerk.token,
      });
      expect(other.status).toBe(201);
      expect(other.headers.get('idempotent-replayed')).toBeNull();

      // Without a key every POST is a new request.
      await t.request('/api/v1/notes/notes', { body: { title: 'thrice', amount: 1 } });
      expect((await t.request('/api/v1/notes/notes', { body: { title: 'thrice', amount: 1 } })).status).toBe(
        409,
      );

      const long = await t.request('/api/v1/notes/notes', {
        body: { title: 'x', amount: 1 },
        headers: { 'idempotency-key': 'k'.repeat(201) },
      });
      expect(long.status).toBe(400);
    } finally {
      await t.close();
    }
  });

  it('runs a POST once when two requests with the same Idempotency-Key arrive together', async () => {
    const t = await boot(db);
    try {
      const headers = { 'idempotency-key': 'double-click' };
      const responses = await Promise.all(
        Array.from({ length: 5 }, () =>
          t.request('/api/v1/notes/notes', { body: { title: 'double', amount: 3 }, headers }),
        ),
      );
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
      expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
      for (const r of responses.filter((x) => x.status === 409))
        expect((await json(r)).code).toBe('idempotency_in_progress');
      expect((await json(await t.request('/api/v1/notes/notes'))).items).toHaveLength(1);
      const retry = await t.request('/api/v1/notes/notes', { body: { title: 'double', amount: 3 }, headers });
      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
    } finally {
      await t.close();
    }
  });

  it('does not store a 5xx under an Idempotency-Key, so the retry runs again', async () => {
    const t = await boot(db);
    try {
      const headers = { 'idempotency-key': 'crash-1' };
      expect(
        (await t.request('/api/v1/notes/notes', { body: { title: 'crash', amount: 1 }, headers })).status,
      ).toBe(500);
      expect(
        (await t.request('/api/v1/notes/notes', { body: { title: 'crash', amount: 1 }, headers })).status,
      ).toBe(500);
      const stored = await t.kernel.database.db.selectFrom('kehu_idempotency').selectAll().execute();
      expect(stored).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
