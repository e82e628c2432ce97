import { hasHan, pinyinForms, toSimplified } from './chinese-text.js';

/**
 * Name key for duplicate detection and search: full-width → half-width (NFKC), case and all spaces
 * ignored, traditional characters as simplified (華東 = 华东).
 */
export const nameKey = (name: string): string =>
  toSimplified(
    name
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[\s\u3000]+/g, ''),
  );

/** Phone key: digits only, after NFKC so full-width digits count. */
export const phoneKey = (phone: string | null | undefined): string | null => {
  if (!phone) return null;
  const digits = phone.normalize('NFKC').replace(/\D+/g, '');
  return digits.length > 0 ? digits : null;
};

export const emailKey = (email: string | null | undefined): string | null =>
  email ? email.normalize('NFKC').trim().toLowerCase() : null;

/** `%`, `_` and `\` escaped for `like … escape '\'`, the same on SQLite and PostgreSQL. */
export const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** `*`, `?` and `[` as one-character classes, for a literal inside a GLOB pattern. */
export const escapeGlob = (s: string): string => s.replace(/[*?[]/g, (ch) => `[${ch}]`);

export interface SearchableCustomer {
  name: string;
  code: string;
  phone?: string | null | undefined;
  email?: string | null | undefined;
}

/**
 * The name's part of the search key: the name key and, for a Han name, its pinyin (full, initials,
 * syllables). Apart from the rest of the key so a bulk import can compute it before the code is known.
 */
export function nameSearchText(name: string): string {
  if (!hasHan(name)) return name;
  const p = pinyinForms(name);
  return `${name} ${p.full} ${p.initials} ${p.syllables}`;
}

/**
 * Everything a free-text search matches, in one indexed column: the name key, its pinyin (full,
 * initials, syllables), the code, the email key and the phone digits. Segments are separated by a
 * space, which no search term contains (terms lose their whitespace), so no match spans two.
 */
export function searchKey(
  c: SearchableCustomer,
  name = nameKey(c.name),
  nameText = nameSearchText(name),
): string {
  const parts = [nameText];
  parts.push(c.code.normalize('NFKC').toLowerCase().replace(/\s+/g, ''));
  const email = emailKey(c.email);
  if (email) parts.push(email.replace(/\s+/g, ''));
  const phone = phoneKey(c.phone);
  if (phone) parts.push(phone);
  return parts.join(' ');
}

/**
 * The substrings a free-text search looks for in the search key (any one matches). Chinese names
 * need no word splitting: the key keeps every character, so a substring of the name (华联 in
 * 上海华联商贸) matches; `qinghe`, `qhsp` and `qh` match the pinyin; a query in traditional
 * characters matches by its simplified form, and a Han query also by its syllables, so a variant
 * character OpenCC does not fold (靑 for 青) still finds the name that reads the same.
 */
export function searchTerms(q: string): string[] {
  const text = nameKey(q);
  if (!text) return [];
  const terms = [text];
  if (hasHan(text)) terms.push(pinyinForms(text).syllables);
  const digits = phoneKey(q);
  // Three digits or more, so "021-5555" finds 02155550001 but "3" is not a phone search.
  if (digits && digits.length >= 3 && digits !== text) terms.push(digits);
  return terms;
}
