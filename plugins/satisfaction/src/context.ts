import type {
  AnyDb,
  AuditLog,
  CompanyClock,
  CustomerService,
  Dialect,
  Logger,
  PluginActivities,
  PluginContext,
  PluginHooks,
  Trx,
} from '@kehu/core';
import type { SatisfactionConfig } from './config.js';

/** What the satisfaction services need from the kernel; built once in `setup`. */
export interface Deps {
  db: AnyDb;
  dialect: Dialect;
  clock: CompanyClock;
  hooks: PluginHooks;
  audit: AuditLog;
  customers: CustomerService;
  activities: PluginActivities;
  config: SatisfactionConfig;
  logger: Logger;
  transaction<T>(fn: (trx: Trx) => Promise<T>): Promise<T>;
  /** Another plugin's service when it is enabled (complaints, key-accounts). */
  service: PluginContext<SatisfactionConfig>['service'];
}

export const nowIso = (deps: Pick<Deps, 'clock'>): string => deps.clock.now().toISOString();

/** Runs `fn` in the given transaction, or in a new one. */
export const inTransaction = <T>(
  deps: Deps,
  trx: Trx | undefined,
  fn: (trx: Trx) => Promise<T>,
): Promise<T> => (trx ? fn(trx) : deps.transaction(fn));

/** A text in both console languages. */
export type Bilingual = { 'zh-CN': string; en: string };

export const parseJson = <T>(text: unknown, fallback: T): T =>
  typeof text === 'string' && text.length > 0 ? (JSON.parse(text) as T) : fallback;
