import { CompiledQuery, sql } from 'kysely';
import { AUDIT_COLUMNS, type AuditEntry, diffFields } from '../audit/audit-log.js';
import type { Executor, Trx } from '../db/database.js';
import { badRequest, conflict, forbidden, ProblemError } from '../errors.js';
import { validationProblem } from '../http/problem.js';
import { newId } from '../ids.js';
import { type Actor, actorId } from './actor.js';
import { applyCustomValues } from './custom-fields.js';
import { CODE_SEQUENCE, generatedCode, reserveCustomerCodes } from './customer-codes.js';
import { type DuplicateMatch, duplicateLookup } from './customer-duplicates.js';
import {
  type Customer,
  type CustomerInput,
  type CustomerPatch,
  customerRow,
  OPTIONAL_TEXT_FIELDS,
  patchColumns,
  toCustomer,
  UPDATABLE_FIELDS,
} from './customer-record.js';
import type { CustomerService } from './customer-service.js';
import { isUniqueViolation } from './db-errors.js';

/** Roles that may own customers: the archive rules make the owner an account manager or a manager. */
export const OWNER_ROLES = ['account_manager', 'sales_manager', 'general_manager'] as const;

export const staleVersion = (current: Customer) =>
  conflict(
    'stale_version',
    `Customer ${current.code} was changed meanwhile (now version ${current.version}); reload it and try again`,
    {
      currentVersion: current.version,
    },
  );

export function assertVersion(current: Customer, expected: number | undefined): void {
  if (expected !== undefined && current.version !== expected) throw staleVersion(current);
}

/** 409 naming the match; a match the actor may not see is named by id only, so nothing leaks. */
export async function duplicateProblem(
  svc: CustomerService,
  trx: Executor,
  match: DuplicateMatch,
  actor: Actor,
  path = 'body',
): Promise<ProblemError> {
  const visible = !actor || (await svc.canSee(actor, { id: match.id, ownerId: match.ownerId }, trx));
  return new ProblemError({
    status: 409,
    code: 'duplicate_customer',
    detail: visible
      ? `Customer ${match.code} "${match.name}" has the same ${match.matchedOn}; merge with it, or send "force": true to add anyway`
      : `A customer you cannot see (${match.id}) has the same ${match.matchedOn}; ask for access to it, or send "force": true to add anyway`,
    errors: [
      { path: `${path}.${match.matchedOn}`, message: 'Same as an existing customer', code: 'duplicate' },
    ],
    data: {
      match: visible
        ? { id: match.id, code: match.code, name: match.name, matchedOn: match.matchedOn }
        : { id: match.id, matchedOn: match.matchedOn },
    },
  });
}

export async function assertOwner(
  svc: CustomerService,
  trx: Executor,
  ownerId: string,
  path: string,
): Promise<void> {
  const user = await svc.users.get(ownerId, trx);
  if (!user || !user.active || !user.roles.some((r) => (OWNER_ROLES as readonly string[]).includes(r))) {
    throw new ProblemError({
      status: 422,
      code: 'invalid_owner',
      detail: `User ${ownerId} cannot own customers: an owner is an active account manager, sales manager or general manager`,
      errors: [{ path, message: 'Not an active account manager or manager' }],
    });
  }
}

async function assertCodeFree(trx: Executor, code: string, excludeId?: string): Promise<void> {
  let q = trx.selectFrom('customer').select('id').where('code', '=', code);
  if (excludeId) q = q.where('id', '<>', excludeId);
  if (await q.executeTakeFirst()) throw codeTaken(code);
}

const codeTaken = (code: string) =>
  new ProblemError({
    status: 409,
    code: 'code_taken',
    detail: `Customer code ${code} is taken`,
    errors: [{ path: 'body.code', message: 'Taken' }],
  });

export function requireReason(svc: CustomerService, reason: string | null | undefined): string | null {
  const r = reason?.trim() || null;
  if (!r && svc.options.requireChangeReason) {
    throw badRequest('reason_required', 'Changing a customer needs a reason', [
      { path: 'body.reason', message: 'Required', code: 'required' },
    ]);
  }
  return r;
}

export async function createCustomer(
  svc: CustomerService,
  trx: Trx,
  raw: CustomerInput,
  actor: Actor,
  options: { force: boolean },
): Promise<Customer> {
  const input = await svc.hooks.applyFilters('customer.beforeCreate', raw, { trx, principal: actor });
  let ownerId = input.ownerId;
  if (ownerId === undefined) ownerId = actor?.hasRole('account_manager') ? actor.id : null;
  if (ownerId && actor && ownerId !== actor.id && !actor.can('customers.assignOwner'))
    throw forbidden('customers.assignOwner');
  const custom = applyCustomValues(await svc.fields.list(trx), {}, input.custom, 'create');
  if (custom.errors.length > 0) throw validationProblem(custom.errors);
  if (ownerId && ownerId !== actor?.id) await assertOwner(svc, trx, ownerId, 'body.ownerId');
  else if (ownerId && actor && !actor.hasRole(...OWNER_ROLES))
    await assertOwner(svc, trx, ownerId, 'body.ownerId');
  // PostgreSQL: a round trip per statement, so the duplicate lookup draws the code too.
  const onePass = svc.dialect === 'postgres' && !options.force && !input.code;
  let code = input.code;
  if (onePass) {
    const found = await duplicateAndNextCode(svc, trx, input);
    if (found.match) throw await duplicateProblem(svc, trx, found.match, actor);
    code = found.code;
  } else if (!options.force) {
    const match = await svc.findDuplicate(input, trx);
    if (match) throw await duplicateProblem(svc, trx, match, actor);
  }
  if (input.code) {
    await assertCodeFree(trx, input.code);
    await reserveCustomerCodes(trx, svc.dialect, [input.code]);
  }
  const id = newId();
  const row = customerRow(
    { ...input, ownerId, custom: custom.values },
    id,
    code ?? (await svc.nextCode(trx)),
    svc.clock.now().toISOString(),
  );
  const audit: AuditEntry = { entityType: 'customer', entityId: id, customerId: id, action: 'create', actor };
  try {
    if (svc.dialect === 'postgres') await insertAudited(trx, row, svc.audit.valuesOf([audit])[0]!);
    else {
      // customerRow always yields the same columns in the same order, so the statement compiles once.
      await svc.queries.rows(
        trx,
        'customer:insert',
        () => trx.insertInto('customer').values(row),
        Object.values(row),
      );
      await svc.audit.record(trx, audit);
    }
  } catch (err) {
    if (isUniqueViolation(err)) throw codeTaken(row.code as string);
    throw err;
  }
  const created = toCustomer(row);
  await svc.hooks.emit(trx, 'customer.created', { customer: created, actorId: actorId(actor) });
  return created;
}

/**
 * PostgreSQL: the live customer the input duplicates, if any, and the next generated code, in one
 * statement. The code is drawn even when a duplicate then refuses the create, leaving it unused like
 * any create that does not commit.
 */
async function duplicateAndNextCode(
  svc: CustomerService,
  trx: Trx,
  input: CustomerInput,
): Promise<{ match: DuplicateMatch | undefined; code: string }> {
  const lookup = duplicateLookup(trx, input);
  const [r] = await svc.queries.rows(
    trx,
    `${lookup.shape}:code`,
    () => ({
      compile: () => {
        const q = lookup.build().compile();
        return CompiledQuery.raw(
          `select nextval('${CODE_SEQUENCE}') as kehu_next_code, d.* from (select 1) as one left join (${q.sql}) as d on true`,
          [...q.parameters],
        );
      },
    }),
    lookup.parameters,
  );
  return { match: lookup.match(r), code: generatedCode(Number(r!.kehu_next_code)) };
}

const insertAuditedText = new Map<string, string>();

/** PostgreSQL: the customer row and its audit entry in one statement (one round trip, not two). */
async function insertAudited(
  trx: Trx,
  row: Record<string, unknown>,
  audit: readonly unknown[],
): Promise<void> {
  const columns = Object.keys(row);
  const key = columns.join(',');
  let text = insertAuditedText.get(key);
  if (!text) {
    const marks = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => `$${from + i + 1}`).join(', ');
    const list = (names: readonly string[]) => names.map((c) => `"${c}"`).join(', ');
    text = `with created as (insert into "customer" (${list(columns)}) values (${marks(0, columns.length)})) insert into "kehu_audit" (${list(AUDIT_COLUMNS)}) values (${marks(columns.length, AUDIT_COLUMNS.length)})`;
    insertAuditedText.set(key, text);
  }
  await trx.executeQuery(CompiledQuery.raw(text, [...Object.values(row), ...audit]));
}

export async function updateCustomer(
  svc: CustomerService,
  trx: Trx,
  id: string,
  rawPatch: CustomerPatch,
  options: {
    actor: Actor;
    reason?: string | null | undefined;
    expectedVersion?: number | undefined;
    force?: boolean | undefined;
  },
): Promise<Customer> {
  const { actor } = options;
  const before = await svc.requireFor(actor, id, trx, 'edit');
  assertVersion(before, options.expectedVersion);
  const reason = requireReason(svc, options.reason);
  const { patch } = await svc.hooks.applyFilters(
    'customer.beforeUpdate',
    { customer: before, patch: rawPatch, reason },
    { trx, principal: actor },
  );
  if (patch.status !== undefined && before.status === 'terminated' && patch.status !== 'terminated') {
    throw conflict(
      'customer_terminated',
      `Customer ${before.code} is terminated; its status stays terminated`,
    );
  }
  if (patch.status === 'terminated' && before.status !== 'terminated') {
    throw conflict(
      'use_terminate',
      'End a relationship with POST /customers/:id/terminate, which checks open items',
    );
  }
  const custom = applyCustomValues(await svc.fields.list(trx), before.custom, patch.custom, 'update');
  if (custom.errors.length > 0) throw validationProblem(custom.errors);
  const next: CustomerPatch = { ...patch, ...(patch.custom !== undefined ? { custom: custom.values } : {}) };
  const after = {
    ...before,
    ...Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined)),
  } as Customer;
  for (const k of OPTIONAL_TEXT_FIELDS) after[k] ??= null;
  const changes = diffFields(
    before as unknown as Record<string, unknown>,
    after as unknown as Record<string, unknown>,
    UPDATABLE_FIELDS,
  );
  if (Object.keys(changes).length === 0) return before;

  if (!options.force && (changes.name || changes.phone || changes.email)) {
    const match = await svc.findDuplicate(after, trx, id);
    if (
      match &&
      (match.matchedOn === 'name'
        ? !!changes.name
        : match.matchedOn === 'phone'
          ? !!changes.phone
          : !!changes.email)
    ) {
      throw await duplicateProblem(svc, trx, match, actor);
    }
  }
  if (changes.code) {
    await assertCodeFree(trx, after.code, id);
    await reserveCustomerCodes(trx, svc.dialect, [after.code]);
  }
  const set = patchColumns(
    Object.fromEntries(Object.keys(changes).map((k) => [k, after[k as keyof Customer]])) as CustomerPatch,
    after,
  );
  const now = svc.clock.now().toISOString();
  let result: { numUpdatedRows: bigint };
  try {
    result = await trx
      .updateTable('customer')
      .set({ ...set, updated_at: now, version: sql`version + 1` })
      .where('id', '=', id)
      .where('version', '=', before.version)
      .executeTakeFirst();
  } catch (err) {
    if (isUniqueViolation(err)) throw codeTaken(after.code);
    throw err;
  }
  if (Number(result.numUpdatedRows) === 0) throw staleVersion((await svc.get(id, trx)) ?? before);
  const updated = (await svc.get(id, trx))!;
  await svc.audit.record(trx, {
    entityType: 'customer',
    entityId: id,
    customerId: id,
    action: 'update',
    actor,
    changes,
    reason,
  });
  await svc.hooks.emit(trx, 'customer.updated', {
    customer: updated,
    changes,
    reason,
    actorId: actorId(actor),
  });
  return updated;
}

/** The owner's change is its own action with a reason, audited and announced (customer.ownerChanged). */
export async function changeOwner(
  svc: CustomerService,
  trx: Trx,
  id: string,
  ownerId: string | null,
  options: { actor: Actor; reason: string; expectedVersion?: number | undefined },
): Promise<Customer> {
  const { actor } = options;
  const before = await svc.requireFor(actor, id, trx, 'see');
  assertVersion(before, options.expectedVersion);
  const reason = options.reason.trim();
  if (!reason)
    throw badRequest('reason_required', 'Changing the owner needs a reason', [
      { path: 'body.reason', message: 'Required', code: 'required' },
    ]);
  if (before.ownerId === ownerId) return before;
  if (ownerId) await assertOwner(svc, trx, ownerId, 'body.ownerId');
  const now = svc.clock.now().toISOString();
  const result = await trx
    .updateTable('customer')
    .set({ owner_id: ownerId, updated_at: now, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', before.version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw staleVersion((await svc.get(id, trx)) ?? before);
  await svc.audit.record(trx, {
    entityType: 'customer',
    entityId: id,
    customerId: id,
    action: 'changeOwner',
    actor,
    changes: { ownerId: { from: before.ownerId, to: ownerId } },
    reason,
  });
  await svc.hooks.emit(trx, 'customer.ownerChanged', {
    customerId: id,
    fromOwnerId: before.ownerId,
    toOwnerId: ownerId,
    reason,
    at: now,
    actorId: actorId(actor),
  });
  return (await svc.get(id, trx))!;
}
