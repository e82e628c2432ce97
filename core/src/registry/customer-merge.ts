import { sql } from 'kysely';
import { diffFields } from '../audit/audit-log.js';
import type { Trx } from '../db/database.js';
import { badRequest, ProblemError } from '../errors.js';
import { type Actor, actorId } from './actor.js';
import {
  type Customer,
  type CustomerPatch,
  OPTIONAL_TEXT_FIELDS,
  patchColumns,
  UPDATABLE_FIELDS,
} from './customer-record.js';
import type { CustomerService } from './customer-service.js';
import { staleVersion } from './customer-writes.js';

/**
 * Merges a duplicate (`source`) into the customer that stays (`target`): contacts and communications
 * move, each plugin moves its own data in the `customer.merge` filter (same transaction); the
 * target keeps its values and takes the source's where it has none, plus the source's tags. The
 * source is deleted and recorded in `customer_merge`, so the target's timeline keeps its history.
 */
export async function merge(
  svc: CustomerService,
  trx: Trx,
  targetId: string,
  sourceId: string,
  options: { actor: Actor; reason: string },
): Promise<Customer> {
  const { actor } = options;
  if (targetId === sourceId) {
    throw new ProblemError({
      status: 422,
      code: 'same_customer',
      detail: 'A customer cannot be merged into itself',
      errors: [{ path: 'body.sourceId', message: 'Same as the target' }],
    });
  }
  const reason = options.reason.trim();
  if (!reason)
    throw badRequest('reason_required', 'Merging needs a reason', [
      { path: 'body.reason', message: 'Required', code: 'required' },
    ]);
  const target = await svc.requireFor(actor, targetId, trx, 'edit');
  const source = await svc.requireFor(actor, sourceId, trx, 'edit');

  const now = svc.clock.now().toISOString();
  const targetHasPrimary = await trx
    .selectFrom('contact')
    .select('id')
    .where('customer_id', '=', targetId)
    .where('is_primary', '=', 1)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (targetHasPrimary)
    await trx
      .updateTable('contact')
      .set({ is_primary: 0, updated_at: now })
      .where('customer_id', '=', sourceId)
      .where('is_primary', '=', 1)
      .execute();
  const contacts = await trx
    .updateTable('contact')
    .set({ customer_id: targetId })
    .where('customer_id', '=', sourceId)
    .executeTakeFirst();
  const communications = await trx
    .updateTable('communication')
    .set({ customer_id: targetId })
    .where('customer_id', '=', sourceId)
    .executeTakeFirst();
  const contracts = await trx
    .updateTable('customer_contract')
    .set({ customer_id: targetId })
    .where('customer_id', '=', sourceId)
    .executeTakeFirst();
  const documents = await trx
    .updateTable('customer_document')
    .set({ customer_id: targetId })
    .where('customer_id', '=', sourceId)
    .executeTakeFirst();
  const discounts = await trx
    .updateTable('customer_discount')
    .set({ customer_id: targetId })
    .where('customer_id', '=', sourceId)
    .executeTakeFirst();
  const notes = await trx
    .updateTable('customer_note')
    .set({ customer_id: targetId })
    .where('customer_id', '=', sourceId)
    .executeTakeFirst();
  await mergeContributions(trx, sourceId, targetId);
  await trx
    .updateTable('customer_document')
    .set({ subject_id: targetId })
    .where('subject_type', '=', 'customer')
    .where('subject_id', '=', sourceId)
    .execute();
  const moved: Record<string, number> = {
    contacts: Number(contacts.numUpdatedRows),
    communications: Number(communications.numUpdatedRows),
    contracts: Number(contracts.numUpdatedRows),
    documents: Number(documents.numUpdatedRows),
    discounts: Number(discounts.numUpdatedRows),
    notes: Number(notes.numUpdatedRows),
  };
  // Plugin rows are the plugins' own: each moves or combines them in its `customer.merge` filter.
  await svc.hooks.applyFilters('customer.merge', { source, target }, { trx, principal: actor });

  const patch: CustomerPatch = {};
  for (const k of OPTIONAL_TEXT_FIELDS) if (target[k] == null && source[k] != null) patch[k] = source[k];
  const tags = [...new Set([...target.tags, ...source.tags])];
  if (tags.length !== target.tags.length) patch.tags = tags;
  const custom = { ...source.custom, ...target.custom };
  if (Object.keys(custom).length !== Object.keys(target.custom).length) patch.custom = custom;
  const after = { ...target, ...patch } as Customer;
  const changes = diffFields(
    target as unknown as Record<string, unknown>,
    after as unknown as Record<string, unknown>,
    UPDATABLE_FIELDS,
  );

  const t = await trx
    .updateTable('customer')
    .set({ ...patchColumns(patch, after), updated_at: now, version: sql`version + 1` })
    .where('id', '=', targetId)
    .where('version', '=', target.version)
    .executeTakeFirst();
  if (Number(t.numUpdatedRows) === 0) throw staleVersion(target);
  const s = await trx
    .updateTable('customer')
    .set({ deleted_at: now, updated_at: now, version: sql`version + 1` })
    .where('id', '=', sourceId)
    .where('version', '=', source.version)
    .executeTakeFirst();
  if (Number(s.numUpdatedRows) === 0) throw staleVersion(source);
  await trx
    .insertInto('customer_merge')
    .values({ source_id: sourceId, target_id: targetId, at: now, actor_id: actorId(actor), reason })
    .execute();

  await svc.audit.record(trx, {
    entityType: 'customer',
    entityId: targetId,
    customerId: targetId,
    action: 'merge',
    actor,
    changes: {
      ...changes,
      mergedFrom: { from: null, to: { id: sourceId, code: source.code, name: source.name, moved } },
    },
    reason,
  });
  await svc.audit.record(trx, {
    entityType: 'customer',
    entityId: sourceId,
    customerId: sourceId,
    action: 'mergedInto',
    actor,
    changes: { mergedInto: { from: null, to: { id: targetId, code: target.code } } },
    reason,
  });
  await svc.hooks.emit(trx, 'customer.merged', { sourceId, targetId, actorId: actorId(actor) });
  return (await svc.get(targetId, trx))!;
}

/** The source's imported yearly figures add to the target's of the same year and currency. */
async function mergeContributions(trx: Trx, sourceId: string, targetId: string): Promise<void> {
  const rows = await trx
    .selectFrom('customer_contribution')
    .selectAll()
    .where('customer_id', '=', sourceId)
    .execute();
  for (const r of rows) {
    const existing = await trx
      .selectFrom('customer_contribution')
      .selectAll()
      .where('customer_id', '=', targetId)
      .where('year', '=', r.year)
      .where('currency', '=', r.currency)
      .executeTakeFirst();
    if (!existing) {
      await trx
        .insertInto('customer_contribution')
        .values({ ...r, customer_id: targetId })
        .execute();
      continue;
    }
    // A margin is known for the sum only when it is known for both parts.
    const margin =
      existing.margin === null || r.margin === null ? null : Number(existing.margin) + Number(r.margin);
    await trx
      .updateTable('customer_contribution')
      .set({ revenue: Number(existing.revenue) + Number(r.revenue), margin, updated_at: r.updated_at })
      .where('customer_id', '=', targetId)
      .where('year', '=', r.year)
      .where('currency', '=', r.currency)
      .execute();
  }
  await trx.deleteFrom('customer_contribution').where('customer_id', '=', sourceId).execute();
  await trx.deleteFrom('customer_value').where('customer_id', '=', sourceId).execute();
}
