import type { Principal } from '../auth/principal.js';
import type { Executor, Trx } from '../db/database.js';
import { conflict, notFound } from '../errors.js';
import { newId } from '../ids.js';
import type { CustomerService } from './customer-service.js';

/** What the reminder job needs of activities (the kernel's, attributed to the kernel). */
export interface ReminderActivities {
  create(trx: Trx, input: ActivityInput & { assigneeId: string }): Promise<unknown>;
  createForPermission(
    trx: Trx,
    permission: string,
    input: Omit<ActivityInput, 'assigneeId'>,
  ): Promise<unknown>;
}

interface ActivityInput {
  type: string;
  subject: string;
  customerId: string;
  link: { type: string; id: string };
  dueDate: string;
  key: string;
  assigneeId?: string;
}

export const CONTRACT_STATUSES = ['draft', 'active', 'expired', 'terminated'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

export interface Contract {
  id: string;
  customerId: string;
  number: string;
  title: string;
  /** The contracting parties as written on the contract. */
  parties: string[];
  signedOn: string;
  validFrom: string | null;
  validTo: string | null;
  /** Integer minor units of `currency`. */
  value: { amount: number; currency: string } | null;
  status: ContractStatus;
  /** An expiry reminder is raised this many days before `validTo`. */
  reminderDays: number;
  remindedAt: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface ContractInput {
  number: string;
  title: string;
  parties: string[];
  signedOn: string;
  validFrom?: string | null | undefined;
  validTo?: string | null | undefined;
  value?: { amount: number; currency: string } | null | undefined;
  status?: ContractStatus | undefined;
  reminderDays?: number | undefined;
}

const toContract = (r: Record<string, any>): Contract => ({
  id: r.id,
  customerId: r.customer_id,
  number: r.number,
  title: r.title,
  parties: JSON.parse(r.parties),
  signedOn: r.signed_on,
  validFrom: r.valid_from,
  validTo: r.valid_to,
  value:
    r.amount === null || r.amount === undefined ? null : { amount: Number(r.amount), currency: r.currency },
  status: r.status,
  reminderDays: Number(r.reminder_days),
  remindedAt: r.reminded_at,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: Number(r.version),
});

const DAY_MS = 86_400_000;
const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** Contracts and agreements (合同/协议), listed by signing date, with expiry reminders. */
export class Contracts {
  constructor(
    private readonly svc: CustomerService,
    private readonly activities: () => ReminderActivities,
    private readonly today: () => string,
    readonly defaultReminderDays = 30,
  ) {}

  async create(principal: Principal, customerId: string, input: ContractInput): Promise<Contract> {
    return this.svc.inTransaction(undefined, async (trx) => {
      const now = this.svc.clock.now().toISOString();
      const row = {
        id: newId(),
        customer_id: customerId,
        number: input.number,
        title: input.title,
        parties: JSON.stringify(input.parties),
        signed_on: input.signedOn,
        valid_from: input.validFrom ?? null,
        valid_to: input.validTo ?? null,
        amount: input.value?.amount ?? null,
        currency: input.value?.currency ?? null,
        status: input.status ?? 'active',
        reminder_days: input.reminderDays ?? this.defaultReminderDays,
        reminded_at: null,
        created_by: principal.id,
        created_at: now,
        updated_at: now,
        version: 1,
      };
      await trx.insertInto('customer_contract').values(row).execute();
      await this.svc.audit.record(trx, {
        entityType: 'contract',
        entityId: row.id,
        customerId,
        action: 'create',
        actor: principal,
      });
      return toContract(row);
    });
  }

  async list(customerId: string): Promise<Contract[]> {
    const rows = await this.svc.db
      .selectFrom('customer_contract')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('signed_on', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map(toContract);
  }

  async get(customerId: string, id: string, trx: Executor = this.svc.db): Promise<Contract> {
    const r = await trx
      .selectFrom('customer_contract')
      .selectAll()
      .where('id', '=', id)
      .where('customer_id', '=', customerId)
      .executeTakeFirst();
    if (!r) throw notFound('Contract', id);
    return toContract(r);
  }

  async update(
    principal: Principal,
    customerId: string,
    id: string,
    patch: Partial<ContractInput>,
    version: number,
  ): Promise<Contract> {
    return this.svc.inTransaction(undefined, async (trx) => {
      // Read inside the transaction: on SQLite it holds the one connection.
      const before = await this.get(customerId, id, trx);
      if (before.version !== version)
        throw conflict('stale_version', `Contract ${before.number} was changed meanwhile`, {
          currentVersion: before.version,
        });
      const set: Record<string, unknown> = {};
      if (patch.number !== undefined) set.number = patch.number;
      if (patch.title !== undefined) set.title = patch.title;
      if (patch.parties !== undefined) set.parties = JSON.stringify(patch.parties);
      if (patch.signedOn !== undefined) set.signed_on = patch.signedOn;
      if (patch.validFrom !== undefined) set.valid_from = patch.validFrom;
      if (patch.validTo !== undefined) {
        set.valid_to = patch.validTo;
        // A new end date earns a new reminder.
        if (patch.validTo !== before.validTo) set.reminded_at = null;
      }
      if (patch.value !== undefined) {
        set.amount = patch.value?.amount ?? null;
        set.currency = patch.value?.currency ?? null;
      }
      if (patch.status !== undefined) set.status = patch.status;
      if (patch.reminderDays !== undefined) set.reminder_days = patch.reminderDays;
      await trx
        .updateTable('customer_contract')
        .set({ ...set, updated_at: this.svc.clock.now().toISOString(), version: before.version + 1 })
        .where('id', '=', id)
        .where('version', '=', version)
        .execute();
      const after = toContract(
        await trx.selectFrom('customer_contract').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
      );
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const k of Object.keys(patch) as (keyof Contract)[])
        if (JSON.stringify(before[k]) !== JSON.stringify(after[k]))
          changes[k] = { from: before[k], to: after[k] };
      await this.svc.audit.record(trx, {
        entityType: 'contract',
        entityId: id,
        customerId,
        action: 'update',
        actor: principal,
        changes,
      });
      return after;
    });
  }

  /**
   * The daily reminder job: each active contract whose end is within its reminder days gets one
   * activity for the customer's owner (or, without one, every manager), once — a redelivered run
   * finds `reminded_at` set and the activity key taken.
   */
  async remindExpiring(): Promise<number> {
    const today = this.today();
    const rows = await this.svc.db
      .selectFrom('customer_contract')
      .innerJoin('customer', 'customer.id', 'customer_contract.customer_id')
      .select([
        'customer_contract.id',
        'customer_contract.customer_id',
        'customer_contract.number',
        'customer_contract.title',
        'customer_contract.valid_to',
        'customer_contract.reminder_days',
        'customer.owner_id',
        'customer.code',
      ])
      .where('customer_contract.status', '=', 'active')
      .where('customer_contract.reminded_at', 'is', null)
      .where('customer_contract.valid_to', 'is not', null)
      .where('customer_contract.valid_to', '>=', today)
      .where('customer.deleted_at', 'is', null)
      .execute();
    let raised = 0;
    for (const r of rows) {
      if (addDays(today, Number(r.reminder_days)) < r.valid_to) continue;
      await this.svc.inTransaction(undefined, async (trx) => {
        const activities = this.activities();
        const input = {
          type: 'contract_expiry',
          subject: `Contract ${r.number} (${r.title}) of ${r.code} ends on ${r.valid_to}`,
          customerId: r.customer_id as string,
          link: { type: 'contract', id: r.id as string },
          dueDate: r.valid_to as string,
          key: `contract-expiry:${r.id}:${r.valid_to}`,
        };
        if (r.owner_id) await activities.create(trx, { ...input, assigneeId: r.owner_id as string });
        else await activities.createForPermission(trx, 'customers.readAll', input);
        await trx
          .updateTable('customer_contract')
          .set({ reminded_at: this.svc.clock.now().toISOString() })
          .where('id', '=', r.id)
          .execute();
      });
      raised++;
    }
    return raised;
  }
}
