import type { AuditLog } from '../audit/audit-log.js';
import type { PermissionRegistry } from '../auth/permissions.js';
import type { UserStore } from '../auth/user-store.js';
import type { Clock } from '../clock.js';
import type { Database, Trx } from '../db/database.js';
import type { HookBus } from '../hooks/hook-bus.js';
import type { Logger } from '../logger.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import type { ArchiveNotes } from './archive-notes.js';
import type { ChangeRequests } from './change-requests.js';
import type { Contracts } from './contracts.js';
import type { CustomerService } from './customer-service.js';
import type { CustomerValues } from './customer-value.js';
import type { Discounts } from './discounts.js';
import type { Documents } from './documents.js';
import type { Registry } from './registry.js';

/**
 * What the archive's routes use of the kernel. The kernel passes itself (`Kernel` extends this);
 * naming only these parts keeps the registry from importing the kernel that assembles it.
 */
export interface ArchiveKernel {
  readonly database: Database;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly hooks: HookBus;
  readonly scheduler: Scheduler;
  readonly registry: Registry;
  readonly customers: CustomerService;
  /** The archive's approval rules: change requests for edits, owner changes and deletions. */
  readonly changeRequests: ChangeRequests;
  /** Contracts and agreements of customers, with expiry reminders. */
  readonly contracts: Contracts;
  /** Files attached to customers, contracts and plugin entities. */
  readonly documents: Documents;
  /** Discount approvals (折价审批) of customers, four eyes. */
  readonly discounts: Discounts;
  /** Dated industry notes and internal promotion records of customers. */
  readonly notes: ArchiveNotes;
  /** The customer-value view: yearly figures, lifetime value, segments and service levels. */
  readonly values: CustomerValues;
  readonly users: UserStore;
  readonly permissions: PermissionRegistry;
  readonly audit: AuditLog;
  transaction<T>(fn: (trx: Trx) => Promise<T>): Promise<T>;
}
