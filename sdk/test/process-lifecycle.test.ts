import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openDatabase } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { cliDatabases, configDir } from './helpers.js';
import { listening, serveProcess } from './process.js';

const postCustomer = (base: string, token: string, name: string) =>
  fetch(`${base}/api/v1/customers`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });

async function deliveries(url: string) {
  const database = await openDatabase({ url });
  try {
    const rows = await database.db
      .selectFrom('kehu_delivery')
      .select(['subscriber', 'status', 'attempts', 'locked_until', 'last_error'])
      .orderBy('subscriber')
      .execute();
    return rows.map((r) => ({ ...r, attempts: Number(r.attempts) }));
  } finally {
    await database.close();
  }
}

/**
 * A subscriber that kills its own process on one customer. Each start runs with the clock moved
 * on by a restart's worth (`KEHU_CLOCK_OFFSET_MS`), so the lease the dead process left has run out.
 */
const crashingConfig = `
const offset = Number(process.env.KEHU_CLOCK_OFFSET_MS ?? 0);
export default {
  clock: { now: () => new Date(Date.now() + offset) },
  dispatcher: { maxAttempts: 3 },
  plugins: [{
    name: 'crasher',
    version: '1.0.0',
    setup(ctx) {
      ctx.hooks.on('customer.created', 'native-addon', ({ customer }) => {
        if (customer.name === '崩溃客户') process.kill(process.pid, 'SIGKILL');
      });
    },
  }],
};
`;

/** Two subscribers; `notify` waits for the test's gate (`KEHU_GATE`) before it finishes. */
const gatedConfig = `
export default {
  plugins: [{
    name: 'gated',
    version: '1.0.0',
    setup(ctx) {
      ctx.hooks.on('customer.created', 'notify', async ({ customer }) => {
        const res = await fetch(process.env.KEHU_GATE + '/' + customer.id);
        await res.text();
      });
      ctx.hooks.on('customer.created', 'archive', () => {});
    },
  }],
};
`;

/** An HTTP server that holds every request until `release()`. */
async function gate() {
  const held: ServerResponse[] = [];
  let arrived!: () => void;
  const first = new Promise<void>((r) => (arrived = r));
  const server = createServer((_req: IncomingMessage, res: ServerResponse) => {
    held.push(res);
    arrived();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    first,
    release: () => {
      for (const res of held.splice(0)) res.end('ok');
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const MAX_ATTEMPTS = 3;

describe.each(cliDatabases())('kehu serve processes on $name', (db) => {
  it('a subscriber that kills the process is dead-lettered after its attempts, and the server stays up', async () => {
    const url = await db.create();
    const dir = configDir(crashingConfig);
    const start = (restart: number) =>
      serveProcess(dir, url, { KEHU_CLOCK_OFFSET_MS: String(restart * 120_000) });

    const first = start(0);
    const { url: base, token } = await listening(first);
    // The reply may or may not get out before the subscriber kills the process.
    await postCustomer(base, token!, '崩溃客户').catch(() => undefined);
    expect(await first.exit).toEqual({ code: null, signal: 'SIGKILL' });

    // Each restart runs the delivery again and dies, until its attempts are used up.
    for (let restart = 1; restart < MAX_ATTEMPTS; restart++)
      expect(await start(restart).exit).toEqual({ code: null, signal: 'SIGKILL' });

    const last = start(MAX_ATTEMPTS);
    try {
      const { url: again } = await listening(last);
      const health = await fetch(`${again}/api/health`);
      expect(health.status).toBe(200);
      const dead = await fetch(`${again}/api/v1/admin/deliveries?status=dead`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(((await dead.json()) as { items: unknown[] }).items).toEqual([
        expect.objectContaining({
          event: 'customer.created',
          subscriber: 'crasher:native-addon',
          status: 'dead',
          attempts: MAX_ATTEMPTS,
          lastError: expect.stringContaining('the process stopped while the subscriber ran'),
        }),
      ]);
      const customers = await fetch(`${again}/api/v1/customers`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(JSON.stringify(await customers.json())).toContain('崩溃客户');
    } finally {
      last.kill('SIGTERM');
      expect(await last.exit).toEqual({ code: 0, signal: null });
    }
  }, 90_000);

  it('on SIGTERM stops taking requests, lets the running delivery finish, gives back the rest and exits 0', async () => {
    const url = await db.create();
    const held = await gate();
    const server = serveProcess(configDir(gatedConfig), url, { KEHU_GATE: held.url });
    try {
      const { url: base, token } = await listening(server);
      expect((await postCustomer(base, token!, '上海浦东发展客户')).status).toBe(201);
      await held.first;

      server.kill('SIGTERM');
      await expect
        .poll(
          () =>
            fetch(`${base}/api/health`).then(
              (r) => r.status,
              () => 'refused',
            ),
          { timeout: 20_000 },
        )
        .toBe('refused');
      held.release();
      expect(await server.exit).toEqual({ code: 0, signal: null });
      expect(server.stderr()).toContain('"msg":"shutting down","signal":"SIGTERM"');
      expect(server.stderr()).not.toContain('"level":"error"');

      expect(await deliveries(url)).toEqual([
        { subscriber: 'gated:archive', status: 'pending', attempts: 0, locked_until: null, last_error: null },
        {
          subscriber: 'gated:notify',
          status: 'delivered',
          attempts: 1,
          locked_until: null,
          last_error: null,
        },
      ]);
    } finally {
      server.kill('SIGKILL');
      await held.close();
    }
  }, 60_000);
});
