import type { PluginContext, UiRequest } from '@kehu/core';
import { problemText, type UiProblem } from '@kehu/core/ui';
import { approvalForms } from './ui-approvals';
import { documentForms, InvoiceActions, InvoiceHistory } from './ui-documents';
import { formMessages } from './ui-form-messages';
import {
  ActionLink,
  CustomerLink,
  CustomerPicker,
  customerNames,
  DataTable,
  Field,
  fieldErrors,
  forCustomer,
  Heading,
  listParams,
  nextPage,
  PostForm,
  Status,
  toMinor,
} from './ui-kit';
import { planForms } from './ui-plans';
import { statementForms } from './ui-statements';
import { warningForms } from './ui-warnings';

// Console pages of receivables. Everything is read and written through the plugin's own API with the
// signed-in user's rights (`req.api`), so a page can never show or change more than the API allows.

const API = '/api/v1/receivables';

interface Invoice {
  id: string;
  number: string;
  customerId: string;
  issueDate: string;
  termDays: number;
  dueDate: string;
  currency: string;
  lines: { description: string; quantity: number; unitPrice: number; amount: number }[];
  total: number;
  paidAmount: number;
  creditedAmount: number;
  writtenOffAmount: number;
  outstanding: number;
  status: string;
  reference: string | null;
  overdueSince: string | null;
  /** On the detail only. */
  allocations?: {
    paymentId: string;
    paymentNumber: string;
    amount: number;
    appliedOn: string;
    reversedOn: string | null;
  }[];
  creditNotes?: {
    id: string;
    number: string;
    amount: number;
    kind: string;
    reason: string;
    issuedOn: string;
  }[];
  writeOffs?: { id: string; amount: number; status: string; reason: string }[];
  extensions?: { id: string; from: string; to: string; status: string }[];
}
interface Payment {
  id: string;
  number: string;
  customerId: string;
  amount: number;
  currency: string;
  date: string;
  method: string;
  unallocated: number;
  status: string;
}
interface Statement {
  id: string;
  customerId: string;
  period?: string;
  currency?: string;
  status: string;
  closing: number;
  sentAt: string | null;
}
interface AgeingLine {
  currency: string;
  outstanding: number;
  invoices: number;
  buckets: Record<string, number>;
}
interface Ageing {
  asOf: string;
  buckets: { key: string; fromDays: number | null; toDays: number | null }[];
  totals: AgeingLine[];
  top: {
    bucket: string;
    customers: { customerId: string; currency: string; amount: number; outstanding: number }[];
  };
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

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
  panelOverdue: '{count} overdue',
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
  panelOverdue: '{count} 张逾期',
  panelAll: '全部发票',
  open: '打开',
};

const bucketLabel = (req: UiRequest, key: string) =>
  key === 'not_due' ? req.t('notDue') : req.t('daysOverdue', { range: key });

export function receivablesUi(ctx: PluginContext<unknown>): void {
  ctx.ui.messages({ en, 'zh-CN': zhCN });
  ctx.ui.messages(formMessages);
  documentForms(ctx);
  statementForms(ctx);
  warningForms(ctx);
  planForms(ctx);
  approvalForms(ctx);

  const names = customerNames(ctx);
  ctx.ui.nav({
    label: { en: 'Receivables', 'zh-CN': '应收账款' },
    href: '/receivables/invoices',
    access: 'receivables.read',
    order: 200,
  });

  ctx.ui.page({
    path: '/invoices',
    title: { en: 'Invoices', 'zh-CN': '发票' },
    access: 'receivables.read',
    async get(req) {
      const q = listParams(req, ['status', 'customerId', 'overdue', 'cursor']);
      const res = await req.api<Page<Invoice>>('GET', `${API}/invoices?${q}`);
      const items = res.ok ? res.body.items : [];
      const name = await names(items.map((i) => i.customerId));
      return (
        <>
          <Heading req={req} title={req.t('invoices')} current="/invoices" />
          <form method="get" class="card filters">
            <div class="form-grid">
              <div>
                <label for="rcv-status">{req.t('status')}</label>
                <select id="rcv-status" name="status">
                  <option value="">{req.t('all')}</option>
                  {['open', 'partially_paid', 'paid', 'written_off', 'cancelled'].map((s) => (
                    <option value={s} selected={req.query.status === s}>
                      {req.t(`status.${s}`)}
                    </option>
                  ))}
                </select>
              </div>
              <label class="check">
                <input type="checkbox" name="overdue" value="true" checked={req.query.overdue === 'true'} />{' '}
                {req.t('overdueOnly')}
              </label>
            </div>
            {req.query.customerId ? (
              <input type="hidden" name="customerId" value={req.query.customerId} />
            ) : null}
            <div class="actions">
              <button type="submit" class="secondary">
                {req.t('filter')}
              </button>
              {req.principal.can('receivables.invoices.write') ? (
                <a class="button" href={req.href(`/invoices/new${forCustomer(req)}`)}>
                  {req.t('newInvoice')}
                </a>
              ) : null}
            </div>
          </form>
          <DataTable
            rows={items}
            empty={req.t('noInvoices')}
            next={nextPage(req, res.ok ? res.body.nextCursor : null)}
            columns={[
              {
                head: req.t('number'),
                cell: (inv) => <a href={req.href(`/invoices/${inv.id}`)}>{inv.number}</a>,
              },
              {
                head: req.t('customer'),
                cell: (inv) => <CustomerLink id={inv.customerId} name={name(inv.customerId)} />,
              },
              { head: req.t('issueDate'), cell: (inv) => req.format.date(inv.issueDate) },
              {
                head: req.t('dueDate'),
                cell: (inv) => (
                  <>
                    {req.format.date(inv.dueDate)}
                    {inv.overdueSince && inv.outstanding > 0 ? (
                      <div class="small field-error">
                        {req.t('overdueSince', { date: req.format.date(inv.overdueSince) })}
                      </div>
                    ) : null}
                  </>
                ),
              },
              { head: req.t('total'), num: true, cell: (inv) => req.format.money(inv.total, inv.currency) },
              {
                head: req.t('outstanding'),
                num: true,
                cell: (inv) => req.format.money(inv.outstanding, inv.currency),
              },
              { head: req.t('status'), cell: (inv) => <Status req={req} status={inv.status} /> },
            ]}
          />
        </>
      );
    },
  });

  const invoiceForm = (req: UiRequest, values: Record<string, string>, problem?: any) => {
    // A filter's refusal (the credit check) carries its figures on the problem document itself.
    const data = problem as
      | {
          amount?: number;
          currency?: string;
          exposure?: number;
          limit?: number | null;
          available?: number;
          reasons?: { code?: string; detail: string }[];
        }
      | undefined;
    const cur = data?.currency ?? values.currency ?? 'CNY';
    const errors = fieldErrors(req, problem);
    const f = { req, form: 'rcv', errors };
    return (
      <>
        <Heading req={req} title={req.t('newInvoice')} current="/invoices" />
        {problem ? (
          <div class="notice notice-error" role="alert" id="invoice-refusal">
            <strong>{req.t('refused')}</strong>
            {data?.reasons?.length ? (
              <ul>
                {data.reasons.map((r) => (
                  <li>{problemText(req, r)}</li>
                ))}
              </ul>
            ) : (
              <p>{problemText(req, problem)}</p>
            )}
            {data && typeof data.exposure === 'number' ? (
              <dl class="fields">
                <dt>{req.t('invoiceAmount')}</dt>
                <dd>{req.format.money(data.amount ?? 0, cur)}</dd>
                <dt>{req.t('exposure')}</dt>
                <dd>{req.format.money(data.exposure, cur)}</dd>
                <dt>{req.t('limit')}</dt>
                <dd>
                  {data.limit === null || data.limit === undefined ? '—' : req.format.money(data.limit, cur)}
                </dd>
                <dt>{req.t('available')}</dt>
                <dd>{req.format.money(data.available ?? 0, cur)}</dd>
              </dl>
            ) : null}
          </div>
        ) : null}
        <PostForm req={req} action={req.href('/invoices/new')}>
          <div class="form-grid">
            <CustomerPicker {...f} label={req.t('customer')} value={values.customerId} required />
            <Field {...f} name="issueDate" label={req.t('issueDate')} value={values.issueDate} type="date" />
            <Field
              {...f}
              name="termDays"
              label={req.t('termDays')}
              value={values.termDays}
              type="number"
              min={0}
            />
            <Field {...f} name="currency" label={req.t('currency')} value={values.currency} required />
            <Field {...f} name="reference" label={req.t('reference')} value={values.reference} />
            <Field
              {...f}
              name="description"
              alsoFor="lines.0.description"
              label={req.t('description')}
              value={values.description}
              required
            />
            <Field
              {...f}
              name="quantity"
              alsoFor="lines.0.quantity"
              label={req.t('quantity')}
              value={values.quantity}
              type="number"
              step="any"
              required
            />
            <Field
              {...f}
              name="unitPrice"
              alsoFor="lines.0.unitPrice"
              label={req.t('unitPrice')}
              value={values.unitPrice}
              type="amount"
              required
              hint={req.t('kit.amountHint', { currency: values.currency || 'CNY' })}
            />
          </div>
          <div>
            <button type="submit">{req.t('create')}</button>
          </div>
        </PostForm>
      </>
    );
  };

  ctx.ui.page({
    path: '/invoices/new',
    title: { en: 'New invoice', 'zh-CN': '新建发票' },
    access: 'receivables.invoices.write',
    get: (req) =>
      invoiceForm(req, { customerId: req.query.customerId ?? '', currency: 'CNY', quantity: '1' }),
    async post(req) {
      const v = Object.fromEntries(
        Object.entries(req.form).map(([k, x]) => [k, String(Array.isArray(x) ? x[0] : x).trim()]),
      );
      const currency = (v.currency || 'CNY').toUpperCase();
      const unitPrice = toMinor(v.unitPrice ?? '', currency);
      const body = {
        customerId: v.customerId,
        ...(v.issueDate ? { issueDate: v.issueDate } : {}),
        ...(v.termDays ? { termDays: Number(v.termDays) } : {}),
        currency,
        ...(v.reference ? { reference: v.reference } : {}),
        lines: [
          { description: v.description, quantity: Number(v.quantity), unitPrice: unitPrice ?? Number.NaN },
        ],
      };
      const res = await req.api<Invoice>('POST', `${API}/invoices`, body);
      if (res.ok) {
        req.flash('success', req.t('created', { number: res.body.number }));
        return req.c.redirect(req.href(`/invoices/${res.body.id}`), 303);
      }
      // The form again, with the input kept and the refusal (a credit check's reasons and figures) above it.
      req.c.status(res.status === 404 ? 404 : 422);
      return invoiceForm(req, v, res.body);
    },
  });

  ctx.ui.page({
    path: '/invoices/:id',
    title: { en: 'Invoice', 'zh-CN': '发票' },
    access: 'receivables.read',
    async get(req) {
      const res = await req.api<Invoice>('GET', `${API}/invoices/${encodeURIComponent(req.params.id ?? '')}`);
      if (!res.ok) return req.notFound();
      const inv = res.body;
      const name = await names([inv.customerId]);
      const m = (n: number) => req.format.money(n, inv.currency);
      return (
        <>
          <Heading req={req} title={`${req.t('invoices')} ${inv.number}`} current="/invoices" />
          <div class="cols">
            <section class="card" aria-labelledby="rcv-lines">
              <h2 id="rcv-lines">{req.t('lines')}</h2>
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{req.t('description')}</th>
                      <th scope="col" class="num">
                        {req.t('quantity')}
                      </th>
                      <th scope="col" class="num">
                        {req.t('unitPrice')}
                      </th>
                      <th scope="col" class="num">
                        {req.t('amount')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {inv.lines.map((l) => (
                      <tr>
                        <td>{l.description}</td>
                        <td class="num">{req.format.number(l.quantity)}</td>
                        <td class="num">{m(l.unitPrice)}</td>
                        <td class="num">{m(l.amount)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {inv.allocations?.length ? (
                <>
                  <h3>{req.t('allocations')}</h3>
                  <ul class="plain-list">
                    {inv.allocations.map((a) => (
                      <li>
                        {req.format.date(a.appliedOn)} · {a.paymentNumber} · {m(a.amount)}
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
            </section>
            <section class="card" aria-labelledby="rcv-summary">
              <h2 id="rcv-summary">
                <Status req={req} status={inv.status} />
              </h2>
              <dl class="fields">
                <dt>{req.t('customer')}</dt>
                <dd>
                  <CustomerLink id={inv.customerId} name={name(inv.customerId)} />
                </dd>
                <dt>{req.t('issueDate')}</dt>
                <dd>{req.format.date(inv.issueDate)}</dd>
                <dt>{req.t('termDays')}</dt>
                <dd>{req.format.number(inv.termDays)}</dd>
                <dt>{req.t('dueDate')}</dt>
                <dd>{req.format.date(inv.dueDate)}</dd>
                <dt>{req.t('total')}</dt>
                <dd>{m(inv.total)}</dd>
                <dt>{req.t('paid')}</dt>
                <dd>{m(inv.paidAmount)}</dd>
                <dt>{req.t('credited')}</dt>
                <dd>{m(inv.creditedAmount)}</dd>
                <dt>{req.t('writtenOff')}</dt>
                <dd>{m(inv.writtenOffAmount)}</dd>
                <dt>{req.t('outstanding')}</dt>
                <dd>
                  <strong>{m(inv.outstanding)}</strong>
                </dd>
                {inv.reference ? (
                  <>
                    <dt>{req.t('reference')}</dt>
                    <dd>{inv.reference}</dd>
                  </>
                ) : null}
              </dl>
              <InvoiceActions req={req} invoice={inv} />
            </section>
          </div>
          <InvoiceHistory req={req} invoice={inv} />
        </>
      );
    },
  });

  ctx.ui.page({
    path: '/payments',
    title: { en: 'Payments', 'zh-CN': '收款' },
    access: 'receivables.read',
    async get(req) {
      const q = listParams(req, ['customerId', 'cursor']);
      const res = await req.api<Page<Payment>>('GET', `${API}/payments?${q}`);
      const items = res.ok ? res.body.items : [];
      const name = await names(items.map((p) => p.customerId));
      return (
        <>
          <Heading req={req} title={req.t('payments')} current="/payments" />
          <ActionLink
            when={req.principal.can('receivables.payments.write')}
            href={req.href('/payments/new')}
            label={req.t('recordPayment')}
          />
          <DataTable
            rows={items}
            empty={req.t('noPayments')}
            next={nextPage(req, res.ok ? res.body.nextCursor : null)}
            columns={[
              {
                head: req.t('number'),
                cell: (p) => <a href={req.href(`/payments/${encodeURIComponent(p.id)}`)}>{p.number}</a>,
              },
              {
                head: req.t('customer'),
                cell: (p) => <CustomerLink id={p.customerId} name={name(p.customerId)} />,
              },
              { head: req.t('date'), cell: (p) => req.format.date(p.date) },
              { head: req.t('method'), cell: (p) => req.t(`method.${p.method}`) },
              { head: req.t('amount'), num: true, cell: (p) => req.format.money(p.amount, p.currency) },
              {
                head: req.t('unallocated'),
                num: true,
                cell: (p) => req.format.money(p.unallocated, p.currency),
              },
              { head: req.t('status'), cell: (p) => <Status req={req} status={p.status} /> },
            ]}
          />
        </>
      );
    },
  });

  ctx.ui.page({
    path: '/ageing',
    title: { en: 'Ageing', 'zh-CN': '账龄分析' },
    access: 'receivables.ageing.read',
    async get(req) {
      const res = await req.api<Ageing>('GET', `${API}/ageing?top=10`);
      if (!res.ok) return <p class="muted">{problemText(req, res.body as UiProblem)}</p>;
      const ageing = res.body;
      const name = await names(ageing.top.customers.map((c) => c.customerId));
      const keys = ageing.buckets.map((b) => b.key);
      // One chart per currency: amounts in different currencies are never added up.
      const charts = await Promise.all(
        ageing.totals.map((line) => {
          const digits =
            new Intl.NumberFormat('en', { style: 'currency', currency: line.currency }).resolvedOptions()
              .maximumFractionDigits ?? 2;
          const scale = 10 ** digits;
          return req.chart(
            {
              grid: { left: 90, right: 20, top: 20, bottom: 40 },
              xAxis: { type: 'category', data: keys.map((k) => bucketLabel(req, k)) },
              yAxis: { type: 'value' },
              series: [
                {
                  name: line.currency,
                  type: 'bar',
                  data: keys.map((k) => (line.buckets[k] ?? 0) / scale),
                  itemStyle: { color: '#0f6e5f' },
                },
              ],
            },
            {
              title: req.t('ageingChart', { currency: line.currency }),
              description: req.t('ageingChartDesc', { currency: line.currency }),
              width: 640,
              height: 280,
              table: {
                head: [req.t('bucket'), line.currency],
                rows: keys.map((k) => [
                  bucketLabel(req, k),
                  req.format.money(line.buckets[k] ?? 0, line.currency),
                ]),
              },
            },
          );
        }),
      );
      return (
        <>
          <Heading req={req} title={req.t('ageing')} current="/ageing" />
          <p class="muted">{req.t('asOf', { date: req.format.date(ageing.asOf) })}</p>
          {ageing.totals.length === 0 ? (
            <div class="card">
              <p class="muted">{req.t('nothingOutstanding')}</p>
            </div>
          ) : (
            ageing.totals.map((line, i) => (
              <section class="card" aria-label={req.t('ageingChart', { currency: line.currency })}>
                <p>
                  {req.t('outstanding')}: <strong>{req.format.money(line.outstanding, line.currency)}</strong>{' '}
                  · {req.t('invoiceCount')}: {req.format.number(line.invoices)}
                </p>
                {charts[i]}
              </section>
            ))
          )}
          {ageing.top.customers.length ? (
            <section class="card table-wrap" aria-labelledby="rcv-top">
              <h2 id="rcv-top">
                {req.t('topCustomers')} ({bucketLabel(req, ageing.top.bucket)})
              </h2>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{req.t('customer')}</th>
                    <th scope="col" class="num">
                      {bucketLabel(req, ageing.top.bucket)}
                    </th>
                    <th scope="col" class="num">
                      {req.t('outstanding')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {ageing.top.customers.map((c) => (
                    <tr>
                      <td>
                        <CustomerLink id={c.customerId} name={name(c.customerId)} />
                      </td>
                      <td class="num">{req.format.money(c.amount, c.currency)}</td>
                      <td class="num">{req.format.money(c.outstanding, c.currency)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ) : null}
        </>
      );
    },
  });

  ctx.ui.page({
    path: '/statements',
    title: { en: 'Statements', 'zh-CN': '对账单' },
    access: 'receivables.read',
    async get(req) {
      const q = listParams(req, ['customerId', 'cursor']);
      const res = await req.api<Page<Statement>>('GET', `${API}/statements?${q}`);
      const items = res.ok ? res.body.items : [];
      const name = await names(items.map((s) => s.customerId));
      return (
        <>
          <Heading req={req} title={req.t('statements')} current="/statements" />
          <ActionLink
            when={req.principal.can('receivables.statements.write')}
            href={req.href(`/statements/new${forCustomer(req)}`)}
            label={req.t('newStatement')}
          />
          <DataTable
            rows={items}
            empty={req.t('noStatements')}
            next={nextPage(req, res.ok ? res.body.nextCursor : null)}
            columns={[
              {
                head: req.t('customer'),
                cell: (s) => <CustomerLink id={s.customerId} name={name(s.customerId)} />,
              },
              {
                head: req.t('period'),
                cell: (s) => (
                  <a href={req.href(`/statements/${encodeURIComponent(s.id)}`)}>{s.period ?? ''}</a>
                ),
              },
              {
                head: req.t('balance'),
                num: true,
                cell: (s) => (s.currency ? req.format.money(s.closing, s.currency) : ''),
              },
              { head: req.t('status'), cell: (s) => <Status req={req} status={s.status} /> },
            ]}
          />
        </>
      );
    },
  });

  ctx.ui.customerPanel({
    name: 'balance',
    title: { en: 'Receivables', 'zh-CN': '应收账款' },
    access: 'receivables.read',
    order: 10,
    async render(customer, req) {
      const res = await req.api<Page<Invoice>>(
        'GET',
        `${API}/invoices?customerId=${encodeURIComponent(customer.id)}&limit=100`,
      );
      if (!res.ok) return null;
      const open = res.body.items.filter((i) => i.outstanding > 0 && i.status !== 'cancelled');
      const byCurrency = new Map<string, { outstanding: number; overdue: number }>();
      for (const i of open) {
        const line = byCurrency.get(i.currency) ?? { outstanding: 0, overdue: 0 };
        line.outstanding += i.outstanding;
        if (i.overdueSince) line.overdue += 1;
        byCurrency.set(i.currency, line);
      }
      const link = req.href(`/invoices?customerId=${encodeURIComponent(customer.id)}`);
      return (
        <div>
          {byCurrency.size === 0 ? (
            <p class="muted">{req.t('panelNone')}</p>
          ) : (
            <ul class="plain-list">
              {[...byCurrency].map(([currency, line]) => (
                <li>
                  {req.t('outstanding')}: <strong>{req.format.money(line.outstanding, currency)}</strong>
                  {line.overdue ? (
                    <>
                      {' '}
                      <span class="badge badge-failed">{req.t('panelOverdue', { count: line.overdue })}</span>
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
