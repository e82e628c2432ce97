import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { xlsxRecords } from './xlsx-reader.js';
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

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** A workbook written part by part, in the zip order given (the sheets before the shared strings, as Excel does). */
function handMade(parts: Record<string, string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(parts).map(([name, xml]) => [name, strToU8(xml)])));
}

const rootRels = `<?xml version="1.0"?><Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;

async function read(file: Uint8Array, sheet?: string) {
  const rows = [];
  for await (const r of xlsxRecords(new Blob([file]).stream(), sheet)) rows.push(r);
  return rows;
}

describe('xlsx reader on workbooks other programs write', () => {
  const excelLike = handMade({
    '[Content_Types].xml': '<Types/>',
    '_rels/.rels': rootRels,
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><workbookPr/><sheets><sheet name="隐藏" sheetId="1" state="hidden" r:id="rId1"/><sheet name="客户 &amp; 联系人" sheetId="2" r:id="rId2"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/worksheet" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId3" Type="${REL}/styles" Target="styles.xml"/><Relationship Id="rId4" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    'xl/worksheets/sheet1.xml': `<worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>hidden</t></is></c></row></sheetData></worksheet>`,
    'xl/worksheets/sheet2.xml': `<x:worksheet xmlns:x="${MAIN}"><x:sheetData>
      <x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1"><x:v>13712345678</x:v></x:c><x:c r="C1" s="1"><x:v>45000</x:v></x:c><x:c r="D1" s="4"><x:v>45000.5</x:v></x:c><x:c r="E1" s="2"><x:v>45000</x:v></x:c><x:c r="F1" s="3"><x:v>12.50</x:v></x:c><x:c r="G1" t="b"><x:v>1</x:v></x:c><x:c r="H1" t="e"><x:v>#N/A</x:v></x:c><x:c r="I1" t="str"><x:f>A1&amp;"!"</x:f><x:v>Q&amp;H</x:v></x:c><x:c r="J1" t="inlineStr"><x:is><x:r><x:t>青禾</x:t></x:r><x:r><x:t>食品</x:t></x:r></x:is></x:c></x:row>
      <x:row r="3"><x:c t="s"><x:v>1</x:v></x:c><x:c t="s"><x:v>2</x:v></x:c></x:row>
      <x:row r="4" s="1" customFormat="1"><x:c r="A4" s="1"/><x:c r="B4" t="s"/></x:row>
      <x:row r="6"><x:c r="A6" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c><x:c r="C6" t="b"><x:v>0</x:v></x:c><x:c r="D6" t="d"><x:v>2026-03-01</x:v></x:c><x:c r="E6"><x:f>1/0</x:f></x:c></x:row>
    </x:sheetData></x:worksheet>`,
    'xl/sharedStrings.xml': `<sst xmlns="${MAIN}"><si><r><rPr><b/></rPr><t>青</t></r><r><t xml:space="preserve">禾 </t></r><rPh sb="0" eb="1"><t>せい</t></rPh></si><si><t>line_x000D_
two</t></si><si><t>&lt;tag&gt; 😀</t></si></sst>`,
    'xl/styles.xml': `<styleSheet xmlns="${MAIN}"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="165" formatCode="0.00&quot;元&quot;"/></numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="22"/></cellXfs></styleSheet>`,
  });

  it('reads the first visible sheet: shared, rich and inline strings, numbers, dates by format, booleans, errors, formula results', async () => {
    expect(await read(excelLike)).toEqual([
      {
        row: 1,
        cells: [
          '青禾 ',
          '13712345678',
          '2023-03-15',
          '2023-03-15T12:00:00.000Z',
          '2023-03-15',
          '12.5',
          'true',
          '',
          'Q&H',
          '青禾食品',
        ],
      },
      { row: 3, cells: ['line\r\ntwo', '<tag> 😀'] },
      { row: 6, cells: ['x', '', 'false', '2026-03-01'] },
    ]);
    expect(await read(excelLike, '隐藏')).toEqual([{ row: 1, cells: ['hidden'] }]);
    expect(await read(excelLike, '客户 & 联系人')).toHaveLength(3);
  });

  it('counts dates from 1904 when the workbook says so', async () => {
    const file = handMade({
      '_rels/.rels': rootRels,
      'xl/workbook.xml': `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><workbookPr date1904="1"/><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      'xl/_rels/workbook.xml.rels': `<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
      'xl/styles.xml': `<styleSheet xmlns="${MAIN}"><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>`,
      'xl/worksheets/sheet1.xml': `<worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1"><v>0</v></c></row></sheetData></worksheet>`,
    });
    expect(await read(file)).toEqual([{ row: 1, cells: ['1904-01-01', '0'] }]);
  });

  it('refuses what is not a workbook, and names the sheets a workbook has', async () => {
    await expect(read(new TextEncoder().encode('名称,电话\n青禾,1\n'))).rejects.toMatchObject({
      code: 'invalid_xlsx',
    });
    await expect(read(handMade({ 'readme.txt': 'hello' }))).rejects.toMatchObject({ code: 'invalid_xlsx' });
    await expect(read(excelLike, 'Other')).rejects.toMatchObject({
      code: 'unknown_sheet',
      message: expect.stringContaining('"隐藏", "客户 & 联系人"'),
    });
    const cut = handMade({
      '_rels/.rels': rootRels,
      'xl/workbook.xml': `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      'xl/_rels/workbook.xml.rels': `<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
      'xl/worksheets/sheet1.xml': `<worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1"`,
    });
    await expect(read(cut)).rejects.toMatchObject({ code: 'invalid_xlsx' });
  });

  it('reads a large sheet back unchanged and leaves no temporary file, also when the reader is left early', async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'xlsx-test-'));
    const before = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('大表');
      const expected: string[][] = [];
      for (let i = 0; i < 3000; i++) {
        // No characters beyond the BMP: exceljs' writer cuts a surrogate pair at its buffer boundary.
        const row = [`客户${i} 青禾食品有限公司 <&> "${'长'.repeat(i % 40)}"`, String(i * 7), `備註 ${i}`];
        ws.addRow([row[0], i * 7, row[2]]);
        expected.push(row);
      }
      const file = new Uint8Array(await wb.xlsx.writeBuffer());
      const rows = await read(file);
      expect(rows.map((r) => r.cells)).toEqual(expected);
      expect(rows.at(-1)!.row).toBe(3000);
      for await (const _ of xlsxRecords(new Blob([file]).stream())) break;
      expect(await readdir(tmp)).toEqual([]);
    } finally {
      process.env.TMPDIR = before;
      await rm(tmp, { recursive: true, force: true });
    }
  });
});
