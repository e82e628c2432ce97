import { type AuditLog, diffFields } from '../audit/audit-log.js';
import type { Clock } from '../clock.js';
import type { AnyDb, Executor, Trx } from '../db/database.js';
import { DomainError, ProblemError } from '../errors.js';
import type { HookBus } from '../hooks/hook-bus.js';
import { keysetPage } from '../http/list.js';
import { newId } from '../ids.js';
import { type Actor, actorId } from './actor.js';
import type { Customer } from './customer-record.js';

export const COMMUNICATION_CHANNELS = ['call', 'visit', 'email', 'meeting', 'message'] as const;
export const COMMUNICATION_DIRECTIONS = ['outbound', 'inbound'] as const;
export type CommunicationChannel = (typeof COMMUNICATION_CHANNELS)[number];
export type CommunicationDirection = (typeof COMMUNICATION_DIRECTIONS)[number];

/** One exchange with a customer: its reason (subject), process and result, filed on the archive. */
export interface Communication {
  id: string;
  customerId: string;
  contactId: string | null;
  channel: CommunicationChannel;
  direction: CommunicationDirection;
  occurredAt: string;
  subject: string;
  process: string | null;
  result: string | null;
  /** The employee who spoke with the customer. */
  byUserId: string | null;
  createdBy: string | null;
  createdAt: string;
}

export interface CommunicationInput {
  channel: CommunicationChannel;
  direction?: CommunicationDirection | undefined;
  occurredAt?: string | undefined;
  subject: string;
  process?: string | null | undefined;
  result?: string | null | undefined;
  contactId?: string | null | undefined;
  byUserId?: string | null | undefined;
}

export const toCommunication = (r: Record<string, any>): Communication => ({
  id: r.id,
  customerId: r.customer_id,
  contactId: r.contact_id,
  channel: r.channel,
  direction: r.direction,
  occurredAt: r.occurred_at,
  subject: r.subject,
  process: r.process,
  result: r.result,
  byUserId: r.by_user_id,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

const AUDITED = [
  'channel',
  'direction',
  'occurredAt',
  'subject',
  'process',
  'result',
  'contactId',
  'byUserId',
] as const;

export class CommunicationStore {
  constructor(
    private readonly db: AnyDb,
    private readonly clock: Clock,
    private readonly hooks: HookBus,
    private readonly audit: AuditLog,
  ) {}

  /**
   * Files a communication. Outbound contact with a do-not-contact (terminated) customer is refused;
   * the customer may still reach us.
   */
  async add(trx: Trx, customer: Customer, input: CommunicationInput, actor: Actor): Promise<Communication> {
    const direction = input.direction ?? 'outbound';
    if (direction === 'outbound' && customer.doNotContact) {
      throw new DomainError(
        'do_not_contact',
        `Customer ${customer.code} is marked do-not-contact; outbound communication is refused`,
        { customerId: customer.id },
        409,
      );
    }
    if (input.contactId) {
      const contact = await trx
        .selectFrom('contact')
        .select('id')
        .where('id', '=', input.contactId)
        .where('customer_id', '=', customer.id)
        .executeTakeFirst();
      if (!contact)
        throw invalidReference(
          'body.contactId',
          `Contact ${input.contactId} is not a contact of this customer`,
        );
    }
    const byUserId = input.byUserId === undefined ? actorId(actor) : input.byUserId;
    if (byUserId && byUserId !== actorId(actor)) {
      const user = await trx
        .selectFrom('kehu_user')
        .select('id')
        .where('id', '=', byUserId)
        .executeTakeFirst();
      if (!user) throw invalidReference('body.byUserId', `User ${byUserId} does not exist`);
    }
    const now = this.clock.now().toISOString();
    const row = {
      id: newId(),
      customer_id: customer.id,
      contact_id: input.contactId ?? null,
      channel: input.channel,
      direction,
      occurred_at: input.occurredAt ?? now,
      subject: input.subject,
      process: input.process ?? null,
      result: input.result ?? null,
      by_user_id: byUserId,
      created_by: actorId(actor),
      created_at: now,
    };
    await trx.insertInto('communication').values(row).execute();
    const communication = toCommunication(row);
    // Audited like every other write; the timeline shows the communication itself, not this entry.
    await this.audit.record(trx, {
      entityType: 'communication',
      entityId: row.id,
      customerId: customer.id,
      action: 'create',
      actor: actorId(actor),
      changes: diffFields({}, communication as unknown as Record<string, unknown>, AUDITED),
    });
    await this.hooks.emit(trx, 'customer.communicationLogged', { communication, actorId: actorId(actor) });
    return communication;
  }

  /** Newest first by when it happened. */
  async list(
    customerId: string,
    page: { limit: number; cursor?: string | undefined },
    trx: Executor = this.db,
  ): Promise<{ items: Communication[]; nextCursor: string | null }> {
    const q = trx.selectFrom('communication').selectAll().where('customer_id', '=', customerId);
    return keysetPage(q, page, { order: ['-occurred_at', '-id'], map: toCommunication });
  }
}

const invalidReference = (path: string, message: string) =>
  new ProblemError({ status: 422, code: 'invalid_reference', detail: message, errors: [{ path, message }] });
