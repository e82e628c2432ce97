import type { AuditEntry, AuditLog, Executor } from '@kehu/core';

/** An audit entry of a customer's key-account record (class, designation, team, stage…). */
export const auditAccount = (
  audit: AuditLog,
  trx: Executor,
  customerId: string,
  entry: Omit<AuditEntry, 'entityType' | 'entityId' | 'customerId'>,
) => audit.record(trx, { entityType: 'key_account', entityId: customerId, customerId, ...entry });
