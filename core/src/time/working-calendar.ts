import { z } from 'zod';
import { addDays, type BusinessDate, isBusinessDate } from './business-dates.js';
import { dateInZone, instantInZone, isTimeZone, startOfDayInZone } from './time-zone.js';

/**
 * The company's working time (工作时间): working intervals per weekday in its time zone (a lunch
 * break is two intervals), holidays and make-up working days (调休) as dated exceptions. Service
 * targets (an SLA's "8 working hours") are measured in it: time outside the intervals does not count.
 */

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const Interval = z
  .string()
  .regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, 'An interval is written HH:MM-HH:MM')
  .refine((s) => s.split('-').every((t) => HHMM.test(t)), 'Times run from 00:00 to 24:00')
  .refine((s) => s.slice(0, 5) < s.slice(6), 'An interval ends after it starts');
const Intervals = z
  .array(Interval)
  .max(12)
  .refine(
    (list) => [...list].sort().every((s, i, all) => i === 0 || all[i - 1]!.slice(6) <= s.slice(0, 5)),
    'The intervals of a day must not overlap',
  );

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const workingCalendarSchema = z.strictObject({
  timeZone: z.string().refine(isTimeZone, 'Not a time zone this runtime knows'),
  /** Working intervals of each weekday; a weekday left out has none. */
  week: z.strictObject(
    Object.fromEntries(WEEKDAYS.map((d) => [d, Intervals.optional()])) as Record<
      Weekday,
      z.ZodOptional<typeof Intervals>
    >,
  ),
  /**
   * Dated exceptions: a holiday has no working time; a make-up working day (调休) works the intervals
   * given, or those of a Monday when none are.
   */
  exceptions: z
    .array(
      z.discriminatedUnion('kind', [
        z.strictObject({
          date: z.string().refine(isBusinessDate, 'A date is written YYYY-MM-DD'),
          kind: z.literal('holiday'),
          name: z.string().max(100).optional(),
        }),
        z.strictObject({
          date: z.string().refine(isBusinessDate, 'A date is written YYYY-MM-DD'),
          kind: z.literal('workday'),
          intervals: Intervals.optional(),
          name: z.string().max(100).optional(),
        }),
      ]),
    )
    .max(2000)
    .default([])
    .refine((list) => new Set(list.map((e) => e.date)).size === list.length, 'One exception per date'),
});

export type WorkingCalendarDefinition = z.input<typeof workingCalendarSchema>;

/** Monday to Friday, 09:00–12:00 and 13:00–18:00 (8 working hours), no holidays. */
export const standardWorkingWeek = (timeZone: string): WorkingCalendarDefinition => {
  const day = ['09:00-12:00', '13:00-18:00'];
  return { timeZone, week: { mon: day, tue: day, wed: day, thu: day, fri: day }, exceptions: [] };
};

export interface WorkingCalendar {
  readonly timeZone: string;
  /** Whether the company works on `date` (a weekday with intervals or a make-up day, not a holiday). */
  isWorkingDay(date: BusinessDate): boolean;
  /** The working intervals of `date` as instants, in order. */
  intervalsOn(date: BusinessDate): ReadonlyArray<readonly [start: number, end: number]>;
  /**
   * The instant when `ms` of working time have passed after `start`. With `ms` 0 it is `start`;
   * otherwise the end of the working time used, so a target that fills an interval ends with it.
   */
  addWorkingTime(start: Date, ms: number): Date;
  /** Working time in milliseconds between two instants; 0 when `to` is not after `from`. */
  workingTimeBetween(from: Date, to: Date): number;
  /** The `n`-th working day after `date` (`n` ≥ 0; 0 is `date` itself whatever it is). */
  addWorkingDays(date: BusinessDate, n: number): BusinessDate;
}

const DAY_LIMIT = 3660;
const weekdayOf = (date: BusinessDate): Weekday =>
  WEEKDAYS[(new Date(`${date}T00:00:00.000Z`).getUTCDay() + 6) % 7]!;

/** Builds a calendar from its definition (validated: a bad one throws a zod error). */
export function workingCalendar(definition: WorkingCalendarDefinition): WorkingCalendar {
  const def = workingCalendarSchema.parse(definition);
  const exceptions = new Map(def.exceptions.map((e) => [e.date, e]));
  const hasWorkingTime =
    WEEKDAYS.some((d) => (def.week[d]?.length ?? 0) > 0) || def.exceptions.some((e) => e.kind === 'workday');
  const cache = new Map<BusinessDate, Array<readonly [number, number]>>();
  const totals = new Map<BusinessDate, number>();

  const localIntervals = (date: BusinessDate): string[] => {
    const exception = exceptions.get(date);
    if (exception?.kind === 'holiday') return [];
    if (exception?.kind === 'workday') return exception.intervals ?? def.week.mon ?? [];
    return def.week[weekdayOf(date)] ?? [];
  };
  const instant = (date: BusinessDate, time: string) =>
    time === '24:00'
      ? startOfDayInZone(addDays(date, 1), def.timeZone).getTime()
      : instantInZone(date, time, def.timeZone).getTime();

  const intervalsOn = (date: BusinessDate) => {
    let out = cache.get(date);
    if (!out) {
      out = localIntervals(date)
        .slice()
        .sort()
        .map((s) => [instant(date, s.slice(0, 5)), instant(date, s.slice(6))] as const)
        // A daylight-saving jump can make a local interval empty.
        .filter(([a, b]) => b > a);
      if (cache.size > 5000) cache.clear();
      cache.set(date, out);
    }
    return out;
  };
  const totalOn = (date: BusinessDate) => {
    let t = totals.get(date);
    if (t === undefined) {
      t = intervalsOn(date).reduce((sum, [a, b]) => sum + b - a, 0);
      if (totals.size > 5000) totals.clear();
      totals.set(date, t);
    }
    return t;
  };
  // Intervals of a day may begin before its local midnight's instant only through DST oddities, so
  // the day before the instant's date is looked at too.
  const firstDateFor = (at: number) => addDays(dateInZone(new Date(at), def.timeZone), -1);

  return {
    timeZone: def.timeZone,
    isWorkingDay: (date) => intervalsOn(date).length > 0,
    intervalsOn,
    addWorkingTime(start, ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`Working time must be ≥ 0, got ${ms}`);
      const from = start.getTime();
      if (ms === 0) return new Date(from);
      if (!hasWorkingTime) throw new RangeError('The working calendar has no working time');
      let left = ms;
      let date = firstDateFor(from);
      for (let i = 0; ; i++) {
        if (i > DAY_LIMIT * 10) throw new RangeError('No working time found within the calendar range');
        const total = totalOn(date);
        const intervals = intervalsOn(date);
        const dayStart = intervals[0]?.[0] ?? 0;
        // A whole working day after the start is used at once.
        if (total > 0 && dayStart >= from && total < left) {
          left -= total;
        } else {
          for (const [a, b] of intervals) {
            if (b <= from) continue;
            const begin = Math.max(a, from);
            if (left <= b - begin) return new Date(begin + left);
            left -= b - begin;
          }
        }
        date = addDays(date, 1);
      }
    },
    workingTimeBetween(fromDate, toDate) {
      const from = fromDate.getTime();
      const to = toDate.getTime();
      if (!(to > from)) return 0;
      let sum = 0;
      const last = addDays(dateInZone(new Date(to), def.timeZone), 1);
      for (let date = firstDateFor(from); date <= last; date = addDays(date, 1)) {
        const intervals = intervalsOn(date);
        if (intervals.length === 0) continue;
        const first = intervals[0]![0];
        const end = intervals[intervals.length - 1]![1];
        if (first >= from && end <= to) {
          sum += totalOn(date);
          continue;
        }
        for (const [a, b] of intervals) {
          const lo = Math.max(a, from);
          const hi = Math.min(b, to);
          if (hi > lo) sum += hi - lo;
        }
      }
      return sum;
    },
    addWorkingDays(date, n) {
      if (!Number.isInteger(n) || n < 0)
        throw new RangeError(`Working days must be a whole number ≥ 0, got ${n}`);
      if (n > 0 && !hasWorkingTime) throw new RangeError('The working calendar has no working days');
      let d = date;
      for (let left = n, i = 0; left > 0; i++) {
        if (i > DAY_LIMIT * 10) throw new RangeError('No working day found within the calendar range');
        d = addDays(d, 1);
        if (intervalsOn(d).length > 0) left--;
      }
      return d;
    },
  };
}
