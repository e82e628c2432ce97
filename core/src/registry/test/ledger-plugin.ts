import { z } from 'zod';
import { DomainError, notFound } from '../../errors.js';
import { definePlugin } from '../../plugin/define-plugin.js';

export interface InvoiceRow {
  id: string;
  customer_id: string;
  number: string;
  amount: number;
  status: 'open' | 'paid';
  issued_at: string;
  paid_at: string | null;
  deleted_at: string | null;
}

/**
 * A minimal third-party plugin for the archive tests, written the way the entity-type helper is meant
 * to be used: one `entityType` call gives its invoices audit, access by customer, soft delete, the
 * timeline and export. It moves its own rows on merge and erases them on purge; a merge of two
 * customers that both have a profile is refused. Open invoices hold termination and purge.
 */
export const ledger = definePlugin({
  name: 'ledger',
  version: '1.0.0',
  migrations: [
    {
      name: '001_invoice',
      async up(db) {
        await db.schema
          .createTable('ledger_invoice')
          .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
          .addColumn('customer_id', 'varchar(32)', (c) => c.notNull().references('customer.id'))
          .addColumn('number', 'varchar(50)', (c) => c.notNull())
          .addColumn('amount', 'bigint', (c) => c.notNull())
          .addColumn('status', 'varchar(10)', (c) => c.notNull())
          .addColumn('issued_at', 'varchar(30)', (c) => c.notNull())
          .addColumn('paid_at', 'varchar(30)')
          .addColumn('deleted_at', 'varchar(30)')
          .execute();
        // One account profile per customer: a merge cannot simply move it onto a customer that has one.
        await db.schema
          .createTable('ledger_profile')
          .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
          .addColumn('customer_id', 'varchar(32)', (c) => c.notNull().unique().references('customer.id'))
          .addColumn('terms', 'varchar(20)', (c) => c.notNull())
          .execute();
      },
    },
  ],
  setup(ctx) {
    const invoices = ctx.registry.entityType<InvoiceRow>('invoice', {
      labels: { en: 'Invoice', 'zh-CN': '发票' },
      table: 'ledger_invoice',
      customerColumn: 'customer_id',
      softDelete: true,
      timeline: { at: 'issued_at', title: (r) => `Invoice ${r.number}` },
      exportColumns: ['id', 'customer_id', 'number', 'amount', 'status'],
    });
    const profiles = ctx.registry.entityType('ledgerProfile', {
      labels: { en: 'Ledger profile', 'zh-CN': '账户档案' },
      table: 'ledger_profile',
      customerColumn: 'customer_id',
    });
    ctx.router.post(
      '/profiles',
      {
        summary: 'Open a profile',
        access: 'customers.update',
        customer: { body: 'customerId', access: 'change' },
        body: z.strictObject({ customerId: z.string(), terms: z.string() }),
      },
      async (c, { body, principal }) => {
        const row = await ctx.transaction(async (trx) => {
          await ctx.customers.requireEditable(principal, body.customerId, trx);
          return profiles.insert(trx, principal, { customer_id: body.customerId, terms: body.terms });
        });
        return c.json(row, 201);
      },
    );
    ctx.registry.timeline('ledger.payments', {
      async load(customerId, page, trx) {
        let q = trx
          .selectFrom('ledger_invoice')
          .selectAll()
          .where('customer_id', '=', customerId)
          .where('paid_at', 'is not', null);
        if (page.before) {
          const b = page.before;
          q = q.where((eb) =>
            eb.or([eb('paid_at', '<', b.at), eb.and([eb('paid_at', '=', b.at), eb('id', '<', b.id)])]),
          );
        }
        const rows = await q.orderBy('paid_at', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
        return rows.map((r) => ({ id: r.id, at: r.paid_at, type: 'payment', title: `Paid ${r.number}` }));
      },
    });
    const openItems = async (
      customerId: string,
      trx: Parameters<Parameters<typeof ctx.transaction>[0]>[0],
    ) => {
      const rows = await trx
        .selectFrom('ledger_invoice')
        .select('id')
        .where('customer_id', '=', customerId)
        .where('status', '=', 'open')
        .where('deleted_at', 'is', null)
        .execute();
      return rows.length
        ? [{ plugin: 'ledger', kind: 'invoice', count: rows.length, detail: 'unpaid invoices' }]
        : [];
    };
    ctx.hooks.filter('customer.beforeTerminate', async (p, { trx }) => ({
      ...p,
      openItems: [...p.openItems, ...(await openItems(p.customer.id, trx))],
    }));
    ctx.hooks.filter('customer.beforePurge', async (p, { trx }) => ({
      ...p,
      openItems: [...p.openItems, ...(await openItems(p.customerId, trx))],
    }));

    ctx.hooks.filter('customer.merge', async ({ source, target }, { trx }) => {
      const profiles = await trx
        .selectFrom('ledger_profile')
        .select('customer_id')
        .where('customer_id', 'in', [source.id, target.id])
        .execute();
      if (profiles.length === 2)
        throw new DomainError(
          'merge_conflict',
          'Both customers have a ledger profile',
          { plugin: 'ledger' },
          409,
        );
      for (const table of ['ledger_invoice', 'ledger_profile'])
        await trx
          .updateTable(table)
          .set({ customer_id: target.id })
          .where('customer_id', '=', source.id)
          .execute();
    });
    ctx.hooks.filter('customer.purge', async ({ customerId }, { trx }) => {
      for (const table of ['ledger_invoice', 'ledger_profile'])
        await trx.deleteFrom(table).where('customer_id', '=', customerId).execute();
    });

    ctx.router.post(
      '/invoices',
      {
        summary: 'Issue an invoice',
        access: 'customers.update',
        customer: { body: 'customerId', access: 'change' },
        body: z.strictObject({ customerId: z.string(), number: z.string(), amount: z.number().int() }),
      },
      async (c, { body, principal }) => {
        const row = await ctx.transaction(async (trx) => {
          await ctx.customers.requireEditable(principal, body.customerId, trx);
          return invoices.insert(trx, principal, {
            customer_id: body.customerId,
            number: body.number,
            amount: body.amount,
            status: 'open',
            issued_at: ctx.clock.now().toISOString(),
            paid_at: null,
          });
        });
        return c.json(row, 201);
      },
    );
    ctx.router.get(
      '/invoices/:id',
      { summary: 'One invoice', access: 'customers.read', params: z.object({ id: z.string() }) },
      async (c, { params, principal }) => c.json(await invoices.require(principal, params.id)),
    );
    ctx.router.post(
      '/invoices/:id/pay',
      {
        summary: 'Pay an invoice',
        access: 'customers.update',
        params: z.object({ id: z.string() }),
        customer: {
          param: 'id',
          access: 'change',
          withDeleted: true,
          record: {
            type: 'Invoice',
            customerOf: async (id) => (await invoices.find(id, { withDeleted: true }))?.customer_id,
          },
        },
      },
      async (c, { params, principal }) => {
        const row = await ctx.transaction(async (trx) => {
          const found = await invoices.find(params.id, { trx, withDeleted: true });
          if (!found) throw notFound('Invoice', params.id);
          return invoices.update(
            trx,
            principal,
            params.id,
            { status: 'paid', paid_at: ctx.clock.now().toISOString() },
            { reason: 'payment received' },
          );
        });
        return c.json(row);
      },
    );
  },
});
