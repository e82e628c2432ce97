import type { PluginContext, UiRequest } from '@kehu/core';
import {
  ActionLink,
  DataTable,
  html,
  listParams,
  nextPage,
  PageHead,
  problemText,
  SectionNav,
} from '@kehu/core/ui';
import { CHANNELS, NATURES, SEVERITIES, STATES } from './model.js';
import { L, lbl, slaText } from './ui-kit';

// The complaint queue: the caller's, their team's or every open complaint they may see, narrowed by a
// GET form (works without script; with htmx only the list is replaced) and sorted by a column's link.

const VIEWS = ['all', 'mine', 'team'] as const;
/** The page's query names the API's queue takes as they are. */
const FILTERS = ['state', 'severity', 'nature', 'category', 'channel', 'overdue', 'sort', 'cursor'] as const;

/** The page's URL with some of its query changed (a filter's value, the sort) and the cursor dropped. */
function hrefWith(req: UiRequest, change: Record<string, string | null>): string {
  const q = new URLSearchParams(req.query);
  q.delete('cursor');
  for (const [k, v] of Object.entries(change)) {
    if (v === null || v === '') q.delete(k);
    else q.set(k, v);
  }
  const s = q.toString();
  return req.href(s ? `/?${s}` : '/');
}

/**
 * A column heading that sorts by it: the first click sorts as `first` says, the next one the other
 * way. DataTable takes a heading as text; this one is markup already escaped by `html`.
 */
function sortHead(req: UiRequest, label: string, key: string, first: 'asc' | 'desc'): string {
  const sort = req.query.sort ?? '-receivedAt';
  const current = sort === key ? 'asc' : sort === `-${key}` ? 'desc' : null;
  const nextDir = current === null ? first : current === 'asc' ? 'desc' : 'asc';
  const href = hrefWith(req, { sort: nextDir === 'asc' ? key : `-${key}` });
  const state = current === null ? '' : req.t(current === 'asc' ? 'sortedAsc' : 'sortedDesc');
  return html`<a href="${href}" title="${req.t('sortBy', { column: label })}">${label}${
    current === null
      ? ''
      : html` <span aria-hidden="true">${current === 'asc' ? '↑' : '↓'}</span><span class="sr-only">, ${state}</span>`
  }</a>` as unknown as string;
}

/** One select of the filter form, "any" first. */
function FilterSelect(p: {
  req: UiRequest;
  name: string;
  label: string;
  values: readonly { value: string; label: string }[];
}) {
  const current = p.req.query[p.name] ?? '';
  return (
    <div class="field">
      <label for={`queue-${p.name}`}>{p.label}</label>
      <select id={`queue-${p.name}`} name={p.name}>
        <option value="">{p.req.t('any')}</option>
        {p.values.map((v) => (
          <option value={v.value} selected={v.value === current}>
            {v.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The queue page, and its list alone for htmx. */
export function queuePage(ctx: PluginContext<unknown>): void {
  ctx.ui.page({
    path: '/',
    title: L('Complaint queue', '投诉工作台'),
    access: 'complaints.read',
    async get(req) {
      // `?mine=true` is the address the queue had before its views.
      const asked = req.query.view ?? (req.query.mine === 'true' ? 'mine' : 'all');
      const view = (VIEWS as readonly string[]).includes(asked) ? asked : 'all';
      const params = listParams(req, FILTERS);
      if (view === 'mine') params.set('mine', 'true');
      if (view === 'team') params.set('team', 'true');
      // A state asked for by name is shown whether it is open or final (closed, withdrawn…).
      if (req.query.state) params.set('open', 'all');
      const [res, categories] = await Promise.all([
        req.api('GET', `/api/v1/complaints?${params}`),
        req.api('GET', '/api/v1/complaints/categories'),
      ]);
      const items: any[] = res.ok ? res.body.items : [];
      const categoryName = new Map<string, string>(
        (categories.ok ? (categories.body.items as any[]) : []).map((c) => [c.code, req.label(c.labels)]),
      );
      const options = (group: 'state' | 'severity' | 'nature' | 'channel', values: readonly string[]) =>
        values.map((v) => ({ value: v, label: lbl(req, group, v) }));
      const list = (
        <div id="cmp-queue" aria-live="polite">
          {res.ok ? null : (
            <div class="notice notice-error" role="alert">
              {problemText(req, res.body)}
            </div>
          )}
          {DataTable({
            rows: items,
            empty: req.t('none'),
            caption: req.t('queue'),
            next: nextPage(req, res.ok ? res.body.nextCursor : null),
            columns: [
              {
                head: req.t('number'),
                class: 'nowrap',
                cell: (c) => <a href={req.href(`/complaints/${c.id}`)}>{c.number}</a>,
              },
              { head: req.t('customer'), cell: (c) => c.customer?.name ?? '' },
              { head: req.t('subject'), cell: (c) => c.subject },
              { head: req.t('state'), cell: (c) => lbl(req, 'state', c.state) },
              { head: req.t('severity'), cell: (c) => lbl(req, 'severity', c.severity) },
              { head: req.t('nature'), cell: (c) => lbl(req, 'nature', c.nature) },
              { head: req.t('category'), cell: (c) => categoryName.get(c.category) ?? c.category },
              { head: req.t('channel'), cell: (c) => lbl(req, 'channel', c.channel) },
              {
                head: sortHead(req, req.t('received'), 'receivedAt', 'desc'),
                class: 'nowrap small',
                cell: (c) => req.format.dateTime(c.receivedAt),
              },
              {
                head: sortHead(req, req.t('dueAt'), 'dueAt', 'asc'),
                class: 'nowrap small',
                cell: (c) => (c.sla.resolution.dueAt ? req.format.dateTime(c.sla.resolution.dueAt) : '—'),
              },
              {
                head: req.t('sla'),
                cell: (c) => (
                  <>
                    <span class={`badge badge-${c.sla.status}`}>{lbl(req, 'sla', c.sla.status)}</span>{' '}
                    <span class="small">{slaText(req, c.sla)}</span>
                  </>
                ),
              },
            ],
          })}
        </div>
      );
      // htmx asks for the list only when the filter form changes.
      if (req.c.req.header('hx-target') === 'cmp-queue') return list;
      const tab = (v: string) => (v === 'all' ? req.href('/') : req.href(`/?view=${v}`));
      return (
        <div class="stack">
          {PageHead({
            title: req.t('queue'),
            children: (
              <>
                {req.principal.can('complaints.compensation.approve') ? (
                  <a href={req.href('/approvals')}>{req.t('approvals')}</a>
                ) : null}
                {ActionLink({
                  when: req.principal.can('complaints.intake'),
                  href: req.href('/new'),
                  label: req.t('newComplaint'),
                  button: true,
                })}
              </>
            ),
          })}
          {SectionNav({
            label: req.t('views'),
            current: tab(view),
            items: [
              { href: tab('mine'), label: req.t('mine') },
              { href: tab('team'), label: req.t('team') },
              { href: tab('all'), label: req.t('all') },
            ],
          })}
          {view === 'team' ? <p class="small muted">{req.t('teamHint')}</p> : null}
          <form
            method="get"
            action={req.href('/')}
            class="card"
            aria-label={req.t('filters')}
            hx-get={req.href('/')}
            hx-target="#cmp-queue"
            hx-select="#cmp-queue"
            hx-swap="outerHTML"
            hx-trigger="change, submit"
            hx-push-url="true"
          >
            {view === 'all' ? null : <input type="hidden" name="view" value={view} />}
            {req.query.sort ? <input type="hidden" name="sort" value={req.query.sort} /> : null}
            <div class="form-grid">
              <FilterSelect req={req} name="state" label={req.t('state')} values={options('state', STATES)} />
              <FilterSelect
                req={req}
                name="severity"
                label={req.t('severity')}
                values={options('severity', SEVERITIES)}
              />
              <FilterSelect
                req={req}
                name="nature"
                label={req.t('nature')}
                values={options('nature', NATURES)}
              />
              <FilterSelect
                req={req}
                name="category"
                label={req.t('category')}
                values={[...categoryName].map(([value, label]) => ({ value, label }))}
              />
              <FilterSelect
                req={req}
                name="channel"
                label={req.t('channel')}
                values={options('channel', CHANNELS)}
              />
              <div class="field">
                <label for="queue-overdue">
                  <input
                    type="checkbox"
                    id="queue-overdue"
                    name="overdue"
                    value="true"
                    checked={req.query.overdue === 'true'}
                  />{' '}
                  {req.t('overdueOnly')}
                </label>
              </div>
            </div>
            <p class="actions">
              <button type="submit">{req.t('filter')}</button>
              <a href={view === 'all' ? req.href('/') : req.href(`/?view=${view}`)}>
                {req.t('clearFilters')}
              </a>
            </p>
          </form>
          {list}
        </div>
      );
    },
  });
}
