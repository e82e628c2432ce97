import type { ExpressionBuilder, RawBuilder } from 'kysely';
import { jsonArrayFrom as postgresJsonArray } from 'kysely/helpers/postgres';
import { jsonArrayFrom as sqliteJsonArray } from 'kysely/helpers/sqlite';
import type { Dialect, Executor } from '../db/database.js';
import { CUSTOMER_COLUMNS } from './customer-record.js';
import type { QueryCache } from './query-cache.js';

/**
 * The kernel's own facets read inside the customer's statement. `GET /customers/:id?include=…` used
 * to run one statement for the customer and one per facet; the kernel's facets (`contacts`, `value`)
 * now come as correlated JSON subqueries of the customer's statement, so the whole read is one
 * statement — one round trip on PostgreSQL — and one consistent snapshot. The facets' loaders take
 * the rows from here when the customers they are given were read this way, and query as before
 * otherwise (lists, exports, plugins calling `loadFacets`).
 */

/** Columns of a contact that `toContact` reads. */
const CONTACT_COLUMNS = [
  'id',
  'customer_id',
  'name',
  'title',
  'phone',
  'email',
  'language',
  'is_primary',
  'note',
  'created_at',
  'updated_at',
  'version',
] as const;
/** Columns of a yearly figure that the value facet reads. */
const CONTRIBUTION_COLUMNS = ['customer_id', 'year', 'currency', 'revenue', 'margin'] as const;

type Rows = Record<string, unknown>[];
/** The facet rows read with a customer, by facet name. */
type FacetRows = Partial<Record<InlineFacet, Rows>>;

/** Facets whose rows the customer's statement can carry. */
export const INLINE_FACETS = ['contacts', 'value'] as const;
export type InlineFacet = (typeof INLINE_FACETS)[number];

/**
 * Held by the customer object as read, under a symbol it does not enumerate: whoever passes that
 * object on passes its facet rows too, a copy (`{ ...customer }`) and its JSON do not. Not a WeakMap:
 * an entry per request keyed by a short-lived object is work for every young-generation collection.
 */
const READ_WITH = Symbol('kehu.inlineFacetRows');
type Carrier = { [READ_WITH]?: FacetRows };

/**
 * The rows of `facet` read with each of `customers`, in their order; undefined unless every one of
 * them was read with that facet's rows (then the facet reads them itself).
 */
export function inlineRows(customers: readonly object[] | undefined, facet: InlineFacet): Rows[] | undefined {
  if (!customers || customers.length === 0) return undefined;
  const out: Rows[] = [];
  for (const c of customers) {
    const rows = (c as Carrier)[READ_WITH]?.[facet];
    if (!rows) return undefined;
    out.push(rows);
  }
  return out;
}

/** Remembers the facet rows read with `customer` (the object the caller hands on). */
export function keepInlineRows<C extends object>(
  customer: C,
  row: Record<string, unknown>,
  facets: readonly InlineFacet[],
): C {
  const kept: FacetRows = {};
  for (const facet of facets) kept[facet] = parsed(row[column(facet)]);
  Object.defineProperty(customer, READ_WITH, { value: kept });
  return customer;
}

const column = (facet: InlineFacet) => `kehu_inline_${facet}`;

/** SQLite hands the aggregate back as JSON text, PostgreSQL (through `pg`) already parsed. */
function parsed(value: unknown): Rows {
  if (typeof value === 'string') return JSON.parse(value) as Rows;
  return (value as Rows | null) ?? [];
}

/** The inline facets among `include`, in a fixed order (one compiled statement per combination). */
export function inlineFacetsOf(include: readonly string[] | undefined): InlineFacet[] {
  if (!include || include.length === 0) return [];
  return INLINE_FACETS.filter((f) => include.includes(f));
}

/**
 * The live customer row with id `id` and, as extra columns, the rows of `facets` as JSON arrays —
 * compiled once per combination of facets, so a request only binds the id.
 */
export async function customerRowWith(
  trx: Executor,
  dialect: Dialect,
  queries: QueryCache,
  id: string,
  facets: readonly InlineFacet[],
): Promise<Record<string, unknown> | undefined> {
  const build = () =>
    trx
      .selectFrom('customer')
      .select(CUSTOMER_COLUMNS.map((c) => `customer.${c}` as const))
      .select((eb) => facets.map((facet) => facetRowsJson(eb, dialect, facet).as(column(facet))))
      .where('customer.id', '=', id)
      .where('customer.deleted_at', 'is', null);
  const rows = await queries.rows(trx, `customer-with:${facets.join(',')}`, build, [id]);
  return rows[0];
}

/** A correlated subquery: the facet's rows of `customer` as one JSON array. */
function facetRowsJson(
  eb: ExpressionBuilder<any, 'customer'>,
  dialect: Dialect,
  facet: InlineFacet,
): RawBuilder<unknown> {
  const jsonArray = dialect === 'postgres' ? postgresJsonArray : sqliteJsonArray;
  if (facet === 'contacts')
    return jsonArray(
      eb
        .selectFrom('contact')
        .select(CONTACT_COLUMNS.map((c) => `contact.${c}` as const))
        .whereRef('contact.customer_id', '=', 'customer.id')
        .where('contact.deleted_at', 'is', null)
        .orderBy('contact.id'),
    );
  return jsonArray(
    eb
      .selectFrom('customer_contribution')
      .select(CONTRIBUTION_COLUMNS.map((c) => `customer_contribution.${c}` as const))
      .whereRef('customer_contribution.customer_id', '=', 'customer.id'),
  );
}
