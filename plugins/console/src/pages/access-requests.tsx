import type { AccessGrant } from '@kehu/core';
import type { ConsoleApp } from '../app';
import { Badge, Empty, errorPage, PageHead, problemText } from '../components';
import type { SignedInPage } from '../context.js';
import { callApi, enumLabel, flashNext } from '../context.js';
import { text } from '../form.js';
import { CsrfField, Layout } from '../layout';

const DONE = {
  approve: 'access.approvedDone',
  reject: 'access.rejectedDone',
  revoke: 'access.revokedDone',
} as const;

/** Access requests (档案的查阅): everyone sees their own; sales and general managers decide. */
export function accessRequestPages(app: ConsoleApp): void {
  app.get('/access-requests', async (c) => {
    const page = c.get('page') as SignedInPage;
    const status = c.req.query('status');
    const q = new URLSearchParams({ limit: '100' });
    if (status && ['pending', 'approved', 'rejected', 'revoked', 'expired'].includes(status))
      q.set('status', status);
    const res = await callApi<{ items: AccessGrant[] }>(
      page,
      'GET',
      `/api/v1/customers/access-requests?${q}`,
    );
    if (!res.ok) return errorPage(page, 403);
    const items = res.body.items;
    const decider = page.principal.can('customers.grants.decide');
    const [users, customers] = await Promise.all([
      page.kernel.users.getMany(items.map((g) => g.granteeId)),
      page.kernel.customers.getMany(items.map((g) => g.customerId)),
    ]);
    const tabs = ['', 'pending', 'approved', 'rejected', 'expired'];
    return c.html(
      <Layout page={page} title={page.t('nav.accessRequests')}>
        <PageHead
          title={page.t('nav.accessRequests')}
          subtitle={decider ? page.t('access.deciderIntro') : page.t('access.requesterIntro')}
        />
        <nav class="subnav" aria-label={page.t('access.filter')}>
          {tabs.map((t) => (
            <a
              href={t ? `/access-requests?status=${t}` : '/access-requests'}
              aria-current={(status ?? '') === t ? 'page' : undefined}
            >
              {t ? enumLabel(page, 'accessGrant.status', t) : page.t('common.all')}
            </a>
          ))}
        </nav>
        <div class="card">
          {items.length === 0 ? (
            <Empty>{page.t('access.none')}</Empty>
          ) : (
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{page.t('access.customer')}</th>
                    <th>{page.t('access.requester')}</th>
                    <th>{page.t('access.reason')}</th>
                    <th>{page.t('access.status')}</th>
                    <th>{page.t('access.requestedAt')}</th>
                    {decider ? <th>{page.t('access.decision')}</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {items.map((g) => {
                    // Only a decider (who sees every customer) or an approved grantee learns the customer's name.
                    const customer = customers.get(g.customerId);
                    const named = decider || g.status === 'approved';
                    return (
                      <tr>
                        <td>
                          {named && customer ? (
                            <a href={`/customers/${g.customerId}`}>{customer.name}</a>
                          ) : (
                            <span class="muted">{g.customerId}</span>
                          )}
                        </td>
                        <td>{users.get(g.granteeId)?.name ?? g.granteeId}</td>
                        <td>{g.reason}</td>
                        <td>
                          <Badge kind={g.status}>{enumLabel(page, 'accessGrant.status', g.status)}</Badge>
                          {g.expiresAt && g.status === 'approved' ? (
                            <div class="muted small">
                              {page.t('access.until', { date: page.format.date(g.expiresAt) })}
                            </div>
                          ) : null}
                        </td>
                        <td class="small">{page.format.dateTime(g.requestedAt)}</td>
                        {decider ? (
                          <td>
                            {g.status === 'pending' ? (
                              <div class="actions">
                                <form
                                  method="post"
                                  action={`/access-requests/${g.id}/approve`}
                                  class="actions"
                                >
                                  <CsrfField page={page} />
                                  <label class="skip" for={`days-${g.id}`}>
                                    {page.t('access.days')}
                                  </label>
                                  <select name="days" id={`days-${g.id}`} aria-label={page.t('access.days')}>
                                    {[7, 30, 90].map((d) => (
                                      <option value={String(d)} selected={d === 30}>
                                        {page.t('access.forDays', { days: d })}
                                      </option>
                                    ))}
                                  </select>
                                  <button type="submit">{page.t('access.approve')}</button>
                                </form>
                                <form method="post" action={`/access-requests/${g.id}/reject`}>
                                  <CsrfField page={page} />
                                  <button type="submit" class="secondary">
                                    {page.t('access.reject')}
                                  </button>
                                </form>
                              </div>
                            ) : g.status === 'approved' ? (
                              <form
                                method="post"
                                action={`/access-requests/${g.id}/revoke`}
                                data-confirm={page.t('access.revokeConfirm')}
                              >
                                <CsrfField page={page} />
                                <button type="submit" class="secondary">
                                  {page.t('access.revoke')}
                                </button>
                              </form>
                            ) : null}
                          </td>
                        ) : null}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </div>
      </Layout>,
    );
  });

  for (const action of ['approve', 'reject', 'revoke'] as const) {
    app.post(`/access-requests/:grantId/${action}`, async (c) => {
      const page = c.get('page') as SignedInPage;
      const days = Number(text(c.get('form'), 'days'));
      const body = action === 'approve' ? { days: Number.isInteger(days) ? days : 30 } : {};
      const res = await callApi(
        page,
        'POST',
        `/api/v1/customers/access-requests/${encodeURIComponent(c.req.param('grantId'))}/${action}`,
        body,
      );
      if (res.status === 403) return errorPage(page, 403);
      flashNext(
        page,
        res.ok ? 'success' : 'error',
        res.ok ? page.t(DONE[action]) : problemText(page, res.body, res.status),
      );
      return c.redirect('/access-requests?status=pending', 303);
    });
  }
}
