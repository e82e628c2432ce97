import { describe, expect, it } from 'vitest';
import { CsvError, CsvParser, csvCell, csvLine } from '../csv.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import {
  applyCustomValues,
  type CustomField,
  customValueError,
  parseBooleanText,
  parseCustomText,
} from '../custom-fields.js';
import { emailKey, escapeLike, nameKey, phoneKey, searchTerms } from '../normalize.js';

const parseAll = (text: string, chunks: number[] = []): string[][] => {
  const p = new CsvParser();
  const out: string[][] = [];
  let at = 0;
  for (const size of chunks) {
    out.push(...p.feed(text.slice(at, at + size)));
    at += size;
  }
  out.push(...p.feed(text.slice(at)), ...p.end());
  return out;
};

describe('CsvParser', () => {
  it('reads quotes, escaped quotes, commas and line breaks in fields, and every line ending', () => {
    const text = '\uFEFFname,note\r\n"上海, 华联","他说""好""\r\n第二行"\nplain,x\rlast,"" \r\n\r\n';
    expect(parseAll(text)).toEqual([
      ['name', 'note'],
      ['上海, 华联', '他说"好"\r\n第二行'],
      ['plain', 'x'],
      ['last', ' '],
    ]);
  });

  it('gives the same records however the input is cut into chunks', () => {
    // A seeded generator, so a failure names a reproducible case.
    let seed = 42;
    const rnd = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    const alphabet = ['a', '中', ',', '"', '\n', '\r', ' ', 'x'];
    for (let run = 0; run < 300; run++) {
      const rows = Array.from({ length: 1 + rnd(6) }, () =>
        Array.from({ length: 1 + rnd(4) }, () =>
          Array.from({ length: rnd(6) }, () => alphabet[rnd(alphabet.length)]).join(''),
        ),
      ).filter((r) => !(r.length === 1 && r[0] === ''));
      const text = rows.map((r) => csvLine(r)).join('');
      const cuts = Array.from({ length: rnd(20) }, () => rnd(8));
      const expected = rows.map((r) =>
        r.map((c) => (/^(=|@|\t|\r|[+-](?![\d\s(]|$))/.test(c) ? `'${c}` : c)),
      );
      expect(parseAll(text, cuts), `run ${run}: ${JSON.stringify(text)} cut ${cuts}`).toEqual(expected);
    }
  });

  it('refuses an unclosed quote and fields or records beyond the limits', () => {
    expect(() => parseAll('a\r\n"open')).toThrow(CsvError);
    const small = new CsvParser({ maxField: 5, maxFields: 3 });
    expect(() => small.feed('abcdef,')).toThrow(/longer than 5/);
    expect(() => new CsvParser({ maxField: 5, maxFields: 3 }).feed('a,b,c,d\n')).toThrow(
      /more than 3 fields/,
    );
  });

  it('counts records so callers can report row numbers', () => {
    const p = new CsvParser();
    p.feed('h\r\n\r\na\r\n"b\r\nc"\r\nd');
    p.end();
    expect(p.records).toBe(4);
  });
});

describe('csvCell', () => {
  it('quotes what needs it and defuses formulas but not phone numbers', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell(null)).toBe('');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(['a'])).toBe('"[""a""]"');
    expect(csvCell('=1+2')).toBe("'=1+2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-cmd')).toBe("'-cmd");
    expect(csvCell('+86 21 5555 0000')).toBe('+86 21 5555 0000');
    expect(csvCell('-')).toBe('-');
  });
});

describe('normalised keys', () => {
  it('folds case, spaces and full-width forms for names; digits for phones; case for email', () => {
    expect(nameKey('ＡＢＣ 贸易\u3000公司')).toBe('abc贸易公司');
    expect(nameKey('  Abc 贸易公司 ')).toBe('abc贸易公司');
    expect(phoneKey('＋８６ (021) 5555-0001')).toBe('8602155550001');
    expect(phoneKey('n/a')).toBeNull();
    expect(emailKey(' Info@Example.CN ')).toBe('info@example.cn');
    expect(escapeLike('50%_a\\b')).toBe('50\\%\\_a\\\\b');
    expect(searchTerms('华联 021')).toMatchObject({ name: '华联021', phone: '021' });
    expect(searchTerms('华联').phone).toBeNull();
    expect(searchTerms('12').phone).toBeNull();
  });
});

describe('custom field values', () => {
  const field = (type: CustomField['type'], extra: Partial<CustomField> = {}): CustomField => ({
    key: 'f',
    labels: { en: 'F', 'zh-CN': 'F' },
    type,
    required: false,
    filterable: true,
    options: [{ value: 'big', labels: { en: 'Big', 'zh-CN': '大' } }],
    position: 0,
    createdAt: '',
    updatedAt: '',
    version: 1,
    ...extra,
  });

  it('checks each type', () => {
    expect(customValueError(field('text'), 'x')).toBeNull();
    expect(customValueError(field('text'), ' ')).not.toBeNull();
    expect(customValueError(field('number'), 1.5)).toBeNull();
    expect(customValueError(field('number'), Infinity)).not.toBeNull();
    expect(customValueError(field('date'), '2024-02-29')).toBeNull();
    expect(customValueError(field('date'), '2023-02-29')).not.toBeNull();
    expect(customValueError(field('boolean'), false)).toBeNull();
    expect(customValueError(field('boolean'), 0)).not.toBeNull();
    expect(customValueError(field('enum'), 'big')).toBeNull();
    expect(customValueError(field('enum'), 'small')).not.toBeNull();
  });

  it('reads text spellings of values (CSV cells, query strings)', () => {
    expect(parseCustomText(field('number'), '1,200')).toEqual({ value: 1200 });
    expect(parseCustomText(field('boolean'), '是')).toEqual({ value: true });
    expect(parseCustomText(field('enum'), '大')).toEqual({ value: 'big' });
    expect(parseCustomText(field('number'), 'x')).toHaveProperty('error');
    expect(parseBooleanText('maybe')).toBeUndefined();
  });

  it('merges values, removes with null and enforces required fields', () => {
    const fields = [field('text', { key: 'a', required: true }), field('number', { key: 'b' })];
    expect(applyCustomValues(fields, {}, { b: 1 }, 'create').errors.map((e) => e.path)).toEqual([
      'body.custom.a',
    ]);
    expect(applyCustomValues(fields, { a: 'x', b: 1 }, { b: null }, 'update')).toEqual({
      values: { a: 'x' },
      errors: [],
    });
    expect(applyCustomValues(fields, { a: 'x' }, { a: null }, 'update').errors).toHaveLength(1);
    expect(applyCustomValues(fields, {}, {}, 'update').errors).toEqual([]);
  });
});

describe('cursors', () => {
  it('round-trip and refuse anything else with 400', () => {
    expect(decodeCursor(encodeCursor(['2026-01-01', 'abc']), 2)).toEqual(['2026-01-01', 'abc']);
    for (const bad of [
      'x',
      encodeCursor(['a']),
      Buffer.from('{"a":1}').toString('base64url'),
      encodeCursor([{} as never, 'a']),
    ]) {
      expect(() => decodeCursor(bad, 2)).toThrow(
        expect.objectContaining({ status: 400, code: 'invalid_cursor' }),
      );
    }
  });
});
