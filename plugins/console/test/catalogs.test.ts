import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { negotiateLanguage } from '../src/i18n.js';
import { en } from '../src/messages/en.js';
import { zhCN } from '../src/messages/zh-CN.js';

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(f) ? [p] : [];
  });

describe('console catalogs', () => {
  it('has every key in both languages, none empty', () => {
    const enKeys = Object.keys(en).sort();
    const zhKeys = Object.keys(zhCN).sort();
    expect(enKeys.filter((k) => !zhKeys.includes(k))).toEqual([]);
    expect(zhKeys.filter((k) => !enKeys.includes(k))).toEqual([]);
    for (const [k, v] of [...Object.entries(en), ...Object.entries(zhCN)]) expect(v.trim(), k).not.toBe('');
    // Placeholders match, so no translation drops a figure.
    for (const k of enKeys) {
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(zhCN[k as keyof typeof en]), k).toEqual(names(en[k as keyof typeof en]));
    }
  });

  it('knows every key the pages ask for', () => {
    const src = join(import.meta.dirname, '..', 'src');
    const used = new Set<string>();
    for (const f of files(src)) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z]+\.[a-zA-Z.]+)'/g)) used.add(m[1]!);
      for (const m of text.matchAll(/\bkey: '([a-zA-Z]+\.[a-zA-Z.]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((k) => !(k in en))).toEqual([]);
  });

  it('picks the language from Accept-Language', () => {
    expect(negotiateLanguage('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(negotiateLanguage('zh-TW')).toBe('zh-CN');
    expect(negotiateLanguage('en-GB,en;q=0.9')).toBe('en');
    expect(negotiateLanguage('fr-FR, zh;q=0.5')).toBe('zh-CN');
    expect(negotiateLanguage('de')).toBe('en');
    expect(negotiateLanguage(undefined)).toBe('en');
  });
});
