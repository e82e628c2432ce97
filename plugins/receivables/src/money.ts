import type { InvoiceLine } from './contract.js';

/** ISO 4217 codes this runtime knows (Intl), so "XYZ" is refused as an unknown currency. */
const ISO_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export const isKnownCurrency = (code: string): boolean => ISO_CURRENCIES.has(code);

/** The largest amount accepted anywhere: far beyond any invoice, well inside a double's exact range. */
export const MAX_AMOUNT = 1_000_000_000_000_000;

/** Quantities carry up to three decimals (2.5 kg); the line amount is rounded half-up to the minor unit. */
export function lineAmount(line: Pick<InvoiceLine, 'quantity' | 'unitPrice'>): number {
  const milli = Math.round(line.quantity * 1000);
  return Math.floor((milli * line.unitPrice + 500) / 1000);
}

export const invoiceTotal = (lines: readonly Pick<InvoiceLine, 'quantity' | 'unitPrice'>[]): number =>
  lines.reduce((sum, l) => sum + lineAmount(l), 0);
