import type { PluginContext, UiRequest } from '@kehu/core';
import { FollowsPicker, followsStale } from '@kehu/core/ui';
import type { Invoice, Payment } from './contract.js';
import { PAYMENT_METHODS } from './routes/response-schemas.js';
import { isOpen } from './ui-invoices';
import {
  ActionLink,
  API,
  amountOf,
  answerPost,
  CustomerLink,
  CustomerPicker,
  customerNames,
  customerRecords,
  DataTable,
  done,
  enc,
  Field,
  FieldList,
  fieldErrors,
  formValues,
  Heading,
  minorToInput,
  PostForm,
  type Problem,
  ReasonForm,
  Refusal,
  refusedStatus,
  Status,
} from './ui-kit';

// Payments: the list, recording one (allocated to chosen invoices, or the oldest due first), one
// payment with its allocations, applying its credit balance, and reversing it.

export function paymentPages(ctx: PluginContext<unknown>): void {
  const names = customerNames(ctx);

  ctx.ui.page({
    path: '/payments',
    title: { en: 'Payments', 'zh-CN': '收款' },
    access: 'receivables.read',
    async get(req) {
      const { items, name, next } = await customerRecords<Payment>(req, names, '/payments', [
        'customerId',
        'cursor',
      ]);
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
            next={next}
            columns={[
              {
                head: req.t('number'),
                cell: (p) => <a href={req.href(`/payments/${enc(p.id)}`)}>{p.number}</a>,
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

  const methods = (req: UiRequest) => PAYMENT_METHODS.map((v) => ({ value: v, label: req.t(`method.${v}`) }));

  /** The customer's latest invoices in the currency (a payment settles the open ones). */
  const invoicesOf = async (req: UiRequest, customerId: string, currency: string) => {
    if (!customerId) return [];
    const res = await req.api<{ items: Invoice[] }>(
      'GET',
      `${API}/invoices?customerId=${enc(customerId)}&currency=${enc(currency)}&limit=100`,
    );
    return res.ok ? res.body.items : [];
  };
  const invoiceOptions = (req: UiRequest, invoices: Invoice[]) => [
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
            <FieldList
              fields={[
                [req.t('customer'), <CustomerLink id={p.customerId} name={name(p.customerId)} />],
                [req.t('date'), req.format.date(p.date)],
                [req.t('method'), req.t(`method.${p.method}`)],
                [req.t('amount'), m(p.amount)],
                [req.t('unallocated'), <strong id="pay-unallocated">{m(p.unallocated)}</strong>],
                p.reference ? [req.t('reference'), p.reference] : null,
              ]}
            />
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
              <ReasonForm
                req={req}
                action={req.href(`/payments/${enc(p.id)}/reverse`)}
                form="reverse"
                title={req.t('reversePayment')}
                value={values.reason}
                errors={errors}
              />
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
      const message = req.t('allocated', { number: current.body.number });
      return answerPost(req, res, { message, to: req.href(`/payments/${enc(id)}`) }, (problem) =>
        paymentPage(req, id, problem, v),
      );
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
      const message = req.t('paymentReversed', { number: res.body?.number ?? '' });
      return answerPost(req, res, { message, to: req.href(`/payments/${enc(id)}`) }, (problem) =>
        paymentPage(req, id, problem, v),
      );
    },
  });
}
