import { AUDIT_COLUMNS, type AuditEntry } from '../audit/audit-log.js';
import type { Principal } from '../auth/principal.js';
import type { User } from '../auth/user-store.js';
import type { Trx } from '../db/database.js';
import { DomainError } from '../errors.js';
import { actorId } from './actor.js';
import { insertRows } from './bulk-insert.js';
import { nextCustomerCodes, reserveCustomerCodes } from './customer-codes.js';
import { type DuplicateMatch, findDuplicatesOf } from './customer-duplicates.js';
import { readCustomerRows } from './customer-import-reader.js';
import type { ImportContext, ParsedBatch, ParsedRow } from './customer-import-rows.js';
import { customerRow, toCustomer } from './customer-record.js';
import type { CustomerService } from './customer-service.js';
import { OWNER_ROLES } from './customer-writes.js';
import { searchKey } from './normalize.js';
import { type ImportMode, type ImportReport, type ImportSource, runImport } from './sheet-import.js';
import type { Labels } from './types.js';

export interface ImportOptions {
  mode: ImportMode;
  /** Check everything and report, then roll back. */
  dryRun: boolean;
  /** Import rows that duplicate existing customers (or earlier rows). */
  force: boolean;
  actor: Principal;
}

const ENUM_COLUMNS: Record<string, string> = {
  kind: 'customer.kind',
  status: 'customer.status',
  chainPosition: 'customer.chainPosition',
};

/** Every accepted spelling of an enum's values (value, English label, Chinese label) → value. */
function enumSpellings(values: Record<string, Labels> | undefined): [string, string][] {
  const spellings: [string, string][] = [];
  for (const [value, labels] of Object.entries(values ?? {})) {
    for (const spelling of [value, labels.en, labels['zh-CN']])
      spellings.push([spelling.trim().toLowerCase(), value]);
  }
  return spellings;
}

/** Who may own an imported customer, by id and by lower-case email. */
function ownerKeys(users: readonly User[]): [string, string][] {
  const keys: [string, string][] = [];
  for (const u of users) {
    if (!u.active || !u.roles.some((r) => (OWNER_ROLES as readonly string[]).includes(r))) continue;
    keys.push([u.id, u.id]);
    if (u.email) keys.push([u.email.toLowerCase(), u.id]);
  }
  return keys;
}

/**
 * Imports customers from a CSV stream (UTF-8 with or without BOM, English or Chinese headers) or an
 * `.xlsx` sheet (the same headers; typed cells read as the text a CSV would hold). The import worker
 * reads and checks the rows while this thread writes the batches it hands over, inside one
 * transaction, so only a few batches are in memory; duplicates against the archive and against
 * earlier rows are found by the database. A dry run, or an all-or-nothing import with any bad row,
 * rolls the transaction back. Every bad row is reported with its row number, column and message.
 */
export async function importCustomers(
  svc: CustomerService,
  source: ImportSource,
  options: ImportOptions,
): Promise<ImportReport> {
  const context: ImportContext = {
    fields: await svc.fields.list(),
    owners: ownerKeys(await svc.users.list()),
    enums: Object.fromEntries(
      Object.entries(ENUM_COLUMNS).map(([column, name]) => [
        column,
        enumSpellings(svc.registry.enums.get(name)),
      ]),
    ),
    defaultOwnerId: options.actor.hasRole('account_manager') ? options.actor.id : null,
    now: svc.clock.now().toISOString(),
    withInputs: svc.hooks.hasFilters('customer.beforeCreate'),
  };

  return runImport(
    (fn) => svc.inTransaction(undefined, fn),
    options,
    async (trx, builder) => {
      const { report } = builder;
      const fail = (row: number, field: string, message: string) => builder.fail(row, field, message);
      for await (const batch of readCustomerRows(source, context)) {
        report.rows += batch.rows;
        for (const e of batch.errors) fail(e.row, e.field, e.message);
        report.created += await writeBatch(svc, trx, batch, context, options, fail);
      }
    },
  );
}

/** Checks a batch for duplicates and taken codes, writes the good rows; returns how many it wrote. */
async function writeBatch(
  svc: CustomerService,
  trx: Trx,
  batch: ParsedBatch,
  context: ImportContext,
  options: ImportOptions,
  fail: (row: number, field: string, message: string) => void,
): Promise<number> {
  const rows = batch.good;
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
  const given = good.filter((r) => r.code).map((r) => r.code!);
  if (given.length > 0) {
    const taken = new Set(
      (await trx.selectFrom('customer').select('code').where('code', 'in', given).execute()).map(
        (r) => r.code as string,
      ),
    );
    const seen = new Set<string>();
    good = good.filter((r) => {
      const code = r.code;
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
      good.filter((r) => r.code).map((r) => r.code!),
    );
  }
  if (good.length === 0) return 0;

  const columns = batch.customerColumns;
  const at = (column: string) => columns.indexOf(column);
  const [ID, CODE, NAME, PHONE, EMAIL, SEARCH] = ['id', 'code', 'name', 'phone', 'email', 'search_key'].map(
    at,
  );
  // A filter may rewrite a row's input: such rows are built again from the input it returns.
  const filtered = context.withInputs && svc.hooks.hasFilters('customer.beforeCreate');
  const written: ParsedRow[] = filtered ? [] : good;
  for (const r of filtered ? good : []) {
    try {
      r.input = await svc.hooks.applyFilters('customer.beforeCreate', r.input!, {
        trx,
        principal: options.actor,
      });
      r.code = r.input.code ?? null;
      written.push(r);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      fail(r.row, 'row', err.message);
    }
  }
  const codes = await nextCustomerCodes(trx, svc.dialect, written.filter((r) => !r.code).length);
  const audits: AuditEntry[] = [];
  const contactRows: unknown[][] = [];
  let next = 0;
  for (const r of written) {
    const values = r.customer;
    const id = values[ID!] as string;
    const code = r.code ?? codes[next++]!;
    if (filtered) r.customer = Object.values(customerRow(r.input!, id, code, context.now));
    else {
      values[CODE!] = code;
      values[SEARCH!] = searchKey(
        {
          name: values[NAME!] as string,
          code,
          phone: values[PHONE!] as string | null,
          email: values[EMAIL!] as string | null,
        },
        r.keys.name,
        r.nameText,
      );
    }
    audits.push({
      entityType: 'customer',
      entityId: id,
      customerId: id,
      action: 'create',
      actor: options.actor,
      reason: 'import',
    });
    if (r.contact) contactRows.push(r.contact);
  }
  await insertRows(
    trx,
    svc.dialect,
    'customer',
    columns,
    written.map((r) => r.customer),
  );
  if (contactRows.length > 0)
    await insertRows(trx, svc.dialect, 'contact', batch.contactColumns, contactRows);
  await insertRows(trx, svc.dialect, 'kehu_audit', AUDIT_COLUMNS, svc.audit.valuesOf(audits));
  if (svc.hooks.hasSubscribers('customer.created')) {
    for (const r of written)
      await svc.hooks.emit(trx, 'customer.created', {
        customer: toCustomer(Object.fromEntries(columns.map((c, i) => [c, r.customer[i]]))),
        actorId: actorId(options.actor),
      });
  }
  return written.length;
}
