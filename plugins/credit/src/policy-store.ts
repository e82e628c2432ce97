import { type Clock, z } from '@kehu/core';
import { Timestamp } from './fields.js';
import { type CreditPolicy, CreditPolicyRulesSchema } from './policy.js';
import type { CreditExecutor } from './tables.js';

/** The policy in force with its version, for optimistic concurrency between credit managers. */
export const StoredPolicySchema = CreditPolicyRulesSchema.extend({
  version: z.number().int().describe('0 until a credit manager first changes the policy'),
  updatedAt: Timestamp.nullable(),
  updatedBy: z.string().nullable(),
});
export type StoredPolicy = z.output<typeof StoredPolicySchema>;

const ROW_ID = 'current';

/** What credit managers change at runtime; the scale and the policy's currency are boot config. */
type Editable = Pick<CreditPolicy, 'grades' | 'factors' | 'otherCurrencies'>;

/** The policy in force: the stored one, or the boot configuration until a credit manager changes it. */
export class PolicyStore {
  constructor(
    private readonly initial: CreditPolicy,
    private readonly clock: Clock,
  ) {}

  async current(trx: CreditExecutor): Promise<StoredPolicy> {
    const row = await trx.selectFrom('credit_policy').selectAll().where('id', '=', ROW_ID).executeTakeFirst();
    if (!row) return { ...this.initial, version: 0, updatedAt: null, updatedBy: null };
    const doc = JSON.parse(row.document) as Omit<Editable, 'otherCurrencies'> &
      Partial<Pick<CreditPolicy, 'otherCurrencies'>>;
    // Scale and currency come from the boot config: stored grades were validated against them. A
    // policy stored before other currencies could be changed keeps the boot config's.
    return {
      scale: this.initial.scale,
      currency: this.initial.currency,
      otherCurrencies: doc.otherCurrencies ?? this.initial.otherCurrencies,
      grades: doc.grades,
      factors: doc.factors,
      version: Number(row.version),
      updatedAt: row.updated_at,
      updatedBy: row.updated_by,
    };
  }

  /** Writes the new grades, factors and other currencies' ceilings; false when `expectedVersion` is stale. */
  async replace(
    trx: CreditExecutor,
    next: Editable,
    actorId: string,
    expectedVersion: number,
  ): Promise<boolean> {
    const now = this.clock.now().toISOString();
    const document = JSON.stringify({
      grades: next.grades,
      factors: next.factors,
      otherCurrencies: next.otherCurrencies,
    });
    if (expectedVersion === 0) {
      const inserted = await trx
        .insertInto('credit_policy')
        .values({ id: ROW_ID, document, version: 1, updated_at: now, updated_by: actorId })
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
    }
    const updated = await trx
      .updateTable('credit_policy')
      .set({ document, version: expectedVersion + 1, updated_at: now, updated_by: actorId })
      .where('id', '=', ROW_ID)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) > 0;
  }
}
