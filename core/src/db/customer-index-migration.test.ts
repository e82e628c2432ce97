import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../registry/test/archive-fixtures.js';
import { json, testDatabases } from '../testing/index.js';

const C = '/api/v1/customers';
const DUPLICATES = `select id from customer where deleted_at is null and (name_key in ('a', 'b') or phone_key in ('1', '2') or email_key in ('e'))`;

describe.each(testDatabases())('customer indexes on $name', (db) => {
  it('finds duplicates by phone and email through their partial indexes, and lists by owner through owner-created', async () => {
    const a = await openArchive(db);
    try {
      const kdb = a.t.kernel.database.db;
      // Customers without an email: the duplicate check still refuses a second one with the same phone.
      const create = (name: string) =>
        a.as(a.gm, C, { method: 'POST', body: { name, phone: '021-5555 0101', region: '华东' } });
      expect((await create('索引测试甲')).status).toBe(201);
      const second = await create('索引测试乙');
      expect(second.status).toBe(409);
      expect((await json(second)).code).toBe('duplicate_customer');
      if (db.name === 'sqlite') {
        const plan = async (q: string) =>
          (await sql.raw<{ detail: string }>(`explain query plan ${q}`).execute(kdb)).rows
            .map((r) => r.detail)
            .join(' | ');
        const dup = await plan(DUPLICATES);
        expect(dup).toContain('USING INDEX customer_phone_key (phone_key=?)');
        expect(dup).toContain('USING INDEX customer_email_key (email_key=?)');
        expect(
          await plan(
            `select * from customer where deleted_at is null and owner_id = 'u' order by created_at desc, id desc limit 51`,
          ),
        ).toContain('USING INDEX customer_owner_created (owner_id=?)');
        const indexes = (
          await sql<{
            name: string;
            partial: number;
          }>`select name, partial from pragma_index_list('customer')`.execute(kdb)
        ).rows;
        expect(indexes.map((i) => i.name)).not.toContain('customer_owner');
        expect(
          indexes.filter((i) => i.name === 'customer_phone_key' || i.name === 'customer_email_key'),
        ).toEqual([expect.objectContaining({ partial: 1 }), expect.objectContaining({ partial: 1 })]);
      } else {
        const defs = (
          await sql<{ indexname: string; indexdef: string }>`select indexname, indexdef from pg_indexes
            where tablename = 'customer' and schemaname = current_schema()`.execute(kdb)
        ).rows;
        expect(defs.map((d) => d.indexname)).not.toContain('customer_owner');
        for (const column of ['phone_key', 'email_key'])
          expect(defs.find((d) => d.indexname === `customer_${column}`)?.indexdef).toContain(
            `WHERE (${column} IS NOT NULL)`,
          );
        const plan = await kdb.transaction().execute(async (trx) => {
          await sql`set local enable_seqscan = off`.execute(trx);
          return (await sql.raw<{ 'QUERY PLAN': string }>(`explain ${DUPLICATES}`).execute(trx)).rows
            .map((r) => r['QUERY PLAN'])
            .join('\n');
        });
        expect(plan).toContain('customer_phone_key');
        expect(plan).toContain('customer_email_key');
      }
    } finally {
      await a.close();
    }
  });
});
