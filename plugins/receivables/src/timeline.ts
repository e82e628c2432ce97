import type { Executor, TimelineItem } from '@kehu/core';

type Page = { before?: { at: string; id: string }; limit: number };

/** Rows newest first, strictly before the cursor (`at`, then `id`). */
function page<Q extends { where: any; orderBy: any; limit: any }>(q: Q, atColumn: string, p: Page): Q {
  let out = q;
  if (p.before) {
    const b = p.before;
    out = out.where((eb: any) =>
      eb.or([eb(atColumn, '<', b.at), eb.and([eb(atColumn, '=', b.at), eb('id', '<', b.id)])]),
    );
  }
  return out.orderBy(atColumn, 'desc').orderBy('id', 'desc').limit(p.limit);
}

/** The customer's invoices, payments and statements, newest first, for the kernel's customer timeline. */
export async function loadTimeline(db: Executor, customerId: string, p: Page): Promise<TimelineItem[]> {
  const [invoices, payments, statements] = await Promise.all([
    page(
      db
        .selectFrom('rcv_invoice')
        .select(['id', 'created_at', 'number', 'total', 'currency', 'status', 'due_date'])
        .where('customer_id', '=', customerId),
      'created_at',
      p,
    ).execute(),
    page(
      db
        .selectFrom('rcv_payment')
        .select(['id', 'created_at', 'number', 'amount', 'currency', 'status'])
        .where('customer_id', '=', customerId),
      'created_at',
      p,
    ).execute(),
    page(
      db
        .selectFrom('rcv_statement')
        .select(['id', 'generated_at', 'period', 'currency', 'closing', 'status'])
        .where('customer_id', '=', customerId),
      'generated_at',
      p,
    ).execute(),
  ]);
  const items: TimelineItem[] = [
    ...invoices.map((r: any) => ({
      id: r.id,
      at: r.created_at,
      type: 'receivables.invoice',
      title: `Invoice ${r.number}`,
      data: {
        number: r.number,
        total: Number(r.total),
        currency: r.currency,
        status: r.status,
        dueDate: r.due_date,
      },
    })),
    ...payments.map((r: any) => ({
      id: r.id,
      at: r.created_at,
      type: 'receivables.payment',
      title: `Payment ${r.number}`,
      data: { number: r.number, amount: Number(r.amount), currency: r.currency, status: r.status },
    })),
    ...statements.map((r: any) => ({
      id: r.id,
      at: r.generated_at,
      type: 'receivables.statement',
      title: `Statement ${r.period} ${r.currency}`,
      data: { period: r.period, currency: r.currency, closing: Number(r.closing), status: r.status },
    })),
  ];
  items.sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1));
  return items.slice(0, p.limit);
}
