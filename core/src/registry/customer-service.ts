import { type CompiledQuery, sql } from 'kysely';
import { z } from 'zod';
import type { AuditLog } from '../audit/audit-log.js';
import type { Principal } from '../auth/principal.js';
import type { UserStore } from '../auth/user-store.js';
import type { Clock } from '../clock.js';
import type { AnyDb, Dialect, Executor, Trx } from '../db/database.js';
import { readRows } from '../db/direct-read.js';
import { forbidden, notFound, ProblemError } from '../errors.js';
import type { HookBus } from '../hooks/hook-bus.js';
import { type Logger, silentLogger } from '../logger.js';
import { AccessGrantStore } from './access-grants.js';
import type { Actor } from './actor.js';
import type { ApprovalRules } from './change-requests.js';
import { CommunicationStore } from './communications.js';
import { type Contact, ContactStore } from './contacts.js';
import { CustomFieldStore } from './custom-fields.js';
import { nextCustomerCodes } from './customer-codes.js';
import { type CustomerSummary, customerSummaries, rowsOfCustomers } from './customer-directory.js';
import { type DuplicateMatch, findDuplicate } from './customer-duplicates.js';
import { type PurgeResult, purgeExpired, restore, softDelete, terminate } from './customer-lifecycle.js';
import { type CustomerFilter, type CustomerPage, listCustomers } from './customer-list.js';
import { merge } from './customer-merge.js';
import { customerRowWith, inlineFacetsOf, inlineRows, keepInlineRows } from './customer-reads.js';
import {
  CUSTOMER_COLUMNS,
  CUSTOMER_STATUSES,
  type Customer,
  type CustomerInput,
  type CustomerPatch,
  type CustomerStatus,
  toCustomer,
} from './customer-record.js';
import type { CustomerValueOptions } from './customer-value.js';
import { changeOwner, createCustomer, updateCustomer } from './customer-writes.js';
import { QueryCache } from './query-cache.js';
import type { Registry } from './registry.js';
import { customerTimeline, type TimelineEntry } from './timeline.js';
import type { CustomerIdQuery } from './types.js';

export type { CustomerSummary } from './customer-directory.js';
export type {
  ChainPosition,
  Customer,
  CustomerInput,
  CustomerKind,
  CustomerPatch,
  CustomerStatus,
} from './customer-record.js';
export {
  CHAIN_POSITIONS,
  CUSTOMER_KINDS,
  CUSTOMER_STATUSES,
  customerRow,
  toCustomer,
} from './customer-record.js';

/** What a principal may do with a customer: a grant gives `see`, ownership and managers `change`. */
export type CustomerAccess = 'change' | 'see' | 'none';

/** Permission that lets a role see every customer (sales and general managers by default). */
export const READ_ALL_CUSTOMERS = 'customers.readAll';

/** Archive rules a host configures through `KernelOptions.customers`. */
export interface CustomerArchiveOptions {
  /** Updating an existing customer needs a reason (档案的修改). Default true. */
  requireChangeReason?: boolean | undefined;
  /** Days a deleted customer stays restorable before the purge job removes it. Default 30. */
  retentionDays?: number | undefined;
  /** Edits, owner changes and deletions that need a manager's approval (off by default). */
  approvals?: ApprovalRules | undefined;
  /** The customer-value view: reporting currency, margin rate, years, segment thresholds. */
  value?: CustomerValueOptions | undefined;
}

export interface CustomerServiceSettings extends CustomerArchiveOptions {
  dialect?: Dialect;
  users?: UserStore;
  logger?: Logger;
  /** The kernel's transaction helper (dispatches events after commit); plain transactions otherwise. */
  transaction?: <T>(fn: (trx: Trx) => Promise<T>) => Promise<T>;
}

export interface CustomerReadOptions {
  /** Deleted customers too (restorable ones). */
  withDeleted?: boolean;
  /** The facets the caller will load for the customer (see {@link CustomerService.get}). */
  facets?: readonly string[];
}

export interface WriteOptions {
  /** Who acts. A principal is held to the access rules; null is the system (jobs, seeding). */
  actor: Actor;
  /** Run inside this transaction instead of a new one. */
  trx?: Trx | undefined;
}

/**
 * The customer archive as the kernel and plugins use it. Reads apply no access rule unless the method
 * takes a principal; writes given a principal actor enforce the rules (404 for customers the actor may
 * not see, 403 for visible ones they may not change).
 */
export class CustomerService {
  readonly dialect: Dialect;
  readonly options: { requireChangeReason: boolean; retentionDays: number };
  readonly logger: Logger;
  readonly fields: CustomFieldStore;
  readonly contacts: ContactStore;
  readonly communications: CommunicationStore;
  readonly grants: AccessGrantStore;
  private readonly usersStore: UserStore | undefined;
  private getLive: CompiledQuery | undefined;
  /** The archive's stored files (documents): purge removes their rows and, after commit, the files. */
  archiveFiles:
    | {
        purgeRows(trx: Trx, customerId: string): Promise<string[]>;
        deleteFiles(keys: readonly string[]): Promise<void>;
      }
    | undefined;
  /** Compiled hot queries of this kernel (their SQL depends on the dialect). */
  readonly queries = new QueryCache();
  private readonly runTransaction: <T>(fn: (trx: Trx) => Promise<T>) => Promise<T>;

  constructor(
    readonly db: AnyDb,
    readonly clock: Clock,
    readonly hooks: HookBus,
    readonly audit: AuditLog,
    readonly registry: Registry,
    settings: CustomerServiceSettings = {},
  ) {
    this.dialect = settings.dialect ?? 'sqlite';
    this.options = {
      requireChangeReason: settings.requireChangeReason ?? true,
      retentionDays: settings.retentionDays ?? 30,
    };
    this.logger = settings.logger ?? silentLogger;
    this.usersStore = settings.users;
    this.runTransaction = settings.transaction ?? ((fn) => db.transaction().execute(fn));
    this.fields = new CustomFieldStore(db, clock);
    this.contacts = new ContactStore(db, clock, audit, this.queries);
    this.communications = new CommunicationStore(db, clock, hooks, audit);
    this.grants = new AccessGrantStore(db, clock, audit);
    registry.bindArchive({
      db,
      clock,
      audit,
      visibilityFilter: (p, alias) => this.visibilityFilter(p, alias),
    });
    if (!registry.facets.has('contacts')) {
      registry.addFacet('kernel', 'contacts', {
        schema: z.array(z.object({ id: z.string(), name: z.string(), primary: z.boolean() }).loose()),
        permission: 'customers.read',
        load: (ids, trx, _principal, customers) =>
          this.contacts.forCustomers(ids, trx, inlineRows(customers, 'contacts')) as Promise<
            Map<string, Contact[]>
          >,
      });
    }
  }

  get users(): UserStore {
    if (!this.usersStore) throw new Error('CustomerService was built without a user store');
    return this.usersStore;
  }

  /** Runs `fn` in `trx` when given, else in a new transaction of the kernel. */
  inTransaction<T>(trx: Trx | undefined, fn: (trx: Trx) => Promise<T>): Promise<T> {
    return trx ? fn(trx) : this.runTransaction(fn);
  }

  /**
   * The customer, live unless `withDeleted`. `facets`: the facets the caller will load for it (an
   * `include` list); the kernel's own among them are read in the same statement (see
   * `customer-reads.ts`), and `loadFacets` given this object takes them from there.
   */
  async get(
    id: string,
    trx: Executor = this.db,
    options: CustomerReadOptions = {},
  ): Promise<Customer | undefined> {
    const inline = options.withDeleted ? [] : inlineFacetsOf(options.facets);
    if (inline.length > 0) {
      const row = await customerRowWith(trx, this.dialect, this.queries, id, inline);
      return row ? keepInlineRows(toCustomer(row), row, inline) : undefined;
    }
    // The hot read of every customer route: compiled once, so a request only binds the id.
    this.getLive ??= this.db
      .selectFrom('customer')
      .select(CUSTOMER_COLUMNS)
      .where('id', '=', '')
      .where('deleted_at', 'is', null)
      .compile();
    const q = options.withDeleted
      ? trx.selectFrom('customer').selectAll().where('id', '=', id).compile()
      : { ...this.getLive, parameters: [id] };
    const r = (await readRows(trx, q))[0];
    return r ? toCustomer(r) : undefined;
  }

  async getMany(ids: readonly string[], trx: Executor = this.db): Promise<Map<string, Customer>> {
    if (ids.length === 0) return new Map();
    const rows = await trx
      .selectFrom('customer')
      .selectAll()
      .where('id', 'in', [...new Set(ids)])
      .where('deleted_at', 'is', null)
      .execute();
    return new Map(rows.map((r) => [r.id as string, toCustomer(r)]));
  }

  /** How many live (not deleted) customers have each status: one grouped query, no access rule. */
  async countsByStatus(trx: Executor = this.db): Promise<Record<CustomerStatus, number>> {
    const rows = await trx
      .selectFrom('customer')
      .select((eb) => ['status', eb.fn.countAll().as('n')])
      .where('deleted_at', 'is', null)
      .groupBy('status')
      .execute();
    const counts = Object.fromEntries(CUSTOMER_STATUSES.map((s) => [s, 0])) as Record<CustomerStatus, number>;
    for (const r of rows) counts[r.status as CustomerStatus] = Number(r.n);
    return counts;
  }

  /**
   * What `principal` may do with this customer: `change` (managers holding customers.readAll, the
   * owner, a plugin's widening), `see` (also a live access grant, which is read-only) or `none`.
   */
  async accessTo(
    principal: Principal,
    customer: Pick<Customer, 'id' | 'ownerId'>,
    trx: Executor = this.db,
  ): Promise<CustomerAccess> {
    if (principal.can(READ_ALL_CUSTOMERS) || customer.ownerId === principal.id) return 'change';
    const widenings = [...this.registry.widenings.values()];
    for (const w of widenings)
      if (w.change && (await this.listsCustomer(w.change(principal, trx), customer.id, trx))) return 'change';
    const grant = await trx
      .selectFrom('customer_access_grant')
      .select('id')
      .where('grantee_id', '=', principal.id)
      .where('customer_id', '=', customer.id)
      .where('status', '=', 'approved')
      .where('expires_at', '>', this.clock.now().toISOString())
      .executeTakeFirst();
    if (grant) return 'see';
    for (const w of widenings)
      if (await this.listsCustomer(w.see(principal, trx), customer.id, trx)) return 'see';
    return 'none';
  }

  private async listsCustomer(query: CustomerIdQuery, id: string, trx: Executor): Promise<boolean> {
    const hit = await trx
      .selectFrom(query.as('widened'))
      .select('widened.customer_id')
      .where('widened.customer_id', '=', id)
      // A literal: a bound LIMIT costs SQLite about a statement preparation on every run (see the
      // duplicate lookup), and this runs on every access check a plugin widens.
      .limit(sql.lit(1))
      .executeTakeFirst();
    return !!hit;
  }

  /** Whether `principal` may see this customer (see {@link accessTo}). */
  async canSee(
    principal: Principal,
    customer: Pick<Customer, 'id' | 'ownerId'>,
    trx: Executor = this.db,
  ): Promise<boolean> {
    return (await this.accessTo(principal, customer, trx)) !== 'none';
  }

  /** Whether `principal` may change it: an access grant alone is read-only (see {@link accessTo}). */
  async canEdit(
    principal: Principal,
    customer: Pick<Customer, 'id' | 'ownerId'>,
    trx: Executor = this.db,
  ): Promise<boolean> {
    return (await this.accessTo(principal, customer, trx)) === 'change';
  }

  /** The customer, or a 404 when it does not exist, is deleted, or the caller may not see it. */
  async requireVisible(
    principal: Principal,
    id: string,
    trx: Executor = this.db,
    options: CustomerReadOptions = {},
  ): Promise<Customer> {
    return this.requireAccess(principal, id, 'see', trx, options);
  }

  /** As {@link requireVisible}, and a 403 `not_owner` when the caller sees it but may not change it. */
  async requireEditable(
    principal: Principal,
    id: string,
    trx: Executor = this.db,
    options: { withDeleted?: boolean } = {},
  ): Promise<Customer> {
    return this.requireAccess(principal, id, 'change', trx, options);
  }

  /**
   * The customer when `principal` may `see` (or `change`) it: a 404 when it does not exist, is deleted
   * or is invisible to them — alike, so a caller learns nothing of customers they may not see — and a
   * 403 `not_owner` when they see it but `change` was asked.
   */
  async requireAccess(
    principal: Principal,
    id: string,
    wanted: 'see' | 'change',
    trx: Executor = this.db,
    options: CustomerReadOptions = {},
  ): Promise<Customer> {
    const customer = await this.get(id, trx, options);
    const access = customer ? await this.accessTo(principal, customer, trx) : 'none';
    if (!customer || access === 'none') throw notFound('Customer', id);
    if (wanted === 'change' && access !== 'change') {
      throw new ProblemError({
        status: 403,
        code: 'not_owner',
        detail: `Only the owner or a manager may change customer ${customer.code}`,
      });
    }
    return customer;
  }

  /** The customer for an actor: access-checked for a principal, any live one for the system. */
  async requireFor(
    actor: Actor,
    id: string,
    trx: Executor,
    mode: 'see' | 'edit' = 'see',
    options: { withDeleted?: boolean } = {},
  ): Promise<Customer> {
    if (actor) return this.requireAccess(actor, id, mode === 'edit' ? 'change' : 'see', trx, options);
    const customer = await this.get(id, trx, options);
    if (!customer) throw notFound('Customer', id);
    return customer;
  }

  /**
   * A where-clause for `customer` rows (aliased `alias`) limiting them to what `principal` may see;
   * undefined when they may see all.
   */
  visibilityFilter(principal: Principal, alias = 'customer') {
    if (principal.can(READ_ALL_CUSTOMERS)) return undefined;
    const now = this.clock.now().toISOString();
    const widenings = [...this.registry.widenings.values()];
    return (eb: any) =>
      eb.or([
        eb(`${alias}.owner_id`, '=', principal.id),
        eb(
          `${alias}.id`,
          'in',
          eb
            .selectFrom('customer_access_grant')
            .select('customer_access_grant.customer_id')
            .where('customer_access_grant.grantee_id', '=', principal.id)
            .where('customer_access_grant.status', '=', 'approved')
            .where('customer_access_grant.expires_at', '>', now),
        ),
        ...widenings.map((w) => eb(`${alias}.id`, 'in', w.see(principal, eb))),
      ]);
  }

  /**
   * A where-clause keeping rows whose `column` holds the id of a customer `principal` may see;
   * undefined when they may see all. For plugin tables keyed by customer, so a plugin applies the
   * archive's access rule without naming the archive's tables.
   */
  rowsVisibleTo(principal: Principal, column: string) {
    const filter = this.visibilityFilter(principal, 'visible_customer');
    if (!filter) return undefined;
    return (eb: any) =>
      eb(
        column,
        'in',
        eb.selectFrom('customer as visible_customer').select('visible_customer.id').where(filter),
      );
  }

  /**
   * As {@link visibilityFilter}, with the ids of the caller's live grants and widenings read first
   * (indexed queries): a plain `owner_id = ?` (or with a short id list) lets the database walk the
   * owner index in sort order instead of testing an OR with subqueries on every row.
   */
  async visibilityScope(
    principal: Principal,
    trx: Executor = this.db,
  ): Promise<((eb: any) => any) | undefined> {
    if (principal.can(READ_ALL_CUSTOMERS)) return undefined;
    const grants = await trx
      .selectFrom('customer_access_grant')
      .select('customer_id')
      .where('grantee_id', '=', principal.id)
      .where('status', '=', 'approved')
      .where('expires_at', '>', this.clock.now().toISOString())
      .execute();
    const ids = new Set(grants.map((g) => g.customer_id as string));
    for (const w of this.registry.widenings.values())
      for (const r of await w.see(principal, trx).execute()) ids.add(r.customer_id);
    if (ids.size === 0) return (eb: any) => eb('customer.owner_id', '=', principal.id);
    return (eb: any) =>
      eb.or([eb('customer.owner_id', '=', principal.id), eb('customer.id', 'in', [...ids])]);
  }

  /** A page of the customers `principal` may see, filtered and sorted. */
  async list(
    principal: Principal,
    filter: CustomerFilter,
    page: CustomerPage,
    trx: Executor = this.db,
  ): Promise<{ items: Customer[]; nextCursor: string | null }> {
    return listCustomers(trx, this.dialect, filter, page, await this.visibilityScope(principal, trx));
  }

  /**
   * Facets by name for each id: one query per facet, whatever the page size. For a principal, facets
   * needing a permission they lack are left out (routes refuse an explicit include first).
   */
  async loadFacets(
    ids: readonly string[],
    include: readonly string[],
    trx: Executor = this.db,
    principal: Principal | null = null,
    customers?: readonly Customer[],
  ): Promise<Map<string, Record<string, unknown>>> {
    const out = new Map<string, Record<string, unknown>>();
    for (const id of ids) out.set(id, {});
    const rows =
      customers?.length === ids.length && customers.every((c, i) => c.id === ids[i]) ? customers : undefined;
    for (const name of include) {
      const facet = this.registry.facets.get(name);
      if (!facet || (principal && facet.permission && !principal.can(facet.permission))) continue;
      const values = ids.length > 0 ? await facet.load(ids, trx, principal, rows) : new Map();
      for (const id of ids) out.get(id)![name] = values.get(id) ?? null;
    }
    return out;
  }

  /** The next free generated customer code (C000001, C000002, …). */
  async nextCode(trx: Executor): Promise<string> {
    return (await nextCustomerCodes(trx, this.dialect, 1, this.queries))[0]!;
  }

  /** A live customer whose normalised name, phone digits or email equals the input's. */
  findDuplicate(
    input: Pick<CustomerInput, 'name' | 'phone' | 'email'>,
    trx: Executor = this.db,
    excludeId?: string,
  ): Promise<DuplicateMatch | undefined> {
    return findDuplicate(trx, input, excludeId, this.queries);
  }

  /**
   * A page of the customer's timeline as `principal` may read it: sources and entity types needing a
   * permission they lack are left out (null: a system read, everything). No customer access check:
   * check the customer first.
   */
  timeline(
    customerId: string,
    page: { limit: number; cursor?: string | undefined },
    principal: Principal | null,
    trx: Executor = this.db,
  ): Promise<{ items: TimelineEntry[]; nextCursor: string | null }> {
    return customerTimeline(this.registry, trx, customerId, page, principal);
  }

  /**
   * Code, name, owner and the deleted/terminated flags of each existing customer among `ids`, for a
   * page of a plugin's rows: one query per 500 ids, no access check (filter the rows first).
   */
  summaries(ids: readonly string[], trx: Executor = this.db): Promise<Map<string, CustomerSummary>> {
    return customerSummaries(trx, ids);
  }

  /**
   * A where-clause keeping a plugin's rows whose `column` names a live customer (or any existing one
   * with `withDeleted`) that `visibleTo` may see when given: `q.where(customers.rowsOfCustomers(…))`.
   * Unlike {@link rowsVisibleTo} it also holds for callers who see every customer.
   */
  rowsOfCustomers(column: string, options: { visibleTo?: Principal; withDeleted?: boolean } = {}) {
    return rowsOfCustomers(column, {
      ...(options.withDeleted ? { withDeleted: true } : {}),
      visibility: options.visibleTo ? this.visibilityFilter(options.visibleTo, 'kehu_customer') : undefined,
    });
  }

  create(input: CustomerInput, options: WriteOptions & { force?: boolean | undefined }): Promise<Customer> {
    return this.inTransaction(options.trx, (trx) =>
      createCustomer(this, trx, input, options.actor, { force: !!options.force }),
    );
  }

  update(
    id: string,
    patch: CustomerPatch,
    options: WriteOptions & {
      reason?: string | null | undefined;
      expectedVersion?: number | undefined;
      force?: boolean | undefined;
    },
  ): Promise<Customer> {
    return this.inTransaction(options.trx, (trx) => updateCustomer(this, trx, id, patch, options));
  }

  changeOwner(
    id: string,
    ownerId: string | null,
    options: WriteOptions & { reason: string; expectedVersion?: number | undefined },
  ): Promise<Customer> {
    return this.inTransaction(options.trx, (trx) => changeOwner(this, trx, id, ownerId, options));
  }

  terminate(
    id: string,
    options: WriteOptions & { reason: string; expectedVersion?: number | undefined },
  ): Promise<Customer> {
    return this.inTransaction(options.trx, (trx) => terminate(this, trx, id, options));
  }

  softDelete(
    id: string,
    options: WriteOptions & { reason: string; expectedVersion?: number | undefined },
  ): Promise<Customer> {
    return this.inTransaction(options.trx, (trx) => softDelete(this, trx, id, options));
  }

  restore(id: string, options: WriteOptions & { reason?: string | undefined }): Promise<Customer> {
    return this.inTransaction(options.trx, (trx) => restore(this, trx, id, options));
  }

  /** Moves everything of `sourceId` onto `targetId`; the source is deleted, its history stays visible on the target. */
  merge(targetId: string, sourceId: string, options: WriteOptions & { reason: string }): Promise<Customer> {
    return this.inTransaction(options.trx, (trx) => merge(this, trx, targetId, sourceId, options));
  }

  /** Purges customers deleted longer than the retention period ago, unless a plugin holds them. */
  purgeExpired(at: Date = this.clock.now()): Promise<PurgeResult> {
    return purgeExpired(this, at);
  }

  /** Throws 403 unless `principal` has `permission`. */
  static assertCan(principal: Principal, permission: string): void {
    if (!principal.can(permission)) throw forbidden(permission);
  }
}
