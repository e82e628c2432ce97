import { currencyExponent } from './currencies.js';

/**
 * Money is an integer count of the currency's minor unit (分 for CNY, yen for JPY, fils for KWD).
 * Arithmetic that can leave a double's exact range (products) is done in BigInt.
 */

/** The largest amount accepted anywhere, in minor units: far beyond any invoice, well inside 2^53. */
export const MAX_MONEY_AMOUNT = 1_000_000_000_000_000;

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * Minor units of a decimal string in the currency's major unit: `"12.34"` CNY → 1234, `"50000"` JPY
 * → 50000. More decimals than the currency has, or anything but digits, is a RangeError.
 */
export function parseMoney(decimal: string, currency: string): number {
  const exponent = currencyExponent(currency);
  const m = DECIMAL.exec(decimal.trim());
  if (!m) throw new RangeError(`"${decimal}" is not a decimal amount`);
  const [, sign, whole, fraction = ''] = m;
  if (fraction.length > exponent)
    throw new RangeError(`${currency} has ${exponent} decimal places; "${decimal}" has ${fraction.length}`);
  const minor = BigInt(whole! + fraction.padEnd(exponent, '0')) * (sign ? -1n : 1n);
  return toSafeNumber(minor);
}

/** The decimal string of an amount in the currency's major unit: 1234 CNY → `"12.34"`, 5 KWD → `"0.005"`. */
export function formatMoneyDecimal(minor: number | bigint, currency: string): string {
  const exponent = currencyExponent(currency);
  const value = BigInt(minor);
  const digits = (value < 0n ? -value : value).toString().padStart(exponent + 1, '0');
  const body = exponent > 0 ? `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}` : digits;
  return value < 0n ? `-${body}` : body;
}

export type MoneyLocale = 'zh-CN' | 'en';

const formatters = new Map<string, Intl.NumberFormat>();

/**
 * An amount for people, through `Intl.NumberFormat` with exactly the currency's decimals:
 * 5000000 CNY → "CN¥50,000.00" (en) / "¥50,000.00" (zh-CN), 50000 JPY → "¥50,000" (en).
 * The decimal string goes to `format`, so amounts beyond 2^53 are not rounded.
 */
export function formatMoney(minor: number | bigint, currency: string, locale: MoneyLocale = 'en'): string {
  const exponent = currencyExponent(currency);
  const key = `${locale}|${currency}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    });
    formatters.set(key, f);
  }
  // `format` takes decimal strings exactly (Intl.NumberFormat v3); its types predate that.
  return f.format(formatMoneyDecimal(minor, currency) as unknown as number);
}

/** Decimal places a quantity may have (2.5 kg, 0.125 t). */
export const QUANTITY_DECIMALS = 3;

const QUANTITY_SCALE = 10n ** BigInt(QUANTITY_DECIMALS);

/**
 * A number written with at most `decimals` decimals, scaled to an integer: 473122.554 → 473122554n.
 * Read from the number's shortest decimal form (what the JSON said), so 0.1 is exactly 100n.
 */
function scaled(value: number, decimals: number): bigint {
  if (!Number.isFinite(value)) throw new RangeError(`${value} is not a finite number`);
  // String() gives the shortest decimal that reads back as the same double: what the client wrote.
  const text = String(Math.abs(value));
  if (text.includes('e')) throw new RangeError(`${value} is outside the range of quantities`);
  const [whole, fraction = ''] = text.split('.');
  if (fraction.length > decimals) throw new RangeError(`${value} has more than ${decimals} decimals`);
  const n = BigInt(whole! + fraction.padEnd(decimals, '0'));
  return value < 0 ? -n : n;
}

/** Whether `value` is a finite quantity written with at most three decimals (what `multiplyMoney` takes). */
export function isQuantity(value: number): boolean {
  try {
    scaled(value, QUANTITY_DECIMALS);
    return true;
  } catch {
    return false;
  }
}

/**
 * quantity × unit price in minor units, exact in BigInt, rounded half away from zero to the minor
 * unit (2.5 × 1 fen → 3 fen, −2.5 × 1 → −3). The quantity may have up to three decimals; the unit
 * price is whole minor units. A result beyond 2^53 is a RangeError rather than a wrong number.
 */
export function multiplyMoney(quantity: number, unitPrice: number): number {
  if (!Number.isSafeInteger(unitPrice))
    throw new RangeError(`Unit price ${unitPrice} is not whole minor units`);
  const product = scaled(quantity, QUANTITY_DECIMALS) * BigInt(unitPrice);
  const negative = product < 0n;
  const magnitude = negative ? -product : product;
  const rounded = (magnitude + QUANTITY_SCALE / 2n) / QUANTITY_SCALE;
  return toSafeNumber(negative ? -rounded : rounded);
}

function toSafeNumber(minor: bigint): number {
  const n = Number(minor);
  if (!Number.isSafeInteger(n))
    throw new RangeError(`${minor} minor units is beyond the exact range of a number`);
  return n;
}
