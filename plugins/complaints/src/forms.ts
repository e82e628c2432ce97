import { addDays, formatMoney, type Principal } from '@kehu/core';
import { complaintsVisibleTo } from './access.js';
import { listCategories } from './categories.js';
import { historyOf } from './complaint-store.js';
import { type Deps, nowIso } from './context.js';
import { type Lang, type VALUE_LABELS, valueLabel } from './labels.js';
import { type ComplaintRow, parseJson } from './model.js';
import { remediesOf } from './remedies.js';

/** The four forms of the company manuals: two per complaint, two per period. */
export const COMPLAINT_FORMS = ['handling', 'opinion'] as const;
export const PERIOD_FORMS = ['analysis', 'tracking'] as const;
export type ComplaintFormName = (typeof COMPLAINT_FORMS)[number];
export type PeriodFormName = (typeof PERIOD_FORMS)[number];

/** A form ready to print or export, already in one language. */
export interface PrintedForm {
  form: ComplaintFormName | PeriodFormName;
  lang: Lang;
  title: string;
  subtitle: string;
  sections: { heading: string; fields: { label: string; value: string }[] }[];
  table: { head: string[]; rows: string[][] } | null;
  /** Lines left blank for signatures on paper. */
  signatures: string[];
  /** When the list was cut at {@link TRACKING_LIMIT} rows. */
  truncated: boolean;
  printedAt: string;
}

/** The tracking form lists at most this many complaints; a longer period is cut and says so. */
export const TRACKING_LIMIT = 2000;

const W = {
  title: {
    handling: ['Complaint handling form', '客户投诉处理表'],
    opinion: ['Customer opinion form', '客户意见表'],
    analysis: ['Complaint analysis form', '客户投诉分析表'],
    tracking: ['Complaint tracking form', '客户投诉追踪表'],
  },
  complaint: ['Complaint', '投诉信息'],
  identification: ['Acceptance and identification', '受理与鉴定'],
  investigation: ['Investigation', '原因调查'],
  responsibility: ['Responsibility', '责任确定'],
  remedies: ['Remedies', '处理措施'],
  replyVisit: ['Reply and return visit', '答复与回访'],
  sla: ['Time limits', '处理时限'],
  customerSection: ['Customer', '客户资料'],
  opinion: ['The customer’s opinion', '客户意见'],
  ourAnswer: ['Our answer', '处理意见'],
  result: ['The customer’s view of the result', '客户对处理结果的意见'],
  summary: ['Summary', '汇总'],
  number: ['No.', '编号'],
  customer: ['Customer', '客户'],
  receivedAt: ['Received', '受理时间'],
  receivedOn: ['Received on', '受理日期'],
  channel: ['Channel', '投诉渠道'],
  category: ['Category', '投诉类别'],
  subject: ['Subject', '主题'],
  description: ['Description', '投诉内容'],
  request: ['The customer asks for', '客户要求'],
  references: ['Product / batch / order / invoice', '产品 / 批次 / 订单 / 发票'],
  severity: ['Severity', '严重程度'],
  emotion: ['Emotion', '客户情绪'],
  rmlsp: ['Emotion first (RMLSP)', '情绪处理（致歉、礼貌、倾听、同情、承诺）'],
  handler: ['Handler', '受理人'],
  nature: ['Nature', '投诉性质'],
  natureReason: ['Reason for the nature', '鉴定理由'],
  natureNote: ['Guidance or rebuttal', '指导或反驳说明'],
  legalAction: ['Legal action', '法律措施'],
  cause: ['Cause', '原因'],
  evidence: ['Evidence', '证据'],
  party: ['Responsible party', '责任方'],
  responsibleName: ['Responsible person or organisation', '责任人或单位'],
  rootCause: ['Root cause', '根本原因'],
  reply: ['Reply', '答复内容'],
  replyChannel: ['Reply channel', '答复方式'],
  repliedAt: ['Replied', '答复时间'],
  accepted: ['Accepted by the customer', '客户接受'],
  visitDue: ['Return visit due', '回访日期'],
  visitResult: ['Return visit', '回访结果'],
  visitNote: ['Return visit note', '回访记录'],
  reopens: ['Reopened', '重开次数'],
  closedAt: ['Closed', '结案时间'],
  state: ['State', '状态'],
  responseDue: ['Response due', '响应时限'],
  respondedAt: ['Responded', '响应时间'],
  resolutionDue: ['Resolution due', '解决时限'],
  resolvedAt: ['Resolved', '解决时间'],
  slaStatus: ['SLA status', '时限状态'],
  pausedMinutes: ['Paused working minutes', '暂停工作分钟'],
  satisfied: ['Satisfied', '满意'],
  notSatisfied: ['Not satisfied', '不满意'],
  yes: ['Yes', '是'],
  no: ['No', '否'],
  none: ['None', '无'],
  pending: ['Not yet', '尚未'],
  period: ['Period', '期间'],
  complaints: ['Complaints', '投诉件数'],
  share: ['Share', '比率'],
  customers: ['Customers', '客户数'],
  keyComplaints: ['Key complaints', '关键抱怨'],
  mainCauses: ['Main causes', '主要原因'],
  parties: ['Responsible parties', '责任方'],
  remedyKinds: ['Remedies', '处理措施'],
  compensation: ['Compensation paid', '赔偿金额'],
  improvements: ['Improvements decided', '改善措施'],
  signHandler: ['Handler', '受理人签字'],
  signManager: ['Service manager', '客服主管审核'],
  signCustomer: ['Customer', '客户签字'],
  signAnalyst: ['Prepared by', '制表人'],
  truncated: ['Only the first {n} complaints are listed', '仅列出前 {n} 件投诉'],
} as const;

type Word = Exclude<keyof typeof W, 'title'>;
const words = (lang: Lang) => (key: Word) => W[key][lang === 'en' ? 0 : 1];

/** Dates and instants the way the forms print them: company dates, `YYYY-MM-DD HH:mm` in its zone. */
function formatters(deps: Deps, lang: Lang) {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: deps.clock.timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const t = words(lang);
  return {
    at(iso: string | null | undefined): string {
      if (!iso) return '';
      const p = Object.fromEntries(parts.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
      return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
    },
    date: (iso: string | null | undefined) => (iso ? deps.clock.dateOf(iso) : ''),
    money: (amount: number, currency: string) => formatMoney(amount, currency, lang),
    yesNo: (v: boolean | null) => (v === null ? '' : v ? t('yes') : t('no')),
  };
}

async function namesOf(deps: Deps, userIds: string[]): Promise<Map<string, string>> {
  const users = await deps.customers.users.getMany([...new Set(userIds)]);
  return new Map([...users].map(([id, u]) => [id, u.name]));
}

async function categoryLabels(deps: Deps, lang: Lang): Promise<(code: string) => string> {
  const all = new Map((await listCategories(deps.db)).map((c) => [c.code, c.labels[lang]]));
  return (code) => all.get(code) ?? code;
}

const customerText = (c: { code: string; name: string } | undefined) => (c ? `${c.code} ${c.name}` : '');

/**
 * 客户投诉处理表 (the whole handling of one complaint, for the file) or 客户意见表 (what the customer
 * said, our answer and their view of it, for the customer to sign).
 */
export async function complaintForm(
  deps: Deps,
  row: ComplaintRow,
  form: ComplaintFormName,
  lang: Lang,
): Promise<PrintedForm> {
  const t = words(lang);
  const f = formatters(deps, lang);
  const v = (group: keyof typeof VALUE_LABELS, value: string | null | undefined) =>
    valueLabel(lang, group, value);
  const [history, remedies, customers, category] = await Promise.all([
    historyOf(deps.db, row.id),
    remediesOf(deps.db, row.id),
    deps.customers.summaries([row.customer_id]),
    categoryLabels(deps, lang),
  ]);
  const names = await namesOf(deps, [row.handler_id]);
  const customer = customerText(customers.get(row.customer_id));
  const visit = [...history].reverse().find((h) => h.kind === 'returnVisit');
  const satisfied = row.satisfied == null ? null : Number(row.satisfied) === 1;
  const rmlsp = parseJson<{ steps: string[] }>(row.rmlsp, { steps: [] }).steps;
  const refs = [row.product_ref, row.batch_ref, row.order_ref, row.invoice_id].filter(Boolean).join(' / ');
  const remedyLines = remedies.map((r) => ({
    label: v('remedy', r.kind),
    value: [
      r.description,
      r.amount != null && r.currency ? f.money(r.amount, r.currency) : '',
      r.thirdParty ?? '',
      v('remedyStatus', r.status),
    ]
      .filter(Boolean)
      .join(' · '),
  }));
  const visitResult = satisfied === null ? t('pending') : satisfied ? t('satisfied') : t('notSatisfied');
  const field = (label: Word, value: string | null | undefined) => ({ label: t(label), value: value ?? '' });
  const complaintFields = [
    field('number', row.number),
    field('customer', customer),
    field('receivedAt', f.at(row.received_at)),
    field('channel', v('channel', row.channel)),
    field('category', category(row.category)),
    field('subject', row.subject),
    field('description', row.description),
    field('request', row.customer_request),
  ];
  const sections: PrintedForm['sections'] =
    form === 'handling'
      ? [
          {
            heading: t('complaint'),
            fields: [
              ...complaintFields,
              field('references', refs),
              field('severity', v('severity', row.severity)),
              field('emotion', v('emotion', row.emotion)),
              field('rmlsp', rmlsp.map((s) => v('rmlsp', s)).join('、')),
            ],
          },
          {
            heading: t('identification'),
            fields: [
              field('handler', names.get(row.handler_id) ?? row.handler_id),
              field('nature', v('nature', row.nature)),
              field('natureReason', row.nature_reason),
              field('natureNote', row.nature_note),
              field('legalAction', row.legal_action),
            ],
          },
          {
            heading: t('investigation'),
            fields: [
              field('cause', row.cause),
              field('evidence', parseJson<string[]>(row.evidence, []).join('; ')),
            ],
          },
          {
            heading: t('responsibility'),
            fields: [
              field('party', v('party', row.responsible_party)),
              field('responsibleName', row.responsible_name),
              field('rootCause', row.root_cause),
            ],
          },
          {
            heading: t('remedies'),
            fields: remedyLines.length ? remedyLines : [{ label: t('remedies'), value: t('none') }],
          },
          {
            heading: t('replyVisit'),
            fields: [
              field('reply', row.reply_text),
              field('replyChannel', v('channel', row.reply_channel)),
              field('repliedAt', f.at(row.replied_at)),
              field(
                'accepted',
                f.yesNo(row.customer_accepted == null ? null : Number(row.customer_accepted) === 1),
              ),
              field('visitDue', row.return_visit_due_on),
              field('visitResult', row.replied_at || satisfied !== null ? visitResult : ''),
              field('reopens', String(Number(row.reopen_count))),
              field('closedAt', f.at(row.closed_at)),
              field('state', v('state', row.state)),
            ],
          },
          {
            heading: t('sla'),
            fields: [
              field('responseDue', f.at(row.response_due_at)),
              field('respondedAt', f.at(row.responded_at)),
              field('resolutionDue', f.at(row.resolution_due_at)),
              field('resolvedAt', f.at(row.resolved_at)),
              field(
                'slaStatus',
                Number(row.response_breached) + Number(row.resolution_breached) > 0
                  ? v('sla', 'breached')
                  : row.resolved_at
                    ? v('sla', 'met')
                    : v('sla', 'within'),
              ),
              field('pausedMinutes', String(Math.floor(Number(row.sla_paused_ms) / 60_000))),
            ],
          },
        ]
      : [
          {
            heading: t('customerSection'),
            fields: [
              field('customer', customer),
              field('number', row.number),
              field('receivedOn', f.date(row.received_at)),
              field('channel', v('channel', row.channel)),
            ],
          },
          {
            heading: t('opinion'),
            fields: [
              field('category', category(row.category)),
              field('subject', row.subject),
              field('description', row.description),
              field('request', row.customer_request),
            ],
          },
          {
            heading: t('ourAnswer'),
            fields: [
              field('reply', row.reply_text),
              ...remedyLines,
              field('handler', names.get(row.handler_id) ?? row.handler_id),
              field('repliedAt', f.date(row.replied_at)),
            ],
          },
          {
            heading: t('result'),
            fields: [
              field('visitResult', visitResult),
              field('visitNote', visit?.note ?? ''),
              field('closedAt', f.date(row.closed_at)),
            ],
          },
        ];
  return {
    form,
    lang,
    title: W.title[form][lang === 'en' ? 0 : 1],
    subtitle: `${row.number} · ${customer}`,
    sections,
    table: null,
    signatures:
      form === 'handling' ? [t('signHandler'), t('signManager')] : [t('signCustomer'), t('signHandler')],
    truncated: false,
    printedAt: f.at(nowIso(deps)),
  };
}

const countsText = (counts: Map<string, number>, label: (k: string) => string, top = 3) =>
  [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, top)
    .map(([k, n]) => `${label(k)} (${n})`)
    .join('; ');

const bump = (m: Map<string, number>, k: string, by = 1) => m.set(k, (m.get(k) ?? 0) + by);

/**
 * 客户投诉分析表 (per category: how many, what share, the causes, who was responsible, what was done,
 * what it cost and what was changed) or 客户投诉追踪表 (every complaint of the period and how far it
 * got), over complaints received in the company dates [from, to] that `principal` may see.
 */
export async function periodForm(
  deps: Deps,
  principal: Principal,
  form: PeriodFormName,
  period: { from: string; to: string },
  lang: Lang,
): Promise<PrintedForm> {
  const t = words(lang);
  const f = formatters(deps, lang);
  const v = (group: keyof typeof VALUE_LABELS, value: string | null | undefined) =>
    valueLabel(lang, group, value);
  const from = deps.clock.startOf(period.from).toISOString();
  const to = deps.clock.startOf(addDays(period.to, 1)).toISOString();
  let q = deps.db
    .selectFrom('cmp_complaint')
    .selectAll('cmp_complaint')
    .where('cmp_complaint.received_at', '>=', from)
    .where('cmp_complaint.received_at', '<', to);
  const visible = complaintsVisibleTo(deps, principal);
  if (visible) q = q.where(visible);
  if (form === 'analysis') q = q.where('cmp_complaint.state', 'not in', ['withdrawn', 'duplicate']);
  const rows = (await q
    .orderBy('cmp_complaint.received_at')
    .orderBy('cmp_complaint.id')
    .limit(form === 'tracking' ? TRACKING_LIMIT + 1 : 1_000_000)
    .execute()) as ComplaintRow[];
  const truncated = rows.length > TRACKING_LIMIT && form === 'tracking';
  const list = truncated ? rows.slice(0, TRACKING_LIMIT) : rows;
  const category = await categoryLabels(deps, lang);
  const remedies = await remedyRowsOf(deps, list);
  const base = {
    form,
    lang,
    title: W.title[form][lang === 'en' ? 0 : 1],
    subtitle: `${period.from} – ${period.to}`,
    truncated,
    printedAt: f.at(nowIso(deps)),
  };

  if (form === 'tracking') {
    const [customers, names] = await Promise.all([
      deps.customers.summaries([...new Set(list.map((r) => r.customer_id))]),
      namesOf(
        deps,
        list.map((r) => r.handler_id),
      ),
    ]);
    const head = [
      t('number'),
      t('receivedOn'),
      t('customer'),
      t('subject'),
      t('category'),
      t('nature'),
      t('handler'),
      t('state'),
      t('remedies'),
      t('repliedAt'),
      t('visitDue'),
      t('visitResult'),
      t('closedAt'),
      t('slaStatus'),
      t('reopens'),
    ];
    const table = list.map((r) => {
      const satisfied = r.satisfied == null ? null : Number(r.satisfied) === 1;
      return [
        r.number,
        f.date(r.received_at),
        customerText(customers.get(r.customer_id)),
        r.subject,
        category(r.category),
        v('nature', r.nature),
        names.get(r.handler_id) ?? r.handler_id,
        v('state', r.state),
        (remedies.get(r.id) ?? []).map((m) => v('remedy', m.kind)).join('、'),
        f.date(r.replied_at),
        r.return_visit_due_on ?? '',
        satisfied === null ? '' : satisfied ? t('satisfied') : t('notSatisfied'),
        f.date(r.closed_at),
        Number(r.response_breached) + Number(r.resolution_breached) > 0
          ? v('sla', 'breached')
          : r.resolved_at
            ? v('sla', 'met')
            : '',
        String(Number(r.reopen_count)),
      ];
    });
    return {
      ...base,
      sections: [
        {
          heading: t('summary'),
          fields: [
            { label: t('period'), value: base.subtitle },
            { label: t('complaints'), value: String(list.length) },
            ...(truncated
              ? [{ label: t('complaints'), value: t('truncated').replace('{n}', String(TRACKING_LIMIT)) }]
              : []),
          ],
        },
      ],
      table: { head, rows: table },
      signatures: [t('signAnalyst'), t('signManager')],
    };
  }

  // The analysis: one line per category, with what the systemic issues of the period decided.
  const issues = await deps.db
    .selectFrom('cmp_systemic_issue')
    .select(['category', 'reference', 'policy_change'])
    .where('assessment', '=', 'widespread')
    .where('opened_at', '>=', from)
    .where('opened_at', '<', to)
    .execute();
  interface Line {
    complaints: number;
    customers: Set<string>;
    key: number;
    causes: Map<string, number>;
    parties: Map<string, number>;
    remedies: Map<string, number>;
    money: Map<string, number>;
  }
  const lines = new Map<string, Line>();
  for (const r of list) {
    let line = lines.get(r.category);
    if (!line) {
      line = {
        complaints: 0,
        customers: new Set(),
        key: 0,
        causes: new Map(),
        parties: new Map(),
        remedies: new Map(),
        money: new Map(),
      };
      lines.set(r.category, line);
    }
    line.complaints++;
    line.customers.add(r.customer_id);
    if (r.nature === 'key') line.key++;
    const cause = (r.root_cause ?? r.cause) as string | null;
    if (cause) bump(line.causes, cause);
    if (r.responsible_party) bump(line.parties, r.responsible_party);
    for (const m of remedies.get(r.id) ?? []) {
      bump(line.remedies, m.kind);
      if (
        m.status === 'approved' &&
        m.amount !== null &&
        m.currency &&
        ['refund', 'compensation'].includes(m.kind)
      )
        bump(line.money, m.currency, m.amount);
    }
  }
  const total = list.length;
  const head = [
    t('category'),
    t('complaints'),
    t('share'),
    t('customers'),
    t('keyComplaints'),
    t('mainCauses'),
    t('parties'),
    t('remedyKinds'),
    t('compensation'),
    t('improvements'),
  ];
  const table = [...lines]
    .sort((a, b) => b[1].complaints - a[1].complaints || (a[0] < b[0] ? -1 : 1))
    .map(([code, line]) => [
      category(code),
      String(line.complaints),
      `${((line.complaints / total) * 100).toFixed(1)}%`,
      String(line.customers.size),
      String(line.key),
      countsText(line.causes, (k) => k),
      countsText(line.parties, (k) => v('party', k), 5),
      countsText(line.remedies, (k) => v('remedy', k), 6),
      [...line.money]
        .sort()
        .map(([currency, amount]) => f.money(amount, currency))
        .join('; '),
      issues
        .filter((i) => i.category === code && i.policy_change)
        .map((i) => `${i.reference}: ${i.policy_change}`)
        .join('; '),
    ]);
  return {
    ...base,
    sections: [
      {
        heading: t('summary'),
        fields: [
          { label: t('period'), value: base.subtitle },
          { label: t('complaints'), value: String(total) },
          { label: t('customers'), value: String(new Set(list.map((r) => r.customer_id)).size) },
          { label: t('keyComplaints'), value: String(list.filter((r) => r.nature === 'key').length) },
        ],
      },
    ],
    table: { head, rows: table },
    signatures: [t('signAnalyst'), t('signManager')],
  };
}

async function remedyRowsOf(deps: Deps, rows: readonly ComplaintRow[]) {
  const out = new Map<
    string,
    { kind: string; status: string; amount: number | null; currency: string | null }[]
  >();
  const ids = rows.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 500) {
    const found = await deps.db
      .selectFrom('cmp_remedy')
      .select(['complaint_id', 'kind', 'status', 'amount', 'currency'])
      .where('complaint_id', 'in', ids.slice(i, i + 500))
      .orderBy('created_at')
      .execute();
    for (const r of found) {
      const list = out.get(r.complaint_id as string) ?? [];
      list.push({
        kind: r.kind as string,
        status: r.status as string,
        amount: r.amount == null ? null : Number(r.amount),
        currency: (r.currency as string | null) ?? null,
      });
      out.set(r.complaint_id as string, list);
    }
  }
  return out;
}

/** The form as CSV records: a per-complaint form as section/field/value lines, a list as its table. */
export function formRecords(form: PrintedForm): (string | number)[][] {
  if (form.table) return [form.table.head, ...form.table.rows];
  const head = form.lang === 'en' ? ['Section', 'Field', 'Value'] : ['栏目', '项目', '内容'];
  return [head, ...form.sections.flatMap((s) => s.fields.map((f) => [s.heading, f.label, f.value]))];
}
