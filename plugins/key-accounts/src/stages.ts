import { DomainError, newId, type Principal, type Trx } from '@kehu/core';
import { auditAccount } from './account-audit.js';
import { ensureAccount } from './accounts.js';
import type { Deps } from './context.js';

/** Service stages of a key account: 初期, 中期, 成熟期, 合作期. */
export const STAGES = ['initial', 'middle', 'mature', 'partnership'] as const;
export type Stage = (typeof STAGES)[number];
/** Relationship types: 局外人, 朋友, 供应商, 合作伙伴. */
export const RELATIONSHIPS = ['outsider', 'friend', 'supplier', 'partner'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

export interface Change {
  from: string | null;
  to: string;
  reason: string | null;
  changedOn: string;
  changedBy: string | null;
}

export const toChange = (r: Record<string, any>): Change => ({
  from: r.from_value ?? null,
  to: r.to_value,
  reason: r.reason ?? null,
  changedOn: r.changed_on,
  changedBy: r.changed_by ?? null,
});

/** Moves the stage or relationship, with history; the same value again changes nothing. */
export async function changeState(
  deps: Deps,
  trx: Trx,
  customerId: string,
  what: 'stage' | 'relationship',
  to: string,
  reason: string | null,
  actor: Principal,
): Promise<boolean> {
  const row = await ensureAccount(trx, customerId, deps.clock.now());
  const from = row[what];
  if (from === to) return false;
  const now = deps.clock.now().toISOString();
  await trx
    .insertInto(what === 'stage' ? 'ka_stage_change' : 'ka_relationship_change')
    .values({
      id: newId(),
      customer_id: customerId,
      from_value: from,
      to_value: to,
      reason,
      changed_on: deps.clock.today(),
      changed_by: actor.id,
      created_at: now,
    })
    .execute();
  await trx
    .updateTable('ka_account')
    .set({ [what]: to, updated_at: now })
    .where('customer_id', '=', customerId)
    .execute();
  await auditAccount(deps.audit, trx, customerId, {
    action: `${what}.changed`,
    actor,
    reason,
    changes: { [what]: { from, to } },
  });
  if (what === 'stage') await deps.hooks.emit(trx, 'keyAccounts.stageChanged', { customerId, from, to });
  return true;
}

/** The duty checklist of the account's current stage, with what is done. */
export async function checklist(deps: Deps, db: Trx | Deps['db'], customerId: string, stage: string | null) {
  if (!stage) return [];
  const done = await db
    .selectFrom('ka_duty')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('stage', '=', stage)
    .execute();
  const byDuty = new Map(done.map((d) => [d.duty as string, d]));
  return deps.config.stageDuties[stage as Stage].map((duty) => ({
    duty,
    doneOn: (byDuty.get(duty)?.done_on as string | undefined) ?? null,
    doneBy: (byDuty.get(duty)?.done_by as string | undefined) ?? null,
  }));
}

export async function markDuty(
  deps: Deps,
  trx: Trx,
  customerId: string,
  duty: string,
  done: boolean,
  actor: Principal,
) {
  const row = await ensureAccount(trx, customerId, deps.clock.now());
  if (!row.stage) throw new DomainError('no_stage', 'Set the account’s service stage first');
  if (!deps.config.stageDuties[row.stage as Stage].includes(duty))
    throw new DomainError('unknown_duty', `"${duty}" is not a duty of the ${row.stage} stage`, {
      duties: deps.config.stageDuties[row.stage as Stage],
    });
  await trx
    .deleteFrom('ka_duty')
    .where('customer_id', '=', customerId)
    .where('stage', '=', row.stage)
    .where('duty', '=', duty)
    .execute();
  if (done)
    await trx
      .insertInto('ka_duty')
      .values({
        customer_id: customerId,
        stage: row.stage,
        duty,
        done_on: deps.clock.today(),
        done_by: actor.id,
      })
      .execute();
  return row.stage;
}
