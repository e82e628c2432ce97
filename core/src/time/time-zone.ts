import type { BusinessDate } from './business-dates.js';

/**
 * The company's time zone turns instants into business dates and back. `Intl` carries the IANA
 * database with the runtime, so no zone data ships with Kehu.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether `name` is a time zone this runtime knows (an IANA name such as `Asia/Shanghai`, or `UTC`). */
export function isTimeZone(name: string): boolean {
  if (typeof name !== 'string' || name.length === 0 || name.length > 100) return false;
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

/** The runtime's canonical spelling of a valid zone (`asia/shanghai` → `Asia/Shanghai`). */
export const canonicalTimeZone = (name: string): string => formatter(name).resolvedOptions().timeZone;

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallTime(instant: Date, timeZone: string): WallTime {
  const out: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant))
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out as unknown as WallTime;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * The last day answered, by UTC second: zone transitions fall on whole seconds, so the day is the
 * same all through one. Requests ask for today many times a second; `formatToParts` costs ≈ 4 µs.
 */
let lastDay = { timeZone: '', second: Number.NaN, date: '' };

/** The company's calendar day at `instant`. */
export function dateInZone(instant: Date, timeZone: string): BusinessDate {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid instant');
  const second = Math.floor(ms / 1000);
  if (second === lastDay.second && timeZone === lastDay.timeZone) return lastDay.date;
  const w = wallTime(instant, timeZone);
  const date = `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
  lastDay = { timeZone, second, date };
  return date;
}

/** The company's wall-clock hour at `instant`, 0–23. */
export const hourInZone = (instant: Date, timeZone: string): number => wallTime(instant, timeZone).hour;

/** How far the zone's wall clock is ahead of UTC at `instant`, in milliseconds. */
function offsetMs(instant: Date, timeZone: string): number {
  const w = wallTime(instant, timeZone);
  const d = new Date(0);
  d.setUTCFullYear(w.year, w.month - 1, w.day);
  d.setUTCHours(w.hour, w.minute, w.second, 0);
  return d.getTime() - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The company's wall-clock time of day at `instant`, `HH:MM`. */
export function timeInZone(instant: Date, timeZone: string): string {
  const w = wallTime(instant, timeZone);
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

/**
 * The instant a business date and a local `HH:MM` stand for in the zone. A time a daylight-saving
 * jump skips comes out shifted by the jump; a time that repeats takes its first occurrence.
 */
export function instantInZone(date: BusinessDate, time: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const wall = new Date(0);
  wall.setUTCFullYear(y, m - 1, d);
  wall.setUTCHours(hh, mm, 0, 0);
  const guess = wall.getTime();
  if (Number.isNaN(guess)) throw new RangeError(`Invalid local date and time: ${date} ${time}`);
  // The offset at the wall time read as UTC, corrected once for a DST change in between.
  const at = guess - offsetMs(new Date(guess), timeZone);
  return new Date(guess - offsetMs(new Date(at), timeZone));
}

/**
 * The instant a business date begins in the zone: midnight local time, or the first instant after
 * it when a daylight-saving jump skips midnight. For range conditions on timestamp columns.
 */
export function startOfDayInZone(date: BusinessDate, timeZone: string): Date {
  let at = instantInZone(date, '00:00', timeZone).getTime();
  // A spring-forward gap at midnight: the day starts when the clock resumes, still on `date`.
  if (dateInZone(new Date(at), timeZone) < date) at += 3_600_000;
  return new Date(at);
}
