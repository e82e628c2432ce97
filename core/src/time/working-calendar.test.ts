import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  standardWorkingWeek,
  WEEKDAYS,
  type WorkingCalendarDefinition,
  workingCalendar,
} from './working-calendar.js';

const HOUR = 3_600_000;
const shanghai = (local: string) => new Date(`${local}:00+08:00`);
// 2026-12-04 is a Friday; 12-05/06 the weekend; 12-07 a Monday.
const week = standardWorkingWeek('Asia/Shanghai');

describe('working calendar', () => {
  it('skips the weekend and the lunch break', () => {
    const cal = workingCalendar(week);
    expect(cal.addWorkingTime(shanghai('2026-12-04T17:00'), 2 * HOUR)).toEqual(shanghai('2026-12-07T10:00'));
    expect(cal.addWorkingTime(shanghai('2026-12-07T11:30'), HOUR)).toEqual(shanghai('2026-12-07T13:30'));
    expect(cal.workingTimeBetween(shanghai('2026-12-04T17:00'), shanghai('2026-12-07T10:00'))).toBe(2 * HOUR);
    expect(cal.workingTimeBetween(shanghai('2026-12-07T11:30'), shanghai('2026-12-07T13:30'))).toBe(HOUR);
    // Starting outside working time counts from the next interval; a target that fills it ends with it.
    expect(cal.addWorkingTime(shanghai('2026-12-05T08:00'), HOUR)).toEqual(shanghai('2026-12-07T10:00'));
    expect(cal.addWorkingTime(shanghai('2026-12-07T09:00'), 3 * HOUR)).toEqual(shanghai('2026-12-07T12:00'));
    expect(cal.addWorkingTime(shanghai('2026-12-07T09:00'), 8 * HOUR)).toEqual(shanghai('2026-12-07T18:00'));
    expect(cal.addWorkingTime(shanghai('2026-12-07T09:00'), 40 * HOUR)).toEqual(shanghai('2026-12-11T18:00'));
    expect(cal.addWorkingTime(shanghai('2026-12-05T08:00'), 0)).toEqual(shanghai('2026-12-05T08:00'));
    expect(cal.workingTimeBetween(shanghai('2026-12-07T10:00'), shanghai('2026-12-07T09:00'))).toBe(0);
    expect(cal.addWorkingDays('2026-12-04', 3)).toBe('2026-12-09');
    expect(cal.addWorkingDays('2026-12-05', 1)).toBe('2026-12-07');
    expect(cal.addWorkingDays('2026-12-05', 0)).toBe('2026-12-05');
  });

  it('takes holidays off and works make-up days (调休), with their own intervals when given', () => {
    const cal = workingCalendar({
      ...week,
      exceptions: [
        { date: '2026-12-07', kind: 'holiday', name: 'Company day' },
        { date: '2026-12-05', kind: 'workday', name: '调休' },
        { date: '2026-12-12', kind: 'workday', intervals: ['10:00-11:00'] },
      ],
    });
    expect(cal.isWorkingDay('2026-12-05')).toBe(true);
    expect(cal.isWorkingDay('2026-12-07')).toBe(false);
    expect(cal.addWorkingTime(shanghai('2026-12-04T17:00'), 2 * HOUR)).toEqual(shanghai('2026-12-05T10:00'));
    expect(cal.addWorkingTime(shanghai('2026-12-05T17:00'), 2 * HOUR)).toEqual(shanghai('2026-12-08T10:00'));
    expect(cal.workingTimeBetween(shanghai('2026-12-04T00:00'), shanghai('2026-12-09T00:00'))).toBe(
      3 * 8 * HOUR,
    );
    expect(cal.addWorkingDays('2026-12-04', 3)).toBe('2026-12-09');
    expect(cal.addWorkingDays('2026-12-11', 1)).toBe('2026-12-12');
    expect(cal.workingTimeBetween(shanghai('2026-12-12T00:00'), shanghai('2026-12-13T00:00'))).toBe(HOUR);
  });

  it('reads intervals as wall-clock times in the zone, across a daylight-saving change', () => {
    // Berlin springs forward on 2026-03-29 (a Sunday): that day has 23 hours.
    const cal = workingCalendar({ timeZone: 'Europe/Berlin', week: { sun: ['00:00-24:00'] } });
    expect(cal.workingTimeBetween(new Date('2026-03-28T00:00:00Z'), new Date('2026-03-31T00:00:00Z'))).toBe(
      23 * HOUR,
    );
    const monday = workingCalendar({ timeZone: 'Europe/Berlin', week: { mon: ['09:00-17:00'] } });
    expect(monday.addWorkingTime(new Date('2026-03-27T12:00:00Z'), HOUR)).toEqual(
      new Date('2026-03-30T08:00:00Z'),
    );
  });

  it('refuses an invalid definition and a calendar without working time', () => {
    expect(() => workingCalendar({ timeZone: 'Mars/Base', week: {} })).toThrow(/time zone/);
    expect(() => workingCalendar({ timeZone: 'UTC', week: { mon: ['09:00-12:00', '11:00-13:00'] } })).toThrow(
      /overlap/,
    );
    expect(() => workingCalendar({ timeZone: 'UTC', week: { mon: ['12:00-09:00'] } })).toThrow(/ends after/);
    expect(() => workingCalendar({ timeZone: 'UTC', week: { mon: ['9:00-12:00'] } })).toThrow(/HH:MM/);
    const empty = workingCalendar({ timeZone: 'UTC', week: {} });
    expect(() => empty.addWorkingTime(new Date(), HOUR)).toThrow(/no working time/);
    expect(empty.workingTimeBetween(new Date(0), new Date(HOUR))).toBe(0);
  });
});

const dayIntervals = fc.uniqueArray(fc.integer({ min: 0, max: 48 }), { maxLength: 6 }).map((points) => {
  const sorted = [...points].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i + 1 < sorted.length; i += 2) {
    const at = (h: number) => `${String(Math.floor(h / 2)).padStart(2, '0')}:${h % 2 ? '30' : '00'}`;
    out.push(`${at(sorted[i]!)}-${at(sorted[i + 1]!)}`);
  }
  return out;
});
const arbCalendar: fc.Arbitrary<WorkingCalendarDefinition> = fc
  .record({
    timeZone: fc.constantFrom('Asia/Shanghai', 'UTC', 'Europe/Berlin', 'America/New_York'),
    week: fc.tuple(...WEEKDAYS.map(() => dayIntervals)),
    holidays: fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 8 }),
    workdays: fc.uniqueArray(fc.integer({ min: 61, max: 90 }), { maxLength: 4 }),
  })
  .filter((r) => r.week.some((d) => d.length > 0))
  .map((r) => ({
    timeZone: r.timeZone,
    week: Object.fromEntries(WEEKDAYS.map((d, i) => [d, r.week[i]!])),
    exceptions: [
      ...r.holidays.map((n) => ({ date: dateAfter(n), kind: 'holiday' as const })),
      ...r.workdays.map((n) => ({ date: dateAfter(n), kind: 'workday' as const })),
    ],
  }));
const BASE = Date.parse('2026-03-01T00:00:00Z');
const dateAfter = (days: number) => new Date(BASE + days * 86_400_000).toISOString().slice(0, 10);
const instant = fc.integer({ min: 0, max: 90 * 24 * 60 }).map((m) => new Date(BASE + m * 60_000));

describe('working calendar properties', () => {
  it('between is never negative, additive, and undoes addWorkingTime', () => {
    fc.assert(
      fc.property(
        arbCalendar,
        instant,
        instant,
        instant,
        fc.integer({ min: 0, max: 60 * HOUR }),
        (def, a, b, c, target) => {
          const cal = workingCalendar(def);
          const [x, y, z] = [a, b, c].sort((p, q) => p.getTime() - q.getTime()) as [Date, Date, Date];
          const xy = cal.workingTimeBetween(x, y);
          expect(xy).toBeGreaterThanOrEqual(0);
          expect(xy).toBeLessThanOrEqual(y.getTime() - x.getTime());
          expect(cal.workingTimeBetween(y, x)).toBe(0);
          expect(cal.workingTimeBetween(x, z)).toBe(xy + cal.workingTimeBetween(y, z));
          const due = cal.addWorkingTime(x, target);
          expect(due.getTime()).toBeGreaterThanOrEqual(x.getTime());
          expect(cal.workingTimeBetween(x, due)).toBe(target);
          // The earliest such instant: a moment before it, less working time has passed.
          if (target > 0) expect(cal.workingTimeBetween(x, new Date(due.getTime() - 1))).toBe(target - 1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('counts n working days forward onto working days only', () => {
    fc.assert(
      fc.property(
        arbCalendar,
        fc.integer({ min: 0, max: 80 }),
        fc.integer({ min: 1, max: 10 }),
        (def, d, n) => {
          const cal = workingCalendar(def);
          const from = dateAfter(d);
          const to = cal.addWorkingDays(from, n);
          expect(to > from).toBe(true);
          expect(cal.isWorkingDay(to)).toBe(true);
          let count = 0;
          for (let day = from; day < to; ) {
            day = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
            if (cal.isWorkingDay(day)) count++;
          }
          expect(count).toBe(n);
        },
      ),
      { numRuns: 200 },
    );
  });
});
