import type { Customer, CustomField } from '@kehu/core';
import { CustomerLink, DataTable, requestAs } from '@kehu/core/ui';
import type { ConsoleApp } from '../app';
import { Badge, Notice, PageHead, problemText } from '../components';
import type { SignedInPage } from '../context.js';
import {
  callApi,
  customFieldInputType,
  customFieldOptions,
  enumLabel,
  enumOptions,
  labelOf,
} from '../context.js';
import { Layout } from '../layout';

const SORTABLE = ['name', 'code', 'createdAt', 'updatedAt'] as const;
/** Query parameters the list page passes on to the API as they are. */
const PASSED =
  /^(q|status|kind|owner|region|industry|tag|internal|chainPosition|include|sort|cursor|custom\.[A-Za-z0-9_]+(\.(from|to))?)$/;

function apiQuery(url: URL, drop: string[] = []): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of url.searchParams)
    if (PASSED.test(k) && v !== '' && !drop.includes(k)) out.append(k, v);
  return out;
}

/** A facet's value in one cell: scalars of a small object, or a count of a list. */
function facetSummary(page: SignedInPage, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return page.format.number(value.length);
  if (typeof value !== 'object') return String(value);
  return Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v))
    .slice(0, 3)
    .map(([k, v]) => `${k}: ${typeof v === 'number' ? page.format.number(v) : String(v ?? '—')}`)
    .join(' · ');
}

function customValue(page: SignedInPage, field: CustomField, value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  if (field.type === 'enum')
    return labelOf(page.lang, field.options.find((o) => o.value === value)?.labels, String(value));
  if (field.type === 'boolean') return value ? page.t('common.yes') : page.t('common.no');
  if (field.type === 'date') return page.format.date(String(value));
  if (field.type === 'number') return page.format.number(Number(value));
  return String(value);
}
export { customValue };

function Results(props: {
  page: SignedInPage;
  url: URL;
  items: (Customer & { facets?: Record<string, unknown> })[];
  nextCursor: string | null;
  owners: Map<string, string>;
  facets: string[];
  error?: string | undefined;
}) {
  const { page, url } = props;
  const sort = url.searchParams.get('sort') ?? '-createdAt';
  const sortLink = (key: (typeof SORTABLE)[number]) => {
    const q = apiQuery(url, ['cursor', 'sort']);
    q.set('sort', sort === key ? `-${key}` : key);
    return `/customers?${q}`;
  };
  const arrow = (key: string) => (sort === key ? ' ↑' : sort === `-${key}` ? ' ↓' : '');
  const ariaSort = (key: string) =>
    sort === key ? ('ascending' as const) : sort === `-${key}` ? ('descending' as const) : undefined;
  const next = apiQuery(url, ['cursor']);
  if (props.nextCursor) next.set('cursor', props.nextCursor);
  const exportQuery = apiQuery(url, ['cursor']);
  exportQuery.set('lang', page.lang);
  const sorted = (key: (typeof SORTABLE)[number]) => ({ href: sortLink(key), current: ariaSort(key) });
  const narrow = { headClass: 'hide-mobile', class: 'hide-mobile' } as const;
  const pager = (
    <div class="pager">
      {page.principal.can('customers.export') ? (
        <a class="button button-secondary" href={`/customers/export?${exportQuery}`}>
          {page.t('customers.export')}
        </a>
      ) : null}
      {url.searchParams.get('cursor') ? (
        <a href={`/customers?${apiQuery(url, ['cursor'])}`}>{page.t('common.firstPage')}</a>
      ) : null}
      {props.nextCursor ? (
        <a class="button button-secondary" href={`/customers?${next}`} rel="next">
          {page.t('common.nextPage')}
        </a>
      ) : null}
    </div>
  );
  return (
    <div id="customer-results" aria-live="polite">
      <DataTable
        rows={props.items}
        empty={props.error ? '' : page.t('customers.none')}
        after={pager}
        columns={[
          {
            head: page.t('customer.code') + arrow('code'),
            sort: sorted('code'),
            class: 'small',
            cell: (cu: (typeof props.items)[number]) => cu.code,
          },
          {
            head: page.t('customer.name') + arrow('name'),
            sort: sorted('name'),
            cell: (cu) => <CustomerLink id={cu.id} name={cu.name} />,
          },
          {
            head: page.t('customer.status'),
            cell: (cu) => <Badge kind={cu.status}>{enumLabel(page, 'customer.status', cu.status)}</Badge>,
          },
          { head: page.t('customer.region'), ...narrow, cell: (cu) => cu.region ?? '' },
          {
            head: page.t('customer.owner'),
            ...narrow,
            cell: (cu) => (cu.ownerId ? (props.owners.get(cu.ownerId) ?? '') : '—'),
          },
          {
            head: page.t('customer.tags'),
            ...narrow,
            cell: (cu) => cu.tags.map((t) => <span class="tag">{t}</span>),
          },
          ...props.facets.map((f) => ({
            head: f,
            headClass: 'hide-mobile',
            class: 'hide-mobile small',
            cell: (cu: (typeof props.items)[number]) => facetSummary(page, cu.facets?.[f]),
          })),
          {
            head: page.t('customer.updatedAt') + arrow('updatedAt'),
            sort: sorted('updatedAt'),
            headClass: 'hide-mobile',
            class: 'hide-mobile small',
            cell: (cu) => page.format.date(cu.updatedAt),
          },
        ]}
      >
        {props.error ? <Notice kind="error">{props.error}</Notice> : null}
      </DataTable>
    </div>
  );
}

function Filters({ page, url, fields }: { page: SignedInPage; url: URL; fields: CustomField[] }) {
  const v = (k: string) => url.searchParams.get(k) ?? '';
  const facets = [...page.kernel.registry.facets.keys()].filter((f) => f !== 'contacts');
  const chosen = new Set((v('include') || '').split(',').filter(Boolean));
  /** A filter by one of a few values; "all" sends nothing. */
  const FilterSelect = (p: {
    name: string;
    id?: string;
    label: string;
    options: { value: string; label: string }[];
  }) => {
    const id = p.id ?? `f-${p.name}`;
    return (
      <div>
        <label for={id}>{p.label}</label>
        <select id={id} name={p.name}>
          <option value="">{page.t('common.all')}</option>
          {p.options.map((o) => (
            <option value={o.value} selected={v(p.name) === o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
    );
  };
  return (
    <form
      method="get"
      action="/customers"
      class="card"
      aria-label={page.t('customers.search')}
      hx-get="/customers"
      hx-target="#customer-results"
      hx-swap="outerHTML"
      hx-push-url="true"
      hx-trigger="input changed delay:300ms from:#f-q, change, submit"
    >
      <div class="filters">
        <div class="filter-q">
          <label for="f-q">{page.t('customers.search')}</label>
          <input
            id="f-q"
            type="search"
            name="q"
            value={v('q')}
            placeholder={page.t('customers.searchHint')}
            autocomplete="off"
          />
        </div>
        <FilterSelect
          name="status"
          label={page.t('customer.status')}
          options={enumOptions(page, 'customer.status')}
        />
        <FilterSelect
          name="kind"
          label={page.t('customer.kind')}
          options={enumOptions(page, 'customer.kind')}
        />
        <FilterSelect
          name="owner"
          label={page.t('customer.owner')}
          options={[
            { value: 'me', label: page.t('customers.ownerMe') },
            { value: 'none', label: page.t('customers.ownerNone') },
          ]}
        />
        <div>
          <label for="f-region">{page.t('customer.region')}</label>
          <input id="f-region" type="text" name="region" value={v('region')} />
        </div>
        <div>
          <label for="f-tag">{page.t('customer.tags')}</label>
          <input id="f-tag" type="text" name="tag" value={v('tag')} />
        </div>
        {fields
          .filter((f) => f.filterable)
          .map((f) => {
            const name = `custom.${f.key}`;
            const id = `f-custom-${f.key}`;
            const label = labelOf(page.lang, f.labels);
            if (f.type === 'enum' || f.type === 'boolean')
              return <FilterSelect name={name} id={id} label={label} options={customFieldOptions(page, f)} />;
            return (
              <div>
                <label for={id}>{label}</label>
                <input id={id} type={customFieldInputType(f)} name={name} value={v(name)} />
              </div>
            );
          })}
        {facets.length > 0 ? (
          <div>
            <label for="f-include">{page.t('customers.columns')}</label>
            <select id="f-include" name="include">
              <option value="">{page.t('customers.noExtraColumns')}</option>
              {facets.map((f) => (
                <option value={f} selected={chosen.has(f)}>
                  {f}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div>
          <button type="submit">{page.t('customers.apply')}</button>
        </div>
      </div>
      {v('sort') ? <input type="hidden" name="sort" value={v('sort')} /> : null}
    </form>
  );
}

/** The customer list (search, filters, sortable and facet columns, cursor pages) and its export. */
export function customerListPages(app: ConsoleApp): void {
  app.get('/customers', async (c) => {
    const page = c.get('page') as SignedInPage;
    const url = new URL(c.req.url);
    const query = apiQuery(url);
    query.set('limit', '25');
    const [res, fields] = await Promise.all([
      callApi<{ items: Customer[]; nextCursor: string | null }>(page, 'GET', `/api/v1/customers?${query}`),
      page.kernel.customers.fields.list(),
    ]);
    if (res.status === 403) return c.redirect('/dashboard', 303);
    const items = res.ok ? res.body.items : [];
    const ownerIds = [...new Set(items.map((i) => i.ownerId).filter((x): x is string => !!x))];
    const owners = new Map([...(await page.kernel.users.getMany(ownerIds))].map(([id, u]) => [id, u.name]));
    const facets = (url.searchParams.get('include') ?? '')
      .split(',')
      .filter((f) => page.kernel.registry.facets.has(f));
    const results = (
      <Results
        page={page}
        url={url}
        items={items}
        nextCursor={res.ok ? res.body.nextCursor : null}
        owners={owners}
        facets={facets}
        error={res.ok ? undefined : problemText(page, res.body, res.status)}
      />
    );
    if (c.req.header('hx-request')) return c.html(results);
    return c.html(
      <Layout page={page} title={page.t('nav.customers')}>
        <PageHead title={page.t('nav.customers')}>
          {page.principal.can('customers.create') ? (
            <a class="button" href="/customers/new">
              {page.t('customers.new')}
            </a>
          ) : null}
        </PageHead>
        <Filters page={page} url={url} fields={fields} />
        {results}
      </Layout>,
    );
  });

  app.get('/customers/export', async (c) => {
    const page = c.get('page') as SignedInPage;
    const url = new URL(c.req.url);
    const query = apiQuery(url, ['cursor']);
    query.set('lang', url.searchParams.get('lang') === 'zh-CN' ? 'zh-CN' : 'en');
    const res = await requestAs(page.kernel.app, page.principal, `/api/v1/customers/export?${query}`);
    if (!res.ok) return c.redirect('/customers', 303);
    const headers = new Headers(res.headers);
    if (!headers.has('content-disposition'))
      headers.set('content-disposition', 'attachment; filename="customers.csv"');
    return new Response(res.body, { status: 200, headers });
  });
}
