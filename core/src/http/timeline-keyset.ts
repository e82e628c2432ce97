import type { SelectQueryBuilder } from 'kysely';

/**
 * Timeline sources: the customer timeline merges every source's newest items, so it asks each source
 * for a page backwards from a point in `(at, id)` order rather than with an opaque list cursor.
 */

/** The item a timeline page starts after: strictly older in `(at, id)` order. */
export interface TimelineCursor {
  at: string;
  id: string;
}

/** What the customer timeline asks a source for: up to `limit` items, newest first, before `before`. */
export interface TimelinePageRequest {
  before?: TimelineCursor;
  limit: number;
}

export interface TimelineColumns {
  /** The item's instant (ISO-8601 text), e.g. `'created_at'` or `'cmp_event.at'` in a join. */
  at: string;
  /** The item's id, unique within the source. Default `'id'`. */
  id?: string;
}

/**
 * One timeline page of a query: the rows strictly before `page.before` in `(at, id)` order, newest
 * first, at most `page.limit` of them. Add filters before and selections before or after.
 *
 * ```ts
 * ctx.registry.timeline('loyalty', {
 *   async load(customerId, page, trx) {
 *     const q = trx.selectFrom('loyalty_entry').selectAll().where('customer_id', '=', customerId);
 *     const rows = await timelineKeyset(q, page, { at: 'created_at' }).execute();
 *     return rows.map((r) => ({ id: r.id, at: r.created_at, type: 'loyalty.entry', title: r.reason }));
 *   },
 * });
 * ```
 */
export function timelineKeyset<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  page: TimelinePageRequest,
  columns: TimelineColumns,
): SelectQueryBuilder<DB, TB, O> {
  const at = columns.at;
  const id = columns.id ?? 'id';
  // The columns are the caller's names; kysely cannot check strings it is given at run time.
  let q = query as SelectQueryBuilder<any, any, O>;
  const before = page.before;
  if (before)
    q = q.where((eb) =>
      eb.or([eb(at, '<', before.at), eb.and([eb(at, '=', before.at), eb(id, '<', before.id)])]),
    );
  return q.orderBy(at, 'desc').orderBy(id, 'desc').limit(page.limit) as SelectQueryBuilder<DB, TB, O>;
}
