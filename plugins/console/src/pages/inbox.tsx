import type { Activity } from '@kehu/core';
import type { ConsoleApp } from '../app';
import { Badge, Empty, PageHead, problemText } from '../components';
import type { SignedInPage } from '../context.js';
import { callApi, flashNext } from '../context.js';
import { text } from '../form.js';
import { CsrfField, Layout } from '../layout';

interface Notification {
  id: string;
  title: string;
  body: string | null;
  customerId: string | null;
  createdAt: string;
  readAt: string | null;
}

export const BUCKETS = ['overdue', 'today', 'upcoming', 'someday'] as const;

/** When an activity is due, in the company's calendar. */
export function dueText(page: SignedInPage, a: Activity): string {
  if (!a.dueDate) return page.t('inbox.noDeadline');
  return a.dueTime ? `${page.format.date(a.dueDate)} ${a.dueTime}` : page.format.date(a.dueDate);
}

export function ActivityList({
  page,
  items,
  actions,
}: {
  page: SignedInPage;
  items: Activity[];
  actions: boolean;
}) {
  return (
    <ul class="plain-list">
      {items.map((a) => (
        <li class="activity">
          <div>
            {a.bucket ? (
              <Badge kind={a.bucket}>{page.t(`inbox.bucket.${a.bucket}` as 'inbox.bucket.overdue')}</Badge>
            ) : null}{' '}
            <strong>{a.subject}</strong>
          </div>
          <div class="muted small">
            {dueText(page, a)}
            {a.customerId ? (
              <>
                {' · '}
                <a href={`/customers/${a.customerId}`}>{page.t('inbox.openCustomer')}</a>
              </>
            ) : null}
          </div>
          {actions && a.status === 'open' ? (
            <form method="post" action={`/inbox/${a.id}/complete`} class="actions">
              <CsrfField page={page} />
              <label class="skip" for={`note-${a.id}`}>
                {page.t('inbox.note')}
              </label>
              <input id={`note-${a.id}`} type="text" name="note" placeholder={page.t('inbox.note')} />
              <button type="submit" class="secondary">
                {page.t('inbox.complete')}
              </button>
            </form>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** My activities (待办) by due bucket, and the notifications inbox. */
export function inboxPages(app: ConsoleApp): void {
  app.get('/inbox', async (c) => {
    const page = c.get('page') as SignedInPage;
    const bucket = c.req.query('bucket');
    const q = new URLSearchParams({ limit: '100' });
    if (bucket && (BUCKETS as readonly string[]).includes(bucket)) q.set('bucket', bucket);
    const [activities, notifications] = await Promise.all([
      callApi<{ items: Activity[] }>(page, 'GET', `/api/v1/activities?${q}`),
      callApi<{ items: Notification[] }>(page, 'GET', '/api/v1/notifications?limit=20'),
    ]);
    const items = activities.ok ? activities.body.items : [];
    const notes = notifications.ok ? notifications.body.items : [];
    return c.html(
      <Layout page={page} title={page.t('nav.inbox')}>
        <PageHead title={page.t('nav.inbox')} />
        <nav class="subnav" aria-label={page.t('inbox.filter')}>
          {['', ...BUCKETS].map((b) => (
            <a
              href={b ? `/inbox?bucket=${b}` : '/inbox'}
              aria-current={(bucket ?? '') === b ? 'page' : undefined}
            >
              {b ? page.t(`inbox.bucket.${b}` as 'inbox.bucket.overdue') : page.t('common.all')}
            </a>
          ))}
        </nav>
        <div class="cols">
          <section class="card" aria-labelledby="h-activities">
            <h2 id="h-activities">{page.t('inbox.activities')}</h2>
            {items.length === 0 ? (
              <Empty>{page.t('inbox.none')}</Empty>
            ) : (
              <ActivityList page={page} items={items} actions />
            )}
          </section>
          <section class="card" aria-labelledby="h-notifications">
            <h2 id="h-notifications">{page.t('inbox.notifications')}</h2>
            {notes.length === 0 ? (
              <Empty>{page.t('inbox.noNotifications')}</Empty>
            ) : (
              <ul class="plain-list">
                {notes.map((n) => (
                  <li class={n.readAt ? 'muted' : undefined}>
                    <div>
                      {n.readAt ? null : <Badge kind="pending">{page.t('inbox.unread')}</Badge>} {n.title}
                    </div>
                    {n.body ? <div class="small">{n.body}</div> : null}
                    <div class="muted small">{page.format.dateTime(n.createdAt)}</div>
                  </li>
                ))}
              </ul>
            )}
            {notes.some((n) => !n.readAt) ? (
              <form method="post" action="/inbox/read-all">
                <CsrfField page={page} />
                <button type="submit" class="secondary">
                  {page.t('inbox.markAllRead')}
                </button>
              </form>
            ) : null}
          </section>
        </div>
      </Layout>,
    );
  });

  app.post('/inbox/:id/complete', async (c) => {
    const page = c.get('page') as SignedInPage;
    const note = text(c.get('form'), 'note');
    const res = await callApi(
      page,
      'POST',
      `/api/v1/activities/${encodeURIComponent(c.req.param('id'))}/complete`,
      note ? { note } : {},
    );
    flashNext(
      page,
      res.ok ? 'success' : 'error',
      res.ok ? page.t('inbox.completed') : problemText(page, res.body, res.status),
    );
    return c.redirect('/inbox', 303);
  });

  app.post('/inbox/read-all', async (c) => {
    const page = c.get('page') as SignedInPage;
    await callApi(page, 'POST', '/api/v1/notifications/read-all');
    return c.redirect('/inbox', 303);
  });
}
