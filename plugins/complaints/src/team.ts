import type { Principal } from '@kehu/core';
import type { Deps } from './context.js';

/**
 * The departments of the complaint process, by the roles their people hold: the kernel knows users
 * and roles only, so a department is its staff's role and its manager's. Customer-service agents
 * report to the service manager; account managers to the sales manager.
 */
export const DEPARTMENTS: readonly (readonly string[])[] = [
  ['customer_service', 'service_manager'],
  ['account_manager', 'sales_manager'],
];

/**
 * The handlers of `principal`'s team (the principal among them): whoever may handle complaints and
 * works in one of the principal's departments; outside them, whoever shares one of the principal's
 * roles (two department managers, two general managers).
 */
export async function teamOf(deps: Deps, principal: Principal): Promise<string[]> {
  const own = DEPARTMENTS.filter((d) => d.some((r) => principal.roles.includes(r))).flat();
  const roles = new Set(own.length > 0 ? own : principal.roles.filter((r) => r !== 'admin'));
  const ids = await deps.activities.usersWith('complaints.handle');
  const users = await deps.customers.users.getMany(ids);
  const team = ids.filter((id) => users.get(id)?.roles.some((r) => roles.has(r)));
  return [...new Set([principal.id, ...team])];
}
