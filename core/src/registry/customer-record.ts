import { emailKey, nameKey, phoneKey, type SearchableCustomer, searchKey } from './normalize.js';

export const CUSTOMER_KINDS = ['individual', 'business', 'organization'] as const;
export const CUSTOMER_STATUSES = ['potential', 'active', 'dormant', 'terminated'] as const;
export const CHAIN_POSITIONS = ['intermediary', 'end'] as const;

/** How the customer stands with a competitor of ours (与竞争对手的关系). */
export const COMPETITOR_RELATIONS = [
  'main_supplier',
  'secondary_supplier',
  'former_supplier',
  'courting',
] as const;
export type CompetitorRelation = (typeof COMPETITOR_RELATIONS)[number];

/** One of the customer's managers (经营管理者) and their background. */
export interface CustomerManager {
  name: string;
  title: string | null;
  background: string | null;
}

/** The customer's business status (业务状况): sales activity, problems, outlook, reputation. */
export interface BusinessStatus {
  salesActivity: string | null;
  problems: string | null;
  outlook: string | null;
  reputation: string | null;
}

/** A competitor of ours the customer deals with, and how. */
export interface CompetitorRelationship {
  name: string;
  relation: CompetitorRelation;
  note: string | null;
}

export const EMPTY_BUSINESS_STATUS: BusinessStatus = {
  salesActivity: null,
  problems: null,
  outlook: null,
  reputation: null,
};

export type CustomerKind = (typeof CUSTOMER_KINDS)[number];
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];
export type ChainPosition = (typeof CHAIN_POSITIONS)[number];

export interface Customer {
  id: string;
  code: string;
  name: string;
  kind: CustomerKind;
  internal: boolean;
  chainPosition: ChainPosition;
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
  managers: CustomerManager[];
  businessStatus: BusinessStatus;
  competitors: CompetitorRelationship[];
  doNotContact: boolean;
  createdAt: string;
  updatedAt: string;
  version: number;
  deletedAt: string | null;
  /** Set when the relationship was ended; the record is kept and marked do-not-contact. */
  terminatedAt?: string | null;
}

export interface CustomerInput {
  code?: string | undefined;
  name: string;
  kind?: CustomerKind | undefined;
  internal?: boolean | undefined;
  chainPosition?: ChainPosition | undefined;
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
  managers?: CustomerManager[] | undefined;
  businessStatus?: BusinessStatus | undefined;
  competitors?: CompetitorRelationship[] | undefined;
}

/** The archive's optional text fields: null when not known. */
export const OPTIONAL_TEXT_FIELDS = [
  'region',
  'industry',
  'address',
  'phone',
  'email',
  'legalRepresentative',
  'source',
] as const;

/** The fields an update may change (the owner has its own action; status `terminated` too). */
export const UPDATABLE_FIELDS = [
  'code',
  'name',
  'kind',
  'internal',
  'chainPosition',
  'status',
  ...OPTIONAL_TEXT_FIELDS,
  'tags',
  'custom',
  'managers',
  'businessStatus',
  'competitors',
] as const;
export type UpdatableField = (typeof UPDATABLE_FIELDS)[number];
export type CustomerPatch = Partial<Pick<CustomerInput, UpdatableField>>;

/** Customer property → column, for the fields that are stored as they are. */
export const COLUMN_OF: Record<string, string> = {
  code: 'code',
  name: 'name',
  kind: 'kind',
  status: 'status',
  region: 'region',
  industry: 'industry',
  address: 'address',
  phone: 'phone',
  email: 'email',
  legalRepresentative: 'legal_representative',
  source: 'source',
  ownerId: 'owner_id',
  chainPosition: 'chain_position',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

/**
 * The columns {@link toCustomer} reads, for the hot single-customer reads: the normalised keys
 * (`name_key`, `phone_key`, `email_key`, `search_key`) are for matching only and ≈ 200 characters a
 * row that SQLite would otherwise turn into strings for nothing. Keep in step with `toCustomer`.
 */
export const CUSTOMER_COLUMNS = [
  'id',
  'code',
  'name',
  'kind',
  'internal',
  'chain_position',
  'status',
  'region',
  'industry',
  'address',
  'phone',
  'email',
  'legal_representative',
  'source',
  'owner_id',
  'tags',
  'custom',
  'managers',
  'business_status',
  'competitors',
  'do_not_contact',
  'created_at',
  'updated_at',
  'version',
  'deleted_at',
  'terminated_at',
] as const;

/** How a customer without business-status notes stores them (`customerRow` writes this). */
const EMPTY_BUSINESS_STATUS_JSON = JSON.stringify(EMPTY_BUSINESS_STATUS);

/**
 * A JSON array column; most rows hold `[]`, which needs no parse (each `JSON.parse` of a customer
 * row's small columns costs ≈ 0.3–0.8 µs, five of them per customer, fifty customers a list page).
 */
const jsonArray = (text: string | null | undefined): any[] =>
  !text || text === '[]' ? [] : JSON.parse(text);

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
  tags: jsonArray(r.tags),
  custom: r.custom === '{}' ? {} : JSON.parse(r.custom),
  managers: jsonArray(r.managers),
  businessStatus:
    !r.business_status || r.business_status === EMPTY_BUSINESS_STATUS_JSON
      ? { ...EMPTY_BUSINESS_STATUS }
      : JSON.parse(r.business_status),
  competitors: jsonArray(r.competitors),
  doNotContact: Number(r.do_not_contact) === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: Number(r.version),
  deletedAt: r.deleted_at,
  terminatedAt: r.terminated_at ?? null,
});

/** `keys`: the input's normalised name/phone/email keys when the caller has them already (imports). */
export function customerRow(
  input: CustomerInput,
  id: string,
  code: string,
  now: string,
  keys?: { name: string; phone: string | null; email: string | null; nameText?: string },
): Record<string, unknown> {
  const name = keys ? keys.name : nameKey(input.name);
  return {
    id,
    code,
    name: input.name,
    name_key: name,
    kind: input.kind ?? 'business',
    internal: input.internal ? 1 : 0,
    chain_position: input.chainPosition ?? 'end',
    status: input.status ?? 'potential',
    region: input.region ?? null,
    industry: input.industry ?? null,
    address: input.address ?? null,
    phone: input.phone ?? null,
    phone_key: keys ? keys.phone : phoneKey(input.phone),
    email: input.email ?? null,
    email_key: keys ? keys.email : emailKey(input.email),
    legal_representative: input.legalRepresentative ?? null,
    source: input.source ?? null,
    owner_id: input.ownerId ?? null,
    tags: JSON.stringify(input.tags ?? []),
    custom: JSON.stringify(input.custom ?? {}),
    managers: JSON.stringify(input.managers ?? []),
    business_status: JSON.stringify(input.businessStatus ?? EMPTY_BUSINESS_STATUS),
    competitors: JSON.stringify(input.competitors ?? []),
    do_not_contact: 0,
    created_at: now,
    updated_at: now,
    version: 1,
    deleted_at: null,
    terminated_at: null,
    search_key: searchKey(
      { name: input.name, code, phone: input.phone, email: input.email },
      name,
      keys?.nameText,
    ),
  };
}

const SEARCHED = new Set(['name', 'code', 'phone', 'email']);

/**
 * The column values a patch sets, with the normalised keys kept in step; `after` is the customer
 * as the patch leaves it, from which the search key is rebuilt when a searched field changes.
 */
export function patchColumns(patch: CustomerPatch, after: SearchableCustomer): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (field === 'tags') set.tags = JSON.stringify(value ?? []);
    else if (field === 'custom') set.custom = JSON.stringify(value ?? {});
    else if (field === 'internal') set.internal = value ? 1 : 0;
    else if (field === 'managers' || field === 'competitors') set[field] = JSON.stringify(value ?? []);
    else if (field === 'businessStatus') set.business_status = JSON.stringify(value ?? EMPTY_BUSINESS_STATUS);
    else set[COLUMN_OF[field]!] = value;
    if (field === 'name') set.name_key = nameKey(value as string);
    if (field === 'phone') set.phone_key = phoneKey(value as string | null);
    if (field === 'email') set.email_key = emailKey(value as string | null);
    if (SEARCHED.has(field)) set.search_key = searchKey(after);
  }
  return set;
}
