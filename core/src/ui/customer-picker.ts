import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { attr, type UiHtml } from './forms.js';
import type { UiRequest } from './types.js';

// The customer field of a form: type a name, a code or its pinyin and pick one of the customers the
// user may see; the form posts the chosen customer's id. The search is htmx asking the console's
// `/customers/picker` (which lists through the customers API, so only visible customers are found);
// no script of the page's own. Without script it is the plain id field it has always been.
// What else in the form depends on the customer (its open invoices) follows a choice through
// `FollowsPicker`: htmx re-reads that part of the page when the picker says a customer was chosen.

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

/**
 * The event a choice raises (on `body`, after the chosen customer is in the form), per picker control
 * id: the console's picker route sends it as `HX-Trigger-After-Settle`.
 */
export const customerPickedEvent = (controlId: string): string => `customer-picked-${controlId}`;

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

export interface FollowsPickerProps {
  req: UiRequest;
  /** The part's id, unique on the page (`pay-invoices`). */
  id: string;
  /** The picker's control id (`<form>-<name>`, as `CustomerPicker` makes it). */
  picker: string;
  /** Ids of other fields the part depends on (`pay-currency`): a change of one re-reads it too. */
  also?: readonly string[];
  /** The page that draws the part: it is GET with the picker's and `also`'s fields as its query. */
  href: string;
  /** What the part was drawn for (the customer id and currency): posted back beside it. */
  madeFor: string;
  children?: unknown;
}

const hiddenFor = (id: string) => `${id}-for`;

/**
 * A part of a form that depends on the customer picked, like the invoices a payment may go to. With
 * script, htmx draws it again from `href` whenever a customer is picked or an `also` field changes.
 * Without script, the posted form says what the part was drawn for; `followsStale` tells the page to
 * show the form again for the new customer, and then the part says why.
 */
export function FollowsPicker(p: FollowsPickerProps): UiHtml {
  const also = p.also ?? [];
  const trigger = [`${customerPickedEvent(p.picker)} from:body`, ...also.map((id) => `change from:#${id}`)];
  const include = [`#${p.picker}-control`, ...also.map((id) => `#${id}`)];
  const posted = p.req.form[hiddenFor(p.id)];
  const changed =
    typeof posted === 'string' && posted.trim() !== p.madeFor
      ? html`<p class="notice notice-info small" role="status" id="${p.id}-changed">${p.req.t('kit.pickerFollowed')}</p>`
      : '';
  return html`<div id="${p.id}" hx-get="${p.href}" hx-trigger="${trigger.join(', ')}" hx-include="${include.join(
    ', ',
  )}" hx-select="#${p.id}" hx-swap="outerHTML">${changed}<input type="hidden" name="${hiddenFor(p.id)}" value="${
    p.madeFor
  }"/>${p.children as UiHtml}</div>`;
}

/**
 * Whether a posted form's `FollowsPicker` part was drawn for something else than `madeFor` (the
 * customer was changed without script): then show the form again rather than act on it. A post
 * without the part (another client) is not stale.
 */
export function followsStale(v: Record<string, string>, id: string, madeFor: string): boolean {
  const posted = v[hiddenFor(id)];
  return posted !== undefined && posted !== madeFor;
}
