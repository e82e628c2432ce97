import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, testDatabases } from '../../testing/index.js';
import { moneyCell } from '../value-figures-import.js';
import { type Archive, openArchive, snapshot } from './archive-fixtures.js';

const C = '/api/v1/customers';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const EXTRA = { customer_contribution: 'customer_id', customer_value: 'customer_id' };

describe('moneyCell', () => {
  it('reads major units with separators, a spreadsheet’s float as the amount it shows, and refuses extra decimals', () => {
    expect(moneyCell('1,234,567.8', 'CNY')).toBe(123_456_780);
    expect(moneyCell('1234.5600000000002', 'CNY')).toBe(123_456);
    expect(moneyCell('50000', 'JPY')).toBe(50_000);
    expect(moneyCell('12.345', 'CNY')).toEqual({ error: expect.stringContaining('2 decimal places') });
    expect(moneyCell('十万', 'CNY')).toEqual({ error: expect.stringContaining('not a decimal amount') });
  });
});

describe.each(testDatabases())('yearly figures from a file on $name', (db) => {
  let a: Archive;
  let qinghe: any;
  let huadong: any;
  const upload = (
    who: Archive['gm'],
    body: string | Uint8Array,
    query = '',
    type = 'text/csv; charset=utf-8',
  ) =>
    a.t.kernel.app.request(`${C}/value/figures/import${query}`, {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${who.token}`, 'content-type': type },
    });
  beforeAll(async () => {
    a = await openArchive(db, { customers: { value: { highMinLtv: 500_000 * 100 } } });
    qinghe = await a.customer({ name: '青禾食品', code: 'QH001', ownerId: a.am.id, status: 'active' });
    huadong = await a.customer({ name: '华东机械', code: 'HD001', ownerId: a.am.id, status: 'active' });
  });
  afterAll(() => a.close());

  it('a dry run reports every bad row with its row number and column, and writes nothing', async () => {
    const csv = [
      '客户编号,年度,币种,收入,毛利',
      'QH001,2024,CNY,"1,000,000.00",200000',
      'QH001,2025,,1200000,',
      'NOPE01,2025,CNY,100,',
      'HD001,二〇二五,CNY,100,',
      'HD001,2025,CNY,12.345,',
      'QH001,2025,CNY,5,',
      'HD001,2025,XYZ,5,',
    ].join('\n');
    const before = await snapshot(a.t, EXTRA);
    const res = await upload(a.sm, csv, '?dryRun=true&mode=skip-invalid');
    expect(res.status).toBe(200);
    const report = await json(res);
    expect(report).toMatchObject({ dryRun: true, rows: 7, valid: 2, invalid: 5, created: 0 });
    expect(report.errors).toEqual([
      { row: 4, field: '客户编号', message: 'No customer with code NOPE01' },
      { row: 5, field: '年度', message: 'Expected a year such as 2025' },
      { row: 6, field: '收入', message: expect.stringContaining('2 decimal places') },
      { row: 7, field: 'row', message: 'Same customer, year and currency as row 3' },
      { row: 8, field: '币种', message: 'XYZ is not an ISO 4217 currency code' },
    ]);
    expect(await snapshot(a.t, EXTRA)).toBe(before);

    const all = await upload(a.sm, csv);
    expect(all.status).toBe(422);
    expect((await json(all)).code).toBe('import_invalid');
    expect(await snapshot(a.t, EXTRA)).toBe(before);
  });

  it('skip-invalid writes the good rows; the value view and the segment follow', async () => {
    const csv = [
      'customerCode,year,currency,revenue,margin',
      'QH001,2023,CNY,1000000,',
      'QH001,2024,CNY,1200000,',
      'QH001,2025,CNY,1400000,300000',
      'NOPE01,2025,CNY,1,',
    ].join('\r\n');
    const res = await upload(a.gm, csv, '?mode=skip-invalid');
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ rows: 4, valid: 3, invalid: 1, created: 3 });
    const value = await json(await a.as(a.am, `${C}/${qinghe.id}/value`));
    expect(value).toMatchObject({
      segment: 'high',
      serviceLevel: 'priority',
      yearsAveraged: [2023, 2024, 2025],
    });
    expect(value.history[0]).toEqual({
      year: 2025,
      currency: 'CNY',
      revenue: 140_000_000,
      margin: 30_000_000,
      source: 'imported',
    });
    const high = await json(await a.as(a.sm, `${C}?valueSegment=high`));
    expect(high.items.map((c: any) => c.id)).toEqual([qinghe.id]);
  });

  it('reads an .xlsx sheet: typed numbers, customers by id, a figure sent again replaces the stored one', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').addRow(['not this']);
    const ws = wb.addWorksheet('业绩');
    ws.addRow(['客户ID', '年份', '销售额', '毛利润']);
    ws.addRow([huadong.id, 2025, 150_000.5, { formula: '0.1+0.2', result: 0.30000000000000004 }]);
    ws.addRow([qinghe.id, 2025, 1_500_000, null]);
    const file = new Uint8Array(await wb.xlsx.writeBuffer());
    const res = await upload(a.sm, file, '?sheet=业绩', XLSX);
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ rows: 2, valid: 2, created: 2 });
    const h = await json(await a.as(a.sm, `${C}/${huadong.id}/value`));
    expect(h.history).toEqual([
      { year: 2025, currency: 'CNY', revenue: 15_000_050, margin: 30, source: 'imported' },
    ]);
    const q = await json(await a.as(a.sm, `${C}/${qinghe.id}/value`));
    expect(q.history.filter((f: any) => f.year === 2025)).toEqual([
      { year: 2025, currency: 'CNY', revenue: 150_000_000, margin: null, source: 'imported' },
    ]);
  });

  it('needs the manage permission, known columns and a readable file', async () => {
    const before = await snapshot(a.t, EXTRA);
    expect((await upload(a.am, 'customerCode,year,revenue\nQH001,2020,1\n')).status).toBe(403);
    const unknown = await upload(a.sm, 'customerCode,year,revenue,turnover\nQH001,2020,1,2\n');
    expect(unknown.status).toBe(400);
    expect(await json(unknown)).toMatchObject({ code: 'unknown_columns' });
    expect(await json(await upload(a.sm, 'customerCode,revenue\nQH001,1\n'))).toMatchObject({
      code: 'missing_column',
    });
    expect((await upload(a.sm, 'x', '', 'application/json')).status).toBe(415);
    expect(await json(await upload(a.sm, new Uint8Array([0x50, 0x4b, 3, 4, 0]), '', XLSX))).toMatchObject({
      code: 'invalid_xlsx',
    });
    expect(await snapshot(a.t, EXTRA)).toBe(before);
  });
});
