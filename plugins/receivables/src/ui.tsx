import type { PluginContext } from '@kehu/core';
import type { Standing } from './contract.js';
import { ageingPage } from './ui-ageing';
import { approvalForms } from './ui-approvals';
import { formMessages } from './ui-form-messages';
import { invoiceForms } from './ui-invoice-forms';
import { invoicePages } from './ui-invoices';
import { API } from './ui-kit';
import { paymentPages } from './ui-payments';
import { planForms } from './ui-plans';
import { statementForms } from './ui-statements';
import { warningForms } from './ui-warnings';

// Console pages of receivables, one file per concept; this one registers them, the messages, the
// navigation entry and the customer page's panel. Everything is read and written through the
// plugin's own API with the signed-in user's rights (`req.api`), so a page can never show or change
// more than the API allows.

const en = {
  receivables: 'Receivables',
  invoices: 'Invoices',
  payments: 'Payments',
  ageing: 'Ageing',
  statements: 'Statements',
  newInvoice: 'New invoice',
  number: 'Number',
  customer: 'Customer',
  customerId: 'Customer ID',
  issueDate: 'Issued',
  dueDate: 'Due',
  termDays: 'Credit term (days)',
  total: 'Total',
  outstanding: 'Outstanding',
  paid: 'Paid',
  credited: 'Credited',
  writtenOff: 'Written off',
  status: 'Status',
  all: 'All',
  overdueOnly: 'Overdue only',
  filter: 'Filter',
  noInvoices: 'No invoices.',
  noPayments: 'No payments.',
  noStatements: 'No statements.',
  'status.open': 'Open',
  'status.partially_paid': 'Partly paid',
  'status.paid': 'Paid',
  'status.written_off': 'Written off',
  'status.cancelled': 'Cancelled',
  'status.recorded': 'Recorded',
  'status.reversed': 'Reversed',
  'status.draft': 'Draft',
  'status.sent': 'Sent',
  'status.confirmed': 'Confirmed',
  'status.disputed': 'Disputed',
  overdueSince: 'Overdue since {date}',
  lines: 'Lines',
  description: 'Description',
  quantity: 'Quantity',
  unitPrice: 'Unit price',
  amount: 'Amount',
  currency: 'Currency',
  reference: 'Customer reference',
  allocations: 'Payments allocated',
  creditNotes: 'Credit notes',
  date: 'Date',
  method: 'Method',
  unallocated: 'Not allocated',
  'method.bank_transfer': 'Bank transfer',
  'method.cash': 'Cash',
  'method.cheque': 'Cheque',
  'method.acceptance_bill': 'Acceptance bill',
  'method.card': 'Card',
  'method.other': 'Other',
  create: 'Create the invoice',
  created: 'Invoice {number} was created.',
  refused: 'The invoice was not created',
  exposure: 'Exposure',
  limit: 'Credit limit',
  available: 'Available',
  invoiceAmount: 'This invoice',
  asOf: 'As of {date}',
  ageingChart: 'Outstanding by age, {currency}',
  ageingChartDesc: 'Open receivables in {currency} by days past the due date.',
  notDue: 'Not yet due',
  daysOverdue: '{range} days overdue',
  bucket: 'Age',
  invoiceCount: 'Invoices',
  topCustomers: 'Largest balances in the oldest bucket',
  nothingOutstanding: 'Nothing is outstanding.',
  period: 'Period',
  balance: 'Balance',
  panelNone: 'No open invoices.',
  panelOverdue: '{amount} overdue',
  panelAll: 'All invoices',
  open: 'Open',
} as const;

const zhCN: Record<keyof typeof en, string> = {
  receivables: '应收账款',
  invoices: '发票',
  payments: '收款',
  ageing: '账龄分析',
  statements: '对账单',
  newInvoice: '新建发票',
  number: '编号',
  customer: '客户',
  customerId: '客户 ID',
  issueDate: '开票日期',
  dueDate: '到期日',
  termDays: '账期（天）',
  total: '金额',
  outstanding: '未收金额',
  paid: '已收',
  credited: '已冲减',
  writtenOff: '已核销',
  status: '状态',
  all: '全部',
  overdueOnly: '仅逾期',
  filter: '筛选',
  noInvoices: '暂无发票。',
  noPayments: '暂无收款。',
  noStatements: '暂无对账单。',
  'status.open': '未收',
  'status.partially_paid': '部分收款',
  'status.paid': '已收清',
  'status.written_off': '已核销',
  'status.cancelled': '已作废',
  'status.recorded': '已登记',
  'status.reversed': '已冲回',
  'status.draft': '草稿',
  'status.sent': '已发送',
  'status.confirmed': '已确认',
  'status.disputed': '有异议',
  overdueSince: '自 {date} 起逾期',
  lines: '明细',
  description: '品名',
  quantity: '数量',
  unitPrice: '单价',
  amount: '金额',
  currency: '币种',
  reference: '客户订单号',
  allocations: '已核销的收款',
  creditNotes: '贷项通知单',
  date: '日期',
  method: '方式',
  unallocated: '未分配',
  'method.bank_transfer': '银行转账',
  'method.cash': '现金',
  'method.cheque': '支票',
  'method.acceptance_bill': '承兑汇票',
  'method.card': '刷卡',
  'method.other': '其他',
  create: '创建发票',
  created: '发票 {number} 已创建。',
  refused: '发票未能创建',
  exposure: '信用占用',
  limit: '信用额度',
  available: '可用额度',
  invoiceAmount: '本张发票',
  asOf: '截至 {date}',
  ageingChart: '按账龄的未收款（{currency}）',
  ageingChartDesc: '{currency} 未收款按逾期天数分布。',
  notDue: '未到期',
  daysOverdue: '逾期 {range} 天',
  bucket: '账龄',
  invoiceCount: '发票数',
  topCustomers: '最长账龄段余额最大的客户',
  nothingOutstanding: '没有未收款。',
  period: '期间',
  balance: '余额',
  panelNone: '没有未收发票。',
  panelOverdue: '逾期 {amount}',
  panelAll: '全部发票',
  open: '打开',
};

export function receivablesUi(ctx: PluginContext<unknown>): void {
  ctx.ui.messages({ en, 'zh-CN': zhCN });
  ctx.ui.messages(formMessages);
  invoicePages(ctx);
  paymentPages(ctx);
  invoiceForms(ctx);
  statementForms(ctx);
  ageingPage(ctx);
  warningForms(ctx);
  planForms(ctx);
  approvalForms(ctx);

  ctx.ui.nav({
    label: { en: 'Receivables', 'zh-CN': '应收账款' },
    href: '/receivables/invoices',
    access: 'receivables.read',
    order: 200,
  });

  ctx.ui.customerPanel({
    name: 'balance',
    title: { en: 'Receivables', 'zh-CN': '应收账款' },
    access: 'receivables.read',
    order: 10,
    async render(customer, req) {
      // The standing sums every open invoice in the database, per currency; a page of invoices would not.
      const res = await req.api<Standing>(
        'GET',
        `${API}/customers/${encodeURIComponent(customer.id)}/standing`,
      );
      if (!res.ok) return null;
      const open = res.body.balances.filter((b) => b.outstanding > 0);
      const link = req.href(`/invoices?customerId=${encodeURIComponent(customer.id)}`);
      return (
        <div>
          {open.length === 0 ? (
            <p class="muted">{req.t('panelNone')}</p>
          ) : (
            <ul class="plain-list">
              {open.map((line) => (
                <li>
                  {req.t('outstanding')}: <strong>{req.format.money(line.outstanding, line.currency)}</strong>
                  {line.overdue > 0 ? (
                    <>
                      {' '}
                      <span class="badge badge-failed">
                        {req.t('panelOverdue', { amount: req.format.money(line.overdue, line.currency) })}
                      </span>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          <p class="small">
            <a href={link}>{req.t('panelAll')}</a>
            {(
              [
                ['receivables.invoices.write', '/invoices/new', 'newInvoice'],
                ['receivables.payments.write', '/payments/new', 'recordPayment'],
                ['receivables.statements.write', '/statements/new', 'newStatement'],
                ['receivables.plans.write', '/plans/new', 'newPlan'],
              ] as const
            )
              .filter(([permission]) => req.principal.can(permission))
              .map(([, path, key]) => (
                <>
                  {' · '}
                  <a href={req.href(`${path}?customerId=${encodeURIComponent(customer.id)}`)}>{req.t(key)}</a>
                </>
              ))}
          </p>
        </div>
      );
    },
  });
}
