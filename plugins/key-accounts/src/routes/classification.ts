import { type KehuRouter, keysetPage, notFound, ProblemError, pageOf, whereEquals, z } from '@kehu/core';
import { changeHistory, changeOf } from '../account-changes.js';
import { accountRow, toAccount } from '../accounts.js';
import type { Deps } from '../context.js';
import { type LoyaltyAttitude, recordLoyalty } from '../loyalty.js';
import { clearOverride, setOverride } from '../overrides.js';
import { importRevenue } from '../revenue-import.js';
import { runClassification, toRunSummary } from '../runs.js';
import {
  Account,
  IdParams,
  LoyaltyChangePage,
  LoyaltyChangeSchema,
  LoyaltyInput,
  OverrideInput,
  PageQuery,
  ReasonInput,
  Run,
  RunEntriesQuery,
  RunInput,
  RunMovePage,
  RunPage,
  TierChangePage,
} from './schemas.js';

const changeCustomer = { param: 'id', access: 'change' as const };
const ppm = (n: number) => Math.round(n) / 1_000_000;

/** ABC runs and their report, overrides, tier and loyalty history, revenue import. */
export function classificationRoutes(router: KehuRouter, deps: Deps): void {
  router.post(
    '/runs',
    {
      summary: 'Run the ABC classification now',
      description:
        'Ranks every customer by net revenue of the window (default: the configured number of days up to yesterday) in the reporting currency and keeps the run.',
      access: 'keyAccounts.classify',
      customer: false,
      body: RunInput,
      responses: { 201: Run },
    },
    async (c, { body, principal }) => {
      const run = await deps.transaction((trx) =>
        runClassification(deps, trx, { trigger: 'manual', actor: principal, ...body }),
      );
      return c.json(run, 201);
    },
  );

  router.get(
    '/runs',
    {
      summary: 'Classification runs, newest first',
      access: 'keyAccounts.read',
      query: PageQuery,
      responses: { 200: pageOf(Run) },
    },
    async (c, { query }) =>
      c.json(
        await keysetPage(deps.db.selectFrom('ka_run').selectAll(), query, {
          order: ['-created_at', '-id'],
          map: (r) => toRunSummary(r),
        }),
      ),
  );

  router.get(
    '/runs/:id',
    {
      summary: 'A run with its ranked customers (those the caller may see), by rank',
      access: 'keyAccounts.read',
      params: IdParams,
      query: RunEntriesQuery,
      responses: { 200: RunPage },
    },
    async (c, { params, query, principal }) => {
      const run = await deps.db
        .selectFrom('ka_run')
        .selectAll()
        .where('id', '=', params.id)
        .executeTakeFirst();
      if (!run) throw notFound('Classification run', params.id);
      const q = deps.db
        .selectFrom('ka_run_entry')
        .selectAll()
        .where('run_id', '=', params.id)
        .where(
          deps.customers.rowsOfCustomers('ka_run_entry.customer_id', {
            visibleTo: principal,
            withDeleted: true,
          }),
        );
      const page = await keysetPage(whereEquals(q, query, { class: 'class' }), query, { order: ['rank'] });
      const names = await deps.customers.summaries(page.items.map((r) => r.customer_id as string));
      return c.json({
        run: toRunSummary(run),
        items: page.items.map((r) => {
          const s = names.get(r.customer_id as string);
          return {
            rank: Number(r.rank),
            customerId: r.customer_id as string,
            code: s?.code ?? '',
            name: s?.name ?? '',
            revenue: Number(r.revenue),
            share: ppm(Number(r.share_ppm)),
            cumulativeShare: ppm(Number(r.cumulative_ppm)),
            class: r.class,
            overrideClass: r.override_class ?? null,
          };
        }),
        nextCursor: page.nextCursor,
      });
    },
  );

  router.get(
    '/runs/:id/moves',
    {
      summary: "A run's tier moves (customers the caller may see)",
      access: 'keyAccounts.read',
      params: IdParams,
      query: PageQuery,
      responses: { 200: RunMovePage },
    },
    async (c, { params, query, principal }) => {
      const run = await deps.db
        .selectFrom('ka_run')
        .select('id')
        .where('id', '=', params.id)
        .executeTakeFirst();
      if (!run) throw notFound('Classification run', params.id);
      const q = deps.db
        .selectFrom('ka_tier_change')
        .selectAll()
        .where('run_id', '=', params.id)
        .where(
          deps.customers.rowsOfCustomers('ka_tier_change.customer_id', {
            visibleTo: principal,
            withDeleted: true,
          }),
        );
      const page = await keysetPage(q, query, { order: ['id'] });
      const names = await deps.customers.summaries(page.items.map((r) => r.customer_id as string));
      return c.json({
        items: page.items.map((r) => ({
          customerId: r.customer_id as string,
          code: names.get(r.customer_id as string)?.code ?? '',
          name: names.get(r.customer_id as string)?.name ?? '',
          from: r.from_class ?? null,
          to: r.to_class,
          changedOn: r.changed_on,
        })),
        nextCursor: page.nextCursor,
      });
    },
  );

  router.get(
    '/customers/:id',
    {
      summary:
        "A customer's key-account data: class (and override), designation, manager, stage, relationship, loyalty",
      access: 'keyAccounts.read',
      params: IdParams,
      responses: { 200: Account },
    },
    async (c, { params, principal }) => {
      await deps.customers.requireVisible(principal, params.id);
      return c.json(toAccount(params.id, await accountRow(deps.db, params.id), deps.clock.today()));
    },
  );

  router.get(
    '/customers/:id/tiers',
    {
      summary: "A customer's tier history (moves of the class that counts), newest first",
      access: 'keyAccounts.read',
      params: IdParams,
      query: PageQuery,
      responses: { 200: TierChangePage },
    },
    async (c, { params, query, principal }) => {
      await deps.customers.requireVisible(principal, params.id);
      const q = deps.db.selectFrom('ka_tier_change').selectAll().where('customer_id', '=', params.id);
      return c.json(
        await keysetPage(q, query, {
          order: ['-created_at', '-id'],
          map: (r) => ({
            from: r.from_class ?? null,
            to: r.to_class,
            source: r.source,
            runId: r.run_id ?? null,
            changedOn: r.changed_on,
          }),
        }),
      );
    },
  );

  router.put(
    '/customers/:id/override',
    {
      summary: 'Override the computed class by hand (with a reason and an optional expiry)',
      access: 'keyAccounts.classify',
      customer: changeCustomer,
      params: IdParams,
      body: OverrideInput,
      responses: { 200: Account },
    },
    async (c, { params, body, principal }) => {
      const row = await deps.transaction((trx) => setOverride(deps, trx, params.id, body, principal));
      return c.json(toAccount(params.id, row, deps.clock.today()));
    },
  );

  router.delete(
    '/customers/:id/override',
    {
      summary: 'Remove a manual class override: the computed class counts again',
      access: 'keyAccounts.classify',
      customer: changeCustomer,
      params: IdParams,
      body: ReasonInput,
      responses: { 200: Account },
    },
    async (c, { params, body, principal }) => {
      const row = await deps.transaction((trx) =>
        clearOverride(deps, trx, params.id, body.reason, principal),
      );
      return c.json(toAccount(params.id, row, deps.clock.today()));
    },
  );

  router.put(
    '/customers/:id/loyalty',
    {
      summary: 'Record the loyalty attitude (loyal, brand-switching, no brand loyalty)',
      access: 'keyAccounts.write',
      customer: changeCustomer,
      params: IdParams,
      body: LoyaltyInput,
      responses: { 200: z.object({ changed: z.boolean(), change: LoyaltyChangeSchema.nullable() }) },
    },
    async (c, { params, body, principal }) => {
      const change = await deps.transaction((trx) => recordLoyalty(deps, trx, params.id, body, principal));
      return c.json({ changed: change !== null, change });
    },
  );

  router.get(
    '/customers/:id/loyalty',
    {
      summary: 'Loyalty attitude history, newest first',
      access: 'keyAccounts.read',
      params: IdParams,
      query: PageQuery,
      responses: { 200: LoyaltyChangePage },
    },
    async (c, { params, query, principal }) => {
      await deps.customers.requireVisible(principal, params.id);
      const q = changeHistory(deps, 'loyalty', params.id);
      return c.json(
        await keysetPage(q, query, {
          order: ['-created_at', '-id'],
          map: changeOf<LoyaltyAttitude>('loyalty'),
        }),
      );
    },
  );

  router.post(
    '/revenue/import',
    {
      summary: 'Import revenue rows from CSV (when no plugin provides revenue)',
      description:
        'Columns `customerId,date,amount,currency,reference`; amounts in major units (`1234.56`), the reporting currency only. All or nothing; a reference imported before is counted once.',
      access: 'keyAccounts.classify',
      customer: false,
      rawBody: { contentType: 'text/csv', description: 'The CSV file' },
      responses: { 200: z.object({ imported: z.number().int(), duplicates: z.number().int() }) },
    },
    async (c, { principal }) => {
      if (!/^text\/csv\b/i.test(c.req.header('content-type') ?? ''))
        throw new ProblemError({
          status: 415,
          code: 'unsupported_media_type',
          detail: 'Send the file as text/csv',
        });
      const body = c.req.raw.body;
      if (!body)
        throw new ProblemError({ status: 400, code: 'empty_file', detail: 'The request has no file' });
      return c.json(await importRevenue(deps, body, principal));
    },
  );
}
