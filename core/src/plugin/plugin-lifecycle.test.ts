import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { appliedMigrations } from '../db/migrations.js';
import { BootError } from '../errors.js';
import { contractPlugins } from '../testing/contract-plugins.js';
import { createTestKehu, json, testDatabases } from '../testing/index.js';
import { definePlugin } from './define-plugin.js';

describe('definePlugin', () => {
  it('infers the config type from the schema, defaults applied', () => {
    const plugin = definePlugin({
      name: 'typed',
      version: '1.0.0',
      config: z.object({ limits: z.object({ max: z.number().default(5) }), label: z.string().optional() }),
      setup(ctx) {
        expectTypeOf(ctx.config).toEqualTypeOf<{ limits: { max: number }; label?: string | undefined }>();
      },
    });
    expect(plugin.name).toBe('typed');
  });
});

describe.each(testDatabases())('plugin lifecycle on $name', (db) => {
  it('sets plugins up in dependency order whatever order the host lists them in', async () => {
    const { notes, stamps } = contractPlugins();
    const t = await createTestKehu(db, { plugins: [stamps, notes] });
    try {
      expect(t.kernel.plugins.map((p) => p.name)).toEqual(['notes', 'stamps']);
    } finally {
      await t.close();
    }
  });

  it('refuses to boot without a required plugin, naming both, before touching the database', async () => {
    const { stamps } = contractPlugins();
    const database = await db.open();
    try {
      const boot = createTestKehu(db, { database, plugins: [stamps] });
      await expect(boot).rejects.toBeInstanceOf(BootError);
      await expect(boot).rejects.toThrow(/"stamps" requires "notes"/);
      expect(await appliedMigrations(database.db)).toEqual([]);
    } finally {
      await database.close();
    }
  });

  it('refuses to boot on a dependency cycle and names it', async () => {
    const a = definePlugin({ name: 'alpha', version: '1.0.0', requires: ['beta'], setup() {} });
    const b = definePlugin({ name: 'beta', version: '1.0.0', optional: ['alpha'], setup() {} });
    await expect(createTestKehu(db, { plugins: [a, b] })).rejects.toThrow(
      'Plugin dependency cycle: alpha -> beta -> alpha',
    );
  });

  it('refuses bad config with the plugin name and the field path', async () => {
    const { notes, stamps } = contractPlugins();
    const boot = createTestKehu(db, {
      plugins: [notes, stamps],
      config: { stamps: { limits: { max: -5 } }, notes: { defaultKind: 'fax' } },
    });
    await expect(boot).rejects.toBeInstanceOf(BootError);
    await expect(boot).rejects.toThrow(/Plugin "notes" has invalid configuration: config\.defaultKind/);
    const only = createTestKehu(db, {
      plugins: [notes, stamps],
      config: { stamps: { limits: { max: -5 } } },
    });
    await expect(only).rejects.toThrow(
      /Plugin "stamps" has invalid configuration: config\.limits\.max: .*>0/,
    );
  });

  it('gives setup the parsed config with defaults applied', async () => {
    const { notes, stamps } = contractPlugins();
    const t = await createTestKehu(db, {
      plugins: [notes, stamps],
      config: { notes: { defaultKind: 'call' } },
    });
    try {
      const created = await json(
        await t.request('/api/v1/notes/notes', { body: { title: 'first', amount: 5 } }),
      );
      expect(created.kind).toBe('call');
    } finally {
      await t.close();
    }
  });

  it('refuses plugin names that are not URL segments or that the kernel uses', async () => {
    for (const name of ['Notes', 'kernel', 'customers', 'users', 'a/b', '']) {
      const p = definePlugin({ name, version: '1.0.0', setup() {} });
      await expect(createTestKehu(db, { plugins: [p] }), name).rejects.toThrow(BootError);
    }
  });

  it('refuses a route whose permission nobody defined', async () => {
    const p = definePlugin({
      name: 'typo',
      version: '1.0.0',
      setup(ctx) {
        ctx.permission('typo.read', { description: 'Read', roles: ['staff'] });
        ctx.router.get('/things', { summary: 'Things', access: 'typo.raed' }, (c) => c.json({}));
      },
    });
    await expect(createTestKehu(db, { plugins: [p] })).rejects.toThrow(
      'GET /api/v1/typo/things needs permission "typo.raed", which no plugin defines',
    );
  });

  it('applies migrations per namespace, once, across restarts', async () => {
    const store = await db.persistent();
    try {
      const { notes, stamps } = contractPlugins();
      const first = await createTestKehu(db, { database: await store.open(), plugins: [notes, stamps] });
      const migrated = Object.fromEntries(first.kernel.plugins.map((p) => [p.name, p.migrations]));
      expect(migrated).toEqual({ notes: ['001_init', '002_kind_and_trace'], stamps: ['001_init'] });
      const note = await json(
        await first.request('/api/v1/notes/notes', { body: { title: 'kept', amount: 1 } }),
      );
      await first.close();

      const second = await createTestKehu(db, { database: await store.open(), plugins: [notes, stamps] });
      try {
        expect(second.kernel.plugins.map((p) => p.migrations)).toEqual([[], []]);
        expect((await json(await second.request(`/api/v1/notes/notes/${note.id}`))).title).toBe('KEPT');
        const applied = (await appliedMigrations(second.kernel.database.db)).map(
          (m) => `${m.namespace}/${m.name}`,
        );
        expect(applied).toEqual(
          expect.arrayContaining(['notes/001_init', 'notes/002_kind_and_trace', 'stamps/001_init']),
        );
        expect(applied.filter((m) => m.startsWith('kernel/')).length).toBeGreaterThan(0);
      } finally {
        await second.close();
      }

      // A later release appends a migration: only that one runs.
      const notesV2 = {
        ...notes,
        version: '1.3.0',
        migrations: [
          ...notes.migrations!,
          {
            name: '003_index',
            up: async (d: any) =>
              void (await d.schema
                .createIndex('notes_note_title')
                .on('notes_note')
                .column('title')
                .execute()),
          },
        ],
      };
      const third = await createTestKehu(db, { database: await store.open(), plugins: [notesV2, stamps] });
      try {
        expect(third.kernel.plugins.map((p) => [p.name, p.version, p.migrations])).toEqual([
          ['notes', '1.3.0', ['003_index']],
          ['stamps', '0.3.1', []],
        ]);
      } finally {
        await third.close();
      }
    } finally {
      await store.remove();
    }
  });

  it('shows enabled plugins, versions, entity types and enum labels in both languages in /api/v1/meta', async () => {
    const { notes, stamps } = contractPlugins();
    const t = await createTestKehu(db, { plugins: [notes, stamps] });
    try {
      const res = await t.request('/api/v1/meta');
      expect(res.status).toBe(200);
      const meta = await json(res);
      expect(meta.plugins).toEqual([
        { name: 'notes', version: '1.2.0', description: 'Notes for the kernel contract tests' },
        { name: 'stamps', version: '0.3.1', description: null },
      ]);
      expect(meta.entityTypes.note).toEqual({ plugin: 'notes', labels: { en: 'Note', 'zh-CN': '记事' } });
      expect(meta.enums.noteKind).toEqual({
        memo: { en: 'Memo', 'zh-CN': '备忘' },
        call: { en: 'Call', 'zh-CN': '电话' },
      });
      expect(meta.roles).toContainEqual({
        name: 'notes_clerk',
        plugin: 'notes',
        labels: { en: 'Notes clerk', 'zh-CN': '记事员' },
      });
      expect(meta.roles).toContainEqual({
        name: 'account_manager',
        plugin: 'kernel',
        labels: { en: 'Account manager', 'zh-CN': '客户经理' },
      });
      expect(meta.facets).toContain('notes');
      expect((await t.request('/api/v1/meta', { token: null })).status).toBe(401);
    } finally {
      await t.close();
    }
  });

  it('lets a plugin that is not listed contribute nothing: no routes, hooks, facets, jobs, permissions', async () => {
    const { notes } = contractPlugins();
    const t = await createTestKehu(db, { plugins: [notes] });
    try {
      const meta = await json(await t.request('/api/v1/meta'));
      expect(meta.plugins.map((p: { name: string }) => p.name)).toEqual(['notes']);
      expect((await t.request('/api/v1/stamps/anything')).status).toBe(404);
      const hooks = t.kernel.describeHooks();
      expect(hooks.filters.flatMap((f) => f.handlers.map((h) => h.plugin))).not.toContain('stamps');
      expect(hooks.events).toEqual([]);
      expect(t.kernel.scheduler.list().map((j) => j.plugin)).not.toContain('stamps');
      expect(t.kernel.permissions.listPermissions().map((p) => p.plugin)).not.toContain('stamps');

      // No subscriber: a note is written without any outbox row.
      expect((await t.request('/api/v1/notes/notes', { body: { title: 'alone', amount: 3 } })).status).toBe(
        201,
      );
      const events = await t.kernel.database.db.selectFrom('kehu_event').selectAll().execute();
      expect(events).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('shows no facet, entity type, enum or role of a plugin that is not listed', async () => {
    const t = await createTestKehu(db, { plugins: [] });
    try {
      const meta = await json(await t.request('/api/v1/meta'));
      expect(meta.plugins).toEqual([]);
      expect(meta.facets).not.toContain('notes');
      expect(meta.entityTypes.note).toBeUndefined();
      expect(meta.enums.noteKind).toBeUndefined();
      expect(meta.roles.map((r: { name: string }) => r.name)).not.toContain('notes_clerk');
      expect((await t.request('/api/v1/notes/notes')).status).toBe(404);
      expect(t.kernel.service('notes' as never)).toBeUndefined();
    } finally {
      await t.close();
    }
  });

  it("registers a plugin's service under its name", async () => {
    const { notes, stamps } = contractPlugins();
    const t = await createTestKehu(db, { plugins: [notes, stamps] });
    try {
      await t.request('/api/v1/notes/notes', { body: { title: 'one', amount: 3 } });
      const viaContainer = t.kernel.container.resolve<{ count(): Promise<number> }>('notes');
      expect(await viaContainer.count()).toBe(1);
      expect(t.kernel.service('notes' as never)).toBe(viaContainer);
    } finally {
      await t.close();
    }
  });

  it('closes: the dispatcher, the scheduler and the database stop', async () => {
    const { notes, stamps } = contractPlugins();
    const t = await createTestKehu(db, {
      plugins: [notes, stamps],
      dispatcher: { autoStart: true, pollMs: 5 },
    });
    await t.close();
    await expect(t.kernel.database.ping()).rejects.toThrow();
  });
});

describe.each(testDatabases().filter((d) => d.name === 'postgres'))('concurrent boot on $name', (db) => {
  it('two processes booting one empty database both start, with one set of migrations and one admin', async () => {
    const store = await db.persistent();
    const { notes, stamps } = contractPlugins();
    const [a, b] = await Promise.all([
      createTestKehu(db, { database: await store.open(), plugins: [notes, stamps] }),
      createTestKehu(db, { database: await store.open(), plugins: [notes, stamps] }),
    ]);
    try {
      expect([...a.kernel.plugins, ...b.kernel.plugins].flatMap((p) => p.migrations).sort()).toEqual([
        '001_init',
        '001_init',
        '002_kind_and_trace',
      ]);
      expect(await a.kernel.users.count()).toBe(1);
      expect([a.kernel.initialAdminToken, b.kernel.initialAdminToken].filter(Boolean)).toHaveLength(1);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
