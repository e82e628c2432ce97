import type { UiFormat, UiLanguage } from '@kehu/core';

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Dates in the company's time zone and numbers in the reader's language, all through Intl. */
export function formatter(lang: UiLanguage, timeZone: string): UiFormat {
  const date = cached(
    `d|${lang}|${timeZone}`,
    () => new Intl.DateTimeFormat(lang, { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
  ) as Intl.DateTimeFormat;
  const plainDate = cached(
    `pd|${lang}`,
    () =>
      new Intl.DateTimeFormat(lang, { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }),
  ) as Intl.DateTimeFormat;
  const dateTime = cached(
    `dt|${lang}|${timeZone}`,
    () =>
      new Intl.DateTimeFormat(lang, {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }),
  ) as Intl.DateTimeFormat;
  return {
    date: (v) =>
      typeof v === 'string' && DATE_ONLY.test(v)
        ? plainDate.format(new Date(`${v}T00:00:00Z`))
        : date.format(new Date(v)),
    dateTime: (v) => dateTime.format(new Date(v)),
    number: (v, options) =>
      options
        ? new Intl.NumberFormat(lang, options).format(v)
        : (cached(`n|${lang}`, () => new Intl.NumberFormat(lang)) as Intl.NumberFormat).format(v),
    money(minor, currency) {
      const f = cached(
        `m|${lang}|${currency}`,
        () => new Intl.NumberFormat(lang, { style: 'currency', currency }),
      ) as Intl.NumberFormat;
      const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
      // Exact: split the integer minor units instead of dividing a float.
      const big = BigInt(minor);
      const scale = 10n ** BigInt(digits);
      const negative = big < 0n;
      const abs = negative ? -big : big;
      const text = `${negative ? '-' : ''}${abs / scale}${digits > 0 ? `.${(abs % scale).toString().padStart(digits, '0')}` : ''}`;
      return f.format(text as unknown as number);
    },
  };
}
