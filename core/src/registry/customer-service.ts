import type { AuditLog } from '../audit/audit-log.js';
import type { Principal } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import type { AnyDb, Executor } from '../db/database.js';
import { notFound } from '../errors.js';
import type { HookBus } from '../hooks/hook-bus.js';
import { newId } from '../ids.js';
import { emailKey, nameKey, phoneKey } from './normalize.js';
import type { Registry } from './registry.js';

export const CUSTOMER_KINDS = ['individual', 'business', 'organization'] as const;
export const CUSTOMER_STATUSES = ['potential', 'active', 'dormant', 'terminated'] as const;
export const CHAIN_POSITIONS = ['intermediary', 'end'] as const;

export type CustomerKind = (typeof CUSTOMER_KINDS)[number];
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

export interface Customer {
  id: string;
  code: string;
  name: string;
  kind: CustomerKind;
  internal: boolean;
  chainPosition: (typeof CHAIN_POSITIONS)[number];
  status: CustomerStatus;
  region: string | null;
  industry: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  legalRepresentative: string | null;
  source: string | null;
  ownerId: string | null;
  tags: string[];
  custom: Record<string, unknown>;
  doNotContact: boolean;
  createdAt: string;
  updatedAt: string;
  version: number;
  deletedAt: string | null;
}

export interface CustomerInput {
  code?: string | undefined;
  name: string;
  kind?: CustomerKind | undefined;
  internal?: boolean | undefined;
  chainPosition?: Customer['chainPosition'] | undefined;
  status?: CustomerStatus | undefined;
  region?: string | null | undefined;
  industry?: string | null | undefined;
  address?: string | null | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  legalRepresentative?: string | null | undefined;
  source?: string | null | undefined;
  ownerId?: string | null | undefined;
  tags?: string[] | undefined;
  custom?: Record<string, unknown> | undefined;
}

/** Permission that lets a role see every customer (sales and general managers by default). */
export const READ_ALL_CUSTOMERS = 'customers.readAll';

export const toCustomer = (r: Record<string, any>): Customer => ({
  id: r.id,
  code: r.code,
  name: r.name,
  kind: r.kind,
  internal: Number(r.internal) === 1,
  chainPosition: r.chain_position,
  status: r.status,
  region: r.region,
  industry: r.industry,
  address: r.address,
  phone: r.phone,
  email: r.email,
  legalRepresentative: r.legal_representative,
  source: r.source,
  ownerId: r.owner_id,
  tags: JSON.parse(r.tags),
  custom: JSON.parse(r.custom),
  doNotContact: Number(r.do_not_contact) === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: Number(r.version),
  deletedAt: r.deleted_at,
});

export function customerRow(input: CustomerInput, id: string, code: string, now: string): Record<string, unknown> {
  return {
    id,
    code,
    name: input.name,
    name_key: nameKey(input.name),
    kind: input.kind ?? 'business',
    internal: input.internal ? 1 : 0,
    chain_position: input.chainPosition ?? 'end',
    status: input.status ?? 'potential',
    region: input.region ?? null,
    industry: input.industry ?? null,
    address: input.address ?? null,
    phone: input.phone ?? null,
    phone_key: phoneKey(input.phone),
    email: input.email ?? null,
    email_key: emailKey(input.email),
    legal_representative: input.legalRepresentative ?? null,
    source: input.source ?? null,
    owner_id: input.ownerId ?? null,
    tags: JSON.stringify(input.tags ?? []),
    custom: JSON.stringify(input.custom ?? {}),
    do_not_contact: 0,
    created_at: now,
    updated_at: now,
    version: 1,
    deleted_at: null,
  };
}

/**
 * The customer archive as the kernel and plugins use it. Reads here apply no access rule unless the
 * method says so: routes call `requireVisible`/`visibleIds` with the caller.
 */
export class CustomerService {
  constructor(
    readonly db: AnyDb,
    readonly clock: Clock,
    readonly hooks: HookBus,
    readonly audit: AuditLog,
    readonly registry: Registry,
  ) {}

  async get(id: string, trx: Executor = this.db, options: { withDeleted?: boolean } = {}): Promise<Customer | undefined> {
    let q = trx.selectFrom('customer').selectAll().where('id', '=', id);
    if (!options.withDeleted) q = q.where('deleted_at', 'is', null);
    const r = await q.executeTakeFirst();
    return r ? toCustomer(r) : undefined;
  }

  async getMany(ids: readonly string[], trx: Executor = this.db): Promise<Map<string, Customer>> {
    if (ids.length === 0) return new Map();
    const rows = await trx.selectFrom('customer').selectAll().where('id', 'in', [...new Set(ids)]).where('deleted_at', 'is', null).execute();
    return new Map(rows.map((r) => [r.id as string, toCustomer(r)]));
  }

  /** Whether `principal` may see this customer: readAll permission, ownership, or a live access grant. */
  async canSee(principal: Principal, customer: Pick<Customer, 'id' | 'ownerId'>, trx: Executor = this.db): Promise<boolean> {
    if (principal.can(READ_ALL_CUSTOMERS)) return true;
    if (customer.ownerId === principal.id) return true;
    const grant = await trx
      .selectFrom('customer_access_grant')
      .select('id')
      .where('grantee_id', '=', principal.id)
      .where('customer_id', '=', customer.id)
      .where('status', '=', 'approved')
      .where('expires_at', '>', this.clock.now().toISOString())
      .executeTakeFirst();
    return !!grant;
  }

  /** The customer, or a 404 when it does not exist, is deleted, or the caller may not see it. */
  async requireVisible(principal: Principal, id: string, trx: Executor = this.db, options: { withDeleted?: boolean } = {}): Promise<Customer> {
    const customer = await this.get(id, trx, options);
    if (!customer || !(await this.canSee(principal, customer, trx))) throw notFound('Customer', id);
    return customer;
  }

  /**
   * A where-clause for `customer` rows (aliased `alias`) limiting them to what `principal` may see;
   * undefined when they may see all.
   */
  visibilityFilter(principal: Principal, alias = 'customer') {
    if (principal.can(READ_ALL_CUSTOMERS)) return undefined;
    const now = this.clock.now().toISOString();
    return (eb: any) =>
      eb.or([
        eb(`${alias}.owner_id`, '=', principal.id),
        eb(
          `${alias}.id`,
          'in',
          eb
            .selectFrom('customer_access_grant')
            .select('customer_id')
            .where('grantee_id', '=', principal.id)
            .where('status', '=', 'approved')
            .where('expires_at', '>', now),
        ),
      ]);
  }

  /** Facets by name for each id: one query per facet, whatever the page size. */
  async loadFacets(ids: readonly string[], include: readonly string[], trx: Executor = this.db): Promise<Map<string, Record<string, unknown>>> {
    const out = new Map<string, Record<string, unknown>>(ids.map((id) => [id, {}]));
    for (const name of include) {
      const facet = this.registry.facets.get(name);
      if (!facet) continue;
      const values = ids.length > 0 ? await facet.load(ids, trx) : new Map();
      for (const id of ids) out.get(id)![name] = values.get(id) ?? null;
    }
    return out;
  }

  async nextCode(trx: Executor): Promise<string> {
    const day = this.clock.now().toISOString().slice(0, 10).replace(/-/g, '');
    return `C${day}-${newId().slice(-6).toUpperCase()}`;
  }
}
