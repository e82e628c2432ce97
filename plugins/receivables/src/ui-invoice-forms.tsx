import type { PluginContext, UiRequest } from '@kehu/core';
import type { Child } from '@kehu/core/ui';
import type { Invoice } from './contract.js';
import { CREDIT_NOTE_KINDS } from './credit-notes.js';
import {
  API,
  amountOf,
  answerPost,
  CustomerLink,
  customerNames,
  enc,
  Field,
  FieldList,
  fieldErrors,
  formValues,
  Heading,
  PostForm,
  type Problem,
  Refusal,
} from './ui-kit';

// Documents and requests against one invoice, each a form under the invoice's figures: a credit
// note, an extension request (延期还款审批单) and a write-off request.

export function invoiceForms(ctx: PluginContext<unknown>): void {
  const names = customerNames(ctx);

  /** A form about one invoice (credit note, extension, write-off): the invoice's figures above it. */
  const invoiceFormPage = async (
    req: UiRequest,
    opts: {
      title: string;
      action: string;
      submit: string;
      values: Record<string, string>;
      problem?: Problem;
      fields: (f: { req: UiRequest; form: string; errors: Map<string, string> }, inv: Invoice) => Child;
    },
  ) => {
    const invoiceId = opts.values.invoiceId ?? '';
    const res = invoiceId ? await req.api<Invoice>('GET', `${API}/invoices/${enc(invoiceId)}`) : null;
    if (!res?.ok) return req.notFound();
    const inv = res.body;
    const name = await names([inv.customerId]);
    const errors = fieldErrors(req, opts.problem);
    return (
      <>
        <Heading req={req} title={opts.title} current="/invoices" />
        <Refusal req={req} problem={opts.problem} id="invoice-form-refusal" />
        <div class="card">
          <FieldList
            fields={[
              [req.t('invoice'), <a href={req.href(`/invoices/${enc(inv.id)}`)}>{inv.number}</a>],
              [req.t('customer'), <CustomerLink id={inv.customerId} name={name(inv.customerId)} />],
              [req.t('dueDate'), req.format.date(inv.dueDate)],
              [req.t('outstanding'), req.format.money(inv.outstanding, inv.currency)],
            ]}
          />
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
    body: (v: Record<string, string>, inv: Invoice) => Record<string, unknown>,
    success: (created: { number?: string } | undefined) => string,
    again: (v: Record<string, string>, problem: Problem) => Promise<unknown>,
  ) => {
    const v = formValues(req);
    const inv = v.invoiceId
      ? await req.api<Invoice>('GET', `${API}/invoices/${enc(v.invoiceId)}`)
      : { ok: false, body: null };
    if (!inv.ok || !inv.body) return req.notFound();
    const res = await req.api('POST', `${API}${path}`, body(v, inv.body));
    const to = req.href(`/invoices/${enc(inv.body.id)}`);
    return answerPost(req, res, { message: success(res.body), to }, (problem) => again(v, problem));
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
