import type {
  AnyDb,
  AuditLog,
  CompanyClock,
  CustomerService,
  Dialect,
  Logger,
  PluginActivities,
  PluginHooks,
  PluginNotifications,
  PluginRegistry,
  Trx,
} from '@kehu/core';
import type { ReceivablesService } from '@kehu/plugin-receivables';
import type { KeyAccountsConfig } from './config.js';

/** What the key-accounts services need from the kernel; built once in `setup`. */
export interface Deps {
  db: AnyDb;
  dialect: Dialect;
  clock: CompanyClock;
  hooks: PluginHooks;
  audit: AuditLog;
  customers: CustomerService;
  activities: PluginActivities;
  notifications: PluginNotifications;
  registry: PluginRegistry;
  config: KeyAccountsConfig;
  logger: Logger;
  transaction<T>(fn: (trx: Trx) => Promise<T>): Promise<T>;
  /** Receivables' service when that plugin is enabled. */
  receivables(): ReceivablesService | undefined;
}
