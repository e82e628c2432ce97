import type { SelectQueryBuilder } from 'kysely';
import { z } from 'zod';
import { badRequest } from '../errors.js';

/**
 * List routes: keyset pagination with one opaque cursor format for every list of the API.
 *
 * A cursor is the sort key of the last item of a page (base64url JSON), tagged with the order it was
 * made for, so the next page starts right after that item however many rows were added or removed
 * meanwhile, and a cursor of another list or sort is refused rather than silently misapplied.
 */

/** Page size bounds every list shares unless a route names its own. */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** A sort key column's value as it is carried in a cursor. */
export type CursorValue = string | number;

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface PageRequest {
  cursor?: string | undefined;
  limit: number;
}

const CURSOR_VERSION = 1;
const MAX_CURSOR_LENGTH = 1000;

/** The cursor after an item whose sort key is `values`, for a list ordered by `order`. */
export function encodeCursor(order: string, values: readonly CursorValue[]): string {
  return Buffer.from(JSON.stringify([CURSOR_VERSION, order, ...values]), 'utf8').toString('base64url');
}

/**
 * The sort key values of a cursor made by {@link encodeCursor} for `order` with `arity` values; a
 * 400 `invalid_cursor` problem for anything else (another list's cursor, another sort, a forgery).
 */
export function decodeCursor(
  cursor: string,
  order: string,
  arity: number,
  path = 'query.cursor',
): CursorValue[] {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  const ok =
    Array.isArray(decoded) &&
    decoded.length === arity + 2 &&
    decoded[0] === CURSOR_VERSION &&
    decoded[1] === order &&
    decoded
      .slice(2)
      .every(
        (v) => (typeof v === 'string' && v.length <= 400) || (typeof v === 'number' && Number.isFinite(v)),
      );
  if (!ok)
    throw badRequest('invalid_cursor', 'The cursor is not one this list returned', [
      { path, message: 'Invalid cursor' },
    ]);
  return (decoded as unknown[]).slice(2) as CursorValue[];
}

export const CursorParam = z
  .string()
  .max(MAX_CURSOR_LENGTH)
  .describe("The previous page's `nextCursor`; omit for the first page");

export interface ListQueryOptions {
  /** Default {@link DEFAULT_PAGE_SIZE}. */
  defaultLimit?: number;
  /** Default {@link MAX_PAGE_SIZE}. */
  maxLimit?: number;
}

/** `limit` of a list route's query string: a whole number within the route's bounds. */
export const limitParam = (options: ListQueryOptions = {}) =>
  z.coerce
    .number()
    .int()
    .min(1)
    .max(options.maxLimit ?? MAX_PAGE_SIZE)
    .default(options.defaultLimit ?? DEFAULT_PAGE_SIZE)
    .describe('Items per page');

/**
 * The query schema of a list route: its filters plus `cursor` and `limit`. Filters come from a
 * query string, so numbers and booleans need `z.coerce` or {@link BooleanParam}.
 */
export function listQuery<S extends z.ZodRawShape = {}>(filters?: S, options: ListQueryOptions = {}) {
  return z.object({
    ...(filters ?? ({} as S)),
    cursor: CursorParam.optional(),
    limit: limitParam(options),
  });
}

/** A `true`/`false` query-string filter. */
export const BooleanParam = z.enum(['true', 'false']).transform((v) => v === 'true');

/** The response schema of a list route: a page of `item`. */
const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page'),
  });

const pages = new WeakMap<z.ZodType, ReturnType<typeof pageSchema>>();

/**
 * The response schema of a cursor page of `item`. A page of a named item (`.meta({ id: 'Invoice' })`)
 * is named too (`InvoicePage`), so the OpenAPI document writes it once.
 */
export const pageOf = <T extends z.ZodType>(item: T): ReturnType<typeof pageSchema<T>> => {
  const known = pages.get(item);
  if (known) return known as ReturnType<typeof pageSchema<T>>;
  const id = z.globalRegistry.get(item)?.id;
  const page = id ? pageSchema(item).meta({ id: `${id}Page` }) : pageSchema(item);
  pages.set(item, page);
  return page;
};

/**
 * A list's order: columns, each `'column'` (ascending) or `'-column'` (descending), ending with a
 * unique one (the id) so the order is total. The columns must be selected and never null; a
 * qualified column (`'e.created_at'`) is read from the row by its last part (`created_at`).
 */
export type KeysetOrder = readonly string[];

interface OrderColumn {
  column: string;
  field: string;
  desc: boolean;
}

const columnsOf = (order: KeysetOrder): OrderColumn[] =>
  order.map((o) => {
    const desc = o.startsWith('-');
    const column = desc ? o.slice(1) : o;
    return { column, field: column.slice(column.lastIndexOf('.') + 1), desc };
  });

/** Rows strictly after the cursor's item in the order: (a, b) after (x, y) is a ≷ x, or a = x and b ≷ y. */
function afterCursor(columns: OrderColumn[], values: CursorValue[]) {
  return (eb: any) =>
    eb.or(
      columns.map((col, i) =>
        eb.and([
          ...columns.slice(0, i).map((prev, j) => eb(prev.column, '=', values[j])),
          eb(col.column, col.desc ? '<' : '>', values[i]),
        ]),
      ),
    );
}

/**
 * Runs a list query one keyset page at a time: applies the cursor and the order, reads one row more
 * than the limit to know whether another page follows, and maps the rows to items.
 *
 * ```ts
 * let q = ctx.db.selectFrom('loyalty_entry').selectAll().where('customer_id', '=', params.id);
 * q = whereEquals(q, query, { reason: 'reason' });
 * return c.json(await keysetPage(q, query, { order: ['-created_at', '-id'], map: toEntry }));
 * ```
 */
export async function keysetPage<Row, Item = Row>(
  query: SelectQueryBuilder<any, any, Row>,
  page: PageRequest,
  options: { order: KeysetOrder; map?: (row: NoInfer<Row>) => Item },
): Promise<Page<Item>> {
  const columns = columnsOf(options.order);
  const signature = columns.map((c) => (c.desc ? `-${c.field}` : c.field)).join(',');
  let q: any = query;
  if (page.cursor) q = q.where(afterCursor(columns, decodeCursor(page.cursor, signature, columns.length)));
  for (const col of columns) q = q.orderBy(col.column, col.desc ? 'desc' : 'asc');
  const rows = (await q.limit(page.limit + 1).execute()) as Row[];
  const more = rows.length > page.limit;
  if (more) rows.length = page.limit;
  const last = rows.at(-1) as Record<string, unknown> | undefined;
  const nextCursor =
    more && last
      ? encodeCursor(
          signature,
          columns.map((c) => cursorValue(last[c.field], c.column)),
        )
      : null;
  const map = options.map;
  return { items: map ? rows.map((r) => map(r)) : (rows as unknown as Item[]), nextCursor };
}

function cursorValue(value: unknown, column: string): CursorValue {
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'bigint') return value.toString();
  throw new Error(`Keyset column ${column} must be selected and not null (got ${String(value)})`);
}

/**
 * Adds `column = value` for each filter present in `values` (a parsed query); filters left out of
 * the query string filter nothing.
 */
export function whereEquals<Q extends { where: any }>(
  query: Q,
  values: Record<string, unknown>,
  columns: Record<string, string>,
): Q {
  let q: any = query;
  for (const [field, column] of Object.entries(columns)) {
    const value = values[field];
    if (value !== undefined && value !== null) q = q.where(column, '=', value);
  }
  return q as Q;
}
