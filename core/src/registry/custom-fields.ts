import { type Expression, type SqlBool, sql } from 'kysely';
import type { Clock } from '../clock.js';
import type { AnyDb, Dialect, Executor } from '../db/database.js';
import type { FieldError } from '../errors.js';
import type { Labels } from './types.js';

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'boolean', 'enum'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];
export const CUSTOM_FIELD_KEY = /^[a-z][a-zA-Z0-9_]{0,49}$/;
export const MAX_CUSTOM_TEXT = 2000;

export interface CustomFieldOption {
  value: string;
  labels: Labels;
}

/** A company-defined customer field: stored in `customer.custom`, validated on every write. */
export interface CustomField {
  key: string;
  labels: Labels;
  type: CustomFieldType;
  required: boolean;
  /** Whether the customer list accepts `custom.<key>=…` filters. */
  filterable: boolean;
  /** The allowed values of an `enum` field. */
  options: CustomFieldOption[];
  position: number;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface CustomFieldInput {
  key: string;
  labels: Labels;
  type: CustomFieldType;
  required?: boolean | undefined;
  filterable?: boolean | undefined;
  options?: CustomFieldOption[] | undefined;
  position?: number | undefined;
}

export type CustomFieldPatch = Partial<
  Pick<CustomFieldInput, 'labels' | 'required' | 'filterable' | 'options' | 'position'>
>;

const CACHE_MS = 2000;

const toField = (r: Record<string, any>): CustomField => ({
  key: r.key,
  labels: { en: r.label_en, 'zh-CN': r.label_zh },
  type: r.type,
  required: Number(r.required) === 1,
  filterable: Number(r.filterable) === 1,
  options: JSON.parse(r.options),
  position: Number(r.position),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: Number(r.version),
});

const isDate = (s: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

/** Why `value` is not a valid value of `field`, or null when it is. */
export function customValueError(field: CustomField, value: unknown): string | null {
  switch (field.type) {
    case 'text':
      if (typeof value !== 'string') return 'Expected text';
      if (value.trim() === '') return 'Must not be empty';
      return value.length > MAX_CUSTOM_TEXT ? `At most ${MAX_CUSTOM_TEXT} characters` : null;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'Expected a number';
    case 'date':
      return typeof value === 'string' && isDate(value) ? null : 'Expected a date as YYYY-MM-DD';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'Expected true or false';
    case 'enum':
      return typeof value === 'string' && field.options.some((o) => o.value === value)
        ? null
        : `Expected one of: ${field.options.map((o) => o.value).join(', ')}`;
  }
}

/** Reads a value of `field` written as text (query strings, CSV cells). */
export function parseCustomText(field: CustomField, text: string): { value: unknown } | { error: string } {
  const s = text.trim();
  let value: unknown = s;
  if (field.type === 'number') {
    const n = s === '' ? NaN : Number(s.normalize('NFKC').replace(/,/g, ''));
    if (!Number.isFinite(n)) return { error: 'Expected a number' };
    value = n;
  } else if (field.type === 'boolean') {
    const b = parseBooleanText(s);
    if (b === undefined) return { error: 'Expected true or false' };
    value = b;
  } else if (field.type === 'enum') {
    const option = field.options.find((o) => o.value === s || o.labels.en === s || o.labels['zh-CN'] === s);
    if (option) value = option.value;
  }
  const error = customValueError(field, value);
  return error ? { error } : { value };
}

/** true/false, yes/no, 1/0, y/n, 是/否 — how spreadsheets and URLs spell booleans. */
export function parseBooleanText(s: string): boolean | undefined {
  const t = s.trim().toLowerCase();
  if (['true', 'yes', 'y', '1', '是', '对'].includes(t)) return true;
  if (['false', 'no', 'n', '0', '否', '不'].includes(t)) return false;
  return undefined;
}

/**
 * Custom values merged and checked against the definitions. `null` removes a value; on create every
 * required field must be given, on update a required field may not be removed (values missing from
 * older records do not block unrelated updates).
 */
export function applyCustomValues(
  fields: readonly CustomField[],
  current: Record<string, unknown>,
  incoming: Record<string, unknown> | undefined,
  mode: 'create' | 'update',
  path = 'body.custom',
): { values: Record<string, unknown>; errors: FieldError[] } {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const values: Record<string, unknown> = { ...current };
  const errors: FieldError[] = [];
  for (const [key, value] of Object.entries(incoming ?? {})) {
    const field = byKey.get(key);
    if (!field) {
      errors.push({ path: `${path}.${key}`, message: 'Unknown custom field', code: 'unknown_custom_field' });
      continue;
    }
    if (value === null) {
      if (field.required) errors.push({ path: `${path}.${key}`, message: 'Required', code: 'required' });
      delete values[key];
      continue;
    }
    const error = customValueError(field, value);
    if (error) errors.push({ path: `${path}.${key}`, message: error, code: 'invalid_custom_value' });
    else values[key] = field.type === 'text' ? (value as string).trim() : value;
  }
  if (mode === 'create') {
    for (const f of fields) {
      if (f.required && values[f.key] === undefined && !errors.some((e) => e.path === `${path}.${f.key}`)) {
        errors.push({ path: `${path}.${f.key}`, message: 'Required', code: 'required' });
      }
    }
  }
  return { values, errors };
}

/** Custom field definitions, cached for two seconds per process and cleared on every local change. */
export class CustomFieldStore {
  private cached: { fields: CustomField[]; until: number } | undefined;

  constructor(
    private readonly db: AnyDb,
    private readonly clock: Clock,
  ) {}

  /**
   * The definitions. Inside a transaction pass it: on SQLite the transaction holds the only
   * connection, so a read on the root connection would wait for it forever.
   */
  async list(trx: Executor = this.db): Promise<CustomField[]> {
    if (this.cached && this.cached.until > Date.now()) return this.cached.fields;
    const rows = await trx
      .selectFrom('customer_field')
      .selectAll()
      .orderBy('position')
      .orderBy('key')
      .execute();
    const fields = rows.map(toField);
    this.cached = { fields, until: Date.now() + CACHE_MS };
    return fields;
  }

  async get(key: string, trx: Executor = this.db): Promise<CustomField | undefined> {
    const r = await trx.selectFrom('customer_field').selectAll().where('key', '=', key).executeTakeFirst();
    return r ? toField(r) : undefined;
  }

  async create(trx: Executor, input: CustomFieldInput): Promise<CustomField> {
    const now = this.clock.now().toISOString();
    const row = {
      key: input.key,
      label_en: input.labels.en,
      label_zh: input.labels['zh-CN'],
      type: input.type,
      required: input.required ? 1 : 0,
      filterable: input.filterable ? 1 : 0,
      options: JSON.stringify(input.options ?? []),
      position: input.position ?? 0,
      created_at: now,
      updated_at: now,
      version: 1,
    };
    await trx.insertInto('customer_field').values(row).execute();
    this.cached = undefined;
    return toField(row);
  }

  /** Undefined when the field is gone or its version is not `expectedVersion`. */
  async update(
    trx: Executor,
    key: string,
    patch: CustomFieldPatch,
    expectedVersion?: number,
  ): Promise<CustomField | undefined> {
    const set: Record<string, unknown> = {
      updated_at: this.clock.now().toISOString(),
      version: sql`version + 1`,
    };
    if (patch.labels) {
      set.label_en = patch.labels.en;
      set.label_zh = patch.labels['zh-CN'];
    }
    if (patch.required !== undefined) set.required = patch.required ? 1 : 0;
    if (patch.filterable !== undefined) set.filterable = patch.filterable ? 1 : 0;
    if (patch.options !== undefined) set.options = JSON.stringify(patch.options);
    if (patch.position !== undefined) set.position = patch.position;
    let q = trx.updateTable('customer_field').set(set).where('key', '=', key);
    if (expectedVersion !== undefined) q = q.where('version', '=', expectedVersion);
    const r = await q.executeTakeFirst();
    this.cached = undefined;
    return Number(r.numUpdatedRows) > 0 ? this.get(key, trx) : undefined;
  }

  async remove(trx: Executor, key: string): Promise<boolean> {
    const r = await trx.deleteFrom('customer_field').where('key', '=', key).executeTakeFirst();
    this.cached = undefined;
    return Number(r.numDeletedRows) > 0;
  }

  invalidate(): void {
    this.cached = undefined;
  }
}

export type CustomFilterOp = 'eq' | 'from' | 'to';

/** A where-clause on `customer.custom` for one field, written per dialect. */
export function customFilterSql(
  dialect: Dialect,
  field: CustomField,
  op: CustomFilterOp,
  value: unknown,
): Expression<SqlBool> {
  const cmp = op === 'eq' ? sql.raw('=') : op === 'from' ? sql.raw('>=') : sql.raw('<=');
  if (dialect === 'sqlite') {
    const v = typeof value === 'boolean' ? (value ? 1 : 0) : value;
    return sql<SqlBool>`json_extract(customer.custom, ${`$.${field.key}`}) ${cmp} ${v}`;
  }
  const node = sql`(customer.custom::jsonb -> ${field.key})`;
  if (field.type === 'number') {
    if (op === 'eq') return sql<SqlBool>`${node} = to_jsonb(${String(value)}::numeric)`;
    return sql<SqlBool>`(case when jsonb_typeof(${node}) = 'number' then (customer.custom::jsonb ->> ${field.key})::numeric end) ${cmp} ${String(value)}::numeric`;
  }
  if (field.type === 'boolean') return sql<SqlBool>`${node} = to_jsonb(${value ? 'true' : 'false'}::boolean)`;
  return sql<SqlBool>`(customer.custom::jsonb ->> ${field.key}) ${cmp} ${String(value)}`;
}
