import type { PluginContext } from '@kehu/core';
import type { Deps } from './context.js';
import {
  AccountLink,
  API,
  ClassBadge,
  classOptions,
  enc,
  Filters,
  label,
  More,
  type Page,
  Table,
  userNames,
} from './ui-kit';

export interface Account {
  customerId: string;
  code?: string;
  name?: string;
  class: string;
  computedClass: string;
  override: { class: string; reason: string; expiresOn: string | null } | null;
  overridden: boolean;
  designated: boolean;
  designatedOn: string | null;
  managerId: string | null;
  stage: string | null;
  relationship: string | null;
  loyalty: string | null;
}

/** The key-account list `/key-accounts/accounts` and the customer page's panel. */
export function accountListPages(ctx: PluginContext<unknown>, deps: Deps): void {
  const userName = userNames(deps);

  ctx.ui.customerPanel({
    name: 'account',
    title: { en: 'Key account', 'zh-CN': '大客户' },
    access: 'keyAccounts.read',
    order: 30,
    async render(customer, req) {
      const res = await req.api<Account>('GET', `${API}/customers/${enc(customer.id)}`);
      if (!res.ok) return null;
      const a = res.body;
      return (
        <div>
          <dl class="fields">
            <dt>{req.t('class')}</dt>
            <dd>
              <ClassBadge req={req} cls={a.class} overridden={a.overridden} />
            </dd>
            <dt>{req.t('designated')}</dt>
            <dd>{a.designated ? req.t('designatedSince', { date: a.designatedOn ?? '' }) : req.t('no')}</dd>
            <dt>{req.t('manager')}</dt>
            <dd>{await userName(a.managerId)}</dd>
            <dt>{req.t('stage')}</dt>
            <dd>{label(req, 'stage', a.stage)}</dd>
          </dl>
          <p class="small">
            <AccountLink req={req} id={customer.id} text={req.t('openAccount')} />
          </p>
        </div>
      );
    },
  });

  ctx.ui.page({
    path: '/accounts',
    title: { en: 'Key accounts', 'zh-CN': '大客户' },
    access: 'keyAccounts.read',
    async get(req) {
      const designated = ['true', 'false'].includes(req.query.designated ?? '')
        ? req.query.designated!
        : req.query.designated === 'all'
          ? ''
          : 'true';
      const cls = ['A', 'B', 'C', 'none'].includes(req.query.class ?? '') ? req.query.class! : '';
      const q = new URLSearchParams({ limit: '50' });
      if (designated) q.set('designated', designated);
      if (cls) q.set('class', cls);
      if (req.query.cursor) q.set('cursor', req.query.cursor);
      const res = await req.api<Page<Account>>('GET', `${API}/accounts?${q}`);
      const items = res.ok ? res.body.items : [];
      const managers = new Map<string, string>();
      for (const a of items)
        if (a.managerId && !managers.has(a.managerId)) managers.set(a.managerId, await userName(a.managerId));
      return (
        <>
          <div class="page-head">
            <h1>{req.t('accountsTitle')}</h1>
            <p class="muted">
              <a href={req.href('/abc')}>{req.t('abcTitle')}</a>
              {req.principal.can('keyAccounts.scorecards.read') ? (
                <>
                  {' · '}
                  <a href={req.href('/scorecards')}>{req.t('scorecardsTitle')}</a>
                </>
              ) : null}
            </p>
          </div>
          <section class="card table-wrap">
            <Filters
              req={req}
              action="/accounts"
              selects={[
                {
                  label: req.t('designated'),
                  name: 'designated',
                  value: designated || 'all',
                  options: [
                    { value: 'true', label: req.t('keyAccountsOnly') },
                    { value: 'false', label: req.t('notDesignated') },
                    { value: 'all', label: req.t('all') },
                  ],
                },
                {
                  label: req.t('class'),
                  name: 'class',
                  value: cls,
                  options: classOptions(req, ['A', 'B', 'C', 'none']),
                },
              ]}
            />
            {items.length ? (
              <Table
                head={[
                  req.t('customer'),
                  req.t('class'),
                  req.t('designated'),
                  req.t('manager'),
                  req.t('stage'),
                  req.t('relationship'),
                ]}
              >
                {items.map((a) => (
                  <tr>
                    <td>
                      <AccountLink req={req} id={a.customerId} text={`${a.code ?? ''} ${a.name ?? ''}`} />
                    </td>
                    <td>
                      <ClassBadge req={req} cls={a.class} overridden={a.overridden} />
                    </td>
                    <td>{a.designated ? req.t('yes') : req.t('no')}</td>
                    <td>{a.managerId ? managers.get(a.managerId) : '—'}</td>
                    <td>{label(req, 'stage', a.stage)}</td>
                    <td>{label(req, 'relationship', a.relationship)}</td>
                  </tr>
                ))}
              </Table>
            ) : (
              <p class="muted">{req.t('noAccounts')}</p>
            )}
            <More req={req} cursor={res.ok ? res.body.nextCursor : null} />
          </section>
        </>
      );
    },
  });
}
