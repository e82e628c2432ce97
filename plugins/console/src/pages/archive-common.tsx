import { formatMoneyDecimal, parseMoney } from '@kehu/core';
import { problemText } from '../components';
import type { SignedInPage } from '../context.js';
import { flashNext } from '../context.js';
import type { MessageKey } from '../i18n.js';

/** A message key built from a value (`contract.status.${status}`). */
export const key = (k: string) => k as MessageKey;
/** The archive page of a customer. */
export const base = (id: string) => `/customers/${encodeURIComponent(id)}/archive`;
/** The customer's API route. */
export const api = (id: string) => `/api/v1/customers/${encodeURIComponent(id)}`;

export function money(page: SignedInPage, m: { amount: number; currency: string } | null): string {
  return m ? page.format.money(m.amount, m.currency) : '—';
}

/** Major-unit text (`1234.56`) as integer minor units, or undefined when blank or unreadable. */
export function minorUnits(raw: string, currency: string): number | undefined {
  if (!raw) return undefined;
  try {
    return parseMoney(raw.replace(/[,\s]/g, ''), currency);
  } catch {
    return undefined;
  }
}

/** Minor units as the major-unit text a form shows (`123456` CNY → `1234.56`). */
export function majorUnits(minor: number, currency: string): string {
  try {
    return formatMoneyDecimal(minor, currency);
  } catch {
    return String(minor);
  }
}

/** Back to the archive page with the outcome of an API call as the flash message. */
export async function back(
  page: SignedInPage,
  id: string,
  res: { ok: boolean; status: number; body: unknown },
  done: MessageKey,
) {
  flashNext(
    page,
    res.ok ? 'success' : 'error',
    res.ok ? page.t(done) : problemText(page, res.body, res.status),
  );
  return page.c.redirect(base(id), 303);
}
