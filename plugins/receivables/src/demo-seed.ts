import type { DemoSeedContext } from '@kehu/core';
import { addDays } from '@kehu/core';
import type { InvoiceLine } from './contract.js';

const PRODUCTS: { description: string; unitPrice: number }[] = [
  { description: '工业润滑油 200L / Industrial lubricant 200 L drum', unitPrice: 286_000 },
  { description: '不锈钢法兰 DN100 / Stainless flange DN100', unitPrice: 12_850 },
  { description: '包装纸箱 A3 / Corrugated cartons A3 (bundle of 50)', unitPrice: 4_600 },
  { description: '变频器 7.5kW / Frequency inverter 7.5 kW', unitPrice: 415_000 },
  { description: '安装调试服务 / Installation and commissioning (day)', unitPrice: 160_000 },
  { description: '食品级硅胶管 / Food-grade silicone hose (m)', unitPrice: 2_350 },
];

/**
 * Demo receivables: for most demo customers a few invoices over the last four months, most paid in
 * full or in part, some overdue, so ageing, warnings and standing have something to show.
 */
export async function seedReceivablesDemo(ctx: DemoSeedContext): Promise<void> {
  const service = ctx.kernel.service('receivables');
  if (!service) return;
  const today = ctx.kernel.clock.today();
  const pick = <T>(list: readonly T[]): T => list[Math.floor(ctx.random() * list.length)]!;
  const finance = ctx.users.finance_manager?.[0] ?? ctx.users.admin?.[0] ?? null;
  let invoices = 0;
  for (const customer of ctx.customers.slice(0, 60)) {
    if (customer.status === 'terminated' || ctx.random() < 0.2) continue;
    const count = 1 + Math.floor(ctx.random() * 4);
    for (let i = 0; i < count; i++) {
      const issueDate = addDays(today, -Math.floor(ctx.random() * 120));
      const lines: InvoiceLine[] = Array.from({ length: 1 + Math.floor(ctx.random() * 3) }, () => {
        const p = pick(PRODUCTS);
        return {
          description: p.description,
          quantity: 1 + Math.floor(ctx.random() * 20),
          unitPrice: p.unitPrice,
        };
      });
      const invoice = await service
        .createInvoice(
          {
            customerId: customer.id,
            issueDate,
            termDays: pick([15, 30, 30, 30]),
            currency: ctx.random() < 0.9 ? 'CNY' : 'USD',
            lines,
          },
          null,
        )
        .catch(() => undefined);
      // Refused by credit (no profile, no credit sales, the limit used up): stop asking for this one.
      if (!invoice) break;
      invoices++;
      const r = ctx.random();
      const paidOn = addDays(invoice.dueDate, Math.floor(ctx.random() * 20) - 10);
      if (r < 0.55 && paidOn <= today) {
        await service.recordPayment(
          {
            customerId: customer.id,
            amount: invoice.total,
            currency: invoice.currency,
            date: paidOn < issueDate ? issueDate : paidOn,
            method: 'bank_transfer',
            reference: `BANK-${invoice.number}`,
            allocations: [{ invoiceId: invoice.id, amount: invoice.total }],
          },
          finance,
        );
      } else if (r < 0.75 && paidOn <= today) {
        const part = Math.max(1, Math.round(invoice.total * (0.2 + ctx.random() * 0.5)));
        await service.recordPayment(
          {
            customerId: customer.id,
            amount: part,
            currency: invoice.currency,
            date: paidOn < issueDate ? issueDate : paidOn,
            method: pick(['bank_transfer', 'acceptance_bill', 'cheque'] as const),
            reference: null,
            allocations: [{ invoiceId: invoice.id, amount: part }],
          },
          finance,
        );
      }
    }
  }
  await ctx.kernel.scheduler.runDue(ctx.kernel.clock.now(), 'receivables.overdue');
  ctx.progress(`receivables: ${invoices} invoices`);
}
