import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { csv, openArchive } from '../registry/test/archive-fixtures.js';
import { json, testDatabases } from '../testing/index.js';

const C = '/api/v1/customers';

describe.each(testDatabases())('customer search index after large imports on $name', (db) => {
  it('finds imported customers by pinyin initials after several import batches', async () => {
    const a = await openArchive(db);
    try {
      // Three files of 1,200 rows: several write batches each, so the index gains and merges segments.
      for (let file = 0; file < 3; file++) {
        const rows = ['客户名称,区域,电话'];
        for (let i = 0; i < 1200; i++)
          rows.push(
            `合并测试${file}${String(i).padStart(4, '0')} 商贸有限公司,华东,0571-${file}${String(i).padStart(7, '0')}`,
          );
        const res = await a.t.kernel.app.request(`${C}/import`, {
          method: 'POST',
          body: csv(rows),
          headers: { authorization: `Bearer ${a.gm.token}`, 'content-type': 'text/csv; charset=utf-8' },
        });
        expect(res.status).toBe(200);
        expect((await json(res)).created).toBe(1200);
      }
      const found = async (q: string) =>
        (await json(await a.as(a.gm, `${C}?q=${encodeURIComponent(q)}&limit=100`))).items.map(
          (c: { name: string }) => c.name,
        );
      expect(await found('hbcs10777')).toEqual(['合并测试10777 商贸有限公司']);
      expect(await found('hebingceshi21199')).toEqual(['合并测试21199 商贸有限公司']);
      // Digits also match phone numbers: the ten names with them are among the hits.
      const byChars = await found('合并测试0119');
      for (let i = 0; i < 10; i++) expect(byChars).toContain(`合并测试0119${i} 商贸有限公司`);
      if (db.name === 'sqlite') {
        const { rows } = await sql<{
          v: number;
        }>`select v from customer_search_fts_config where k = 'automerge'`.execute(a.t.kernel.database.db);
        expect(rows).toEqual([{ v: 8 }]);
      }
    } finally {
      await a.close();
    }
  });
});
