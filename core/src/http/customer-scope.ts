import type { Principal } from '../auth/principal.js';
import type { AnyDb } from '../db/database.js';
import { notFound, ProblemError } from '../errors.js';

/**
 * Which customer a route acts on, and what the caller must be allowed to do with it. The router
 * checks it after authentication, before the body is validated and before the handler runs:
 * - `change`: the owner, managers, or a plugin's widening (an access grant is read-only) — otherwise
 *   403 `not_owner`;
 * - `see`: anyone who may see the customer (an addition any employee may make, a read by POST);
 * - `handler`: the handler applies its own rule (e.g. only the responsible person answers); declared
 *   so the rule is visible in the OpenAPI document and the access tests can aim at the route.
 * A customer (or record) the caller may not see answers exactly as a nonexistent one.
 */
export interface CustomerScope {
  /** The path parameter holding the id. */
  param?: string;
  /** The body field holding the id. */
  body?: string;
  access: 'see' | 'change' | 'handler';
  /** The id names a record of a customer (an invoice, a plan), not the customer. */
  record?: {
    /** The record's entity type, e.g. `invoice`. */
    type: string;
    /**
     * The record's customer id; undefined when there is no such record, null when it has no customer.
     * `params` are the route's validated path parameters.
     */
    customerOf(id: string, params: Record<string, string>): Promise<string | null | undefined>;
    /** The answer for a record that does not exist or is invisible; default a 404 naming the type. */
    missing?(id: string, params: Record<string, string>): ProblemError;
  };
  /** Also deleted customers (restore, records kept after deletion). */
  withDeleted?: boolean;
}

/**
 * The customer a scope resolves to: the archive's `Customer`, filled in by the archive through
 * declaration merging so the router does not import the registry.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by declaration merging
export interface ScopedCustomer {}

/** Resolves the customer of a scope for the principal, or throws the access problem. */
export type CustomerGate = (
  principal: Principal,
  customerId: string,
  access: 'see' | 'change',
  options: { withDeleted?: boolean },
) => Promise<ScopedCustomer>;

/**
 * A scope's `record` for a table with an `id` and a customer column: a missing row is a 404 naming
 * `label` (the same answer as a row of a customer the caller may not see).
 */
export function recordIn(
  db: AnyDb,
  table: string,
  label: string,
  column = 'customer_id',
): NonNullable<CustomerScope['record']> {
  return {
    type: label,
    async customerOf(id) {
      const row = await db.selectFrom(table).select(column).where('id', '=', id).executeTakeFirst();
      return row ? ((row as Record<string, string | null>)[column] ?? null) : undefined;
    },
    missing: (id) => notFound(label, id),
  };
}

/** Applies a route's customer scopes; the first one's customer. */
export async function checkCustomerScopes(
  declared: CustomerScope | readonly CustomerScope[],
  gate: CustomerGate | undefined,
  principal: Principal,
  params: unknown,
  raw: unknown,
): Promise<ScopedCustomer | undefined> {
  const scopes: readonly CustomerScope[] = Array.isArray(declared) ? declared : [declared as CustomerScope];
  let first: ScopedCustomer | undefined;
  for (const scope of scopes) {
    if (scope.access === 'handler') continue;
    const from = scope.param ? params : raw;
    const id =
      from && typeof from === 'object'
        ? (from as Record<string, unknown>)[(scope.param ?? scope.body)!]
        : undefined;
    // An absent or malformed id is the body's validation problem, answered next.
    if (typeof id !== 'string' || id === '' || id.length > 200) continue;
    if (!gate) throw new Error(`Customer scopes need the archive's gate`);
    const record = scope.record;
    const missing = () =>
      record?.missing
        ? record.missing(id, params as Record<string, string>)
        : notFound(record ? record.type : 'Customer', id);
    const customerId = record ? await record.customerOf(id, params as Record<string, string>) : id;
    if (customerId === undefined) throw missing();
    if (customerId === null) continue;
    try {
      const customer = await gate(principal, customerId, scope.access, {
        withDeleted: scope.withDeleted ?? false,
      });
      first ??= customer;
    } catch (err) {
      if (record && err instanceof ProblemError && err.status === 404) throw missing();
      throw err;
    }
  }
  return first;
}
