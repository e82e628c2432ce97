import { DomainError, newId, notFound, type Principal, ProblemError, type Trx, z } from '@kehu/core';
import { MANAGE } from './access.js';
import { loadCalendar } from './calendar.js';
import { assertCategory } from './categories.js';
import { appendEvent, eventOf, loadComplaint, nextNumber } from './complaint-store.js';
import { type Deps, nowIso } from './context.js';
import { CHANNELS, type ComplaintRow, EMOTIONS, RMLSP_STEPS, SEVERITIES } from './model.js';
import { announceKeyComplaint, identify } from './nature.js';
import { policyFor, refreshSla, targetsFor } from './sla.js';
import { detectSystemicIssue } from './systemic.js';

const Ref = z.string().trim().min(1).max(100).optional();
export const IntakeInput = z.strictObject({
  customerId: z.string().min(1).max(64),
  contactId: z.string().min(1).max(64).nullish(),
  channel: z.enum(CHANNELS),
  /** When the customer complained (default now); the SLA clock starts here. */
  receivedAt: z.iso.datetime({ offset: true }).optional(),
  category: z.string().min(1).max(64),
  subject: z.string().trim().min(1).max(200),
  description: z.string().trim().min(1).max(20_000),
  customerRequest: z.string().trim().max(5000).optional(),
  productRef: Ref,
  batchRef: Ref,
  orderRef: Ref,
  invoiceId: z.string().min(1).max(64).optional(),
  severity: z.enum(SEVERITIES).default('normal'),
  emotion: z.enum(EMOTIONS).default('calm'),
  /** The emotion-first steps done at intake, and by whom (default the caller). */
  rmlsp: z
    .strictObject({ steps: z.array(z.enum(RMLSP_STEPS)).max(5), by: z.string().min(1).max(64).optional() })
    .default({ steps: [] }),
  /** Another handler than the caller (service managers only). */
  handlerId: z.string().min(1).max(64).optional(),
  /** Filed while already waiting (e.g. for the customer's photos): the clock starts paused. */
  waitingFor: z.enum(['customer', 'third_party']).optional(),
});
export type IntakeInput = z.infer<typeof IntakeInput>;

const field = (path: string, code: string, detail: string) =>
  new DomainError(code, detail, { errors: [{ path: `body.${path}`, message: detail }] });

/** The user exists, is active and may handle complaints. */
export async function assertHandlerUser(deps: Deps, trx: Trx, userId: string, path: string): Promise<void> {
  if (!(await deps.activities.usersWith('complaints.handle', trx)).includes(userId))
    throw field(path, 'unknown_handler', `User ${userId} is not an active user who may handle complaints`);
}

/** 受理: a complaint is filed; its filer (or the handler a manager names) follows it through. */
export async function fileComplaint(
  deps: Deps,
  principal: Principal,
  input: IntakeInput,
): Promise<ComplaintRow> {
  return deps.transaction(async (trx) => {
    // Staff file complaints for any caller, so only existence counts here; the archive stays closed.
    const customer = await deps.customers.get(input.customerId, trx);
    if (!customer) throw notFound('Customer', input.customerId);
    if (input.contactId) {
      const contacts = await deps.customers.contacts.list(input.customerId, trx);
      if (!contacts.some((c) => c.id === input.contactId))
        throw field(
          'contactId',
          'unknown_contact',
          `Contact ${input.contactId} is not a contact of this customer`,
        );
    }
    await assertCategory(trx, input.category);
    if (input.invoiceId) {
      const invoice = await deps.service('receivables')?.getInvoice(input.invoiceId, trx);
      if (!invoice || invoice.customerId !== input.customerId)
        throw field(
          'invoiceId',
          'unknown_invoice',
          `Invoice ${input.invoiceId} is not an invoice of this customer`,
        );
    }
    const now = deps.clock.now();
    const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
    if (receivedAt.getTime() > now.getTime())
      throw field('receivedAt', 'received_in_future', 'A complaint cannot be received in the future');
    const handlerId = input.handlerId ?? principal.id;
    if (handlerId !== principal.id) {
      if (!principal.can(MANAGE))
        throw new ProblemError({
          status: 403,
          code: 'forbidden',
          detail: 'Only a service manager files a complaint for another handler',
        });
      await assertHandlerUser(deps, trx, handlerId, 'handlerId');
    }
    const id = newId();
    const keyReasons = await identify(deps, trx, principal, {
      complaintId: null,
      customerId: input.customerId,
      emotion: input.emotion,
    });
    const key = keyReasons.length > 0;
    const at = nowIso(deps);
    const receivedIso = receivedAt.toISOString();
    const row: ComplaintRow = {
      id,
      number: await nextNumber(trx, deps.clock.today().slice(0, 4)),
      customer_id: input.customerId,
      contact_id: input.contactId ?? null,
      channel: input.channel,
      received_at: receivedIso,
      category: input.category,
      subject: input.subject,
      description: input.description,
      customer_request: input.customerRequest ?? null,
      product_ref: input.productRef ?? null,
      batch_ref: input.batchRef ?? null,
      order_ref: input.orderRef ?? null,
      invoice_id: input.invoiceId ?? null,
      // A key complaint is handled as a crisis: top severity, so the shortest targets.
      severity: key ? 'critical' : input.severity,
      emotion: input.emotion,
      rmlsp: JSON.stringify({ steps: input.rmlsp.steps, by: input.rmlsp.by ?? principal.id }),
      nature: key ? 'key' : null,
      key_reasons: JSON.stringify(keyReasons),
      nature_reason: key ? keyReasons.join(', ') : null,
      handler_id: handlerId,
      state: input.waitingFor ? (`waiting_${input.waitingFor}` as const) : 'received',
      resume_state: input.waitingFor ? 'received' : null,
      sla_started_at: receivedIso,
      sla_paused_ms: 0,
      sla_paused_since: input.waitingFor ? receivedIso : null,
      open: 1,
      reopen_count: 0,
      response_level: 0,
      resolution_level: 0,
      response_breached: 0,
      resolution_breached: 0,
      created_by: principal.id,
      created_at: at,
      updated_at: at,
      version: 1,
    };
    Object.assign(row, targetsFor(await policyFor(trx, row), row));
    await trx.insertInto('cmp_complaint').values(row).execute();
    const stored = await refreshSla(deps, trx, await loadComplaint(trx, id), await loadCalendar(deps, trx));
    await deps.audit.record(trx, {
      entityType: 'complaint',
      entityId: id,
      customerId: row.customer_id,
      action: 'create',
      actor: principal,
      changes: {
        state: { from: null, to: row.state },
        handlerId: { from: null, to: handlerId },
        ...(key ? { nature: { from: null, to: 'key' } } : {}),
      },
    });
    await appendEvent(deps, trx, row, { kind: 'received', to: row.state, actorId: principal.id });
    await deps.hooks.emit(trx, 'complaints.received', eventOf(row));
    if (key) {
      await deps.hooks.emit(trx, 'complaints.natureChanged', {
        ...eventOf(row),
        from: null,
        to: 'key',
        reason: row.nature_reason as string,
      });
      await announceKeyComplaint(deps, trx, row);
    }
    await detectSystemicIssue(deps, trx, stored);
    return stored;
  });
}
