import type {
  AnyDb,
  AuditLog,
  CompanyClock,
  CustomerService,
  Dialect,
  Executor,
  Logger,
  PluginActivities,
  PluginHooks,
  PluginMail,
  Principal,
  Trx,
} from '@kehu/core';
import type { ReceivablesConfig } from './config.js';

/** Who acts: a signed-in user, a user id named by a service caller, or null for jobs, subscribers and the customer's link. */
export type Actor = Principal | { id: string } | null;

/** The caller as filters see it: a full principal, or null for system writes. */
export const principalOf = (actor: Actor): Principal | null => (actor && 'can' in actor ? actor : null);

/** What the receivables services need from the kernel; built once in `setup`. */
export interface Deps {
  db: AnyDb;
  dialect: Dialect;
  clock: CompanyClock;
  hooks: PluginHooks;
  audit: AuditLog;
  customers: CustomerService;
  config: ReceivablesConfig;
  logger: Logger;
  transaction<T>(fn: (trx: Trx) => Promise<T>): Promise<T>;
  userExists(id: string, trx: Executor): Promise<boolean>;
  /** The user exists and is active (can still answer what is addressed to them). */
  isActiveUser(id: string, trx: Executor): Promise<boolean>;
  /** The kernel's activities (待办): warnings to answer, approvals to give. */
  activities: PluginActivities;
  /** The kernel's mailer, for mail to customers' contacts. */
  mail: PluginMail;
}

/** The company's date now, in its time zone. */
export const today = (deps: Pick<Deps, 'clock'>): string => deps.clock.today();
export const nowIso = (deps: Pick<Deps, 'clock'>): string => deps.clock.now().toISOString();
export const actorId = (actor: Actor): string | null => actor?.id ?? null;

/** Runs `fn` in the given transaction, or in a new one. */
export const inTransaction = <T>(
  deps: Deps,
  trx: Trx | undefined,
  fn: (trx: Trx) => Promise<T>,
): Promise<T> => (trx ? fn(trx) : deps.transaction(fn));
