/**
 * Dates and times of day as the company reads them, in its time zone: "today", and the instant a
 * local date and time stand for. Until the kernel is configured with a company time zone, it is UTC.
 */
export interface CompanyCalendar {
  readonly timeZone: string;
  /** `YYYY-MM-DD` of the instant in the company's zone. */
  dateOf(at: Date): string;
  /** `HH:MM` of the instant in the company's zone. */
  timeOf(at: Date): string;
  /** The instant of a local date and `HH:MM` time in the company's zone. */
  instantOf(date: string, time: string): Date;
  /** The first instant of the day after `date`: a date-only deadline ends just before it. */
  endOf(date: string): Date;
}

function wallClock(formatter: Intl.DateTimeFormat, at: Date): number {
  const parts: Record<string, number> = {};
  for (const p of formatter.formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
}

export function companyCalendar(timeZone = 'UTC'): CompanyCalendar {
  const formatter = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const offsetAt = (at: Date) => wallClock(formatter, at) - Math.floor(at.getTime() / 1000) * 1000;
  return {
    timeZone,
    dateOf(at) {
      return new Date(at.getTime() + offsetAt(at)).toISOString().slice(0, 10);
    },
    timeOf(at) {
      return new Date(at.getTime() + offsetAt(at)).toISOString().slice(11, 16);
    },
    endOf(date) {
      const next = new Date(Date.parse(`${date}T00:00:00.000Z`) + 86_400_000).toISOString().slice(0, 10);
      return this.instantOf(next, '00:00');
    },
    instantOf(date, time) {
      const wall = Date.parse(`${date}T${time}:00.000Z`);
      // The offset at the wall time read as UTC, corrected once for a DST change in between.
      const first = wall - offsetAt(new Date(wall));
      return new Date(wall - offsetAt(new Date(first)));
    },
  };
}
