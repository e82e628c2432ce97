import { newId } from '../ids.js';
import { applyCustomValues, type CustomField, parseBooleanText, parseCustomText } from './custom-fields.js';
import {
  CUSTOMER_CSV_COLUMNS,
  importHeaderMap,
  isReadOnlyColumn,
  TAG_SEPARATOR,
} from './customer-csv-columns.js';
import { type DuplicateKeys, duplicateKeys } from './customer-duplicates.js';
import { type CustomerInput, customerRow } from './customer-record.js';
import { ContactBody, CustomerInputSchema } from './customer-schemas.js';
import { emailKey, nameSearchText, phoneKey } from './normalize.js';
import { mapHeader } from './sheet-import.js';

/**
 * What reading an import's rows needs from the kernel, as plain data: it is posted to the import
 * worker, which has no kernel.
 */
export interface ImportContext {
  fields: CustomField[];
  /** Users who may own a customer (active account managers and managers), by id and lower-case email. */
  owners: [key: string, id: string][];
  /** Per enum column: every accepted spelling (value, English label, Chinese label, lower-cased) → value. */
  enums: Record<string, [spelling: string, value: string][]>;
  /** The owner of a row without one: the importing account manager, or none. */
  defaultOwnerId: string | null;
  /** Creation time of every row of the import (one transaction, one time). */
  now: string;
  /** Keep each row's input: a `customer.beforeCreate` filter may rewrite it, and the row is then rebuilt. */
  withInputs: boolean;
}

/** A row that passed the checks a row can make alone, as the values the database is given. */
export interface ParsedRow {
  row: number;
  keys: DuplicateKeys;
  /** The code the file gives, if any. */
  code: string | null;
  /** The name's part of the search key (pinyin included); the code's part is added once it is known. */
  nameText: string;
  /** `customer` values in {@link ParsedBatch.customerColumns} order; code and search key still blank. */
  customer: unknown[];
  /** The primary contact's `contact` values in {@link ParsedBatch.contactColumns} order. */
  contact: unknown[] | null;
  /** Only with {@link ImportContext.withInputs}. */
  input?: CustomerInput;
}

export interface RowError {
  row: number;
  field: string;
  message: string;
}

/** The rows read since the previous batch: the good ones and the reasons of the bad ones. */
export interface ParsedBatch {
  /** Rows read, good or bad. */
  rows: number;
  good: ParsedRow[];
  errors: RowError[];
  customerColumns: string[];
  contactColumns: string[];
}

export interface ImportHeader {
  keys: (string | null)[];
  names: string[];
  /** Column key → header text as written. */
  nameOf: Map<string, string>;
  /** The custom field of each `custom.<key>` column. */
  fieldAt: (CustomField | undefined)[];
  /** Per enum column: every accepted spelling → value. */
  enumAt: (Map<string, string> | undefined)[];
}

export function readImportHeader(record: string[], context: ImportContext): ImportHeader {
  const { fields } = context;
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
    enumAt: writable.map((k) => (k && context.enums[k] ? new Map(context.enums[k]) : undefined)),
  };
}

/** The contact columns' values, in the order {@link contactValues} gives them. */
export const CONTACT_COLUMNS = [
  'id',
  'customer_id',
  'name',
  'title',
  'phone',
  'phone_key',
  'email',
  'email_key',
  'is_primary',
  'note',
  'created_at',
  'updated_at',
  'version',
  'deleted_at',
];

function contactValues(
  contact: NonNullable<RowInput['contact']>,
  customerId: string,
  now: string,
): unknown[] {
  return [
    newId(),
    customerId,
    contact.name,
    contact.title ?? null,
    contact.phone ?? null,
    phoneKey(contact.phone),
    contact.email ?? null,
    emailKey(contact.email),
    1,
    null,
    now,
    now,
    1,
    null,
  ];
}

interface RowInput {
  input: CustomerInput;
  contact: { name: string; title?: string | null; phone?: string | null; email?: string | null } | undefined;
}

/**
 * One data row checked on its own (cells, custom fields, owner, contact) and turned into the
 * values its customer and contact rows are written with; or the reasons it is bad.
 */
export function parseImportRow(
  record: string[],
  header: ImportHeader,
  row: number,
  context: ImportContext,
  owners: ReadonlyMap<string, string>,
): { parsed: ParsedRow; columns: string[] } | { errors: RowError[] } {
  const checked = checkRow(record, header, row, context, owners);
  if ('errors' in checked) return checked;
  const { input, contact } = checked;
  const keys = duplicateKeys(input);
  const nameText = nameSearchText(keys.name);
  const id = newId();
  const values = customerRow(input, id, input.code ?? '', context.now, { ...keys, nameText });
  const parsed: ParsedRow = {
    row,
    keys,
    code: input.code ?? null,
    nameText,
    customer: Object.values(values),
    contact: contact ? contactValues(contact, id, context.now) : null,
  };
  if (context.withInputs) parsed.input = input;
  return { parsed, columns: Object.keys(values) };
}

function checkRow(
  record: string[],
  header: ImportHeader,
  row: number,
  context: ImportContext,
  owners: ReadonlyMap<string, string>,
): RowInput | { errors: RowError[] } {
  const { fields } = context;
  const errors: RowError[] = [];
  const fail = (field: string, message: string) => errors.push({ row, field, message });
  const { nameOf } = header;
  const raw: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  const contact: Record<string, string> = {};
  if (record.length > header.keys.length && record.slice(header.keys.length).some((v) => v.trim() !== '')) {
    fail('row', `Has ${record.length} cells; the header has ${header.keys.length}`);
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
      if ('error' in v) fail(header.names[i]!, v.error);
      else custom[field.key] = v.value;
    } else if (key.startsWith('contact')) {
      contact[key.slice('contact'.length).toLowerCase()] = cell;
    } else if (enumMap) {
      raw[key] = enumMap.get(cell.toLowerCase()) ?? cell;
    } else if (key === 'internal') {
      const b =
        parseBooleanText(cell) ?? (cell === '内部客户' ? true : cell === '外部客户' ? false : undefined);
      if (b === undefined) fail(header.names[i]!, 'Expected yes/no (是/否)');
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
      const owner = owners.get(cell) ?? owners.get(cell.toLowerCase());
      if (!owner) fail(header.names[i]!, `No active account manager or manager with id or email "${cell}"`);
      else raw.ownerId = owner;
    } else {
      raw[key] = cell;
    }
  }
  const parsed = CustomerInputSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? 'row');
      fail(nameOf.get(key) ?? key, issue.message);
    }
  }
  const customChecked =
    fields.length > 0
      ? applyCustomValues(fields, {}, custom, 'create', 'custom')
      : { values: custom, errors: [] };
  for (const e of customChecked.errors) {
    const key = e.path;
    fail(nameOf.get(key) ?? fields.find((f) => `custom.${f.key}` === key)?.labels.en ?? key, e.message);
  }
  let contactInput: RowInput['contact'];
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
        fail(
          nameOf.get(key) ?? key,
          key === 'contactName' && !contact.name ? 'A contact needs a name' : issue.message,
        );
      }
    } else contactInput = c.data;
  }
  if (errors.length > 0 || !parsed.success) return { errors };
  const input: CustomerInput = { ...parsed.data, custom: customChecked.values };
  if (input.ownerId === undefined) input.ownerId = context.defaultOwnerId;
  return { input, contact: contactInput };
}
