import { DomainError, type Principal, type Trx } from '@kehu/core';
import { changeAccountValue } from './account-changes.js';
import { ensureAccount } from './accounts.js';
import type { Deps } from './context.js';

/** Service stages of a key account: 初期, 中期, 成熟期, 合作期. */
export const STAGES = ['initial', 'middle', 'mature', 'partnership'] as const;
export type Stage = (typeof STAGES)[number];
/** Relationship types: 局外人, 朋友, 供应商, 合作伙伴. */
export const RELATIONSHIPS = ['outsider', 'friend', 'supplier', 'partner'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

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
  const change = await changeAccountValue(deps, trx, customerId, what, to, reason, actor);
  if (change && what === 'stage')
    await deps.hooks.emit(trx, 'keyAccounts.stageChanged', { customerId, from: change.from, to });
  return change !== null;
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
