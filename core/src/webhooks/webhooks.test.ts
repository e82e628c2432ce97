import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Database } from '../db/database.js';
import type { DispatcherOptions } from '../hooks/outbox-dispatcher.js';
import { createTestKehu, json, type TestDatabase, type TestKehu, testDatabases } from '../testing/index.js';
import { type ReceivedRequest, WebhookReceiver } from './webhook-receiver.test-helper.js';
import type { WebhookOptions } from './webhook-service.js';

const SECRET_KEY = 'test webhook secret key, 32+ characters long';

const boot = (
  db: TestDatabase,
  webhooks: WebhookOptions = {},
  options: { database?: Database; dispatcher?: DispatcherOptions } = {},
) =>
  createTestKehu(db, {
    webhooks: { secretKey: SECRET_KEY, allowPrivateNetworks: true, ...webhooks },
    ...options,
  });

/** The documented algorithm: base64 HMAC-SHA256 of `id.timestamp.body` under the base64 key after `whsec_`. */
const expectedSignature = (secret: string, r: ReceivedRequest) =>
  `v1,${createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64'))
    .update(`${r.headers['webhook-id']}.${r.headers['webhook-timestamp']}.${r.body}`)
    .digest('base64')}`;

/** Verifies with the `standardwebhooks` package, whose timestamp tolerance is checked against "now". */
const verify = (t: TestKehu, secret: string, r: ReceivedRequest) => {
  vi.useFakeTimers({ now: t.clock.now(), toFake: ['Date'] });
  try {
    return new Webhook(secret).verify(r.body, r.headers as Record<string, string>);
  } finally {
    vi.useRealTimers();
  }
};

const register = async (t: TestKehu, body: Record<string, unknown>) => {
  const res = await t.request('/api/v1/admin/webhooks', { body });
  expect(res.status).toBe(201);
  return json<{ endpoint: { id: string }; secret: string }>(res);
};

const createCustomer = (t: TestKehu, name: string) => t.request('/api/v1/customers', { body: { name } });

describe.each(testDatabases())('outbound webhooks on $name', (db) => {
  let receiver: WebhookReceiver;
  beforeEach(async () => {
    receiver = await new WebhookReceiver().start();
  });
  afterEach(async () => {
    await receiver.close();
  });

  it('signs each delivery, retries an endpoint after a 500, dead-letters it after N failures and replays it, alone', async () => {
    const t = await boot(db, {}, { dispatcher: { maxAttempts: 3, backoffMs: (n) => n * 1000 } });
    try {
      const failing = await register(t, { url: receiver.url('/failing'), events: ['customer.*'] });
      const healthy = await register(t, { url: receiver.url('/healthy'), events: ['customer.created'] });
      expect(failing.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);

      const customer = await json(await createCustomer(t, '杭州西湖茶业'));
      expect(await t.drain()).toBe(2);
      const [first] = receiver.at('/failing');
      expect(first!.headers['content-type']).toBe('application/json');
      expect(first!.headers['webhook-timestamp']).toBe(String(t.clock.now().getTime() / 1000));
      expect(first!.headers['webhook-signature']).toBe(expectedSignature(failing.secret, first!));
      expect(verify(t, failing.secret, first!)).toEqual({
        id: first!.headers['webhook-id'],
        type: 'customer.created',
        timestamp: t.clock.now().toISOString(),
        data: expect.objectContaining({ customer: expect.objectContaining({ id: customer.id }) }),
      });
      // Each endpoint has its own secret: the other one's does not verify.
      expect(() => verify(t, healthy.secret, first!)).toThrow();
      expect(verify(t, healthy.secret, receiver.at('/healthy')[0]!)).toMatchObject({
        type: 'customer.created',
      });

      // The failing endpoint answers 500 three times; the healthy one is delivered once and left alone.
      receiver.script('/failing', 500, 500, 500);
      await createCustomer(t, '苏州园林');
      expect(await t.drain()).toBe(2);
      t.clock.advance(999);
      expect(await t.drain()).toBe(0);
      t.clock.advance(1);
      expect(await t.drain()).toBe(1);
      t.clock.advance(2000);
      expect(await t.drain()).toBe(1);
      t.clock.advance(3_600_000);
      expect(await t.drain()).toBe(0);
      const retries = receiver.at('/failing').slice(1);
      expect(retries).toHaveLength(3);
      // A retry is the same message: same webhook-id, signed again at its own time.
      expect(new Set(retries.map((r) => r.headers['webhook-id'])).size).toBe(1);
      expect(retries.map((r) => r.headers['webhook-timestamp'])).toEqual([
        String(Date.parse('2026-03-01T08:00:00.000Z') / 1000),
        String(Date.parse('2026-03-01T08:00:01.000Z') / 1000),
        String(Date.parse('2026-03-01T08:00:03.000Z') / 1000),
      ]);
      expect(receiver.at('/healthy')).toHaveLength(2);

      const log = await json(await t.request(`/api/v1/admin/webhooks/${failing.endpoint.id}/deliveries`));
      expect(
        log.items.map((a: { statusCode: number; attempt: number; ok: boolean }) => [
          a.statusCode,
          a.attempt,
          a.ok,
        ]),
      ).toEqual([
        [500, 3, false],
        [500, 2, false],
        [500, 1, false],
        [200, 1, true],
      ]);
      expect(
        log.items.every((a: { latencyMs: number }) => Number.isInteger(a.latencyMs) && a.latencyMs >= 0),
      ).toBe(true);
      expect(log.items[0]).toMatchObject({
        event: 'customer.created',
        error: 'HTTP 500',
        deliveryStatus: 'dead',
      });
      const dead = await json(await t.request('/api/v1/admin/deliveries?status=dead'));
      expect(dead.items.map((d: { subscriber: string }) => d.subscriber)).toEqual([
        `webhook:${failing.endpoint.id}`,
      ]);

      // Replaying the endpoint's dead letters sends the same message again, to it only.
      const replay = await t.request(`/api/v1/admin/webhooks/${failing.endpoint.id}/replay`, {
        method: 'POST',
      });
      expect(replay.status).toBe(202);
      expect(await json(replay)).toEqual({ replayed: [dead.items[0].id] });
      expect(await t.drain()).toBe(1);
      const replayed = receiver.at('/failing').at(-1)!;
      expect(replayed.headers['webhook-id']).toBe(retries[0]!.headers['webhook-id']);
      expect(verify(t, failing.secret, replayed)).toMatchObject({ type: 'customer.created' });
      expect(receiver.at('/healthy')).toHaveLength(2);
      expect((await json(await t.request('/api/v1/admin/deliveries?status=dead'))).items).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('sends only the events an endpoint asked for, and nothing to an inactive one', async () => {
    const t = await boot(db);
    try {
      await register(t, { url: receiver.url('/updates'), events: ['customer.updated'] });
      await register(t, { url: receiver.url('/off'), events: ['*'], active: false });
      const all = await register(t, { url: receiver.url('/all'), events: ['*'] });
      const c = await json(await createCustomer(t, 'A'));
      const patched = await t.request(`/api/v1/customers/${c.id}`, {
        method: 'PATCH',
        body: { region: 'east', version: c.version, reason: 'moved' },
      });
      expect(patched.status).toBe(200);
      await t.drain();
      expect(receiver.at('/updates').map((r) => JSON.parse(r.body).type)).toEqual(['customer.updated']);
      expect(receiver.at('/all').map((r) => JSON.parse(r.body).type)).toEqual([
        'customer.created',
        'customer.updated',
      ]);
      expect(receiver.at('/off')).toEqual([]);

      // Switched off, an endpoint gets nothing new.
      await t.request(`/api/v1/admin/webhooks/${all.endpoint.id}`, {
        method: 'PATCH',
        body: { active: false },
      });
      await createCustomer(t, 'B');
      await t.drain();
      expect(receiver.at('/all')).toHaveLength(2);
    } finally {
      await t.close();
    }
  });

  it('pings an endpoint with a signed webhook.ping and logs the answer', async () => {
    const t = await boot(db);
    try {
      const { endpoint, secret } = await register(t, {
        url: receiver.url('/hook'),
        events: ['customer.created'],
      });
      const res = await t.request(`/api/v1/admin/webhooks/${endpoint.id}/ping`, { method: 'POST' });
      expect(res.status).toBe(200);
      const attempt = await json(res);
      expect(attempt).toMatchObject({ event: 'webhook.ping', ok: true, statusCode: 200, deliveryId: null });
      expect(verify(t, secret, receiver.at('/hook')[0]!)).toMatchObject({
        type: 'webhook.ping',
        data: { endpointId: endpoint.id },
      });
      receiver.script('/hook', 503);
      const down = await json(
        await t.request(`/api/v1/admin/webhooks/${endpoint.id}/ping`, { method: 'POST' }),
      );
      expect(down).toMatchObject({
        ok: false,
        statusCode: 503,
        error: 'HTTP 503',
        responseBody: 'status 503',
      });
      const log = await json(await t.request(`/api/v1/admin/webhooks/${endpoint.id}/deliveries?limit=1`));
      expect(log.items.map((a: { id: string }) => a.id)).toEqual([down.id]);
      const older = await json(
        await t.request(`/api/v1/admin/webhooks/${endpoint.id}/deliveries?cursor=${log.nextCursor}`),
      );
      expect(older.items.map((a: { id: string }) => a.id)).toEqual([attempt.id]);
      expect(older.nextCursor).toBeNull();
      const before = await json(
        await t.request(`/api/v1/admin/webhooks/${endpoint.id}/deliveries?before=${down.id}`),
      );
      expect(before.items.map((a: { id: string }) => a.id)).toEqual([attempt.id]);
    } finally {
      await t.close();
    }
  });

  it('shows the secret once, stores it encrypted, and signs with old and new secret during a rotation', async () => {
    const t = await boot(db, { rotationGraceHours: 1 });
    try {
      const { endpoint, secret } = await register(t, {
        url: receiver.url('/hook'),
        events: ['customer.created'],
      });
      for (const path of ['/api/v1/admin/webhooks', `/api/v1/admin/webhooks/${endpoint.id}`])
        expect(await (await t.request(path)).text()).not.toContain('whsec_');
      const stored = await t.kernel.database.db.selectFrom('kehu_webhook_endpoint').selectAll().execute();
      expect(JSON.stringify(stored)).not.toContain(secret.slice('whsec_'.length));

      const rotated = await t.request(`/api/v1/admin/webhooks/${endpoint.id}/rotate-secret`, {
        method: 'POST',
      });
      expect(rotated.status).toBe(200);
      const { secret: next } = await json(rotated);
      expect(next).not.toBe(secret);
      await createCustomer(t, 'A');
      await t.drain();
      const during = receiver.at('/hook')[0]!;
      expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
      expect(verify(t, next, during)).toMatchObject({ type: 'customer.created' });
      expect(verify(t, secret, during)).toMatchObject({ type: 'customer.created' });

      t.clock.advance(3_600_000);
      await createCustomer(t, 'B');
      await t.drain();
      const after = receiver.at('/hook')[1]!;
      expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
      expect(verify(t, next, after)).toMatchObject({ type: 'customer.created' });
      expect(() => verify(t, secret, after)).toThrow();

      // A retry with the same Idempotency-Key is told the first one succeeded, never shown the secret.
      const keyed = { url: receiver.url('/keyed'), events: ['customer.created'] };
      const headers = { 'idempotency-key': 'register-keyed' };
      const first = await t.request('/api/v1/admin/webhooks', { body: keyed, headers });
      expect(first.status).toBe(201);
      expect(first.headers.get('cache-control')).toBe('no-store');
      const retry = await t.request('/api/v1/admin/webhooks', { body: keyed, headers });
      expect(retry.status).toBe(409);
      const retried = await retry.text();
      expect(JSON.parse(retried).code).toBe('idempotency_secret_withheld');
      expect(retried).not.toContain('whsec_');
      expect((await json(await t.request('/api/v1/admin/webhooks'))).items).toHaveLength(2);
      const replays = await t.kernel.database.db.selectFrom('kehu_idempotency').selectAll().execute();
      expect(JSON.stringify(replays)).not.toContain('whsec_');

      const audit = await json(
        await t.request(`/api/v1/audit?entityType=webhook_endpoint&entityId=${endpoint.id}`),
      );
      expect(audit.items.map((a: { action: string }) => a.action)).toEqual(['rotateSecret', 'create']);
      expect(JSON.stringify(audit)).not.toContain('whsec_');
    } finally {
      await t.close();
    }
  });

  it('refuses loopback, private and link-local endpoints unless the host allows them', async () => {
    const t = await boot(db, { allowPrivateNetworks: false });
    try {
      for (const host of [
        '127.0.0.1',
        'localhost',
        '[::1]',
        '10.1.2.3',
        '172.16.0.1',
        '192.168.1.1',
        '169.254.169.254',
        '100.64.0.1',
        '0.0.0.0',
        '[fe80::1]',
        '[fd00::1]',
        '[::ffff:127.0.0.1]',
        '[::ffff:a00:1]',
      ]) {
        const res = await t.request('/api/v1/admin/webhooks', {
          body: { url: `http://${host}:8080/hook`, events: ['customer.created'] },
        });
        expect([host, res.status]).toEqual([host, 422]);
        expect((await json(res)).code).toBe('webhook_url_refused');
      }
      expect((await json(await t.request('/api/v1/admin/webhooks'))).items).toEqual([]);
      const pub = await t.request('/api/v1/admin/webhooks', {
        body: { url: 'https://93.184.216.34/hook', events: ['customer.created'] },
      });
      expect(pub.status).toBe(201);
      const moved = await t.request(`/api/v1/admin/webhooks/${(await json(pub)).endpoint.id}`, {
        method: 'PATCH',
        body: { url: 'http://127.0.0.1/hook' },
      });
      expect(moved.status).toBe(422);
    } finally {
      await t.close();
    }
  });

  it('checks the address again at delivery: an endpoint registered while allowed is refused once it is not', async () => {
    const store = await db.persistent();
    try {
      const allowed = await boot(db, {}, { database: await store.open() });
      await register(allowed, { url: receiver.url('/ip'), events: ['customer.created'] });
      await register(allowed, { url: receiver.url('/name', 'localhost'), events: ['customer.created'] });
      await allowed.close();

      const strict = await boot(db, { allowPrivateNetworks: false }, { database: await store.open() });
      try {
        await createCustomer(strict, 'A');
        expect(await strict.drain()).toBe(2);
        expect(receiver.received).toEqual([]);
        const pending = await json(await strict.request('/api/v1/admin/deliveries?status=pending'));
        expect(pending.items.map((d: { lastError: string }) => d.lastError)).toEqual([
          expect.stringContaining('non-public address'),
          expect.stringContaining('non-public address'),
        ]);
      } finally {
        await strict.close();
      }
    } finally {
      await store.remove();
    }
  });

  it('does not follow redirects and gives up on an endpoint that does not answer in time', async () => {
    const t = await boot(db, { timeoutMs: 200 });
    try {
      const moved = await register(t, { url: receiver.url('/moved'), events: ['customer.created'] });
      const slow = await register(t, { url: receiver.url('/slow'), events: ['customer.created'] });
      receiver.script('/moved', { status: 307, headers: { location: receiver.url('/elsewhere') } });
      receiver.hang('/slow');
      await createCustomer(t, 'A');
      await t.drain();
      expect(receiver.at('/elsewhere')).toEqual([]);
      const [redirect] = (
        await json(await t.request(`/api/v1/admin/webhooks/${moved.endpoint.id}/deliveries`))
      ).items;
      expect(redirect).toMatchObject({
        ok: false,
        statusCode: 307,
        error: 'HTTP 307: redirects are not followed',
      });
      const [timedOut] = (
        await json(await t.request(`/api/v1/admin/webhooks/${slow.endpoint.id}/deliveries`))
      ).items;
      expect(timedOut).toMatchObject({ ok: false, statusCode: null, error: 'no response within 200 ms' });
    } finally {
      await t.close();
    }
  });

  it('disables an endpoint that failed for N days and tells subscribers of webhook.endpointDisabled', async () => {
    const t = await boot(db, { disableAfterDays: 2 }, { dispatcher: { maxAttempts: 1 } });
    try {
      const broken = await register(t, { url: receiver.url('/broken'), events: ['customer.created'] });
      await register(t, { url: receiver.url('/ops'), events: ['webhook.*'] });
      const get = async () => json(await t.request(`/api/v1/admin/webhooks/${broken.endpoint.id}`));
      receiver.script('/broken', 500, 500, 500);
      await createCustomer(t, 'day 0');
      await t.drain();
      expect(await get()).toMatchObject({ active: true, failingSince: t.clock.now().toISOString() });
      const since = t.clock.now().toISOString();
      t.clock.advanceDays(1);
      await createCustomer(t, 'day 1');
      await t.drain();
      expect(await get()).toMatchObject({ active: true, failingSince: since });
      t.clock.advanceDays(1);
      await createCustomer(t, 'day 2');
      await t.drain();
      // The disabling wrote a webhook.endpointDisabled event: the next round delivers it.
      expect(await t.drain()).toBe(1);
      const disabled = await get();
      expect(disabled).toMatchObject({ active: false, disabledAt: t.clock.now().toISOString() });
      expect(disabled.disabledReason).toContain('2 days');
      expect(receiver.at('/ops').map((r) => JSON.parse(r.body))).toEqual([
        expect.objectContaining({
          type: 'webhook.endpointDisabled',
          data: expect.objectContaining({ endpointId: broken.endpoint.id, failingSince: since }),
        }),
      ]);

      // Every admin finds it in their inbox; other users do not.
      const inbox = await json(await t.request('/api/v1/notifications'));
      expect(inbox.items).toEqual([
        expect.objectContaining({
          kind: 'webhook.endpointDisabled',
          title: `Webhook endpoint ${broken.endpoint.id} was disabled`,
          data: expect.objectContaining({ endpointId: broken.endpoint.id }),
        }),
      ]);
      const manager = await t.user(['general_manager']);
      expect((await json(await t.request('/api/v1/notifications', { token: manager.token }))).items).toEqual(
        [],
      );

      await createCustomer(t, 'day 2, later');
      await t.drain();
      expect(receiver.at('/broken')).toHaveLength(3);

      // Re-enabled by an admin, it starts with a clean record and receives events again.
      const back = await json(
        await t.request(`/api/v1/admin/webhooks/${broken.endpoint.id}`, {
          method: 'PATCH',
          body: { active: true },
        }),
      );
      expect(back).toMatchObject({
        active: true,
        failingSince: null,
        disabledAt: null,
        disabledReason: null,
      });
      await createCustomer(t, 'day 2, fixed');
      await t.drain();
      expect(receiver.at('/broken')).toHaveLength(4);
      expect(await get()).toMatchObject({ failingSince: null });
    } finally {
      await t.close();
    }
  });

  it('deletes an endpoint with its log and the deliveries still waiting for it', async () => {
    const t = await boot(db);
    try {
      const { endpoint } = await register(t, { url: receiver.url('/hook'), events: ['customer.created'] });
      await createCustomer(t, 'A');
      expect((await t.request(`/api/v1/admin/webhooks/${endpoint.id}`, { method: 'DELETE' })).status).toBe(
        204,
      );
      expect(await t.drain()).toBe(0);
      expect(receiver.received).toEqual([]);
      expect((await json(await t.request('/api/v1/admin/deliveries'))).items).toEqual([]);
      for (const [path, method] of [
        [`/api/v1/admin/webhooks/${endpoint.id}`, 'GET'],
        [`/api/v1/admin/webhooks/${endpoint.id}`, 'DELETE'],
        [`/api/v1/admin/webhooks/${endpoint.id}/ping`, 'POST'],
        [`/api/v1/admin/webhooks/${endpoint.id}/rotate-secret`, 'POST'],
        [`/api/v1/admin/webhooks/${endpoint.id}/deliveries`, 'GET'],
      ] as const)
        expect([path, method, (await t.request(path, { method })).status]).toEqual([path, method, 404]);
    } finally {
      await t.close();
    }
  });

  it('documents the webhook routes in the OpenAPI document', async () => {
    const t = await boot(db);
    try {
      const doc = await json(await t.request('/api/openapi.json', { token: null }));
      expect(Object.keys(doc.paths).filter((p) => p.startsWith('/api/v1/admin/webhooks'))).toEqual([
        '/api/v1/admin/webhooks',
        '/api/v1/admin/webhooks/{id}',
        '/api/v1/admin/webhooks/{id}/rotate-secret',
        '/api/v1/admin/webhooks/{id}/ping',
        '/api/v1/admin/webhooks/{id}/deliveries',
        '/api/v1/admin/webhooks/{id}/replay',
      ]);
      expect(Object.keys(doc.paths['/api/v1/admin/webhooks/{id}']).sort()).toEqual([
        'delete',
        'get',
        'patch',
      ]);
    } finally {
      await t.close();
    }
  });

  it('lets only admins manage webhooks, validates input and needs the host key to store secrets', async () => {
    const t = await boot(db);
    try {
      const manager = await t.user(['general_manager']);
      const list = await t.request('/api/v1/admin/webhooks', { token: manager.token });
      expect(list.status).toBe(403);
      const create = await t.request('/api/v1/admin/webhooks', {
        token: manager.token,
        body: { url: receiver.url('/hook'), events: ['customer.created'] },
      });
      expect(create.status).toBe(403);
      for (const body of [
        { url: 'ftp://example.com/hook', events: ['customer.created'] },
        { url: receiver.url('/hook'), events: [] },
        { url: receiver.url('/hook'), events: ['Customer created'] },
        { url: receiver.url('/hook'), events: ['customer.created'], secret: 'mine' },
      ]) {
        const res = await t.request('/api/v1/admin/webhooks', { body });
        expect(res.status).toBe(400);
        expect((await json(res)).code).toBe('validation_failed');
      }
      expect((await json(await t.request('/api/v1/admin/webhooks'))).items).toEqual([]);
    } finally {
      await t.close();
    }
    const unkeyed = await createTestKehu(db, { webhooks: { allowPrivateNetworks: true } });
    try {
      const res = await unkeyed.request('/api/v1/admin/webhooks', {
        body: { url: receiver.url('/hook'), events: ['customer.created'] },
      });
      expect(res.status).toBe(409);
      expect((await json(res)).code).toBe('webhooks_not_configured');
    } finally {
      await unkeyed.close();
    }
  });
});
