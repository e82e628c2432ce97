import type { z } from 'zod';
import type { Executor } from '../db/database.js';

export type Labels = { en: string; 'zh-CN': string };

/** A plugin's data attached to a customer, loaded for a whole page of customers in one query. */
export interface FacetDefinition<T = unknown> {
  schema: z.ZodType<T>;
  /** Returns the facet of each id it has data for; ids without an entry get `null`. */
  load(ids: readonly string[], trx: Executor): Promise<Map<string, T>>;
}

/**
 * A plugin entity type: named, labelled and, with a `table` and a `customerColumn`, tied to a
 * customer. The kernel then gives it audit, access checks by its customer, moving on merge, removal
 * with a purged customer, the customer timeline and export (see {@link EntityStore}); with
 * `softDelete` also soft delete, restore and purge after the retention period. The table needs an
 * `id` varchar(32) primary key; soft delete needs a nullable `deleted_at` varchar(30).
 */
export interface EntityTypeDefinition<Row extends Record<string, any> = Record<string, any>> {
  labels: Labels;
  /** The plugin table holding the entities. */
  table?: string;
  /** The column holding the owning customer id (usually `customer_id`); without it the type is not tied to customers. */
  customerColumn?: string;
  /** Rows carry `deleted_at`: deleting is soft, restorable, and purged after the retention period. */
  softDelete?: boolean;
  /** Puts each row on its customer's timeline: `at` names the column holding the ISO instant. */
  timeline?: { at: string; title(row: Row): string; type?: string };
  /** Columns of the export, in order. Default: every column. */
  exportColumns?: readonly string[];
  /** Permission for the kernel's soft-delete and restore routes. Default `customers.delete`. */
  deletePermission?: string;
}

export interface TimelineItem {
  /** Unique and sortable within the source; newest-first order uses `at` then `id`. */
  id: string;
  at: string;
  type: string;
  title: string;
  data?: Record<string, unknown>;
}

export interface TimelineSource {
  /**
   * Up to `limit` items of the customer, newest first, strictly before `before` in (at, id) order
   * when given.
   */
  load(
    customerId: string,
    page: { before?: { at: string; id: string }; limit: number },
    trx: Executor,
  ): Promise<TimelineItem[]>;
}
