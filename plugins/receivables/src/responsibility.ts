import type { Activity, ActivityInput, Executor, Trx } from '@kehu/core';
import type { Deps } from './context.js';

/**
 * Who is to act on a customer's account: the given person while they are an active user, else the
 * customer's owner, else nobody (then the event says so and a manager takes it).
 */
export async function responsibleFor(
  deps: Deps,
  trx: Executor,
  customerId: string,
  preferred: string | null,
): Promise<string | null> {
  if (preferred && (await deps.isActiveUser(preferred, trx))) return preferred;
  const customer = await deps.customers.get(customerId, trx, { withDeleted: true });
  const owner = customer?.ownerId ?? null;
  return owner && (await deps.isActiveUser(owner, trx)) ? owner : null;
}

/** The permission of the managers who take what nobody is responsible for (sales and general managers). */
const MANAGERS = 'activities.team';

/**
 * An activity for the responsible person, or — when nobody is — one for each manager, so a rule's
 * alert always reaches someone. Idempotent by `input.key`.
 */
export async function activityFor(
  deps: Deps,
  trx: Trx,
  responsibleId: string | null,
  input: Omit<ActivityInput, 'assigneeId'>,
): Promise<Activity[]> {
  if (responsibleId) return [await deps.activities.create(trx, { ...input, assigneeId: responsibleId })];
  return deps.activities.createForPermission(trx, MANAGERS, input);
}
