import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currencyExponent, isCurrency } from './currencies.js';
import { formatMoney, formatMoneyDecimal, MAX_MONEY_AMOUNT, multiplyMoney, parseMoney } from './money.js';
import { MoneyTotals } from './money-totals.js';

describe('currencies', () => {
  it('have their ISO 4217 exponent, also where Intl display digits differ', () => {
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('CNY')).toBe(2);
    expect(currencyExponent('KWD')).toBe(3);
    expect(currencyExponent('IQD')).toBe(3);
    expect(currencyExponent('IDR')).toBe(2);
    expect(currencyExponent('CLF')).toBe(4);
    expect(isCurrency('XYZ')).toBe(false);
    expect(isCurrency('XAU')).toBe(false);
    expect(isCurrency('cny')).toBe(false);
    expect(() => currencyExponent('XYZ')).toThrow(RangeError);
  });
});

describe('money', () => {
  it('parses and writes decimal strings by exponent', () => {
    expect(parseMoney('12.34', 'CNY')).toBe(1234);
    expect(parseMoney('12.3', 'CNY')).toBe(1230);
    expect(parseMoney('50000', 'JPY')).toBe(50000);
    expect(parseMoney('-0.005', 'KWD')).toBe(-5);
    expect(() => parseMoney('1.5', 'JPY')).toThrow(/0 decimal places/);
    expect(() => parseMoney('1e3', 'CNY')).toThrow(RangeError);
    expect(formatMoneyDecimal(1234, 'CNY')).toBe('12.34');
    expect(formatMoneyDecimal(-5, 'KWD')).toBe('-0.005');
    expect(formatMoneyDecimal(50000, 'JPY')).toBe('50000');
  });

  it('formats for people with Intl, by the exponent', () => {
    expect(formatMoney(5_000_000, 'CNY', 'zh-CN')).toBe('¥50,000.00');
    expect(formatMoney(50_000, 'JPY', 'en')).toBe('¥50,000');
    expect(formatMoney(1234, 'KWD', 'en')).toMatch(/^KWD\s1\.234$/);
    expect(formatMoney(MAX_MONEY_AMOUNT - 1, 'CNY', 'en')).toBe('CN¥9,999,999,999,999.99');
  });

  it('multiplies quantity × unit price exactly, rounding half away from zero', () => {
    // 473122.554 × 1,370,417,943 = 648,375,637,239,586.422 minor units.
    expect(multiplyMoney(473122.554, 1_370_417_943)).toBe(648_375_637_239_586);
    expect(multiplyMoney(2.5, 1)).toBe(3);
    expect(multiplyMoney(0.0005 * 1000, 3)).toBe(2); // 0.5 × 3 = 1.5 → 2
    expect(multiplyMoney(-2.5, 1)).toBe(-3);
    expect(multiplyMoney(0.1, 10)).toBe(1);
    expect(() => multiplyMoney(1.0001, 1)).toThrow(/more than 3 decimals/);
    expect(() => multiplyMoney(1e6, MAX_MONEY_AMOUNT)).toThrow(RangeError);
  });

  it('agrees with exact decimal arithmetic over the accepted ranges', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000_000 }), // quantity in thousandths: up to 1,000,000.000
        fc.integer({ min: 0, max: MAX_MONEY_AMOUNT }),
        (milli, unitPrice) => {
          const exact = BigInt(milli) * BigInt(unitPrice);
          const expected = exact / 1000n + (exact % 1000n >= 500n ? 1n : 0n);
          fc.pre(expected <= BigInt(Number.MAX_SAFE_INTEGER));
          expect(BigInt(multiplyMoney(milli / 1000, unitPrice))).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('MoneyTotals', () => {
  it('sums per currency and never across', () => {
    const totals = new MoneyTotals([
      { currency: 'CNY', amount: 1000 },
      { currency: 'JPY', amount: 50_000 },
    ]).add('CNY', 250);
    expect(totals.toArray()).toEqual([
      { currency: 'CNY', amount: 1250 },
      { currency: 'JPY', amount: 50_000 },
    ]);
    expect(totals.get('USD')).toBe(0);
    expect(totals.format('en')).toBe('CN¥12.50 + ¥50,000');
    expect(() => totals.add('XYZ', 1)).toThrow(RangeError);
  });

  it('adds exactly beyond 2^53 and refuses to hand out an inexact total', () => {
    const totals = new MoneyTotals();
    for (let i = 0; i < 10; i++) totals.add('CNY', MAX_MONEY_AMOUNT);
    expect(() => totals.get('CNY')).toThrow(RangeError);
    totals.add('CNY', -9 * MAX_MONEY_AMOUNT);
    expect(totals.get('CNY')).toBe(MAX_MONEY_AMOUNT);
  });
});
