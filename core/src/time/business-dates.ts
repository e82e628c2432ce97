/**
 * Business dates: calendar days of the company as `YYYY-MM-DD` strings, with no time and no zone.
 * "Today" comes from the company clock (`clock.today()`); everything else here is calendar
 * arithmetic on such strings. They are stored and compared as strings: for years 1000–9999 the ISO
 * form sorts the same way as the days it names, so SQL range conditions need no date functions.
 */

/** A calendar day, `YYYY-MM-DD`. */
export type BusinessDate = string;
/** A calendar month, `YYYY-MM`. */
export type MonthKey = string;

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

// Date.UTC treats years 0–99 as 1900–1999; setUTCFullYear does not.
function utcMs(year: number, monthIndex: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, monthIndex, day);
  return d.getTime();
}

function fromMs(ms: number): BusinessDate {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  if (y < 0 || y > 9999) throw new RangeError(`Year ${y} is outside 0000–9999`);
  return `${String(y).padStart(4, '0')}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

function parts(date: BusinessDate): [number, number, number] {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`Not a date (YYYY-MM-DD): "${date}"`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

const toMs = (date: BusinessDate): number => {
  const [y, m, d] = parts(date);
  return utcMs(y, m - 1, d);
};

/** Whether `s` is a real calendar day written `YYYY-MM-DD` (no 2026-02-30). */
export function isBusinessDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  return fromMs(toMs(s)) === s;
}

/** Whether `s` is a month written `YYYY-MM`. */
export function isMonthKey(s: string): boolean {
  const m = MONTH.exec(s);
  return m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

export const addDays = (date: BusinessDate, days: number): BusinessDate => fromMs(toMs(date) + days * DAY_MS);

/** The day `days` days before `date`. */
export const daysBefore = (date: BusinessDate, days: number): BusinessDate => addDays(date, -days);

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: BusinessDate, to: BusinessDate): number =>
  Math.round((toMs(to) - toMs(from)) / DAY_MS);

/**
 * The same day `months` calendar months later, clamped to the month's last day (31 Jan + 1 month =
 * 28/29 Feb), the way people count "two months" on a calendar.
 */
export function addMonths(date: BusinessDate, months: number): BusinessDate {
  const [y, m, d] = parts(date);
  const index = m - 1 + months;
  const year = y + Math.floor(index / 12);
  const month = ((index % 12) + 12) % 12;
  const last = new Date(utcMs(year, month + 1, 0)).getUTCDate();
  return fromMs(utcMs(year, month, Math.min(d, last)));
}

/** The day `months` calendar months before `date` (clamped like `addMonths`). */
export const monthsBefore = (date: BusinessDate, months: number): BusinessDate => addMonths(date, -months);

/** `YYYY-MM` of a date. */
export const monthKey = (date: BusinessDate): MonthKey => date.slice(0, 7);

/** Day of the month, 1–31. */
export const dayOfMonth = (date: BusinessDate): number => parts(date)[2];

const monthOfInput = (dateOrMonth: BusinessDate | MonthKey): MonthKey => dateOrMonth.slice(0, 7);

/** The first day of the month of a date or `YYYY-MM`. */
export const startOfMonth = (dateOrMonth: BusinessDate | MonthKey): BusinessDate =>
  `${monthOfInput(dateOrMonth)}-01`;

/** The last day of the month of a date or `YYYY-MM`. */
export function endOfMonth(dateOrMonth: BusinessDate | MonthKey): BusinessDate {
  const [y, m] = parts(startOfMonth(dateOrMonth));
  return fromMs(utcMs(y, m, 0));
}

/** The month `months` after `month` (negative: before). */
export function shiftMonth(month: MonthKey, months: number): MonthKey {
  return monthKey(addMonths(`${month}-01`, months));
}

export const previousMonth = (month: MonthKey): MonthKey => shiftMonth(month, -1);
export const nextMonth = (month: MonthKey): MonthKey => shiftMonth(month, 1);

/** Day `day` of the month after `dateOrMonth` (clamped to its last day): "by the 10th of next month". */
export function dayOfNextMonth(dateOrMonth: BusinessDate | MonthKey, day: number): BusinessDate {
  const first = startOfMonth(nextMonth(monthOfInput(dateOrMonth)));
  return addDays(first, Math.min(day, dayOfMonth(endOfMonth(first))) - 1);
}

/** Negative when `a` is earlier than `b`, 0 on the same day, positive when later. */
export const compareDates = (a: BusinessDate, b: BusinessDate): number => (a < b ? -1 : a > b ? 1 : 0);
export const isBefore = (a: BusinessDate, b: BusinessDate): boolean => a < b;
export const isAfter = (a: BusinessDate, b: BusinessDate): boolean => a > b;
export const isOnOrBefore = (a: BusinessDate, b: BusinessDate): boolean => a <= b;
export const isOnOrAfter = (a: BusinessDate, b: BusinessDate): boolean => a >= b;
export const earliest = (...dates: BusinessDate[]): BusinessDate => dates.reduce((a, b) => (b < a ? b : a));
export const latest = (...dates: BusinessDate[]): BusinessDate => dates.reduce((a, b) => (b > a ? b : a));
