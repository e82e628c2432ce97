import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { TextDecoder } from 'node:util';
import StreamZip from 'node-stream-zip';
import { badRequest, ProblemError } from '../errors.js';
import { isDateFormat } from './xlsx-number-formats.js';
import { type XmlAttributes, type XmlHandler, XmlScanner } from './xml-scanner.js';

/** One sheet row as text cells, with the row number the spreadsheet shows. */
export interface SheetRecord {
  row: number;
  cells: string[];
}

/** The widest sheet Excel makes (column XFD). */
const MAX_COLUMNS = 16_384;
const RELATIONSHIP_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/';

const pad = (n: number) => String(n).padStart(2, '0');

/** A date as the text a CSV would carry: `YYYY-MM-DD`, or an ISO-8601 UTC timestamp when it has a time. */
function dateText(d: Date): string {
  if (
    d.getUTCHours() === 0 &&
    d.getUTCMinutes() === 0 &&
    d.getUTCSeconds() === 0 &&
    d.getUTCMilliseconds() === 0
  )
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return d.toISOString();
}

/** A date serial number (days since 1899-12-30, or since 1904-01-01 in the 1904 system) as a date. */
function serialDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25_569 + (date1904 ? 1_462 : 0)) * 86_400_000));
}

/** OOXML writes characters XML cannot carry (a CR, control characters) as `_xHHHH_`. */
function unescapeXString(s: string): string {
  if (s.indexOf('_x') === -1) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

const unreadable = (err: unknown) =>
  err instanceof ProblemError
    ? err
    : badRequest(
        'invalid_xlsx',
        `The file is not a readable .xlsx workbook: ${err instanceof Error ? err.message : String(err)}`,
      );

/**
 * The rows of one worksheet of an `.xlsx` upload — `sheet` by name, else the first visible one in
 * the workbook's tab order — as the text a CSV of the sheet would hold: shared and inline strings
 * (rich text joined), numbers, booleans as `true`/`false`, cells with a date format as `YYYY-MM-DD`
 * or an ISO timestamp, formulas as their last computed value, errors as empty cells. Rows come with
 * their sheet row numbers; rows without any text are skipped, their numbers are not reused.
 *
 * The upload is spooled to a temporary file, because a workbook's parts may come in any order (Excel
 * and exceljs both put the sheet before the shared strings it needs); the file is read with
 * `node-stream-zip` and the sheet is scanned as it inflates, so only the shared strings and one chunk
 * of rows are held. An unreadable file is a 400 `invalid_xlsx`, a missing sheet a 400 `unknown_sheet`.
 */
export async function* xlsxRecords(
  body: ReadableStream<Uint8Array>,
  sheet?: string,
): AsyncGenerator<SheetRecord> {
  const dir = await mkdtemp(join(tmpdir(), 'kehu-xlsx-'));
  let zip: InstanceType<typeof StreamZip.async> | undefined;
  try {
    const file = join(dir, 'upload.xlsx');
    await pipeline(Readable.fromWeb(body as WebReadableStream<Uint8Array>), createWriteStream(file));
    zip = new StreamZip.async({ file });
    let book: Workbook;
    try {
      book = await readWorkbook(zip);
    } catch (err) {
      throw unreadable(err);
    }
    const target =
      sheet === undefined
        ? (book.sheets.find((s) => s.visible) ?? book.sheets[0])
        : book.sheets.find((s) => s.name === sheet);
    if (!target)
      throw badRequest(
        'unknown_sheet',
        sheet === undefined
          ? 'The workbook has no worksheet'
          : `The workbook has no sheet "${sheet}"; it has ${book.sheets.map((s) => `"${s.name}"`).join(', ') || 'none'}`,
        [{ path: 'query.sheet', message: 'No such sheet' }],
      );
    yield* readSheet(zip, book, target.part);
  } finally {
    await zip?.close().catch(() => {});
    await rm(dir, { recursive: true, force: true });
  }
}

interface Workbook {
  /** Worksheets in tab order; `part` is the zip entry. */
  sheets: { name: string; part: string; visible: boolean }[];
  sharedStrings: string[];
  /** Per cell style index: whether its number format shows a date. */
  dateStyles: boolean[];
  date1904: boolean;
}

type Zip = InstanceType<typeof StreamZip.async>;

/** Zip entries by lower-cased name: OPC part names are case-insensitive, zip names are not. */
async function entryNames(zip: Zip): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const name of Object.keys(await zip.entries())) names.set(name.toLowerCase(), name);
  return names;
}

/** Streams one part through a scanner; calls `after` with the chunk count between chunks. */
async function* scanPart(zip: Zip, entry: string, handler: XmlHandler): AsyncGenerator<void> {
  const stream = await zip.stream(entry);
  const scanner = new XmlScanner(handler);
  let decoder: TextDecoder | undefined;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      // Excel writes UTF-8; XML also allows UTF-16, which starts with a byte-order mark.
      decoder ??= new TextDecoder(
        chunk[0] === 0xff && chunk[1] === 0xfe
          ? 'utf-16le'
          : chunk[0] === 0xfe && chunk[1] === 0xff
            ? 'utf-16be'
            : 'utf-8',
      );
      scanner.write(decoder.decode(chunk, { stream: true }));
      yield;
    }
    scanner.write(decoder?.decode() ?? '');
    scanner.end();
  } finally {
    (stream as Readable).destroy();
  }
}

async function scanWhole(zip: Zip, entry: string, handler: XmlHandler): Promise<void> {
  for await (const _ of scanPart(zip, entry, handler));
}

/** Handler that only cares about opening tags. */
const onOpen = (open: XmlHandler['open']): XmlHandler => ({ open, close() {}, text() {} });

/** The id attribute in the relationships namespace, whatever its prefix. */
function relationshipId(attributes: XmlAttributes): string | undefined {
  for (const [name, value] of Object.entries(attributes)) if (name.endsWith(':id')) return value;
  return undefined;
}

/** A part's relationships: id → { type (the last segment), target entry name }. */
async function relationships(
  zip: Zip,
  names: Map<string, string>,
  part: string,
): Promise<Map<string, { type: string; entry: string | undefined }>> {
  const dir = posix.dirname(part);
  const rels = names.get(posix.join(dir, '_rels', `${posix.basename(part)}.rels`).toLowerCase());
  const found = new Map<string, { type: string; entry: string | undefined }>();
  if (!rels) return found;
  await scanWhole(
    zip,
    rels,
    onOpen((name, a) => {
      if (name !== 'Relationship' || !a.Id || !a.Target || a.TargetMode === 'External') return;
      const target = a.Target.startsWith('/') ? a.Target.slice(1) : posix.join(dir, a.Target);
      found.set(a.Id, {
        type: (a.Type ?? '').startsWith(RELATIONSHIP_TYPE)
          ? a.Type!.slice(RELATIONSHIP_TYPE.length)
          : (a.Type ?? '').split('/').at(-1)!,
        entry: names.get(posix.normalize(target).toLowerCase()),
      });
    }),
  );
  return found;
}

async function readWorkbook(zip: Zip): Promise<Workbook> {
  const names = await entryNames(zip);
  const root = await relationships(zip, names, '');
  const workbookPart =
    [...root.values()].find((r) => r.type === 'officeDocument')?.entry ?? names.get('xl/workbook.xml');
  if (!workbookPart) throw new Error('it has no workbook part');
  const rels = await relationships(zip, names, workbookPart);

  const listed: { name: string; id: string | undefined; visible: boolean }[] = [];
  let date1904 = false;
  await scanWhole(
    zip,
    workbookPart,
    onOpen((name, a) => {
      if (name === 'sheet' && a.name !== undefined)
        listed.push({
          name: a.name,
          id: relationshipId(a),
          visible: a.state !== 'hidden' && a.state !== 'veryHidden',
        });
      else if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
    }),
  );
  const sheets = listed.flatMap((s) => {
    const rel = s.id ? rels.get(s.id) : undefined;
    return rel?.type === 'worksheet' && rel.entry
      ? [{ name: s.name, part: rel.entry, visible: s.visible }]
      : [];
  });

  const partOf = (type: string) => [...rels.values()].find((r) => r.type === type)?.entry;
  const stylesPart = partOf('styles');
  const dateStyles: boolean[] = [];
  if (stylesPart) {
    const codes = new Map<number, string>();
    const formatOfStyle: number[] = [];
    let inCellXfs = false;
    await scanWhole(zip, stylesPart, {
      open(name, a) {
        if (name === 'numFmt' && a.numFmtId !== undefined && a.formatCode !== undefined)
          codes.set(Number(a.numFmtId), a.formatCode);
        else if (name === 'cellXfs') inCellXfs = true;
        else if (name === 'xf' && inCellXfs) formatOfStyle.push(Number(a.numFmtId ?? 0));
      },
      close(name) {
        if (name === 'cellXfs') inCellXfs = false;
      },
      text() {},
    });
    for (const id of formatOfStyle) dateStyles.push(isDateFormat(id, codes.get(id)));
  }

  const sharedStrings: string[] = [];
  const stringsPart = partOf('sharedStrings');
  if (stringsPart) await scanWhole(zip, stringsPart, new StringItems((s) => sharedStrings.push(s)));
  return { sheets, sharedStrings, dateStyles, date1904 };
}

/**
 * Collects the text of string items — `<si>` in the shared strings, `<is>` in a cell: the `<t>`
 * runs joined, phonetic guides (`<rPh>`) left out.
 */
class StringItems implements XmlHandler {
  private collected = '';
  private inRun = false;
  private inPhonetic = false;

  constructor(
    private readonly done: (text: string) => void,
    private readonly item = 'si',
  ) {}

  open(name: string): void {
    if (name === 't') this.inRun = !this.inPhonetic;
    else if (name === 'rPh') this.inPhonetic = true;
    else if (name === this.item) this.collected = '';
  }

  close(name: string): void {
    if (name === 't') this.inRun = false;
    else if (name === 'rPh') this.inPhonetic = false;
    else if (name === this.item) this.done(unescapeXString(this.collected));
  }

  text(text: string): void {
    if (this.inRun) this.collected += text;
  }
}

/** Column letters of a cell reference (`AB12`) as a 0-based index, or -1 when it has none. */
function columnIndex(ref: string): number {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i) & ~32; // upper case
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  return i === 0 ? -1 : col - 1;
}

/** Reads `<sheetData>` rows into records, cell by cell. */
class SheetRows implements XmlHandler {
  readonly done: SheetRecord[] = [];
  private row = 0;
  private cells: string[] = [];
  private col = -1;
  private type = 'n';
  private style = 0;
  private value = '';
  private inValue = false;
  private inline: StringItems | undefined;

  constructor(private readonly book: Workbook) {}

  open(name: string, a: XmlAttributes): void {
    if (this.inline) {
      this.inline.open(name);
      return;
    }
    switch (name) {
      case 'row':
        this.row = a.r !== undefined ? Number(a.r) : this.row + 1;
        this.cells = [];
        this.col = -1;
        break;
      case 'c': {
        const col = a.r !== undefined ? columnIndex(a.r) : -1;
        this.col = col >= 0 ? col : this.col + 1;
        if (this.col >= MAX_COLUMNS) throw new Error(`cell ${a.r} is beyond the last column`);
        this.type = a.t ?? 'n';
        this.style = a.s !== undefined ? Number(a.s) : 0;
        this.value = '';
        break;
      }
      case 'v':
        this.inValue = true;
        break;
      case 'is':
        this.inline = new StringItems((text) => {
          this.value = text;
        }, 'is');
        this.inline.open('is');
        break;
    }
  }

  close(name: string): void {
    if (this.inline) {
      this.inline.close(name);
      if (name === 'is') this.inline = undefined;
      return;
    }
    switch (name) {
      case 'v':
        this.inValue = false;
        break;
      case 'c': {
        const text = this.cellText();
        if (text === '') break;
        while (this.cells.length < this.col) this.cells.push('');
        this.cells[this.col] = text;
        break;
      }
      case 'row':
        if (this.cells.length > 0) this.done.push({ row: this.row, cells: this.cells });
        break;
    }
  }

  text(text: string): void {
    if (this.inline) this.inline.text(text);
    else if (this.inValue) this.value += text;
  }

  private cellText(): string {
    const v = this.value;
    switch (this.type) {
      case 's':
        return v === '' ? '' : (this.book.sharedStrings[Number(v)] ?? '');
      case 'inlineStr':
      case 'str':
        return unescapeXString(v);
      case 'b':
        return v === '' ? '' : Number(v) !== 0 ? 'true' : 'false';
      case 'e':
        return '';
      case 'd': {
        if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
        const d = new Date(v);
        return Number.isNaN(d.getTime()) ? v : dateText(d);
      }
      default: {
        if (v === '') return '';
        const n = Number.parseFloat(v);
        if (Number.isNaN(n)) return v;
        return this.book.dateStyles[this.style] ? dateText(serialDate(n, this.book.date1904)) : String(n);
      }
    }
  }
}

async function* readSheet(zip: Zip, book: Workbook, part: string): AsyncGenerator<SheetRecord> {
  const rows = new SheetRows(book);
  try {
    for await (const _ of scanPart(zip, part, rows)) {
      // Rows go out chunk by chunk, so the importer's batches and the inflating overlap in memory only by a chunk.
      for (const record of rows.done) yield record;
      rows.done.length = 0;
    }
  } catch (err) {
    throw unreadable(err);
  }
  for (const record of rows.done) yield record;
}
