import { addDays, addMonths, daysBetween, endOfMonth, isBusinessDate, previousMonth } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { bucketDefs, bucketIndex } from '../src/ageing.js';
import { dso } from '../src/standing.js';

describe('dates', () => {
  it('does calendar arithmetic on YYYY-MM-DD strings', () => {
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(daysBetween('2026-03-11', '2026-03-12')).toBe(1);
    expect(daysBetween('2026-03-12', '2026-03-11')).toBe(-1);
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-03-31', -2)).toBe('2026-01-31');
    expect(addMonths('2026-01-15', -2)).toBe('2025-11-15');
    expect(endOfMonth('2024-02')).toBe('2024-02-29');
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(isBusinessDate('2026-02-29')).toBe(false);
    expect(isBusinessDate('2028-02-29')).toBe(true);
  });
});

describe('ageing buckets', () => {
  it('names buckets and places days overdue in them', () => {
    expect(bucketDefs([30, 60, 90]).map((b) => b.key)).toEqual(['not_due', '1-30', '31-60', '61-90', '>90']);
    expect(bucketIndex('2026-03-01', '2026-03-01', [30, 60, 90])).toBe(0);
    expect(bucketIndex('2026-02-28', '2026-03-01', [30, 60, 90])).toBe(1);
    expect(bucketIndex('2026-01-30', '2026-03-01', [30, 60, 90])).toBe(1);
    expect(bucketIndex('2026-01-29', '2026-03-01', [30, 60, 90])).toBe(2);
    expect(bucketIndex('2025-12-01', '2026-03-01', [30, 60, 90])).toBe(3);
    expect(bucketIndex('2025-11-30', '2026-03-01', [30, 60, 90])).toBe(4);
  });

  it('measures DSO against the sales of the window', () => {
    expect(dso(50_000, 150_000, 90)).toBe(30);
    expect(dso(0, 0, 90)).toBe(0);
    expect(dso(10, 0, 90)).toBeNull();
  });
});

describe('ageing cell levels', () => {
  it('tile the calendar: every day lies in exactly one unit per level, units follow each other', async () => {
    const { LEVELS } = await import('../src/ageing-cells.js');
    for (const level of LEVELS) {
      let day = '2027-12-20';
      let unit = level.start(day);
      for (let i = 0; i < 500; i++) {
        const next = addDays(day, 1);
        const s = level.start(next);
        if (s !== unit) {
          expect(s).toBe(next);
          expect(level.next(unit)).toBe(next);
          unit = s;
        }
        expect(level.start(unit)).toBe(unit);
        day = next;
      }
    }
  });
});
