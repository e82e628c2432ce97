import { sql } from 'kysely';
import type { AuditLog } from '../audit/audit-log.js';
import { diffFields } from '../audit/audit-log.js';
import type { UserLanguage } from '../auth/user-store.js';
import type { Clock } from '../clock.js';
import type { AnyDb, Executor } from '../db/database.js';
import { conflict, notFound } from '../errors.js';
import { newId } from '../ids.js';
import type { Actor } from './actor.js';
import { emailKey, phoneKey } from './normalize.js';
import type { QueryCache } from './query-cache.js';

/** A person at a customer; a customer has several and at most one primary. */
export interface Contact {
  id: string;
  customerId: string;
  name: string;
  title: string | null;
  phone: string | null;
  email: string | null;
  /** The language to write to them in; null: the company's default. */
  language: UserLanguage | null;
  primary: boolean;
  note: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface ContactInput {
  name: string;
  title?: string | null | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  language?: UserLanguage | null | undefined;
  primary?: boolean | undefined;
  note?: string | null | undefined;
}

export type ContactPatch = Partial<ContactInput>;

export const toContact = (r: Record<string, any>): Contact => ({
  id: r.id,
  customerId: r.customer_id,
  name: r.name,
  title: r.title,
  phone: r.phone,
  email: r.email,
  language: r.language ?? null,
  primary: Number(r.is_primary) === 1,
  note: r.note,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: Number(r.version),
});

const AUDITED = ['name', 'title', 'phone', 'email', 'language', 'primary', 'note'] as const;

/** Contacts of customers. Callers check access to the customer first. */
export class ContactStore {
  constructor(
    private readonly db: AnyDb,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly queries?: QueryCache,
  ) {}

  /**
   * Live contacts of each customer, primary first: one query for any number of customers, none when
   * `read` holds each customer's contact rows, read with it (see `customer-reads.ts`).
   */
  async forCustomers(
    customerIds: readonly string[],
    trx: Executor = this.db,
    read?: readonly Record<string, unknown>[][],
  ): Promise<Map<string, Contact[]>> {
    const out = new Map<string, Contact[]>();
    if (customerIds.length === 0) return out;
    const build = () =>
      trx
        .selectFrom('contact')
        .selectAll()
        .where('customer_id', 'in', customerIds)
        .where('deleted_at', 'is', null)
        // The index order (customer_id, id); the primary goes first in JS, sparing a sort in SQL.
        .orderBy('customer_id')
        .orderBy('id');
    // One shape per page size; a page of a list or a single customer repeats the same few.
    const rows = read
      ? // In the query's order, whatever order the aggregate kept.
        read.flat().sort((a, b) => (String(a.id) < String(b.id) ? -1 : 1))
      : this.queries && customerIds.length <= 200
        ? await this.queries.rows(trx, `contacts:${customerIds.length}`, build, customerIds)
        : await build().execute();
    for (const r of rows) {
      const contact = toContact(r);
      const list = out.get(contact.customerId);
      if (!list) out.set(contact.customerId, [contact]);
      else if (contact.primary) list.unshift(contact);
      else list.push(contact);
    }
    return out;
  }

  async list(customerId: string, trx: Executor = this.db): Promise<Contact[]> {
    return (await this.forCustomers([customerId], trx)).get(customerId) ?? [];
  }

  async require(customerId: string, contactId: string, trx: Executor = this.db): Promise<Contact> {
    const r = await trx
      .selectFrom('contact')
      .selectAll()
      .where('id', '=', contactId)
      .where('customer_id', '=', customerId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!r) throw notFound('Contact', contactId);
    return toContact(r);
  }

  /** The first contact of a customer becomes primary unless told otherwise. */
  async add(trx: Executor, customerId: string, input: ContactInput, actor: Actor): Promise<Contact> {
    const now = this.clock.now().toISOString();
    const existing = await trx
      .selectFrom('contact')
      .select('id')
      .where('customer_id', '=', customerId)
      .where('deleted_at', 'is', null)
      .limit(sql.lit(1))
      .executeTakeFirst();
    const primary = input.primary ?? !existing;
    if (primary) await this.demotePrimary(trx, customerId, now);
    const row = {
      id: newId(),
      customer_id: customerId,
      name: input.name,
      title: input.title ?? null,
      phone: input.phone ?? null,
      phone_key: phoneKey(input.phone),
      email: input.email ?? null,
      email_key: emailKey(input.email),
      language: input.language ?? null,
      is_primary: primary ? 1 : 0,
      note: input.note ?? null,
      created_at: now,
      updated_at: now,
      version: 1,
      deleted_at: null,
    };
    await trx.insertInto('contact').values(row).execute();
    const contact = toContact(row);
    await this.audit.record(trx, {
      entityType: 'contact',
      entityId: contact.id,
      customerId,
      action: 'create',
      actor,
      changes: diffFields({}, contact as unknown as Record<string, unknown>, AUDITED),
    });
    return contact;
  }

  async update(
    trx: Executor,
    customerId: string,
    contactId: string,
    patch: ContactPatch,
    actor: Actor,
    expectedVersion?: number,
  ): Promise<Contact> {
    const before = await this.require(customerId, contactId, trx);
    if (expectedVersion !== undefined && before.version !== expectedVersion) throw staleContact(before);
    const now = this.clock.now().toISOString();
    if (patch.primary === true && !before.primary) await this.demotePrimary(trx, customerId, now);
    const set: Record<string, unknown> = { updated_at: now, version: sql`version + 1` };
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.title !== undefined) set.title = patch.title;
    if (patch.phone !== undefined) {
      set.phone = patch.phone;
      set.phone_key = phoneKey(patch.phone);
    }
    if (patch.email !== undefined) {
      set.email = patch.email;
      set.email_key = emailKey(patch.email);
    }
    if (patch.language !== undefined) set.language = patch.language;
    if (patch.primary !== undefined) set.is_primary = patch.primary ? 1 : 0;
    if (patch.note !== undefined) set.note = patch.note;
    const r = await trx
      .updateTable('contact')
      .set(set)
      .where('id', '=', contactId)
      .where('version', '=', before.version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw staleContact(before);
    const after = await this.require(customerId, contactId, trx);
    await this.audit.record(trx, {
      entityType: 'contact',
      entityId: contactId,
      customerId,
      action: 'update',
      actor,
      changes: diffFields(
        before as unknown as Record<string, unknown>,
        after as unknown as Record<string, unknown>,
        AUDITED,
      ),
    });
    return after;
  }

  /** Soft: communications keep pointing at the contact they were with. */
  async remove(trx: Executor, customerId: string, contactId: string, actor: Actor): Promise<void> {
    await this.require(customerId, contactId, trx);
    const now = this.clock.now().toISOString();
    await trx
      .updateTable('contact')
      .set({ deleted_at: now, is_primary: 0, updated_at: now, version: sql`version + 1` })
      .where('id', '=', contactId)
      .execute();
    await this.audit.record(trx, {
      entityType: 'contact',
      entityId: contactId,
      customerId,
      action: 'delete',
      actor,
    });
  }

  private async demotePrimary(trx: Executor, customerId: string, now: string): Promise<void> {
    await trx
      .updateTable('contact')
      .set({ is_primary: 0, updated_at: now, version: sql`version + 1` })
      .where('customer_id', '=', customerId)
      .where('is_primary', '=', 1)
      .where('deleted_at', 'is', null)
      .execute();
  }
}

const staleContact = (current: Contact) =>
  conflict('stale_version', `Contact ${current.id} was changed meanwhile; reload it and try again`, {
    currentVersion: current.version,
  });
