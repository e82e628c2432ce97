import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, testDatabases } from '../../testing/index.js';
import { type Archive, openArchive, snapshot } from './archive-fixtures.js';

const C = '/api/v1/customers';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function fields(a: Archive) {
  for (const body of [
    { key: 'founded', labels: { en: 'Founded', 'zh-CN': '成立日期' }, type: 'date' },
    { key: 'employees', labels: { en: 'Employees', 'zh-CN': '员工人数' }, type: 'number' },
    { key: 'listed', labels: { en: 'Listed', 'zh-CN': '上市' }, type: 'boolean' },
  ]) {
    const res = await a.t.request(`${C}/custom-fields`, { body });
    if (res.status !== 201) throw new Error(await res.text());
  }
}

const workbook = async (build: (wb: ExcelJS.Workbook) => void) => {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
};

describe.each(testDatabases())('customer .xlsx import and export on $name', (db) => {
  let a: Archive;
  const upload = (body: Uint8Array, query = '') =>
    a.t.kernel.app.request(`${C}/import${query}`, {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${a.gm.token}`, 'content-type': XLSX },
    });
  beforeAll(async () => {
    a = await openArchive(db);
    await fields(a);
  });
  afterAll(() => a.close());

  it('imports the first sheet or a named one, with a dry run and sheet row numbers in the report', async () => {
    const file = await workbook((wb) => {
      const ws = wb.addWorksheet('客户清单');
      ws.addRow(['客户名称', '区域', '电话', '成立日期', '员工人数', '上市', '标签']);
      ws.addRow([
        '青禾食品',
        '华东',
        '0571-8800 1234',
        new Date('2015-06-01T00:00:00Z'),
        120,
        true,
        'xlsx;食品',
      ]);
      ws.addRow([]);
      ws.addRow(['坏行', '华东', '12', null, 'many', null, 'xlsx']);
      ws.addRow(['蓝天物流', '华南', null, null, 8, false, 'xlsx']);
      wb.addWorksheet('说明').addRow(['客户名称']);
    });
    const before = await snapshot(a.t);
    const dry = await upload(file, '?dryRun=true&mode=skip-invalid');
    expect(dry.status).toBe(200);
    const report = await json(dry);
    expect(report).toMatchObject({ dryRun: true, rows: 3, valid: 2, invalid: 1, created: 0 });
    expect(report.errors.map((e: { row: number; field: string }) => `${e.row} ${e.field}`).sort()).toEqual([
      '4 员工人数',
      '4 电话',
    ]);
    expect(await snapshot(a.t)).toBe(before);

    const named = await upload(file, `?sheet=${encodeURIComponent('说明')}`);
    expect(await json(named)).toMatchObject({ rows: 0, created: 0 });
    const missing = await upload(file, '?sheet=Nope');
    expect(missing.status).toBe(400);
    expect((await json(missing)).code).toBe('unknown_sheet');

    const res = await upload(file, '?mode=skip-invalid');
    expect(await json(res)).toMatchObject({ created: 2 });
    const [c] = (await json(await a.as(a.gm, `${C}?q=qhsp`))).items;
    expect(c).toMatchObject({
      name: '青禾食品',
      phone: '0571-8800 1234',
      tags: ['xlsx', '食品'],
      custom: { founded: '2015-06-01', employees: 120, listed: true },
    });
  });

  it('refuses a file that is not a workbook, and changes nothing', async () => {
    const before = await snapshot(a.t);
    const res = await upload(new TextEncoder().encode('name\nnot a zip\n'));
    expect(res.status).toBe(400);
    expect((await json(res)).code).toBe('invalid_xlsx');
    expect(await snapshot(a.t)).toBe(before);
  });

  it('exports typed cells, and the .xlsx imports back unchanged', async () => {
    await a.customer({
      name: '華東機械有限公司',
      kind: 'organization',
      internal: true,
      chainPosition: 'intermediary',
      status: 'active',
      email: 'sales@huadong.example.cn',
      tags: ['xlsx'],
      custom: { founded: '2001-01-31', employees: 3, listed: false },
    });
    const res = await a.as(a.gm, `${C}/export?format=xlsx&tag=xlsx&sort=name&lang=zh-CN`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX);
    expect(res.headers.get('content-disposition')).toMatch(/filename="customers-\d{8}\.xlsx"/);
    const file = new Uint8Array(await res.arrayBuffer());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('客户')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const at = (h: string) => header.indexOf(h) + 1;
    expect(ws.actualRowCount).toBe(4);
    const row = ws.getRow(2);
    expect(row.getCell(at('客户名称')).value).toBe('華東機械有限公司');
    expect(row.getCell(at('内部客户')).value).toBe(true);
    expect(row.getCell(at('创建时间')).value).toEqual(new Date('2026-03-01T08:00:00.000Z'));
    expect(row.getCell(at('成立日期')).value).toEqual(new Date('2001-01-31T00:00:00.000Z'));
    expect(row.getCell(at('成立日期')).numFmt).toBe('yyyy-mm-dd');
    expect(row.getCell(at('员工人数')).value).toBe(3);
    expect(row.getCell(at('版本')).value).toBe(1);

    const b = await openArchive(db);
    try {
      await fields(b);
      const back = await b.t.kernel.app.request(`${C}/import`, {
        method: 'POST',
        body: file,
        headers: { authorization: `Bearer ${b.t.adminToken}`, 'content-type': XLSX },
      });
      expect(await json(back)).toMatchObject({ rows: 3, created: 3 });
      const strip = (c: any) => {
        const { id, createdAt, updatedAt, ownerId, ...rest } = c;
        return rest;
      };
      const original = (await json(await a.as(a.gm, `${C}?tag=xlsx&sort=name&include=contacts`))).items;
      const copy = (await json(await b.as(b.gm, `${C}?tag=xlsx&sort=name&include=contacts`))).items;
      expect(copy.map(strip).map((c: any) => ({ ...c, facets: undefined }))).toEqual(
        original.map(strip).map((c: any) => ({ ...c, facets: undefined })),
      );
      const contacts = (c: any) => (c.facets.contacts ?? []).map((x: any) => [x.name, x.phone, x.primary]);
      expect(copy.map(contacts)).toEqual(original.map(contacts));
    } finally {
      await b.close();
    }
  });
});
