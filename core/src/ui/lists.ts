import { html } from 'hono/html';
import { attr, type UiHtml } from './forms.js';
import type { UiRequest } from './types.js';

// The kit's list pieces: a page's heading with its section tabs, a table of rows (or the sentence
// saying there are none) with the link to the next cursor page, links to customers and status badges.
// Every plugin's pages (and the console's own) draw their lists with these, so a list looks and reads
// the same everywhere and is written once.

/** One column of a `DataTable`. */
export interface UiColumn<T> {
  /** The column's heading (a `th scope="col"`). */
  head: string;
  /** Figures (money, counts, scores): right-aligned, heading too. */
  num?: boolean;
  /** More classes on the column's cells (`small`, `nowrap`). */
  class?: string;
  /** Classes on the column's heading too (`hide-mobile`: a column narrow screens leave out). */
  headClass?: string;
  /** A sortable column: the heading links to the list sorted by it; `current` when it is sorted by it now. */
  sort?: { href: string; current?: 'ascending' | 'descending' | undefined };
  /** The row's cell: text (escaped), a number, markup, or null for an empty cell. */
  cell(row: T, index: number): unknown;
}

/** The link under a list to its next page, or null on the last one. */
export interface UiNextPage {
  href: string;
  label: string;
}

export interface UiDataTableProps<T> {
  rows: readonly T[];
  /** A column given as `false`/`null` is left out (a column only some users may see). */
  columns: readonly (UiColumn<T> | false | null | undefined)[];
  /** Said instead of an empty table. */
  empty: string;
  /** A heading (`h2`) above the table; the card is then a section labelled by it. Needs `id`. */
  title?: string | undefined;
  /** The section's id prefix, unique on the page (the heading's id is `<id>-title`). */
  id?: string | undefined;
  /** The next page (see `nextPage`). */
  next?: UiNextPage | null | undefined;
  /** The table's caption for screen readers when there is no `title`. */
  caption?: string | undefined;
  /** Markup between the heading and the table (a filter, an action link). */
  children?: unknown;
  /** Markup after the table and its next-page link (the form that adds a row). */
  after?: unknown;
}

/** Rows as a table in a card: headed columns, the empty sentence, the next page link. */
export function DataTable<T>(p: UiDataTableProps<T>): UiHtml {
  const columns = p.columns.filter((c): c is UiColumn<T> => Boolean(c));
  const cls = (c: UiColumn<T>) => [c.num ? 'num' : '', c.class ?? ''].filter(Boolean).join(' ');
  const headCls = (c: UiColumn<T>) => [c.num ? 'num' : '', c.headClass ?? ''].filter(Boolean).join(' ');
  const head = (c: UiColumn<T>) =>
    html`<th scope="col"${attr('class', headCls(c) || undefined)}${attr('aria-sort', c.sort?.current)}>${
      c.sort ? html`<a href="${c.sort.href}">${c.head}</a>` : c.head
    }</th>`;
  const body =
    p.rows.length === 0
      ? html`<p class="muted">${p.empty}</p>`
      : html`<table>${p.caption ? html`<caption class="sr-only">${p.caption}</caption>` : ''}<thead><tr>${columns.map(head)}</tr></thead><tbody>${p.rows.map(
          (row, i) =>
            html`<tr>${columns.map((c) => html`<td${attr('class', cls(c) || undefined)}>${c.cell(row, i) as UiHtml}</td>`)}</tr>`,
        )}</tbody></table>`;
  const more = html`${p.next ? html`<p><a href="${p.next.href}">${p.next.label}</a></p>` : ''}${(p.after ?? '') as UiHtml}`;
  const children = (p.children ?? '') as UiHtml;
  if (p.title) {
    const titleId = `${p.id ?? 'list'}-title`;
    return html`<section class="card table-wrap"${attr('id', p.id)} aria-labelledby="${titleId}"><h2 id="${titleId}">${p.title}</h2>${children}${body}${more}</section>`;
  }
  return html`<div class="card table-wrap"${attr('id', p.id)}>${children}${body}${more}</div>`;
}

/**
 * The next cursor page of a list, keeping the page's filters: `?status=open&cursor=…`. Null without a
 * cursor. Its label is the kit's `kit.nextPage`.
 */
export function nextPage(req: UiRequest, cursor: string | null | undefined): UiNextPage | null {
  if (!cursor) return null;
  return { href: `?${new URLSearchParams({ ...req.query, cursor })}`, label: req.t('kit.nextPage') };
}

/** The query of a list call to the API: `limit` and those of the page's own query names that are set. */
export function listParams(req: UiRequest, names: readonly string[], limit = 50): URLSearchParams {
  const q = new URLSearchParams({ limit: String(limit) });
  for (const name of names) {
    const value = req.query[name];
    if (value) q.set(name, value);
  }
  return q;
}

/** A page's heading, with its actions (links, buttons) on the right. */
export function PageHead(p: { title: string; subtitle?: unknown; children?: unknown }): UiHtml {
  return html`<div class="page-head"><div><h1>${p.title}</h1>${
    p.subtitle ? html`<p>${p.subtitle as UiHtml}</p>` : ''
  }</div>${p.children ? html`<div class="actions">${p.children as UiHtml}</div>` : ''}</div>`;
}

/** The tabs of a plugin's sections under its heading; the current one is `aria-current="page"`. */
export function SectionNav(p: {
  /** The navigation's accessible name (the plugin's name). */
  label: string;
  items: readonly { href: string; label: string }[];
  /** The `href` of the page shown. */
  current: string;
}): UiHtml {
  return html`<nav class="subnav" aria-label="${p.label}">${p.items.map(
    (i) =>
      html`<a href="${i.href}"${attr('aria-current', i.href === p.current ? 'page' : undefined)}>${i.label}</a>`,
  )}</nav>`;
}

/** A link to the console's customer page. */
export function CustomerLink(p: { id: string; name: string }): UiHtml {
  return html`<a href="/customers/${encodeURIComponent(p.id)}">${p.name}</a>`;
}

/** A status badge: `kind` picks its colour (`badge-<kind>`), `label` (or the children) is what it says. */
export function Badge(p: { kind: string; label?: string; children?: unknown }): UiHtml {
  return html`<span class="badge badge-${p.kind.replace(/[^A-Za-z0-9_-]/g, '')}">${(p.label ?? p.children ?? '') as UiHtml}</span>`;
}

/** A link shown only when `when` holds (a "new …" link for those who may create). */
export function ActionLink(p: {
  when?: boolean;
  href: string;
  label: string;
  button?: boolean;
}): UiHtml | null {
  if (p.when === false) return null;
  return p.button
    ? html`<a class="button" href="${p.href}">${p.label}</a>`
    : html`<p><a href="${p.href}">${p.label}</a></p>`;
}
