import {
  addDays,
  type Clock,
  type CompanyClock,
  type Dialect,
  type Insertable,
  type Selectable,
  type Updateable,
  z,
} from '@kehu/core';
import { Amount, IsoDate, Score, Timestamp } from './fields.js';
import { type CreditHold, CreditStatusSchema, HOLD_REASONS } from './holds.js';
import type { CreditExecutor, CreditProfileTable, CreditTrx } from './tables.js';

/** A customer brought under credit control, with where its holds leave it. */
export const CreditProfileSchema = z.object({
  customerId: z.string(),
  grade: z.string().nullable().describe('Null until a first evaluation is approved'),
  score: Score.nullable(),
  fixedLimit: Amount.describe(
    'As approved, minor units of `currency`; the check caps it at the grade ceiling',
  ),
  currency: z.string(),
  maxTermDays: z.number().int(),
  status: CreditStatusSchema,
  holdReasons: z.array(z.enum(HOLD_REASONS)),
  nextReviewDate: IsoDate.nullable(),
  evaluatedAt: Timestamp.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int(),
});
z.globalRegistry.add(CreditProfileSchema, { id: 'CreditProfile' });
export type CreditProfile = z.output<typeof CreditProfileSchema>;

/** The stored profile: what the holds add is read separately (`withHolds`). */
export type ProfileRow = Omit<CreditProfile, 'status' | 'holdReasons'>;

const toRow = (r: Selectable<CreditProfileTable>): ProfileRow => ({
  customerId: r.customer_id,
  grade: r.grade,
  score: r.score === null ? null : Number(r.score),
  fixedLimit: Number(r.fixed_limit),
  currency: r.currency,
  maxTermDays: Number(r.max_term_days),
  nextReviewDate: r.next_review_date,
  evaluatedAt: r.evaluated_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: Number(r.version),
});

export const withHolds = (p: ProfileRow, holds: readonly CreditHold[]): CreditProfile => ({
  ...p,
  status: holds.length > 0 ? 'on_hold' : 'normal',
  holdReasons: holds.map((h) => h.reason),
});

/** The company's date `days` after today. */
export const daysFromToday = (clock: CompanyClock, days: number): string => addDays(clock.today(), days);

/** Credit profiles: one row per customer that has been brought under credit control. */
export class Profiles {
  constructor(
    private readonly dialect: Dialect,
    private readonly clock: Clock,
  ) {}

  async get(trx: CreditExecutor, customerId: string): Promise<ProfileRow | undefined> {
    const r = await trx
      .selectFrom('credit_profile')
      .selectAll()
      .where('customer_id', '=', customerId)
      .executeTakeFirst();
    return r ? toRow(r) : undefined;
  }

  async getMany(trx: CreditExecutor, customerIds: readonly string[]): Promise<Map<string, ProfileRow>> {
    if (customerIds.length === 0) return new Map();
    const rows = await trx
      .selectFrom('credit_profile')
      .selectAll()
      .where('customer_id', 'in', [...new Set(customerIds)])
      .execute();
    return new Map(rows.map((r) => [r.customer_id, toRow(r)]));
  }

  /**
   * Reads the profile and keeps other writers off it until `trx` ends: every credit decision that
   * can use up limit (invoices, transfers) goes through here first, so two of them never both see
   * the same available amount. PostgreSQL locks the row; SQLite has one writer connection already
   * (Kysely serialises transactions on it).
   */
  async lock(trx: CreditTrx, customerId: string): Promise<ProfileRow | undefined> {
    let q = trx.selectFrom('credit_profile').selectAll().where('customer_id', '=', customerId);
    if (this.dialect === 'postgres') q = q.forUpdate();
    const r = await q.executeTakeFirst();
    return r ? toRow(r) : undefined;
  }

  async create(
    trx: CreditExecutor,
    input: {
      customerId: string;
      currency: string;
      maxTermDays: number;
      fixedLimit?: number;
      nextReviewDate: string | null;
    },
  ): Promise<ProfileRow> {
    const now = this.clock.now().toISOString();
    const row = {
      customer_id: input.customerId,
      grade: null,
      score: null,
      fixed_limit: input.fixedLimit ?? 0,
      currency: input.currency,
      max_term_days: input.maxTermDays,
      next_review_date: input.nextReviewDate,
      review_notified_for: null,
      evaluated_at: null,
      created_at: now,
      updated_at: now,
      version: 1,
    } satisfies Insertable<CreditProfileTable>;
    await trx.insertInto('credit_profile').values(row).execute();
    return toRow(row);
  }

  /** Applies `patch` when the profile is still at `version`; returns the new row or undefined. */
  async update(
    trx: CreditExecutor,
    current: ProfileRow,
    patch: Partial<
      Pick<
        ProfileRow,
        'grade' | 'score' | 'fixedLimit' | 'maxTermDays' | 'nextReviewDate' | 'evaluatedAt' | 'currency'
      >
    >,
  ): Promise<ProfileRow | undefined> {
    const now = this.clock.now().toISOString();
    const set: Updateable<CreditProfileTable> = { updated_at: now, version: current.version + 1 };
    if (patch.grade !== undefined) set.grade = patch.grade;
    if (patch.score !== undefined) set.score = patch.score;
    if (patch.fixedLimit !== undefined) set.fixed_limit = patch.fixedLimit;
    if (patch.maxTermDays !== undefined) set.max_term_days = patch.maxTermDays;
    if (patch.nextReviewDate !== undefined) set.next_review_date = patch.nextReviewDate;
    if (patch.evaluatedAt !== undefined) set.evaluated_at = patch.evaluatedAt;
    if (patch.currency !== undefined) set.currency = patch.currency;
    const res = await trx
      .updateTable('credit_profile')
      .set(set)
      .where('customer_id', '=', current.customerId)
      .where('version', '=', current.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) return undefined;
    return { ...current, ...patch, updatedAt: now, version: current.version + 1 };
  }
}
