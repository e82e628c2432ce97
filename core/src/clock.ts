/** All "now" in Kehu goes through a clock so tests and `kehu jobs run --at` can move time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string = '2026-01-01T00:00:00.000Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }

  advance(ms: number): void {
    this.current += ms;
  }

  advanceDays(days: number): void {
    this.current += days * 86_400_000;
  }
}

/** `YYYY-MM-DD` of a UTC instant. */
export const isoDate = (d: Date): string => d.toISOString().slice(0, 10);
