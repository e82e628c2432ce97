import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definePlugin } from '../plugin/define-plugin.js';
import { createTestKehu, json, testDatabases } from '../testing/index.js';
import { decodeCursor, encodeCursor, keysetPage, listQuery, pageOf, whereEquals } from './list.js';

const Reading = z.object({ id: z.string(), meter: z.string(), value: z.number().int() });

/** Meter readings listed by value (many equal), filtered by meter: the list helper end to end. */
const meters = definePlugin({
  name: 'meters',
  version: '1.0.0',
  migrations: [
    {
      name: '001_reading',
      async up(db) {
        await db.schema
          .createTable('meter_reading')
          .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
          .addColumn('meter', 'varchar(10)', (c) => c.notNull())
          .addColumn('value', 'integer', (c) => c.notNull())
          .execute();
      },
    },
  ],
  setup(ctx) {
    ctx.router.get(
      '/readings',
      {
        summary: 'Readings, highest value first',
        access: 'authenticated',
        query: listQuery(
          { meter: z.string().max(10).optional(), order: z.enum(['value', 'id']).default('value') },
          { defaultLimit: 3, maxLimit: 5 },
        ),
        responses: { 200: pageOf(Reading) },
      },
      async (c, { query }) => {
        const q = whereEquals(ctx.db.selectFrom('meter_reading').selectAll(), query, { meter: 'meter' });
        const order = query.order === 'value' ? ['-value', 'id'] : ['id'];
        return c.json(
          await keysetPage(q, query, {
            order,
            map: (r: any) => ({ id: r.id, meter: r.meter, value: Number(r.value) }),
          }),
        );
      },
    );
  },
});

describe('cursor format', () => {
  it('round-trips and refuses anything else with 400 invalid_cursor', () => {
    const cursor = encodeCursor('-at,id', ['2026-01-01', 'abc']);
    expect(decodeCursor(cursor, '-at,id', 2)).toEqual(['2026-01-01', 'abc']);
    for (const [bad, order] of [
      ['x', '-at,id'],
      [encodeCursor('-at,id', ['a']), '-at,id'],
      [cursor, 'at,id'],
      [Buffer.from('{"a":1}').toString('base64url'), '-at,id'],
      [encodeCursor('-at,id', [{} as never, 'a']), '-at,id'],
    ] as const) {
      expect(() => decodeCursor(bad, order, 2)).toThrow(
        expect.objectContaining({ status: 400, code: 'invalid_cursor' }),
      );
    }
  });
});

describe.each(testDatabases())('list routes on $name', (db) => {
  async function setup() {
    const t = await createTestKehu(db, { plugins: [meters] });
    const values = [5, 3, 5, 1, 5, 3, 2, 8];
    await t.kernel.database.db
      .insertInto('meter_reading' as never)
      .values(values.map((value, i) => ({ id: `r${i}`, meter: i % 2 ? 'b' : 'a', value })) as never)
      .execute();
    return t;
  }

  async function all(t: Awaited<ReturnType<typeof setup>>, query: string) {
    const seen: { id: string; value: number }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: { id: string; value: number }[]; nextCursor: string | null } = await json(
        await t.request(`/api/v1/meters/readings?${query}${cursor ? `&cursor=${cursor}` : ''}`),
      );
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    return { seen, pages };
  }

  it('pages through equal sort values without skipping or repeating, and the last page says so', async () => {
    const t = await setup();
    try {
      const { seen, pages } = await all(t, 'limit=3');
      expect(seen.map((r) => r.id)).toEqual(['r7', 'r0', 'r2', 'r4', 'r1', 'r5', 'r6', 'r3']);
      expect(pages).toBe(3);
      // Exactly a page left: no empty page after it.
      const filtered = await all(t, 'meter=b&limit=2');
      expect(filtered.seen.map((r) => r.id)).toEqual(['r7', 'r1', 'r5', 'r3']);
      expect(filtered.pages).toBe(2);
    } finally {
      await t.close();
    }
  });

  it('keeps its place while rows are added before and after the cursor', async () => {
    const t = await setup();
    try {
      const first = await json(await t.request('/api/v1/meters/readings?limit=3'));
      await t.kernel.database.db
        .insertInto('meter_reading' as never)
        .values([
          { id: 'r9', meter: 'a', value: 9 },
          { id: 'r8', meter: 'a', value: 0 },
        ] as never)
        .execute();
      const second = await json(
        await t.request(`/api/v1/meters/readings?limit=3&cursor=${first.nextCursor}`),
      );
      expect(second.items.map((r: { id: string }) => r.id)).toEqual(['r4', 'r1', 'r5']);
    } finally {
      await t.close();
    }
  });

  it('refuses limits out of bounds and a cursor of another order with 400 problems', async () => {
    const t = await setup();
    try {
      for (const limit of ['0', '6', 'abc']) {
        const res = await t.request(`/api/v1/meters/readings?limit=${limit}`);
        expect(res.status).toBe(400);
        expect((await json(res)).errors[0].path).toBe('query.limit');
      }
      const byValue = await json(await t.request('/api/v1/meters/readings'));
      expect(byValue.items).toHaveLength(3);
      const res = await t.request(`/api/v1/meters/readings?order=id&cursor=${byValue.nextCursor}`);
      expect(res.status).toBe(400);
      expect(await json(res)).toMatchObject({ code: 'invalid_cursor', errors: [{ path: 'query.cursor' }] });
    } finally {
      await t.close();
    }
  });
});
