import type { Page, PluginContext, UiRequest } from '@kehu/core';
import {
  API,
  answerPost,
  CustomerLink,
  customerNames,
  enc,
  Field,
  FieldList,
  fieldErrors,
  formValues,
  Heading,
  More,
  PostForm,
  type Problem,
  Refusal,
} from './ui-kit';
import type { Warning } from './warnings.js';

// Mid-month warnings (预警): invoices that will be overdue by the month's end, each answered by its
// responsible person with the reason, the collection measures and the expected payment date.

export function warningForms(ctx: PluginContext<unknown>): void {
  const names = customerNames(ctx);

  const list = async (
    req: UiRequest,
    failed?: { id: string; problem: Problem; values: Record<string, string> },
  ) => {
    const answered = req.query.answered === 'true' ? 'true' : 'false';
    const q = new URLSearchParams({ limit: '50', answered });
    if (req.query.cursor) q.set('cursor', req.query.cursor);
    const res = await req.api<Page<Warning & { invoiceNumber: string }>>('GET', `${API}/warnings?${q}`);
    const items = res.ok ? res.body.items : [];
    const name = await names(items.map((w) => w.customerId));
    const canAnswer = req.principal.can('receivables.warnings.answer');
    return (
      <>
        <Heading req={req} title={req.t('warnings')} current="/warnings" />
        <nav class="subnav" aria-label={req.t('status')}>
          <a href="?answered=false" aria-current={answered === 'false' ? 'page' : undefined}>
            {req.t('unanswered')}
          </a>
          <a href="?answered=true" aria-current={answered === 'true' ? 'page' : undefined}>
            {req.t('answered')}
          </a>
        </nav>
        <Refusal req={req} problem={failed?.problem} id="warning-refusal" />
        {items.length === 0 ? (
          <div class="card">
            <p class="muted">{req.t('noWarnings')}</p>
          </div>
        ) : (
          items.map((w) => {
            const mine = failed?.id === w.id;
            const errors = fieldErrors(req, mine ? failed?.problem : undefined);
            const v = mine ? failed!.values : {};
            const f = { req, form: `warn-${w.id}`, errors };
            return (
              <section class="card" aria-labelledby={`warn-${w.id}-title`} data-warning={w.id}>
                <h2 id={`warn-${w.id}-title`}>
                  {req.t('warning')} ·{' '}
                  <a href={req.href(`/invoices/${enc(w.invoiceId)}`)}>{w.invoiceNumber}</a>
                </h2>
                <FieldList
                  fields={[
                    [req.t('customer'), <CustomerLink id={w.customerId} name={name(w.customerId)} />],
                    [req.t('dueDate'), req.format.date(w.dueDate)],
                    [req.t('outstanding'), req.format.money(w.outstanding, w.currency)],
                    ...(w.answered
                      ? ([
                          [req.t('warningReason'), w.reason],
                          [req.t('measures'), w.measures],
                          [
                            req.t('expectedPaymentDate'),
                            w.expectedPaymentDate ? req.format.date(w.expectedPaymentDate) : '',
                          ],
                        ] as const)
                      : ([
                          [req.t('status'), req.t('answerBy', { date: req.format.date(w.answerBy) })],
                        ] as const)),
                  ]}
                />
                {!w.answered && canAnswer ? (
                  <PostForm req={req} action={req.href(`/warnings/${enc(w.id)}/answer`)} class="stack">
                    <h3>{req.t('answerWarning')}</h3>
                    <div class="form-grid">
                      <Field
                        {...f}
                        name="reason"
                        label={req.t('warningReason')}
                        value={v.reason}
                        type="textarea"
                        required
                      />
                      <Field
                        {...f}
                        name="measures"
                        label={req.t('measures')}
                        value={v.measures}
                        type="textarea"
                        required
                      />
                      <Field
                        {...f}
                        name="expectedPaymentDate"
                        label={req.t('expectedPaymentDate')}
                        value={v.expectedPaymentDate}
                        type="date"
                        required
                      />
                    </div>
                    <div>
                      <button type="submit">{req.t('answerWarning')}</button>
                    </div>
                  </PostForm>
                ) : null}
              </section>
            );
          })
        )}
        <More req={req} cursor={res.ok ? res.body.nextCursor : null} />
      </>
    );
  };

  ctx.ui.page({
    path: '/warnings',
    title: { en: 'Warnings', 'zh-CN': '预警' },
    access: 'receivables.read',
    get: (req) => list(req),
  });

  ctx.ui.page({
    path: '/warnings/:id/answer',
    title: { en: 'Answer a warning', 'zh-CN': '答复预警' },
    access: 'receivables.warnings.answer',
    async post(req) {
      const id = req.params.id ?? '';
      const v = formValues(req);
      const res = await req.api<Warning>('POST', `${API}/warnings/${enc(id)}/answer`, {
        reason: v.reason,
        measures: v.measures,
        expectedPaymentDate: v.expectedPaymentDate,
      });
      const to = req.href('/warnings?answered=true');
      return answerPost(req, res, { message: req.t('warningAnswered'), to }, (problem) =>
        list(req, { id, problem, values: v }),
      );
    },
  });
}
