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
 * What the archive's routes use of the kernel. The kernel passes itself; naming only these parts
 * keeps the registry from importing the kernel that assembles it.
 */
export interface ArchiveKernel {
  readonly database: Database;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly hooks: HookBus;
  readonly scheduler: Scheduler;
  readonly registry: Registry;
  readonly customers: CustomerService;
  readonly changeRequests: ChangeRequests;
  readonly contracts: Contracts;
  readonly documents: Documents;
  readonly discounts: Discounts;
  readonly notes: ArchiveNotes;
  readonly values: CustomerValues;
  readonly users: UserStore;
  readonly permissions: PermissionRegistry;
  readonly audit: AuditLog;
  transaction<T>(fn: (trx: Trx) => Promise<T>): Promise<T>;
}
