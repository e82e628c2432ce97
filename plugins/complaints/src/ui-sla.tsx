import type { PluginContext, UiRequest } from '@kehu/core';
import {
  ActionLink,
  DataTable,
  Field,
  fieldErrors,
  PageHead,
  PostForm,
  Refusal,
  refusedStatus,
  type UiHtml,
  type UiProblem,
} from '@kehu/core/ui';
import { CHANNELS, NATURES, SEVERITIES } from './model.js';
import { L, lbl } from './ui-kit';

// The SLA policy and working-calendar editor. The forms post to the settings API as the signed-in
// user: its zod schemas judge every field and their refusals are shown beside the field they name.
// Without `complaints.admin` the same pages are read-only.

const ADMIN = 'complaints.admin';
const API = '/api/v1/complaints';
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
/** Who an escalation level notifies: the complaint's handler, the customer's owner, or a role's holders. */
const ESCALATION_ROLES = [
  'handler',
  'account_manager',
  'customer_service',
  'service_manager',
  'department_manager',
  'sales_manager',
  'general_manager',
];
const MAX_LEVELS = 6;
/** Blank rows offered for new holidays and make-up days (more after saving). */
const NEW_ROWS = 2;

const SLA_MESSAGES = {
  en: {
    'sla.policies': 'SLA policies',
    'sla.intro':
      'The first enabled policy whose conditions all hold applies to a complaint; the default applies to the rest. Targets are working minutes in the calendar below.',
    'sla.keepsClocks':
      'Changing a policy or the calendar keeps the running clocks: each open complaint keeps its start and the time it spent paused; its due times are counted again with the new targets.',
    'sla.readOnly': 'You may read these settings; changing them needs the complaint administrator’s right.',
    'sla.newPolicy': 'Add a policy',
    'sla.edit': 'Edit',
    'sla.view': 'Open',
    'sla.name': 'Name',
    'sla.position': 'Order (lower is tried first)',
    'sla.enabled': 'Enabled',
    'sla.default': 'Default',
    'sla.conditions': 'Applies when',
    'sla.any': 'Any',
    'sla.always': 'Every complaint no other policy takes',
    'sla.keyAccount': 'Key account customer',
    'sla.keyYes': 'Only key accounts',
    'sla.keyNo': 'Only other customers',
    'sla.targets': 'Targets (working minutes)',
    'sla.responseMinutes': '{severity}: response',
    'sla.resolutionMinutes': '{severity}: resolution',
    'sla.escalation': 'Warning and escalation',
    'sla.warningShare': 'Warning at (% of the target)',
    'sla.warningRole': 'Warning goes to',
    'sla.breachRole': 'Breach goes to',
    'sla.levels': 'Further levels after the breach (leave a row empty to remove it)',
    'sla.afterHours': 'Level {n}: working hours after the breach',
    'sla.levelRole': 'Level {n}: goes to',
    'sla.save': 'Save',
    'sla.delete': 'Delete this policy',
    'sla.saved': 'Saved.',
    'sla.deleted': 'Deleted.',
    'sla.calendar': 'Working calendar',
    'sla.editCalendar': 'Edit the calendar',
    'sla.timeZone': 'Time zone',
    'sla.week': 'Working hours',
    'sla.weekHint': 'Leave a day empty when nobody works; leave the lunch break empty for one stretch.',
    'sla.start': '{day}: from',
    'sla.lunchStart': '{day}: lunch from',
    'sla.lunchEnd': '{day}: lunch until',
    'sla.end': '{day}: until',
    'sla.intervals': '{day}: working intervals (HH:MM-HH:MM, comma separated)',
    'sla.holidays': 'Holidays',
    'sla.workdays': 'Make-up working days (调休)',
    'sla.workdaysHint': 'A make-up day works the hours of a Monday.',
    'sla.date': 'Date',
    'sla.dayName': 'Name',
    'sla.remove': 'Remove',
    'sla.noHolidays': 'No holidays.',
    'sla.noWorkdays': 'No make-up working days.',
    'sla.closed': 'closed',
    'sla.stale': 'These settings were changed meanwhile; reload the page and make your change again.',
    'sla.role.handler': 'The handler',
    'sla.role.account_manager': 'The account manager',
    'sla.role.customer_service': 'Customer service',
    'sla.role.service_manager': 'The service manager',
    'sla.role.department_manager': 'The department manager',
    'sla.role.sales_manager': 'The sales manager',
    'sla.role.general_manager': 'The general manager',
    'sla.day.mon': 'Monday',
    'sla.day.tue': 'Tuesday',
    'sla.day.wed': 'Wednesday',
    'sla.day.thu': 'Thursday',
    'sla.day.fri': 'Friday',
    'sla.day.sat': 'Saturday',
    'sla.day.sun': 'Sunday',
    'kit.stale_version': '',
    'kit.default_policy_required': '',
    'kit.default_policy_conditions': '',
  },
  'zh-CN': {
    'sla.policies': '时限策略',
    'sla.intro':
      '投诉适用第一条条件全部满足的启用策略，其余投诉适用默认策略。时限按下方工作日历的工作分钟计算。',
    'sla.keepsClocks':
      '修改策略或工作日历不会重置正在计时的投诉：每件未结投诉保留其开始时间和已暂停的时间，截止时间按新的时限重新计算。',
    'sla.readOnly': '您可以查看这些设置；修改需要投诉管理员权限。',
    'sla.newPolicy': '新增策略',
    'sla.edit': '编辑',
    'sla.view': '查看',
    'sla.name': '名称',
    'sla.position': '顺序（小的先匹配）',
    'sla.enabled': '启用',
    'sla.default': '默认',
    'sla.conditions': '适用条件',
    'sla.any': '不限',
    'sla.always': '其他策略不适用的所有投诉',
    'sla.keyAccount': '大客户',
    'sla.keyYes': '仅大客户',
    'sla.keyNo': '仅非大客户',
    'sla.targets': '时限（工作分钟）',
    'sla.responseMinutes': '{severity}：响应',
    'sla.resolutionMinutes': '{severity}：解决',
    'sla.escalation': '预警与升级',
    'sla.warningShare': '预警点（时限的百分比）',
    'sla.warningRole': '预警通知',
    'sla.breachRole': '超时通知',
    'sla.levels': '超时后的升级级别（清空一行即删除）',
    'sla.afterHours': '第 {n} 级：超时后工作小时数',
    'sla.levelRole': '第 {n} 级：通知',
    'sla.save': '保存',
    'sla.delete': '删除此策略',
    'sla.saved': '已保存。',
    'sla.deleted': '已删除。',
    'sla.calendar': '工作日历',
    'sla.editCalendar': '编辑工作日历',
    'sla.timeZone': '时区',
    'sla.week': '工作时间',
    'sla.weekHint': '不上班的日子留空；不午休则午休时间留空。',
    'sla.start': '{day}：上班',
    'sla.lunchStart': '{day}：午休开始',
    'sla.lunchEnd': '{day}：午休结束',
    'sla.end': '{day}：下班',
    'sla.intervals': '{day}：工作时段（HH:MM-HH:MM，逗号分隔）',
    'sla.holidays': '节假日',
    'sla.workdays': '调休上班日',
    'sla.workdaysHint': '调休日按周一的工作时间上班。',
    'sla.date': '日期',
    'sla.dayName': '名称',
    'sla.remove': '删除',
    'sla.noHolidays': '没有节假日。',
    'sla.noWorkdays': '没有调休上班日。',
    'sla.closed': '休息',
    'sla.stale': '这些设置已被他人修改；请刷新页面后重新修改。',
    'sla.role.handler': '受理人',
    'sla.role.account_manager': '客户经理',
    'sla.role.customer_service': '客服专员',
    'sla.role.service_manager': '客服经理',
    'sla.role.department_manager': '部门经理',
    'sla.role.sales_manager': '销售经理',
    'sla.role.general_manager': '总经理',
    'sla.day.mon': '星期一',
    'sla.day.tue': '星期二',
    'sla.day.wed': '星期三',
    'sla.day.thu': '星期四',
    'sla.day.fri': '星期五',
    'sla.day.sat': '星期六',
    'sla.day.sun': '星期日',
    'kit.stale_version': '已被他人修改，请刷新后重试',
    'kit.default_policy_required': '默认策略不能停用或删除',
    'kit.default_policy_conditions': '默认策略适用于所有投诉，不能设置条件',
  },
};

const enc = encodeURIComponent;
type Form = Record<string, string | string[]>;
const one = (form: Form, name: string): string => {
  const v = form[name];
  return String((Array.isArray(v) ? v[0] : v) ?? '').trim();
};
const many = (form: Form, name: string): string[] => {
  const v = form[name];
  return v === undefined ? [] : ([] as string[]).concat(v).filter((x) => x !== '');
};
/** A number field for the API: undefined when empty (the API says it is required), NaN → null when not a number. */
const numberOf = (text: string): number | undefined => (text === '' ? undefined : Number(text));

interface PolicyDraft {
  id?: string;
  name: string;
  isDefault: boolean;
  enabled: boolean;
  position: number | undefined;
  conditions: {
    severity?: string[];
    nature?: string[];
    category?: string[];
    channel?: string[];
    keyAccount?: boolean;
  };
  targets: Record<string, { responseMinutes?: number; resolutionMinutes?: number }>;
  escalation: {
    warningShare?: number;
    warningRole: string;
    breachRole: string;
    levels: { afterWorkingHours?: number; role: string }[];
  };
  version?: number;
}

/** The policy body a form posts, in the API's shape (the API judges it). */
function policyBody(form: Form, isDefault: boolean): PolicyDraft {
  const list = (name: string) => {
    const values = many(form, `conditions.${name}`);
    return values.length > 0 ? values : undefined;
  };
  const key = one(form, 'conditions.keyAccount');
  const share = numberOf(one(form, 'escalation.warningShare'));
  const levels: PolicyDraft['escalation']['levels'] = [];
  for (let i = 0; i < MAX_LEVELS; i++) {
    const hours = one(form, `escalation.levels.${i}.afterWorkingHours`);
    if (hours === '') continue;
    levels.push({ afterWorkingHours: Number(hours), role: one(form, `escalation.levels.${i}.role`) });
  }
  const conditions: PolicyDraft['conditions'] = {};
  if (!isDefault) {
    for (const name of ['severity', 'nature', 'category', 'channel'] as const) {
      const values = list(name);
      if (values) conditions[name] = values;
    }
    if (key === 'true' || key === 'false') conditions.keyAccount = key === 'true';
  }
  const version = numberOf(one(form, 'version'));
  return {
    name: one(form, 'name'),
    isDefault,
    enabled: isDefault || one(form, 'enabled') === 'true',
    position: isDefault ? undefined : numberOf(one(form, 'position')),
    conditions,
    targets: Object.fromEntries(
      SEVERITIES.map((s) => [
        s,
        {
          responseMinutes: numberOf(one(form, `targets.${s}.responseMinutes`)),
          resolutionMinutes: numberOf(one(form, `targets.${s}.resolutionMinutes`)),
        },
      ]),
    ),
    escalation: {
      // A share of 0.75 is asked as 75 %.
      warningShare: share === undefined ? undefined : share / 100,
      warningRole: one(form, 'escalation.warningRole'),
      breachRole: one(form, 'escalation.breachRole'),
      levels,
    },
    ...(version === undefined ? {} : { version }),
  };
}

/** What the API takes: the policy and the version it was read at (the API refuses a stale one). */
const apiBody = (d: PolicyDraft) => {
  const { id: _id, isDefault: _d, ...body } = d;
  return body;
};

const text = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '' : String(n));
const roleOptions = (req: UiRequest, current: string) =>
  [...new Set([...ESCALATION_ROLES, ...(current ? [current] : [])])].map((r) => ({
    value: r,
    label: ESCALATION_ROLES.includes(r) ? req.t(`sla.role.${r}`) : r,
  }));

/** Checkboxes for a condition's values, with the error of that condition under them. */
function Choices(p: {
  req: UiRequest;
  name: string;
  legend: string;
  values: readonly { value: string; label: string }[];
  chosen: readonly string[] | undefined;
  errors: Map<string, string>;
}) {
  const error = [...p.errors].find(([k]) => k === p.name || k.startsWith(`${p.name}.`))?.[1];
  const id = `policy-${p.name.replace(/\./g, '-')}`;
  return (
    <fieldset id={id} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{p.legend}</legend>
      {p.values.map((v) => (
        <label class="check">
          <input
            type="checkbox"
            name={p.name}
            value={v.value}
            checked={p.chosen?.includes(v.value) ?? false}
          />{' '}
          {v.label}
        </label>
      ))}
      {error ? (
        <div class="field-error" id={`${id}-error`}>
          {error}
        </div>
      ) : null}
    </fieldset>
  );
}

async function policyForm(
  req: UiRequest,
  draft: PolicyDraft,
  action: string,
  problem?: UiProblem,
): Promise<UiHtml> {
  const admin = req.principal.can(ADMIN);
  const errors = fieldErrors(req, problem);
  const f = { req, form: 'policy', errors };
  const categories = await req.api('GET', `${API}/categories`);
  const severityName = (s: string) => lbl(req, 'severity', s);
  const levels = [...draft.escalation.levels];
  while (admin && levels.length < MAX_LEVELS && levels.length < draft.escalation.levels.length + 2)
    levels.push({ role: 'general_manager' });
  const stale = problem?.code === 'stale_version';
  return (
    <>
      {PageHead({ title: draft.id ? draft.name || req.t('sla.policies') : req.t('sla.newPolicy') })}
      <p>
        <a href={req.href('/sla')}>{req.t('sla.policies')}</a>
      </p>
      <p class="notice">{req.t('sla.keepsClocks')}</p>
      {admin ? null : <p class="muted">{req.t('sla.readOnly')}</p>}
      {stale ? (
        <div class="notice notice-error" role="alert" id="policy-refusal">
          <p>{req.t('sla.stale')}</p>
        </div>
      ) : (
        Refusal({ req, problem, id: 'policy-refusal' })
      )}
      {PostForm({
        req,
        action,
        id: 'policy',
        children: (
          <fieldset disabled={!admin} class="stack">
            <legend class="sr-only">{req.t('sla.policies')}</legend>
            {draft.version === undefined ? null : (
              <input type="hidden" name="version" value={String(draft.version)} />
            )}
            <div class="form-grid">
              {Field({ ...f, name: 'name', label: req.t('sla.name'), value: draft.name, required: true })}
              {draft.isDefault
                ? null
                : Field({
                    ...f,
                    name: 'position',
                    label: req.t('sla.position'),
                    type: 'number',
                    min: 0,
                    value: text(draft.position),
                    required: true,
                  })}
              {draft.isDefault
                ? null
                : Field({
                    ...f,
                    name: 'enabled',
                    label: req.t('sla.enabled'),
                    type: 'checkbox',
                    value: draft.enabled ? 'true' : '',
                  })}
            </div>
            <h2>{req.t('sla.conditions')}</h2>
            {draft.isDefault ? (
              <p class="muted">{req.t('sla.always')}</p>
            ) : (
              <div class="form-grid">
                {(
                  [
                    ['severity', SEVERITIES.map((s) => ({ value: s, label: severityName(s) }))],
                    ['nature', NATURES.map((s) => ({ value: s, label: lbl(req, 'nature', s) }))],
                    ['channel', CHANNELS.map((s) => ({ value: s, label: lbl(req, 'channel', s) }))],
                    [
                      'category',
                      (categories.ok ? (categories.body.items as any[]) : []).map((c) => ({
                        value: c.code as string,
                        label: req.label(c.labels),
                      })),
                    ],
                  ] as const
                ).map(([name, values]) => (
                  <Choices
                    req={req}
                    name={`conditions.${name}`}
                    legend={req.t(name)}
                    values={values}
                    chosen={draft.conditions[name]}
                    errors={errors}
                  />
                ))}
                {Field({
                  ...f,
                  name: 'conditions.keyAccount',
                  label: req.t('sla.keyAccount'),
                  value: draft.conditions.keyAccount === undefined ? '' : String(draft.conditions.keyAccount),
                  options: [
                    { value: '', label: req.t('sla.any') },
                    { value: 'true', label: req.t('sla.keyYes') },
                    { value: 'false', label: req.t('sla.keyNo') },
                  ],
                })}
              </div>
            )}
            <h2>{req.t('sla.targets')}</h2>
            <div class="form-grid">
              {SEVERITIES.flatMap((s) =>
                (['responseMinutes', 'resolutionMinutes'] as const).map((t) =>
                  Field({
                    ...f,
                    name: `targets.${s}.${t}`,
                    label: req.t(`sla.${t}`, { severity: severityName(s) }),
                    type: 'number',
                    min: 1,
                    value: text(draft.targets[s]?.[t]),
                    required: true,
                  }),
                ),
              )}
            </div>
            <h2>{req.t('sla.escalation')}</h2>
            <div class="form-grid">
              {Field({
                ...f,
                name: 'escalation.warningShare',
                label: req.t('sla.warningShare'),
                type: 'number',
                min: 1,
                max: 99,
                step: 'any',
                value:
                  draft.escalation.warningShare === undefined
                    ? ''
                    : String(Math.round(draft.escalation.warningShare * 10000) / 100),
                required: true,
              })}
              {Field({
                ...f,
                name: 'escalation.warningRole',
                label: req.t('sla.warningRole'),
                value: draft.escalation.warningRole,
                options: roleOptions(req, draft.escalation.warningRole),
              })}
              {Field({
                ...f,
                name: 'escalation.breachRole',
                label: req.t('sla.breachRole'),
                value: draft.escalation.breachRole,
                options: roleOptions(req, draft.escalation.breachRole),
              })}
            </div>
            <fieldset>
              <legend>{req.t('sla.levels')}</legend>
              <div class="form-grid">
                {levels.flatMap((l, i) => [
                  Field({
                    ...f,
                    name: `escalation.levels.${i}.afterWorkingHours`,
                    label: req.t('sla.afterHours', { n: i + 1 }),
                    type: 'number',
                    min: 0,
                    step: 'any',
                    value: text(l.afterWorkingHours),
                  }),
                  Field({
                    ...f,
                    name: `escalation.levels.${i}.role`,
                    label: req.t('sla.levelRole', { n: i + 1 }),
                    value: l.role,
                    options: roleOptions(req, l.role),
                  }),
                ])}
              </div>
              {errors.get('escalation.levels') ? (
                <div class="field-error">{errors.get('escalation.levels')}</div>
              ) : null}
            </fieldset>
            {admin ? <button type="submit">{req.t('sla.save')}</button> : null}
          </fieldset>
        ),
      })}
      {admin && draft.id && !draft.isDefault
        ? PostForm({
            req,
            action: req.href(`/sla/policies/${enc(draft.id)}/delete`),
            class: 'actions',
            children: (
              <button type="submit" class="secondary">
                {req.t('sla.delete')}
              </button>
            ),
          })
        : null}
    </>
  );
}

/** A saved calendar as the API holds it. */
interface CalendarDraft {
  timeZone: string;
  week: Partial<Record<(typeof WEEKDAYS)[number], string[]>>;
  exceptions: { date: string; kind: 'holiday' | 'workday'; name?: string; intervals?: string[] }[];
}

/** The calendar body a form posts: each weekday's hours with its lunch break, then the dated exceptions. */
function calendarBody(form: Form): CalendarDraft {
  const week: CalendarDraft['week'] = {};
  for (const d of WEEKDAYS) {
    const listed = form[`week.${d}.intervals`];
    if (listed !== undefined) {
      const list = one(form, `week.${d}.intervals`)
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (list.length > 0) week[d] = list;
      continue;
    }
    const [start, lunchStart, lunchEnd, end] = ['start', 'lunchStart', 'lunchEnd', 'end'].map((k) =>
      one(form, `week.${d}.${k}`),
    );
    if (!start && !end && !lunchStart && !lunchEnd) continue;
    week[d] = lunchStart || lunchEnd ? [`${start}-${lunchStart}`, `${lunchEnd}-${end}`] : [`${start}-${end}`];
  }
  const rows = new Set<number>();
  for (const k of Object.keys(form)) {
    const m = /^exceptions\.(\d+)\./.exec(k);
    if (m) rows.add(Number(m[1]));
  }
  const exceptions: CalendarDraft['exceptions'] = [];
  for (const i of [...rows].sort((a, b) => a - b)) {
    const at = (k: string) => one(form, `exceptions.${i}.${k}`);
    if (at('remove') === 'true' || (at('date') === '' && at('name') === '')) continue;
    const kind = at('kind') === 'workday' ? 'workday' : 'holiday';
    const intervals = at('intervals');
    exceptions.push({
      date: at('date'),
      kind,
      ...(at('name') ? { name: at('name') } : {}),
      ...(kind === 'workday' && intervals ? { intervals: intervals.split(',') } : {}),
    });
  }
  return { timeZone: one(form, 'timeZone'), week, exceptions };
}

function zones(current: string): string[] {
  const all = (Intl as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return all.includes(current) || !current ? all : [current, ...all];
}

function calendarForm(req: UiRequest, draft: CalendarDraft, version: string, problem?: UiProblem): UiHtml {
  const admin = req.principal.can(ADMIN);
  const errors = fieldErrors(req, problem);
  const f = { req, form: 'calendar', errors };
  const day = (d: string) => req.t(`sla.day.${d}`);
  const stale = problem?.code === 'stale_version';
  type Row = CalendarDraft['exceptions'][number] & { i: number };
  const indexed: Row[] = draft.exceptions.map((e, i) => ({ ...e, i }));
  const next = draft.exceptions.length;
  const blank = (kind: 'holiday' | 'workday', from: number): Row[] =>
    admin ? Array.from({ length: NEW_ROWS }, (_, k) => ({ date: '', kind, i: from + k })) : [];
  const holidays = [...indexed.filter((e) => e.kind === 'holiday'), ...blank('holiday', next)];
  const workdays = [...indexed.filter((e) => e.kind === 'workday'), ...blank('workday', next + NEW_ROWS)];
  const listError = errors.get('exceptions');
  const rows = (list: Row[], empty: string) =>
    list.length === 0 ? (
      <p class="muted">{empty}</p>
    ) : (
      <div class="stack">
        {list.map((e) => (
          <div class="form-grid">
            <input type="hidden" name={`exceptions.${e.i}.kind`} value={e.kind} />
            {e.intervals ? (
              <input type="hidden" name={`exceptions.${e.i}.intervals`} value={e.intervals.join(',')} />
            ) : null}
            {Field({
              ...f,
              name: `exceptions.${e.i}.date`,
              alsoFor: `exceptions.${e.i}`,
              label: req.t('sla.date'),
              type: 'date',
              value: e.date,
            })}
            {Field({
              ...f,
              name: `exceptions.${e.i}.name`,
              label: req.t('sla.dayName'),
              value: e.name ?? '',
            })}
            {e.date && admin
              ? Field({
                  ...f,
                  name: `exceptions.${e.i}.remove`,
                  label: req.t('sla.remove'),
                  type: 'checkbox',
                })
              : null}
          </div>
        ))}
      </div>
    );
  return (
    <>
      {PageHead({ title: req.t('sla.calendar') })}
      <p>
        <a href={req.href('/sla')}>{req.t('sla.policies')}</a>
      </p>
      <p class="notice">{req.t('sla.keepsClocks')}</p>
      {admin ? null : <p class="muted">{req.t('sla.readOnly')}</p>}
      {stale ? (
        <div class="notice notice-error" role="alert" id="calendar-refusal">
          <p>{req.t('sla.stale')}</p>
        </div>
      ) : (
        Refusal({ req, problem, id: 'calendar-refusal' })
      )}
      {PostForm({
        req,
        action: req.href('/sla/calendar'),
        id: 'calendar',
        children: (
          <fieldset disabled={!admin} class="stack">
            <legend class="sr-only">{req.t('sla.calendar')}</legend>
            <input type="hidden" name="version" value={version} />
            {Field({
              ...f,
              name: 'timeZone',
              label: req.t('sla.timeZone'),
              value: draft.timeZone,
              required: true,
              options: zones(draft.timeZone).map((z) => ({ value: z, label: z })),
            })}
            <fieldset>
              <legend>{req.t('sla.week')}</legend>
              <p class="small muted">{req.t('sla.weekHint')}</p>
              {WEEKDAYS.map((d) => {
                const list = draft.week[d] ?? [];
                const error = [...errors].find(([k]) => k === `week.${d}` || k.startsWith(`week.${d}.`))?.[1];
                if (list.length > 2)
                  return Field({
                    ...f,
                    name: `week.${d}.intervals`,
                    alsoFor: `week.${d}`,
                    label: req.t('sla.intervals', { day: day(d) }),
                    value: list.join(', '),
                  });
                const [first, second] = list.map((s) => s.split('-'));
                const times = second
                  ? { start: first?.[0], lunchStart: first?.[1], lunchEnd: second[0], end: second[1] }
                  : { start: first?.[0], end: first?.[1] };
                const noErrors = new Map<string, string>();
                return (
                  <div class="stack" id={`calendar-week-${d}`}>
                    <div class="form-grid">
                      {(['start', 'lunchStart', 'lunchEnd', 'end'] as const).map((k) =>
                        Field({
                          ...f,
                          errors: noErrors,
                          name: `week.${d}.${k}`,
                          label: req.t(`sla.${k}`, { day: day(d) }),
                          type: 'time' as 'text',
                          value: times[k as keyof typeof times] ?? '',
                        }),
                      )}
                    </div>
                    {error ? (
                      <div class="field-error" id={`calendar-week-${d}-error`}>
                        {day(d)}: {error}
                      </div>
                    ) : null}
                  </div>
                );
              })}
            </fieldset>
            <fieldset id="calendar-holidays">
              <legend>{req.t('sla.holidays')}</legend>
              {rows(holidays, req.t('sla.noHolidays'))}
            </fieldset>
            <fieldset id="calendar-workdays">
              <legend>{req.t('sla.workdays')}</legend>
              <p class="small muted">{req.t('sla.workdaysHint')}</p>
              {rows(workdays, req.t('sla.noWorkdays'))}
            </fieldset>
            {listError ? (
              <div class="field-error" id="calendar-exceptions-error">
                {listError}
              </div>
            ) : null}
            {admin ? <button type="submit">{req.t('sla.save')}</button> : null}
          </fieldset>
        ),
      })}
    </>
  );
}

const toDraft = (p: any): PolicyDraft => ({
  id: p.id,
  name: p.name,
  isDefault: p.isDefault,
  enabled: p.enabled,
  position: p.position,
  conditions: p.conditions ?? {},
  targets: p.targets,
  escalation: p.escalation,
  version: p.version,
});

const hoursOf = (req: UiRequest, list: string[] | undefined) =>
  list && list.length > 0 ? list.join(', ') : req.t('sla.closed');

/** The SLA pages: the policies in the order they are tried, one policy's editor, the calendar's editor. */
export function slaPages(ctx: PluginContext<unknown>): void {
  ctx.ui.messages(SLA_MESSAGES);

  ctx.ui.page({
    path: '/sla',
    title: L('Complaint SLA', '投诉时限'),
    access: 'complaints.read',
    async get(req) {
      const [policies, calendar] = await Promise.all([
        req.api('GET', `${API}/sla-policies`),
        req.api('GET', `${API}/calendar`),
      ]);
      const items: any[] = policies.ok ? policies.body.items : [];
      const cal: CalendarDraft | null = calendar.ok ? calendar.body : null;
      const admin = req.principal.can(ADMIN);
      const target = (p: any, s: string) =>
        `${p.targets[s].responseMinutes} / ${p.targets[s].resolutionMinutes}`;
      return (
        <div class="stack">
          {PageHead({
            title: req.t('sla.policies'),
            subtitle: req.t('sla.intro'),
            children: ActionLink({
              when: admin,
              href: req.href('/sla/policies/new'),
              label: req.t('sla.newPolicy'),
              button: true,
            }),
          })}
          <p class="notice">{req.t('sla.keepsClocks')}</p>
          {admin ? null : <p class="muted">{req.t('sla.readOnly')}</p>}
          {DataTable({
            rows: items,
            empty: req.t('none'),
            caption: req.t('sla.policies'),
            id: 'sla-policies',
            columns: [
              { head: req.t('position'), cell: (p) => (p.isDefault ? req.t('default') : p.position) },
              {
                head: req.t('sla.name'),
                cell: (p) => <a href={req.href(`/sla/policies/${enc(p.id)}`)}>{p.name}</a>,
              },
              { head: req.t('enabled'), cell: (p) => (p.enabled ? '✓' : '—') },
              ...SEVERITIES.map((s) => ({
                head: `${lbl(req, 'severity', s)} (${req.t('response')} / ${req.t('resolution')})`,
                num: true,
                cell: (p: any) => target(p, s),
              })),
            ],
          })}
          <section class="card stack" aria-labelledby="sla-calendar-title">
            <h2 id="sla-calendar-title">{req.t('sla.calendar')}</h2>
            {cal ? (
              <>
                <p>
                  {req.t('sla.timeZone')}: {cal.timeZone}
                </p>
                <ul class="plain-list small">
                  {WEEKDAYS.map((d) => (
                    <li>
                      {req.t(`sla.day.${d}`)}: {hoursOf(req, cal.week[d])}
                    </li>
                  ))}
                </ul>
                <p class="small">
                  {req.t('sla.holidays')}: {cal.exceptions.filter((e) => e.kind === 'holiday').length} ·{' '}
                  {req.t('sla.workdays')}: {cal.exceptions.filter((e) => e.kind === 'workday').length}
                </p>
              </>
            ) : null}
            <p>
              <a href={req.href('/sla/calendar')}>{admin ? req.t('sla.editCalendar') : req.t('sla.view')}</a>
            </p>
          </section>
        </div>
      );
    },
  });

  ctx.ui.page({
    path: '/sla/calendar',
    title: L('Working calendar', '工作日历'),
    access: 'complaints.read',
    async get(req) {
      const res = await req.api('GET', `${API}/calendar`);
      if (!res.ok) return <p class="muted">{res.body.detail}</p>;
      const { version, ...draft } = res.body as CalendarDraft & { version: number };
      const sorted = {
        ...draft,
        exceptions: [...draft.exceptions].sort((a, b) => (a.date < b.date ? -1 : 1)),
      };
      return calendarForm(req, sorted, String(version));
    },
    async post(req) {
      const body = calendarBody(req.form);
      // The API refuses a save over a newer one (409 `stale_version`), shown by the form.
      const version = one(req.form, 'version');
      const res = await req.api('PUT', `${API}/calendar`, { ...body, version: numberOf(version) });
      if (res.ok) {
        req.flash('success', req.t('sla.saved'));
        return req.c.redirect(req.href('/sla/calendar'), 303);
      }
      refusedStatus(req, res.status);
      return calendarForm(req, body, version, res.body as UiProblem);
    },
  });

  ctx.ui.page({
    path: '/sla/policies/new',
    title: L('Add an SLA policy', '新增时限策略'),
    access: 'complaints.admin',
    async get(req) {
      const res = await req.api('GET', `${API}/sla-policies`);
      const fallback = (res.ok ? (res.body.items as any[]) : []).find((p) => p.isDefault);
      const draft: PolicyDraft = {
        name: '',
        isDefault: false,
        enabled: true,
        position: 100,
        conditions: {},
        targets: fallback?.targets ?? {},
        escalation: fallback?.escalation ?? {
          warningRole: 'handler',
          breachRole: 'service_manager',
          levels: [],
        },
      };
      return policyForm(req, draft, req.href('/sla/policies/new'));
    },
    async post(req) {
      const draft = policyBody(req.form, false);
      const res = await req.api('POST', `${API}/sla-policies`, apiBody(draft));
      if (res.ok) {
        req.flash('success', req.t('sla.saved'));
        return req.c.redirect(req.href(`/sla/policies/${enc(res.body.id)}`), 303);
      }
      refusedStatus(req, res.status);
      return policyForm(req, draft, req.href('/sla/policies/new'), res.body as UiProblem);
    },
  });

  const findPolicy = async (req: UiRequest) => {
    const res = await req.api('GET', `${API}/sla-policies`);
    return (res.ok ? (res.body.items as any[]) : []).find((p) => p.id === req.params.id);
  };

  ctx.ui.page({
    path: '/sla/policies/:id/delete',
    title: L('Delete an SLA policy', '删除时限策略'),
    access: 'complaints.admin',
    async post(req) {
      const res = await req.api('DELETE', `${API}/sla-policies/${enc(req.params.id!)}`);
      if (res.status === 404) return req.notFound();
      req.flash(res.ok ? 'success' : 'error', res.ok ? req.t('sla.deleted') : String(res.body?.detail ?? ''));
      return req.c.redirect(req.href('/sla'), 303);
    },
  });

  ctx.ui.page({
    path: '/sla/policies/:id',
    title: L('SLA policy', '时限策略'),
    access: 'complaints.read',
    async get(req) {
      const policy = await findPolicy(req);
      if (!policy) return req.notFound();
      return policyForm(req, toDraft(policy), req.href(`/sla/policies/${enc(policy.id)}`));
    },
    async post(req) {
      const policy = await findPolicy(req);
      if (!policy) return req.notFound();
      const draft = { ...policyBody(req.form, policy.isDefault), id: policy.id };
      const action = req.href(`/sla/policies/${enc(policy.id)}`);
      const res = await req.api('PUT', `${API}/sla-policies/${enc(policy.id)}`, apiBody(draft));
      if (res.ok) {
        req.flash('success', req.t('sla.saved'));
        return req.c.redirect(action, 303);
      }
      refusedStatus(req, res.status);
      return policyForm(req, draft, action, res.body as UiProblem);
    },
  });
}
