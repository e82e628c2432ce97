import type { Executor } from '../db/database.js';

/** What a redacted value reads as: the fact that there was a value stays, the value goes. */
export const REDACTED = '[redacted]';

/** Keys whose string values are identifiers or instants, not personal data: `id`, `customerId`, `createdAt`. */
const KEPT_KEY = /^(id|.*Id|.*At|at|currency)$/;

/**
 * A copy of `value` with every string replaced by {@link REDACTED}, except under identifier and
 * timestamp keys; numbers, booleans, nulls and the shape (keys, array lengths) stay.
 */
export function redactValue(value: unknown, key?: string): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === 'string') return key !== undefined && KEPT_KEY.test(key) ? value : REDACTED;
  if (Array.isArray(value)) return value.map((v) => redactValue(v));
  if (typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, k)]));
  return value;
}

/** An audit entry's field changes with every non-empty from/to value redacted; which fields changed stays. */
export function redactChanges(changes: Record<string, { from: unknown; to: unknown }>) {
  const hide = (v: unknown) => (v === null || v === undefined ? null : REDACTED);
  return Object.fromEntries(
    Object.entries(changes).map(([field, c]) => [field, { from: hide(c?.from), to: hide(c?.to) }]),
  );
}

/**
 * Erases a purged customer's personal data from the kernel's own records, inside the purge
 * transaction: the values and reasons of the audit entries tied to the customer (who changed what
 * and when stays), the payloads of outbox events that name the customer (kept with their strings
 * redacted, so deliveries still resolve) and stored idempotent replies that carry it.
 */
export async function redactCustomerTrail(trx: Executor, customerId: string): Promise<void> {
  const entries = await trx
    .selectFrom('kehu_audit')
    .select(['id', 'changes', 'reason'])
    .where('customer_id', '=', customerId)
    .execute();
  for (const e of entries) {
    if (e.changes == null && e.reason == null) continue;
    const changes = e.changes ? JSON.stringify(redactChanges(JSON.parse(e.changes as string))) : null;
    await trx
      .updateTable('kehu_audit')
      .set({ changes, reason: e.reason == null ? null : REDACTED })
      .where('id', '=', e.id)
      .execute();
  }
  // Ids are random and unique, so a payload naming this one is about this customer.
  const mentions = `%${customerId}%`;
  const events = await trx
    .selectFrom('kehu_event')
    .select(['id', 'payload'])
    .where('payload', 'like', mentions)
    .execute();
  for (const ev of events)
    await trx
      .updateTable('kehu_event')
      .set({ payload: JSON.stringify(redactValue(JSON.parse(ev.payload as string))) })
      .where('id', '=', ev.id)
      .execute();
  await trx.deleteFrom('kehu_idempotency').where('body', 'like', mentions).execute();
}
