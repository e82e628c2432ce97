import type { AuditLog, Principal, Trx } from '@kehu/core';
import type { Deps } from './context.js';

/** The satisfaction records the audit log names (entity type `satisfaction_<record>`). */
export type AuditedRecord = 'system' | 'questionnaire' | 'campaign' | 'interview';

type AuditEntry = Parameters<AuditLog['record']>[1];

/** Records a change of one satisfaction record: who did what to it, with the changed fields and reason. */
export const auditRecord = (
  deps: Pick<Deps, 'audit'>,
  trx: Trx,
  record: AuditedRecord,
  entityId: string,
  action: string,
  actor: Principal,
  more: Omit<AuditEntry, 'entityType' | 'entityId' | 'action' | 'actor'> = {},
) => deps.audit.record(trx, { entityType: `satisfaction_${record}`, entityId, action, actor, ...more });
