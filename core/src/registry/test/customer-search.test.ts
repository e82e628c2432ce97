import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, testDatabases } from '../../testing/index.js';
import { type Archive, openArchive } from './archive-fixtures.js';

const C = '/api/v1/customers';

describe.each(testDatabases())('finding customers the way Chinese users type, on $name', (db) => {
  let a: Archive;
  const ids: Record<string, string> = {};
  const names = async (q: string, who = a.gm) =>
    (await json(await a.as(who, `${C}?q=${encodeURIComponent(q)}&sort=name&limit=100`))).items.map(
      (c: { name: string }) => c.name,
    );
  beforeAll(async () => {
    a = await openArchive(db);
    ids.qinghe = (await a.customer({ name: '青禾食品', phone: '0571-8800 1234', ownerId: a.am.id })).id;
    ids.huadong = (await a.customer({ name: '華東機械有限公司', email: 'Sales@HuaDong.example.cn' })).id;
    ids.chongqing = (await a.customer({ name: '重庆银行', code: 'CQ-100' })).id;
    ids.acme = (await a.customer({ name: 'Acme 50% Trading_Co' })).id;
    ids.qingshan = (await a.customer({ name: '青山物流', ownerId: a.am2.id })).id;
  });
  afterAll(() => a.close());

  it('finds 青禾食品 by full pinyin, initials, a part of either, and by characters', async () => {
    for (const q of ['qinghe', 'qhsp', 'qh', 'QingHe', 'qing he', 'heshi', 'hsp', '青禾', '禾食', "qing'he"])
      expect(await names(q), q).toEqual(['青禾食品']);
    expect(await names('qing')).toEqual(['重庆银行', '青山物流', '青禾食品']);
    expect(await names('cqyh')).toEqual(['重庆银行']);
    expect(await names('chongqing')).toEqual(['重庆银行']);
  });

  it('matches traditional and simplified forms of the same name, and variant characters by reading', async () => {
    expect(await names('靑禾')).toEqual(['青禾食品']);
    expect(await names('華東')).toEqual(['華東機械有限公司']);
    expect(await names('华东机械')).toEqual(['華東機械有限公司']);
    expect(await names('重慶')).toEqual(['重庆银行']);
    expect(await names('hdjx')).toEqual(['華東機械有限公司']);
  });

  it('still finds by code, email, phone digits and literal wildcards', async () => {
    expect(await names('cq-1')).toEqual(['重庆银行']);
    expect(await names('sales@huadong')).toEqual(['華東機械有限公司']);
    expect(await names('8800-1234')).toEqual(['青禾食品']);
    expect(await names('50%')).toEqual(['Acme 50% Trading_Co']);
    expect(await names('g_c')).toEqual(['Acme 50% Trading_Co']);
    expect(await names('*')).toEqual([]);
    expect(await names('xyzzy')).toEqual([]);
  });

  it('searches only what the caller may see', async () => {
    expect(await names('qing', a.am)).toEqual(['青禾食品']);
    expect(await names('qswl', a.am)).toEqual([]);
  });

  it('keeps the index in step with updates, merges and deletion', async () => {
    const c = await json(await a.as(a.gm, `${C}/${ids.qingshan}`));
    const res = await a.as(a.gm, `${C}/${ids.qingshan}`, {
      method: 'PATCH',
      body: { name: '蓝天物流', version: c.version, reason: 'renamed' },
    });
    expect(res.status).toBe(200);
    expect(await names('qswl')).toEqual([]);
    expect(await names('ltwl')).toEqual(['蓝天物流']);
    const merge = await a.as(a.gm, `${C}/${ids.acme}/merge`, {
      body: { sourceId: ids.qingshan, reason: 'same company' },
    });
    expect(merge.status).toBe(200);
    expect(await names('ltwl')).toEqual([]);
    expect(
      (await json(await a.as(a.gm, `${C}?q=ltwl&deleted=only`))).items.map((x: { id: string }) => x.id),
    ).toEqual([ids.qingshan]);
  });

  it('finds imported customers by pinyin, and flags a traditional-form duplicate in the import', async () => {
    const res = await a.t.kernel.app.request(`${C}/import?mode=skip-invalid`, {
      method: 'POST',
      body: 'name,region\n廣州白雲貿易,华南\n华东机械有限公司,华东\n',
      headers: { authorization: `Bearer ${a.gm.token}`, 'content-type': 'text/csv; charset=utf-8' },
    });
    expect(res.status).toBe(200);
    const report = await json(res);
    expect(report.created).toBe(1);
    expect(report.errors).toEqual([expect.objectContaining({ row: 3, field: 'name' })]);
    expect(await names('gzby')).toEqual(['廣州白雲貿易']);
    expect(await names('广州白云')).toEqual(['廣州白雲貿易']);
  });

  it('counts a name in traditional characters as a duplicate of its simplified form', async () => {
    const res = await a.as(a.gm, C, { body: { name: '华东机械有限公司' } });
    expect(res.status).toBe(409);
    expect(await json(res)).toMatchObject({ code: 'duplicate_customer', match: { id: ids.huadong } });
  });
});
