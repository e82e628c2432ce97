import type { UiRequest } from '@kehu/core';
import { minorDigits } from '@kehu/core/ui';
import type { Deps } from './context.js';
import { en } from './ui-messages.js';

// What the key-account pages share: labelled cards and tables, filter forms, class badges, customer
// links and paging. Pages read through the plugin's own API as the signed-in user (`req.api`), so
// every permission and the customer access policy apply as they do to a client.

export const API = '/api/v1/key-accounts';
export const enc = encodeURIComponent;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A catalog label for a known value, the value itself for one a company configured. */
export function label(req: UiRequest, group: string, value: string | null): string {
  if (value === null) return '—';
  const key = `${group}.${value}`;
  return key in en ? req.t(key) : value;
}

/** A user's name by id, "—" for none. */
export const userNames = (deps: Deps) => async (id: string | null) =>
  id ? ((await deps.customers.users.get(id))?.name ?? id) : '—';

export const percent = (req: UiRequest, fraction: number) =>
  req.format.number(fraction * 100, { maximumFractionDigits: 1 });

/** Minor units per major unit of a currency (CNY 100, JPY 1). */
export const minorPerMajor = (currency: string) => 10 ** minorDigits(currency);

/** The account page of a customer. */
export const accountHref = (req: UiRequest, customerId: string) => req.href(`/customers/${enc(customerId)}`);

/** A section with its heading, named by it for screen readers. */
export const Card = (p: { id: string; title: string; table?: boolean; children?: unknown }) => (
  <section class={p.table ? 'card table-wrap' : 'card'} aria-labelledby={p.id}>
    <h2 id={p.id}>{p.title}</h2>
    {p.children}
  </section>
);

/** A column heading: its text, or `{ text, num }` for a right-aligned figure. */
export type Column = string | { text: string; num: true };

/** A table with its column headings; the rows are the children. */
export const Table = (p: { head: readonly Column[]; children?: unknown }) => (
  <table>
    <thead>
      <tr>
        {p.head.map((c) =>
          typeof c === 'string' ? (
            <th scope="col">{c}</th>
          ) : (
            <th scope="col" class="num">
              {c.text}
            </th>
          ),
        )}
      </tr>
    </thead>
    <tbody>{p.children}</tbody>
  </table>
);

export interface FilterSelect {
  label: string;
  name: string;
  value: string;
  options: readonly { value: string; label: string }[];
}

/** A GET form of selects with a "show" button; `keep` are hidden fields carried along. */
export const Filters = (p: {
  req: UiRequest;
  action: string;
  selects: readonly FilterSelect[];
  keep?: Record<string, string>;
}) => (
  <form method="get" action={p.req.href(p.action)} class="filters">
    {Object.entries(p.keep ?? {}).map(([name, value]) => (
      <input type="hidden" name={name} value={value} />
    ))}
    {p.selects.map((s) => (
      <label>
        {s.label}
        <select name={s.name}>
          {s.options.map((o) => (
            <option value={o.value} selected={o.value === s.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
    ))}
    <button type="submit" class="button-secondary">
      {p.req.t('show')}
    </button>
  </form>
);

/** The class options of a filter: "all" and the classes given. */
export const classOptions = (req: UiRequest, classes: readonly string[]) => [
  { value: '', label: req.t('all') },
  ...classes.map((k) => ({ value: k, label: label(req, 'class', k) })),
];

export const ClassBadge = ({
  req,
  cls,
  overridden,
}: {
  req: UiRequest;
  cls: string;
  overridden?: boolean;
}) => (
  <span class={`badge badge-class-${cls}`} title={overridden ? req.t('overridden') : undefined}>
    {label(req, 'class', cls)}
    {overridden ? ' *' : ''}
  </span>
);

export const AccountLink = ({ req, id, text }: { req: UiRequest; id: string; text: string }) => (
  <a href={accountHref(req, id)}>{text}</a>
);

/** The link to the next page of a list, keeping the query. */
export const More = ({ req, cursor }: { req: UiRequest; cursor: string | null }) => {
  if (!cursor) return null;
  const q = new URLSearchParams({ ...req.query, cursor });
  return (
    <p class="pager">
      <a href={`?${q}`}>{req.t('nextPage')}</a>
    </p>
  );
};
