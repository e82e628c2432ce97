import type { CompiledQuery } from 'kysely';
import type { Principal } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import type { AnyDb, Executor } from '../db/database.js';
import { keysetPage, type Page, type PageRequest } from '../http/list.js';
import { newId } from '../ids.js';

export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

export interface AuditFilter {
  entityType?: string | undefined;
  entityId?: string | undefined;
  customerId?: string | undefined;
  /** Entries older than this entry id. */
  before?: string | undefined;
}

export interface AuditEntry {
  entityType: string;
  entityId: string;
  /** The customer the entity belongs to, so the entry shows on that customer's timeline. */
  customerId?: string | null;
  action: string;
  actor: Principal | string | null;
  changes?: FieldChanges | null;
  reason?: string | null;
}

export interface AuditRecord {
  id: string;
  entityType: string;
  entityId: string;
  customerId: string | null;
  action: string;
  actorId: string | null;
  at: string;
  changes: FieldChanges | null;
  reason: string | null;
}

const same = (a: unknown, b: unknown): boolean =>
  a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));

/** The fields whose value differs between two versions of a record. */
export function diffFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  fields?: readonly string[],
): FieldChanges {
  const keys = fields ?? [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const out: FieldChanges = {};
  for (const k of keys) {
    if (!same(before[k] ?? null, after[k] ?? null))
      out[k] = { from: before[k] ?? null, to: after[k] ?? null };
  }
  return out;
}

export const toAuditRecord = (r: Record<string, any>): AuditRecord => ({
  id: r.id,
  entityType: r.entity_type,
  entityId: r.entity_id,
  customerId: r.customer_id,
  action: r.action,
  actorId: r.actor_id,
  at: r.at,
  changes: r.changes ? JSON.parse(r.changes) : null,
  reason: r.reason,
});

/** The columns of an audit row, in the order {@link AuditLog.valuesOf} gives their values. */
export const AUDIT_COLUMNS = [
  'id',
  'entity_type',
  'entity_id',
  'customer_id',
  'action',
  'actor_id',
  'at',
  'changes',
  'reason',
] as const;

/** The audit trail: written inside the same transaction as the change it records. */
export class AuditLog {
  constructor(
    private readonly db: AnyDb,
    private readonly clock: Clock,
  ) {}

  /** The one-row insert, compiled once: every audited write runs it, and building it cost more than SQLite storing it. */
  private insertOne: CompiledQuery | undefined;

  async record(trx: Executor, entry: AuditEntry): Promise<AuditRecord> {
    const [values] = this.valuesOf([entry]);
    this.insertOne ??= this.db
      .insertInto('kehu_audit')
      .values(Object.fromEntries(AUDIT_COLUMNS.map((column) => [column, null])))
      .compile();
    await trx.executeQuery({ ...this.insertOne, parameters: values! });
    return toAuditRecord(Object.fromEntries(AUDIT_COLUMNS.map((column, i) => [column, values![i]])));
  }

  /** Many entries in one insert (imports); same rows as {@link record}. */
  async recordMany(trx: Executor, entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const rows = this.valuesOf(entries).map((values) =>
      Object.fromEntries(AUDIT_COLUMNS.map((column, i) => [column, values[i]])),
    );
    await trx.insertInto('kehu_audit').values(rows).execute();
  }

  /**
   * The rows {@link recordMany} writes, as values in {@link AUDIT_COLUMNS} order, for a caller that
   * writes them with its own bulk insert (an import's batches).
   */
  valuesOf(entries: readonly AuditEntry[]): unknown[][] {
    const at = this.clock.now().toISOString();
    return entries.map((entry) => [
      newId(),
      entry.entityType,
      entry.entityId,
      entry.customerId ?? null,
      entry.action,
      entry.actor == null ? null : typeof entry.actor === 'string' ? entry.actor : entry.actor.id,
      at,
      entry.changes && Object.keys(entry.changes).length > 0 ? JSON.stringify(entry.changes) : null,
      entry.reason ?? null,
    ]);
  }

  /** Entries matching the filter, newest first (at most `limit`, default 100). */
  async list(filter: AuditFilter & { limit?: number }, trx: Executor = this.db): Promise<AuditRecord[]> {
    const rows = await this.filtered(filter, trx)
      .orderBy('id', 'desc')
      .limit(filter.limit ?? 100)
      .execute();
    return rows.map(toAuditRecord);
  }

  /** One keyset page of the entries matching the filter, newest first. */
  page(filter: AuditFilter, page: PageRequest, trx: Executor = this.db): Promise<Page<AuditRecord>> {
    return keysetPage(this.filtered(filter, trx), page, { order: ['-id'], map: toAuditRecord });
  }

  private filtered(filter: AuditFilter, trx: Executor) {
    let q = trx.selectFrom('kehu_audit').selectAll();
    if (filter.entityType) q = q.where('entity_type', '=', filter.entityType);
    if (filter.entityId) q = q.where('entity_id', '=', filter.entityId);
    if (filter.customerId) q = q.where('customer_id', '=', filter.customerId);
    if (filter.before) q = q.where('id', '<', filter.before);
    return q;
  }
}
