import { createServer, type Server } from 'node:http';
import { silentLogger } from '@kehu/core';
import { testDatabases } from '@kehu/core/testing';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { createClient, type KehuClient } from '../src/client/index.js';
import { type KehuServer, serve } from '../src/index.js';

const ADMIN = 'kehu_client_webhooks_admin';

describe.each(testDatabases())('webhook administration through the typed client on $name', (db) => {
  let server: KehuServer;
  let client: KehuClient;
  let receiver: Server;
  let receiverUrl: string;
  const received: string[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        received.push(body);
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const address = receiver.address();
    receiverUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`;
    server = await serve(
      {
        database: await db.open(),
        logger: silentLogger,
        scheduler: false,
        dispatcher: false,
        auth: { adminToken: ADMIN },
        webhooks: { secretKey: 'client test key with at least 32 chars', allowPrivateNetworks: true },
      },
      { port: 0, host: '127.0.0.1', handleSignals: false },
    );
    client = createClient({ baseUrl: server.url, token: ADMIN });
  });
  afterAll(async () => {
    await server.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  it('registers an endpoint, pings it, reads its log, rotates its secret and deletes it', async () => {
    const created = await client.post('/api/v1/admin/webhooks', {
      body: { url: receiverUrl, events: ['customer.*'], description: 'ERP sync' },
    });
    expectTypeOf(created.secret).toEqualTypeOf<string>();
    expect(created.secret).toMatch(/^whsec_/);
    const id = created.endpoint.id;

    const ping = await client.post('/api/v1/admin/webhooks/{id}/ping', { params: { id } });
    expectTypeOf(ping.statusCode).toEqualTypeOf<number | null>();
    expect(ping).toMatchObject({ ok: true, statusCode: 200, event: 'webhook.ping' });
    expect(JSON.parse(received[0]!)).toMatchObject({ type: 'webhook.ping' });

    const log = await client.get('/api/v1/admin/webhooks/{id}/deliveries', { params: { id } });
    expect(log.items.map((a) => a.id)).toEqual([ping.id]);

    const changed = await client.patch('/api/v1/admin/webhooks/{id}', {
      params: { id },
      body: { events: ['customer.created'] },
    });
    expect(changed.events).toEqual(['customer.created']);
    const rotated = await client.post('/api/v1/admin/webhooks/{id}/rotate-secret', { params: { id } });
    expect(rotated.secret).not.toBe(created.secret);
    expect((await client.get('/api/v1/admin/webhooks')).items.map((e) => e.id)).toEqual([id]);
    expect(await client.post('/api/v1/admin/webhooks/{id}/replay', { params: { id } })).toEqual({
      replayed: [],
    });
    await client.delete('/api/v1/admin/webhooks/{id}', { params: { id } });
    expect((await client.get('/api/v1/admin/webhooks')).items).toEqual([]);
  });
});
