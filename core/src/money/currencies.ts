/**
 * ISO 4217 currencies and their minor-unit exponents.
 *
 * The exponents come from ISO 4217's list one, kept here as the table of every code whose exponent
 * is not 2. `Intl.NumberFormat(…).resolvedOptions().maximumFractionDigits` is not used for this: it
 * reports CLDR's display digits, which differ from ISO 4217 for about twenty currencies (Node 20
 * says 0 for IQD, whose ISO exponent is 3, and for IDR, HUF, COP, PKR…, whose exponent is 2), so an
 * amount stored in minor units would change meaning with the ICU version. `Intl` still decides
 * which codes exist (`Intl.supportedValuesOf('currency')`), and formats.
 */
const EXPONENTS: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

/** Codes ISO 4217 lists without a minor unit (precious metals, SDRs, test and "no currency" codes). */
const NO_MINOR_UNIT = new Set([
  'XAG',
  'XAU',
  'XBA',
  'XBB',
  'XBC',
  'XBD',
  'XDR',
  'XPD',
  'XPT',
  'XSU',
  'XTS',
  'XUA',
  'XXX',
]);

// ICU lists the codes in use; ISO 4217's funds codes with their own exponent (CLF, UYW) are added.
const KNOWN = new Set([...Intl.supportedValuesOf('currency'), ...Object.keys(EXPONENTS)]);

/** Whether `code` is an ISO 4217 currency that money can be kept in (`CNY` yes, `XAU` and `XYZ` no). */
export const isCurrency = (code: string): boolean =>
  typeof code === 'string' && /^[A-Z]{3}$/.test(code) && KNOWN.has(code) && !NO_MINOR_UNIT.has(code);

/** Digits after the decimal point in the currency's major unit: JPY 0, CNY 2, KWD 3. */
export function currencyExponent(code: string): number {
  if (!isCurrency(code)) throw new RangeError(`"${code}" is not an ISO 4217 currency with a minor unit`);
  return EXPONENTS[code] ?? 2;
}
