import type { BusinessDate, Executor } from '@kehu/core';
import type { AbcClass, KeyAccountTier } from './contract.js';

export interface AccountRow {
  customer_id: string;
  class: string;
  class_run_id: string | null;
  override_class: string | null;
  override_reason: string | null;
  override_by: string | null;
  override_at: string | null;
  override_expires_on: string | null;
  designated: number;
  designated_on: string | null;
  manager_id: string | null;
  stage: string | null;
  relationship: string | null;
  loyalty: string | null;
  updated_at: string;
}

/** An override stands until the end of its expiry day. */
type ClassColumns = Pick<AccountRow, 'class' | 'override_class' | 'override_expires_on'>;

export const overrideActive = (row: ClassColumns, today: BusinessDate): boolean =>
  row.override_class !== null && (row.override_expires_on === null || row.override_expires_on >= today);

/** A where-clause on `ka_account`: the class that counts is `cls` (the SQL twin of {@link effectiveClass}). */
export const effectiveClassIs = (cls: AbcClass, today: BusinessDate) => (eb: any) => {
  const standing = eb.and([
    eb('override_class', 'is not', null),
    eb.or([eb('override_expires_on', 'is', null), eb('override_expires_on', '>=', today)]),
  ]);
  return eb.or([
    eb.and([standing, eb('override_class', '=', cls)]),
    eb.and([eb.not(standing), eb('class', '=', cls)]),
  ]);
};

/** The class that counts: a standing manual override beats the computed one. */
export const effectiveClass = (row: ClassColumns | undefined, today: BusinessDate): AbcClass =>
  !row ? 'none' : ((overrideActive(row, today) ? row.override_class : row.class) as AbcClass);

export async function accountRows(db: Executor, ids: readonly string[]): Promise<Map<string, AccountRow>> {
  const out = new Map<string, AccountRow>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = (await db
      .selectFrom('ka_account')
      .selectAll()
      .where('customer_id', 'in', ids.slice(i, i + 500))
      .execute()) as AccountRow[];
    for (const r of rows) out.set(r.customer_id, r);
  }
  return out;
}

export async function accountRow(db: Executor, customerId: string): Promise<AccountRow | undefined> {
  return (await accountRows(db, [customerId])).get(customerId);
}

/** Creates the customer's account row when missing, so later updates have a row to change. */
export async function ensureAccount(db: Executor, customerId: string, now: Date): Promise<AccountRow> {
  await db
    .insertInto('ka_account')
    .values({ customer_id: customerId, class: 'none', designated: 0, updated_at: now.toISOString() })
    .onConflict((oc) => oc.column('customer_id').doNothing())
    .execute();
  return (await accountRow(db, customerId)) as AccountRow;
}

export const tierOfRow = (row: AccountRow | undefined, today: BusinessDate): KeyAccountTier => ({
  class: effectiveClass(row, today),
  designated: row?.designated === 1,
  managerId: row?.manager_id ?? null,
});

/** The account as the API shows it. */
export function toAccount(customerId: string, row: AccountRow | undefined, today: BusinessDate) {
  const standing = row ? overrideActive(row, today) : false;
  const computed = (row?.class ?? 'none') as AbcClass;
  return {
    customerId,
    class: effectiveClass(row, today),
    computedClass: computed,
    override:
      row && standing
        ? {
            class: row.override_class as AbcClass,
            reason: row.override_reason ?? '',
            by: row.override_by ?? '',
            at: row.override_at ?? '',
            expiresOn: row.override_expires_on,
          }
        : null,
    overridden: standing && row?.override_class !== computed,
    designated: row?.designated === 1,
    designatedOn: row?.designated_on ?? null,
    managerId: row?.manager_id ?? null,
    stage: row?.stage ?? null,
    relationship: row?.relationship ?? null,
    loyalty: (row?.loyalty ?? null) as 'loyal' | 'brand_switching' | 'no_loyalty' | null,
  };
}
