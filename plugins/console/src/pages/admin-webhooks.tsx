import type { WebhookAttempt, WebhookEndpoint } from '@kehu/core';
import { eventNamespace, KERNEL_EVENT_NAMESPACES } from '@kehu/core';
import { DataTable, type UiProblem } from '@kehu/core/ui';
import type { ConsoleApp } from '../app';
import { Badge, Check, errorPage, Field, Notice, problemText } from '../components';
import type { SignedInPage } from '../context.js';
import { callApi, flashNext } from '../context.js';
import { text, texts } from '../form.js';
import { CsrfField } from '../layout';
import { guarded as adminGuard, adminScreen, postedForm } from './admin-common';

const ACCESS = 'admin.webhooks';
const API = '/api/v1/admin/webhooks';
const LOG_SIZE = 50;

/** What the endpoint form holds: the fields as typed, and the API's refusal by field. */
interface EndpointForm {
  url: string;
  description: string;
  events: string[];
  errors: Record<string, string>;
  message?: string;
}

const apiPath = (id: string, rest = '') => `${API}/${encodeURIComponent(id)}${rest}`;
const pagePath = (id: string, rest = '') => `/admin/webhooks/${encodeURIComponent(id)}${rest}`;

/** `*`, the kernel's event namespaces and each enabled plugin's: the patterns offered as checkboxes. */
function eventChoices(page: SignedInPage): { pattern: string; label: string }[] {
  const namespaces = [
    ...KERNEL_EVENT_NAMESPACES,
    ...page.kernel.plugins.map((p) => eventNamespace(p.name)).filter((n) => n !== 'console'),
  ];
  return [
    { pattern: '*', label: page.t('webhook.allEvents') },
    ...[...new Set(namespaces)].map((n) => ({
      pattern: `${n}.*`,
      label: page.t('webhook.eventsOf', { name: n }),
    })),
  ];
}

/** The form's events: the ticked patterns and one name per line of "other events", each once. */
function postedEvents(form: Record<string, string | string[]>): string[] {
  const other = text(form, 'otherEvents')
    .split(/[\n,]/)
    .map((l) => l.trim())
    .filter(Boolean);
  return [...new Set([...texts(form, 'events'), ...other])];
}

/**
 * The API's refusal beside the field it names, in the page's language: the network guard's and the
 * URL and event checks are said by the catalog; anything else by the API's own sentence.
 */
function refusalsByField(page: SignedInPage, body: unknown): Record<string, string> {
  const problem = body as UiProblem | undefined;
  const out: Record<string, string> = {};
  for (const e of problem?.errors ?? []) {
    const field = String(e.path ?? '')
      .replace(/^body\./, '')
      .replace(/\..*$/, '');
    if (out[field]) continue;
    if (field === 'url')
      out.url =
        problem?.code === 'webhook_url_refused'
          ? page.t('webhook.urlRefused')
          : problem?.code === 'webhook_url_unresolvable'
            ? page.t('webhook.urlUnresolvable')
            : page.t('webhook.urlInvalid');
    else if (field === 'events') out.events = page.t('webhook.eventsInvalid');
    else out[field] = String(e.message ?? '');
  }
  return out;
}

const refusalText = (page: SignedInPage, problem: unknown, status: number) =>
  (problem as UiProblem | undefined)?.code === 'webhooks_not_configured'
    ? page.t('webhook.notConfigured')
    : problemText(page, problem, status);

function StateBadge({ page, endpoint }: { page: SignedInPage; endpoint: WebhookEndpoint }) {
  if (!endpoint.active) return <Badge kind="dormant">{page.t('webhook.disabled')}</Badge>;
  if (endpoint.failingSince)
    return (
      <Badge kind="failed">
        {page.t('webhook.failing', { time: page.format.dateTime(endpoint.failingSince) })}
      </Badge>
    );
  return <Badge kind="active">{page.t('webhook.active')}</Badge>;
}

function AttemptResult({ page, attempt }: { page: SignedInPage; attempt: WebhookAttempt }) {
  return (
    <Badge kind={attempt.ok ? 'delivered' : 'failed'}>
      {attempt.statusCode === null ? page.t('webhook.noResponse') : String(attempt.statusCode)}
    </Badge>
  );
}

/** The URL, description and events of an endpoint, as a form; refusals beside their fields. */
function EndpointFields({ page, form }: { page: SignedInPage; form: EndpointForm }) {
  const choices = eventChoices(page);
  const offered = new Set(choices.map((c) => c.pattern));
  const other = form.events.filter((e) => !offered.has(e));
  return (
    <>
      {form.message ? <Notice kind="error">{form.message}</Notice> : null}
      <CsrfField page={page} />
      <Field
        name="url"
        type="url"
        label={page.t('webhook.url')}
        value={form.url}
        required
        hint={page.t('webhook.urlHint')}
        error={form.errors.url}
      />
      <Field
        name="description"
        label={page.t('webhook.description')}
        value={form.description}
        error={form.errors.description}
      />
      <fieldset aria-describedby={form.errors.events ? 'f-events-error' : undefined}>
        <legend>{page.t('webhook.events')}</legend>
        {choices.map((c) => (
          <Check name="events" value={c.pattern} checked={form.events.includes(c.pattern)}>
            {c.label} <code class="small">{c.pattern}</code>
          </Check>
        ))}
        <Field
          name="otherEvents"
          label={page.t('webhook.otherEvents')}
          value={other.join('\n')}
          multiline
          hint={page.t('webhook.otherEventsHint')}
        />
        {form.errors.events ? (
          <div class="field-error" id="f-events-error">
            {form.errors.events}
          </div>
        ) : null}
      </fieldset>
    </>
  );
}

/** Admin pages for outbound webhook endpoints: list, add, edit, enable/disable, ping, log, replay, delete. */
export function webhookPages(app: ConsoleApp): void {
  const guarded = (handler: (page: SignedInPage) => Response | Promise<Response>) =>
    adminGuard(ACCESS, handler);
  const screen = adminScreen;
  const form = postedForm;
  const idOf = (page: SignedInPage) => page.c.req.param('id') ?? '';
  const back = (page: SignedInPage, path: string, kind: 'success' | 'error', message: string) => {
    flashNext(page, kind, message);
    return page.c.redirect(path, 303);
  };

  const listPage = async (page: SignedInPage, form?: EndpointForm) => {
    const endpoints = await page.kernel.webhooks.list();
    const last = new Map<string, WebhookAttempt>();
    for (const e of endpoints) {
      const [latest] = (await page.kernel.webhooks.attempts(e.id, { limit: 1 })).items;
      if (latest) last.set(e.id, latest);
    }
    return screen(
      page,
      page.t('admin.webhooks'),
      <>
        <DataTable
          rows={endpoints}
          empty={page.t('webhook.none')}
          columns={[
            {
              head: page.t('webhook.url'),
              cell: (e: WebhookEndpoint) => (
                <>
                  <a href={pagePath(e.id)}>
                    <code>{e.url}</code>
                  </a>
                  {e.description ? <div class="muted small">{e.description}</div> : null}
                </>
              ),
            },
            { head: page.t('webhook.events'), class: 'small', cell: (e) => e.events.join(', ') },
            { head: page.t('admin.state'), cell: (e) => <StateBadge page={page} endpoint={e} /> },
            {
              head: page.t('webhook.lastDelivery'),
              class: 'small',
              cell: (e) => {
                const a = last.get(e.id);
                return a ? (
                  <>
                    <AttemptResult page={page} attempt={a} /> {page.format.dateTime(a.at)}
                  </>
                ) : (
                  page.t('webhook.never')
                );
              },
            },
          ]}
        />
        <form method="post" action="/admin/webhooks" class="card stack">
          <h2>{page.t('webhook.add')}</h2>
          <EndpointFields page={page} form={form ?? { url: '', description: '', events: [], errors: {} }} />
          <div>
            <button type="submit">{page.t('webhook.add')}</button>
          </div>
        </form>
      </>,
      form ? 422 : 200,
    );
  };

  const endpointPage = async (
    page: SignedInPage,
    endpoint: WebhookEndpoint,
    extra: { secret?: string; form?: EndpointForm } = {},
  ) => {
    const log = await page.kernel.webhooks.attempts(endpoint.id, { limit: LOG_SIZE });
    const dead = await page.kernel.webhooks.deadDeliveries(endpoint.id);
    const replayOne = page.principal.can('admin.hooks');
    const id = endpoint.id;
    return screen(
      page,
      endpoint.description || endpoint.url,
      <>
        <p>
          <a href="/admin/webhooks">← {page.t('admin.webhooks')}</a>
        </p>
        {extra.secret ? (
          <div class="card">
            <h2>{page.t('webhook.secretTitle')}</h2>
            <p class="muted">{page.t('webhook.secretShownOnce')}</p>
            <div class="secret" id="shown-secret">
              {extra.secret}
            </div>
          </div>
        ) : null}
        <div class="card stack">
          <p>
            <StateBadge page={page} endpoint={endpoint} />{' '}
            {endpoint.disabledReason ? (
              <span class="muted">
                {page.t('webhook.disabledBecause', { reason: endpoint.disabledReason })}
              </span>
            ) : null}
          </p>
          <div class="actions">
            <form method="post" action={pagePath(id, '/active')}>
              <CsrfField page={page} />
              <input type="hidden" name="active" value={endpoint.active ? 'false' : 'true'} />
              <button type="submit" class="secondary">
                {endpoint.active ? page.t('webhook.disable') : page.t('webhook.enable')}
              </button>
            </form>
            <form method="post" action={pagePath(id, '/ping')}>
              <CsrfField page={page} />
              <button type="submit" class="secondary">
                {page.t('webhook.ping')}
              </button>
            </form>
            <form
              method="post"
              action={pagePath(id, '/rotate-secret')}
              data-confirm={page.t('webhook.rotateConfirm')}
            >
              <CsrfField page={page} />
              <button type="submit" class="secondary">
                {page.t('webhook.rotate')}
              </button>
            </form>
            <a href={pagePath(id, '/delete')}>{page.t('webhook.delete')}</a>
          </div>
        </div>
        <form method="post" action={pagePath(id)} class="card stack">
          <h2>{page.t('webhook.edit')}</h2>
          <EndpointFields
            page={page}
            form={
              extra.form ?? {
                url: endpoint.url,
                description: endpoint.description ?? '',
                events: endpoint.events,
                errors: {},
              }
            }
          />
          <div>
            <button type="submit">{page.t('common.save')}</button>
          </div>
        </form>
        <DataTable
          id="webhook-log"
          title={page.t('webhook.log')}
          rows={log.items}
          empty={page.t('webhook.noAttempts')}
          columns={[
            {
              head: page.t('webhook.at'),
              class: 'small',
              cell: (a: WebhookAttempt) => page.format.dateTime(a.at),
            },
            { head: page.t('admin.event'), cell: (a) => <code>{a.event}</code> },
            { head: page.t('webhook.attempt'), num: true, cell: (a) => a.attempt },
            { head: page.t('webhook.result'), cell: (a) => <AttemptResult page={page} attempt={a} /> },
            { head: page.t('webhook.latency'), num: true, cell: (a) => a.latencyMs },
            { head: page.t('webhook.error'), class: 'small', cell: (a) => a.error ?? '' },
            {
              head: page.t('webhook.delivery'),
              cell: (a) =>
                a.deliveryStatus ? (
                  <Badge kind={a.deliveryStatus}>
                    {page.t(`admin.delivery.${a.deliveryStatus}` as 'admin.delivery.dead')}
                  </Badge>
                ) : null,
            },
            replayOne && {
              head: '',
              cell: (a) =>
                a.deliveryId && a.deliveryStatus === 'dead' ? (
                  <form method="post" action={pagePath(id, '/replay')}>
                    <CsrfField page={page} />
                    <input type="hidden" name="delivery" value={a.deliveryId} />
                    <button type="submit" class="link">
                      {page.t('admin.replay')}
                    </button>
                  </form>
                ) : null,
            },
          ]}
        >
          {dead.length > 0 ? (
            <form method="post" action={pagePath(id, '/replay')}>
              <CsrfField page={page} />
              <button type="submit" class="secondary">
                {page.t('webhook.replayDead', { count: dead.length })}
              </button>
            </form>
          ) : null}
        </DataTable>
      </>,
      extra.form ? 422 : 200,
    );
  };

  /** Runs the handler with the endpoint of the path; a 404 page when there is none. */
  const withEndpoint =
    (handler: (page: SignedInPage, endpoint: WebhookEndpoint) => Response | Promise<Response>) =>
    async (page: SignedInPage) => {
      const endpoint = await page.kernel.webhooks.get(idOf(page));
      return endpoint ? handler(page, endpoint) : errorPage(page, 404);
    };

  app.get(
    '/admin/webhooks',
    guarded((page) => listPage(page)),
  );

  app.post(
    '/admin/webhooks',
    guarded(async (page) => {
      const f = form(page);
      const body = {
        url: text(f, 'url'),
        description: text(f, 'description') || null,
        events: postedEvents(f),
      };
      const res = await callApi<{ endpoint: WebhookEndpoint; secret: string }>(page, 'POST', API, body);
      if (!res.ok)
        return listPage(page, {
          url: body.url,
          description: body.description ?? '',
          events: body.events,
          errors: refusalsByField(page, res.body),
          message: refusalText(page, res.body, res.status),
        });
      return endpointPage(page, res.body.endpoint, { secret: res.body.secret });
    }),
  );

  app.get('/admin/webhooks/:id', guarded(withEndpoint((page, endpoint) => endpointPage(page, endpoint))));

  app.post(
    '/admin/webhooks/:id',
    guarded(
      withEndpoint(async (page, endpoint) => {
        const f = form(page);
        const body = {
          url: text(f, 'url'),
          description: text(f, 'description') || null,
          events: postedEvents(f),
        };
        const res = await callApi(page, 'PATCH', apiPath(endpoint.id), body);
        if (res.status === 404) return errorPage(page, 404);
        if (!res.ok)
          return endpointPage(page, endpoint, {
            form: {
              url: body.url,
              description: body.description ?? '',
              events: body.events,
              errors: refusalsByField(page, res.body),
              message: refusalText(page, res.body, res.status),
            },
          });
        return back(page, pagePath(endpoint.id), 'success', page.t('webhook.saved'));
      }),
    ),
  );

  app.post(
    '/admin/webhooks/:id/active',
    guarded(
      withEndpoint(async (page, endpoint) => {
        const active = text(form(page), 'active') === 'true';
        const res = await callApi(page, 'PATCH', apiPath(endpoint.id), { active });
        if (!res.ok)
          return back(page, pagePath(endpoint.id), 'error', refusalText(page, res.body, res.status));
        return back(
          page,
          pagePath(endpoint.id),
          'success',
          active ? page.t('webhook.enabled') : page.t('webhook.disabledNow'),
        );
      }),
    ),
  );

  app.post(
    '/admin/webhooks/:id/ping',
    guarded(
      withEndpoint(async (page, endpoint) => {
        const res = await callApi<WebhookAttempt>(page, 'POST', apiPath(endpoint.id, '/ping'));
        if (!res.ok)
          return back(page, pagePath(endpoint.id), 'error', refusalText(page, res.body, res.status));
        const a = res.body;
        return back(
          page,
          pagePath(endpoint.id),
          a.ok ? 'success' : 'error',
          a.ok
            ? page.t('webhook.pingOk', { status: a.statusCode ?? '', ms: a.latencyMs })
            : page.t('webhook.pingFailed', {
                error:
                  a.error ?? (a.statusCode === null ? page.t('webhook.noResponse') : String(a.statusCode)),
              }),
        );
      }),
    ),
  );

  app.post(
    '/admin/webhooks/:id/rotate-secret',
    guarded(
      withEndpoint(async (page, endpoint) => {
        const res = await callApi<{ secret: string }>(page, 'POST', apiPath(endpoint.id, '/rotate-secret'));
        if (!res.ok)
          return back(page, pagePath(endpoint.id), 'error', refusalText(page, res.body, res.status));
        return endpointPage(page, endpoint, { secret: res.body.secret });
      }),
    ),
  );

  // One dead delivery goes back through the deliveries API (it needs `admin.hooks` too); without a
  // delivery named, every dead delivery of the endpoint is replayed through the webhooks API.
  app.post(
    '/admin/webhooks/:id/replay',
    guarded(
      withEndpoint(async (page, endpoint) => {
        const delivery = text(form(page), 'delivery');
        if (delivery && !(await page.kernel.webhooks.deadDeliveries(endpoint.id)).includes(delivery))
          return errorPage(page, 404);
        const res = delivery
          ? await callApi(page, 'POST', `/api/v1/admin/deliveries/${encodeURIComponent(delivery)}/replay`)
          : await callApi<{ replayed: string[] }>(page, 'POST', apiPath(endpoint.id, '/replay'));
        if (!res.ok)
          return back(page, pagePath(endpoint.id), 'error', refusalText(page, res.body, res.status));
        const count = delivery ? 1 : (res.body as { replayed: string[] }).replayed.length;
        return back(page, pagePath(endpoint.id), 'success', page.t('webhook.replayed', { count }));
      }),
    ),
  );

  app.get(
    '/admin/webhooks/:id/delete',
    guarded(
      withEndpoint((page, endpoint) =>
        screen(
          page,
          page.t('webhook.deleteTitle'),
          <form method="post" action={pagePath(endpoint.id, '/delete')} class="card stack">
            <p>
              <code>{endpoint.url}</code>
            </p>
            <p>{page.t('webhook.deleteBody')}</p>
            <CsrfField page={page} />
            <div class="actions">
              <button type="submit" class="danger">
                {page.t('webhook.delete')}
              </button>
              <a href={pagePath(endpoint.id)}>{page.t('common.cancel')}</a>
            </div>
          </form>,
        ),
      ),
    ),
  );

  app.post(
    '/admin/webhooks/:id/delete',
    guarded(
      withEndpoint(async (page, endpoint) => {
        const res = await callApi(page, 'DELETE', apiPath(endpoint.id));
        if (!res.ok)
          return back(page, pagePath(endpoint.id), 'error', refusalText(page, res.body, res.status));
        return back(page, '/admin/webhooks', 'success', page.t('webhook.deleted'));
      }),
    ),
  );
}
