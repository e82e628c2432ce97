import type { Activity, ActivityCounts } from '@kehu/core';
import type { ConsoleApp } from '../app';
import { PageHead } from '../components';
import type { SignedInPage } from '../context.js';
import { callApi, labelOf } from '../context.js';
import { Layout } from '../layout';
import { pluginRequest, safely } from '../plugin-request.js';
import { ActivityList } from './inbox';

const PENDING_SHOWN = 50;

/** Pending access requests: all for a decider, the user's own otherwise (as the API lists them). */
async function pendingRequests(page: SignedInPage): Promise<number> {
  const decider = page.principal.can('customers.grants.decide');
  const { items } = await page.kernel.customers.grants.list({
    status: 'pending',
    limit: PENDING_SHOWN,
    granteeId: decider ? undefined : page.principal.id,
  });
  return items.length;
}

/** The dashboard: the user's own figures, then one widget per plugin that contributes one. */
export function dashboardPages(app: ConsoleApp): void {
  app.get('/dashboard', async (c) => {
    const page = c.get('page') as SignedInPage;
    const { principal } = page;
    const widgets = page.kernel.ui.dashboardWidgets
      .filter((w) => !w.access || principal.can(w.access))
      .sort((a, b) => (a.order ?? 500) - (b.order ?? 500));
    const rendered = await Promise.all(
      widgets.map((w) =>
        safely(page, `widget ${w.plugin}.${w.name}`, () => w.render(pluginRequest(page, w.plugin))),
      ),
    );
    const mine = principal.can('customers.read')
      ? (
          await page.kernel.customers.list(
            principal,
            { ownerIds: [principal.id] },
            { limit: 6, sort: '-updatedAt' },
          )
        ).items
      : null;
    const requests = principal.can('customers.grants.request') ? await pendingRequests(page) : null;
    const [counts, next] = await Promise.all([
      callApi<ActivityCounts>(page, 'GET', '/api/v1/activities/counts'),
      callApi<{ items: Activity[] }>(page, 'GET', '/api/v1/activities?limit=5'),
    ]);
    return c.html(
      <Layout page={page} title={page.t('nav.dashboard')}>
        <PageHead
          title={page.t('dashboard.greeting', { name: principal.name })}
          subtitle={page.format.date(page.kernel.clock.now())}
        />
        <div class="grid">
          {counts.ok ? (
            <section class="card" aria-labelledby="w-activities">
              <h2 id="w-activities">{page.t('dashboard.myActivities')}</h2>
              <div class="stat-row">
                <a class="stat-box stat-danger" href="/inbox?bucket=overdue">
                  <span class="stat">{page.format.number(counts.body.overdue)}</span>
                  <span class="stat-label">{page.t('inbox.bucket.overdue')}</span>
                </a>
                <a class="stat-box" href="/inbox?bucket=today">
                  <span class="stat">{page.format.number(counts.body.dueToday)}</span>
                  <span class="stat-label">{page.t('inbox.bucket.today')}</span>
                </a>
                <a class="stat-box" href="/inbox?bucket=upcoming">
                  <span class="stat">{page.format.number(counts.body.upcoming)}</span>
                  <span class="stat-label">{page.t('inbox.bucket.upcoming')}</span>
                </a>
              </div>
              {next.ok && next.body.items.length > 0 ? (
                <ActivityList page={page} items={next.body.items} actions={false} />
              ) : (
                <p class="muted">{page.t('inbox.none')}</p>
              )}
              <p class="stat-label">
                <a href="/inbox">{page.t('dashboard.openInbox')}</a>
              </p>
            </section>
          ) : null}
          {mine !== null ? (
            <section class="card" aria-labelledby="w-mine">
              <h2 id="w-mine">{page.t('dashboard.myCustomers')}</h2>
              {mine.length === 0 ? (
                <p class="muted">{page.t('dashboard.noCustomers')}</p>
              ) : (
                <ul class="plain-list">
                  {mine.map((m) => (
                    <li>
                      <a href={`/customers/${m.id}`}>{m.name}</a>{' '}
                      <span class="muted small">{page.format.date(m.updatedAt)}</span>
                    </li>
                  ))}
                </ul>
              )}
              <p class="stat-label">
                <a href="/customers?owner=me">{page.t('dashboard.openMyCustomers')}</a>
              </p>
            </section>
          ) : null}
          {requests !== null ? (
            <section class="card" aria-labelledby="w-requests">
              <h2 id="w-requests">
                {principal.can('customers.grants.decide')
                  ? page.t('dashboard.requestsToDecide')
                  : page.t('dashboard.myPendingRequests')}
              </h2>
              <div class="stat">
                {page.format.number(requests)}
                {requests === PENDING_SHOWN ? '+' : ''}
              </div>
              <p class="stat-label">
                <a href="/access-requests">{page.t('dashboard.openRequests')}</a>
              </p>
            </section>
          ) : null}
          {widgets.map((w, i) =>
            rendered[i] === null ? (
              <section class="card">
                <h2>{labelOf(page.lang, w.title)}</h2>
                <p class="panel-error">{page.t('common.contributionFailed')}</p>
              </section>
            ) : (
              <section
                class="card"
                aria-label={labelOf(page.lang, w.title)}
                data-widget={`${w.plugin}.${w.name}`}
              >
                <h2>{labelOf(page.lang, w.title)}</h2>
                {rendered[i]}
              </section>
            ),
          )}
        </div>
      </Layout>,
    );
  });
}
