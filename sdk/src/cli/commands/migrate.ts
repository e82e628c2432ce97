import {
  appliedMigrations,
  BootError,
  kernelMigrations,
  type Migration,
  migrateNamespace,
  orderPlugins,
} from '@kehu/core';
import { configuredPlugins, type KehuConfig } from '../../config.js';
import { type CommandContext, defineCommand } from '../command.js';
import { CliError } from '../errors.js';
import { table } from '../io.js';

interface Namespace {
  name: string;
  migrations: readonly Migration[];
}

/** The kernel, then each enabled plugin in dependency order: the order the kernel boots them in. */
function namespaces(config: KehuConfig): Namespace[] {
  try {
    const plugins = orderPlugins(configuredPlugins(config));
    return [
      { name: 'kernel', migrations: kernelMigrations },
      ...plugins.map((p) => ({ name: p.name, migrations: p.migrations ?? [] })),
    ];
  } catch (err) {
    if (err instanceof BootError) throw new CliError(err.message);
    throw err;
  }
}

async function appliedByNamespace(ctx: CommandContext): Promise<Map<string, Map<string, string>>> {
  const database = await ctx.database();
  const out = new Map<string, Map<string, string>>();
  for (const m of await appliedMigrations(database.db)) {
    if (!out.has(m.namespace)) out.set(m.namespace, new Map());
    out.get(m.namespace)!.set(m.name, m.appliedAt);
  }
  return out;
}

export const migrateCommand = defineCommand({
  path: ['migrate'],
  summary: 'Apply pending migrations of the kernel and every enabled plugin',
  usage: 'kehu migrate',
  description:
    'Applies the pending migrations of the kernel and of each enabled plugin in dependency order, one transaction per migration, ' +
    'showing each as it runs. Running it again is a no-op. `kehu serve` also migrates at boot.',
  async run(ctx) {
    const config = await ctx.config();
    const list = namespaces(config);
    const database = await ctx.database();
    const applied = await appliedByNamespace(ctx);
    const pending = list.flatMap((ns) =>
      ns.migrations.filter((m) => !applied.get(ns.name)?.has(m.name)).map((m) => ({ ns: ns.name, m })),
    );
    if (pending.length === 0) {
      ctx.out('Nothing to migrate: the database is up to date.');
      return;
    }
    const clock = config.clock ?? { now: () => new Date() };
    const started = Date.now();
    for (const [i, { ns, m }] of pending.entries()) {
      ctx.note(`[${i + 1}/${pending.length}] ${ns} ${m.name}`);
      await migrateNamespace(database, ns, [m], () => clock.now());
    }
    const counts = list
      .map((ns) => [ns.name, pending.filter((p) => p.ns === ns.name).length] as const)
      .filter(([, n]) => n > 0);
    ctx.out(
      `Applied ${pending.length} migration${pending.length === 1 ? '' : 's'} (${counts.map(([n, c]) => `${n} ${c}`).join(', ')}) in ${Date.now() - started} ms.`,
    );
  },
});

export const migrateStatusCommand = defineCommand({
  path: ['migrate', 'status'],
  summary: 'Show applied and pending migrations',
  usage: 'kehu migrate status',
  description:
    'Lists every migration of the kernel and of each enabled plugin with when it was applied, or "pending". Changes nothing.',
  async run(ctx) {
    const list = namespaces(await ctx.config());
    const applied = await appliedByNamespace(ctx);
    const rows: string[][] = [];
    let pending = 0;
    for (const ns of list) {
      for (const m of ns.migrations) {
        const at = applied.get(ns.name)?.get(m.name);
        if (!at) pending++;
        rows.push([ns.name, m.name, at ? `applied ${at}` : 'pending']);
      }
    }
    for (const [ns, names] of applied) {
      if (list.some((n) => n.name === ns)) continue;
      for (const [name, at] of names)
        rows.push([ns, name, `applied ${at} (plugin not enabled; its tables are kept)`]);
    }
    ctx.out(table(['namespace', 'migration', 'status'], rows));
    ctx.out(
      pending === 0
        ? 'Up to date.'
        : `${pending} pending: run kehu migrate (kehu serve also migrates at boot).`,
    );
  },
});
