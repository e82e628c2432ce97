import { conflict, notFound, z } from '@kehu/core';
import { Currency, CustomerParams, IsoDate, Reason } from '../fields.js';
import { CreditHoldSchema } from '../holds.js';
import { LimitRequestSchema } from '../limits.js';
import { P } from '../permissions.js';
import { CreditProfileSchema, daysFromToday, withHolds } from '../profiles.js';
import type { CreditRuntime } from '../runtime.js';
import { CreditSummarySchema, creditSummaries } from '../summaries.js';

/** `GET /customers/:customerId`: everything about one customer's credit. */
const CreditOverviewSchema = z.object({
  customerId: z.string(),
  profile: CreditProfileSchema.nullable(),
  summary: CreditSummarySchema.nullable(),
  holds: z.array(CreditHoldSchema).describe('Active holds'),
  temporaryLimits: z.array(LimitRequestSchema).describe('Approved temporary limits that have not expired'),
});

/** Credit profiles and the customer's credit overview. */
export function profileRoutes(rt: CreditRuntime): void {
  const { ctx, db, profiles, holds, limits, history } = rt;
  const { router, customers, config } = ctx;

  router.get(
    '/customers/:customerId',
    {
      summary: "A customer's credit: profile, figures, holds, temporary limits",
      access: P.read,
      params: CustomerParams,
      responses: { 200: CreditOverviewSchema },
      tags: ['credit'],
    },
    async (c, { params, principal }) => {
      await customers.requireVisible(principal, params.customerId);
      const { customerId } = params;
      const profile = await profiles.get(db, customerId);
      const active = (await holds.active(db, [customerId])).get(customerId) ?? [];
      const summary =
        (await creditSummaries(db, [customerId], { ...rt, currency: config.currency }, principal)).get(
          customerId,
        ) ?? null;
      const temporary = (await limits.activeTemporary(db, [customerId])).get(customerId)?.items ?? [];
      return c.json({
        customerId,
        profile: profile ? withHolds(profile, active) : null,
        summary,
        holds: active,
        temporaryLimits: temporary,
      });
    },
  );

  router.post(
    '/customers/:customerId/profile',
    {
      summary: 'Open a credit profile (no limit and no grade until approved)',
      access: P.manageProfiles,
      customer: { param: 'customerId', access: 'change' },
      params: CustomerParams,
      body: z.strictObject({
        currency: Currency.optional(),
        maxTermDays: z.number().int().min(0).max(3650).optional(),
        nextReviewDate: IsoDate.nullish(),
      }),
      responses: { 201: CreditProfileSchema },
      tags: ['credit'],
    },
    async (c, { params, body, principal }) => {
      const profile = await ctx.transaction(async (trx) => {
        await customers.requireVisible(principal, params.customerId, trx);
        if (await profiles.get(trx, params.customerId))
          throw conflict('profile_exists', `Customer ${params.customerId} already has a credit profile`);
        const created = await profiles.create(trx, {
          customerId: params.customerId,
          currency: body.currency ?? config.currency,
          maxTermDays: body.maxTermDays ?? config.defaultMaxTermDays,
          nextReviewDate:
            body.nextReviewDate === undefined
              ? daysFromToday(ctx.clock, config.reviewIntervalDays)
              : body.nextReviewDate,
        });
        await ctx.audit.record(trx, {
          entityType: 'credit_profile',
          entityId: created.customerId,
          customerId: created.customerId,
          action: 'create',
          actor: principal,
          changes: {
            currency: { from: null, to: created.currency },
            maxTermDays: { from: null, to: created.maxTermDays },
          },
        });
        await history.add(trx, created.customerId, 'credit.profile.opened', 'Credit profile opened', {
          currency: created.currency,
          maxTermDays: created.maxTermDays,
          nextReviewDate: created.nextReviewDate,
        });
        return created;
      });
      return c.json(
        withHolds(profile, (await holds.active(db, [profile.customerId])).get(profile.customerId) ?? []),
        201,
      );
    },
  );

  router.patch(
    '/customers/:customerId/profile',
    {
      summary: 'Change the maximum term or the next review date',
      access: P.manageProfiles,
      customer: { param: 'customerId', access: 'change' },
      params: CustomerParams,
      body: z
        .strictObject({
          maxTermDays: z.number().int().min(0).max(3650).optional(),
          nextReviewDate: IsoDate.nullish(),
          reason: Reason,
          version: z.number().int().min(1).optional(),
        })
        .refine((b) => b.maxTermDays !== undefined || b.nextReviewDate !== undefined, {
          message: 'Change maxTermDays or nextReviewDate',
        }),
      responses: { 200: CreditProfileSchema },
      tags: ['credit'],
    },
    async (c, { params, body, principal }) => {
      const profile = await ctx.transaction(async (trx) => {
        await customers.requireVisible(principal, params.customerId, trx);
        const current = await profiles.lock(trx, params.customerId);
        if (!current) throw notFound('Credit profile of customer', params.customerId);
        if (body.version !== undefined && body.version !== current.version) {
          throw conflict(
            'version_conflict',
            `The profile is at version ${current.version}, not ${body.version}`,
            { version: current.version },
          );
        }
        const patch = {
          ...(body.maxTermDays !== undefined ? { maxTermDays: body.maxTermDays } : {}),
          ...(body.nextReviewDate !== undefined ? { nextReviewDate: body.nextReviewDate } : {}),
        };
        const updated = await profiles.update(trx, current, patch);
        if (!updated) throw conflict('version_conflict', 'The profile changed meanwhile; try again');
        const changes = Object.fromEntries(
          Object.entries(patch).map(([k, v]) => [k, { from: current[k as keyof typeof patch], to: v }]),
        );
        await ctx.audit.record(trx, {
          entityType: 'credit_profile',
          entityId: current.customerId,
          customerId: current.customerId,
          action: 'update',
          actor: principal,
          reason: body.reason,
          changes,
        });
        await history.add(trx, current.customerId, 'credit.profile.changed', 'Credit terms changed', {
          changes,
          reason: body.reason,
        });
        return updated;
      });
      return c.json(
        withHolds(profile, (await holds.active(db, [profile.customerId])).get(profile.customerId) ?? []),
      );
    },
  );
}
