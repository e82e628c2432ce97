import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import {
  addDays,
  addMonths,
  dayOfNextMonth,
  daysBefore,
  daysBetween,
  endOfMonth,
  isBusinessDate,
  isMonthKey,
  monthKey,
  monthsBefore,
  nextMonth,
  previousMonth,
  startOfMonth,
} from './business-dates.js';
import { assertTimeZone, companyClock } from './company-clock.js';
import { dateInZone, startOfDayInZone } from './time-zone.js';

describe('business dates', () => {
  it('counts days and calendar months on YYYY-MM-DD', () => {
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(daysBefore('2026-03-01', 90)).toBe('2025-12-01');
    expect(daysBetween('2026-01-31', '2026-03-01')).toBe(29);
    expect(daysBetween('2026-03-01', '2026-01-31')).toBe(-29);
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(monthsBefore('2026-03-31', 2)).toBe('2026-01-31');
    expect(monthsBefore('2026-04-30', 2)).toBe('2026-02-28');
  });

  it('knows months: keys, first and last days, the 10th of the next month', () => {
    expect(monthKey('2026-03-15')).toBe('2026-03');
    expect(startOfMonth('2026-03-15')).toBe('2026-03-01');
    expect(endOfMonth('2026-02')).toBe('2026-02-28');
    expect(endOfMonth('2028-02-10')).toBe('2028-02-29');
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(nextMonth('2026-12')).toBe('2027-01');
    expect(dayOfNextMonth('2026-12-31', 10)).toBe('2027-01-10');
    expect(dayOfNextMonth('2026-01', 31)).toBe('2026-02-28');
  });

  it('accepts real days only, and years before 100 as written', () => {
    expect(isBusinessDate('2026-02-29')).toBe(false);
    expect(isBusinessDate('2028-02-29')).toBe(true);
    expect(isBusinessDate('2026-3-1')).toBe(false);
    expect(isBusinessDate('0020-01-01')).toBe(true);
    expect(addDays('0020-12-31', 1)).toBe('0021-01-01');
    expect(isMonthKey('2026-13')).toBe(false);
    expect(isMonthKey('2026-12')).toBe(true);
  });
});

describe('the company clock', () => {
  it("gives today's date in the company's zone, not UTC's", () => {
    const manual = new ManualClock('2026-03-14T23:30:00.000Z'); // 07:30 on the 15th in Beijing
    const beijing = companyClock(manual, 'Asia/Shanghai');
    expect(beijing.today()).toBe('2026-03-15');
    expect(companyClock(manual, 'UTC').today()).toBe('2026-03-14');
    expect(companyClock(manual, 'America/New_York').today()).toBe('2026-03-14');
    manual.set('2026-03-31T16:00:00.000Z'); // 00:00 on 1 April in Beijing
    expect(beijing.today()).toBe('2026-04-01');
    expect(beijing.currentMonth()).toBe('2026-04');
    expect(beijing.dateOf('2026-03-31T15:59:59.999Z')).toBe('2026-03-31');
  });

  it('finds the instant a company day begins, across daylight-saving changes', () => {
    expect(startOfDayInZone('2026-03-15', 'Asia/Shanghai').toISOString()).toBe('2026-03-14T16:00:00.000Z');
    expect(startOfDayInZone('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfDayInZone('2026-03-09', 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
    // Clocks in Santiago jump from 24:00 to 01:00: the day begins at 01:00 local time.
    const start = startOfDayInZone('2026-09-06', 'America/Santiago');
    expect(dateInZone(start, 'America/Santiago')).toBe('2026-09-06');
    expect(dateInZone(new Date(start.getTime() - 1), 'America/Santiago')).toBe('2026-09-05');
  });

  it('gives each zone its own day within one second, and the new day from midnight on', () => {
    const midnight = new Date('2026-03-31T16:00:00.000Z'); // 00:00 on 1 April in Beijing
    const before = new Date(midnight.getTime() - 1);
    expect(dateInZone(before, 'Asia/Shanghai')).toBe('2026-03-31');
    expect(dateInZone(midnight, 'Asia/Shanghai')).toBe('2026-04-01');
    expect(dateInZone(new Date(midnight.getTime() + 999), 'Asia/Shanghai')).toBe('2026-04-01');
    expect(dateInZone(new Date(midnight.getTime() + 999), 'America/New_York')).toBe('2026-03-31');
    expect(dateInZone(new Date(midnight.getTime() + 999), 'Asia/Shanghai')).toBe('2026-04-01');
    expect(dateInZone(before, 'Asia/Shanghai')).toBe('2026-03-31');
  });

  it('refuses a zone the runtime does not know', () => {
    expect(assertTimeZone('asia/shanghai')).toBe('Asia/Shanghai');
    expect(() => assertTimeZone('Mars/Olympus_Mons')).toThrow(/not an IANA time zone/);
    expect(() => assertTimeZone('')).toThrow(RangeError);
  });
});
