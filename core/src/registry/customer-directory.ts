import { sql } from 'kysely';
import type { Executor } from '../db/database.js';
import type { CustomerStatus } from './customer-record.js';

/** What a plugin shows of a customer next to its own rows: names, codes, owner and the archive's flags. */
export interface CustomerSummary {
  id: string;
  code: string;
  name: string;
  ownerId: string | null;
  status: CustomerStatus;
  /** Soft-deleted (restorable until purged). */
  deleted: boolean;
  /** The relationship has ended (status `terminated`). */
  terminated: boolean;
  doNotContact: boolean;
}

const CHUNK = 500;

/** Summaries of the customers among `ids` that exist (deleted ones flagged), in one query per 500 ids. */
export async function customerSummaries(
  trx: Executor,
  ids: readonly string[],
): Promise<Map<string, CustomerSummary>> {
  const unique = [...new Set(ids)];
  const out = new Map<string, CustomerSummary>();
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = await trx
      .selectFrom('customer')
      .select(['id', 'code', 'name', 'owner_id', 'status', 'deleted_at', 'do_not_contact'])
      .where('id', 'in', unique.slice(i, i + CHUNK))
      .execute();
    for (const r of rows)
      out.set(r.id as string, {
        id: r.id as string,
        code: r.code as string,
        name: r.name as string,
        ownerId: (r.owner_id as string | null) ?? null,
        status: r.status as CustomerStatus,
        deleted: r.deleted_at != null,
        terminated: r.status === 'terminated',
        doNotContact: !!r.do_not_contact,
      });
  }
  return out;
}

/**
 * A where-clause keeping rows whose `column` holds the id of an existing customer (live unless
 * `withDeleted`), further limited by `visibility` (a filter on the customer aliased `kehu_customer`).
 * A correlated EXISTS, so a limited page stops early instead of reading every customer first.
 */
export function rowsOfCustomers(
  column: string,
  options: { withDeleted?: boolean; visibility?: ((eb: any) => any) | undefined } = {},
) {
  return (eb: any) => {
    let q = eb
      .selectFrom('customer as kehu_customer')
      .select(sql`1`.as('one'))
      .whereRef('kehu_customer.id', '=', column);
    if (!options.withDeleted) q = q.where('kehu_customer.deleted_at', 'is', null);
    if (options.visibility) q = q.where(options.visibility);
    return eb.exists(q);
  };
}
