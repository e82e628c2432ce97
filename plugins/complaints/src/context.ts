import type { Executor, PluginDeps } from '@kehu/core';
// Types only: the receivables service, used when that plugin is enabled (invoices, credit notes).
import type {} from '@kehu/plugin-receivables';
import type { ComplaintsConfig } from './config.js';

/** What the complaints modules need from the kernel; built once in `setup`. */
export type Deps = PluginDeps<ComplaintsConfig>;

export { inTransaction, nowIso } from '@kehu/core';

/** Active users with `role` (for escalation and crisis notices), read inside `trx`. */
export async function usersInRole(deps: Deps, role: string, trx: Executor): Promise<string[]> {
  // Every role an escalation names may read complaints, so their holders are among these.
  const ids = await deps.activities.usersWith('complaints.read', trx);
  const users = await deps.customers.users.getMany(ids, trx);
  return ids.filter((id) => users.get(id)?.roles.includes(role));
}

export type { Executor };

/**
 * The customer of a complaint's activity, made for whoever reads complaints: the assignee (a
 * handler or a role holder who may not open the archive) sees it in their inbox while they hold
 * `complaints.read`, and it is on the customer's timeline for those who may see the customer.
 */
export const forComplaintStaff = (row: { customer_id: string }) => ({
  customerId: row.customer_id,
  forPermission: 'complaints.read',
});
