import { sql } from 'kysely';
import { redactCustomerTrail } from '../audit/redact.js';
import type { Trx } from '../db/database.js';
import { badRequest, conflict, DomainError, notFound } from '../errors.js';
import { type Actor, actorId } from './actor.js';
import type { OpenItem } from './customer-events.js';
import type { Customer } from './customer-record.js';
import type { CustomerService } from './customer-service.js';
import { assertVersion, staleVersion } from './customer-writes.js';
import { entitySoftDeletes } from './entity-store.js';

const DAY_MS = 86_400_000;

export interface PurgeResult {
  /** Customers removed for good. */
  purged: number;
  /** Customers a plugin still holds (open items); they stay deleted and are tried again next run. */
  held: number;
  /** Customers whose purge failed (logged); tried again next run. */
  failed: number;
  /** Soft-deleted plugin entity rows removed after the retention period. */
  entityRows: number;
}

const openItemsProblem = (customer: Customer, action: string, openItems: OpenItem[]) =>
  new DomainError(
    'open_items',
    `Customer ${customer.code} cannot be ${action} while items are open: ${openItems.map((i) => `${i.count} ${i.kind} (${i.plugin}): ${i.detail}`).join('; ')}`,
    { openItems },
    409,
  );

const reasonOf = (reason: string, what: string): string => {
  const r = reason.trim();
  if (!r)
    throw badRequest('reason_required', `${what} needs a reason`, [
      { path: 'body.reason', message: 'Required', code: 'required' },
    ]);
  return r;
};

async function bump(
  svc: CustomerService,
  trx: Trx,
  before: Customer,
  set: Record<string, unknown>,
): Promise<Customer> {
  const r = await trx
    .updateTable('customer')
    .set({ ...set, updated_at: svc.clock.now().toISOString(), version: sql`version + 1` })
    .where('id', '=', before.id)
    .where('version', '=', before.version)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0)
    throw staleVersion((await svc.get(before.id, trx, { withDeleted: true })) ?? before);
  return (await svc.get(before.id, trx, { withDeleted: true }))!;
}

/**
 * Ends the relationship (客户关系的终止): refused while a plugin reports open items; the record is
 * kept, marked terminated and do-not-contact.
 */
export async function terminate(
  svc: CustomerService,
  trx: Trx,
  id: string,
  options: { actor: Actor; reason: string; expectedVersion?: number | undefined },
): Promise<Customer> {
  const { actor } = options;
  const before = await svc.requireFor(actor, id, trx, 'see');
  assertVersion(before, options.expectedVersion);
  const reason = reasonOf(options.reason, 'Terminating a customer');
  if (before.status === 'terminated')
    throw conflict('already_terminated', `Customer ${before.code} is already terminated`);
  const checked = await svc.hooks.applyFilters(
    'customer.beforeTerminate',
    { customer: before, reason, openItems: [] },
    { trx, principal: actor },
  );
  if (checked.openItems.length > 0) throw openItemsProblem(before, 'terminated', checked.openItems);
  const now = svc.clock.now().toISOString();
  const after = await bump(svc, trx, before, { status: 'terminated', do_not_contact: 1, terminated_at: now });
  await svc.audit.record(trx, {
    entityType: 'customer',
    entityId: id,
    customerId: id,
    action: 'terminate',
    actor,
    changes: {
      status: { from: before.status, to: 'terminated' },
      doNotContact: { from: before.doNotContact, to: true },
    },
    reason,
  });
  await svc.hooks.emit(trx, 'customer.terminated', { customerId: id, reason, actorId: actorId(actor) });
  return after;
}

/** Soft delete: restorable during the retention period, refused while a plugin reports open items. */
export async function softDelete(
  svc: CustomerService,
  trx: Trx,
  id: string,
  options: { actor: Actor; reason: string; expectedVersion?: number | undefined },
): Promise<Customer> {
  const { actor } = options;
  const before = await svc.requireFor(actor, id, trx, 'see');
  assertVersion(before, options.expectedVersion);
  const reason = reasonOf(options.reason, 'Deleting a customer');
  const checked = await svc.hooks.applyFilters(
    'customer.beforeDelete',
    { customer: before, reason, openItems: [] },
    { trx, principal: actor },
  );
  if (checked.openItems.length > 0) throw openItemsProblem(before, 'deleted', checked.openItems);
  const after = await bump(svc, trx, before, { deleted_at: svc.clock.now().toISOString() });
  await svc.audit.record(trx, {
    entityType: 'customer',
    entityId: id,
    customerId: id,
    action: 'delete',
    actor,
    reason,
  });
  await svc.hooks.emit(trx, 'customer.deleted', { customerId: id, reason, actorId: actorId(actor) });
  return after;
}

export async function restore(
  svc: CustomerService,
  trx: Trx,
  id: string,
  options: { actor: Actor; reason?: string | undefined },
): Promise<Customer> {
  const { actor } = options;
  const before = await svc.requireFor(actor, id, trx, 'see', { withDeleted: true });
  if (!before.deletedAt) throw conflict('not_deleted', `Customer ${before.code} is not deleted`);
  const merged = await trx
    .selectFrom('customer_merge')
    .select('target_id')
    .where('source_id', '=', id)
    .executeTakeFirst();
  if (merged)
    throw conflict(
      'merged',
      `Customer ${before.code} was merged into ${merged.target_id} and cannot be restored`,
      { mergedInto: merged.target_id },
    );
  const after = await bump(svc, trx, before, { deleted_at: null });
  await svc.audit.record(trx, {
    entityType: 'customer',
    entityId: id,
    customerId: id,
    action: 'restore',
    actor,
    reason: options.reason ?? null,
  });
  await svc.hooks.emit(trx, 'customer.restored', { customerId: id, actorId: actorId(actor) });
  return after;
}

/**
 * The retention job: removes customers deleted more than `retentionDays` before `at` with their
 * contacts, communications and access grants, unless a `customer.beforePurge` filter reports open
 * items; each plugin erases its own data in the `customer.purge` filter. Each customer is purged in
 * its own transaction. Audit entries stay with their values and reasons redacted (the trail records
 * who changed which fields when, and that the customer was purged); outbox payloads naming the
 * customer are redacted too.
 */
export async function purgeExpired(svc: CustomerService, at: Date): Promise<PurgeResult> {
  const cutoff = new Date(at.getTime() - svc.options.retentionDays * DAY_MS).toISOString();
  const result: PurgeResult = { purged: 0, held: 0, failed: 0, entityRows: 0 };
  let after = '';
  for (;;) {
    const batch = await svc.db
      .selectFrom('customer')
      .select('id')
      .where('deleted_at', 'is not', null)
      .where('deleted_at', '<=', cutoff)
      .where('id', '>', after)
      .orderBy('id')
      .limit(200)
      .execute();
    if (batch.length === 0) break;
    after = batch.at(-1)!.id as string;
    for (const { id } of batch) {
      try {
        const files: string[] = [];
        const outcome = await svc.inTransaction(undefined, (trx) =>
          purgeOne(svc, trx, id as string, cutoff, files),
        );
        // The files go once the rows are gone for good, so a failed purge leaves both.
        if (files.length > 0) await svc.archiveFiles?.deleteFiles(files);
        if (outcome === 'purged') result.purged++;
        else if (outcome === 'held') result.held++;
      } catch (err) {
        result.failed++;
        svc.logger.error('customer purge failed', {
          customerId: id,
          error: err instanceof Error ? err.message : String(err),
        });
      }
    }
  }
  for (const def of svc.registry.entityTypes.values()) {
    if (!def.table || !entitySoftDeletes(def)) continue;
    const r = await svc.db
      .deleteFrom(def.table)
      .where('deleted_at', 'is not', null)
      .where('deleted_at', '<=', cutoff)
      .executeTakeFirst();
    result.entityRows += Number(r.numDeletedRows);
  }
  // The FTS5 search index keeps a deleted row's trigrams in its older segments until they merge:
  // merge them now. SQLite keeps the pages a purge overwrote in the write-ahead log until it is
  // reused: fold it into the database file and truncate it, so the erased data is gone from disk now.
  if (result.purged > 0 && svc.dialect === 'sqlite') {
    await sql`insert into customer_search_fts (customer_search_fts) values ('optimize')`.execute(svc.db);
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(svc.db);
  }
  return result;
}

async function purgeOne(
  svc: CustomerService,
  trx: Trx,
  id: string,
  cutoff: string,
  files: string[],
): Promise<'purged' | 'held' | 'gone'> {
  const customer = await svc.get(id, trx, { withDeleted: true });
  if (!customer || !customer.deletedAt || customer.deletedAt > cutoff) return 'gone';
  const checked = await svc.hooks.applyFilters(
    'customer.beforePurge',
    { customerId: id, openItems: [] },
    { trx, principal: null },
  );
  if (checked.openItems.length > 0) return 'held';
  // Plugin rows are the plugins' own: each erases them in its `customer.purge` filter.
  await svc.hooks.applyFilters('customer.purge', { customerId: id }, { trx, principal: null });
  if (svc.archiveFiles) files.push(...(await svc.archiveFiles.purgeRows(trx, id)));
  for (const table of [
    'customer_contract',
    'customer_discount',
    'customer_note',
    'customer_change_request',
    'customer_contribution',
    'customer_value',
  ])
    await trx.deleteFrom(table).where('customer_id', '=', id).execute();
  await trx.deleteFrom('communication').where('customer_id', '=', id).execute();
  await trx.deleteFrom('contact').where('customer_id', '=', id).execute();
  await trx.deleteFrom('customer_access_grant').where('customer_id', '=', id).execute();
  const r = await trx.deleteFrom('customer').where('id', '=', id).executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) throw notFound('Customer', id);
  await redactCustomerTrail(trx, id);
  await svc.audit.record(trx, {
    entityType: 'customer',
    entityId: id,
    customerId: id,
    action: 'purge',
    actor: null,
  });
  await svc.hooks.emit(trx, 'customer.purged', { customerId: id });
  return 'purged';
}
