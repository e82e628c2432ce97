import { DomainError, definePlugin, type Executor, newId, z } from '@kehu/core';
// Types only: brings the receivables events into `KehuEvents`, so the subscribers below are typed.
import type {} from '@kehu/plugin-receivables';
// TSX modules are imported without an extension, so jiti (which loads plugin sources) finds them.
import { loyaltyUi } from './ui';

declare module '@kehu/core' {
  interface KehuEvents {
    'loyalty.points.redeemed': {
      customerId: string;
      points: number;
      balance: number;
      reason: string;
      actorId: string;
    };
  }
}

const CustomerParams = z.object({ id: z.string().min(1).max(64) });
const Entry = z.object({
  id: z.string(),
  points: z.number().int(),
  reason: z.string(),
  createdAt: z.string(),
});
const Account = z.object({ customerId: z.string(), balance: z.number().int(), entries: z.array(Entry) });
const Redemption = z.strictObject({
  points: z.number().int().positive().max(1_000_000),
  reason: z.string().trim().min(1).max(200),
});
type Entry = z.infer<typeof Entry>;
const toEntry = (r: Record<string, any>): Entry => ({
  id: r.id,
  points: Number(r.points),
  reason: r.reason,
  createdAt: r.created_at,
});

const balance = async (trx: Executor, customerId: string) =>
  Number(
    (
      await trx
        .selectFrom('loyalty_account')
        .select('balance')
        .where('customer_id', '=', customerId)
        .executeTakeFirst()
    )?.balance ?? 0,
  );

/** Adds a ledger entry and moves the balance; a `source` seen before changes nothing (events arrive at least once). */
async function post(
  trx: Executor,
  at: Date,
  customerId: string,
  points: number,
  reason: string,
  source: string | null,
) {
  const entry = {
    id: newId(),
    customer_id: customerId,
    points,
    reason,
    source,
    created_at: at.toISOString(),
  };
  const inserted = await trx
    .insertInto('loyalty_entry')
    .values(entry)
    .onConflict((oc) => oc.column('source').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return undefined;
  await trx
    .insertInto('loyalty_account')
    .values({ customer_id: customerId, balance: points })
    .onConflict((oc) =>
      oc.column('customer_id').doUpdateSet((eb) => ({ balance: eb('loyalty_account.balance', '+', points) })),
    )
    .execute();
  return toEntry(entry);
}

/**
 * Loyalty points (积分): customers earn points on payments recorded by the receivables plugin and
 * redeem them for rewards. Written only against `@kehu/core`, as a company would write its own plugin.
 */
export const loyaltyPlugin = definePlugin({
  name: 'loyalty',
  version: '1.0.0',
  description: 'Loyalty points earned on payments and redeemed for rewards',
  optional: ['receivables'],
  config: z.object({
    /** Points per whole currency unit paid (100 minor units). */
    pointsPerUnit: z.number().int().min(1).max(100).default(1),
    currencies: z.array(z.string().length(3)).min(1).default(['CNY']),
  }),
  migrations: [
    {
      name: '001_loyalty',
      async up(db) {
        await db.schema
          .createTable('loyalty_account')
          .addColumn('customer_id', 'varchar(32)', (c) => c.primaryKey())
          .addColumn('balance', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('loyalty_entry')
          .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
          .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
          .addColumn('points', 'bigint', (c) => c.notNull())
          .addColumn('reason', 'varchar(300)', (c) => c.notNull())
          .addColumn('source', 'varchar(64)', (c) => c.unique())
          .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('loyalty_entry_customer')
          .on('loyalty_entry')
          .columns(['customer_id', 'id'])
          .execute();
      },
    },
  ],
  setup(ctx) {
    loyaltyUi(ctx);
    const everyone = ['general_manager', 'sales_manager', 'account_manager', 'staff'];
    ctx.permission('loyalty.read', { description: 'See customers’ loyalty points', roles: everyone });
    ctx.permission('loyalty.redeem', {
      description: 'Redeem points for a customer',
      roles: ['sales_manager', 'account_manager'],
    });
    const labels = { en: 'Loyalty points', 'zh-CN': '积分记录' };
    ctx.registry.entityType('loyalty_entry', {
      labels,
      table: 'loyalty_entry',
      customerColumn: 'customer_id',
      permission: 'loyalty.read',
    });
    ctx.registry.facet('loyalty', {
      schema: z.object({ balance: z.number().int() }),
      permission: 'loyalty.read',
      async load(ids, trx) {
        const rows = await trx
          .selectFrom('loyalty_account')
          .selectAll()
          .where('customer_id', 'in', ids)
          .execute();
        return new Map(rows.map((r) => [r.customer_id as string, { balance: Number(r.balance) }]));
      },
    });

    const pointsFor = (amount: number, currency: string) =>
      ctx.config.currencies.includes(currency) ? Math.floor(amount / 100) * ctx.config.pointsPerUnit : 0;
    ctx.hooks.on('receivables.payment.recorded', 'earn-points', async (payment, meta) => {
      const points = pointsFor(payment.amount, payment.currency);
      const reason = `Payment of ${payment.amount / 100} ${payment.currency}`;
      if (points > 0)
        await ctx.transaction((trx) =>
          post(trx, ctx.clock.now(), payment.customerId, points, reason, meta.eventId),
        );
    });
    ctx.hooks.on('receivables.payment.reversed', 'take-back-points', async (payment, meta) => {
      const points = pointsFor(payment.amount, payment.currency);
      const reason = `Payment ${payment.paymentId} reversed`;
      if (points > 0)
        await ctx.transaction((trx) =>
          post(trx, ctx.clock.now(), payment.customerId, -points, reason, meta.eventId),
        );
    });
    // Points are owed to the customer: a relationship cannot end while any are unredeemed.
    ctx.hooks.filter('customer.beforeTerminate', async (input, { trx }) => {
      const points = await balance(trx, input.customer.id);
      if (points > 0)
        input.openItems.push({
          plugin: 'loyalty',
          kind: 'points',
          count: points,
          detail: `${points} unredeemed loyalty points`,
        });
      return input;
    });

    // The plugin's rows follow the customer archive, inside its transaction. A merge moves the entries
    // and adds the duplicate's balance to the survivor's (points are owed to the same customer).
    ctx.hooks.filter('customer.merge', async ({ source, target }, { trx }) => {
      await trx
        .updateTable('loyalty_entry')
        .set({ customer_id: target.id })
        .where('customer_id', '=', source.id)
        .execute();
      const moved = await balance(trx, source.id);
      await trx.deleteFrom('loyalty_account').where('customer_id', '=', source.id).execute();
      if (moved !== 0)
        await trx
          .insertInto('loyalty_account')
          .values({ customer_id: target.id, balance: moved })
          .onConflict((oc) =>
            oc
              .column('customer_id')
              .doUpdateSet((eb) => ({ balance: eb('loyalty_account.balance', '+', moved) })),
          )
          .execute();
    });
    ctx.hooks.filter('customer.purge', async ({ customerId }, { trx }) => {
      for (const table of ['loyalty_entry', 'loyalty_account'])
        await trx.deleteFrom(table).where('customer_id', '=', customerId).execute();
    });

    const read = {
      summary: 'Points balance and history',
      access: 'loyalty.read',
      params: CustomerParams,
      responses: { 200: Account },
    };
    ctx.router.get('/customers/:id', read, async (c, { params, principal }) => {
      await ctx.customers.requireVisible(principal, params.id);
      const entries = ctx.db
        .selectFrom('loyalty_entry')
        .selectAll()
        .where('customer_id', '=', params.id)
        .orderBy('id', 'desc')
        .limit(100);
      const rows = await entries.execute();
      return c.json({
        customerId: params.id,
        balance: await balance(ctx.db, params.id),
        entries: rows.map(toEntry),
      });
    });

    const redeem = {
      summary: 'Redeem points for a reward',
      access: 'loyalty.redeem',
      // The kernel checks that the caller may change this customer (a read-only grant may not).
      customer: { param: 'id', access: 'change' as const },
      params: CustomerParams,
      body: Redemption,
      responses: { 201: Entry },
    };
    ctx.router.post('/customers/:id/redemptions', redeem, async (c, { params, body, principal }) => {
      const entry = await ctx.transaction(async (trx) => {
        // One conditional update: two concurrent redemptions can never both spend the same points.
        const spent = await trx
          .updateTable('loyalty_account')
          .set((eb) => ({ balance: eb('balance', '-', body.points) }))
          .where('customer_id', '=', params.id)
          .where('balance', '>=', body.points)
          .executeTakeFirst();
        const available = await balance(trx, params.id);
        if (Number(spent.numUpdatedRows) === 0) {
          const detail = `The customer has ${available} points; ${body.points} were asked for`;
          throw new DomainError('loyalty_insufficient_points', detail, { available, requested: body.points });
        }
        const row = {
          id: newId(),
          customer_id: params.id,
          points: -body.points,
          reason: body.reason,
          source: null,
          created_at: ctx.clock.now().toISOString(),
        };
        await trx.insertInto('loyalty_entry').values(row).execute();
        const changes = { balance: { from: available + body.points, to: available } };
        const audited = {
          entityType: 'loyalty_entry',
          entityId: row.id,
          customerId: params.id,
          action: 'redeem',
          reason: body.reason,
        };
        await ctx.audit.record(trx, { ...audited, actor: principal, changes });
        const event = {
          customerId: params.id,
          points: body.points,
          balance: available,
          reason: body.reason,
          actorId: principal.id,
        };
        await ctx.hooks.emit(trx, 'loyalty.points.redeemed', event);
        return toEntry(row);
      });
      return c.json(entry, 201);
    });
  },
  /** `kehu seed --demo`: a welcome bonus for about half of the demo customers. */
  async seedDemo({ kernel, customers, random, progress }) {
    const lucky = customers.filter(() => random() < 0.5);
    await kernel.transaction(async (trx) => {
      for (const c of lucky)
        await post(
          trx,
          kernel.clock.now(),
          c.id,
          100 * (1 + Math.floor(random() * 50)),
          'Welcome',
          `demo:${c.id}`,
        );
    });
    progress(`welcome points for ${lucky.length} customers`);
  },
});
