import type { Clock } from '../clock.js';
import type { BusinessDate, MonthKey } from './business-dates.js';
import { canonicalTimeZone, dateInZone, isTimeZone, startOfDayInZone } from './time-zone.js';

/**
 * The kernel's clock: "now" from the injected clock, and the company's dates in its time zone. At
 * 07:30 in Beijing `today()` is already the Beijing day, not the UTC one.
 */
export interface CompanyClock extends Clock {
  /** The company's IANA time zone, e.g. `Asia/Shanghai`. */
  readonly timeZone: string;
  /** The company's calendar day now. */
  today(): BusinessDate;
  /** The company's month now, `YYYY-MM`. */
  currentMonth(): MonthKey;
  /** The company's calendar day at an instant (a `Date` or an ISO-8601 timestamp). */
  dateOf(instant: Date | string): BusinessDate;
  /** The instant a company day begins, for comparing with timestamp columns. */
  startOf(date: BusinessDate): Date;
}

export const DEFAULT_TIME_ZONE = 'UTC';

/** Throws a RangeError naming the zone unless the runtime knows it. */
export function assertTimeZone(name: string): string {
  if (!isTimeZone(name))
    throw new RangeError(`"${name}" is not an IANA time zone (for example Asia/Shanghai or Europe/Berlin)`);
  return canonicalTimeZone(name);
}

/** Wraps `clock` (a system or manual clock) with the company's calendar in `timeZone`. */
export function companyClock(clock: Clock, timeZone: string = DEFAULT_TIME_ZONE): CompanyClock {
  const zone = assertTimeZone(timeZone);
  const dateOf = (instant: Date | string) =>
    dateInZone(typeof instant === 'string' ? new Date(instant) : instant, zone);
  return {
    timeZone: zone,
    now: () => clock.now(),
    today: () => dateOf(clock.now()),
    currentMonth: () => dateOf(clock.now()).slice(0, 7),
    dateOf,
    startOf: (date) => startOfDayInZone(date, zone),
  };
}
