import type { AccessGrant } from '@kehu/core';
import { CustomerLink, DataTable, SectionNav } from '@kehu/core/ui';
import type { ConsoleApp } from '../app';
import { Badge, errorPage, PageHead, problemText } from '../components';
import type { SignedInPage } from '../context.js';
import { callApi, enumLabel, flashNext } from '../context.js';
import { text } from '../form.js';
import { CsrfField, Layout } from '../layout';

const DONE = {
  approve: 'access.approvedDone',
  reject: 'access.rejectedDone',
  revoke: 'access.revokedDone',
} as const;

/** A decider's buttons for one request: approve for 7/30/90 days or reject a pending one, end an approved one. */
function Decision({ page, grant: g }: { page: SignedInPage; grant: AccessGrant }) {
  if (g.status === 'approved')
    return (
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
    );
  if (g.status !== 'pending') return null;
  return (
    <div class="actions">
      <form method="post" action={`/access-requests/${g.id}/approve`} class="actions">
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
  );
}

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
        <SectionNav
          label={page.t('access.filter')}
          current={status ? `/access-requests?status=${status}` : '/access-requests'}
          items={tabs.map((t) => ({
            href: t ? `/access-requests?status=${t}` : '/access-requests',
            label: t ? enumLabel(page, 'accessGrant.status', t) : page.t('common.all'),
          }))}
        />
        <DataTable
          rows={items}
          empty={page.t('access.none')}
          columns={[
            {
              head: page.t('access.customer'),
              cell: (g: AccessGrant) => {
                // Only a decider (who sees every customer) or an approved grantee learns the customer's name.
                const customer = customers.get(g.customerId);
                return (decider || g.status === 'approved') && customer ? (
                  <CustomerLink id={g.customerId} name={customer.name} />
                ) : (
                  <span class="muted">{g.customerId}</span>
                );
              },
            },
            { head: page.t('access.requester'), cell: (g) => users.get(g.granteeId)?.name ?? g.granteeId },
            { head: page.t('access.reason'), cell: (g) => g.reason },
            {
              head: page.t('access.status'),
              cell: (g) => (
                <>
                  <Badge kind={g.status}>{enumLabel(page, 'accessGrant.status', g.status)}</Badge>
                  {g.expiresAt && g.status === 'approved' ? (
                    <div class="muted small">
                      {page.t('access.until', { date: page.format.date(g.expiresAt) })}
                    </div>
                  ) : null}
                </>
              ),
            },
            {
              head: page.t('access.requestedAt'),
              class: 'small',
              cell: (g) => page.format.dateTime(g.requestedAt),
            },
            decider && { head: page.t('access.decision'), cell: (g) => <Decision page={page} grant={g} /> },
          ]}
        />
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
