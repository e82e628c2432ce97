import type { Trx } from '@kehu/core';
import type { Deps } from './context.js';

type Request = 'extension_request' | 'write_off';

/**
 * A pending four-eyes request is an approval activity for every user who may decide it, other than
 * the requester; the decision closes them all.
 */
export async function openApproval(
  deps: Deps,
  trx: Trx,
  request: {
    type: Request;
    id: string;
    customerId: string;
    permission: string;
    subject: string;
    requestedBy: string | null;
    data?: Record<string, unknown>;
  },
): Promise<void> {
  const { type, id, ...rest } = request;
  await deps.activities.openApproval(trx, { ...rest, link: { type, id } });
}

export async function closeApproval(
  deps: Deps,
  trx: Trx,
  type: Request,
  id: string,
  outcome: 'approved' | 'rejected' | 'withdrawn',
  by: string | null,
): Promise<void> {
  await deps.activities.closeFor(
    trx,
    { type, id },
    { by, outcome, status: outcome === 'withdrawn' ? 'cancelled' : 'done' },
  );
}
