import type {
  ActivitiesOptions,
  AnyPlugin,
  Clock,
  Database,
  DatabaseOptions,
  DispatcherOptions,
  KehuEnv,
  Kernel,
  Logger,
  MailOptions,
  PluginDefinition,
  Principal,
  WebhookOptions,
  z,
} from '@kehu/core';
import type { Context } from 'hono';

/** A plugin listed in a config, with the options it is booted with. */
export interface ConfiguredPlugin {
  plugin: AnyPlugin;
  options: unknown;
}

export type PluginEntry = AnyPlugin | ConfiguredPlugin;

/** Who the host says is calling: Kehu turns it into a principal with the permissions of `roles`. */
export interface HostUser {
  /** A Kehu user id (see `ensureUser`): customers' owners and the audit trail refer to it. */
  id: string;
  name: string;
  roles: readonly string[];
}

/** The request context Kehu's auth hook sees when mounted in a host: Kehu's variables plus the host's. */
export type HostContext<HostVariables extends object = {}> = Context<{
  Variables: KehuEnv['Variables'] & HostVariables;
}>;

export interface KehuAuthConfig<HostVariables extends object = {}> {
  /** The first admin's token on an empty database; random (and printed once) when absent. */
  adminToken?: string;
  /**
   * Replace Kehu's bearer tokens with the host's own auth: return the caller for a request, or null
   * for an anonymous one (401). Runs inside the host's hono context, so its middleware's variables
   * are visible through `c.get(…)`, typed by `HostVariables`.
   */
  principal?(
    c: HostContext<HostVariables>,
    kernel: Kernel,
  ): HostUser | Principal | null | Promise<HostUser | Principal | null>;
}

/**
 * Everything a host decides: the contents of a `kehu.config.ts`. `HostVariables` types what an
 * embedding host's middleware puts on the context for `auth.principal`.
 */
export interface KehuConfig<HostVariables extends object = {}> {
  /**
   * `postgres://…` for PostgreSQL, a file path or `:memory:` for SQLite, or options/an open database.
   * Default `./data/kehu.db` relative to the working directory; `DATABASE_URL` overrides it in the CLI.
   */
  database?: string | DatabaseOptions | Database;
  /** Enabled plugins, in any order: the kernel orders them by dependency. */
  plugins?: readonly PluginEntry[];
  auth?: KehuAuthConfig<HostVariables>;
  /** `serve()` port; `PORT` overrides it, default 3000. */
  port?: number;
  /** `serve()` interface; default all interfaces. */
  host?: string;
  /** Run due jobs in this process (default true); `intervalMs` between checks, default one minute. */
  scheduler?: boolean | { intervalMs?: number };
  /** Deliver events in this process (default true) and how. */
  dispatcher?: boolean | DispatcherOptions;
  /** Customer archive rules. */
  customers?: { requireChangeReason?: boolean; retentionDays?: number };
  /**
   * The company's IANA time zone, e.g. `Asia/Shanghai`: "today", business dates and job periods are
   * the company's days in it. Default `UTC`; an unknown zone stops the boot with a clear error.
   */
  timeZone?: string;
  /**
   * Outbound webhooks: `secretKey` encrypts the stored signing secrets (default: the
   * `KEHU_WEBHOOK_SECRET_KEY` environment variable); `allowPrivateNetworks` lets endpoints on
   * loopback or private addresses through.
   */
  webhooks?: WebhookOptions;
  /**
   * Activities (待办): per activity type, escalate after N hours overdue by notifying or handing it
   * to a role's holder (`escalations: { call: { afterHours: 24, action: 'notify', role: 'sales_manager' } }`),
   * or `null` to turn a type's default rule off.
   */
  activities?: ActivitiesOptions;
  /**
   * E-mail of notifications through SMTP: `smtp` (nodemailer transport options), `from`, `digest`
   * (one mail per user per day, from `digestHour` in the company's time zone), `defaultLanguage`,
   * `inboxUrl`. Without it nothing is mailed; the in-app inbox works either way.
   */
  mail?: MailOptions;
  clock?: Clock;
  logger?: Logger;
}

/** Types a `kehu.config.ts`: `export default defineConfig({ … })`. */
export function defineConfig<HostVariables extends object = {}>(
  config: KehuConfig<HostVariables>,
): KehuConfig<HostVariables> {
  return config;
}

/**
 * A plugin with its options, type-checked against the plugin's config schema:
 * `plugins: [configure(creditPlugin, { scale: 'four-step' })]`.
 */
export function configure<C extends z.ZodType>(
  plugin: PluginDefinition<C>,
  options: z.input<C>,
): ConfiguredPlugin {
  return { plugin: plugin as AnyPlugin, options };
}

export const isConfiguredPlugin = (entry: PluginEntry): entry is ConfiguredPlugin =>
  'plugin' in entry && 'options' in entry;

/** The plugin definitions of a config, without their options. */
export const configuredPlugins = (config: Pick<KehuConfig, 'plugins'>): AnyPlugin[] =>
  (config.plugins ?? []).map((e) => (isConfiguredPlugin(e) ? e.plugin : e));
