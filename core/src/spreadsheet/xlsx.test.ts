import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cellText, xlsxRecords } from './xlsx-reader.js';
import { xlsxPages, xlsxStream } from './xlsx-writer.js';

async function* once<T>(rows: T[]) {
  yield rows;
}

const bytes = async (s: ReadableStream<Uint8Array>) => new Uint8Array(await new Response(s).arrayBuffer());

describe('xlsx writer and reader', () => {
  it('types cells: dates, timestamps, numbers, booleans, money with the currency decimals, text stays text', async () => {
    const file = await bytes(
      xlsxStream(
        'Sheet A',
        [
          { header: 'text' },
          { header: 'day' },
          { header: 'at' },
          { header: 'n' },
          { header: 'yes' },
          { header: 'amount', type: { moneyCurrencyColumn: 6 } },
          { header: 'currency' },
          { header: 'facet' },
        ],
        once([
          [
            '=1+1',
            '2026-03-01',
            '2026-03-01T08:30:00.000Z',
            42.5,
            true,
            12345,
            'CNY',
            { amount: 1500, currency: 'JPY' },
          ],
          ['0571-8800', null, null, 0, false, 1234, 'KWD', { limit: 3 }],
        ]),
      ),
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Sheet A')!;
    const [r2, r3] = [ws.getRow(2), ws.getRow(3)];
    expect(r2.getCell(1).value).toBe('=1+1');
    expect(r2.getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(r2.getCell(2).value).toEqual(new Date('2026-03-01T00:00:00.000Z'));
    expect(r2.getCell(2).numFmt).toBe('yyyy-mm-dd');
    expect(r2.getCell(3).value).toEqual(new Date('2026-03-01T08:30:00.000Z'));
    expect(r2.getCell(4).value).toBe(42.5);
    expect(r2.getCell(5).value).toBe(true);
    expect(r2.getCell(6).value).toBe(123.45);
    expect(r2.getCell(6).numFmt).toBe('#,##0.00');
    expect(r2.getCell(8).value).toBe(1500);
    expect(r2.getCell(8).numFmt).toBe('#,##0');
    expect(r3.getCell(1).value).toBe('0571-8800');
    expect(r3.getCell(6).value).toBe(1.234);
    expect(r3.getCell(6).numFmt).toBe('#,##0.000');
    expect(r3.getCell(8).value).toBe('{"limit":3}');

    const rows = [];
    for await (const r of xlsxRecords(new Response(file).body!)) rows.push(r);
    expect(rows[1]).toEqual({
      row: 2,
      cells: ['=1+1', '2026-03-01', '2026-03-01T08:30:00.000Z', '42.5', 'true', '123.45', 'CNY', '1500'],
    });
  });

  it('reads a named sheet with its row numbers, skipping empty rows', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Notes').addRow(['not this']);
    const ws = wb.addWorksheet('客户');
    ws.getCell('A1').value = 'name';
    ws.getCell('A4').value = { richText: [{ text: '青禾' }, { text: '食品' }] };
    ws.getCell('B4').value = { formula: 'A1', result: 'x' } as ExcelJS.CellFormulaValue;
    const file = new Uint8Array(await wb.xlsx.writeBuffer());
    const rows = [];
    for await (const r of xlsxRecords(new Response(file).body!, '客户')) rows.push(r);
    expect(rows).toEqual([
      { row: 1, cells: ['name'] },
      { row: 4, cells: ['青禾食品', 'x'] },
    ]);
    await expect(async () => {
      for await (const _ of xlsxRecords(new Response(file).body!, 'Other'));
    }).rejects.toMatchObject({ code: 'unknown_sheet' });
    expect(cellText({ error: '#N/A' } as ExcelJS.CellErrorValue)).toBe('');
  });

  it('writes the pages a callback producer pushes, waiting while the sheet has not taken them', async () => {
    let pushed = 0;
    const pages = xlsxPages<unknown[]>(async (push) => {
      for (let p = 0; p < 5; p++) {
        await push(Array.from({ length: 100 }, (_, i) => [`r${p * 100 + i}`, p]));
        pushed++;
      }
    });
    const file = xlsxStream('Pages', [{ header: 'id' }, { header: 'page' }], pages);
    const cells: string[] = [];
    for await (const r of xlsxRecords(new Blob([await bytes(file)]).stream())) cells.push(r.cells[0]!);
    expect(pushed).toBe(5);
    expect(cells).toHaveLength(501);
    expect(cells.at(-1)).toBe('r499');
  });

  it('fails the file when the producer fails', async () => {
    const pages = xlsxPages<unknown[]>(async (push) => {
      await push([['a']]);
      throw new Error('scan broke');
    });
    await expect(bytes(xlsxStream('Broken', [{ header: 'x' }], pages))).rejects.toThrow();
  });
});
