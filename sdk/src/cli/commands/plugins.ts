import { appliedMigrations, BootError, orderPlugins } from '@kehu/core';
import { configuredPlugins } from '../../config.js';
import { defineCommand } from '../command.js';
import { CliError } from '../errors.js';
import { table } from '../io.js';

export const pluginsListCommand = defineCommand({
  path: ['plugins', 'list'],
  summary: 'Enabled plugins with versions and applied migrations',
  usage: 'kehu plugins list',
  description:
    'Lists the plugins the config enables, in boot (dependency) order, with their versions and how many of their migrations the database has applied; ' +
    'plugins that were enabled once and are no longer listed show as disabled with their tables kept.',
  async run(ctx) {
    let plugins: ReturnType<typeof configuredPlugins>;
    try {
      plugins = orderPlugins(configuredPlugins(await ctx.config()));
    } catch (err) {
      if (err instanceof BootError) throw new CliError(err.message);
      throw err;
    }
    const database = await ctx.database();
    const applied = new Map<string, string[]>();
    for (const m of await appliedMigrations(database.db))
      applied.set(m.namespace, [...(applied.get(m.namespace) ?? []), m.name]);
    const rows = plugins.map((p) => {
      const names = new Set(applied.get(p.name) ?? []);
      const all = (p.migrations ?? []).map((m) => m.name);
      const done = all.filter((n) => names.has(n));
      const pending = all.length - done.length;
      return [
        p.name,
        p.version,
        'enabled',
        all.length === 0
          ? 'none'
          : `${done.length}/${all.length} applied${pending > 0 ? ` (${pending} pending: kehu migrate)` : ''}${done.length > 0 ? `, last ${done.at(-1)}` : ''}`,
        (p.requires ?? []).join(', '),
      ];
    });
    for (const [ns, names] of applied) {
      if (ns === 'kernel' || plugins.some((p) => p.name === ns)) continue;
      rows.push([ns, '-', 'disabled', `${names.length} applied (tables kept)`, '']);
    }
    ctx.out(
      rows.length === 0
        ? 'No plugins are enabled.'
        : table(['plugin', 'version', 'status', 'migrations', 'requires'], rows),
    );
  },
});
