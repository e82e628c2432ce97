import { formatMoneyDecimal, parseMoney } from '@kehu/core';
import { problemText } from '../components';
import type { SignedInPage } from '../context.js';
import { flashNext } from '../context.js';
import type { MessageKey } from '../i18n.js';
import { CsrfField } from '../layout';

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

/** A decider's approve button and reject-with-a-note form for a pending request (`<action>/approve`, `<action>/reject`). */
export function DecisionForms({ page, action, id }: { page: SignedInPage; action: string; id: string }) {
  return (
    <div class="actions">
      <form method="post" action={`${action}/approve`}>
        <CsrfField page={page} />
        <button type="submit">{page.t('discount.approve')}</button>
      </form>
      <form method="post" action={`${action}/reject`} class="actions">
        <CsrfField page={page} />
        <label class="skip" for={id}>
          {page.t('discount.rejectNote')}
        </label>
        <input id={id} name="note" required placeholder={page.t('discount.rejectNote')} />
        <button type="submit" class="secondary">
          {page.t('discount.reject')}
        </button>
      </form>
    </div>
  );
}
