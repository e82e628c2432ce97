/**
 * The built-in number formats that show dates or times (ECMA-376 §18.8.30): 14–22 and 45–47
 * everywhere, and the East Asian ones (27–36, 50–58), which are dates in zh-CN, zh-TW, ja-JP and ko-KR.
 */
const BUILT_IN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
]);

/**
 * Whether a cell with this number format shows its number as a date: a built-in date format, or a
 * custom code with day, month, year, hour or second parts outside quoted text, escapes and `[…]`
 * sections (colours, conditions, locales).
 */
export function isDateFormat(numFmtId: number, code: string | undefined): boolean {
  if (code === undefined) return BUILT_IN_DATE_FORMATS.has(numFmtId);
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*]/g, '');
  return /[ymdhsbYMDHSB]/.test(bare);
}
