import type { PluginContext, UiRequest } from '@kehu/core';
import { problemText } from '@kehu/core/ui';
import { FOLLOW_UP_OUTCOMES, type FollowUp, type OverdueAccount } from './dunning.js';
// TSX modules are imported without an extension, so jiti (which loads plugin sources) finds them.
import { API, FieldList, fieldErrors, Heading, type Problem as UiProblem } from './ui-kit';

// The collection desk (催收) in the console: the overdue list with each account's last follow-up and
// next step, and the form that records a follow-up's outcome. Read and written through the plugin's
// API with the signed-in user's rights.

const en = {
  collection: 'Collection',
  'collection.none': 'Nothing is overdue.',
  'collection.account': 'Account',
  'collection.overdue': 'Overdue',
  'collection.days': 'Days overdue',
  'collection.level': 'Level',
  'collection.lastFollowUp': 'Last follow-up',
  'collection.nextStep': 'Next step',
  'collection.noFollowUp': 'None yet',
  'collection.record': 'Record outcome',
  'collection.next.level': '{name} (level {level}) from {date}',
  'collection.next.awaiting_promise': 'Waiting for the promised payment by {date}',
  'collection.next.paused.dispute': 'Paused: a dispute is open',
  'collection.next.paused.payment_plan': 'Paused: a repayment plan covers it',
  'collection.next.final_level_reached': 'Final level reached',
  'collection.followUp': 'Follow-up: {name}',
  'collection.raisedOn': 'Raised on',
  'collection.amount': 'Overdue when raised',
  'collection.invoices': 'Invoices',
  'collection.outcome': 'Outcome',
  'collection.promisedDate': 'Promised payment date',
  'collection.promisedDateHint': 'Only for a promise to pay',
  'collection.note': 'Note',
  'collection.save': 'Save outcome',
  'collection.saved': 'Outcome recorded',
  'collection.mail': 'Collection notice',
  'collection.mail.sent': 'Mailed to {to}',
  'collection.mail.not_sent': 'Not sent',
  'collection.status.open': 'Open',
  'collection.status.recorded': 'Recorded',
  'collection.status.closed': 'Closed (paid)',
  'collection.outcome.contacted': 'Contacted',
  'collection.outcome.promise_to_pay': 'Promise to pay',
  'collection.outcome.refused': 'Refused',
  'collection.outcome.unreachable': 'Unreachable',
};

const zhCN: Record<keyof typeof en, string> = {
  collection: '催收',
  'collection.none': '没有逾期应收。',
  'collection.account': '账户',
  'collection.overdue': '逾期金额',
  'collection.days': '逾期天数',
  'collection.level': '催收级别',
  'collection.lastFollowUp': '最近跟进',
  'collection.nextStep': '下一步',
  'collection.noFollowUp': '尚无',
  'collection.record': '登记结果',
  'collection.next.level': '{date} 起{name}（第 {level} 级）',
  'collection.next.awaiting_promise': '等待承诺付款（{date} 前）',
  'collection.next.paused.dispute': '暂停：有未决争议',
  'collection.next.paused.payment_plan': '暂停：还款计划中',
  'collection.next.final_level_reached': '已到最后一级',
  'collection.followUp': '催收跟进：{name}',
  'collection.raisedOn': '发起日期',
  'collection.amount': '发起时逾期金额',
  'collection.invoices': '发票',
  'collection.outcome': '跟进结果',
  'collection.promisedDate': '承诺付款日期',
  'collection.promisedDateHint': '仅承诺付款时填写',
  'collection.note': '备注',
  'collection.save': '保存结果',
  'collection.saved': '已登记跟进结果',
  'collection.mail': '催款通知',
  'collection.mail.sent': '已发送至 {to}',
  'collection.mail.not_sent': '未发送',
  'collection.status.open': '待跟进',
  'collection.status.recorded': '已登记',
  'collection.status.closed': '已结清',
  'collection.outcome.contacted': '已联系',
  'collection.outcome.promise_to_pay': '承诺付款',
  'collection.outcome.refused': '拒绝付款',
  'collection.outcome.unreachable': '无法联系',
};

const nextStepText = (req: UiRequest, step: OverdueAccount['nextStep']): string => {
  switch (step.kind) {
    case 'level':
      return req.t('collection.next.level', {
        name: step.name,
        level: step.level,
        date: req.format.date(step.on),
      });
    case 'awaiting_promise':
      return req.t('collection.next.awaiting_promise', { date: req.format.date(step.promisedDate) });
    case 'paused':
      return req.t(`collection.next.paused.${step.reason}`);
    default:
      return req.t('collection.next.final_level_reached');
  }
};

const followUpState = (req: UiRequest, f: FollowUp): string =>
  f.outcome ? req.t(`collection.outcome.${f.outcome}`) : req.t(`collection.status.${f.status}`);

export function collectionUi(ctx: PluginContext<unknown>): void {
  ctx.ui.messages({ en, 'zh-CN': zhCN });
  const recordPath = (f: FollowUp) =>
    `/collection/${encodeURIComponent(f.customerId)}/follow-ups/${encodeURIComponent(f.id)}`;

  ctx.ui.page({
    path: '/collection',
    title: { en: 'Collection', 'zh-CN': '催收' },
    access: 'receivables.read',
    async get(req) {
      const res = await req.api<{ items: OverdueAccount[] }>('GET', `${API}/collection/overdue`);
      const items = res.ok ? res.body.items : [];
      const mayRecord = req.principal.can('receivables.followUps.record');
      return (
        <>
          <Heading req={req} title={req.t('collection')} current="/collection" />
          <div class="card table-wrap">
            {items.length === 0 ? (
              <p class="muted">{req.t('collection.none')}</p>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th scope="col">{req.t('collection.account')}</th>
                    <th scope="col" class="num">
                      {req.t('collection.overdue')}
                    </th>
                    <th scope="col" class="num">
                      {req.t('collection.days')}
                    </th>
                    <th scope="col">{req.t('collection.lastFollowUp')}</th>
                    <th scope="col">{req.t('collection.nextStep')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((a) => {
                    const last = a.lastFollowUp;
                    return (
                      <tr data-customer={a.customerId} data-follow-up={last?.id}>
                        <td>
                          <a href={`/customers/${encodeURIComponent(a.customerId)}`}>
                            {a.customerName ?? a.customerId}
                          </a>{' '}
                          <span class="muted small">{a.currency}</span>
                        </td>
                        <td class="num">{req.format.money(a.overdue, a.currency)}</td>
                        <td class="num">{a.daysOverdue}</td>
                        <td>
                          {last ? (
                            <>
                              {last.levelName} · {req.format.date(last.raisedOn)} · {followUpState(req, last)}
                              {last.promisedDate ? ` (${req.format.date(last.promisedDate)})` : ''}
                              {last.status === 'open' && mayRecord ? (
                                <div>
                                  <a class="small" href={req.href(recordPath(last))}>
                                    {req.t('collection.record')}
                                  </a>
                                </div>
                              ) : null}
                            </>
                          ) : (
                            <span class="muted">{req.t('collection.noFollowUp')}</span>
                          )}
                        </td>
                        <td>{nextStepText(req, a.nextStep)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )}
          </div>
        </>
      );
    },
  });

  const outcomeForm = async (req: UiRequest, values: Record<string, string>, problem?: UiProblem) => {
    const res = await req.api<{ items: FollowUp[] }>(
      'GET',
      `${API}/customers/${encodeURIComponent(req.params.customerId ?? '')}/follow-ups`,
    );
    const f = res.ok ? res.body.items.find((x) => x.id === req.params.id) : undefined;
    if (!f) return req.notFound();
    const customer = (await ctx.customers.summaries([f.customerId])).get(f.customerId);
    // In Chinese the refusal is said by its code (the kit's catalog), in English by the API.
    const errors = fieldErrors(req, problem);
    const m = (n: number) => req.format.money(n, f.currency);
    const dateError = errors.get('promisedDate');
    return (
      <>
        <Heading
          req={req}
          title={req.t('collection.followUp', { name: customer?.name ?? f.customerId })}
          current="/collection"
        />
        <section class="card" aria-labelledby="rcv-follow-up">
          <h2 id="rcv-follow-up">{f.levelName}</h2>
          <FieldList
            fields={[
              [req.t('collection.raisedOn'), req.format.date(f.raisedOn)],
              [req.t('collection.amount'), m(f.amount)],
              [
                req.t('collection.invoices'),
                f.invoices.map((i) => (
                  <div>
                    <a href={req.href(`/invoices/${encodeURIComponent(i.invoiceId)}`)}>{i.number}</a> ·{' '}
                    {req.format.date(i.dueDate)} · {m(i.outstanding)}
                  </div>
                )),
              ],
              f.customerMail
                ? [
                    req.t('collection.mail'),
                    f.customerMail.status === 'sent'
                      ? req.t('collection.mail.sent', { to: f.customerMail.to ?? '' })
                      : req.t('collection.mail.not_sent'),
                  ]
                : null,
            ]}
          />
        </section>
        {problem && !dateError ? (
          <div class="notice notice-error" role="alert">
            <p>{problemText(req, problem)}</p>
          </div>
        ) : null}
        {f.status === 'open' ? (
          <form method="post" action={req.href(recordPath(f))} class="card stack" id="follow-up-outcome">
            <input type="hidden" name="_csrf" value={req.csrfToken} />
            <fieldset>
              <legend>{req.t('collection.outcome')}</legend>
              {FOLLOW_UP_OUTCOMES.map((o) => (
                <label class="check">
                  <input
                    type="radio"
                    name="outcome"
                    value={o}
                    required
                    checked={(values.outcome ?? 'contacted') === o}
                  />{' '}
                  {req.t(`collection.outcome.${o}`)}
                </label>
              ))}
            </fieldset>
            <div class="form-grid">
              <div class="field">
                <label for="rcv-promisedDate">{req.t('collection.promisedDate')}</label>
                <input
                  id="rcv-promisedDate"
                  name="promisedDate"
                  type="date"
                  value={values.promisedDate ?? ''}
                  aria-invalid={dateError ? 'true' : undefined}
                  aria-describedby={dateError ? 'rcv-promisedDate-error' : 'rcv-promisedDate-hint'}
                />
                <div class="small muted" id="rcv-promisedDate-hint">
                  {req.t('collection.promisedDateHint')}
                </div>
                {dateError ? (
                  <div class="field-error" id="rcv-promisedDate-error">
                    {dateError}
                  </div>
                ) : null}
              </div>
              <div class="field">
                <label for="rcv-note">{req.t('collection.note')}</label>
                <textarea id="rcv-note" name="note" rows={3}>
                  {values.note ?? ''}
                </textarea>
              </div>
            </div>
            <div>
              <button type="submit">{req.t('collection.save')}</button>
            </div>
          </form>
        ) : (
          <p class="card">{followUpState(req, f)}</p>
        )}
      </>
    );
  };

  ctx.ui.page({
    path: '/collection/:customerId/follow-ups/:id',
    title: { en: 'Collection follow-up', 'zh-CN': '催收跟进' },
    access: 'receivables.followUps.record',
    get: (req) => outcomeForm(req, {}),
    async post(req) {
      const v = Object.fromEntries(
        Object.entries(req.form).map(([k, x]) => [k, String(Array.isArray(x) ? x[0] : x).trim()]),
      );
      const body = {
        outcome: v.outcome,
        ...(v.outcome === 'promise_to_pay' && v.promisedDate ? { promisedDate: v.promisedDate } : {}),
        ...(v.note ? { note: v.note } : {}),
      };
      const res = await req.api(
        'POST',
        `${API}/follow-ups/${encodeURIComponent(req.params.id ?? '')}/outcome`,
        body,
      );
      if (res.ok) {
        req.flash('success', req.t('collection.saved'));
        return req.c.redirect(req.href('/collection'), 303);
      }
      req.c.status(res.status === 404 ? 404 : 422);
      return outcomeForm(req, v, res.body as never);
    },
  });
}
