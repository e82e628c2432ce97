import type { PluginContext, UiRequest } from '@kehu/core';
import type { PaymentPlan } from './plans.js';
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
  forCustomer,
  formValues,
  Heading,
  PostForm,
  type Problem,
  ReasonForm,
  Refusal,
  refusedStatus,
  Status,
} from './ui-kit';

// Repayment plans (还款计划): instalments agreed with a customer for its overdue debt.

/** Instalment rows the form offers; blank rows are left out. */
const ROWS = 6;

export function planForms(ctx: PluginContext<unknown>): void {
  const names = customerNames(ctx);
  const canWrite = (req: UiRequest) => req.principal.can('receivables.plans.write');

  ctx.ui.page({
    path: '/plans',
    title: { en: 'Repayment plans', 'zh-CN': '还款计划' },
    access: 'receivables.read',
    async get(req) {
      const { items, name, next } = await customerRecords<PaymentPlan>(req, names, '/plans', [
        'customerId',
        'status',
        'cursor',
      ]);
      return (
        <>
          <Heading req={req} title={req.t('plans')} current="/plans" />
          <ActionLink
            when={canWrite(req)}
            href={req.href(`/plans/new${forCustomer(req)}`)}
            label={req.t('newPlan')}
          />
          <DataTable
            rows={items}
            empty={req.t('noPlans')}
            next={next}
            columns={[
              {
                head: req.t('customer'),
                cell: (p) => <CustomerLink id={p.customerId} name={name(p.customerId)} />,
              },
              {
                head: req.t('startsOn'),
                cell: (p) => <a href={req.href(`/plans/${enc(p.id)}`)}>{req.format.date(p.startsOn)}</a>,
              },
              { head: req.t('total'), num: true, cell: (p) => req.format.money(p.total, p.currency) },
              { head: req.t('paidSoFar'), num: true, cell: (p) => req.format.money(p.paidSoFar, p.currency) },
              { head: req.t('status'), cell: (p) => <Status req={req} status={p.status} /> },
            ]}
          />
        </>
      );
    },
  });

  const newForm = (req: UiRequest, v: Record<string, string>, problem?: Problem) => {
    const errors = fieldErrors(req, problem);
    const currency = (v.currency || 'CNY').toUpperCase();
    const f = { req, form: 'plan', errors };
    return (
      <>
        <Heading req={req} title={req.t('newPlan')} current="/plans" />
        <Refusal req={req} problem={problem} id="plan-refusal" />
        <PostForm req={req} action={req.href('/plans/new')}>
          <div class="form-grid">
            <CustomerPicker {...f} label={req.t('customer')} value={v.customerId} required />
            <Field {...f} name="currency" label={req.t('currency')} value={currency} required />
            <Field {...f} name="reason" label={req.t('reason')} value={v.reason} type="textarea" required />
          </div>
          <fieldset>
            <legend>{req.t('instalments')}</legend>
            <p class="small muted">{req.t('instalmentHint')}</p>
            {errors.get('instalments') ? (
              <div class="field-error" id="plan-instalments-error">
                {errors.get('instalments')}
              </div>
            ) : null}
            {Array.from({ length: ROWS }, (_, i) => (
              <div class="form-grid">
                <Field
                  {...f}
                  name={`instalments.${i}.dueDate`}
                  label={`${req.t('instalment', { n: i + 1 })} · ${req.t('dueDate')}`}
                  value={v[`instalments.${i}.dueDate`]}
                  type="date"
                  required={i === 0}
                />
                <Field
                  {...f}
                  name={`instalments.${i}.amount`}
                  label={`${req.t('instalment', { n: i + 1 })} · ${req.t('amount')}`}
                  value={v[`instalments.${i}.amount`]}
                  type="amount"
                  required={i === 0}
                />
              </div>
            ))}
          </fieldset>
          <div>
            <button type="submit">{req.t('newPlan')}</button>
          </div>
        </PostForm>
      </>
    );
  };

  ctx.ui.page({
    path: '/plans/new',
    title: { en: 'Agree a repayment plan', 'zh-CN': '约定还款计划' },
    access: 'receivables.plans.write',
    get: (req) => newForm(req, { customerId: req.query.customerId ?? '', currency: 'CNY' }),
    async post(req) {
      const v = formValues(req);
      const currency = (v.currency || 'CNY').toUpperCase();
      const instalments = Array.from({ length: ROWS }, (_, i) => ({
        dueDate: v[`instalments.${i}.dueDate`] ?? '',
        amount: v[`instalments.${i}.amount`] ?? '',
      }))
        .filter((row, i) => i === 0 || row.dueDate || row.amount)
        .map((row) => ({ dueDate: row.dueDate, amount: amountOf(row.amount, currency) }));
      const res = await req.api<PaymentPlan>('POST', `${API}/plans`, {
        customerId: v.customerId,
        currency,
        reason: v.reason,
        instalments,
      });
      const ok = done(req, res, req.t('planCreated'), req.href(`/plans/${enc(res.body?.id ?? '')}`));
      if (ok) return ok;
      refusedStatus(req, res.status);
      return newForm(req, v, res.body as unknown as Problem);
    },
  });

  const planPage = async (
    req: UiRequest,
    id: string,
    problem?: Problem,
    values: Record<string, string> = {},
  ) => {
    const res = await req.api<PaymentPlan>('GET', `${API}/plans/${enc(id)}`);
    if (!res.ok) return req.notFound();
    const p = res.body;
    const name = await names([p.customerId]);
    const m = (n: number) => req.format.money(n, p.currency);
    return (
      <>
        <Heading req={req} title={req.t('plans')} current="/plans" />
        <Refusal req={req} problem={problem} id="plan-refusal" />
        <div class="cols">
          <section class="card" aria-labelledby="plan-summary">
            <h2 id="plan-summary">
              <Status req={req} status={p.status} />
            </h2>
            <FieldList
              fields={[
                [req.t('customer'), <CustomerLink id={p.customerId} name={name(p.customerId)} />],
                [req.t('startsOn'), req.format.date(p.startsOn)],
                [req.t('total'), m(p.total)],
                [req.t('paidSoFar'), m(p.paidSoFar)],
                [req.t('reason'), p.reason],
              ]}
            />
          </section>
          <DataTable
            id="plan-instalments"
            title={req.t('instalments')}
            rows={p.instalments}
            empty=""
            columns={[
              { head: '#', cell: (i) => i.seq },
              { head: req.t('dueDate'), cell: (i) => req.format.date(i.dueDate) },
              { head: req.t('amount'), num: true, cell: (i) => m(i.amount) },
              { head: req.t('status'), cell: (i) => <Status req={req} status={i.status} /> },
            ]}
          />
        </div>
        {canWrite(req) && p.status === 'active' ? (
          <ReasonForm
            req={req}
            action={req.href(`/plans/${enc(p.id)}/cancel`)}
            form="plan-cancel"
            title={req.t('cancelPlan')}
            value={values.reason}
            errors={fieldErrors(req, problem)}
          />
        ) : null}
      </>
    );
  };

  ctx.ui.page({
    path: '/plans/:id',
    title: { en: 'Repayment plan', 'zh-CN': '还款计划' },
    access: 'receivables.read',
    get: (req) => planPage(req, req.params.id ?? ''),
  });

  ctx.ui.page({
    path: '/plans/:id/cancel',
    title: { en: 'Cancel a repayment plan', 'zh-CN': '取消还款计划' },
    access: 'receivables.plans.write',
    async post(req) {
      const id = req.params.id ?? '';
      const v = formValues(req);
      const res = await req.api('POST', `${API}/plans/${enc(id)}/cancel`, { reason: v.reason });
      const to = req.href(`/plans/${enc(id)}`);
      return answerPost(req, res, { message: req.t('planCancelled'), to }, (problem) =>
        planPage(req, id, problem, v),
      );
    },
  });
}
