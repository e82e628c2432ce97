import type { Communication, Contact, Customer, CustomField, TimelineEntry } from '@kehu/core';
import type { ConsoleApp } from '../app';
import { Badge, Empty, errorPage, Field, FieldRows, Notice, PageHead, problemText } from '../components';
import type { SignedInPage } from '../context.js';
import { callApi, enumLabel, enumOptions, fieldErrors, flashNext, labelOf } from '../context.js';
import { orNull, text } from '../form.js';
import { CsrfField, Layout } from '../layout';
import { pluginRequest, safely } from '../plugin-request.js';
import { ValueBadge, type ValueView } from './archive';
import { customValue } from './customers';

type Full = Customer & { facets?: { contacts?: Contact[] } & Record<string, unknown> };

interface CommForm {
  values: Record<string, string>;
  errors: Record<string, string>;
  message?: string;
}

function Timeline({
  page,
  id,
  items,
  nextCursor,
}: {
  page: SignedInPage;
  id: string;
  items: TimelineEntry[];
  nextCursor: string | null;
}) {
  return (
    <>
      {items.map((i) => (
        <li>
          <div class="when">
            {page.format.dateTime(i.at)} · {i.source}
          </div>
          <div>{i.title}</div>
        </li>
      ))}
      {nextCursor ? (
        <li id="timeline-more">
          <a
            href={`/customers/${id}/timeline?cursor=${encodeURIComponent(nextCursor)}`}
            hx-get={`/customers/${id}/timeline?cursor=${encodeURIComponent(nextCursor)}`}
            hx-target="#timeline-more"
            hx-swap="outerHTML"
          >
            {page.t('customer.timelineMore')}
          </a>
        </li>
      ) : null}
    </>
  );
}

function CommunicationForm({
  page,
  customer,
  contacts,
  form,
}: {
  page: SignedInPage;
  customer: Customer;
  contacts: Contact[];
  form?: CommForm | undefined;
}) {
  const v = form?.values ?? {};
  const e = form?.errors ?? {};
  return (
    <form
      method="post"
      action={`/customers/${customer.id}/communications`}
      class="stack"
      id="communication-form"
    >
      <h3>{page.t('communication.add')}</h3>
      {form?.message ? <Notice kind="error">{form.message}</Notice> : null}
      <CsrfField page={page} />
      <div class="form-grid">
        <FieldRows
          values={{ channel: 'call', direction: 'outbound', ...v }}
          errors={e}
          rows={[
            {
              name: 'channel',
              label: page.t('communication.channel'),
              options: enumOptions(page, 'communication.channel'),
            },
            {
              name: 'direction',
              label: page.t('communication.direction'),
              options: enumOptions(page, 'communication.direction'),
            },
            contacts.length > 0 && {
              name: 'contactId',
              label: page.t('communication.contact'),
              blank: page.t('common.none'),
              options: contacts.map((c) => ({ value: c.id, label: c.name })),
            },
          ]}
        />
      </div>
      <FieldRows
        values={v}
        errors={e}
        rows={[
          { name: 'subject', label: page.t('communication.subject'), required: true },
          { name: 'process', label: page.t('communication.process'), multiline: true },
          { name: 'result', label: page.t('communication.result'), multiline: true },
        ]}
      />
      <div>
        <button type="submit">{page.t('communication.save')}</button>
      </div>
    </form>
  );
}

async function customerPage(page: SignedInPage, id: string, comm?: CommForm) {
  const base = `/api/v1/customers/${encodeURIComponent(id)}`;
  const res = await callApi<Full>(page, 'GET', `${base}?include=*`);
  if (!res.ok) return notVisible(page, id);
  const customer = res.body;
  const [comms, timeline, fields, owner] = await Promise.all([
    callApi<{ items: Communication[] }>(page, 'GET', `${base}/communications?limit=10`),
    callApi<{ items: TimelineEntry[]; nextCursor: string | null }>(page, 'GET', `${base}/timeline?limit=15`),
    page.kernel.customers.fields.list(),
    customer.ownerId ? page.kernel.users.get(customer.ownerId) : undefined,
  ]);
  const contacts = (customer.facets?.contacts ?? []) as Contact[];
  const panels = page.kernel.ui.customerPanels
    .filter((p) => !p.access || page.principal.can(p.access))
    .sort((a, b) => (a.order ?? 500) - (b.order ?? 500));
  const renderedPanels = await Promise.all(
    panels.map((p) =>
      safely(page, `panel ${p.plugin}.${p.name}`, () => p.render(customer, pluginRequest(page, p.plugin))),
    ),
  );
  const editable =
    page.principal.can('customers.update') && (await page.kernel.customers.canEdit(page.principal, customer));
  const contactById = new Map(contacts.map((c) => [c.id, c.name]));
  return page.c.html(
    <Layout page={page} title={customer.name}>
      <PageHead
        title={customer.name}
        subtitle={
          <>
            {customer.code} ·{' '}
            <Badge kind={customer.status}>{enumLabel(page, 'customer.status', customer.status)}</Badge>{' '}
            {customer.doNotContact ? (
              <Badge kind="terminated">{page.t('customer.doNotContact')}</Badge>
            ) : null}
          </>
        }
      >
        {editable ? (
          <a class="button" href={`/customers/${customer.id}/edit`}>
            {page.t('common.edit')}
          </a>
        ) : null}
        <a class="button button-secondary" href="/customers">
          {page.t('customer.backToList')}
        </a>
      </PageHead>
      <div class="cols">
        <div>
          <section class="card" aria-labelledby="h-archive">
            <h2 id="h-archive">{page.t('customer.archive')}</h2>
            <dl class="fields">
              <dt>{page.t('customer.kind')}</dt>
              <dd>{enumLabel(page, 'customer.kind', customer.kind)}</dd>
              <dt>{page.t('customer.chainPosition')}</dt>
              <dd>{enumLabel(page, 'customer.chainPosition', customer.chainPosition)}</dd>
              <dt>{page.t('customer.internal')}</dt>
              <dd>{enumLabel(page, 'customer.internal', String(customer.internal))}</dd>
              <dt>{page.t('customer.owner')}</dt>
              <dd>{owner?.name ?? '—'}</dd>
              <dt>{page.t('customer.region')}</dt>
              <dd>{customer.region ?? '—'}</dd>
              <dt>{page.t('customer.industry')}</dt>
              <dd>{customer.industry ?? '—'}</dd>
              <dt>{page.t('customer.address')}</dt>
              <dd>{customer.address ?? '—'}</dd>
              <dt>{page.t('customer.phone')}</dt>
              <dd>{customer.phone ?? '—'}</dd>
              <dt>{page.t('customer.email')}</dt>
              <dd>{customer.email ?? '—'}</dd>
              <dt>{page.t('customer.legalRepresentative')}</dt>
              <dd>{customer.legalRepresentative ?? '—'}</dd>
              <dt>{page.t('customer.source')}</dt>
              <dd>{customer.source ?? '—'}</dd>
              <dt>{page.t('customer.tags')}</dt>
              <dd>{customer.tags.length ? customer.tags.map((t) => <span class="tag">{t}</span>) : '—'}</dd>
              {fields.map((f: CustomField) => (
                <>
                  <dt>{labelOf(page.lang, f.labels)}</dt>
                  <dd>{customValue(page, f, customer.custom[f.key]) || '—'}</dd>
                </>
              ))}
              <dt>{page.t('customer.updatedAt')}</dt>
              <dd>
                {page.format.dateTime(customer.updatedAt)} · v{customer.version}
              </dd>
            </dl>
          </section>
          <section class="card" aria-labelledby="h-comms">
            <h2 id="h-comms">{page.t('customer.communications')}</h2>
            {comms.ok && comms.body.items.length > 0 ? (
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th>{page.t('communication.when')}</th>
                      <th>{page.t('communication.channel')}</th>
                      <th>{page.t('communication.subject')}</th>
                      <th class="hide-mobile">{page.t('communication.result')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {comms.body.items.map((m) => (
                      <tr>
                        <td class="small">{page.format.dateTime(m.occurredAt)}</td>
                        <td>
                          {enumLabel(page, 'communication.channel', m.channel)}
                          <div class="muted small">
                            {enumLabel(page, 'communication.direction', m.direction)}
                          </div>
                        </td>
                        <td>
                          {m.subject}
                          {m.contactId ? (
                            <div class="muted small">{contactById.get(m.contactId) ?? ''}</div>
                          ) : null}
                          {m.process ? <div class="muted small">{m.process}</div> : null}
                        </td>
                        <td class="hide-mobile">{m.result ?? ''}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <Empty>{page.t('customer.noCommunications')}</Empty>
            )}
            {page.principal.can('customers.communicate') ? (
              <CommunicationForm page={page} customer={customer} contacts={contacts} form={comm} />
            ) : null}
          </section>
          <section class="card" aria-labelledby="h-timeline">
            <h2 id="h-timeline">{page.t('customer.timeline')}</h2>
            {timeline.ok && timeline.body.items.length > 0 ? (
              <ul class="timeline">
                <Timeline
                  page={page}
                  id={customer.id}
                  items={timeline.body.items}
                  nextCursor={timeline.body.nextCursor}
                />
              </ul>
            ) : (
              <Empty>{page.t('customer.noTimeline')}</Empty>
            )}
          </section>
        </div>
        <div>
          <section class="card" aria-labelledby="h-value">
            <h2 id="h-value">{page.t('customer.value')}</h2>
            {customer.facets?.value ? (
              <p>
                <ValueBadge page={page} value={customer.facets.value as ValueView} />
                <br />
                <span class="small">
                  {page.t('value.lifetimeValue')}:{' '}
                  {page.format.money(
                    (customer.facets.value as ValueView).lifetimeValue,
                    (customer.facets.value as ValueView).currency,
                  )}
                </span>
              </p>
            ) : null}
            <p class="small">
              <a href={`/customers/${customer.id}/archive`}>{page.t('customer.archiveClasses')}</a>
            </p>
          </section>
          <section class="card" aria-labelledby="h-contacts">
            <h2 id="h-contacts">{page.t('customer.contacts')}</h2>
            {contacts.length === 0 ? (
              <Empty>{page.t('customer.noContacts')}</Empty>
            ) : (
              <ul class="plain-list">
                {contacts.map((ct) => (
                  <li>
                    <strong>{ct.name}</strong>{' '}
                    {ct.primary ? <Badge kind="active">{page.t('contact.primary')}</Badge> : null}
                    {ct.title ? <div class="muted small">{ct.title}</div> : null}
                    {ct.phone ? <div class="small">{ct.phone}</div> : null}
                    {ct.email ? <div class="small">{ct.email}</div> : null}
                    {editable ? (
                      <div class="small">
                        <a href={`/customers/${customer.id}/contacts/${ct.id}/edit`}>
                          {page.t('common.edit')}
                        </a>
                      </div>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
            {editable ? (
              <p class="small">
                <a href={`/customers/${customer.id}/contacts/new`}>{page.t('contact.add')}</a>
              </p>
            ) : null}
          </section>
          {panels.map((p, i) => (
            <section
              class="card"
              aria-label={labelOf(page.lang, p.title)}
              data-panel={`${p.plugin}.${p.name}`}
            >
              <h2>{labelOf(page.lang, p.title)}</h2>
              {renderedPanels[i] === null ? (
                <p class="panel-error">{page.t('common.contributionFailed')}</p>
              ) : (
                renderedPanels[i]
              )}
            </section>
          ))}
        </div>
      </div>
    </Layout>,
    comm ? 422 : 200,
  );
}

/** Nonexistent and invisible customers look the same: a 404, with a way to ask for access. */
function notVisible(page: SignedInPage, id: string) {
  return errorPage(
    page,
    404,
    page.principal.can('customers.grants.request') ? (
      <form method="post" action={`/customers/${encodeURIComponent(id)}/access-request`} class="stack">
        <CsrfField page={page} />
        <p>{page.t('access.askIntro')}</p>
        <Field name="reason" label={page.t('access.reason')} required multiline />
        <div>
          <button type="submit" class="secondary">
            {page.t('access.ask')}
          </button>
        </div>
      </form>
    ) : undefined,
  );
}

/** The customer page, its communication form, its timeline pages and the access request. */
export function customerPages(app: ConsoleApp): void {
  app.get('/customers/:id', (c) => customerPage(c.get('page') as SignedInPage, c.req.param('id')));

  app.get('/customers/:id/timeline', async (c) => {
    const page = c.get('page') as SignedInPage;
    const id = c.req.param('id');
    const cursor = c.req.query('cursor');
    const res = await callApi<{ items: TimelineEntry[]; nextCursor: string | null }>(
      page,
      'GET',
      `/api/v1/customers/${encodeURIComponent(id)}/timeline?limit=15${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    if (!res.ok) return errorPage(page, 404);
    const items = <Timeline page={page} id={id} items={res.body.items} nextCursor={res.body.nextCursor} />;
    if (c.req.header('hx-request')) return c.html(items);
    return c.html(
      <Layout page={page} title={page.t('customer.timeline')}>
        <div class="card">
          <ul class="timeline">{items}</ul>
        </div>
      </Layout>,
    );
  });

  app.post('/customers/:id/communications', async (c) => {
    const page = c.get('page') as SignedInPage;
    const id = c.req.param('id');
    const form = c.get('form');
    const values = {
      channel: text(form, 'channel'),
      direction: text(form, 'direction'),
      contactId: text(form, 'contactId'),
      subject: text(form, 'subject'),
      process: text(form, 'process'),
      result: text(form, 'result'),
    };
    const res = await callApi(page, 'POST', `/api/v1/customers/${encodeURIComponent(id)}/communications`, {
      channel: values.channel,
      direction: values.direction || undefined,
      contactId: orNull(form, 'contactId'),
      subject: values.subject,
      process: orNull(form, 'process'),
      result: orNull(form, 'result'),
    });
    if (res.status === 404) return notVisible(page, id);
    if (!res.ok) {
      const errors = fieldErrors(res.body);
      const message =
        res.body?.code === 'do_not_contact'
          ? page.t('communication.doNotContact')
          : problemText(page, res.body, res.status);
      return customerPage(page, id, { values, errors, message });
    }
    flashNext(page, 'success', page.t('communication.saved'));
    return c.redirect(`/customers/${encodeURIComponent(id)}#h-comms`, 303);
  });

  app.post('/customers/:id/access-request', async (c) => {
    const page = c.get('page') as SignedInPage;
    const id = c.req.param('id');
    const res = await callApi(page, 'POST', `/api/v1/customers/${encodeURIComponent(id)}/access-requests`, {
      reason: text(c.get('form'), 'reason'),
    });
    if (res.ok) flashNext(page, 'success', page.t('access.requested'));
    else if (res.body?.code === 'already_visible')
      return c.redirect(`/customers/${encodeURIComponent(id)}`, 303);
    else
      flashNext(
        page,
        'error',
        res.status === 404 ? page.t('access.requestFailed') : problemText(page, res.body, res.status),
      );
    return c.redirect('/access-requests', 303);
  });
}
