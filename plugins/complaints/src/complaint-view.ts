import type { WorkingCalendar } from '@kehu/core';
import {
  type Channel,
  type ComplaintRow,
  parseJson,
  type ResponsibleParty,
  type RmlspStep,
} from './model.js';
import { type SlaView, slaView } from './sla.js';
import type { SlaPolicy } from './sla-policies.js';

/** A complaint as the API answers it. */
export function toComplaint(
  row: ComplaintRow,
  cal: WorkingCalendar,
  policy: SlaPolicy | undefined,
  now: number,
) {
  return {
    id: row.id,
    number: row.number as string,
    customerId: row.customer_id,
    contactId: row.contact_id ?? null,
    channel: row.channel as Channel,
    receivedAt: row.received_at as string,
    category: row.category,
    subject: row.subject as string,
    description: row.description as string,
    customerRequest: row.customer_request ?? null,
    references: {
      product: row.product_ref ?? null,
      batch: row.batch_ref ?? null,
      order: row.order_ref ?? null,
      invoiceId: row.invoice_id ?? null,
    },
    severity: row.severity,
    emotion: row.emotion,
    rmlsp: parseJson<{ steps: RmlspStep[]; by: string | null }>(row.rmlsp, { steps: [], by: null }),
    nature: row.nature ?? null,
    keyReasons: parseJson<string[]>(row.key_reasons, []),
    natureNote: row.nature_note ?? null,
    legalAction: row.legal_action ?? null,
    handlerId: row.handler_id,
    state: row.state,
    investigation: row.cause
      ? { cause: row.cause as string, evidence: parseJson<string[]>(row.evidence, []) }
      : null,
    responsibility: row.responsible_party
      ? {
          party: row.responsible_party as ResponsibleParty,
          responsibleName: row.responsible_name ?? null,
          rootCause: row.root_cause as string,
        }
      : null,
    reply: row.replied_at
      ? {
          text: row.reply_text as string,
          channel: row.reply_channel as Channel,
          at: row.replied_at as string,
          customerAccepted: row.customer_accepted == null ? null : Number(row.customer_accepted) === 1,
        }
      : null,
    returnVisitDueOn: row.return_visit_due_on ?? null,
    duplicateOf: row.duplicate_of ?? null,
    reopenCount: Number(row.reopen_count),
    satisfied: row.satisfied == null ? null : Number(row.satisfied) === 1,
    closedAt: row.closed_at ?? null,
    sla: slaView(cal, row, policy, now) as SlaView,
    createdBy: row.created_by ?? null,
    createdAt: row.created_at as string,
    updatedAt: row.updated_at as string,
    version: Number(row.version),
  };
}

export type Complaint = ReturnType<typeof toComplaint>;
