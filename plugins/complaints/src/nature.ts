import { DomainError, type Principal, type Trx } from '@kehu/core';
import { type Deps, usersInRole } from './context.js';
import type { ComplaintNature } from './contract.js';
import type { ComplaintRow, Emotion } from './model.js';

/**
 * Why a complaint is key (关键): extreme emotion, and whatever the `complaints.identify` filter adds
 * (the key-accounts plugin adds `key_account` for a designated account).
 */
export async function identify(
  deps: Deps,
  trx: Trx,
  principal: Principal | null,
  input: { complaintId: string | null; customerId: string; emotion: Emotion },
): Promise<string[]> {
  const payload = {
    ...input,
    keyReasons: input.emotion === 'extreme' ? ['extreme_emotion'] : ([] as string[]),
  };
  const out = await deps.hooks.applyFilters('complaints.identify', payload, { trx, principal });
  return [
    ...new Set(
      out.keyReasons.filter((r) => typeof r === 'string' && r.length > 0).map((r) => r.slice(0, 64)),
    ),
  ];
}

/** A key complaint is a crisis: the service managers and the customer's account manager hear of it at once. */
export async function announceKeyComplaint(deps: Deps, trx: Trx, row: ComplaintRow): Promise<void> {
  const owner = (await deps.customers.summaries([row.customer_id], trx)).get(row.customer_id)?.ownerId;
  const users = new Set([...(await usersInRole(deps, 'service_manager', trx)), ...(owner ? [owner] : [])]);
  for (const userId of users)
    await deps.notifications.notify(trx, userId, {
      kind: 'complaints.key',
      title: `Key complaint ${row.number}: ${row.subject}`,
      body: `Severity ${row.severity}; handler ${row.handler_id}`,
      customerId: row.customer_id,
      data: { complaintId: row.id },
      dedupeKey: `complaints:key:${row.id}`,
    });
}

/** Fields a nature needs: guidance for a false complaint, a rebuttal for a malicious one. */
export function natureFields(
  nature: ComplaintNature,
  input: { guidance?: string | undefined; rebuttal?: string | undefined; legalAction?: string | undefined },
): { nature_note: string | null; legal_action: string | null } {
  if (nature === 'false' && !input.guidance)
    throw required('guidance', 'A false complaint records the guidance given to the customer');
  if (nature === 'malicious' && !input.rebuttal)
    throw required('rebuttal', 'A malicious complaint records the rebuttal');
  return {
    nature_note: nature === 'false' ? input.guidance! : nature === 'malicious' ? input.rebuttal! : null,
    legal_action: nature === 'malicious' ? (input.legalAction ?? null) : null,
  };
}

const required = (field: string, detail: string) =>
  new DomainError('field_required', detail, { errors: [{ path: `body.${field}`, message: 'Required' }] });

export const refusesCompensation = (nature: ComplaintNature | null): boolean =>
  nature === 'false' || nature === 'malicious';
