/** Name key for duplicate detection: full-width → half-width (NFKC), case and all spaces ignored. */
export const nameKey = (name: string): string =>
  name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\u3000]+/g, '');

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

/**
 * What a free-text search looks for in each normalised column. Chinese names need no word
 * splitting: the name key keeps every character, so a substring of the name (华联 in 上海华联商贸)
 * matches, and full-width letters and digits match their half-width form.
 */
export function searchTerms(q: string): { name: string; code: string; email: string; phone: string | null } {
  const name = nameKey(q);
  const digits = phoneKey(q);
  return {
    name,
    code: q.normalize('NFKC').trim().toLowerCase(),
    email: name,
    // Three digits or more, so a search for "3" does not match every phone number.
    phone: digits && digits.length >= 3 ? digits : null,
  };
}
