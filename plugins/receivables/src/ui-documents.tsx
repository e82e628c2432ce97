import type { PluginContext, UiRequest } from '@kehu/core';
import { type Child, FollowsPicker, followsStale } from '@kehu/core/ui';
import { CREDIT_NOTE_KINDS } from './credit-notes.js';
import { PAYMENT_METHODS } from './routes/response-schemas.js';
import {
  amountOf,
  CustomerLink,
  CustomerPicker,
  customerNames,
  done,
  Field,
  fieldErrors,
  formValues,
  Heading,
  minorToInput,
  PostForm,
  type Problem,
  Refusal,
  refusedStatus,
  Status,
} from './ui-kit';

// Payments (record, allocate, reverse) and credit notes, and what an invoice's page offers to do.

const API = '/api/v1/receivables';

interface InvoiceLike {
  id: string;
  number: string;
  customerId: string;
  currency: string;
  outstanding: number;
  status: string;
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
  reference: string | null;
  unallocated: number;
  status: string;
  allocations: { id: string; invoiceId: string; amount: number; reversedOn: string | null }[];
}

const enc = encodeURIComponent;
const isOpen = (i: InvoiceLike) =>
  i.outstanding > 0 && (i.status === 'open' || i.status === 'partially_paid');

/** Links to the forms that act on an invoice, for what the user may do. */
export function InvoiceActions({ req, invoice }: { req: UiRequest; invoice: InvoiceLike }) {
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
export function InvoiceHistory({ req, invoice }: { req: UiRequest; invoice: InvoiceLike }) {
  const m = (n: number) => req.format.money(n, invoice.currency);
  const notes = invoice.creditNotes ?? [];
  const writeOffs = invoice.writeOffs ?? [];
  const extensions = invoice.extensions ?? [];
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

export function documentForms(ctx: PluginContext<unknown>): void {
  const names = customerNames(ctx);
  const methods = (req: UiRequest) => PAYMENT_METHODS.map((v) => ({ value: v, label: req.t(`method.${v}`) }));

  /** The customer's latest invoices in the currency (a payment settles the open ones). */
  const invoicesOf = async (req: UiRequest, customerId: string, currency: string) => {
    if (!customerId) return [];
    const res = await req.api<{ items: InvoiceLike[] }>(
      'GET',
      `${API}/invoices?customerId=${enc(customerId)}&currency=${enc(currency)}&limit=100`,
    );
    return res.ok ? res.body.items : [];
  };
  const invoiceOptions = (req: UiRequest, invoices: InvoiceLike[]) => [
    { value: '', label: req.t('allocateAuto') },
    ...invoices.map((i) => ({
      value: i.id,
      label: `${i.number} · ${req.format.money(i.outstanding, i.currency)}`,
    })),
  ];

  const paymentForm = async (req: UiRequest, v: Record<string, string>, problem?: Problem) => {
    const errors = fieldErrors(req, problem);
    const currency = (v.currency || 'CNY').toUpperCase();
    const invoices = (await invoicesOf(req, v.customerId ?? '', currency)).filter(isOpen);
    const f = { req, form: 'pay', errors };
    return (
      <>
        <Heading req={req} title={req.t('recordPayment')} current="/payments" />
        <Refusal req={req} problem={problem} id="payment-refusal" />
        <PostForm req={req} action={req.href('/payments/new')}>
          <div class="form-grid">
            <CustomerPicker {...f} label={req.t('customer')} value={v.customerId} required />
            <Field
              {...f}
              name="amount"
              label={req.t('amount')}
              value={v.amount}
              type="amount"
              required
              hint={req.t('kit.amountHint', { currency })}
            />
            <Field {...f} name="currency" label={req.t('currency')} value={currency} required />
            <Field {...f} name="date" label={req.t('date')} value={v.date} type="date" required />
            <Field
              {...f}
              name="method"
              label={req.t('method')}
              value={v.method}
              options={methods(req)}
              required
            />
            <Field {...f} name="reference" label={req.t('reference')} value={v.reference} />
            <FollowsPicker
              req={req}
              id="pay-invoices"
              picker="pay-customerId"
              also={['pay-currency']}
              href={req.href('/payments/new')}
              madeFor={`${currency}/${v.customerId ?? ''}`}
            >
              <Field
                {...f}
                name="invoiceId"
                label={req.t('allocateTo')}
                value={v.invoiceId}
                options={invoiceOptions(req, invoices)}
                alsoFor="allocations"
              />
            </FollowsPicker>
          </div>
          <div>
            <button type="submit">{req.t('recordPayment')}</button>
          </div>
        </PostForm>
      </>
    );
  };

  ctx.ui.page({
    path: '/payments/new',
    title: { en: 'Record a payment', 'zh-CN': '登记收款' },
    access: 'receivables.payments.write',
    get: (req) =>
      paymentForm(req, {
        customerId: req.query.customerId ?? '',
        currency: req.query.currency ?? 'CNY',
        invoiceId: req.query.invoiceId ?? '',
        date: ctx.clock.today(),
        method: 'bank_transfer',
      }),
    async post(req) {
      const v = formValues(req);
      const currency = (v.currency || 'CNY').toUpperCase();
      // The invoices offered were another customer's (changed without script): offer this one's first.
      if (followsStale(v, 'pay-invoices', `${currency}/${v.customerId ?? ''}`))
        return paymentForm(req, { ...v, invoiceId: '' });
      const amount = amountOf(v.amount, currency);
      const body = {
        customerId: v.customerId,
        amount,
        currency,
        date: v.date,
        method: v.method,
        ...(v.reference ? { reference: v.reference } : {}),
        // One chosen invoice takes what the payment covers of it; without one the oldest due go first.
        ...(v.invoiceId ? { allocations: [{ invoiceId: v.invoiceId, amount }] } : {}),
      };
      const res = await req.api<Payment>('POST', `${API}/payments`, body);
      const ok = done(
        req,
        res,
        req.t('paymentRecorded', { number: res.body?.number ?? '' }),
        req.href(`/payments/${res.body?.id}`),
      );
      if (ok) return ok;
      refusedStatus(req, res.status);
      return paymentForm(req, v, res.body as unknown as Problem);
    },
  });

  const paymentPage = async (
    req: UiRequest,
    id: string,
    problem?: Problem,
    values: Record<string, string> = {},
  ) => {
    const res = await req.api<Payment>('GET', `${API}/payments/${enc(id)}`);
    if (!res.ok) return req.notFound();
    const p = res.body;
    const name = await names([p.customerId]);
    const m = (n: number) => req.format.money(n, p.currency);
    const errors = fieldErrors(req, problem);
    const canWrite = req.principal.can('receivables.payments.write') && p.status === 'recorded';
    const all = await invoicesOf(req, p.customerId, p.currency);
    const invoices = all.filter(isOpen);
    const invoiceNumbers = new Map(all.map((i) => [i.id, i.number]));
    const f = { req, errors };
    return (
      <>
        <Heading req={req} title={`${req.t('payment')} ${p.number}`} current="/payments" />
        <Refusal req={req} problem={problem} id="payment-refusal" />
        <div class="cols">
          <section class="card" aria-labelledby="pay-summary">
            <h2 id="pay-summary">
              <Status req={req} status={p.status} />
            </h2>
            <dl class="fields">
              <dt>{req.t('customer')}</dt>
              <dd>
                <CustomerLink id={p.customerId} name={name(p.customerId)} />
              </dd>
              <dt>{req.t('date')}</dt>
              <dd>{req.format.date(p.date)}</dd>
              <dt>{req.t('method')}</dt>
              <dd>{req.t(`method.${p.method}`)}</dd>
              <dt>{req.t('amount')}</dt>
              <dd>{m(p.amount)}</dd>
              <dt>{req.t('unallocated')}</dt>
              <dd>
                <strong id="pay-unallocated">{m(p.unallocated)}</strong>
              </dd>
              {p.reference ? (
                <>
                  <dt>{req.t('reference')}</dt>
                  <dd>{p.reference}</dd>
                </>
              ) : null}
            </dl>
            {p.allocations.length ? (
              <>
                <h3>{req.t('paymentAllocations')}</h3>
                <ul class="plain-list" id="pay-allocations">
                  {p.allocations
                    .filter((a) => !a.reversedOn)
                    .map((a) => (
                      <li>
                        <a href={req.href(`/invoices/${enc(a.invoiceId)}`)}>
                          {invoiceNumbers.get(a.invoiceId) ?? req.t('invoice')}
                        </a>{' '}
                        · {m(a.amount)}
                      </li>
                    ))}
                </ul>
              </>
            ) : null}
          </section>
          {canWrite ? (
            <div class="stack">
              {p.unallocated > 0 && invoices.length ? (
                <PostForm req={req} action={req.href(`/payments/${enc(p.id)}/allocate`)}>
                  <h2>{req.t('allocate')}</h2>
                  <Field
                    {...f}
                    form="alloc"
                    name="invoiceId"
                    label={req.t('allocateTo')}
                    value={values.invoiceId}
                    options={invoiceOptions(req, invoices)}
                    alsoFor="allocations"
                  />
                  <Field
                    {...f}
                    form="alloc"
                    name="amount"
                    label={req.t('allocationAmount')}
                    value={values.amount ?? minorToInput(p.unallocated, p.currency)}
                    type="amount"
                    alsoFor="allocations.0.amount"
                  />
                  <div>
                    <button type="submit">{req.t('allocate')}</button>
                  </div>
                </PostForm>
              ) : null}
              <PostForm req={req} action={req.href(`/payments/${enc(p.id)}/reverse`)}>
                <h2>{req.t('reversePayment')}</h2>
                <Field
                  {...f}
                  form="reverse"
                  name="reason"
                  label={req.t('reason')}
                  value={values.reason}
                  type="textarea"
                  required
                />
                <div>
                  <button type="submit" class="danger">
                    {req.t('reversePayment')}
                  </button>
                </div>
              </PostForm>
            </div>
          ) : null}
        </div>
      </>
    );
  };

  ctx.ui.page({
    path: '/payments/:id',
    title: { en: 'Payment', 'zh-CN': '收款' },
    access: 'receivables.read',
    get: (req) => paymentPage(req, req.params.id ?? ''),
  });

  ctx.ui.page({
    path: '/payments/:id/allocate',
    title: { en: 'Allocate a payment', 'zh-CN': '核销收款' },
    access: 'receivables.payments.write',
    async post(req) {
      const id = req.params.id ?? '';
      const v = formValues(req);
      const current = await req.api<Payment>('GET', `${API}/payments/${enc(id)}`);
      if (!current.ok) return req.notFound();
      const body = v.invoiceId
        ? { allocations: [{ invoiceId: v.invoiceId, amount: amountOf(v.amount, current.body.currency) }] }
        : {};
      const res = await req.api<Payment>('POST', `${API}/payments/${enc(id)}/allocations`, body);
      const ok = done(
        req,
        res,
        req.t('allocated', { number: current.body.number }),
        req.href(`/payments/${enc(id)}`),
      );
      if (ok) return ok;
      if (res.status === 404) return req.notFound();
      refusedStatus(req, res.status);
      return paymentPage(req, id, res.body as unknown as Problem, v);
    },
  });

  ctx.ui.page({
    path: '/payments/:id/reverse',
    title: { en: 'Reverse a payment', 'zh-CN': '冲回收款' },
    access: 'receivables.payments.write',
    async post(req) {
      const id = req.params.id ?? '';
      const v = formValues(req);
      const res = await req.api<Payment>('POST', `${API}/payments/${enc(id)}/reverse`, { reason: v.reason });
      const ok = done(
        req,
        res,
        req.t('paymentReversed', { number: res.body?.number ?? '' }),
        req.href(`/payments/${enc(id)}`),
      );
      if (ok) return ok;
      if (res.status === 404) return req.notFound();
      refusedStatus(req, res.status);
      return paymentPage(req, id, res.body as unknown as Problem, v);
    },
  });

  /** A form about one invoice (credit note, extension, write-off): the invoice's figures above it. */
  const invoiceFormPage = async (
    req: UiRequest,
    opts: {
      title: string;
      action: string;
      submit: string;
      values: Record<string, string>;
      problem?: Problem;
      fields: (f: { req: UiRequest; form: string; errors: Map<string, string> }, inv: InvoiceLike) => Child;
    },
  ) => {
    const invoiceId = opts.values.invoiceId ?? '';
    const res = invoiceId
      ? await req.api<InvoiceLike & { dueDate: string }>('GET', `${API}/invoices/${enc(invoiceId)}`)
      : null;
    if (!res?.ok) return req.notFound();
    const inv = res.body;
    const name = await names([inv.customerId]);
    const errors = fieldErrors(req, opts.problem);
    return (
      <>
        <Heading req={req} title={opts.title} current="/invoices" />
        <Refusal req={req} problem={opts.problem} id="invoice-form-refusal" />
        <div class="card">
          <dl class="fields">
            <dt>{req.t('invoice')}</dt>
            <dd>
              <a href={req.href(`/invoices/${enc(inv.id)}`)}>{inv.number}</a>
            </dd>
            <dt>{req.t('customer')}</dt>
            <dd>
              <CustomerLink id={inv.customerId} name={name(inv.customerId)} />
            </dd>
            <dt>{req.t('dueDate')}</dt>
            <dd>{req.format.date(inv.dueDate)}</dd>
            <dt>{req.t('outstanding')}</dt>
            <dd>{req.format.money(inv.outstanding, inv.currency)}</dd>
          </dl>
        </div>
        <PostForm req={req} action={opts.action}>
          <input type="hidden" name="invoiceId" value={inv.id} />
          <div class="form-grid">{opts.fields({ req, form: 'inv', errors }, inv)}</div>
          <div>
            <button type="submit">{opts.submit}</button>
          </div>
        </PostForm>
      </>
    );
  };

  /** Posts one invoice form to the API; on success back to the invoice, else the form with the refusal. */
  const invoiceFormPost = async (
    req: UiRequest,
    path: string,
    body: (v: Record<string, string>, inv: InvoiceLike) => Record<string, unknown>,
    success: (created: { number?: string } | undefined) => string,
    again: (v: Record<string, string>, problem: Problem) => Promise<unknown>,
  ) => {
    const v = formValues(req);
    const inv = v.invoiceId
      ? await req.api<InvoiceLike>('GET', `${API}/invoices/${enc(v.invoiceId)}`)
      : { ok: false, body: null };
    if (!inv.ok || !inv.body) return req.notFound();
    const res = await req.api('POST', `${API}${path}`, body(v, inv.body));
    const ok = done(req, res, success(res.body), req.href(`/invoices/${enc(inv.body.id)}`));
    if (ok) return ok;
    if (res.status === 404) return req.notFound();
    refusedStatus(req, res.status);
    return again(v, res.body);
  };

  const creditNoteForm = (req: UiRequest, values: Record<string, string>, problem?: Problem) =>
    invoiceFormPage(req, {
      title: req.t('issueCreditNote'),
      action: req.href('/credit-notes/new'),
      submit: req.t('issueCreditNote'),
      values,
      problem,
      fields: (f, inv) => (
        <>
          <Field
            {...f}
            name="amount"
            label={req.t('amount')}
            value={values.amount}
            type="amount"
            required
            hint={req.t('kit.amountHint', { currency: inv.currency })}
          />
          <Field
            {...f}
            name="kind"
            label={req.t('kind')}
            value={values.kind}
            required
            options={CREDIT_NOTE_KINDS.map((k) => ({ value: k, label: req.t(`kind.${k}`) }))}
          />
          <Field {...f} name="date" label={req.t('date')} value={values.date} type="date" />
          <Field
            {...f}
            name="reason"
            label={req.t('reason')}
            value={values.reason}
            type="textarea"
            required
          />
        </>
      ),
    });

  ctx.ui.page({
    path: '/credit-notes/new',
    title: { en: 'Issue a credit note', 'zh-CN': '开具贷项通知单' },
    access: 'receivables.creditNotes.write',
    get: (req) => creditNoteForm(req, { invoiceId: req.query.invoiceId ?? '', kind: 'return' }),
    post: (req) =>
      invoiceFormPost(
        req,
        '/credit-notes',
        (v, inv) => ({
          invoiceId: inv.id,
          amount: amountOf(v.amount, inv.currency),
          kind: v.kind,
          reason: v.reason,
          ...(v.date ? { date: v.date } : {}),
        }),
        (note) => req.t('creditNoteIssued', { number: note?.number ?? '' }),
        (v, problem) => creditNoteForm(req, v, problem),
      ) as Promise<Response>,
  });

  const extensionForm = (req: UiRequest, values: Record<string, string>, problem?: Problem) =>
    invoiceFormPage(req, {
      title: req.t('requestExtension'),
      action: req.href('/extensions/new'),
      submit: req.t('requestExtension'),
      values,
      problem,
      fields: (f) => (
        <>
          <Field
            {...f}
            name="requestedDueDate"
            label={req.t('requestedDueDate')}
            value={values.requestedDueDate}
            type="date"
            required
          />
          <Field
            {...f}
            name="reason"
            label={req.t('reason')}
            value={values.reason}
            type="textarea"
            required
          />
        </>
      ),
    });

  ctx.ui.page({
    path: '/extensions/new',
    title: { en: 'Request an extension', 'zh-CN': '申请延期付款' },
    access: 'receivables.extensions.request',
    get: (req) => extensionForm(req, { invoiceId: req.query.invoiceId ?? '' }),
    post: (req) =>
      invoiceFormPost(
        req,
        '/extensions',
        (v, inv) => ({ invoiceId: inv.id, requestedDueDate: v.requestedDueDate, reason: v.reason }),
        () => req.t('extensionRequested'),
        (v, problem) => extensionForm(req, v, problem),
      ) as Promise<Response>,
  });

  const writeOffForm = (req: UiRequest, values: Record<string, string>, problem?: Problem) =>
    invoiceFormPage(req, {
      title: req.t('requestWriteOff'),
      action: req.href('/write-offs/new'),
      submit: req.t('requestWriteOff'),
      values,
      problem,
      fields: (f) => (
        <Field {...f} name="reason" label={req.t('reason')} value={values.reason} type="textarea" required />
      ),
    });

  ctx.ui.page({
    path: '/write-offs/new',
    title: { en: 'Request a write-off', 'zh-CN': '申请坏账核销' },
    access: 'receivables.writeOffs.request',
    get: (req) => writeOffForm(req, { invoiceId: req.query.invoiceId ?? '' }),
    post: (req) =>
      invoiceFormPost(
        req,
        '/write-offs',
        (v, inv) => ({ invoiceId: inv.id, reason: v.reason }),
        () => req.t('writeOffRequested'),
        (v, problem) => writeOffForm(req, v, problem),
      ) as Promise<Response>,
  });
}
