import { AUDIT_COLUMNS, type AuditEntry } from '../audit/audit-log.js';
import type { Principal } from '../auth/principal.js';
import type { User } from '../auth/user-store.js';
import type { Trx } from '../db/database.js';
import { badRequest, DomainError } from '../errors.js';
import { newId } from '../ids.js';
import { actorId } from './actor.js';
import { insertRows } from './bulk-insert.js';
import { applyCustomValues, type CustomField, parseBooleanText, parseCustomText } from './custom-fields.js';
import { nextCustomerCodes, reserveCustomerCodes } from './customer-codes.js';
import {
  CUSTOMER_CSV_COLUMNS,
  importHeaderMap,
  isReadOnlyColumn,
  TAG_SEPARATOR,
} from './customer-csv-columns.js';
import {
  type DuplicateKeys,
  type DuplicateMatch,
  duplicateKeys,
  findDuplicatesOf,
} from './customer-duplicates.js';
import { type CustomerInput, customerRow, toCustomer } from './customer-record.js';
import { ContactBody, CustomerInputSchema } from './customer-schemas.js';
import type { CustomerService } from './customer-service.js';
import { OWNER_ROLES } from './customer-writes.js';
import { emailKey, phoneKey } from './normalize.js';
import {
  type ImportMode,
  type ImportReport,
  type ImportSource,
  mapHeader,
  runImport,
  sourceRecords,
} from './sheet-import.js';
import type { Labels } from './types.js';

export interface ImportOptions {
  mode: ImportMode;
  /** Check everything and report, then roll back. */
  dryRun: boolean;
  /** Import rows that duplicate existing customers (or earlier rows). */
  force: boolean;
  actor: Principal;
}

const BATCH = 500;

interface ParsedRow {
  row: number;
  input: CustomerInput;
  contact: { name: string; title?: string | null; phone?: string | null; email?: string | null } | undefined;
  keys: DuplicateKeys;
}

const ENUM_COLUMNS: Record<string, string> = {
  kind: 'customer.kind',
  status: 'customer.status',
  chainPosition: 'customer.chainPosition',
};

/**
 * Imports customers from a CSV stream (UTF-8 with or without BOM, English or Chinese headers) or an
 * `.xlsx` sheet (the same headers; typed cells read as the text a CSV would hold). Rows
 * are read, checked and written in batches inside one transaction, so only a batch is in memory;
 * duplicates against the archive and against earlier rows are found by the database. A dry run, or
 * an all-or-nothing import with any bad row, rolls the transaction back. Every bad row is reported
 * with its row number, column and message.
 */
export async function importCustomers(
  svc: CustomerService,
  source: ImportSource,
  options: ImportOptions,
): Promise<ImportReport> {
  const fields = await svc.fields.list();
  const users = await svc.users.list();
  const usersByKey = new Map<string, User>();
  for (const u of users) {
    usersByKey.set(u.id, u);
    if (u.email) usersByKey.set(u.email.toLowerCase(), u);
  }

  return runImport(
    (fn) => svc.inTransaction(undefined, fn),
    options,
    async (trx, builder) => {
      const { report } = builder;
      const fail = (row: number, field: string, message: string) => builder.fail(row, field, message);
      let header: Header | undefined;
      let batch: ParsedRow[] = [];
      const flush = async () => {
        const rows = batch;
        batch = [];
        report.created += await writeBatch(svc, trx, rows, options, fail);
      };
      for await (const { row, cells } of sourceRecords(source)) {
        if (!header) {
          header = readHeader(cells, fields, svc);
          continue;
        }
        report.rows++;
        const parsed = parseRow(cells, header, row, fields, usersByKey, options.actor);
        if ('errors' in parsed) {
          for (const e of parsed.errors) fail(parsed.row, e.field, e.message);
          continue;
        }
        batch.push(parsed);
        if (batch.length >= BATCH) await flush();
      }
      if (!header) throw badRequest('empty_file', 'The file has no header row');
      if (batch.length > 0) await flush();
    },
  );
}

interface Header {
  keys: (string | null)[];
  names: string[];
  /** Column key → header text as written. */
  nameOf: Map<string, string>;
  /** The custom field of each `custom.<key>` column. */
  fieldAt: (CustomField | undefined)[];
  /** Per enum column: every accepted spelling (value, English label, Chinese label) → value. */
  enumAt: (Map<string, string> | undefined)[];
}

function enumLookup(values: Record<string, Labels> | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const [value, labels] of Object.entries(values ?? {})) {
    for (const spelling of [value, labels.en, labels['zh-CN']]) map.set(spelling.trim().toLowerCase(), value);
  }
  return map;
}

function readHeader(record: string[], fields: readonly CustomField[], svc: CustomerService): Header {
  const { keys, names } = mapHeader(record, importHeaderMap(fields), {
    known: `${CUSTOMER_CSV_COLUMNS.filter((c) => !c.readOnly)
      .map((c) => `${c.key}/${c.zh}`)
      .join(', ')}, custom fields by key or label`,
    required: [{ keys: ['name'], detail: 'The file needs a name (客户名称) column' }],
  });
  const writable = keys.map((k) => (k && isReadOnlyColumn(k) ? null : k));
  return {
    keys: writable,
    names,
    nameOf: new Map(writable.flatMap((k, i) => (k ? [[k, names[i]!] as const] : []))),
    fieldAt: writable.map((k) =>
      k?.startsWith('custom.') ? fields.find((f) => `custom.${f.key}` === k) : undefined,
    ),
    enumAt: writable.map((k) =>
      k && ENUM_COLUMNS[k] ? enumLookup(svc.registry.enums.get(ENUM_COLUMNS[k]!)) : undefined,
    ),
  };
}

function parseRow(
  record: string[],
  header: Header,
  row: number,
  fields: readonly CustomField[],
  usersByKey: Map<string, User>,
  actor: Principal,
): ParsedRow | { row: number; errors: { field: string; message: string }[] } {
  const errors: { field: string; message: string }[] = [];
  const { nameOf } = header;
  const raw: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  const contact: Record<string, string> = {};
  if (record.length > header.keys.length && record.slice(header.keys.length).some((v) => v.trim() !== '')) {
    errors.push({
      field: 'row',
      message: `Has ${record.length} cells; the header has ${header.keys.length}`,
    });
  }
  for (let i = 0; i < header.keys.length; i++) {
    const key = header.keys[i];
    if (!key) continue;
    const cell = (record[i] ?? '').trim();
    if (cell === '') continue;
    const field = header.fieldAt[i];
    const enumMap = header.enumAt[i];
    if (field) {
      const v = parseCustomText(field, cell);
      if ('error' in v) errors.push({ field: header.names[i]!, message: v.error });
      else custom[field.key] = v.value;
    } else if (key.startsWith('contact')) {
      contact[key.slice('contact'.length).toLowerCase()] = cell;
    } else if (enumMap) {
      raw[key] = enumMap.get(cell.toLowerCase()) ?? cell;
    } else if (key === 'internal') {
      const b =
        parseBooleanText(cell) ?? (cell === '内部客户' ? true : cell === '外部客户' ? false : undefined);
      if (b === undefined) errors.push({ field: header.names[i]!, message: 'Expected yes/no (是/否)' });
      else raw.internal = b;
    } else if (key === 'tags') {
      raw.tags = [
        ...new Set(
          cell
            .split(TAG_SEPARATOR)
            .map((t) => t.trim())
            .filter(Boolean),
        ),
      ];
    } else if (key === 'ownerId') {
      const user = usersByKey.get(cell) ?? usersByKey.get(cell.toLowerCase());
      if (!user || !user.active || !user.roles.some((r) => (OWNER_ROLES as readonly string[]).includes(r))) {
        errors.push({
          field: header.names[i]!,
          message: `No active account manager or manager with id or email "${cell}"`,
        });
      } else raw.ownerId = user.id;
    } else {
      raw[key] = cell;
    }
  }
  const parsed = CustomerInputSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? 'row');
      errors.push({ field: nameOf.get(key) ?? key, message: issue.message });
    }
  }
  const checked =
    fields.length > 0
      ? applyCustomValues(fields, {}, custom, 'create', 'custom')
      : { values: custom, errors: [] };
  for (const e of checked.errors) {
    const key = e.path;
    errors.push({
      field: nameOf.get(key) ?? fields.find((f) => `custom.${f.key}` === key)?.labels.en ?? key,
      message: e.message,
    });
  }
  let contactInput: ParsedRow['contact'];
  if (Object.keys(contact).length > 0) {
    const c = ContactBody.safeParse({
      name: contact.name,
      title: contact.title,
      phone: contact.phone,
      email: contact.email,
    });
    if (!c.success) {
      for (const issue of c.error.issues) {
        const key = `contact${String(issue.path[0] ?? 'name').replace(/^./, (ch) => ch.toUpperCase())}`;
        errors.push({
          field: nameOf.get(key) ?? key,
          message: key === 'contactName' && !contact.name ? 'A contact needs a name' : issue.message,
        });
      }
    } else contactInput = c.data;
  }
  if (errors.length > 0 || !parsed.success) return { row, errors };
  const input: CustomerInput = { ...parsed.data, custom: checked.values };
  if (input.ownerId === undefined) input.ownerId = actor.hasRole('account_manager') ? actor.id : null;
  return { row, input, contact: contactInput, keys: duplicateKeys(input) };
}

/** Checks a batch for duplicates and taken codes, writes the good rows; returns how many it wrote. */
async function writeBatch(
  svc: CustomerService,
  trx: Trx,
  rows: ParsedRow[],
  options: ImportOptions,
  fail: (row: number, field: string, message: string) => void,
): Promise<number> {
  if (rows.length === 0) return 0;
  let good = rows;
  if (!options.force) {
    const found = await findDuplicatesOf(
      trx,
      svc.dialect,
      rows.map((r) => r.keys),
    );
    const inBatch = {
      name: new Map<string, number>(),
      phone: new Map<string, number>(),
      email: new Map<string, number>(),
    };
    good = [];
    for (const r of rows) {
      const match: DuplicateMatch | undefined =
        found.byName.get(r.keys.name) ??
        (r.keys.phone ? found.byPhone.get(r.keys.phone) : undefined) ??
        (r.keys.email ? found.byEmail.get(r.keys.email) : undefined);
      const earlier =
        inBatch.name.get(r.keys.name) ??
        (r.keys.phone ? inBatch.phone.get(r.keys.phone) : undefined) ??
        (r.keys.email ? inBatch.email.get(r.keys.email) : undefined);
      if (match) {
        fail(r.row, match.matchedOn, `Duplicate of customer ${match.code} (same ${match.matchedOn})`);
        continue;
      }
      if (earlier !== undefined) {
        fail(r.row, 'row', `Duplicate of row ${earlier}`);
        continue;
      }
      inBatch.name.set(r.keys.name, r.row);
      if (r.keys.phone) inBatch.phone.set(r.keys.phone, r.row);
      if (r.keys.email) inBatch.email.set(r.keys.email, r.row);
      good.push(r);
    }
  }
  const given = good.filter((r) => r.input.code).map((r) => r.input.code!);
  if (given.length > 0) {
    const taken = new Set(
      (await trx.selectFrom('customer').select('code').where('code', 'in', given).execute()).map(
        (r) => r.code as string,
      ),
    );
    const seen = new Set<string>();
    good = good.filter((r) => {
      const code = r.input.code;
      if (!code) return true;
      if (taken.has(code) || seen.has(code)) {
        fail(r.row, 'code', `Customer code ${code} is taken`);
        return false;
      }
      seen.add(code);
      return true;
    });
    await reserveCustomerCodes(
      trx,
      svc.dialect,
      good.filter((r) => r.input.code).map((r) => r.input.code!),
    );
  }
  if (good.length === 0) return 0;

  const withInput: ParsedRow[] = svc.hooks.hasFilters('customer.beforeCreate') ? [] : good;
  for (const r of withInput === good ? [] : good) {
    try {
      r.input = await svc.hooks.applyFilters('customer.beforeCreate', r.input, {
        trx,
        principal: options.actor,
      });
      withInput.push(r);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      fail(r.row, 'row', err.message);
    }
  }
  const filtered = withInput !== good;
  const codes = await nextCustomerCodes(trx, svc.dialect, withInput.filter((r) => !r.input.code).length);
  const now = svc.clock.now().toISOString();
  const customerRows: Record<string, unknown>[] = [];
  const contactRows: Record<string, unknown>[] = [];
  const audits: AuditEntry[] = [];
  let next = 0;
  for (const r of withInput) {
    const id = newId();
    // The keys from parsing still hold unless a filter rewrote the input.
    customerRows.push(
      customerRow(r.input, id, r.input.code ?? codes[next++]!, now, filtered ? undefined : r.keys),
    );
    audits.push({
      entityType: 'customer',
      entityId: id,
      customerId: id,
      action: 'create',
      actor: options.actor,
      reason: 'import',
    });
    if (r.contact) {
      contactRows.push({
        id: newId(),
        customer_id: id,
        name: r.contact.name,
        title: r.contact.title ?? null,
        phone: r.contact.phone ?? null,
        phone_key: phoneKey(r.contact.phone),
        email: r.contact.email ?? null,
        email_key: emailKey(r.contact.email),
        is_primary: 1,
        note: null,
        created_at: now,
        updated_at: now,
        version: 1,
        deleted_at: null,
      });
    }
  }
  // customerRow (and the contact row above) always yield the same columns in the same order.
  await insertRows(
    trx,
    svc.dialect,
    'customer',
    Object.keys(customerRows[0]!),
    customerRows.map((r) => Object.values(r)),
  );
  if (contactRows.length > 0)
    await insertRows(
      trx,
      svc.dialect,
      'contact',
      Object.keys(contactRows[0]!),
      contactRows.map((r) => Object.values(r)),
    );
  await insertRows(trx, svc.dialect, 'kehu_audit', AUDIT_COLUMNS, svc.audit.valuesOf(audits));
  if (svc.hooks.hasSubscribers('customer.created')) {
    for (const row of customerRows)
      await svc.hooks.emit(trx, 'customer.created', {
        customer: toCustomer(row),
        actorId: actorId(options.actor),
      });
  }
  return customerRows.length;
}
