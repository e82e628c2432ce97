import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { UiApiResult, UiMessages, UiRequest } from './types.js';

/** What the kit's pieces render: markup for JSX or an `html` template. */
export type UiHtml = HtmlEscapedString | Promise<HtmlEscapedString>;

// The console's form kit for plugin pages. A form's fields go to the plugin's API as they are (amounts
// turned into minor units); the API's zod schemas and rules judge them, and their refusal comes back
// here to be shown beside the field it names. A page never checks a rule its API does not.

/** A problem document as the API answers it. */
export interface UiProblem {
  status?: number;
  code?: string;
  title?: string;
  detail?: string;
  errors?: { path?: string; message?: string; code?: string }[];
}

/**
 * The kit's labels: merge them into the plugin's catalog (`ctx.ui.messages(formKitMessages)`). A
 * plugin may add `kit.<code>` keys of its own refusal codes; in Chinese a field's error is then said
 * by that entry, in English the API's own sentence (which names the figures) is shown.
 */
export const formKitMessages = {
  en: {
    'kit.refused': 'Nothing was saved',
    'kit.optional': '(optional)',
    'kit.amountHint': 'In {currency}, e.g. 1,234.50',
    'kit.invalid_type': 'Fill in a valid value',
    'kit.too_small': 'Too small or too short',
    'kit.too_big': 'Too large or too long',
    'kit.invalid_format': 'Not in the expected format',
    'kit.invalid_value': 'Not one of the allowed values',
    'kit.custom': 'Not valid here',
    'kit.nextPage': 'Next page',
    'kit.pickerHint': 'Type a name, code or pinyin and choose one; or enter the customer id',
    'kit.pickerChange': 'Change',
    'kit.pickerNone': 'No customer you may see matches.',
    'kit.pickerFollowed': 'The customer changed: check what below depends on it, then send the form again.',
  },
  'zh-CN': {
    'kit.refused': '未保存任何内容',
    'kit.optional': '（选填）',
    'kit.amountHint': '以 {currency} 计，例如 1,234.50',
    'kit.invalid_type': '请填写有效的值',
    'kit.too_small': '数值过小或内容过短',
    'kit.too_big': '数值过大或内容过长',
    'kit.invalid_format': '格式不正确',
    'kit.invalid_value': '不是允许的选项',
    'kit.custom': '此处的值无效',
    'kit.nextPage': '下一页',
    'kit.pickerHint': '输入名称、编码或拼音后选择；也可直接填写客户编号',
    'kit.pickerChange': '更换',
    'kit.pickerNone': '没有匹配的可见客户。',
    'kit.pickerFollowed': '客户已更换：请核对下方随客户变化的内容，再提交。',
  },
} as const satisfies UiMessages;

/** The posted form, one trimmed text per field. */
export function formValues(req: UiRequest): Record<string, string> {
  return Object.fromEntries(
    Object.entries(req.form).map(([k, x]) => [k, String(Array.isArray(x) ? x[0] : x).trim()]),
  );
}

/** A catalog entry of `kit.<code>` in Chinese, or null (English shows the API's sentence). */
function ownWords(req: UiRequest, code: string | undefined): string | null {
  if (!code || req.lang === 'en') return null;
  const own = req.t(`kit.${code}`);
  return own && own !== `kit.${code}` ? own : null;
}

/** The refusal's messages by field: `body.amount` → `amount`, `body.items.0.kind` → `items.0.kind`. */
export function fieldErrors(req: UiRequest, problem: UiProblem | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of problem?.errors ?? []) {
    const key = String(e.path ?? '').replace(/^body\.?/, '');
    if (out.has(key)) continue;
    // A schema's issue carries its zod code; a rule's refusal names its field under the problem's code.
    out.set(key, ownWords(req, e.code ?? problem?.code) ?? String(e.message ?? ''));
  }
  return out;
}

/**
 * A rule's refusal that names no field, put beside the field it is about: `refusalOnField(problem,
 * { expiry_not_in_future: 'expiresAt' })`. A refusal that names its fields is left as it is.
 */
export function refusalOnField(
  problem: UiProblem | undefined,
  fields: Record<string, string>,
): UiProblem | undefined {
  const field = problem?.code ? fields[problem.code] : undefined;
  if (!problem || !field || (problem.errors ?? []).length > 0) return problem;
  return {
    ...problem,
    errors: [{ path: `body.${field}`, code: problem.code, message: problem.detail ?? '' }],
  };
}

/** A refusal's sentence: by its code in Chinese when the catalog has it, else the API's detail. */
export function problemText(req: UiRequest, problem: UiProblem): string {
  return ownWords(req, problem.code) ?? String(problem.detail ?? problem.title ?? problem.status ?? '');
}

/** Digits of an ISO 4217 currency's minor unit (CNY 2, JPY 0, KWD 3). */
export function minorDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

/**
 * "1,234.5" in a currency with two decimals → 123450 minor units, exactly (no float arithmetic); null
 * when it is not an amount.
 */
export function toMinor(text: string, currency: string): number | null {
  const digits = minorDigits(currency);
  const m = /^\s*(\d{1,13})(?:[.,](\d*))?\s*$/.exec(text.replace(/[\s,](?=\d{3}\b)/g, ''));
  if (!m || (m[2] ?? '').length > digits) return null;
  return Number(m[1]) * 10 ** digits + Number((m[2] ?? '').padEnd(digits, '0') || '0');
}

/** Minor units as an input's value: 123450 CNY → "1234.50". */
export function minorToInput(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  if (digits === 0) return String(minor);
  const s = String(Math.abs(minor)).padStart(digits + 1, '0');
  return `${minor < 0 ? '-' : ''}${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

/** An amount field's value for the API: minor units, or NaN (sent as null) for the API to refuse. */
export const amountOf = (text: string | undefined, currency: string): number =>
  toMinor(text ?? '', currency) ?? Number.NaN;

export interface UiFieldProps {
  req: UiRequest;
  /** The form's id prefix, unique on the page: the field's id is `<form>-<name>`. */
  form: string;
  name: string;
  label: string;
  value?: string | undefined;
  errors: Map<string, string>;
  /** Errors at this path or below it are shown on this field too (`allocations` takes `allocations.0.amount`). */
  alsoFor?: string | undefined;
  type?: 'text' | 'date' | 'number' | 'month' | 'textarea' | 'amount' | 'checkbox';
  required?: boolean | undefined;
  options?: { value: string; label: string }[];
  hint?: string | undefined;
  /** Number inputs: `min`, `max`, `step`. */
  min?: number;
  max?: number;
  step?: number | 'any';
  /** `data-*` attributes of the control (`{ weight: '0.25' }` → `data-weight="0.25"`). */
  data?: Record<string, string>;
}

/** ` name="value"`, or nothing when the value is undefined or false. */
export const attr = (name: string, value: string | number | undefined | false) =>
  value === undefined || value === false ? '' : html` ${raw(name)}="${String(value)}"`;

/** One labelled field with its error beside it (`aria-invalid`, `aria-describedby`). */
export function Field(p: UiFieldProps): UiHtml {
  const id = `${p.form}-${p.name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const also = p.alsoFor;
  const err =
    p.errors.get(p.name) ??
    (also ? [...p.errors].find(([k]) => k === also || k.startsWith(`${also}.`))?.[1] : undefined);
  const described = [p.hint ? `${id}-hint` : null, err ? `${id}-error` : null].filter(Boolean).join(' ');
  const common = html`id="${id}" name="${p.name}"${p.required ? raw(' required') : ''}${attr(
    'aria-invalid',
    err ? 'true' : undefined,
  )}${attr('aria-describedby', described || undefined)}${Object.entries(p.data ?? {}).map(([k, v]) =>
    attr(`data-${k.replace(/[^a-z0-9-]/g, '')}`, v),
  )}`;
  let control: UiHtml;
  if (p.options)
    control = html`<select ${common}>${p.options.map(
      (o) =>
        html`<option value="${o.value}"${o.value === (p.value ?? '') ? raw(' selected') : ''}>${o.label}</option>`,
    )}</select>`;
  else if (p.type === 'textarea') control = html`<textarea ${common} rows="3">${p.value ?? ''}</textarea>`;
  else if (p.type === 'checkbox')
    control = html`<input ${common} type="checkbox" value="true"${p.value === 'true' ? raw(' checked') : ''}/>`;
  else
    control = html`<input ${common} type="${p.type === 'amount' ? 'text' : (p.type ?? 'text')}"${attr(
      'inputmode',
      p.type === 'amount' ? 'decimal' : undefined,
    )}${attr('min', p.min)}${attr('max', p.max)}${attr('step', p.step)} value="${p.value ?? ''}"/>`;
  const optional =
    p.required || p.type === 'checkbox' ? '' : html`<span class="muted"> ${p.req.t('kit.optional')}</span>`;
  const label =
    p.type === 'checkbox'
      ? html`<label for="${id}">${control} ${p.label}</label>`
      : html`<label for="${id}">${p.label}${optional}</label>${control}`;
  return html`<div class="field">${label}${
    p.hint ? html`<div class="small muted" id="${id}-hint">${p.hint}</div>` : ''
  }${err ? html`<div class="field-error" id="${id}-error">${err}</div>` : ''}</div>`;
}

/** One field of a form: `Field`'s props but those the form gives; no `value` takes the form's value of its name. */
export type UiFormRow = Omit<UiFieldProps, 'req' | 'form' | 'errors'>;

export interface UiFormRowsProps {
  req: UiRequest;
  /** The form's id prefix (see `Field`). */
  form: string;
  errors: Map<string, string>;
  /** The form's values by field name: what was posted, or what the form starts with. */
  values: Readonly<Record<string, string | undefined>>;
  /** In order; false, null or undefined: a field left out. */
  rows: readonly (UiFormRow | false | null | undefined)[];
}

/** A form's fields, each filled with its value and showing its error: `Field` for every row. */
export function FormRows(p: UiFormRowsProps): UiHtml {
  const { req, form, errors, values } = p;
  return html`${p.rows.map((row) =>
    row ? Field({ req, form, errors, ...row, value: 'value' in row ? row.value : values[row.name] }) : '',
  )}`;
}

/** A form's fields in its grid (`.form-grid`) and, with `submit`, the button that sends it below. */
export function FormGrid(p: UiFormRowsProps & { submit?: string }): UiHtml {
  return html`<div class="form-grid">${FormRows(p)}</div>${
    p.submit ? html`<div><button type="submit">${p.submit}</button></div>` : ''
  }`;
}

/**
 * A form post's answer once its API call is back: on success the notice and a redirect (303) to
 * `done.to`; a 404 the console's not-found page (a record the user may not see answers alike); any
 * other refusal `again(problem)`, the form shown again under the status `refusedStatus` gives.
 */
export function answerPost<T>(
  req: UiRequest,
  res: UiApiResult,
  success: { message: string; to: string },
  again: (problem: UiProblem) => T,
): Response | Promise<Response> | T {
  const ok = done(req, res, success.message, success.to);
  if (ok) return ok;
  if (res.status === 404) return req.notFound();
  refusedStatus(req, res.status);
  return again(res.body as UiProblem);
}

/** The refusal above a form (`role="alert"`): its sentence, unless the fields below carry it. */
export function Refusal(p: { req: UiRequest; problem?: UiProblem | undefined; id: string }): UiHtml | null {
  if (!p.problem) return null;
  const onFields = (p.problem.errors ?? []).length > 0 && p.problem.code === 'validation_failed';
  return html`<div class="notice notice-error" role="alert" id="${p.id}"><strong>${p.req.t(
    'kit.refused',
  )}</strong>${onFields ? '' : html`<p>${problemText(p.req, p.problem)}</p>`}</div>`;
}

/** A form that posts to `action` with the CSRF token. */
export function PostForm(p: {
  req: UiRequest;
  action: string;
  id?: string;
  class?: string;
  children?: unknown;
}): UiHtml {
  return html`<form method="post" action="${p.action}" class="${p.class ?? 'card stack'}"${attr('id', p.id)}><input type="hidden" name="_csrf" value="${p.req.csrfToken}"/>${p.children as UiHtml}</form>`;
}

/** After an API call from a form: the success notice and a redirect (303), or null to show the form again. */
export function done(req: UiRequest, res: { ok: boolean }, message: string, to: string): Response | null {
  if (!res.ok) return null;
  req.flash('success', message);
  return req.c.redirect(to, 303);
}

/** The status a form answers with when its API refused it: 403, 404 and 409 as they are, else 422. */
export function refusedStatus(req: UiRequest, status: number): void {
  req.c.status((status === 403 || status === 404 || status === 409 ? status : 422) as 422);
}
