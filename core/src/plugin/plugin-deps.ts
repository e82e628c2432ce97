import type { Trx } from '../db/database.js';
import type { PluginContext } from './plugin-context.js';

/**
 * The kernel's parts a plugin's services, routes and jobs use at run time, taken from the context
 * `setup` gets. What only `setup` does (routes, pages, jobs, permissions, providing a service) is
 * left out, so a service cannot register anything after boot.
 */
const RUNTIME_PARTS = [
  'name',
  'config',
  'db',
  'dialect',
  'clock',
  'logger',
  'hooks',
  'registry',
  'customers',
  'audit',
  'activities',
  'notifications',
  'mail',
  'transaction',
  'onRollback',
  'service',
] as const satisfies readonly (keyof PluginContext<unknown>)[];

/** What a plugin hands its modules: the run-time part of its {@link PluginContext}. */
export type PluginDeps<C> = Pick<PluginContext<C>, (typeof RUNTIME_PARTS)[number]>;

/**
 * The run-time part of `ctx`, plus what the plugin adds of its own, built once in `setup`:
 *
 * ```ts
 * export interface Deps extends PluginDeps<LoyaltyConfig> { pointsFor(amount: number): number }
 * setup(ctx) { const deps: Deps = pluginDeps(ctx, { pointsFor: (a) => Math.floor(a / 100) }); }
 * ```
 */
export function pluginDeps<C, E extends object = {}>(ctx: PluginContext<C>, extra?: E): PluginDeps<C> & E {
  const deps: Partial<Record<keyof PluginDeps<C>, unknown>> = {};
  for (const part of RUNTIME_PARTS) deps[part] = ctx[part];
  return Object.assign(deps as PluginDeps<C>, extra);
}

/** Runs `fn` in `trx` when the caller is already in a transaction, else in a new one. */
export const inTransaction = <T>(
  deps: Pick<PluginDeps<unknown>, 'transaction'>,
  trx: Trx | undefined,
  fn: (trx: Trx) => Promise<T>,
): Promise<T> => (trx ? fn(trx) : deps.transaction(fn));

/** "Now" from the plugin's clock as ISO-8601 UTC text, the way the tables store instants. */
export const nowIso = (deps: { clock: { now(): Date } }): string => deps.clock.now().toISOString();
