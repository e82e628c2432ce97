import type { PluginContext, UiRequest } from '@kehu/core';
import type { Deps } from './context.js';
import { type Lang, type VALUE_LABELS, valueLabel } from './labels.js';
import {
  CHANNELS,
  EMOTIONS,
  NATURES,
  REMEDY_KINDS,
  RESPONSIBLE_PARTIES,
  RMLSP_STEPS,
  SEVERITIES,
} from './model.js';
import { REPORT_GROUPS } from './reports.js';
import { csvDownload } from './ui-forms';

const L = (en: string, zh: string) => ({ en, 'zh-CN': zh });

const MESSAGES = {
  en: {
    queue: 'Complaint queue',
    mine: 'Mine',
    all: 'All open',
    newComplaint: 'File a complaint',
    number: 'No.',
    customer: 'Customer',
    subject: 'Subject',
    state: 'State',
    severity: 'Severity',
    nature: 'Nature',
    sla: 'SLA',
    remaining: '{minutes} working min left',
    overdue: '{minutes} working min over',
    none: 'Nothing here.',
    lookup: 'Find the caller (exact phone, code or name)',
    find: 'Find',
    noMatch: 'No customer matches exactly.',
    channel: 'Channel',
    category: 'Category',
    description: 'Description',
    request: 'What the customer asks for',
    emotion: 'Emotion',
    rmlsp: 'Emotion first (RMLSP)',
    batch: 'Product / batch',
    submit: 'Save',
    filed: 'Complaint {number} filed.',
    done: 'Saved.',
    history: 'History',
    remedies: 'Remedies',
    actions: 'Next steps',
    notAllowed: 'No step is open to you.',
    due: 'Due',
    response: 'Response',
    resolution: 'Resolution',
    paused: 'Paused',
    handler: 'Handler',
    reason: 'Reason',
    note: 'Note',
    cause: 'Cause',
    evidence: 'Evidence',
    party: 'Responsible party',
    responsibleName: 'Responsible person or organisation',
    rootCause: 'Root cause',
    remedyKind: 'Remedy',
    amount: 'Amount (minor units)',
    currency: 'Currency',
    text: 'Reply',
    satisfied: 'Satisfied',
    notSatisfied: 'Not satisfied',
    waitingFor: 'Waiting for',
    issues: 'Systemic issues',
    reference: 'Reference',
    complaints: 'Complaints',
    customers: 'Customers',
    reports: 'Complaint reports',
    from: 'From',
    to: 'To',
    by: 'By',
    show: 'Show',
    csv: 'CSV',
    avgResponse: 'Avg response (min)',
    p90Resolution: 'p90 resolution (min)',
    attainment: 'SLA attainment',
    reopenRate: 'Reopen rate',
    per100Customers: 'Per 100 active customers',
    per100Invoices: 'Per 100 invoices',
    compensation: 'Compensation',
    policies: 'SLA policies',
    calendar: 'Working calendar (JSON)',
    position: 'Order',
    enabled: 'Enabled',
    default: 'default',
    contact: 'Log a contact',
    form: 'Handling form',
    duplicateOf: 'Duplicate of',
    customerAccepted: 'The customer accepted the answer',
    changeNature: 'Change the nature',
    natureNote: 'Guidance (false) or rebuttal (malicious)',
    legalAction: 'Legal action (malicious)',
    reassign: 'Hand over to another handler',
    newHandler: 'New handler',
    approve: 'Approve',
    reject: 'Reject',
    awaitsOther: 'Awaits another user’s approval',
    approvals: 'Compensation awaiting approval',
    requestedBy: 'Requested by',
    'by.category': 'category',
    'by.nature': 'nature',
    'by.severity': 'severity',
    'by.channel': 'channel',
    'by.responsibleParty': 'responsible party',
    'by.handler': 'handler',
    'by.tier': 'customer tier',
    'by.month': 'month',
    complaintsChart: 'Complaints by {by}',
    complaintsChartDesc: 'Number of complaints received in the period for each {by}.',
    attainmentChart: 'SLA attainment by {by}',
    attainmentChartDesc: 'Share of judged complaints that met their resolution target, for each {by}.',
  },
  'zh-CN': {
    queue: '投诉工作台',
    mine: '我受理的',
    all: '全部未结',
    newComplaint: '受理投诉',
    number: '编号',
    customer: '客户',
    subject: '主题',
    state: '状态',
    severity: '严重程度',
    nature: '性质',
    sla: '时限',
    remaining: '剩余 {minutes} 工作分钟',
    overdue: '超时 {minutes} 工作分钟',
    none: '暂无记录。',
    lookup: '查找来电客户（精确电话、编码或名称）',
    find: '查找',
    noMatch: '没有完全匹配的客户。',
    channel: '渠道',
    category: '类别',
    description: '投诉内容',
    request: '客户诉求',
    emotion: '情绪',
    rmlsp: '情绪优先（致歉、礼貌、倾听、同情、承诺）',
    batch: '产品 / 批次',
    submit: '保存',
    filed: '投诉 {number} 已受理。',
    done: '已保存。',
    history: '处理记录',
    remedies: '处理措施',
    actions: '下一步',
    notAllowed: '您当前没有可执行的步骤。',
    due: '截止',
    response: '响应',
    resolution: '解决',
    paused: '已暂停',
    handler: '受理人',
    reason: '原因',
    note: '备注',
    cause: '原因调查',
    evidence: '证据',
    party: '责任方',
    responsibleName: '责任人或单位',
    rootCause: '根本原因',
    remedyKind: '处理措施',
    amount: '金额（分）',
    currency: '币种',
    text: '答复内容',
    satisfied: '满意',
    notSatisfied: '不满意',
    waitingFor: '等待',
    issues: '普遍性问题',
    reference: '产品/批次',
    complaints: '投诉数',
    customers: '客户数',
    reports: '投诉分析',
    from: '起',
    to: '止',
    by: '维度',
    show: '查询',
    csv: '导出 CSV',
    avgResponse: '平均响应（分钟）',
    p90Resolution: '解决 P90（分钟）',
    attainment: '时限达成率',
    reopenRate: '重开率',
    per100Customers: '每百名活跃客户投诉数',
    per100Invoices: '每百张发票投诉数',
    compensation: '赔偿',
    policies: '时限策略',
    calendar: '工作日历（JSON）',
    position: '顺序',
    enabled: '启用',
    default: '默认',
    contact: '记录联系',
    form: '投诉处理表',
    duplicateOf: '重复于',
    customerAccepted: '客户已接受答复',
    changeNature: '变更投诉性质',
    natureNote: '指导说明（虚假）或反驳（恶意）',
    legalAction: '法律措施（恶意）',
    reassign: '移交其他受理人',
    newHandler: '新受理人',
    approve: '批准',
    reject: '驳回',
    awaitsOther: '待他人审批',
    approvals: '待审批的赔偿',
    requestedBy: '申请人',
    'by.category': '类别',
    'by.nature': '性质',
    'by.severity': '严重程度',
    'by.channel': '渠道',
    'by.responsibleParty': '责任方',
    'by.handler': '受理人',
    'by.tier': '客户层级',
    'by.month': '月份',
    complaintsChart: '按{by}统计的投诉数',
    complaintsChartDesc: '本期间每个{by}收到的投诉件数。',
    attainmentChart: '按{by}统计的时限达成率',
    attainmentChartDesc: '已判定的投诉中按时解决的比例（按{by}）。',
  },
};

const langOf = (req: UiRequest): Lang => (req.lang === 'zh-CN' ? 'zh-CN' : 'en');
/** A code of the complaint process in the page's language. */
const lbl = (req: UiRequest, group: keyof typeof VALUE_LABELS, value: string | null | undefined) =>
  valueLabel(langOf(req), group, value) || '—';

const Hidden = ({ req }: { req: UiRequest }) => <input type="hidden" name="_csrf" value={req.csrfToken} />;
const Options = ({
  values,
  req,
  group,
}: {
  values: readonly string[];
  req?: UiRequest;
  group?: keyof typeof VALUE_LABELS;
}) => (
  <>
    {values.map((v) => (
      <option value={v}>{req && group ? lbl(req, group, v) : v}</option>
    ))}
  </>
);
const Field = ({ id, label, children }: { id: string; label: string; children: unknown }) => (
  <div>
    <label for={id}>{label}</label>
    {children}
  </div>
);

const slaText = (req: UiRequest, sla: any) => {
  const t =
    sla.resolution.status === 'met' ? sla.resolution : sla.response.metAt ? sla.resolution : sla.response;
  if (sla.status === 'paused') return req.t('paused');
  if (t.remainingMinutes == null) return sla.status;
  return t.remainingMinutes >= 0
    ? req.t('remaining', { minutes: t.remainingMinutes })
    : req.t('overdue', { minutes: -t.remainingMinutes });
};

/** The fields each transition's form asks for. */
function TransitionForm({
  req,
  id,
  name,
  others,
  closed,
}: {
  req: UiRequest;
  id: string;
  name: string;
  /** The customer's other complaints: what a duplicate may be merged into. */
  others: { id: string; number: string; subject: string }[];
  /** A closed complaint's later return visit can only find the customer dissatisfied (it reopens). */
  closed: boolean;
}) {
  const f = (field: string) => `${name}-${field}`;
  const fields: Record<string, unknown> = {
    accept: (
      <>
        <Field id={f('severity')} label={req.t('severity')}>
          <select id={f('severity')} name="severity">
            <Options values={SEVERITIES} req={req} group="severity" />
          </select>
        </Field>
        <Field id={f('nature')} label={req.t('nature')}>
          <select id={f('nature')} name="nature">
            <Options values={NATURES} req={req} group="nature" />
          </select>
        </Field>
        <Field id={f('note')} label={req.t('note')}>
          <input id={f('note')} name="guidance" />
        </Field>
      </>
    ),
    investigate: (
      <>
        <Field id={f('cause')} label={req.t('cause')}>
          <input id={f('cause')} name="cause" required />
        </Field>
        <Field id={f('evidence')} label={req.t('evidence')}>
          <input id={f('evidence')} name="evidence" required />
        </Field>
      </>
    ),
    establishResponsibility: (
      <>
        <Field id={f('party')} label={req.t('party')}>
          <select id={f('party')} name="party">
            <Options values={RESPONSIBLE_PARTIES} req={req} group="party" />
          </select>
        </Field>
        <Field id={f('name')} label={req.t('responsibleName')}>
          <input id={f('name')} name="responsibleName" />
        </Field>
        <Field id={f('root')} label={req.t('rootCause')}>
          <input id={f('root')} name="rootCause" required />
        </Field>
      </>
    ),
    handle: (
      <>
        <Field id={f('kind')} label={req.t('remedyKind')}>
          <select id={f('kind')} name="kind">
            <Options values={REMEDY_KINDS} req={req} group="remedy" />
          </select>
        </Field>
        <Field id={f('description')} label={req.t('description')}>
          <input id={f('description')} name="description" required />
        </Field>
        <Field id={f('amount')} label={req.t('amount')}>
          <input id={f('amount')} name="amount" type="number" min="1" />
        </Field>
        <Field id={f('currency')} label={req.t('currency')}>
          <input id={f('currency')} name="currency" value="CNY" />
        </Field>
      </>
    ),
    reply: (
      <>
        <Field id={f('text')} label={req.t('text')}>
          <textarea id={f('text')} name="text" required />
        </Field>
        <Field id={f('channel')} label={req.t('channel')}>
          <select id={f('channel')} name="channel">
            <Options values={CHANNELS} req={req} group="channel" />
          </select>
        </Field>
        <label class="check">
          <input type="checkbox" name="customerAccepted" value="true" /> {req.t('customerAccepted')}
        </label>
      </>
    ),
    returnVisit: (
      <Field id={f('satisfied')} label={req.t('satisfied')}>
        <select id={f('satisfied')} name="satisfied">
          {closed ? null : <option value="true">{req.t('satisfied')}</option>}
          <option value="false">{req.t('notSatisfied')}</option>
        </select>
      </Field>
    ),
    pause: (
      <>
        <Field id={f('for')} label={req.t('waitingFor')}>
          <select id={f('for')} name="waitingFor">
            <Options values={['customer', 'third_party']} req={req} group="waitingFor" />
          </select>
        </Field>
        <Field id={f('reason')} label={req.t('reason')}>
          <input id={f('reason')} name="reason" required />
        </Field>
      </>
    ),
    resume: <></>,
    withdraw: (
      <Field id={f('reason')} label={req.t('reason')}>
        <input id={f('reason')} name="reason" required />
      </Field>
    ),
    markDuplicate:
      others.length === 0 ? null : (
        <>
          <Field id={f('of')} label={req.t('duplicateOf')}>
            <select id={f('of')} name="of">
              {others.map((o) => (
                <option value={o.id}>
                  {o.number} {o.subject}
                </option>
              ))}
            </select>
          </Field>
          <Field id={f('reason')} label={req.t('reason')}>
            <input id={f('reason')} name="reason" />
          </Field>
        </>
      ),
  };
  if (fields[name] === null) return null;
  if (!(name in fields)) return null;
  return (
    <form method="post" action={req.href(`/complaints/${id}`)} class="stack card">
      <Hidden req={req} />
      <input type="hidden" name="action" value={name} />
      <strong>{lbl(req, 'transition', name)}</strong>
      <div class="form-grid">{fields[name]}</div>
      <button type="submit">{req.t('submit')}</button>
    </form>
  );
}

const PATHS: Record<string, string> = {
  accept: 'accept',
  investigate: 'investigation',
  establishResponsibility: 'responsibility',
  handle: 'handling',
  reply: 'reply',
  returnVisit: 'return-visit',
  pause: 'pause',
  resume: 'resume',
  withdraw: 'withdraw',
  markDuplicate: 'duplicate',
  nature: 'nature',
  reassign: 'reassign',
};

/** The body a transition's form posts, from its fields. */
function bodyOf(action: string, form: Record<string, string | string[]>): Record<string, unknown> {
  const s = (k: string) => {
    const v = form[k];
    const one = Array.isArray(v) ? v[0] : v;
    return one && one.trim() !== '' ? one.trim() : undefined;
  };
  switch (action) {
    case 'accept':
      return {
        severity: s('severity'),
        nature: s('nature'),
        guidance: s('guidance'),
        rebuttal: s('guidance'),
      };
    case 'investigate':
      return { cause: s('cause'), evidence: [s('evidence')].filter(Boolean) };
    case 'establishResponsibility':
      return { party: s('party'), responsibleName: s('responsibleName'), rootCause: s('rootCause') };
    case 'handle':
      return {
        remedies: [
          {
            kind: s('kind'),
            description: s('description'),
            ...(s('amount') ? { amount: Number(s('amount')), currency: s('currency') } : {}),
          },
        ],
      };
    case 'reply':
      return { text: s('text'), channel: s('channel'), customerAccepted: s('customerAccepted') === 'true' };
    case 'returnVisit':
      return { satisfied: s('satisfied') === 'true' };
    case 'pause':
      return { waitingFor: s('waitingFor'), reason: s('reason') };
    case 'withdraw':
      return { reason: s('reason') };
    case 'markDuplicate':
      return { of: s('of'), reason: s('reason') };
    case 'nature':
      return {
        nature: s('nature'),
        reason: s('reason'),
        ...(s('nature') === 'false' ? { guidance: s('note') } : {}),
        ...(s('nature') === 'malicious' ? { rebuttal: s('note'), legalAction: s('legalAction') } : {}),
      };
    case 'reassign':
      return { handlerId: s('handlerId'), reason: s('reason') };
    case 'approve':
    case 'reject':
      return { note: s('note') };
    case 'contact':
      return { channel: s('channel'), note: s('note') };
    default:
      return {};
  }
}

/** Console pages: the queue, the intake form for a phone call, the complaint page, issues, reports, SLA settings. */
export function complaintsUi(ctx: PluginContext<unknown>, _deps: Deps): void {
  ctx.ui.messages(MESSAGES);
  ctx.ui.nav({
    label: L('Complaints', '客户投诉'),
    href: '/complaints/',
    access: 'complaints.read',
    section: 'main',
    order: 40,
  });
  ctx.ui.nav({
    label: L('Complaint SLA', '投诉时限'),
    href: '/complaints/sla',
    access: 'complaints.admin',
    section: 'admin',
  });

  ctx.ui.page({
    path: '/',
    title: L('Complaint queue', '投诉工作台'),
    access: 'complaints.read',
    async get(req) {
      const mine = req.query.mine === 'true';
      const res = await req.api('GET', `/api/v1/complaints?limit=50${mine ? '&mine=true' : ''}`);
      const items: any[] = res.ok ? res.body.items : [];
      return (
        <div class="stack">
          <p>
            <a href={req.href('/?mine=true')}>{req.t('mine')}</a> · <a href={req.href('/')}>{req.t('all')}</a>
            {req.principal.can('complaints.compensation.approve') ? (
              <>
                {' · '}
                <a href={req.href('/approvals')}>{req.t('approvals')}</a>
              </>
            ) : null}
            {req.principal.can('complaints.intake') ? (
              <>
                {' · '}
                <a class="button" href={req.href('/new')}>
                  {req.t('newComplaint')}
                </a>
              </>
            ) : null}
          </p>
          {items.length === 0 ? (
            <p class="muted">{req.t('none')}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>{req.t('number')}</th>
                  <th>{req.t('customer')}</th>
                  <th>{req.t('subject')}</th>
                  <th>{req.t('state')}</th>
                  <th>{req.t('severity')}</th>
                  <th>{req.t('sla')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((c) => (
                  <tr>
                    <td>
                      <a href={req.href(`/complaints/${c.id}`)}>{c.number}</a>
                    </td>
                    <td>{c.customer?.name ?? ''}</td>
                    <td>{c.subject}</td>
                    <td>{lbl(req, 'state', c.state)}</td>
                    <td>{lbl(req, 'severity', c.severity)}</td>
                    <td>
                      <span class="badge">{lbl(req, 'sla', c.sla.status)}</span>{' '}
                      <span class="small">{slaText(req, c.sla)}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      );
    },
  });

  ctx.ui.page({
    path: '/new',
    title: L('File a complaint', '受理投诉'),
    access: 'complaints.intake',
    async get(req) {
      const q = req.query.q?.trim() ?? '';
      const found =
        q.length >= 2
          ? await req.api('GET', `/api/v1/complaints/customer-lookup?q=${encodeURIComponent(q)}`)
          : null;
      const matches: { id: string; code: string; name: string }[] = found?.ok ? found.body.items : [];
      const categories = await req.api('GET', '/api/v1/complaints/categories');
      return (
        <div class="stack">
          <form method="get" action={req.href('/new')} class="card">
            <label for="lookup-q">{req.t('lookup')}</label>
            <input id="lookup-q" name="q" value={q} />
            <button type="submit" class="secondary">
              {req.t('find')}
            </button>
            {found && matches.length === 0 ? <p class="muted">{req.t('noMatch')}</p> : null}
          </form>
          {matches.length > 0 ? (
            <form method="post" action={req.href('/new')} class="stack card">
              <Hidden req={req} />
              <div class="form-grid">
                <Field id="cmp-customer" label={req.t('customer')}>
                  <select id="cmp-customer" name="customerId">
                    {matches.map((m) => (
                      <option value={m.id}>
                        {m.code} {m.name}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field id="cmp-channel" label={req.t('channel')}>
                  <select id="cmp-channel" name="channel">
                    <Options values={CHANNELS} req={req} group="channel" />
                  </select>
                </Field>
                <Field id="cmp-category" label={req.t('category')}>
                  <select id="cmp-category" name="category">
                    {(categories.ok ? categories.body.items : []).map((c: any) => (
                      <option value={c.code}>{req.label(c.labels)}</option>
                    ))}
                  </select>
                </Field>
                <Field id="cmp-severity" label={req.t('severity')}>
                  <select id="cmp-severity" name="severity">
                    <Options values={['normal', 'high', 'critical', 'low']} req={req} group="severity" />
                  </select>
                </Field>
                <Field id="cmp-emotion" label={req.t('emotion')}>
                  <select id="cmp-emotion" name="emotion">
                    <Options values={EMOTIONS} req={req} group="emotion" />
                  </select>
                </Field>
                <Field id="cmp-batch" label={req.t('batch')}>
                  <input id="cmp-batch" name="batchRef" />
                </Field>
                <Field id="cmp-subject" label={req.t('subject')}>
                  <input id="cmp-subject" name="subject" required />
                </Field>
                <Field id="cmp-description" label={req.t('description')}>
                  <textarea id="cmp-description" name="description" required />
                </Field>
                <Field id="cmp-request" label={req.t('request')}>
                  <input id="cmp-request" name="customerRequest" />
                </Field>
              </div>
              <fieldset>
                <legend>{req.t('rmlsp')}</legend>
                {RMLSP_STEPS.map((s) => (
                  <label>
                    <input type="checkbox" name="rmlsp" value={s} /> {lbl(req, 'rmlsp', s)}
                  </label>
                ))}
              </fieldset>
              <button type="submit">{req.t('submit')}</button>
            </form>
          ) : null}
        </div>
      );
    },
    async post(req) {
      const v = (k: string) => {
        const x = req.form[k];
        const one = Array.isArray(x) ? x[0] : x;
        return one && one.trim() !== '' ? one.trim() : undefined;
      };
      const steps = req.form.rmlsp === undefined ? [] : ([] as string[]).concat(req.form.rmlsp);
      const res = await req.api('POST', '/api/v1/complaints', {
        customerId: v('customerId'),
        channel: v('channel'),
        category: v('category'),
        severity: v('severity'),
        emotion: v('emotion'),
        subject: v('subject'),
        description: v('description'),
        customerRequest: v('customerRequest'),
        batchRef: v('batchRef'),
        rmlsp: { steps },
      });
      if (!res.ok) {
        req.flash('error', res.body.detail ?? 'Error');
        return req.c.redirect(req.href('/new'), 303);
      }
      req.flash('success', req.t('filed', { number: res.body.number }));
      return req.c.redirect(req.href(`/complaints/${res.body.id}`), 303);
    },
  });

  ctx.ui.page({
    path: '/complaints/:id',
    title: L('Complaint', '投诉详情'),
    access: 'complaints.read',
    async get(req) {
      const res = await req.api('GET', `/api/v1/complaints/${encodeURIComponent(req.params.id!)}`);
      if (!res.ok) return <p class="muted">{res.body.detail}</p>;
      const c = res.body;
      const mayAct = c.allowedTransitions.length > 0;
      const [handlers, siblings] = await Promise.all([
        req.api('GET', '/api/v1/complaints/handlers'),
        mayAct && c.allowedTransitions.includes('markDuplicate')
          ? req.api(
              'GET',
              `/api/v1/complaints?open=all&limit=50&customerId=${encodeURIComponent(c.customerId)}`,
            )
          : null,
      ]);
      const people: { id: string; name: string }[] = handlers.ok ? handlers.body.items : [];
      const nameOf = (userId: string) => people.find((p) => p.id === userId)?.name ?? userId;
      const others = (siblings?.ok ? (siblings.body.items as any[]) : []).filter(
        (o) => o.id !== c.id && o.state !== 'duplicate',
      );
      const approver = req.principal.can('complaints.compensation.approve');
      return (
        <div class="stack">
          <h2>
            {c.number} · {c.subject}
          </h2>
          <p>
            {c.customer?.name} · <span class="badge">{lbl(req, 'state', c.state)}</span> · {req.t('severity')}
            : {lbl(req, 'severity', c.severity)} · {req.t('nature')}: {lbl(req, 'nature', c.nature)} ·{' '}
            {req.t('handler')}: {nameOf(c.handlerId)}
          </p>
          <p class="actions">
            <a href={req.href(`/complaints/${c.id}/forms/handling`)}>{req.t('forms.handling')}</a>
            <a href={req.href(`/complaints/${c.id}/forms/opinion`)}>{req.t('forms.opinion')}</a>
          </p>
          <p>{c.description}</p>
          <div class="card">
            <strong>{req.t('sla')}</strong> <span class="badge">{lbl(req, 'sla', c.sla.status)}</span>{' '}
            {slaText(req, c.sla)}
            <ul class="plain-list small">
              <li>
                {req.t('response')}: {c.sla.response.dueAt ? req.format.dateTime(c.sla.response.dueAt) : '—'}{' '}
                ({lbl(req, 'sla', c.sla.response.status)})
              </li>
              <li>
                {req.t('resolution')}:{' '}
                {c.sla.resolution.dueAt ? req.format.dateTime(c.sla.resolution.dueAt) : '—'} (
                {lbl(req, 'sla', c.sla.resolution.status)})
              </li>
            </ul>
          </div>
          <h3>{req.t('actions')}</h3>
          {c.allowedTransitions.length === 0 ? <p class="muted">{req.t('notAllowed')}</p> : null}
          {c.allowedTransitions.map((name: string) => (
            <TransitionForm req={req} id={c.id} name={name} others={others} closed={c.state === 'closed'} />
          ))}
          {mayAct ? (
            <>
              <form method="post" action={req.href(`/complaints/${c.id}`)} class="stack card">
                <Hidden req={req} />
                <input type="hidden" name="action" value="nature" />
                <strong>{req.t('changeNature')}</strong>
                <div class="form-grid">
                  <Field id="nature-nature" label={req.t('nature')}>
                    <select id="nature-nature" name="nature">
                      <Options values={NATURES.filter((n) => n !== c.nature)} req={req} group="nature" />
                    </select>
                  </Field>
                  <Field id="nature-reason" label={req.t('reason')}>
                    <input id="nature-reason" name="reason" required />
                  </Field>
                  <Field id="nature-note" label={req.t('natureNote')}>
                    <input id="nature-note" name="note" />
                  </Field>
                  <Field id="nature-legal" label={req.t('legalAction')}>
                    <input id="nature-legal" name="legalAction" />
                  </Field>
                </div>
                <button type="submit">{req.t('submit')}</button>
              </form>
              {people.length > 1 ? (
                <form method="post" action={req.href(`/complaints/${c.id}`)} class="stack card">
                  <Hidden req={req} />
                  <input type="hidden" name="action" value="reassign" />
                  <strong>{req.t('reassign')}</strong>
                  <div class="form-grid">
                    <Field id="reassign-to" label={req.t('newHandler')}>
                      <select id="reassign-to" name="handlerId">
                        {people
                          .filter((p) => p.id !== c.handlerId)
                          .map((p) => (
                            <option value={p.id}>{p.name}</option>
                          ))}
                      </select>
                    </Field>
                    <Field id="reassign-reason" label={req.t('reason')}>
                      <input id="reassign-reason" name="reason" required />
                    </Field>
                  </div>
                  <button type="submit">{req.t('submit')}</button>
                </form>
              ) : null}
            </>
          ) : null}
          {c.allowedTransitions.length > 0 ? (
            <form method="post" action={req.href(`/complaints/${c.id}`)} class="stack card">
              <Hidden req={req} />
              <input type="hidden" name="action" value="contact" />
              <strong>{req.t('contact')}</strong>
              <div class="form-grid">
                <Field id="contact-channel" label={req.t('channel')}>
                  <select id="contact-channel" name="channel">
                    <Options values={CHANNELS} req={req} group="channel" />
                  </select>
                </Field>
                <Field id="contact-note" label={req.t('note')}>
                  <input id="contact-note" name="note" required />
                </Field>
              </div>
              <button type="submit">{req.t('submit')}</button>
            </form>
          ) : null}
          <h3>{req.t('remedies')}</h3>
          <ul class="plain-list">
            {c.remedies.map((r: any) => (
              <li>
                {lbl(req, 'remedy', r.kind)}: {r.description}{' '}
                {r.amount != null ? req.format.money(r.amount, r.currency) : ''}{' '}
                <span class="badge">{lbl(req, 'remedyStatus', r.status)}</span>
                {r.status === 'pending_approval' && approver && r.requestedBy !== req.principal.id ? (
                  <form method="post" action={req.href(`/complaints/${c.id}`)} class="actions">
                    <Hidden req={req} />
                    <input type="hidden" name="remedyId" value={r.id} />
                    <label class="sr-only" for={`decide-${r.id}`}>
                      {req.t('note')}
                    </label>
                    <input id={`decide-${r.id}`} name="note" type="text" placeholder={req.t('note')} />
                    <button type="submit" name="action" value="approve">
                      {req.t('approve')}
                    </button>
                    <button type="submit" name="action" value="reject" class="secondary">
                      {req.t('reject')}
                    </button>
                  </form>
                ) : null}
                {r.status === 'pending_approval' && r.requestedBy === req.principal.id ? (
                  <span class="small muted"> {req.t('awaitsOther')}</span>
                ) : null}
              </li>
            ))}
          </ul>
          <h3>{req.t('history')}</h3>
          <ul class="plain-list">
            {c.history.map((h: any) => (
              <li>
                <span class="small muted">{req.format.dateTime(h.at)}</span> {h.kind}
                {h.to ? ` → ${h.to}` : ''} {h.note ? `— ${h.note}` : ''}
              </li>
            ))}
          </ul>
        </div>
      );
    },
    async post(req) {
      const id = req.params.id!;
      const action = String(req.form.action ?? '');
      const remedyId = String(req.form.remedyId ?? '');
      const path =
        action === 'approve' || action === 'reject'
          ? `remedies/${encodeURIComponent(remedyId)}/${action}`
          : action === 'contact'
            ? `${encodeURIComponent(id)}/contacts`
            : PATHS[action]
              ? `${encodeURIComponent(id)}/${PATHS[action]}`
              : null;
      if (!path) return req.c.redirect(req.href(`/complaints/${id}`), 303);
      const res = await req.api('POST', `/api/v1/complaints/${path}`, bodyOf(action, req.form));
      req.flash(res.ok ? 'success' : 'error', res.ok ? req.t('done') : (res.body.detail ?? 'Error'));
      // A handed-over complaint may be out of the former handler's sight: back to the queue.
      if (res.ok && action === 'reassign') return req.c.redirect(req.href('/'), 303);
      return req.c.redirect(req.href(`/complaints/${id}`), 303);
    },
  });

  ctx.ui.page({
    path: '/approvals',
    title: L('Compensation awaiting approval', '待审批的赔偿'),
    access: 'complaints.compensation.approve',
    async get(req) {
      const res = await req.api('GET', '/api/v1/complaints/remedies');
      const items: any[] = res.ok ? res.body.items : [];
      return (
        <div class="stack">
          <h1>{req.t('approvals')}</h1>
          {items.length === 0 ? (
            <p class="muted">{req.t('none')}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">{req.t('number')}</th>
                  <th scope="col">{req.t('subject')}</th>
                  <th scope="col">{req.t('remedyKind')}</th>
                  <th scope="col" class="num">
                    {req.t('compensation')}
                  </th>
                  <th scope="col">{req.t('requestedBy')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((r) => (
                  <tr>
                    <td>
                      <a href={req.href(`/complaints/${r.complaint.id}`)}>{r.complaint.number}</a>
                    </td>
                    <td>{r.complaint.subject}</td>
                    <td>
                      {lbl(req, 'remedy', r.kind)}: {r.description}
                    </td>
                    <td class="num">{r.amount != null ? req.format.money(r.amount, r.currency) : ''}</td>
                    <td>{r.ownRequest ? req.t('awaitsOther') : (r.requestedBy ?? '')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      );
    },
  });

  ctx.ui.page({
    path: '/issues',
    title: L('Systemic issues', '普遍性问题'),
    access: 'complaints.reports',
    async get(req) {
      const res = await req.api('GET', '/api/v1/complaints/systemic-issues');
      const items: any[] = res.ok ? res.body.items : [];
      return items.length === 0 ? (
        <p class="muted">{req.t('none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{req.t('category')}</th>
              <th>{req.t('reference')}</th>
              <th>{req.t('complaints')}</th>
              <th>{req.t('customers')}</th>
              <th>{req.t('state')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr>
                <td>{i.category}</td>
                <td>{i.reference}</td>
                <td>{i.complaintIds.length}</td>
                <td>{i.customerCount}</td>
                <td>
                  {i.status} {i.assessment ?? ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      );
    },
  });

  ctx.ui.page({
    path: '/reports',
    title: L('Complaint reports', '投诉分析'),
    access: 'complaints.reports',
    async get(req) {
      const today = ctx.clock.today();
      const from = req.query.from ?? `${today.slice(0, 7)}-01`;
      const to = req.query.to ?? today;
      const by = req.query.by ?? 'category';
      const qs = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&by=${encodeURIComponent(by)}`;
      if (req.query.format === 'csv')
        return csvDownload(req, `/api/v1/complaints/reports.csv?${qs}`, `complaints-${from}-${to}-${by}.csv`);
      const res = await req.api('GET', `/api/v1/complaints/reports?${qs}`);
      const rows: any[] = res.ok ? res.body.rows : [];
      const withInvoices = res.ok && res.body.invoices != null;
      const rate = (v: number | null) => (v == null ? '—' : String(v));
      const [categories, handlers] = await Promise.all([
        by === 'category' ? req.api('GET', '/api/v1/complaints/categories') : null,
        by === 'handler' ? req.api('GET', '/api/v1/complaints/handlers') : null,
      ]);
      const names = new Map<string, string>([
        ...((categories?.ok ? categories.body.items : []) as any[]).map(
          (c) => [c.code, req.label(c.labels)] as [string, string],
        ),
        ...((handlers?.ok ? handlers.body.items : []) as any[]).map(
          (u) => [u.id, u.name] as [string, string],
        ),
      ]);
      const groupName = (g: string) => {
        const group = (
          { nature: 'nature', severity: 'severity', channel: 'channel', responsibleParty: 'party' } as const
        )[by as 'nature'];
        return names.get(g) ?? (group ? lbl(req, group, g) : g);
      };
      const byName = req.t(`by.${by}`);
      const labels = rows.map((r) => groupName(r.group));
      const charts =
        rows.length === 0
          ? []
          : await Promise.all([
              req.chart(
                {
                  grid: { left: 60, right: 20, top: 20, bottom: 70 },
                  xAxis: {
                    type: 'category',
                    data: labels,
                    axisLabel: { rotate: labels.length > 6 ? 30 : 0 },
                  },
                  yAxis: { type: 'value', minInterval: 1 },
                  series: [
                    {
                      name: req.t('complaints'),
                      type: 'bar',
                      data: rows.map((r) => r.complaints),
                      itemStyle: { color: '#0f6e5f' },
                    },
                  ],
                },
                {
                  title: req.t('complaintsChart', { by: byName }),
                  description: req.t('complaintsChartDesc', { by: byName }),
                  width: 640,
                  height: 280,
                },
              ),
              req.chart(
                {
                  grid: { left: 60, right: 20, top: 20, bottom: 70 },
                  xAxis: {
                    type: 'category',
                    data: labels,
                    axisLabel: { rotate: labels.length > 6 ? 30 : 0 },
                  },
                  yAxis: { type: 'value', max: 100 },
                  series: [
                    {
                      name: req.t('attainment'),
                      type: 'bar',
                      // '-' is ECharts' missing value: a group with nothing judged yet draws no bar.
                      data: rows.map((r) =>
                        r.slaAttainment == null ? '-' : Math.round(r.slaAttainment * 100),
                      ),
                      itemStyle: { color: '#1d5fbf' },
                    },
                  ],
                },
                {
                  title: req.t('attainmentChart', { by: byName }),
                  description: req.t('attainmentChartDesc', { by: byName }),
                  width: 640,
                  height: 280,
                  table: {
                    head: [byName, req.t('attainment')],
                    rows: rows.map((r, i) => [
                      labels[i]!,
                      r.slaAttainment == null ? '—' : `${Math.round(r.slaAttainment * 100)}%`,
                    ]),
                  },
                },
              ),
            ]);
      return (
        <div class="stack">
          <form method="get" action={req.href('/reports')} class="form-grid">
            <Field id="rep-from" label={req.t('from')}>
              <input id="rep-from" name="from" type="date" value={from} />
            </Field>
            <Field id="rep-to" label={req.t('to')}>
              <input id="rep-to" name="to" type="date" value={to} />
            </Field>
            <Field id="rep-by" label={req.t('by')}>
              <select id="rep-by" name="by">
                {REPORT_GROUPS.map((g) => (
                  <option value={g} selected={g === by}>
                    {req.t(`by.${g}`)}
                  </option>
                ))}
              </select>
            </Field>
            <button type="submit">{req.t('show')}</button>
          </form>
          <p class="actions">
            <a href={req.href(`/reports?${qs}&format=csv`)}>{req.t('csv')}</a>
            <a href={req.href(`/forms/analysis?from=${from}&to=${to}`)}>{req.t('forms.analysis')}</a>
            <a href={req.href(`/forms/tracking?from=${from}&to=${to}`)}>{req.t('forms.tracking')}</a>
          </p>
          {!res.ok ? <p class="muted">{res.body.detail}</p> : null}
          <table>
            <thead>
              <tr>
                <th>{byName}</th>
                <th>{req.t('complaints')}</th>
                <th>{req.t('avgResponse')}</th>
                <th>{req.t('p90Resolution')}</th>
                <th>{req.t('attainment')}</th>
                <th>{req.t('reopenRate')}</th>
                <th>{req.t('per100Customers')}</th>
                {withInvoices ? <th>{req.t('per100Invoices')}</th> : null}
                <th>{req.t('compensation')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <td>{groupName(r.group)}</td>
                  <td>{r.complaints}</td>
                  <td>{r.avgResponseMinutes ?? '—'}</td>
                  <td>{r.p90ResolutionMinutes ?? '—'}</td>
                  <td>{r.slaAttainment == null ? '—' : `${Math.round(r.slaAttainment * 100)}%`}</td>
                  <td>{`${Math.round(r.reopenRate * 100)}%`}</td>
                  <td>{rate(r.per100Customers)}</td>
                  {withInvoices ? <td>{rate(r.per100Invoices)}</td> : null}
                  <td>
                    {r.compensation.map((m: any) => req.format.money(m.amount, m.currency)).join(' · ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {charts.map((chart) => (
            <section class="card">{chart}</section>
          ))}
        </div>
      );
    },
  });

  ctx.ui.page({
    path: '/sla',
    title: L('Complaint SLA', '投诉时限'),
    access: 'complaints.admin',
    async get(req) {
      const [policies, calendar] = await Promise.all([
        req.api('GET', '/api/v1/complaints/sla-policies'),
        req.api('GET', '/api/v1/complaints/calendar'),
      ]);
      return (
        <div class="stack">
          <h3>{req.t('policies')}</h3>
          <table>
            <thead>
              <tr>
                <th>{req.t('position')}</th>
                <th>{req.t('subject')}</th>
                <th>{req.t('enabled')}</th>
                <th>critical</th>
                <th>normal</th>
              </tr>
            </thead>
            <tbody>
              {(policies.ok ? policies.body.items : []).map((p: any) => (
                <tr>
                  <td>{p.isDefault ? req.t('default') : p.position}</td>
                  <td>{p.name}</td>
                  <td>{p.enabled ? '✓' : '—'}</td>
                  <td>
                    {p.targets.critical.responseMinutes} / {p.targets.critical.resolutionMinutes}
                  </td>
                  <td>
                    {p.targets.normal.responseMinutes} / {p.targets.normal.resolutionMinutes}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <form method="post" action={req.href('/sla')} class="stack">
            <Hidden req={req} />
            <label for="sla-calendar">{req.t('calendar')}</label>
            <textarea id="sla-calendar" name="calendar" rows={16}>
              {JSON.stringify(calendar.ok ? calendar.body : {}, null, 2)}
            </textarea>
            <button type="submit">{req.t('submit')}</button>
          </form>
        </div>
      );
    },
    async post(req) {
      let body: unknown;
      try {
        body = JSON.parse(String(req.form.calendar ?? ''));
      } catch {
        body = null;
      }
      const res = await req.api('PUT', '/api/v1/complaints/calendar', body);
      req.flash(res.ok ? 'success' : 'error', res.ok ? req.t('done') : (res.body.detail ?? 'Error'));
      return req.c.redirect(req.href('/sla'), 303);
    },
  });
}
