/**
 * Calendar dates as `YYYY-MM-DD` strings (UTC). Stored and compared as strings: the ISO form sorts
 * the same way as the dates it names, so SQL range conditions need no date functions.
 */
const DAY_MS = 86_400_000;

const toMs = (date: string): number =>
  Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
const fromMs = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export const addDays = (date: string, days: number): string => fromMs(toMs(date) + days * DAY_MS);

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number => Math.round((toMs(to) - toMs(from)) / DAY_MS);

/** `YYYY-MM` of a date. */
export const monthOf = (date: string): string => date.slice(0, 7);

export const firstDayOfMonth = (period: string): string => `${period}-01`;

export function lastDayOfMonth(period: string): string {
  const y = Number(period.slice(0, 4));
  const m = Number(period.slice(5, 7));
  return fromMs(Date.UTC(y, m, 0));
}

/** The month before `period` (`YYYY-MM`). */
export function previousMonth(period: string): string {
  const y = Number(period.slice(0, 4));
  const m = Number(period.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/**
 * The same day `months` calendar months later, clamped to the month's last day (31 Jan + 1 month =
 * 28/29 Feb), the way people count "two months" on a calendar.
 */
export function addMonths(date: string, months: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const d = Number(date.slice(8, 10));
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return fromMs(Date.UTC(year, month, Math.min(d, last)));
}

export const todayOf = (now: Date): string => now.toISOString().slice(0, 10);

export const isValidDate = (s: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(s) && fromMs(toMs(s)) === s;
