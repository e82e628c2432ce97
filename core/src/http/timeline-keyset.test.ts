import { describe, expect, it } from 'vitest';
import { definePlugin } from '../plugin/define-plugin.js';
import { createTestKehu, json, testDatabases } from '../testing/index.js';
import { timelineKeyset } from './timeline-keyset.js';

/** Visit notes of trips (a join: the note's instant and id are qualified columns) on the customer timeline. */
const visits = definePlugin({
  name: 'visits',
  version: '1.0.0',
  migrations: [
    {
      name: '001_visits',
      async up(db) {
        await db.schema
          .createTable('visit_trip')
          .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
          .addColumn('city', 'varchar(40)', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('visit_note')
          .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
          .addColumn('trip_id', 'varchar(32)', (c) => c.notNull())
          .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
          .addColumn('noted_at', 'varchar(30)', (c) => c.notNull())
          .execute();
      },
    },
  ],
  setup(ctx) {
    ctx.registry.timeline('visits', {
      async load(customerId, page, trx) {
        const q = trx
          .selectFrom('visit_note')
          .innerJoin('visit_trip', 'visit_trip.id', 'visit_note.trip_id')
          .select(['visit_note.id', 'visit_note.noted_at', 'visit_trip.city'])
          .where('visit_note.customer_id', '=', customerId);
        const rows = await timelineKeyset(q, page, {
          at: 'visit_note.noted_at',
          id: 'visit_note.id',
        }).execute();
        return rows.map((r: any) => ({ id: r.id, at: r.noted_at, type: 'visit.note', title: r.city }));
      },
    });
  },
});

// Three notes share an instant, so the id decides among them.
const NOTES = [
  ['n1', '2026-02-01T09:00:00.000Z'],
  ['n2', '2026-02-03T09:00:00.000Z'],
  ['n3', '2026-02-02T09:00:00.000Z'],
  ['n4', '2026-02-02T09:00:00.000Z'],
  ['n5', '2026-02-02T09:00:00.000Z'],
  ['n6', '2026-01-15T09:00:00.000Z'],
] as const;

describe.each(testDatabases())('timeline keyset on $name', (db) => {
  async function setup() {
    const t = await createTestKehu(db, { plugins: [visits] });
    const customer = await json(await t.request('/api/v1/customers', { body: { name: '杭州拜访' } }));
    const other = await json(await t.request('/api/v1/customers', { body: { name: 'Other Co' } }));
    const trx = t.kernel.database.db;
    await trx
      .insertInto('visit_trip' as never)
      .values([{ id: 't1', city: '杭州' }] as never)
      .execute();
    await trx
      .insertInto('visit_note' as never)
      .values([
        ...NOTES.map(([id, at]) => ({ id, trip_id: 't1', customer_id: customer.id, noted_at: at })),
        { id: 'x1', trip_id: 't1', customer_id: other.id, noted_at: '2026-02-02T09:00:00.000Z' },
      ] as never)
      .execute();
    return { t, customerId: customer.id as string };
  }

  it('walks the customer timeline newest first through equal instants, each item once', async () => {
    const { t, customerId } = await setup();
    try {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { id: string; source: string }[]; nextCursor: string | null } = await json(
          await t.request(
            `/api/v1/customers/${customerId}/timeline?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          ),
        );
        seen.push(...page.items.filter((i) => i.source === 'visits').map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(['visits:n2', 'visits:n5', 'visits:n4', 'visits:n3', 'visits:n1', 'visits:n6']);
    } finally {
      await t.close();
    }
  });

  it('starts strictly before the cursor: older instants, or the same instant with a smaller id', async () => {
    const { t, customerId } = await setup();
    try {
      const source = t.kernel.registry.timelineSources.get('visits')!;
      const load = (before: { at: string; id: string } | undefined, limit: number) =>
        source.load(customerId, { ...(before ? { before } : {}), limit }, t.kernel.database.db);
      expect((await load(undefined, 3)).map((i) => i.id)).toEqual(['n2', 'n5', 'n4']);
      expect((await load({ at: '2026-02-02T09:00:00.000Z', id: 'n4' }, 10)).map((i) => i.id)).toEqual([
        'n3',
        'n1',
        'n6',
      ]);
      expect((await load({ at: '2026-02-02T09:00:00.000Z', id: 'n3' }, 1)).map((i) => i.id)).toEqual(['n1']);
      expect(await load({ at: '2026-01-15T09:00:00.000Z', id: 'n6' }, 10)).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
