import type { Executor, PluginDeps, Principal } from '@kehu/core';
import type { ReceivablesConfig } from './config.js';

export { inTransaction, nowIso } from '@kehu/core';

/** Who acts: a signed-in user, a user id named by a service caller, or null for jobs, subscribers and the customer's link. */
export type Actor = Principal | { id: string } | null;

/** The caller as filters see it: a full principal, or null for system writes. */
export const principalOf = (actor: Actor): Principal | null => (actor && 'can' in actor ? actor : null);

/** What the receivables services need from the kernel; built once in `setup`. */
export interface Deps extends PluginDeps<ReceivablesConfig> {
  userExists(id: string, trx: Executor): Promise<boolean>;
  /** The user exists and is active (can still answer what is addressed to them). */
  isActiveUser(id: string, trx: Executor): Promise<boolean>;
}

/** The company's date now, in its time zone. */
export const today = (deps: Pick<Deps, 'clock'>): string => deps.clock.today();
export const actorId = (actor: Actor): string | null => actor?.id ?? null;
