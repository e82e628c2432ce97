import type { UiRequest } from '@kehu/core';
import { Badge, minorDigits, SectionNav } from '@kehu/core/ui';
import type { Deps } from './context.js';
import { en } from './ui-messages.js';

// What the key-account pages share beyond core's list kit (`DataTable`, `PageHead`, `SectionNav`,
// `nextPage`, `Badge`): sections of fields, filter forms, class badges, account links, the section tabs. Pages read through the plugin's own API as the signed-in user (`req.api`), so
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
  <Badge kind={`class-${cls}`}>
    {label(req, 'class', cls)}
    {overridden ? <abbr title={req.t('overridden')}> *</abbr> : ''}
  </Badge>
);

export const AccountLink = ({ req, id, text }: { req: UiRequest; id: string; text: string }) => (
  <a href={accountHref(req, id)}>{text}</a>
);

/** The tabs of the key-account lists: accounts, ABC, and the scorecards for those who may read them. */
export const KeyAccountsNav = ({ req, current }: { req: UiRequest; current: string }) => (
  <SectionNav
    label={req.t('sections')}
    current={req.href(current)}
    items={[
      { href: req.href('/accounts'), label: req.t('accountsTitle') },
      { href: req.href('/abc'), label: req.t('abcTitle') },
      ...(req.principal.can('keyAccounts.scorecards.read')
        ? [{ href: req.href('/scorecards'), label: req.t('scorecardsTitle') }]
        : []),
    ]}
  />
);
