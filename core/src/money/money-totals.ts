import { currencyExponent } from './currencies.js';
import { formatMoney, type MoneyLocale } from './money.js';

/** An amount with its currency, as the API writes money. */
export interface MoneyAmount {
  currency: string;
  amount: number;
}

/**
 * Sums kept per currency, never across: 1,000 CNY and 50,000 JPY stay two figures. Added in BigInt
 * so a long sum is exact; reading a total beyond 2^53 is a RangeError.
 */
export class MoneyTotals {
  private readonly sums = new Map<string, bigint>();

  constructor(amounts: Iterable<MoneyAmount> = []) {
    for (const a of amounts) this.add(a.currency, a.amount);
  }

  add(currency: string, amount: number | bigint): this {
    currencyExponent(currency);
    if (typeof amount === 'number' && !Number.isSafeInteger(amount))
      throw new RangeError(`${amount} is not whole minor units`);
    this.sums.set(currency, (this.sums.get(currency) ?? 0n) + BigInt(amount));
    return this;
  }

  /** The total in one currency; 0 when nothing was added in it. */
  get(currency: string): number {
    const sum = this.sums.get(currency) ?? 0n;
    const n = Number(sum);
    if (!Number.isSafeInteger(n))
      throw new RangeError(`The ${currency} total ${sum} is beyond a number's exact range`);
    return n;
  }

  has(currency: string): boolean {
    return this.sums.has(currency);
  }

  /** Currencies with a total, alphabetically. */
  currencies(): string[] {
    return [...this.sums.keys()].sort();
  }

  /** Every total, alphabetically by currency. */
  toArray(): MoneyAmount[] {
    return this.currencies().map((currency) => ({ currency, amount: this.get(currency) }));
  }

  /** Whether every total is zero (or nothing was added). */
  isZero(): boolean {
    return [...this.sums.values()].every((s) => s === 0n);
  }

  /** The totals for people, one per currency: "CN¥10.00 + ¥50,000". */
  format(locale: MoneyLocale = 'en'): string {
    return this.toArray()
      .map((t) => formatMoney(t.amount, t.currency, locale))
      .join(' + ');
  }
}
