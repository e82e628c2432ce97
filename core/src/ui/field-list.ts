import { html } from 'hono/html';
import type { UiHtml } from './forms.js';

// A record's figures and facts as labelled values: an invoice's totals, a statement's balances, a
// credit profile's limits. Drawn once here so every plugin's detail page reads the same.

/** One labelled value of a `FieldList`: the label, then the value (text, a number, markup). */
export type UiField = readonly [label: string, value: unknown];

/**
 * Labelled values as a definition list (`<dl class="fields">`), text escaped. A field given as
 * `false`/`null`/`undefined` is left out (a value a record may not have, like a reference).
 */
export function FieldList(p: { fields: readonly (UiField | false | null | undefined)[] }): UiHtml {
  const fields = p.fields.filter((f): f is UiField => Boolean(f));
  return html`<dl class="fields">${fields.map(
    ([label, value]) => html`<dt>${label}</dt><dd>${(value ?? '') as UiHtml}</dd>`,
  )}</dl>`;
}
