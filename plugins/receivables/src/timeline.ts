import { type Executor, type TimelineItem, type TimelinePageRequest, timelineKeyset } from '@kehu/core';

/** The customer's invoices, payments and statements, newest first, for the kernel's customer timeline. */
export async function loadTimeline(
  db: Executor,
  customerId: string,
  p: TimelinePageRequest,
): Promise<TimelineItem[]> {
  const [invoices, payments, statements] = await Promise.all([
    timelineKeyset(
      db
        .selectFrom('rcv_invoice')
        .select(['id', 'created_at', 'number', 'total', 'currency', 'status', 'due_date'])
        .where('customer_id', '=', customerId),
      p,
      { at: 'created_at' },
    ).execute(),
    timelineKeyset(
      db
        .selectFrom('rcv_payment')
        .select(['id', 'created_at', 'number', 'amount', 'currency', 'status'])
        .where('customer_id', '=', customerId),
      p,
      { at: 'created_at' },
    ).execute(),
    timelineKeyset(
      db
        .selectFrom('rcv_statement')
        .select(['id', 'generated_at', 'period', 'currency', 'closing', 'status'])
        .where('customer_id', '=', customerId),
      p,
      { at: 'generated_at' },
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
