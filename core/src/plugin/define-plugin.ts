import type { z } from 'zod';
import type { Database, Trx } from '../db/database.js';
import type { Migration } from '../db/migrations.js';
import type { EventName } from '../hooks/types.js';
import type { Customer, CustomerService } from '../registry/customer-service.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import type { CompanyClock as Clock } from '../time/company-clock.js';
import type { KehuServices, PluginContext } from './plugin-context.js';

export interface PluginDefinition<C extends z.ZodType = z.ZodType> {
  /** Lower-case, dash-separated; also the URL segment `/api/v1/<name>` and the migration namespace. */
  name: string;
  version: string;
  description?: string;
  /** Plugins that must be enabled, set up before this one. */
  requires?: readonly string[];
  /** Plugins set up before this one when they are enabled. */
  optional?: readonly string[];
  /** Validated at boot; a failure names the plugin and the field. */
  config?: C;
  migrations?: readonly Migration[];
  /**
   * The events the plugin emits, all under its own namespace (its name in camelCase:
   * `key-accounts` → `keyAccounts.*`); a name outside it fails the boot. Emitting is limited to
   * that namespace whether or not they are listed.
   */
  events?: readonly EventName[];
  setup(ctx: PluginContext<z.output<C>>): void | Promise<void>;
  /**
   * Adds believable demo data for `kehu seed --demo`, after the kernel has seeded users and
   * customers, in plugin dependency order. A function seeds transactions (invoices, points…).
   * Master data that governs other plugins' writes (credit profiles, policies) goes in `masterData`:
   * every plugin's master data is seeded before any plugin's transactions, as a company sets up
   * credit before it sells.
   */
  seedDemo?: DemoSeeder | { masterData?: DemoSeeder; transactions?: DemoSeeder };
}

export type DemoSeeder = (ctx: DemoSeedContext) => Promise<void>;

/** What a demo seeder may use of the kernel (the kernel itself is passed). */
export interface DemoSeedKernel {
  readonly database: Database;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly customers: CustomerService;
  transaction<T>(fn: (trx: Trx) => Promise<T>): Promise<T>;
  service<K extends keyof KehuServices & string>(name: K): KehuServices[K] | undefined;
}

/** A plugin as the kernel booted it, listed by `GET /api/meta`. */
export interface EnabledPlugin {
  name: string;
  version: string;
  description?: string;
  migrations: string[];
}

export interface DemoSeedContext {
  kernel: DemoSeedKernel;
  /** The demo customers, in creation order. */
  customers: readonly Customer[];
  /** Demo users by role (`admin`, `sales_manager`, `account_manager`, …). */
  users: Readonly<Record<string, readonly { id: string; name: string }[]>>;
  /** Deterministic random numbers in [0, 1) so every demo database looks the same. */
  random(): number;
  /** Reports progress of long seeding. */
  progress(message: string): void;
}

/** Declares a plugin; `config`'s type flows into `setup(ctx).config`. */
export function definePlugin<C extends z.ZodType = z.ZodObject<{}>>(
  definition: PluginDefinition<C>,
): PluginDefinition<C> {
  return definition;
}

/** A plugin definition of any config type, as hosts list them. */
export type AnyPlugin = PluginDefinition<any>;
