import { ProblemError } from '@kehu/core';

/**
 * A fixed-window counter per client key (the caller's address): enough to stop a script guessing
 * tokens or flooding answers through the public routes, kept in memory per process.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  constructor(
    private readonly perMinute: number,
    private readonly now: () => number,
  ) {}

  check(key: string): void {
    const t = this.now();
    const w = this.windows.get(key);
    if (!w || t - w.start >= 60_000) {
      if (this.windows.size > 10_000) this.windows.clear();
      this.windows.set(key, { start: t, count: 1 });
      return;
    }
    w.count++;
    if (w.count > this.perMinute) {
      const retryAfter = Math.ceil((w.start + 60_000 - t) / 1000);
      throw new ProblemError({
        status: 429,
        code: 'rate_limited',
        detail: `Too many requests; try again in ${retryAfter} s`,
        data: { retryAfter },
      });
    }
  }
}
