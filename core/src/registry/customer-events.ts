import type { Communication } from './communications.js';
import type { Customer, CustomerInput } from './customer-record.js';

/** A plugin's net revenue of one customer in one year and currency (integer minor units). */
export interface RevenueYear {
  customerId: string;
  year: number;
  currency: string;
  revenue: number;
  /** The plugin reporting it, shown in the value history. */
  source: string;
}

/** Something a plugin still has open for a customer; blocks termination and purge. */
export interface OpenItem {
  plugin: string;
  kind: string;
  count: number;
  detail: string;
}

// The archive's filters and events, declared the way a plugin declares its own: the hook bus knows
// nothing of customers.
declare module '../hooks/types.js' {
  interface KehuFilters {
    /** May adjust the input or reject the new customer. */
    'customer.beforeCreate': CustomerInput;
    'customer.beforeUpdate': { customer: Customer; patch: Partial<CustomerInput>; reason: string | null };
    /** Plugins append what they still have open; any item refuses the termination with 409. */
    'customer.beforeTerminate': { customer: Customer; reason: string; openItems: OpenItem[] };
    /** Plugins append what they still have open; the purge job leaves such customers deleted but kept. */
    'customer.beforePurge': { customerId: string; openItems: OpenItem[] };
    'customer.beforeDelete': { customer: Customer; reason: string; openItems: OpenItem[] };
    /**
     * Each plugin moves (or combines) its own rows of `source` onto `target`, inside the merge
     * transaction; the kernel moves only its own. Throw a DomainError to refuse the merge: nothing changes.
     */
    'customer.merge': { source: Customer; target: Customer };
    /**
     * Each plugin erases every row and personal datum it holds for the customer, inside the purge
     * transaction, before the kernel removes the customer itself.
     */
    'customer.purge': { customerId: string };
    /**
     * Plugins holding sales (receivables) append each customer's net revenue per year and currency,
     * for every customer when `customerIds` is null, for years up to `toYear`: the customer-value
     * view's historical contribution. For a year and currency a plugin reports, imported figures
     * are not used.
     */
    'customer.revenueByYear': { customerIds: readonly string[] | null; toYear: number; rows: RevenueYear[] };
  }

  interface KehuEvents {
    'customer.created': { customer: Customer; actorId: string | null };
    'customer.updated': {
      customer: Customer;
      changes: Record<string, { from: unknown; to: unknown }>;
      reason: string | null;
      actorId: string | null;
    };
    'customer.ownerChanged': {
      customerId: string;
      fromOwnerId: string | null;
      toOwnerId: string | null;
      reason: string;
      at: string;
      actorId: string | null;
    };
    'customer.terminated': { customerId: string; reason: string; actorId: string | null };
    /** An edit, owner change or deletion under the approval rules became a pending change request. */
    'customer.changeRequested': {
      changeRequestId: string;
      customerId: string;
      kind: 'update' | 'owner' | 'delete';
      actorId: string | null;
    };
    /** A change request was approved (and applied), rejected or withdrawn. */
    'customer.changeDecided': {
      changeRequestId: string;
      customerId: string;
      kind: 'update' | 'owner' | 'delete';
      status: 'approved' | 'rejected' | 'withdrawn' | 'pending';
      actorId: string | null;
    };
    /** A discount (折价) was requested on the customer; an approval activity is open. */
    'customer.discountRequested': { discountId: string; customerId: string; actorId: string | null };
    /** A discount request was approved, rejected or withdrawn. */
    'customer.discountDecided': {
      discountId: string;
      customerId: string;
      status: 'approved' | 'rejected' | 'withdrawn';
      actorId: string | null;
    };
    'customer.merged': { sourceId: string; targetId: string; actorId: string | null };
    'customer.deleted': { customerId: string; reason: string; actorId: string | null };
    'customer.restored': { customerId: string; actorId: string | null };
    'customer.purged': { customerId: string };
    /** A communication was filed on the customer's archive (call, visit, email, meeting, message). */
    'customer.communicationLogged': { communication: Communication; actorId: string | null };
  }
}

// The customer a route's scope resolves to (`input.customer` in handlers) is the archive's customer.
declare module '../http/customer-scope.js' {
  // biome-ignore lint/suspicious/noEmptyInterface: merges Customer into the router's scoped customer
  interface ScopedCustomer extends Customer {}
}
