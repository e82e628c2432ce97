import { type Executor, type Principal, z } from '@kehu/core';
import { effectiveFixedLimit, effectiveMaxTerm } from './decide.js';
import type { ExposureReader } from './exposure.js';
import { CreditStatusSchema, HOLD_REASONS, type Holds } from './holds.js';
import type { Limits } from './limits.js';
import type { PolicyStore } from './policy-store.js';
import type { Profiles } from './profiles.js';

/** The `credit` customer facet: where a customer stands, in the figures a salesperson needs. */
export const CreditSummarySchema = z.object({
  hasProfile: z.boolean(),
  grade: z.string().nullable(),
  score: z.number().nullable(),
  currency: z.string(),
  /** Approved fixed limit, capped at the grade's ceiling. */
  fixedLimit: z.number().int(),
  /** Active temporary limits. */
  temporaryLimit: z.number().int(),
  /** fixed + temporary; null without a profile. */
  limit: z.number().int().nullable(),
  exposure: z.number().int(),
  /** limit − exposure; null without a profile. */
  available: z.number().int().nullable(),
  status: CreditStatusSchema,
  holdReasons: z.array(z.enum(HOLD_REASONS)),
  maxTermDays: z.number().int().nullable(),
  nextReviewDate: z.string().nullable(),
});
z.globalRegistry.add(CreditSummarySchema, { id: 'CreditSummary' });
export type CreditSummary = z.output<typeof CreditSummarySchema>;

/**
 * Summaries for a page of customers with a fixed number of queries (policy, profiles, holds,
 * temporary limits, one exposure filter run), plus whatever the receivables service needs.
 * Customers with neither a profile nor a hold get no entry.
 */
export async function creditSummaries(
  trx: Executor,
  ids: readonly string[],
  deps: {
    profiles: Profiles;
    holds: Holds;
    limits: Limits;
    policies: PolicyStore;
    exposure: ExposureReader;
    currency: string;
  },
  principal: Principal | null = null,
): Promise<Map<string, CreditSummary>> {
  const out = new Map<string, CreditSummary>();
  if (ids.length === 0) return out;
  const profiles = await deps.profiles.getMany(trx, ids);
  const holds = await deps.holds.active(trx, ids);
  const shown = ids.filter((id) => profiles.has(id) || holds.has(id));
  if (shown.length === 0) return out;
  const policy = await deps.policies.current(trx);
  const temporary = await deps.limits.activeTemporary(trx, [...profiles.keys()]);
  const exposure = await deps.exposure.of(
    trx,
    shown.map((id) => ({ customerId: id, currency: profiles.get(id)?.currency ?? deps.currency })),
    principal,
  );
  for (const id of shown) {
    const p = profiles.get(id);
    const h = holds.get(id) ?? [];
    const exp = exposure.get(id)!.total;
    const fixed = p ? effectiveFixedLimit(p, policy) : 0;
    const temp = temporary.get(id)?.total ?? 0;
    const limit = p ? fixed + temp : null;
    out.set(id, {
      hasProfile: !!p,
      grade: p?.grade ?? null,
      score: p?.score ?? null,
      currency: p?.currency ?? deps.currency,
      fixedLimit: fixed,
      temporaryLimit: temp,
      limit,
      exposure: exp,
      available: limit === null ? null : limit - exp,
      status: h.length > 0 ? 'on_hold' : 'normal',
      holdReasons: h.map((x) => x.reason),
      maxTermDays: p ? effectiveMaxTerm(p, policy) : null,
      nextReviewDate: p?.nextReviewDate ?? null,
    });
  }
  return out;
}
