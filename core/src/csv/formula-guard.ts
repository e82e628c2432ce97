/**
 * Spreadsheet formula injection (OWASP "CSV Injection"): a cell that begins with `=`, `+`, `-`, `@`,
 * a tab or a carriage return may be run as a formula when the file is opened. Such a cell is written
 * with a leading apostrophe, which spreadsheets read as "this is text".
 *
 * Two refinements keep files exact: a plain negative number (`-12.50`) cannot be a formula and stays
 * a number; and a value that already begins with apostrophes before one of those characters gets one
 * more, so that `unguardCell` (used by import) gives back exactly the value that was exported.
 */
const TRIGGER = /^'*[=+\-@\t\r]/;
const NEGATIVE_NUMBER = /^-\d+(\.\d+)?$/;
const GUARDED = /^'+[=+\-@\t\r]/;

export function guardCell(text: string): string {
  return TRIGGER.test(text) && !NEGATIVE_NUMBER.test(text) ? `'${text}` : text;
}

/** The value an exported (guarded) cell stood for. */
export function unguardCell(text: string): string {
  return GUARDED.test(text) ? text.slice(1) : text;
}
