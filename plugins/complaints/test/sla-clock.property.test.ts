import { WEEKDAYS, workingCalendar } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ClockState, deadline, elapsed, pause, resume } from '../src/sla-clock.js';

const BASE = Date.parse('2026-03-02T00:00:00Z');
const at = (h: number) => `${String(Math.floor(h / 2)).padStart(2, '0')}:${h % 2 ? '30' : '00'}`;
const day = fc.uniqueArray(fc.integer({ min: 0, max: 48 }), { maxLength: 6 }).map((points) => {
  const p = [...points].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i + 1 < p.length; i += 2) out.push(`${at(p[i]!)}-${at(p[i + 1]!)}`);
  return out;
});
const calendar = fc
  .record({
    timeZone: fc.constantFrom('Asia/Shanghai', 'UTC', 'America/New_York'),
    week: fc.tuple(...WEEKDAYS.map(() => day)),
    holidays: fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 6 }),
  })
  .filter((r) => r.week.some((d) => d.length > 0))
  .map((r) =>
    workingCalendar({
      timeZone: r.timeZone,
      week: Object.fromEntries(WEEKDAYS.map((d, i) => [d, r.week[i]!])),
      exceptions: r.holidays.map((n) => ({
        date: new Date(BASE + n * 86_400_000).toISOString().slice(0, 10),
        kind: 'holiday' as const,
      })),
    }),
  );
/** Minutes between successive events: pause, resume, pause, … */
const gaps = fc.array(fc.integer({ min: 1, max: 3 * 24 * 60 }), { maxLength: 8 });

describe('the SLA clock', () => {
  it('never runs backwards, stands still while paused, and its deadline is start + target + paused time', () => {
    fc.assert(
      fc.property(
        calendar,
        fc.integer({ min: 0, max: 10 * 24 * 60 }),
        gaps,
        fc.integer({ min: 1, max: 40 * 60 }),
        (cal, start, steps, targetMin) => {
          let clock: ClockState = { startedAt: BASE + start * 60_000, pausedMs: 0, pausedSince: null };
          let now = clock.startedAt;
          let last = 0;
          let pausedTotal = 0;
          for (const [i, gap] of steps.entries()) {
            const before = elapsed(cal, clock, now);
            now += gap * 60_000;
            const after = elapsed(cal, clock, now);
            expect(after).toBeGreaterThanOrEqual(0);
            expect(after).toBeGreaterThanOrEqual(before);
            if (clock.pausedSince !== null) {
              // Pauses never count.
              expect(after).toBe(before);
              pausedTotal += cal.workingTimeBetween(new Date(clock.pausedSince), new Date(now));
              clock = resume(cal, clock, now);
              // Resuming twice adds nothing more.
              expect(resume(cal, clock, now)).toEqual(clock);
            } else if (i < steps.length - 1) {
              clock = pause(clock, now);
            }
            expect(elapsed(cal, clock, now)).toBe(after);
            last = after;
          }
          expect(clock.pausedMs).toBe(pausedTotal);
          // The last event never starts a pause: elapsed is all working time since the start but the pauses.
          expect(clock.pausedSince).toBeNull();
          expect(last).toBe(cal.workingTimeBetween(new Date(clock.startedAt), new Date(now)) - pausedTotal);
          const target = targetMin * 60_000;
          const due = deadline(cal, clock, target)!;
          expect(cal.workingTimeBetween(new Date(clock.startedAt), new Date(due))).toBe(
            target + clock.pausedMs,
          );
          expect(deadline(cal, pause(clock, now), target)).toBeNull();
        },
      ),
      { numRuns: 200 },
    );
  });
});
