import type { SelectQueryBuilder } from 'kysely';
import type { z } from 'zod';
import type { Principal } from '../auth/principal.js';
import type { Executor } from '../db/database.js';
import type { TimelinePageRequest } from '../http/timeline-keyset.js';
import type { Customer } from './customer-record.js';

export type Labels = { en: string; 'zh-CN': string };

/** A plugin's data attached to a customer, loaded for a whole page of customers in one query. */
export interface FacetDefinition<T = unknown> {
  schema: z.ZodType<T>;
  /**
   * The permission a caller needs to receive the facet (usually the plugin's read permission). Without
   * it an explicit `include=<name>` is a 403 and `include=*` leaves the facet out. Default: none.
   */
  permission?: string;
  /**
   * Returns the facet of each id it has data for; ids without an entry get `null`. The ids are
   * customers `principal` may see; `principal` is null for system reads. `customers`, when given,
   * are those customers as the caller just read them (in the order of `ids`): a facet that needs
   * a column of the customer row takes it from there instead of reading the row again.
   */
  load(
    ids: readonly string[],
    trx: Executor,
    principal: Principal | null,
    customers?: readonly Customer[],
  ): Promise<Map<string, T>>;
}

/** Builds a subquery: the transaction, or the expression builder of the query it goes into. */
export interface SubqueryCreator {
  selectFrom: Executor['selectFrom'];
}

/** A query selecting one column, `customer_id`. */
export type CustomerIdQuery = SelectQueryBuilder<any, any, { customer_id: string }>;

/**
 * A plugin's extension of the customer access rule (e.g. a key-account team): customers a principal
 * may see, and may change, beyond those they own or hold a grant for. The kernel applies it wherever
 * the owner rule applies — single reads and writes, lists, facets, exports, search, timelines,
 * entity stores and every plugin route that asks the archive. It is evaluated on every request, so
 * removing the plugin's row removes the access at once.
 */
export interface VisibilityWidening {
  /** The customers `principal` may also see. */
  see(principal: Principal, db: SubqueryCreator): CustomerIdQuery;
  /** Of those, the customers `principal` may also change; none when absent. */
  change?(principal: Principal, db: SubqueryCreator): CustomerIdQuery;
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
  /**
   * Amount columns in minor units → the column holding their currency: an `.xlsx` export writes
   * them as numbers with the currency's decimals (12345 CNY → 123.45).
   */
  moneyColumns?: Readonly<Record<string, string>>;
  /** Permission for the kernel's soft-delete and restore routes. Default `customers.delete`. */
  deletePermission?: string;
  /**
   * The permission a caller needs to read the rows (usually the plugin's read permission), on top of
   * seeing the customer: without it the kernel's entity list and export answer 403, and the rows and
   * their audited changes are left off the customer timeline. Default: none.
   */
  permission?: string;
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
  /** The permission a caller needs to receive this source's items; without it they are left out. Default: none. */
  permission?: string;
  /**
   * Up to `limit` items of the customer, newest first, strictly before `before` in (at, id) order
   * when given.
   */
  load(customerId: string, page: TimelinePageRequest, trx: Executor): Promise<TimelineItem[]>;
}
