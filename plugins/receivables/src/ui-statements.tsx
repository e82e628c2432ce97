import type { PluginContext, UiRequest } from '@kehu/core';
import { DISPUTE_KINDS, type Statement } from './statements.js';
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
  Refusal,
  refusedStatus,
  Status,
} from './ui-kit';

// Reconciliation statements (往来对账): generate, send with the customer's one-time link, record the
// signed confirmation (债权债务确认书) or the disputed items, and resolve those items.

/** How many dispute rows the form offers at once; blank rows are left out. */
const DISPUTE_ROWS = 3;

/** What a statement page shows besides the statement: a refusal, the kept input, a fresh link. */
interface PageState {
  problem?: Problem;
  /** Which form the refusal belongs to. */
  form?: 'confirm' | 'dispute' | `resolve-${string}`;
  values?: Record<string, string>;
  sent?: { url: string; expiresAt: string };
}

export function statementForms(ctx: PluginContext<unknown>): void {
  const names = customerNames(ctx);

  ctx.ui.page({
    path: '/statements',
    title: { en: 'Statements', 'zh-CN': '对账单' },
    access: 'receivables.read',
    async get(req) {
      const { items, name, next } = await customerRecords<Statement>(req, names, '/statements', [
        'customerId',
        'cursor',
      ]);
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
            next={next}
            columns={[
              {
                head: req.t('customer'),
                cell: (s) => <CustomerLink id={s.customerId} name={name(s.customerId)} />,
              },
              {
                head: req.t('period'),
                cell: (s) => <a href={req.href(`/statements/${enc(s.id)}`)}>{s.period}</a>,
              },
              {
                head: req.t('balance'),
                num: true,
                cell: (s) => req.format.money(s.closing, s.currency),
              },
              { head: req.t('status'), cell: (s) => <Status req={req} status={s.status} /> },
            ]}
          />
        </>
      );
    },
  });

  const newForm = (req: UiRequest, v: Record<string, string>, problem?: Problem) => {
    const errors = fieldErrors(req, problem);
    const f = { req, form: 'stmt', errors };
    return (
      <>
        <Heading req={req} title={req.t('newStatement')} current="/statements" />
        <Refusal req={req} problem={problem} id="statement-refusal" />
        <PostForm req={req} action={req.href('/statements/new')}>
          <div class="form-grid">
            <CustomerPicker {...f} label={req.t('customer')} value={v.customerId} required />
            <Field {...f} name="period" label={req.t('period')} value={v.period} type="month" required />
            <Field {...f} name="currency" label={req.t('currencyOptional')} value={v.currency} />
          </div>
          <div>
            <button type="submit">{req.t('newStatement')}</button>
          </div>
        </PostForm>
      </>
    );
  };

  ctx.ui.page({
    path: '/statements/new',
    title: { en: 'Generate a statement', 'zh-CN': '生成对账单' },
    access: 'receivables.statements.write',
    get: (req) =>
      newForm(req, { customerId: req.query.customerId ?? '', period: ctx.clock.today().slice(0, 7) }),
    async post(req) {
      const v = formValues(req);
      const body = {
        customerId: v.customerId,
        period: v.period,
        ...(v.currency ? { currency: v.currency.toUpperCase() } : {}),
      };
      const res = await req.api<{ items: Statement[] }>('POST', `${API}/statements`, body);
      if (res.ok && res.body.items.length === 0) {
        req.c.status(422);
        return newForm(req, v, { status: 422, detail: req.t('nothingToState') });
      }
      const first = res.ok ? res.body.items[0]! : null;
      const to =
        res.ok && res.body.items.length === 1
          ? req.href(`/statements/${enc(first!.id)}`)
          : req.href(`/statements?customerId=${enc(v.customerId ?? '')}`);
      const ok = done(req, res, req.t('statementGenerated'), to);
      if (ok) return ok;
      refusedStatus(req, res.status);
      return newForm(req, v, res.body as unknown as Problem);
    },
  });

  const statementPage = async (req: UiRequest, id: string, state: PageState = {}) => {
    const res = await req.api<Statement>('GET', `${API}/statements/${enc(id)}`);
    if (!res.ok) return req.notFound();
    const s = res.body;
    const name = await names([s.customerId]);
    const m = (n: number) => req.format.money(n, s.currency);
    const canWrite = req.principal.can('receivables.statements.write');
    const errorsFor = (form: PageState['form']) =>
      fieldErrors(req, state.form === form ? state.problem : undefined);
    const kept = (form: PageState['form'], key: string) =>
      state.form === form ? state.values?.[key] : undefined;
    const action = (path: string) => req.href(`/statements/${enc(s.id)}${path}`);
    return (
      <>
        <Heading
          req={req}
          title={req.t('statement', { period: s.period, currency: s.currency })}
          current="/statements"
        />
        <Refusal req={req} problem={state.problem} id="statement-refusal" />
        {state.sent ? (
          <div class="notice notice-success" id="statement-link">
            <p>{req.t('statementSent')}</p>
            <p>
              <code>{state.sent.url}</code>
            </p>
            <p class="small">
              {req.t('linkValidUntil', { date: req.format.dateTime(state.sent.expiresAt) })}
            </p>
          </div>
        ) : null}
        <div class="cols">
          <section class="card" aria-labelledby="stmt-figures">
            <h2 id="stmt-figures">
              <Status req={req} status={s.status} />
            </h2>
            <FieldList
              fields={[
                [req.t('customer'), <CustomerLink id={s.customerId} name={name(s.customerId)} />],
                [req.t('opening'), m(s.opening)],
                [req.t('invoiced'), m(s.invoiced)],
                [req.t('paid'), m(s.paid)],
                [req.t('credited'), m(s.credited)],
                [req.t('writtenOff'), m(s.writtenOff)],
                [req.t('closing'), <strong>{m(s.closing)}</strong>],
                s.signedBy ? [req.t('signedBy'), s.signedBy] : null,
              ]}
            />
            {canWrite && (s.status === 'draft' || s.status === 'sent') ? (
              <PostForm req={req} action={action('/send')} class="inline">
                <button type="submit">{req.t('sendStatement')}</button>
              </PostForm>
            ) : null}
          </section>
          <DataTable
            id="stmt-lines"
            title={req.t('movements')}
            rows={s.lines}
            empty={req.t('noMovements')}
            columns={[
              { head: req.t('date'), cell: (l) => req.format.date(l.date) },
              {
                head: req.t('reference'),
                cell: (l) => (
                  <>
                    {l.reference} <span class="muted">{l.description}</span>
                  </>
                ),
              },
              { head: req.t('amount'), num: true, cell: (l) => m(l.amount) },
            ]}
          />
        </div>
        {s.disputeItems.length ? (
          <section class="card" aria-labelledby="stmt-disputes">
            <h2 id="stmt-disputes">{req.t('disputes')}</h2>
            <ul class="plain-list" id="stmt-dispute-items">
              {s.disputeItems.map((d) => (
                <li>
                  <Status req={req} status={d.status} /> {req.t(`dispute.${d.kind}`)} · {m(d.amount)} ·{' '}
                  {d.reason}
                  {d.openOverTwoMonths ? (
                    <span class="badge badge-failed"> {req.t('staleDispute')}</span>
                  ) : null}
                  {d.resolution ? <span class="muted"> — {d.resolution}</span> : null}
                  {canWrite && d.status === 'open' ? (
                    <PostForm req={req} action={action(`/disputes/${enc(d.id)}/resolve`)} class="inline">
                      <Field
                        req={req}
                        form={`resolve-${d.id}`}
                        name="resolution"
                        label={req.t('resolution')}
                        value={kept(`resolve-${d.id}`, 'resolution')}
                        errors={errorsFor(`resolve-${d.id}`)}
                        required
                      />
                      <button type="submit">{req.t('resolve')}</button>
                    </PostForm>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {canWrite && s.status === 'sent' ? (
          <div class="cols">
            <PostForm req={req} action={action('/confirm')} id="stmt-confirm">
              <h2>{req.t('confirmStatement')}</h2>
              <Field
                req={req}
                form="confirm"
                name="signedBy"
                label={req.t('signedBy')}
                value={kept('confirm', 'signedBy')}
                errors={errorsFor('confirm')}
              />
              <div>
                <button type="submit">{req.t('confirmStatement')}</button>
              </div>
            </PostForm>
            <PostForm req={req} action={action('/dispute')} id="stmt-dispute">
              <h2>{req.t('disputeStatement')}</h2>
              <Field
                req={req}
                form="dispute"
                name="signedBy"
                label={req.t('signedBy')}
                value={kept('dispute', 'signedBy')}
                errors={errorsFor('dispute')}
              />
              {Array.from({ length: DISPUTE_ROWS }, (_, i) => (
                <fieldset>
                  <legend>{req.t('disputeItem', { n: i + 1 })}</legend>
                  <div class="form-grid">
                    <Field
                      req={req}
                      form="dispute"
                      name={`items.${i}.amount`}
                      label={req.t('amount')}
                      value={kept('dispute', `items.${i}.amount`)}
                      errors={errorsFor('dispute')}
                      alsoFor={i === 0 ? 'items' : undefined}
                      type="amount"
                      required={i === 0}
                    />
                    <Field
                      req={req}
                      form="dispute"
                      name={`items.${i}.kind`}
                      label={req.t('kind')}
                      value={kept('dispute', `items.${i}.kind`)}
                      errors={errorsFor('dispute')}
                      required={i === 0}
                      options={DISPUTE_KINDS.map((k) => ({ value: k, label: req.t(`dispute.${k}`) }))}
                    />
                    <Field
                      req={req}
                      form="dispute"
                      name={`items.${i}.reason`}
                      label={req.t('reason')}
                      value={kept('dispute', `items.${i}.reason`)}
                      errors={errorsFor('dispute')}
                      required={i === 0}
                    />
                  </div>
                </fieldset>
              ))}
              <div>
                <button type="submit">{req.t('disputeStatement')}</button>
              </div>
            </PostForm>
          </div>
        ) : null}
      </>
    );
  };

  ctx.ui.page({
    path: '/statements/:id',
    title: { en: 'Statement', 'zh-CN': '对账单' },
    access: 'receivables.read',
    get: (req) => statementPage(req, req.params.id ?? ''),
  });

  /** A statement action's post: back to the statement, or the page again with the refusal at the form. */
  const act = async (
    req: UiRequest,
    form: PageState['form'],
    path: string,
    body: Record<string, unknown> | undefined,
    message: string,
  ) => {
    const id = req.params.id ?? '';
    const res = await req.api('POST', `${API}${path}`, body);
    return answerPost(req, res, { message, to: req.href(`/statements/${enc(id)}`) }, (problem) =>
      statementPage(req, id, { problem, form, values: formValues(req) }),
    );
  };

  ctx.ui.page({
    path: '/statements/:id/send',
    title: { en: 'Send a statement', 'zh-CN': '发送对账单' },
    access: 'receivables.statements.write',
    async post(req) {
      const id = req.params.id ?? '';
      const res = await req.api<{ confirmationPath: string; expiresAt: string }>(
        'POST',
        `${API}/statements/${enc(id)}/send`,
      );
      if (res.status === 404) return req.notFound();
      if (!res.ok) {
        refusedStatus(req, res.status);
        return statementPage(req, id, { problem: res.body as unknown as Problem });
      }
      // The link is shown on this answer only: it is stored hashed, so it never goes into a redirect.
      req.c.header('Cache-Control', 'no-store');
      const url = new URL(res.body.confirmationPath, req.c.req.url).toString();
      return statementPage(req, id, { sent: { url, expiresAt: res.body.expiresAt } });
    },
  });

  ctx.ui.page({
    path: '/statements/:id/confirm',
    title: { en: 'Confirm a statement', 'zh-CN': '确认对账单' },
    access: 'receivables.statements.write',
    post(req) {
      const v = formValues(req);
      return act(
        req,
        'confirm',
        `/statements/${enc(req.params.id ?? '')}/confirm`,
        v.signedBy ? { signedBy: v.signedBy } : {},
        req.t('statementConfirmed'),
      );
    },
  });

  ctx.ui.page({
    path: '/statements/:id/dispute',
    title: { en: 'Dispute a statement', 'zh-CN': '对账单异议' },
    access: 'receivables.statements.write',
    async post(req) {
      const v = formValues(req);
      const id = req.params.id ?? '';
      const current = await req.api<Statement>('GET', `${API}/statements/${enc(id)}`);
      if (!current.ok) return req.notFound();
      const items = Array.from({ length: DISPUTE_ROWS }, (_, i) => ({
        amount: v[`items.${i}.amount`] ?? '',
        kind: v[`items.${i}.kind`] ?? '',
        reason: v[`items.${i}.reason`] ?? '',
      }))
        // A row with neither an amount nor a reason was not used (its kind has a default).
        .filter((row, i) => i === 0 || row.amount || row.reason)
        .map((row) => ({
          amount: amountOf(row.amount, current.body.currency),
          kind: row.kind,
          reason: row.reason,
        }));
      return act(
        req,
        'dispute',
        `/statements/${enc(id)}/dispute`,
        { items, ...(v.signedBy ? { signedBy: v.signedBy } : {}) },
        req.t('statementDisputed'),
      );
    },
  });

  ctx.ui.page({
    path: '/statements/:id/disputes/:itemId/resolve',
    title: { en: 'Resolve a dispute item', 'zh-CN': '解决异议项' },
    access: 'receivables.statements.write',
    post(req) {
      const v = formValues(req);
      const itemId = req.params.itemId ?? '';
      return act(
        req,
        `resolve-${itemId}`,
        `/disputes/${enc(itemId)}/resolve`,
        { resolution: v.resolution },
        req.t('disputeResolved'),
      );
    },
  });
}
