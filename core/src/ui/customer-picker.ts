import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { attr, type UiHtml } from './forms.js';
import type { UiRequest } from './types.js';

// The customer field of a form: type a name, a code or its pinyin and pick one of the customers the
// user may see; the form posts the chosen customer's id. The search is htmx asking the console's
// `/customers/picker` (which lists through the customers API, so only visible customers are found);
// no script of the page's own. Without script it is the plain id field it has always been.

/** The console's route answering the picker's searches and choices. */
export const CUSTOMER_PICKER_PATH = '/customers/picker';

/** How many customers a search lists. */
export const CUSTOMER_PICKER_LIMIT = 8;

/** The picker's words, from the kit's catalog (`formKitMessages`). */
export interface CustomerPickerWords {
  hint: string;
  change: string;
  none: string;
}

/** Where a picker's requests go back to: its control's id and the form field's name. */
export interface CustomerPickerTarget {
  /** The control's id (`<form>-<name>`); its label points at it. */
  id: string;
  /** The posted field's name (`customerId`). */
  name: string;
}

/** One customer a search found, as the picker lists and shows it. */
export interface CustomerPickerItem {
  id: string;
  name: string;
  code?: string | null;
}

const pickerUrl = (t: CustomerPickerTarget, extra: Record<string, string> = {}) =>
  `${CUSTOMER_PICKER_PATH}?${new URLSearchParams({ field: t.id, name: t.name, ...extra })}`;

/** The search box (the plain id field without script) and the list it fills. */
export function customerPickerSearch(
  t: CustomerPickerTarget,
  p: {
    value?: string | undefined;
    required?: boolean | undefined;
    describedBy?: string | undefined;
    autofocus?: boolean;
  },
): UiHtml {
  return html`<input id="${t.id}" name="${t.name}" value="${p.value ?? ''}" type="search" autocomplete="off"${
    p.required ? html` required` : ''
  }${attr('aria-describedby', p.describedBy)} aria-controls="${t.id}-results"${
    p.autofocus ? html` autofocus` : ''
  } hx-get="${pickerUrl(t)}" hx-trigger="input changed delay:300ms, search" hx-target="#${t.id}-results" hx-sync="this:replace"/><div id="${t.id}-results" class="picker-results" aria-live="polite"></div>`;
}

/** What a search found: a button per customer that puts it in the field. */
export function customerPickerResults(
  t: CustomerPickerTarget,
  items: readonly CustomerPickerItem[],
  words: Pick<CustomerPickerWords, 'none'>,
): UiHtml {
  if (items.length === 0) return html`<p class="small muted">${words.none}</p>`;
  return html`<ul class="plain-list picker-list">${items.map(
    (c) =>
      html`<li><button type="button" class="link" hx-get="${pickerUrl(t, {
        choose: c.id,
      })}" hx-target="#${t.id}-control">${c.name}${c.code ? html` <span class="muted small">${c.code}</span>` : ''}</button></li>`,
  )}</ul>`;
}

/**
 * The chosen customer: its id in a hidden field, its name shown, and "change" (htmx brings the search
 * back; without script the link opens the form again without the customer).
 */
export function customerPickerChosen(
  t: CustomerPickerTarget,
  customer: CustomerPickerItem,
  p: { change: string; changeHref: string },
): UiHtml {
  return html`<input type="hidden" name="${t.name}" value="${customer.id}"/><output id="${t.id}" class="picker-chosen">${customer.name}${
    customer.code ? html` <span class="muted small">${customer.code}</span>` : ''
  }</output> <a href="${p.changeHref}" hx-get="${pickerUrl(t, { change: '1' })}" hx-target="#${t.id}-control">${p.change}</a>`;
}

/** The picker's words in a language (for the console's route, which speaks the kit's catalog too). */
export function customerPickerWords(t: (key: string) => string): CustomerPickerWords {
  return {
    hint: t('kit.pickerHint'),
    change: t('kit.pickerChange'),
    none: t('kit.pickerNone'),
  };
}

export interface CustomerPickerProps {
  req: UiRequest;
  /** The form's id prefix, as `Field` takes it: the control's id is `<form>-<name>`. */
  form: string;
  /** Default `customerId`. */
  name?: string;
  label: string;
  /** The customer id already in the form (from the link that opened it, or as posted). */
  value?: string | undefined;
  errors: Map<string, string>;
  required?: boolean;
}

/**
 * A form's customer field: search by name, code or pinyin among visible customers, or the plain id. A
 * customer already in the form is shown by name when the user may see it (read through the API).
 */
export async function CustomerPicker(p: CustomerPickerProps): Promise<HtmlEscapedString> {
  const name = p.name ?? 'customerId';
  const t: CustomerPickerTarget = { id: `${p.form}-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`, name };
  const words = customerPickerWords((k) => p.req.t(k));
  const err = p.errors.get(name);
  const describedBy = [`${t.id}-hint`, err ? `${t.id}-error` : null].filter(Boolean).join(' ');
  // "Change" without script: this page again, without the customer in its query.
  const query = new URLSearchParams(p.req.query);
  query.delete(name);
  const changeHref = `${p.req.c.req.path}${query.size ? `?${query}` : ''}`;
  const known =
    p.value && !err
      ? await p.req.api<CustomerPickerItem>('GET', `/api/v1/customers/${encodeURIComponent(p.value)}`)
      : null;
  const control = known?.ok
    ? customerPickerChosen(
        t,
        { id: known.body.id, name: known.body.name, code: known.body.code },
        { change: words.change, changeHref },
      )
    : customerPickerSearch(t, { value: p.value, required: p.required, describedBy });
  const optional = p.required ? '' : html`<span class="muted"> ${p.req.t('kit.optional')}</span>`;
  return html`<div class="field customer-picker"><label for="${t.id}">${p.label}${optional}</label><div id="${t.id}-control">${control}</div><div class="small muted" id="${t.id}-hint">${words.hint}</div>${
    err ? html`<div class="field-error" id="${t.id}-error">${err}</div>` : ''
  }</div>`;
}
