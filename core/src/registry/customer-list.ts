import { type Expression, type SqlBool, sql } from 'kysely';
import type { AnyDb, Dialect, Executor } from '../db/database.js';
import { keysetPage } from '../http/list.js';
import { type CustomField, type CustomFilterOp, customFilterSql } from './custom-fields.js';
import {
  type ChainPosition,
  type Customer,
  type CustomerKind,
  type CustomerStatus,
  toCustomer,
} from './customer-record.js';
import type { ValueSegment } from './customer-value.js';
import { escapeGlob, escapeLike, searchTerms } from './normalize.js';

export const CUSTOMER_SORTS = [
  'createdAt',
  '-createdAt',
  'updatedAt',
  '-updatedAt',
  'name',
  '-name',
  'code',
  '-code',
] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];

const SORT_COLUMN: Record<string, string> = {
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  name: 'name',
  code: 'code',
};

export interface CustomFilter {
  field: CustomField;
  op: CustomFilterOp;
  value: unknown;
}

/** A list of customers as the list, the export and plugins ask for it; every part optional. */
export interface CustomerFilter {
  status?: readonly CustomerStatus[] | undefined;
  kind?: readonly CustomerKind[] | undefined;
  /** Owner ids; `null` in the list means "no owner". */
  ownerIds?: readonly (string | null)[] | undefined;
  region?: readonly string[] | undefined;
  industry?: readonly string[] | undefined;
  /** Customers carrying every one of these tags. */
  tags?: readonly string[] | undefined;
  internal?: boolean | undefined;
  chainPosition?: ChainPosition | undefined;
  /** Customers whose stored value segment is one of these. */
  valueSegments?: readonly ValueSegment[] | undefined;
  /** Free text over name, code, phone digits and email. */
  q?: string | undefined;
  custom?: readonly CustomFilter[] | undefined;
  /** `only`: the soft-deleted customers still within retention, instead of the live ones. */
  deleted?: 'exclude' | 'only' | undefined;
}

export interface CustomerPage {
  sort?: CustomerSort | undefined;
  limit: number;
  cursor?: string | undefined;
}

type VisibilityFilter = ((eb: any) => Expression<SqlBool>) | undefined;

/**
 * Customers whose search key contains any of `terms`, answered from an index: SQLite's FTS5 trigram
 * table (GLOB, since the index is case-sensitive and the key lower case), PostgreSQL's pg_trgm GIN
 * index (LIKE). Terms under three characters cannot use trigrams; both databases then scan the key,
 * with the same result.
 */
function searchCondition(dialect: Dialect, terms: readonly string[]): Expression<SqlBool> {
  if (dialect === 'sqlite') {
    // One indexed lookup per term: FTS5 answers a single GLOB from the index, not an OR of them.
    const lookups = terms.map(
      (t) => sql`select rowid from customer_search_fts where search_key glob ${`*${escapeGlob(t)}*`}`,
    );
    return sql<SqlBool>`customer.id in (select s.customer_id from customer_search s where s.rowid in (${sql.join(lookups, sql` union `)}))`;
  }
  const patterns = terms.map((t) => sql`customer.search_key like ${`%${escapeLike(t)}%`} escape '\\'`);
  return sql<SqlBool>`(${sql.join(patterns, sql` or `)})`;
}

/** The where-clauses of a filter, written the same on both databases except JSON access. */
export function applyCustomerFilter<QB extends { where: (...args: any[]) => any }>(
  q: QB,
  dialect: Dialect,
  filter: CustomerFilter,
  visible: VisibilityFilter,
): QB {
  let out: any = q.where('customer.deleted_at', filter.deleted === 'only' ? 'is not' : 'is', null);
  if (visible) out = out.where(visible);
  if (filter.status?.length) out = out.where('customer.status', 'in', filter.status);
  if (filter.kind?.length) out = out.where('customer.kind', 'in', filter.kind);
  if (filter.ownerIds?.length) {
    const ids = filter.ownerIds.filter((o): o is string => o !== null);
    const none = filter.ownerIds.includes(null);
    out = out.where((eb: any) =>
      eb.or([
        ...(ids.length ? [eb('customer.owner_id', 'in', ids)] : []),
        ...(none ? [eb('customer.owner_id', 'is', null)] : []),
      ]),
    );
  }
  if (filter.region?.length) out = out.where('customer.region', 'in', filter.region);
  if (filter.industry?.length) out = out.where('customer.industry', 'in', filter.industry);
  if (filter.internal !== undefined) out = out.where('customer.internal', '=', filter.internal ? 1 : 0);
  if (filter.chainPosition) out = out.where('customer.chain_position', '=', filter.chainPosition);
  if (filter.valueSegments?.length) {
    const segments = filter.valueSegments;
    out = out.where('customer.id', 'in', (eb: any) =>
      eb
        .selectFrom('customer_value')
        .select('customer_value.customer_id')
        .where('customer_value.segment', 'in', segments),
    );
  }
  for (const tag of filter.tags ?? []) {
    out = out.where(
      dialect === 'sqlite'
        ? sql<SqlBool>`exists (select 1 from json_each(customer.tags) where json_each.value = ${tag})`
        : sql<SqlBool>`jsonb_exists(customer.tags::jsonb, ${tag})`,
    );
  }
  if (filter.q !== undefined) {
    const terms = searchTerms(filter.q);
    if (terms.length > 0) out = out.where(searchCondition(dialect, terms));
  }
  for (const c of filter.custom ?? []) out = out.where(customFilterSql(dialect, c.field, c.op, c.value));
  return out as QB;
}

/**
 * One keyset page of customers the principal may see. The cursor carries the last row's sort value
 * and id, so pages stay stable while rows are added.
 */
export async function listCustomers(
  db: Executor,
  dialect: Dialect,
  filter: CustomerFilter,
  page: CustomerPage,
  visible: VisibilityFilter,
): Promise<{ items: Customer[]; nextCursor: string | null }> {
  const sort = page.sort ?? '-createdAt';
  const desc = sort.startsWith('-') ? '-' : '';
  const column = `customer.${SORT_COLUMN[desc ? sort.slice(1) : sort]!}`;
  const q = applyCustomerFilter(
    (db as AnyDb).selectFrom('customer').selectAll('customer'),
    dialect,
    filter,
    visible,
  );
  return keysetPage(q, page, { order: [desc + column, `${desc}customer.id`], map: toCustomer });
}
