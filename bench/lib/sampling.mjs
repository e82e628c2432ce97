/** Seeded sample data and the statistics the benchmark modules report. */

/** A seeded pseudo-random generator (mulberry32): the same data set in every run. Returns [0, 1). */
export function random(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The `p` (0–1) percentile of ascending `sorted` values, nearest rank below. */
export const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

/** The middle value (the upper one of an even count). */
export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** `n` rounded to `d` decimals. */
export const round = (n, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
