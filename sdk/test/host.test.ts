import { BootError, definePlugin, silentLogger, z } from '@kehu/core';
import { json, testDatabases } from '@kehu/core/testing';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import {
  configure,
  createKehu,
  ensureUser,
  type KehuConfig,
  mountKehu,
  resolvePort,
  serve,
} from '../src/index.js';

const ADMIN = 'kehu_host_test_admin';

/** A plugin whose one route waits until the test lets it finish: an in-flight request at shutdown. */
function slowPlugin() {
  let release!: () => void;
  let started!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const running = new Promise<void>((r) => (started = r));
  const plugin = definePlugin({
    name: 'slowpoke',
    version: '0.0.1',
    config: z.object({ greeting: z.string().min(2).default('hello') }),
    setup(ctx) {
      ctx.router.get('/wait', { summary: 'Answers when released', access: 'public' }, async (c) => {
        started();
        await gate;
        return c.json({ greeting: ctx.config.greeting });
      });
    },
  });
  return { plugin, release, running };
}

describe('resolvePort', () => {
  it('takes the option, then PORT, then the config, then 3000', () => {
    expect(resolvePort({ port: 4000 }, { port: 5000 }, { PORT: '6000' })).toBe(5000);
    expect(resolvePort({ port: 4000 }, {}, { PORT: '6000' })).toBe(6000);
    expect(resolvePort({ port: 4000 }, {}, {})).toBe(4000);
    expect(resolvePort({}, {}, {})).toBe(3000);
    expect(() => resolvePort({}, {}, { PORT: 'eighty' })).toThrow('PORT must be a port number, got "eighty"');
  });
});

describe.each(testDatabases())('hosting Kehu on $name', (db) => {
  const base = async (extra: KehuConfig = {}): Promise<KehuConfig> => ({
    database: await db.open(),
    logger: silentLogger,
    scheduler: false,
    auth: { adminToken: ADMIN },
    ...extra,
  });

  it('passes typed plugin options through configure() and names the plugin and field when they are wrong', async () => {
    const { plugin, release } = slowPlugin();
    release();
    const kehu = await createKehu(await base({ plugins: [configure(plugin, { greeting: '你好' })] }));
    try {
      const res = await kehu.app.request('/api/v1/slowpoke/wait');
      expect(await json(res)).toEqual({ greeting: '你好' });
    } finally {
      await kehu.close();
    }
    const bad = base({ plugins: [configure(plugin, { greeting: 'x' })] }).then(createKehu);
    await expect(bad).rejects.toThrow(BootError);
    await expect(bad).rejects.toThrow(/Plugin "slowpoke" has invalid configuration: config\.greeting/);
  });

  it('serve() lets an in-flight request finish on shutdown, refuses new connections, then closes the database', async () => {
    const { plugin, release, running } = slowPlugin();
    const server = await serve(await base({ plugins: [plugin] }), {
      port: 0,
      host: '127.0.0.1',
      handleSignals: false,
    });
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);

    const inFlight = fetch(`${server.url}/api/v1/slowpoke/wait`);
    await running;
    const closing = server.close();
    await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
    release();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ greeting: 'hello' });
    await closing;
    await server.closed;
    await expect(server.kernel.database.ping()).rejects.toThrow();
    await server.close();
  });

  it("mounts under a prefix of a host app and takes the principal from the host's own auth", async () => {
    const host = new Hono<{
      Variables: { staff: { email: string; name: string; roles: string[] } | null };
    }>();
    const staff: Record<string, { email: string; name: string; roles: string[] }> = {
      'sess-li': { email: 'li.na@corp.example', name: '李娜', roles: ['sales_manager'] },
      'sess-wang': { email: 'wang.fang@corp.example', name: '王芳', roles: ['account_manager'] },
    };
    host.use('*', async (c, next) => {
      c.set('staff', staff[c.req.header('x-session') ?? ''] ?? null);
      await next();
    });
    host.get('/status', (c) => c.text('host ok'));
    const kehu = await createKehu<{ staff: (typeof staff)[string] | null }>({
      ...(await base()),
      auth: {
        async principal(c, kernel) {
          const who = c.get('staff');
          if (!who) return null;
          const user = await ensureUser(kernel, who);
          return { id: user.id, name: user.name, roles: user.roles };
        },
      },
    });
    try {
      mountKehu(host, '/crm/', kehu);
      const call = (path: string, session?: string, init: RequestInit = {}) =>
        host.request(path, {
          ...init,
          headers: {
            ...(session ? { 'x-session': session } : {}),
            'content-type': 'application/json',
            ...(init.headers as Record<string, string>),
          },
        });

      expect(await (await call('/status')).text()).toBe('host ok');
      const anonymous = await call('/crm/api/v1/customers');
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('content-type')).toContain('application/problem+json');

      const mine = await call('/crm/api/v1/customers', 'sess-wang', {
        method: 'POST',
        body: JSON.stringify({ name: '杭州西湖国宾酒店' }),
      });
      expect(mine.status).toBe(201);
      const other = await call('/crm/api/v1/customers', 'sess-li', {
        method: 'POST',
        body: JSON.stringify({ name: 'Golden Harvest Foods Pte. Ltd.' }),
      });
      expect(other.status).toBe(201);

      const managerView = await json(await call('/crm/api/v1/customers', 'sess-li'));
      expect(managerView.items.map((c: { name: string }) => c.name).sort()).toEqual([
        'Golden Harvest Foods Pte. Ltd.',
        '杭州西湖国宾酒店',
      ]);
      const ownView = await json(await call('/crm/api/v1/customers', 'sess-wang'));
      expect(ownView.items.map((c: { name: string }) => c.name)).toEqual(['杭州西湖国宾酒店']);
      const me = await json(await call('/crm/api/v1/me', 'sess-wang'));
      expect(me).toMatchObject({ name: '王芳', roles: ['account_manager'] });

      const unknown = await call('/crm/api/v1/nothing-here', 'sess-li');
      expect(unknown.status).toBe(404);
      expect((await json(unknown)).code).toBe('route_not_found');
      expect((await call('/elsewhere')).status).toBe(404);
    } finally {
      await kehu.close();
    }
  });

  it('ensureUser creates a host user once and follows name and role changes', async () => {
    const kehu = await createKehu(await base());
    try {
      const first = await ensureUser(kehu.kernel, {
        email: 'Chen.Jing@corp.example',
        name: '陈静',
        roles: ['staff'],
      });
      const again = await ensureUser(kehu.kernel, {
        email: 'chen.jing@corp.example',
        name: '陈静',
        roles: ['staff'],
      });
      expect(again.id).toBe(first.id);
      const promoted = await ensureUser(kehu.kernel, {
        email: 'chen.jing@corp.example',
        name: '陈静',
        roles: ['account_manager'],
      });
      expect(promoted).toMatchObject({ id: first.id, roles: ['account_manager'] });
      await expect(
        ensureUser(kehu.kernel, { email: 'x@corp.example', name: 'X', roles: ['boss'] }),
      ).rejects.toThrow('Unknown role: boss');
    } finally {
      await kehu.close();
    }
  });
});
