import type { PluginContext, UiRequest } from '@kehu/core';
import { problemText } from '@kehu/core/ui';
import type { Invoice } from './contract.js';
import type { InvoiceHistory as History } from './invoices.js';
import {
  API,
  CustomerLink,
  CustomerPicker,
  customerNames,
  customerRecords,
  DataTable,
  enc,
  Field,
  FieldList,
  fieldErrors,
  forCustomer,
  Heading,
  PostForm,
  Status,
  toMinor,
} from './ui-kit';

// Invoices on credit terms (账期): the list, a new invoice (with the credit check's refusal and its
// figures), and one invoice with its lines, its history and the forms that act on it.

/** An invoice the user may still settle, credit, extend or write off. */
export const isOpen = (i: Pick<Invoice, 'outstanding' | 'status'>) =>
  i.outstanding > 0 && (i.status === 'open' || i.status === 'partially_paid');

/** Links to the forms that act on an invoice, for what the user may do. */
function InvoiceActions({ req, invoice }: { req: UiRequest; invoice: Invoice }) {
  if (!isOpen(invoice)) return null;
  const q = `invoiceId=${enc(invoice.id)}`;
  const links = [
    [
      'receivables.payments.write',
      `/payments/new?customerId=${enc(invoice.customerId)}&currency=${invoice.currency}&${q}`,
      'recordPayment',
    ],
    ['receivables.creditNotes.write', `/credit-notes/new?${q}`, 'issueCreditNote'],
    ['receivables.extensions.request', `/extensions/new?${q}`, 'requestExtension'],
    ['receivables.writeOffs.request', `/write-offs/new?${q}`, 'requestWriteOff'],
  ].filter(([permission]) => req.principal.can(permission!));
  if (!links.length) return null;
  return (
    <nav aria-label={req.t('actions')} class="actions">
      <ul class="plain-list">
        {links.map(([, path, key]) => (
          <li>
            <a href={req.href(path!)}>{req.t(key!)}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Credit notes, write-offs and extension requests of an invoice. */
function InvoiceHistory({ req, invoice }: { req: UiRequest; invoice: Invoice & History }) {
  const m = (n: number) => req.format.money(n, invoice.currency);
  const { creditNotes: notes, writeOffs, extensions } = invoice;
  if (!notes.length && !writeOffs.length && !extensions.length) return null;
  return (
    <section class="card" aria-labelledby="rcv-history">
      <h2 id="rcv-history">{req.t('actions')}</h2>
      {notes.length ? (
        <>
          <h3>{req.t('creditNotes')}</h3>
          <ul class="plain-list" id="rcv-credit-notes">
            {notes.map((n) => (
              <li>
                {req.format.date(n.issuedOn)} · {n.number} · {req.t(`kind.${n.kind}`)} · {m(n.amount)} ·{' '}
                {n.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {writeOffs.length ? (
        <>
          <h3>{req.t('writeOffs')}</h3>
          <ul class="plain-list" id="rcv-write-offs">
            {writeOffs.map((w) => (
              <li>
                <Status req={req} status={w.status} /> {m(w.amount)} · {w.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {extensions.length ? (
        <>
          <h3>{req.t('extensions')}</h3>
          <ul class="plain-list" id="rcv-extensions">
            {extensions.map((x) => (
              <li>
                <Status req={req} status={x.status} /> {req.format.date(x.from)} → {req.format.date(x.to)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

export function invoicePages(ctx: PluginContext<unknown>): void {
  const names = customerNames(ctx);

  ctx.ui.page({
    path: '/invoices',
    title: { en: 'Invoices', 'zh-CN': '发票' },
    access: 'receivables.read',
    async get(req) {
      const { items, name, next } = await customerRecords<Invoice>(req, names, '/invoices', [
        'status',
        'customerId',
        'overdue',
        'cursor',
      ]);
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
            next={next}
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
              <FieldList
                fields={[
                  [req.t('invoiceAmount'), req.format.money(data.amount ?? 0, cur)],
                  [req.t('exposure'), req.format.money(data.exposure, cur)],
                  [
                    req.t('limit'),
                    data.limit === null || data.limit === undefined ? '—' : req.format.money(data.limit, cur),
                  ],
                  [req.t('available'), req.format.money(data.available ?? 0, cur)],
                ]}
              />
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
      const res = await req.api<Invoice & History>('GET', `${API}/invoices/${enc(req.params.id ?? '')}`);
      if (!res.ok) return req.notFound();
      const inv = res.body;
      const name = await names([inv.customerId]);
      const m = (n: number) => req.format.money(n, inv.currency);
      return (
        <>
          <Heading req={req} title={`${req.t('invoices')} ${inv.number}`} current="/invoices" />
          <div class="cols">
            <DataTable
              id="rcv-lines"
              title={req.t('lines')}
              rows={inv.lines}
              empty=""
              columns={[
                { head: req.t('description'), cell: (l) => l.description },
                { head: req.t('quantity'), num: true, cell: (l) => req.format.number(l.quantity) },
                { head: req.t('unitPrice'), num: true, cell: (l) => m(l.unitPrice) },
                { head: req.t('amount'), num: true, cell: (l) => m(l.amount) },
              ]}
              after={
                inv.allocations.length ? (
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
                ) : null
              }
            />
            <section class="card" aria-labelledby="rcv-summary">
              <h2 id="rcv-summary">
                <Status req={req} status={inv.status} />
              </h2>
              <FieldList
                fields={[
                  [req.t('customer'), <CustomerLink id={inv.customerId} name={name(inv.customerId)} />],
                  [req.t('issueDate'), req.format.date(inv.issueDate)],
                  [req.t('termDays'), req.format.number(inv.termDays)],
                  [req.t('dueDate'), req.format.date(inv.dueDate)],
                  [req.t('total'), m(inv.total)],
                  [req.t('paid'), m(inv.paidAmount)],
                  [req.t('credited'), m(inv.creditedAmount)],
                  [req.t('writtenOff'), m(inv.writtenOffAmount)],
                  [req.t('outstanding'), <strong>{m(inv.outstanding)}</strong>],
                  inv.reference ? [req.t('reference'), inv.reference] : null,
                ]}
              />
              <InvoiceActions req={req} invoice={inv} />
            </section>
          </div>
          <InvoiceHistory req={req} invoice={inv} />
        </>
      );
    },
  });
}
