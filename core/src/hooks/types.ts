import type { Principal } from '../auth/principal.js';
import type { Trx } from '../db/database.js';

/**
 * Filter payloads by name. Plugins add theirs by declaration merging:
 *
 *   declare module '@kehu/core' { interface KehuFilters { 'loyalty.beforeRedeem': RedeemInput } }
 */
// biome-ignore lint/suspicious/noEmptyInterface: extended by declaration merging
export interface KehuFilters {}

/**
 * Event payloads by name, extended the same way as {@link KehuFilters}; the customer archive declares
 * its own (`customer.*`) like any plugin.
 */
// biome-ignore lint/suspicious/noEmptyInterface: extended by declaration merging
export interface KehuEvents {}

export type FilterName = keyof KehuFilters & string;
export type EventName = keyof KehuEvents & string;

export interface FilterContext {
  /** The writing transaction: a filter's own reads and writes commit or roll back with the write. */
  trx: Trx;
  /** Who is writing; null for jobs and subscribers. */
  principal: Principal | null;
}

/** Return a changed payload, nothing to keep it, or throw a DomainError to reject the whole write. */
export type FilterHandler<P> = (payload: P, ctx: FilterContext) => P | void | Promise<P | void>;

export interface EventMeta {
  eventId: string;
  name: string;
  occurredAt: string;
  attempt: number;
}

/** Runs after commit, at least once: make it idempotent. Throwing schedules a retry. */
export type EventHandler<P> = (payload: P, meta: EventMeta) => void | Promise<void>;

export interface FilterOptions {
  /** Lower runs first. Default 100. */
  priority?: number;
}

export interface HookDescription {
  filters: { name: string; handlers: { plugin: string; priority: number; order: number }[] }[];
  events: { name: string; subscribers: { id: string; plugin: string }[] }[];
}
