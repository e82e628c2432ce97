import type { AuditLog } from '../audit/audit-log.js';
import { diffFields } from '../audit/audit-log.js';
import type { Principal } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import type { AnyDb, Executor } from '../db/database.js';
import { conflict, notFound } from '../errors.js';
import { keysetPage } from '../http/list.js';
import { type TimelinePageRequest, timelineKeyset } from '../http/timeline-keyset.js';
import { newId } from '../ids.js';
import type { Actor } from './actor.js';
import type { EntityTypeDefinition, TimelineItem } from './types.js';

type Row = Record<string, any>;

/** What an entity store needs from the customer archive; bound after the kernel is assembled. */
export interface EntityArchive {
  db: AnyDb;
  clock: Clock;
  audit: AuditLog;
  visibilityFilter(principal: Principal, alias?: string): ((eb: any) => any) | undefined;
}

/**
 * The kernel's features for one plugin entity type, returned by `ctx.registry.entityType(…)` when the
 * type has a table. Reads take the caller and only return rows whose customer the caller may see
 * (others are a 404); writes take the transaction and the actor and leave an audit entry tied to the
 * customer, so the entry shows on the customer's timeline.
 *
 *   const complaints = ctx.registry.entityType<ComplaintRow>('complaint', {
 *     labels: { en: 'Complaint', 'zh-CN': '投诉' }, table: 'complaints_complaint',
 *     timeline: { at: 'received_at', title: (r) => `Complaint: ${r.subject}` },
 *   });
 *   const row = await complaints.require(principal, id);                    // 404 unless visible
 *   await ctx.transaction((trx) => complaints.insert(trx, principal, { customer_id, subject, … }));
 */
export interface EntityStore<R extends Row = Row> {
  readonly type: string;
  readonly table: string;
  /** Null for types not tied to customers: reads then check no customer, only the route's permission. */
  readonly customerColumn: string | null;
  /** The row by id without any access check (deleted rows only when asked). */
  find(id: string, options?: { trx?: Executor; withDeleted?: boolean }): Promise<R | undefined>;
  /** The live row, or a 404 when it is missing, deleted, or its customer is not visible to `principal`. */
  require(principal: Principal, id: string, trx?: Executor): Promise<R>;
  /** `select * from <table>` limited to live rows of customers `principal` may see; add your own where/order. */
  visible(principal: Principal, trx?: Executor): any;
  /** A page of live rows of one customer, newest id first. Check the customer's visibility first. */
  listForCustomer(
    customerId: string,
    page: { limit: number; cursor?: string | undefined },
    trx?: Executor,
  ): Promise<{ items: R[]; nextCursor: string | null }>;
  /** Inserts the row (an `id` is generated when absent) and audits `create`. */
  insert(trx: Executor, actor: Actor, values: Partial<R>, options?: { reason?: string | null }): Promise<R>;
  /** Updates the live row and audits the changed fields with the reason. */
  update(
    trx: Executor,
    actor: Actor,
    id: string,
    patch: Partial<R>,
    options?: { reason?: string | null },
  ): Promise<R>;
  /** Marks the row deleted; it is restorable until the retention period ends, then purged. */
  softDelete(trx: Executor, actor: Actor, id: string, reason: string): Promise<R>;
  restore(trx: Executor, actor: Actor, id: string): Promise<R>;
}

export interface RegisteredEntityType extends EntityTypeDefinition {
  plugin: string;
  name: string;
}

/** Whether the type's rows belong to customers, so merge, purge, timeline and access apply. */
export const isCustomerEntity = (
  def: EntityTypeDefinition,
): def is EntityTypeDefinition & { table: string; customerColumn: string } =>
  !!def.table && !!def.customerColumn;
export const entityCustomerColumn = (def: EntityTypeDefinition): string => def.customerColumn!;
export const entitySoftDeletes = (def: EntityTypeDefinition): boolean =>
  !!def.table && def.softDelete === true;

export function createEntityStore<R extends Row>(
  name: string,
  def: EntityTypeDefinition<R>,
  archive: () => EntityArchive,
): EntityStore<R> {
  const table = def.table!;
  const customerColumn = def.customerColumn ?? null;
  const soft = entitySoftDeletes(def as EntityTypeDefinition);
  const live = (q: any) => (soft ? q.where(`${table}.deleted_at`, 'is', null) : q);

  const find: EntityStore<R>['find'] = async (id, options = {}) => {
    let q = (options.trx ?? archive().db).selectFrom(table).selectAll().where('id', '=', id);
    if (!options.withDeleted) q = live(q);
    return (await q.executeTakeFirst()) as R | undefined;
  };

  const visible: EntityStore<R>['visible'] = (principal, trx) => {
    const a = archive();
    const rows = live((trx ?? a.db).selectFrom(table).selectAll(table));
    if (!customerColumn) return rows;
    const filter = a.visibilityFilter(principal);
    let customers = (trx ?? a.db)
      .selectFrom('customer')
      .select('customer.id')
      .where('customer.deleted_at', 'is', null);
    if (filter) customers = customers.where(filter);
    return rows.where(`${table}.${customerColumn}`, 'in', customers);
  };

  const audit = (
    trx: Executor,
    actor: Actor,
    row: Row,
    action: string,
    changes?: Record<string, { from: unknown; to: unknown }> | null,
    reason?: string | null,
  ) =>
    archive().audit.record(trx, {
      entityType: name,
      entityId: String(row.id),
      customerId: customerColumn ? (row[customerColumn] ?? null) : null,
      action,
      actor,
      changes: changes ?? null,
      reason: reason ?? null,
    });

  const requireRow = async (trx: Executor, id: string, withDeleted = false): Promise<R> => {
    const row = await find(id, { trx, withDeleted });
    if (!row) throw notFound(def.labels.en, id);
    return row;
  };

  return {
    type: name,
    table,
    customerColumn,
    find,
    async require(principal, id, trx) {
      const row = (await visible(principal, trx).where(`${table}.id`, '=', id).executeTakeFirst()) as
        | R
        | undefined;
      if (!row) throw notFound(def.labels.en, id);
      return row;
    },
    visible,
    async listForCustomer(customerId, page, trx) {
      if (!customerColumn) return { items: [], nextCursor: null };
      const q = live((trx ?? archive().db).selectFrom(table).selectAll()).where(
        customerColumn,
        '=',
        customerId,
      );
      return keysetPage<R>(q, page, { order: ['-id'] });
    },
    async insert(trx, actor, values, options = {}) {
      const row = { id: newId(), ...(soft ? { deleted_at: null } : {}), ...values } as Row;
      await trx.insertInto(table).values(row).execute();
      const stored = await requireRow(trx, row.id as string);
      await audit(
        trx,
        actor,
        stored,
        'create',
        diffFields(
          {},
          stored,
          Object.keys(values).filter((k) => k !== 'id'),
        ),
        options.reason,
      );
      return stored;
    },
    async update(trx, actor, id, patch, options = {}) {
      const before = await requireRow(trx, id);
      const set = Object.fromEntries(Object.entries(patch).filter(([k, v]) => k !== 'id' && v !== undefined));
      if (Object.keys(set).length > 0)
        await live(trx.updateTable(table).set(set).where('id', '=', id)).execute();
      const after = await requireRow(trx, id);
      await audit(trx, actor, after, 'update', diffFields(before, after, Object.keys(set)), options.reason);
      return after;
    },
    async softDelete(trx, actor, id, reason) {
      if (!soft) throw conflict('not_soft_deletable', `${def.labels.en} records are not soft-deletable`);
      const row = await requireRow(trx, id);
      await trx
        .updateTable(table)
        .set({ deleted_at: archive().clock.now().toISOString() })
        .where('id', '=', id)
        .execute();
      await audit(trx, actor, row, 'delete', null, reason);
      return (await requireRow(trx, id, true)) as R;
    },
    async restore(trx, actor, id) {
      const row = await requireRow(trx, id, true);
      if (row.deleted_at == null) throw conflict('not_deleted', `${def.labels.en} ${id} is not deleted`);
      await trx.updateTable(table).set({ deleted_at: null }).where('id', '=', id).execute();
      await audit(trx, actor, row, 'restore');
      return requireRow(trx, id);
    },
  };
}

/** Timeline items of an entity type with a `timeline` option, newest first. */
export async function entityTimelineItems(
  def: RegisteredEntityType,
  customerId: string,
  page: TimelinePageRequest,
  trx: Executor,
): Promise<TimelineItem[]> {
  const t = def.timeline!;
  const table = def.table!;
  let q: any = trx.selectFrom(table).selectAll().where(entityCustomerColumn(def), '=', customerId);
  if (entitySoftDeletes(def)) q = q.where('deleted_at', 'is', null);
  const rows: Row[] = await timelineKeyset(q, page, { at: `${table}.${t.at}` }).execute();
  return rows.map((r) => ({
    id: String(r.id),
    at: String(r[t.at]),
    type: t.type ?? def.name,
    title: t.title(r),
    data: r,
  }));
}

/** Columns of an entity export: the declared ones, else those of the first row. */
export const entityExportColumns = (def: EntityTypeDefinition, first: Row | undefined): string[] =>
  def.exportColumns
    ? [...def.exportColumns]
    : first
      ? Object.keys(first)
      : ['id', ...(def.customerColumn ? [def.customerColumn] : [])];
