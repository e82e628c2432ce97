import { json } from '@kehu/core/testing';
import type { CreditTestKehu } from './kehu.js';

/** Issues an invoice of one line through the receivables plugin's HTTP route, as a salesperson does. */
export function invoice(
  t: CreditTestKehu,
  customerId: string,
  amount: number,
  extra: Record<string, unknown> = {},
) {
  return t.request('/api/v1/receivables/invoices', {
    token: t.am.token,
    body: {
      customerId,
      currency: 'CNY',
      termDays: 30,
      lines: [{ description: 'Goods 货物', quantity: 1, unitPrice: amount }],
      ...extra,
    },
  });
}

export async function invoiceOk(
  t: CreditTestKehu,
  customerId: string,
  amount: number,
  extra: Record<string, unknown> = {},
) {
  const res = await invoice(t, customerId, amount, extra);
  if (res.status !== 201) throw new Error(`invoice: ${res.status} ${await res.text()}`);
  return json(res);
}

export async function pay(t: CreditTestKehu, token: string, customerId: string, amount: number) {
  const res = await t.request('/api/v1/receivables/payments', {
    token,
    body: {
      customerId,
      amount,
      currency: 'CNY',
      date: t.clock.now().toISOString().slice(0, 10),
      method: 'bank_transfer',
    },
  });
  if (res.status !== 201) throw new Error(`payment: ${res.status} ${await res.text()}`);
  return json(res);
}

export async function openInvoices(t: CreditTestKehu, customerId: string): Promise<any[]> {
  return (await json(await t.request(`/api/v1/receivables/invoices?customerId=${customerId}`))).items;
}
