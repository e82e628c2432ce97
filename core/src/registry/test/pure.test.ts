import { Converter, Locale } from 'opencc-js/t2cn';
import { describe, expect, it } from 'vitest';
import { toSimplified } from '../chinese-text.js';
import {
  applyCustomValues,
  type CustomField,
  customValueError,
  parseBooleanText,
  parseCustomText,
} from '../custom-fields.js';
import { emailKey, escapeLike, nameKey, phoneKey, searchKey, searchTerms } from '../normalize.js';

describe('normalised keys', () => {
  it('folds case, spaces and full-width forms for names; digits for phones; case for email', () => {
    expect(nameKey('ＡＢＣ 贸易\u3000公司')).toBe('abc贸易公司');
    expect(nameKey('  Abc 贸易公司 ')).toBe('abc贸易公司');
    expect(phoneKey('＋８６ (021) 5555-0001')).toBe('8602155550001');
    expect(phoneKey('n/a')).toBeNull();
    expect(emailKey(' Info@Example.CN ')).toBe('info@example.cn');
    expect(escapeLike('50%_a\\b')).toBe('50\\%\\_a\\\\b');
    expect(searchTerms('华联 021')).toEqual(['华联021', "'hua'lian'021'", '021']);
    expect(searchTerms('0215555-0001')).toEqual(['0215555-0001', '02155550001']);
    expect(searchTerms('12')).toEqual(['12']);
    expect(searchTerms('  ')).toEqual([]);
  });

  it('folds traditional to simplified and spells Chinese names in pinyin', () => {
    expect(nameKey('華東 貿易')).toBe('华东贸易');
    expect(searchKey({ name: '青禾食品', code: 'KH-0001', phone: '021-5555', email: 'A@B.cn' })).toBe(
      "青禾食品 qingheshipin qhsp 'qing'he'shi'pin' kh-0001 a@b.cn 0215555",
    );
    expect(searchKey({ name: '重慶銀行', code: 'C1' })).toBe(
      "重庆银行 chongqingyinhang cqyh 'chong'qing'yin'hang' c1",
    );
    expect(searchKey({ name: 'ABC 贸易', code: 'C2' })).toBe("abc贸易 abcmaoyi abcmy 'abc'mao'yi' c2");
    expect(searchKey({ name: 'Acme Ltd', code: 'C3' })).toBe('acmeltd c3');
  });
});

describe('traditional to simplified, run by run', () => {
  const fromTaiwan = Converter({ from: 'tw', to: 'cn' });
  const fromHongKong = Converter({ from: 'hk', to: 'cn' });
  const whole = (s: string) => fromHongKong(fromTaiwan(s));

  it('converts phrases as OpenCC does on the whole text', () => {
    for (const s of [
      '台灣軟體有限公司',
      '臺灣 軟體（香港）有限公司 ABC-1',
      '軟體,著作權,乾燥劑',
      '乾隆 乾坤大挪移 重慶銀行',
      '滙豐銀行 綫上 裡 裏',
      'Acme 華東 貿易 123',
      '華聯商貿華聯商貿',
    ]) {
      expect(toSimplified(s)).toBe(whole(s));
      // Twice: the second answer comes from the remembered runs.
      expect(toSimplified(s)).toBe(whole(s));
    }
    // A phrase keeps its character where the character alone would change (乾隆, not 干隆).
    expect(toSimplified('乾隆乾燥劑')).toBe('乾隆干燥剂');
  });

  it('relies on OpenCC phrases being Han characters only', () => {
    const han = /^\p{Script=Han}+$/u;
    const dictionaries = [...(Locale.from.tw ?? []), ...(Locale.from.hk ?? []), ...(Locale.to.cn ?? [])].flat(
      2,
    );
    expect(dictionaries.length).toBeGreaterThan(0);
    for (const dictionary of dictionaries) {
      expect(typeof dictionary).toBe('string');
      for (const entry of (dictionary as string).split('|'))
        for (const side of entry.split(' ')) expect(side).toMatch(han);
    }
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
