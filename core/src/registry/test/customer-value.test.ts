import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, testDatabases } from '../../testing/index.js';
import { assessValue, CustomerValueConfig } from '../customer-value.js';
import { type Archive, openArchive, snapshot } from './archive-fixtures.js';

const C = '/api/v1/customers';
const M = 100; // minor units per yuan
const EXTRA = { customer_contribution: 'customer_id', customer_value: 'customer_id' };

describe('assessValue', () => {
  const o = CustomerValueConfig.parse({});
  const fig = (year: number, revenue: number, margin: number | null = null) => ({
    year,
    currency: 'CNY',
    revenue,
    margin,
    source: 'imported',
  });

  it('averages the margin of the complete years since the first revenue, times the expected years', () => {
    const a = assessValue([fig(2024, 10_000_000), fig(2025, 15_000_000)], 'active', '2026-03-01', o);
    expect(a).toMatchObject({
      yearsAveraged: [2024, 2025],
      averageYearlyMargin: 2_500_000,
      lifetimeValue: 12_500_000,
      growth: 0.5,
      segment: 'potential',
      serviceLevel: 'development',
    });
  });

  it('uses a known margin over the margin rate, and ignores the current year and other currencies', () => {
    const a = assessValue(
      [
        fig(2023, 100_000_000, 30_000_000),
        fig(2024, 100_000_000),
        fig(2025, 100_000_000),
        fig(2026, 900_000_000),
        { ...fig(2025, 900_000_000), currency: 'USD' },
      ],
      'active',
      '2026-03-01',
      o,
    );
    expect(a.averageYearlyMargin).toBe(23_333_333);
    expect(a.lifetimeValue).toBe(116_666_665);
    expect(a.segment).toBe('high');
  });

  it('a potential customer without revenue is developed; an old flat customer gets standard service', () => {
    expect(assessValue([], 'potential', '2026-03-01', o).segment).toBe('potential');
    const flat = assessValue(
      [fig(2020, 5_000_000), fig(2023, 5_000_000), fig(2024, 5_000_000), fig(2025, 5_000_000)],
      'active',
      '2026-03-01',
      o,
    );
    expect(flat).toMatchObject({
      segment: 'low',
      serviceLevel: 'standard',
      growth: 0,
      lifetimeValue: 5_000_000,
    });
  });
});

describe.each(testDatabases())('customer value on $name', (db) => {
  let a: Archive;
  let big: any;
  let rising: any;
  let flat: any;
  beforeAll(async () => {
    a = await openArchive(db, { customers: { value: { highMinLtv: 500_000 * M } } });
    big = await a.customer({ name: '青禾食品', ownerId: a.am.id, status: 'active' });
    rising = await a.customer({ name: '华东机械', ownerId: a.am.id, status: 'active' });
    flat = await a.customer({ name: '重庆渝海', ownerId: a.am2.id, status: 'active' });
  });
  afterAll(() => a.close());

  const figures = (who: Archive['am'], items: Record<string, unknown>[]) =>
    a.as(who, `${C}/value/figures`, { method: 'PUT', body: { items } });

  it('imported yearly figures give the lifetime value, the segment and the service level', async () => {
    const res = await figures(a.sm, [
      { customerId: big.id, year: 2023, currency: 'CNY', revenue: 1_000_000 * M },
      { customerId: big.id, year: 2024, currency: 'CNY', revenue: 1_200_000 * M },
      { customerId: big.id, year: 2025, currency: 'CNY', revenue: 1_400_000 * M, margin: 300_000 * M },
      { customerId: rising.id, year: 2024, currency: 'CNY', revenue: 100_000 * M },
      { customerId: rising.id, year: 2025, currency: 'CNY', revenue: 150_000 * M },
      { customerId: flat.id, year: 2022, currency: 'CNY', revenue: 200_000 * M },
      { customerId: flat.id, year: 2023, currency: 'CNY', revenue: 200_000 * M },
      { customerId: flat.id, year: 2024, currency: 'CNY', revenue: 200_000 * M },
      { customerId: flat.id, year: 2025, currency: 'CNY', revenue: 180_000 * M },
    ]);
    expect(res.status).toBe(200);
    const value = await json(await a.as(a.am, `${C}/${big.id}/value`));
    // (200k + 240k + 300k) / 3 × 5 years
    expect(value).toMatchObject({
      currency: 'CNY',
      averageYearlyMargin: 24_666_667,
      lifetimeValue: 123_333_335,
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
    expect(value.method).toContain('expected remaining years');

    const page = await json(await a.as(a.am, `${C}?include=value&sort=name`));
    const segments = Object.fromEntries(page.items.map((c: any) => [c.name, c.facets.value.segment]));
    expect(segments).toEqual({ 青禾食品: 'high', 华东机械: 'potential' });

    const high = await json(await a.as(a.sm, `${C}?valueSegment=high`));
    expect(high.items.map((c: any) => c.id)).toEqual([big.id]);
    const low = await json(await a.as(a.sm, `${C}?valueSegment=low,potential&sort=name`));
    expect(low.items.map((c: any) => c.name).sort()).toEqual(['华东机械', '重庆渝海'].sort());
    expect((await a.as(a.sm, `${C}?valueSegment=gold`)).status).toBe(400);
  });

  it('a figure sent again replaces the stored one; the report counts the segments the caller sees', async () => {
    await figures(a.gm, [{ customerId: rising.id, year: 2025, currency: 'CNY', revenue: 90_000 * M }]);
    const value = await json(await a.as(a.am, `${C}/${rising.id}/value`));
    expect(value.history.filter((f: any) => f.year === 2025)).toHaveLength(1);
    expect(value.growth).toBe(-0.1);

    const report = await json(await a.as(a.sm, `${C}/value/report`));
    expect(report.currency).toBe('CNY');
    expect(report.segments.map((s: any) => [s.segment, s.customers])).toEqual([
      ['high', 1],
      ['potential', 0],
      ['low', 2],
    ]);
    expect(report.top[0]).toMatchObject({ customerId: big.id, lifetimeValue: 123_333_335 });
    const mine = await json(await a.as(a.am2, `${C}/value/report`));
    expect(mine.top.map((t: any) => t.customerId)).toEqual([flat.id]);
    expect((await a.as(a.am2, `${C}/${big.id}/value`)).status).toBe(404);
  });

  it('the report as CSV and .xlsx, highest lifetime value first, money typed', async () => {
    const csv = await a.as(a.sm, `${C}/value/report?format=csv&lang=zh-CN`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('客户编号,客户名称,价值分层,服务等级,生命周期价值,年均毛利,上年收入,币种,增长率');
    expect(lines[1]).toBe(`${big.code},青禾食品,high,priority,123333335,24666667,140000000,CNY,0.1667`);

    const xlsx = await a.as(a.sm, `${C}/value/report?format=xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as any);
    const row = book.worksheets[0]!.getRow(2);
    expect(row.getCell(1).value).toBe(big.code);
    expect(row.getCell(5).value).toBe(1_233_333.35);
    expect(row.getCell(5).numFmt).toBe('#,##0.00');
  });

  it('importing figures needs a manager and real customers; bad input changes nothing', async () => {
    const before = await snapshot(a.t, EXTRA);
    const row = { customerId: big.id, year: 2025, currency: 'CNY', revenue: 1 };
    expect((await figures(a.am, [row])).status).toBe(403);
    const unknown = await figures(a.sm, [row, { ...row, customerId: 'nope' }]);
    expect(unknown.status).toBe(422);
    expect((await json(unknown)).errors[0].path).toBe('body.items.1.customerId');
    expect((await figures(a.sm, [{ ...row, currency: 'XYZ' }])).status).toBe(400);
    expect((await figures(a.sm, [{ ...row, revenue: 1.5 }])).status).toBe(400);
    expect(await snapshot(a.t, EXTRA)).toBe(before);
  });

  it('merge adds the duplicate’s figures to the same years; purge removes them', async () => {
    const keep = await a.customer({ name: '苏州丝绸', ownerId: a.am.id, status: 'active' });
    const dup = await a.customer({ name: '苏州丝绸集团', ownerId: a.am.id, status: 'active' });
    await figures(a.sm, [
      { customerId: keep.id, year: 2025, currency: 'CNY', revenue: 1000, margin: 300 },
      { customerId: dup.id, year: 2025, currency: 'CNY', revenue: 500, margin: 100 },
      { customerId: dup.id, year: 2024, currency: 'CNY', revenue: 700 },
    ]);
    const merged = await a.as(a.gm, `${C}/${keep.id}/merge`, { body: { sourceId: dup.id, reason: '重复' } });
    expect(merged.status).toBe(200);
    const value = await json(await a.as(a.am, `${C}/${keep.id}/value`));
    expect(value.history.map((f: any) => [f.year, f.revenue, f.margin])).toEqual([
      [2025, 1500, 400],
      [2024, 700, null],
    ]);
    await a.as(a.gm, `${C}/${keep.id}`, { method: 'DELETE', body: { reason: '测试' } });
    await a.t.kernel.scheduler.runDue(
      new Date(a.t.clock.now().getTime() + 31 * 86_400_000),
      'kernel.customers.purge',
    );
    const left = await a.t.kernel.database.db
      .selectFrom('customer_contribution')
      .selectAll()
      .where('customer_id', 'in', [keep.id, dup.id])
      .execute();
    expect(left).toEqual([]);
  });

  it('the daily job stores the segments of new customers', async () => {
    const fresh = await a.customer({ name: '大连渔业', ownerId: a.am.id });
    expect(
      (await json(await a.as(a.sm, `${C}?valueSegment=potential`))).items.map((c: any) => c.id),
    ).not.toContain(fresh.id);
    await a.t.kernel.scheduler.runDue(a.t.clock.now(), 'kernel.customers.value');
    expect(
      (await json(await a.as(a.sm, `${C}?valueSegment=potential`))).items.map((c: any) => c.id),
    ).toContain(fresh.id);
  });
});
