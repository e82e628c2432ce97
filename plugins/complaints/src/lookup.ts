import type { Principal } from '@kehu/core';
import type { Deps } from './context.js';

/** Sees every customer, for the registry's exact-code search only; never handed to a route. */
const registryReader: Principal = {
  id: 'complaints:lookup',
  name: 'Complaint intake lookup',
  roles: [],
  can: () => true,
  hasRole: () => false,
};

/**
 * The narrow lookup for a customer who calls in: an exact phone number, customer code or name gives
 * id, code and name only, whoever asks; nothing of the archive.
 */
export async function lookupCustomers(
  deps: Deps,
  q: string,
): Promise<{ id: string; code: string; name: string }[]> {
  const out = new Map<string, { id: string; code: string; name: string }>();
  const byNameOrPhone = await deps.customers.findDuplicate({ name: q, phone: q, email: null });
  if (byNameOrPhone && byNameOrPhone.matchedOn !== 'email')
    out.set(byNameOrPhone.id, { id: byNameOrPhone.id, code: byNameOrPhone.code, name: byNameOrPhone.name });
  const page = await deps.customers.list(registryReader, { q }, { limit: 20 });
  for (const c of page.items)
    if (c.code.toLowerCase() === q.toLowerCase()) out.set(c.id, { id: c.id, code: c.code, name: c.name });
  return [...out.values()];
}
