/** RFC 4180 CSV, read incrementally and written with Excel in mind. */

export class CsvError extends Error {
  constructor(
    message: string,
    readonly row: number,
  ) {
    super(message);
    this.name = 'CsvError';
  }
}

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

enum State {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
}

/**
 * A streaming CSV reader: feed it text chunks as they arrive, take the finished records. Only the
 * record being read is held, so a file of any size goes through in constant memory. Quoted fields
 * may hold commas, quotes ("") and line breaks; CRLF, LF and CR all end a record; blank lines are
 * skipped. A field or record beyond the limits is an error rather than unbounded memory.
 */
export class CsvParser {
  private state = State.FieldStart;
  private field = '';
  private record: string[] = [];
  private skipLf = false;
  private first = true;
  /** Records completed so far, blank lines not counted: the header is record 1. */
  records = 0;

  constructor(
    private readonly limits: { maxField: number; maxFields: number } = { maxField: 100_000, maxFields: 500 },
  ) {}

  /** Parses `chunk` and returns the records it completed. */
  feed(chunk: string): string[][] {
    const out: string[][] = [];
    let text = chunk;
    if (this.first && text.length > 0) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let i = 0;
    const n = text.length;
    while (i < n) {
      const ch = text.charCodeAt(i);
      if (this.skipLf) {
        this.skipLf = false;
        if (ch === LF) {
          i++;
          continue;
        }
      }
      switch (this.state) {
        case State.FieldStart:
          if (ch === QUOTE) {
            this.state = State.Quoted;
            i++;
          } else if (ch === COMMA) {
            this.endField();
            i++;
          } else if (ch === LF || ch === CR) {
            this.endRecord(out, ch);
            i++;
          } else {
            this.state = State.Unquoted;
          }
          break;
        case State.Unquoted: {
          // Copy the run up to the next delimiter in one slice rather than char by char.
          let j = i;
          while (j < n) {
            const c = text.charCodeAt(j);
            if (c === COMMA || c === LF || c === CR) break;
            j++;
          }
          this.append(text, i, j);
          i = j;
          if (i < n) {
            const c = text.charCodeAt(i);
            if (c === COMMA) {
              this.endField();
              this.state = State.FieldStart;
            } else this.endRecord(out, c);
            i++;
          }
          break;
        }
        case State.Quoted: {
          const j = text.indexOf('"', i);
          if (j === -1) {
            this.append(text, i, n);
            i = n;
          } else {
            this.append(text, i, j);
            this.state = State.QuoteInQuoted;
            i = j + 1;
          }
          break;
        }
        case State.QuoteInQuoted:
          if (ch === QUOTE) {
            this.field += '"';
            this.state = State.Quoted;
          } else if (ch === COMMA) {
            this.endField();
            this.state = State.FieldStart;
          } else if (ch === LF || ch === CR) {
            this.endRecord(out, ch);
          } else {
            // Text after a closing quote ("a"b): keep it, as spreadsheets do.
            this.field += text[i];
            this.state = State.Unquoted;
          }
          i++;
          break;
      }
    }
    return out;
  }

  /** Finishes the input; throws when a quoted field was never closed. */
  end(): string[][] {
    const out: string[][] = [];
    if (this.state === State.Quoted)
      throw new CsvError('A quoted field is not closed before the end of the file', this.records + 1);
    if (this.state !== State.FieldStart || this.record.length > 0 || this.field !== '')
      this.endRecord(out, LF);
    return out;
  }

  private append(text: string, from: number, to: number): void {
    if (to <= from) return;
    if (this.field.length + (to - from) > this.limits.maxField) {
      throw new CsvError(
        `A field is longer than ${this.limits.maxField} characters (an unclosed quote?)`,
        this.records + 1,
      );
    }
    this.field += text.slice(from, to);
  }

  private endField(): void {
    if (this.record.length >= this.limits.maxFields)
      throw new CsvError(`A record has more than ${this.limits.maxFields} fields`, this.records + 1);
    this.record.push(this.field);
    this.field = '';
  }

  private endRecord(out: string[][], ch: number): void {
    this.endField();
    this.state = State.FieldStart;
    if (ch === CR) this.skipLf = true;
    const record = this.record;
    this.record = [];
    if (record.length === 1 && record[0] === '') return;
    this.records++;
    out.push(record);
  }
}

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
// Cells Excel would run as a formula; a leading apostrophe makes them text. Phone numbers such as
// "+86 21 5555" or "-" alone are left alone.
const FORMULA = /^(=|@|\t|\r|[+-](?![\d\s(]|$))/;

/** One CSV cell. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s =
    typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (FORMULA.test(s)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line, CRLF-terminated as RFC 4180 and Excel expect. */
export const csvLine = (values: readonly unknown[]): string => values.map(csvCell).join(',') + '\r\n';

/** Byte-order mark: makes Excel read the file as UTF-8, so Chinese shows correctly. */
export const UTF8_BOM = '\uFEFF';
