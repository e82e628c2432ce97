import type { PluginContext } from '@kehu/core';
import { DataTable, listParams, nextPage, PageHead } from '@kehu/core/ui';
import type { Deps } from './context.js';
import {
  AccountLink,
  API,
  ClassBadge,
  classOptions,
  enc,
  Filters,
  KeyAccountsNav,
  label,
  type Page,
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
      const q = listParams(req, ['cursor']);
      if (designated) q.set('designated', designated);
      if (cls) q.set('class', cls);
      const res = await req.api<Page<Account>>('GET', `${API}/accounts?${q}`);
      const items = res.ok ? res.body.items : [];
      const managers = new Map<string, string>();
      for (const a of items)
        if (a.managerId && !managers.has(a.managerId)) managers.set(a.managerId, await userName(a.managerId));
      return (
        <>
          <PageHead title={req.t('accountsTitle')} />
          <KeyAccountsNav req={req} current="/accounts" />
          <DataTable
            caption={req.t('accountsTitle')}
            rows={items}
            empty={req.t('noAccounts')}
            next={nextPage(req, res.ok ? res.body.nextCursor : null)}
            columns={[
              {
                head: req.t('customer'),
                cell: (a) => (
                  <AccountLink req={req} id={a.customerId} text={`${a.code ?? ''} ${a.name ?? ''}`} />
                ),
              },
              {
                head: req.t('class'),
                cell: (a) => <ClassBadge req={req} cls={a.class} overridden={a.overridden} />,
              },
              { head: req.t('designated'), cell: (a) => (a.designated ? req.t('yes') : req.t('no')) },
              { head: req.t('manager'), cell: (a) => (a.managerId ? managers.get(a.managerId) : '—') },
              { head: req.t('stage'), cell: (a) => label(req, 'stage', a.stage) },
              { head: req.t('relationship'), cell: (a) => label(req, 'relationship', a.relationship) },
            ]}
          >
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
          </DataTable>
        </>
      );
    },
  });
}
