import {
  type CustomerScope,
  keysetPage,
  MAX_MONEY_AMOUNT,
  notFound,
  type Page,
  type PageRequest,
  type Principal,
  ProblemError,
  recordIn,
  type Trx,
  z,
} from '@kehu/core';
import type { Deps } from '../context.js';
import { fieldProblem } from '../problems.js';

export const Id = z.string().min(1).max(64);
export const IdParams = z.object({ id: Id });
/** Up to 100 record ids in one query parameter, comma-separated: one call for what a page shows. */
export const IdList = z
  .string()
  .max(6500)
  .transform((s) => [...new Set(s.split(',').map((id) => id.trim()))])
  .pipe(z.array(Id).min(1).max(100));
export const DateString = z.iso.date();
/** A customer's no-login link token (statement confirmation, collection notice). */
export const LinkTokenParams = z.object({
  token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'Not a link token'),
});
export const Period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'A month as YYYY-MM');
export const Currency = z.string().regex(/^[A-Z]{3}$/, 'An ISO 4217 code such as CNY');
export const Amount = z
  .number()
  .int('Whole minor units (分/cents)')
  .positive('Must be more than zero')
  .max(MAX_MONEY_AMOUNT);
export const Reason = z.string().trim().min(1).max(2000);
/** The body of an approval: an optional note. */
export const Decision = z.strictObject({ note: z.string().trim().min(1).max(2000).optional() });
/** The body of a rejection: its reason, required. */
export const Rejection = z.strictObject({ note: Reason });
export const Bool = z.enum(['true', 'false']).transform((v) => v === 'true');

/** Ageing bucket bounds from a query string: `30,60,90` (increasing whole days). */
export const BucketsParam = z
  .string()
  .regex(/^\d{1,4}(,\d{1,4}){0,11}$/, 'Comma-separated whole days, e.g. 30,60,90')
  .transform((s) => s.split(',').map(Number))
  .refine(
    (b) => b[0]! >= 1 && b.every((v, i) => i === 0 || v > b[i - 1]!),
    'Bounds must be at least 1 and increase',
  );

/**
 * A check that the caller may see the customer a record belongs to; a record of a customer they may
 * not see is reported as not found, naming the record rather than the customer.
 */
export function visibleTo(deps: Deps, principal: Principal, what: string, id: string) {
  return async (customerId: string, trx?: Trx): Promise<void> => {
    try {
      await deps.customers.requireVisible(principal, customerId, trx, { withDeleted: true });
    } catch (err) {
      if (err instanceof ProblemError && err.status === 404) throw notFound(what, id);
      throw err;
    }
  };
}

/** `record` when the caller may see its customer; missing or not, it is a 404 naming the record. */
export async function visibleRecord<T extends { customerId: string }>(
  deps: Deps,
  principal: Principal,
  what: string,
  id: string,
  record: T | null | undefined,
): Promise<T> {
  if (!record) throw notFound(what, id);
  await visibleTo(deps, principal, what, id)(record.customerId);
  return record;
}

/** The route changes the customer named by `body.customerId`. */
export const customerInBody: CustomerScope = { body: 'customerId', access: 'change' };

/**
 * The route changes the customer of the record of `table` named by the path's `:id`; a record of a
 * customer the caller may not see is as missing as one that does not exist.
 */
export const recordInPath = (deps: Deps, table: string, label: string): CustomerScope => ({
  param: 'id',
  access: 'change',
  withDeleted: true,
  record: recordIn(deps.db, table, label),
});

/** The route changes the customer of the invoice named by `body.invoiceId` (422 `unknown_invoice` when missing). */
export const invoiceInBody = (deps: Deps): CustomerScope => ({
  body: 'invoiceId',
  access: 'change',
  withDeleted: true,
  record: {
    ...recordIn(deps.db, 'rcv_invoice', 'Invoice'),
    missing: (id) => fieldProblem(422, 'unknown_invoice', `Invoice ${id} does not exist`, 'body.invoiceId'),
  },
});

/** Limits a list query to rows whose customer (in `column`) the caller may see. */
export function onlyVisible<Q extends { where: any }>(
  deps: Deps,
  principal: Principal,
  q: Q,
  column: string,
): Q {
  const visible = deps.customers.rowsVisibleTo(principal, column);
  return visible ? q.where(visible) : q;
}

/** One page, newest first, of the rows of `q` whose customer (in `customer_id`) the caller may see. */
export function visiblePage<Row, Item = Row>(
  deps: Deps,
  principal: Principal,
  q: Parameters<typeof keysetPage<Row>>[0],
  page: PageRequest,
  map?: (row: Row) => Item,
): Promise<Page<Item>> {
  const visible = onlyVisible(deps, principal, q, 'customer_id');
  return keysetPage<Row, Item>(visible, page, map ? { order: ['-id'], map } : { order: ['-id'] });
}

/**
 * The routes on one kind of record (`rcv_invoice`, called "Invoice" in messages): a route on
 * `/…/:id` acts on the record's customer, and a record of a customer the caller may not see is a
 * 404 naming the record, like one that does not exist.
 */
export function recordKind(deps: Deps, table: string, label: string) {
  return {
    /** A write route's `customer` and `params`: it changes the customer of the record `:id`. */
    inPath: { customer: recordInPath(deps, table, label), params: IdParams },
    /** The check a service runs once it has the record (locked) in its transaction. */
    visibleTo: (principal: Principal, id: string) => visibleTo(deps, principal, label, id),
    /** `record` when the caller may see its customer; a 404 naming the record otherwise. */
    visible: <T extends { customerId: string }>(
      principal: Principal,
      id: string,
      record: T | null | undefined,
    ): Promise<T> => visibleRecord(deps, principal, label, id, record),
  };
}
