import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { definePlugin } from '../plugin/define-plugin.js';
import type { SheetColumn } from '../spreadsheet/xlsx-writer.js';
import { createTestKehu, testDatabases } from '../testing/index.js';
import { downloadHeaders, TABULAR_FORMATS, tabularDownload, tabularStream } from './tabular-export.js';

const columns: SheetColumn[] = [
  { header: 'member', type: 'text' },
  { header: 'currency', type: 'text' },
  { header: 'spent', type: { moneyCurrencyColumn: 1 } },
];
// Two pages, so the export is asked for more than once; a formula-like name must stay text.
const PAGES = [
  [
    ['青禾食品', 'CNY', 123456],
    ['=HYPERLINK("x")', 'JPY', 1500],
  ],
  [['Kuwait Trading', 'KWD', 1234]],
];

/** A loyalty report downloadable as CSV or .xlsx, written once for both. */
const report = definePlugin({
  name: 'spend',
  version: '1.0.0',
  setup(ctx) {
    for (const format of TABULAR_FORMATS)
      ctx.router.get(
        `/report.${format}`,
        {
          summary: `Spend per member (${format})`,
          access: 'authenticated',
          responses: { 200: tabularDownload(format, 'One row per member') },
        },
        async (c) =>
          c.body(
            tabularStream(format, { name: 'Spend 2026-03', columns }, PAGES),
            200,
            downloadHeaders(format, `spend.${format}`),
          ),
      );
  },
});

describe.each(testDatabases())('tabular export on $name', (db) => {
  it('answers the same rows as CSV (BOM, header, guarded text) and as a typed .xlsx sheet', async () => {
    const t = await createTestKehu(db, { plugins: [report] });
    try {
      const csv = await t.request('/api/v1/spend/report.csv');
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(csv.headers.get('content-disposition')).toBe('attachment; filename="spend.csv"');
      expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer())).toBe(
        '\uFEFFmember,currency,spent\r\n青禾食品,CNY,123456\r\n"\'=HYPERLINK(""x"")",JPY,1500\r\nKuwait Trading,KWD,1234\r\n',
      );

      const xlsx = await t.request('/api/v1/spend/report.xlsx');
      expect(xlsx.headers.get('content-type')).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await xlsx.arrayBuffer()) as ArrayBuffer);
      const ws = wb.getWorksheet('Spend 2026-03')!;
      expect(ws.getRow(1).values).toEqual([undefined, 'member', 'currency', 'spent']);
      expect(ws.getRow(2).getCell(3).value).toBe(1234.56);
      expect(ws.getRow(3).getCell(1).value).toBe('=HYPERLINK("x")');
      expect(ws.getRow(3).getCell(1).type).toBe(ExcelJS.ValueType.String);
      expect(ws.getRow(3).getCell(3).value).toBe(1500);
      expect(ws.getRow(4).getCell(3).value).toBe(1.234);
      expect(ws.rowCount).toBe(4);

      const doc: any = await (await t.request('/api/openapi.json')).json();
      const content = (path: string) => doc.paths[path].get.responses['200'].content;
      expect(Object.keys(content('/api/v1/spend/report.csv'))).toEqual(['text/csv']);
      expect(Object.keys(content('/api/v1/spend/report.xlsx'))).toEqual([
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ]);
    } finally {
      await t.close();
    }
  });
});

describe('tabular stream', () => {
  it('reads the next page only when the reader wants more', async () => {
    let asked = 0;
    async function* pages() {
      for (const page of PAGES) {
        asked++;
        yield page;
      }
    }
    const reader = tabularStream('csv', { name: 'x', columns }, pages()).getReader();
    await reader.read();
    expect(asked).toBe(1);
    await reader.cancel();
    expect(asked).toBe(1);
  });
});
