import type { PluginContext, UiRequest } from '@kehu/core';
import type { Child } from '@kehu/core/ui';

// What every receivables form shares. A form's fields go to the API as they are (amounts turned into
// minor units); the API's zod schemas and rules judge them, and their refusal comes back here to be
// shown beside the field it names. The console never checks a rule the API does not.

/** A problem document as the API answers it. */
export interface Problem {
  status?: number;
  code?: string;
  title?: string;
  detail?: string;
  errors?: { path?: string; message?: string; code?: string }[];
}

export const kitMessages = {
  en: {
    'kit.refused': 'Nothing was saved',
    'kit.invalid_type': 'Fill in a valid value',
    'kit.too_small': 'Too small or too short',
    'kit.too_big': 'Too large or too long',
    'kit.invalid_format': 'Not in the expected format',
    'kit.invalid_value': 'Not one of the allowed values',
    'kit.custom': 'Not valid here',
    'kit.amountHint': 'In {currency}, e.g. 1,234.50',
    'kit.optional': '(optional)',
    // Empty: in English the API's own sentence, which names the figures, is shown.
    'kit.unknown_invoice': '',
    'kit.non_positive_amount': '',
    'kit.date_in_future': '',
    'kit.amount_too_large': '',
    'kit.unknown_customer': '',
    'kit.term_exceeds_ceiling': '',
    'kit.period_closed': '',
    'kit.over_allocation': '',
    'kit.invoice_not_open': '',
    'kit.exceeds_outstanding': '',
    'kit.date_in_past': '',
    'kit.unknown_currency': '',
    'kit.period_in_future': '',
    'kit.period_not_ended': '',
    'kit.nothing_overdue': '',
    'kit.not_later': '',
    'kit.dates_not_increasing': '',
    'kit.invoice_written_off': '',
    'kit.invoice_cancelled': '',
    'kit.invalid_date': '',
    'kit.duplicate_allocation': '',
    'kit.currency_mismatch': '',
    'kit.currency_not_accepted': '',
    'kit.customer_terminated': '',
  },
  'zh-CN': {
    'kit.refused': '未保存任何内容',
    'kit.invalid_type': '请填写有效的值',
    'kit.too_small': '数值过小或内容过短',
    'kit.too_big': '数值过大或内容过长',
    'kit.invalid_format': '格式不正确',
    'kit.invalid_value': '不是允许的选项',
    'kit.custom': '此处的值无效',
    'kit.amountHint': '以 {currency} 计，例如 1,234.50',
    'kit.optional': '（选填）',
    // The rules' refusals by their stable code; in English the API's own sentence is shown.
    'kit.unknown_invoice': '没有这张发票',
    'kit.non_positive_amount': '金额必须大于零',
    'kit.date_in_future': '日期晚于今天',
    'kit.amount_too_large': '金额过大',
    'kit.unknown_customer': '没有这个客户',
    'kit.term_exceeds_ceiling': '超过允许的最长账期',
    'kit.period_closed': '该期间已结账',
    'kit.over_allocation': '核销金额超过收款余额',
    'kit.invoice_not_open': '发票不是未收状态',
    'kit.exceeds_outstanding': '超过未收金额',
    'kit.date_in_past': '日期早于今天',
    'kit.unknown_currency': '不是有效的币种',
    'kit.period_in_future': '该期间尚未开始',
    'kit.period_not_ended': '该期间尚未结束',
    'kit.nothing_overdue': '该客户没有逾期欠款',
    'kit.not_later': '新日期必须晚于原到期日',
    'kit.dates_not_increasing': '各期到期日必须依次递增',
    'kit.invoice_written_off': '发票已核销',
    'kit.invoice_cancelled': '发票已作废',
    'kit.invalid_date': '日期无效',
    'kit.duplicate_allocation': '同一发票重复核销',
    'kit.currency_mismatch': '币种与发票不一致',
    'kit.currency_not_accepted': '不接受该币种',
    'kit.customer_terminated': '客户关系已终止',
  },
} as const;

/** The posted form, one trimmed text per field. */
export function formValues(req: UiRequest): Record<string, string> {
  return Object.fromEntries(
    Object.entries(req.form).map(([k, x]) => [k, String(Array.isArray(x) ? x[0] : x).trim()]),
  );
}

/**
 * The refusal's messages by field (`body.amount` → `amount`, `body.items.0.kind` → `items.0.kind`). The
 * API writes its messages in English; in Chinese a schema's message is said by its zod issue code.
 */
export function fieldErrors(req: UiRequest, problem: Problem | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of problem?.errors ?? []) {
    const key = String(e.path ?? '').replace(/^body\.?/, '');
    if (out.has(key)) continue;
    // A schema's issue carries its zod code; a rule's refusal names its field under the problem's code.
    const code = e.code ?? problem?.code;
    const own = code ? req.t(`kit.${code}`) : '';
    out.set(key, req.lang !== 'en' && own && own !== `kit.${code}` ? own : String(e.message ?? ''));
  }
  return out;
}

/** Digits of an ISO 4217 currency's minor unit (CNY 2, JPY 0, KWD 3). */
export const minorDigits = (currency: string): number => {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
};

/**
 * "1,234.5" in a currency with two decimals → 123450 minor units, exactly (no float arithmetic); null
 * when it is not an amount, so the API refuses the field.
 */
export const toMinor = (text: string, currency: string): number | null => {
  const digits = minorDigits(currency);
  const m = /^\s*(\d{1,13})(?:[.,](\d*))?\s*$/.exec(text.replace(/[\s,](?=\d{3}\b)/g, ''));
  if (!m || (m[2] ?? '').length > digits) return null;
  return Number(m[1]) * 10 ** digits + Number((m[2] ?? '').padEnd(digits, '0') || '0');
};

/** Minor units as an input's value: 123450 CNY → "1234.50". */
export const minorToInput = (minor: number, currency: string): string => {
  const digits = minorDigits(currency);
  if (digits === 0) return String(minor);
  const s = String(Math.abs(minor)).padStart(digits + 1, '0');
  return `${minor < 0 ? '-' : ''}${s.slice(0, -digits)}.${s.slice(-digits)}`;
};

/** An amount field's value for the API: minor units, or NaN (sent as null) for the API to refuse. */
export const amountOf = (text: string | undefined, currency: string): number =>
  toMinor(text ?? '', currency) ?? Number.NaN;

interface FieldProps {
  req: UiRequest;
  /** The form's id prefix, unique on the page. */
  form: string;
  name: string;
  label: string;
  value?: string | undefined;
  errors: Map<string, string>;
  /** Errors at this path or below it are shown on this field too (`allocations` takes `allocations.0.amount`). */
  alsoFor?: string;
  type?: 'text' | 'date' | 'number' | 'month' | 'textarea' | 'amount';
  required?: boolean;
  options?: { value: string; label: string }[];
  hint?: string;
}

/** One labelled field with its error beside it (`aria-invalid`, `aria-describedby`). */
export function Field(p: FieldProps) {
  const id = `${p.form}-${p.name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const also = p.alsoFor;
  const err =
    p.errors.get(p.name) ??
    (also ? [...p.errors].find(([k]) => k === also || k.startsWith(`${also}.`))?.[1] : undefined);
  const described = [p.hint ? `${id}-hint` : null, err ? `${id}-error` : null].filter(Boolean).join(' ');
  const common = {
    id,
    name: p.name,
    required: p.required,
    'aria-invalid': err ? ('true' as const) : undefined,
    'aria-describedby': described || undefined,
  };
  let control: Child;
  if (p.options)
    control = (
      <select {...common}>
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === (p.value ?? '')}>
            {o.label}
          </option>
        ))}
      </select>
    );
  else if (p.type === 'textarea')
    control = (
      <textarea {...common} rows={3}>
        {p.value ?? ''}
      </textarea>
    );
  else
    control = (
      <input
        {...common}
        type={p.type === 'amount' ? 'text' : (p.type ?? 'text')}
        inputmode={p.type === 'amount' ? 'decimal' : undefined}
        value={p.value ?? ''}
      />
    );
  return (
    <div class="field">
      <label for={id}>
        {p.label}
        {p.required ? null : <span class="muted"> {p.req.t('kit.optional')}</span>}
      </label>
      {control}
      {p.hint ? (
        <div class="small muted" id={`${id}-hint`}>
          {p.hint}
        </div>
      ) : null}
      {err ? (
        <div class="field-error" id={`${id}-error`}>
          {err}
        </div>
      ) : null}
    </div>
  );
}

/** A refusal's sentence: by its code in Chinese when the catalog has it, else the API's detail. */
export function problemText(req: UiRequest, problem: Problem): string {
  const own = problem.code && req.lang !== 'en' ? req.t(`kit.${problem.code}`) : '';
  if (own && own !== `kit.${problem.code}`) return own;
  return String(problem.detail ?? problem.title ?? problem.status ?? '');
}

/** The refusal above a form: its detail when no field carries it. */
export function Refusal({ req, problem, id }: { req: UiRequest; problem?: Problem | undefined; id: string }) {
  if (!problem) return null;
  const onFields = (problem.errors ?? []).length > 0 && problem.code === 'validation_failed';
  return (
    <div class="notice notice-error" role="alert" id={id}>
      <strong>{req.t('kit.refused')}</strong>
      {onFields ? null : <p>{problemText(req, problem)}</p>}
    </div>
  );
}

/** A form that posts to `action` with the CSRF token. */
export function PostForm({
  req,
  action,
  id,
  children,
  class: cls = 'card stack',
}: {
  req: UiRequest;
  action: string;
  id?: string;
  class?: string;
  children?: Child;
}) {
  return (
    <form method="post" action={action} class={cls} id={id}>
      <input type="hidden" name="_csrf" value={req.csrfToken} />
      {children}
    </form>
  );
}

/** After an API call from a form: the success notice and a redirect (303), or null to show the form again. */
export function done(req: UiRequest, res: { ok: boolean }, message: string, to: string): Response | null {
  if (!res.ok) return null;
  req.flash('success', message);
  return req.c.redirect(to, 303);
}

/** The status a form answers with when the API refused it: 404 stays 404, 409 stays 409, else 422. */
export function refusedStatus(req: UiRequest, status: number): void {
  req.c.status(status === 404 ? 404 : status === 409 ? 409 : status === 403 ? 403 : 422);
}

/** The receivables sections, in the sub-navigation of every receivables page. */
export const SECTIONS = [
  ['/invoices', 'invoices'],
  ['/payments', 'payments'],
  ['/ageing', 'ageing'],
  ['/statements', 'statements'],
  ['/warnings', 'warnings'],
  ['/plans', 'plans'],
  ['/approvals', 'approvals'],
  ['/collection', 'collection'],
] as const;

export function Heading({ req, title, current }: { req: UiRequest; title: string; current: string }) {
  return (
    <>
      <div class="page-head">
        <h1>{title}</h1>
      </div>
      <nav class="subnav" aria-label={req.t('receivables')}>
        {SECTIONS.map(([path, key]) => (
          <a href={req.href(path)} aria-current={current === path ? 'page' : undefined}>
            {req.t(key)}
          </a>
        ))}
      </nav>
    </>
  );
}

export const CustomerLink = ({ id, name }: { id: string; name: string }) => (
  <a href={`/customers/${encodeURIComponent(id)}`}>{name}</a>
);

export const Status = ({ req, status }: { req: UiRequest; status: string }) => (
  <span class={`badge badge-${status}`}>{req.t(`status.${status}`)}</span>
);

/** Names of the customers on a page, in one query (the rows are already limited to visible ones). */
export const customerNames =
  (ctx: Pick<PluginContext<unknown>, 'customers'>) =>
  async (ids: string[]): Promise<(id: string) => string> => {
    const map = await ctx.customers.summaries([...new Set(ids)]);
    return (id: string) => map.get(id)?.name ?? id;
  };

/** The link to the next cursor page, keeping the filters. */
export const More = ({ req, cursor }: { req: UiRequest; cursor: string | null }) => {
  if (!cursor) return null;
  const q = new URLSearchParams({ ...req.query, cursor });
  return (
    <p>
      <a href={`?${q}`}>{req.t('nextPage')}</a>
    </p>
  );
};
