import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { newId } from '../../ids.js';
import { definePlugin } from '../../plugin/define-plugin.js';
import { json, testDatabases } from '../../testing/index.js';
import { type Archive, openArchive } from './archive-fixtures.js';

/** A plugin listing its own notes with their customers' names, as plugins do without the customer table. */
const notes = definePlugin({
  name: 'notes',
  version: '1.0.0',
  migrations: [
    {
      name: '001_note',
      async up(db) {
        await db.schema
          .createTable('notes_note')
          .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
          .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
          .addColumn('text', 'varchar(100)', (c) => c.notNull())
          .execute();
      },
    },
  ],
  setup(ctx) {
    ctx.router.post(
      '/',
      {
        summary: 'Add a note',
        access: 'customers.read',
        customer: { body: 'customerId', access: 'change' },
        body: z.strictObject({ customerId: z.string(), text: z.string() }),
      },
      async (c, { body }) => {
        await ctx.db
          .insertInto('notes_note')
          .values({ id: newId(), customer_id: body.customerId, text: body.text })
          .execute();
        return c.json({}, 201);
      },
    );
    ctx.router.get(
      '/',
      {
        summary: 'Notes of customers the caller sees',
        access: 'customers.read',
        query: z.object({ withDeleted: z.enum(['true']).optional() }),
      },
      async (c, { principal, query }) => {
        const rows = await ctx.db
          .selectFrom('notes_note')
          .selectAll()
          .where(
            ctx.customers.rowsOfCustomers('customer_id', {
              visibleTo: principal,
              withDeleted: !!query.withDeleted,
            }),
          )
          .orderBy('text')
          .execute();
        const customers = await ctx.customers.summaries(rows.map((r) => r.customer_id as string));
        return c.json(rows.map((r) => ({ text: r.text, customer: customers.get(r.customer_id as string) })));
      },
    );
  },
});

describe.each(testDatabases())('customer directory for plugins on $name', (db) => {
  let a: Archive;
  beforeAll(async () => {
    a = await openArchive(db, { plugins: [notes] });
  });
  afterAll(() => a.close());

  it('gives plugins names, codes, owners and flags for their rows, limited to live visible customers', async () => {
    const mine = await a.customer({ name: '目录 我的', ownerId: a.am.id, code: 'D-1' });
    const theirs = await a.customer({ name: '目录 他的', ownerId: a.am2.id, code: 'D-2' });
    const gone = await a.customer({ name: '目录 已删', ownerId: a.am.id, code: 'D-3' });
    for (const [c, text] of [
      [mine, 'a'],
      [theirs, 'b'],
      [gone, 'c'],
    ] as const)
      expect((await a.as(a.gm, '/api/v1/notes', { body: { customerId: c.id, text } })).status).toBe(201);
    await a.as(a.gm, '/api/v1/notes', { body: { customerId: 'nobody', text: 'd' } });
    expect(
      (await a.as(a.gm, `/api/v1/customers/${gone.id}`, { method: 'DELETE', body: { reason: 'x' } })).status,
    ).toBe(200);

    const forAm = await json(await a.as(a.am, '/api/v1/notes'));
    expect(forAm).toEqual([
      {
        text: 'a',
        customer: {
          id: mine.id,
          code: 'D-1',
          name: '目录 我的',
          ownerId: a.am.id,
          status: mine.status,
          deleted: false,
          terminated: false,
          doNotContact: false,
        },
      },
    ]);
    const forGm = await json(await a.as(a.gm, '/api/v1/notes'));
    expect(forGm.map((n: { text: string }) => n.text)).toEqual(['a', 'b']);
    const withDeleted = await json(await a.as(a.gm, '/api/v1/notes?withDeleted=true'));
    expect(
      withDeleted.map((n: { text: string; customer: { deleted: boolean } }) => [n.text, n.customer.deleted]),
    ).toEqual([
      ['a', false],
      ['b', false],
      ['c', true],
    ]);
  });

  it('counts live customers by status for plugins (deleted ones not), every status present', async () => {
    const fresh = await openArchive(db);
    try {
      const empty = await fresh.t.kernel.customers.countsByStatus();
      expect(empty).toEqual({ potential: 0, active: 0, dormant: 0, terminated: 0 });
      for (const [i, status] of ['active', 'active', 'potential', 'dormant', 'active'].entries())
        await fresh.customer({ name: `状态客户 ${i}`, status });
      const deleted = await fresh.customer({ name: '状态 已删', status: 'active' });
      const del = await fresh.as(fresh.gm, `/api/v1/customers/${deleted.id}`, {
        method: 'DELETE',
        body: { reason: 'x' },
      });
      expect(del.status).toBe(200);
      expect(await fresh.t.kernel.customers.countsByStatus()).toEqual({
        potential: 1,
        active: 3,
        dormant: 1,
        terminated: 0,
      });
    } finally {
      await fresh.close();
    }
  });
});
