import type { z } from 'zod';
import type { Executor } from '../db/database.js';

export type Labels = { en: string; 'zh-CN': string };

/** A plugin's data attached to a customer, loaded for a whole page of customers in one query. */
export interface FacetDefinition<T = unknown> {
  schema: z.ZodType<T>;
  /** Returns the facet of each id it has data for; ids without an entry get `null`. */
  load(ids: readonly string[], trx: Executor): Promise<Map<string, T>>;
}

/** A plugin entity type: named, labelled, and tied to a customer for access checks and the timeline. */
export interface EntityTypeDefinition {
  labels: Labels;
  /** The plugin table and the column that holds the owning customer id. */
  table?: string;
  customerColumn?: string;
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
  load(customerId: string, page: { before?: { at: string; id: string }; limit: number }, trx: Executor): Promise<TimelineItem[]>;
}
