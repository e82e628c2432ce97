import {
  createKernel,
  type Database,
  type DatabaseOptions,
  type KehuEnv,
  type Kernel,
  type KernelOptions,
  type Principal,
} from '@kehu/core';
import type { Hono } from 'hono';
import {
  configuredPlugins,
  type HostContext,
  type HostUser,
  isConfiguredPlugin,
  type KehuConfig,
} from './config.js';

/** A booted Kehu: mount `app` anywhere, use `kernel` in-process, `close()` on shutdown. */
export interface Kehu {
  readonly app: Hono<KehuEnv>;
  readonly kernel: Kernel;
  /** Stops the dispatcher and scheduler (letting a running round finish), then closes the database. */
  close(): Promise<void>;
}

const isPrincipal = (p: HostUser | Principal): p is Principal => typeof (p as Principal).can === 'function';

export function databaseOption(database: KehuConfig['database']): Database | DatabaseOptions | undefined {
  if (database === undefined) return undefined;
  if (typeof database === 'string') return { url: database };
  return database;
}

/** The kernel options a config stands for. */
export function kernelOptions<HostVariables extends object = {}>(
  config: KehuConfig<HostVariables>,
): KernelOptions {
  const options: KernelOptions = { plugins: configuredPlugins(config) };
  const pluginConfig: Record<string, unknown> = {};
  for (const entry of config.plugins ?? [])
    if (isConfiguredPlugin(entry)) pluginConfig[entry.plugin.name] = entry.options;
  options.config = pluginConfig;
  const database = databaseOption(config.database);
  if (database) options.database = database;
  if (config.clock) options.clock = config.clock;
  if (config.timeZone) options.timeZone = config.timeZone;
  if (config.logger) options.logger = config.logger;
  if (config.customers) options.customers = config.customers;
  const webhookKey = config.webhooks?.secretKey ?? (process.env.KEHU_WEBHOOK_SECRET_KEY?.trim() || undefined);
  if (config.webhooks || webhookKey)
    options.webhooks = { ...config.webhooks, ...(webhookKey ? { secretKey: webhookKey } : {}) };
  if (config.activities) options.activities = config.activities;
  if (config.mail) options.mail = config.mail;
  if (config.auth?.adminToken) options.adminToken = config.auth.adminToken;
  const hostPrincipal = config.auth?.principal;
  if (hostPrincipal) {
    options.authenticate = async (c, kernel) => {
      // The same context object the host's middleware filled; only its type widens here.
      const user = await hostPrincipal(c as unknown as HostContext<HostVariables>, kernel);
      if (!user) return null;
      return isPrincipal(user) ? user : kernel.permissions.principal(user);
    };
  }
  const scheduler = config.scheduler ?? true;
  options.scheduler =
    scheduler === false
      ? { autoStart: false }
      : { autoStart: true, ...(typeof scheduler === 'object' ? scheduler : {}) };
  const dispatcher = config.dispatcher ?? true;
  options.dispatcher =
    dispatcher === false
      ? { autoStart: false }
      : { autoStart: true, ...(typeof dispatcher === 'object' ? dispatcher : {}) };
  return options;
}

/**
 * Boots Kehu from a config for embedding in an existing Node service: migrations run, plugins are set
 * up, the dispatcher and (unless `scheduler: false`) the scheduler start.
 */
export async function createKehu<HostVariables extends object = {}>(
  config: KehuConfig<HostVariables> = {},
): Promise<Kehu> {
  const kernel = await createKernel(kernelOptions(config));
  let closing: Promise<void> | undefined;
  return {
    app: kernel.app,
    kernel,
    close: () => (closing ??= kernel.close()),
  };
}
