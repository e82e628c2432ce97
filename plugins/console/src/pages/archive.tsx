import type { Customer } from '@kehu/core';
import { CustomerLink, DataTable, requestAs, SectionNav } from '@kehu/core/ui';
import type { ConsoleApp } from '../app';
import { Badge, Empty, errorPage, Field, FieldRows, PageHead, problemText, Select } from '../components';
import type { SignedInPage } from '../context.js';
import { callApi, flashNext } from '../context.js';
import { file, orNull, text } from '../form.js';
import { CsrfField, Layout } from '../layout';
import { api, back, base, DecisionForms, key, minorUnits, money } from './archive-common';
import { type Contract, ContractSection, contractPages } from './archive-contracts';
import { ProfileView } from './archive-profile';
import { valueImportPages } from './value-import';

interface DocumentRow {
  id: string;
  name: string;
  contentType: string;
  size: number;
  subjectType: string;
  createdAt: string;
}
interface Discount {
  id: string;
  subject: string;
  percent: number | null;
  amount: { amount: number; currency: string } | null;
  reason: string;
  responsibility: { party: string; note: string | null };
  status: string;
  requestedBy: string | null;
  decidedBy: string | null;
  decisionNote: string | null;
}
interface Note {
  id: string;
  kind: string;
  notedOn: string;
  title: string;
  body: string | null;
}
interface Figure {
  year: number;
  currency: string;
  revenue: number;
  margin: number | null;
  source: string;
}
export interface ValueView {
  currency: string;
  segment: string;
  serviceLevel: string;
  lifetimeValue: number;
  averageYearlyMargin: number;
  lastYearRevenue: number;
  growth: number | null;
  history: Figure[];
}
interface ChangeRequest {
  id: string;
  customerId: string;
  kind: string;
  changes: Record<string, { from: unknown; to: unknown }>;
  reason: string;
  status: string;
  requestedBy: string | null;
  requestedAt: string;
  decisionNote: string | null;
}

const PARTIES = ['company', 'customer', 'supplier', 'carrier', 'other'];
const NOTE_KINDS = ['industry', 'promotion'];

/** A value segment and its service level as badges (high value: priority service). */
export function ValueBadge({ page, value }: { page: SignedInPage; value: ValueView }) {
  const kind = value.segment === 'high' ? 'active' : value.segment === 'potential' ? 'pending' : 'dormant';
  return (
    <>
      <Badge kind={kind}>{page.t(key(`value.segment.${value.segment}`))}</Badge>{' '}
      <span class="small">{page.t(key(`value.service.${value.serviceLevel}`))}</span>
    </>
  );
}

function ValueSection({ page, value }: { page: SignedInPage; value: ValueView }) {
  return (
    <DataTable
      id="value"
      title={page.t('value.title')}
      rows={value.history}
      empty={page.t('value.noHistory')}
      caption={page.t('value.history')}
      after={<p class="muted small">{page.t('value.method')}</p>}
      columns={[
        { head: page.t('value.year'), cell: (f) => f.year },
        { head: page.t('value.revenue'), num: true, cell: (f) => page.format.money(f.revenue, f.currency) },
        {
          head: page.t('value.margin'),
          num: true,
          cell: (f) => (f.margin === null ? '—' : page.format.money(f.margin, f.currency)),
        },
        {
          head: page.t('value.source'),
          cell: (f) => (f.source === 'imported' ? page.t('value.imported') : f.source),
        },
      ]}
    >
      <p>
        <ValueBadge page={page} value={value} />
      </p>
      <dl class="fields">
        <dt>{page.t('value.lifetimeValue')}</dt>
        <dd>{page.format.money(value.lifetimeValue, value.currency)}</dd>
        <dt>{page.t('value.averageMargin')}</dt>
        <dd>{page.format.money(value.averageYearlyMargin, value.currency)}</dd>
        <dt>{page.t('value.lastYearRevenue')}</dt>
        <dd>{page.format.money(value.lastYearRevenue, value.currency)}</dd>
        <dt>{page.t('value.growth')}</dt>
        <dd>{value.growth === null ? '—' : `${(value.growth * 100).toFixed(1)}%`}</dd>
      </dl>
    </DataTable>
  );
}

function DocumentSection({
  page,
  customer,
  items,
  contracts,
  editable,
}: {
  page: SignedInPage;
  customer: Customer;
  items: DocumentRow[];
  contracts: Contract[];
  editable: boolean;
}) {
  return (
    <section class="card" aria-labelledby="h-documents">
      <h2 id="h-documents">{page.t('archive.documents')}</h2>
      {items.length === 0 ? (
        <Empty>{page.t('archive.noDocuments')}</Empty>
      ) : (
        <ul class="plain-list">
          {items.map((d) => (
            <li>
              <a href={`${base(customer.id)}/documents/${d.id}`}>{d.name}</a>{' '}
              <span class="muted small">
                {d.contentType} · {Math.ceil(d.size / 1024)} KB · {page.format.dateTime(d.createdAt)}
              </span>
              {editable ? (
                <form
                  method="post"
                  action={`${base(customer.id)}/documents/${d.id}/remove`}
                  class="actions inline"
                >
                  <CsrfField page={page} />
                  <label class="skip" for={`remove-${d.id}`}>
                    {page.t('document.removeReason', { name: d.name })}
                  </label>
                  <input
                    id={`remove-${d.id}`}
                    name="reason"
                    required
                    placeholder={page.t('document.removeReasonShort')}
                  />
                  <button type="submit" class="secondary">
                    {page.t('document.remove')}
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {page.principal.can('customers.communicate') ? (
        <form
          method="post"
          action={`${base(customer.id)}/documents`}
          enctype="multipart/form-data"
          class="stack"
        >
          <h3>{page.t('document.add')}</h3>
          <CsrfField page={page} />
          <div class="field">
            <label for="f-document">{page.t('document.file')}</label>
            <input id="f-document" type="file" name="file" required />
          </div>
          {contracts.length > 0 ? (
            <Select
              name="contractId"
              label={page.t('document.contract')}
              blank={page.t('common.none')}
              options={contracts.map((ct) => ({ value: ct.id, label: `${ct.number} ${ct.title}` }))}
            />
          ) : null}
          <div class="actions">
            <button type="submit">{page.t('document.add')}</button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

function DiscountSection({
  page,
  customer,
  items,
  editable,
  names,
}: {
  page: SignedInPage;
  customer: Customer;
  items: Discount[];
  editable: boolean;
  names: Map<string, string>;
}) {
  const decider = page.principal.can('customers.discounts.decide');
  return (
    <DataTable
      id="discounts"
      title={page.t('archive.discounts')}
      rows={items}
      empty={page.t('archive.noDiscounts')}
      columns={[
        {
          head: page.t('discount.subject'),
          cell: (d: Discount) => (
            <>
              {d.subject}
              <div class="muted small">
                {page.t('discount.requestedBy', { name: names.get(d.requestedBy ?? '') ?? '—' })}
              </div>
            </>
          ),
        },
        {
          head: page.t('discount.size'),
          num: true,
          cell: (d) => (d.percent !== null ? `${d.percent}%` : money(page, d.amount)),
        },
        { head: page.t('discount.reason'), cell: (d) => d.reason },
        {
          head: page.t('discount.responsibility'),
          cell: (d) => (
            <>
              {page.t(key(`discount.party.${d.responsibility.party}`))}
              {d.responsibility.note ? <div class="muted small">{d.responsibility.note}</div> : null}
            </>
          ),
        },
        {
          head: page.t('discount.status'),
          cell: (d) => (
            <>
              <Badge kind={d.status}>{page.t(key(`discount.status.${d.status}`))}</Badge>
              {d.decidedBy ? (
                <div class="muted small">
                  {names.get(d.decidedBy) ?? ''}
                  {d.decisionNote ? `: ${d.decisionNote}` : ''}
                </div>
              ) : null}
              {decider && d.status === 'pending' && d.requestedBy !== page.principal.id ? (
                <DecisionForms
                  page={page}
                  action={`${base(customer.id)}/discounts/${d.id}`}
                  id={`note-${d.id}`}
                />
              ) : null}
            </>
          ),
        },
      ]}
      after={
        editable ? (
          <form method="post" action={`${base(customer.id)}/discounts`} class="stack">
            <h3>{page.t('discount.add')}</h3>
            <CsrfField page={page} />
            <div class="form-grid">
              <FieldRows
                values={{ currency: 'CNY', party: 'company' }}
                errors={{}}
                rows={[
                  {
                    name: 'subject',
                    id: 'f-discount-subject',
                    label: page.t('discount.subject'),
                    required: true,
                  },
                  {
                    name: 'percent',
                    label: page.t('discount.percent'),
                    hint: page.t('discount.percentHint'),
                  },
                  { name: 'amount', id: 'f-discount-amount', label: page.t('discount.amount') },
                  { name: 'currency', id: 'f-discount-currency', label: page.t('archive.currency') },
                  {
                    name: 'party',
                    label: page.t('discount.responsibility'),
                    options: PARTIES.map((p) => ({ value: p, label: page.t(key(`discount.party.${p}`)) })),
                  },
                  { name: 'responsibilityNote', label: page.t('discount.responsibilityNote') },
                ]}
              />
            </div>
            <Field
              name="reason"
              id="f-discount-reason"
              label={page.t('discount.reason')}
              required
              multiline
            />
            <div class="actions">
              <button type="submit">{page.t('discount.add')}</button>
            </div>
          </form>
        ) : null
      }
    />
  );
}

function NoteSection({ page, customer, items }: { page: SignedInPage; customer: Customer; items: Note[] }) {
  return (
    <section class="card" aria-labelledby="h-notes">
      <h2 id="h-notes">{page.t('archive.notes')}</h2>
      {items.length === 0 ? (
        <Empty>{page.t('archive.noNotes')}</Empty>
      ) : (
        <ul class="timeline">
          {items.map((n) => (
            <li>
              <div class="when">
                {page.format.date(n.notedOn)} · {page.t(key(`note.kind.${n.kind}`))}
              </div>
              <div>
                <strong>{n.title}</strong>
              </div>
              {n.body ? <div class="small">{n.body}</div> : null}
            </li>
          ))}
        </ul>
      )}
      {page.principal.can('customers.communicate') ? (
        <form method="post" action={`${base(customer.id)}/notes`} class="stack">
          <h3>{page.t('note.add')}</h3>
          <CsrfField page={page} />
          <div class="form-grid">
            <Select
              name="kind"
              label={page.t('note.kind')}
              options={NOTE_KINDS.map((k) => ({ value: k, label: page.t(key(`note.kind.${k}`)) }))}
              value="industry"
            />
            <Field name="notedOn" type="date" label={page.t('note.notedOn')} />
          </div>
          <Field name="title" id="f-note-title" label={page.t('note.title')} required />
          <Field name="body" id="f-note-body" label={page.t('note.body')} multiline />
          <div class="actions">
            <button type="submit">{page.t('note.add')}</button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

/**
 * The archive classes of a customer (档案分类): value, contracts, documents, discount approvals,
 * industry notes and promotion records; the change-request inbox; the customer-value report.
 */
export function archivePages(app: ConsoleApp): void {
  contractPages(app);
  valueImportPages(app);
  app.get('/customers/:id/archive', async (c) => {
    const page = c.get('page') as SignedInPage;
    const id = c.req.param('id');
    const res = await callApi<Customer>(page, 'GET', api(id));
    if (!res.ok) return errorPage(page, res.status === 403 ? 403 : 404);
    const customer = res.body;
    const [value, contracts, documents, discounts, notes] = await Promise.all([
      callApi<ValueView>(page, 'GET', `${api(id)}/value`),
      callApi<{ items: Contract[] }>(page, 'GET', `${api(id)}/contracts`),
      callApi<{ items: DocumentRow[] }>(page, 'GET', `${api(id)}/documents`),
      callApi<{ items: Discount[] }>(page, 'GET', `${api(id)}/discounts`),
      callApi<{ items: Note[] }>(page, 'GET', `${api(id)}/notes`),
    ]);
    const editable =
      page.principal.can('customers.update') &&
      (await page.kernel.customers.canEdit(page.principal, customer));
    const discountItems = discounts.ok ? discounts.body.items : [];
    const users = await page.kernel.users.getMany(
      discountItems.flatMap((d) => [d.requestedBy, d.decidedBy]).filter((u): u is string => !!u),
    );
    const names = new Map([...users].map(([uid, u]) => [uid, u.name]));
    const contractItems = contracts.ok ? contracts.body.items : [];
    return c.html(
      <Layout page={page} title={`${customer.name} · ${page.t('archive.title')}`}>
        <PageHead title={page.t('archive.title')} subtitle={`${customer.code} · ${customer.name}`}>
          <a class="button button-secondary" href={`/customers/${customer.id}`}>
            {page.t('archive.backToCustomer')}
          </a>
        </PageHead>
        <div class="cols">
          <div>
            <ContractSection page={page} customer={customer} items={contractItems} editable={editable} />
            <DiscountSection
              page={page}
              customer={customer}
              items={discountItems}
              editable={editable}
              names={names}
            />
            <NoteSection page={page} customer={customer} items={notes.ok ? notes.body.items : []} />
          </div>
          <div>
            {value.ok ? <ValueSection page={page} value={value.body} /> : null}
            <ProfileView
              page={page}
              customer={customer}
              editHref={editable ? `/customers/${customer.id}/edit#profile-managers` : null}
            />
            <DocumentSection
              page={page}
              customer={customer}
              items={documents.ok ? documents.body.items : []}
              contracts={contractItems}
              editable={editable}
            />
          </div>
        </div>
      </Layout>,
    );
  });

  app.post('/customers/:id/archive/documents', async (c) => {
    const page = c.get('page') as SignedInPage;
    const id = c.req.param('id');
    const form = c.get('form');
    const upload = file(form, 'file');
    if (!upload || upload.size === 0) {
      flashNext(page, 'error', page.t('document.missing'));
      return c.redirect(base(id), 303);
    }
    const q = new URLSearchParams({ name: upload.name || 'document' });
    const contractId = text(form, 'contractId');
    if (contractId) q.set('contractId', contractId);
    const bytes = new Uint8Array(await upload.arrayBuffer());
    const res = await callApi(page, 'POST', `${api(id)}/documents?${q}`, bytes, 'application/octet-stream');
    return back(page, id, res, 'document.added');
  });

  app.post('/customers/:id/archive/documents/:documentId/remove', async (c) => {
    const page = c.get('page') as SignedInPage;
    const id = c.req.param('id');
    const res = await callApi(
      page,
      'DELETE',
      `${api(id)}/documents/${encodeURIComponent(c.req.param('documentId'))}`,
      { reason: text(c.get('form'), 'reason') },
    );
    if (res.status === 404) return errorPage(page, 404);
    if (res.status === 403) return errorPage(page, 403);
    return back(page, id, res, 'document.removed');
  });

  app.get('/customers/:id/archive/documents/:documentId', async (c) => {
    const page = c.get('page') as SignedInPage;
    const id = c.req.param('id');
    const res = await requestAs(
      page.kernel.app,
      page.principal,
      `${api(id)}/documents/${encodeURIComponent(c.req.param('documentId'))}/download`,
    );
    if (!res.ok) return errorPage(page, res.status === 403 ? 403 : 404);
    const headers = new Headers();
    for (const h of [
      'content-type',
      'content-length',
      'content-disposition',
      'x-content-type-options',
      'cache-control',
    ]) {
      const v = res.headers.get(h);
      if (v) headers.set(h, v);
    }
    return new Response(res.body, { status: 200, headers });
  });

  app.post('/customers/:id/archive/discounts', async (c) => {
    const page = c.get('page') as SignedInPage;
    const id = c.req.param('id');
    const form = c.get('form');
    const currency = text(form, 'currency').toUpperCase() || 'CNY';
    const percentText = text(form, 'percent').replace(/%$/, '');
    const amount = minorUnits(text(form, 'amount'), currency);
    const body = {
      subject: text(form, 'subject'),
      reason: text(form, 'reason'),
      responsibility: { party: text(form, 'party'), note: orNull(form, 'responsibilityNote') },
      ...(percentText ? { percent: Number(percentText) } : {}),
      ...(amount !== undefined ? { amount: { amount, currency } } : {}),
    };
    return back(page, id, await callApi(page, 'POST', `${api(id)}/discounts`, body), 'discount.requested');
  });

  for (const action of ['approve', 'reject'] as const) {
    app.post(`/customers/:id/archive/discounts/:discountId/${action}`, async (c) => {
      const page = c.get('page') as SignedInPage;
      const id = c.req.param('id');
      const note = text(c.get('form'), 'note');
      const res = await callApi(
        page,
        'POST',
        `${api(id)}/discounts/${encodeURIComponent(c.req.param('discountId'))}/${action}`,
        note ? { note } : action === 'approve' ? {} : { note: '' },
      );
      return back(page, id, res, action === 'approve' ? 'discount.approved' : 'discount.rejected');
    });
  }

  app.post('/customers/:id/archive/notes', async (c) => {
    const page = c.get('page') as SignedInPage;
    const id = c.req.param('id');
    const form = c.get('form');
    const notedOn = text(form, 'notedOn');
    const body = {
      kind: text(form, 'kind'),
      title: text(form, 'title'),
      body: orNull(form, 'body'),
      ...(notedOn ? { notedOn } : {}),
    };
    return back(page, id, await callApi(page, 'POST', `${api(id)}/notes`, body), 'note.added');
  });

  app.get('/change-requests', async (c) => {
    const page = c.get('page') as SignedInPage;
    const status = c.req.query('status') ?? 'pending';
    const q = new URLSearchParams({ limit: '100' });
    if (['pending', 'approved', 'rejected', 'withdrawn'].includes(status)) q.set('status', status);
    const res = await callApi<{ items: ChangeRequest[] }>(
      page,
      'GET',
      `/api/v1/customers/change-requests?${q}`,
    );
    if (!res.ok) return errorPage(page, 403);
    const items = res.body.items;
    const decider = page.principal.can('customers.changeRequests.decide');
    const [users, customers] = await Promise.all([
      page.kernel.users.getMany(items.map((r) => r.requestedBy).filter((u): u is string => !!u)),
      page.kernel.customers.getMany(items.map((r) => r.customerId)),
    ]);
    const show = (v: unknown) =>
      v === null || v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v);
    return c.html(
      <Layout page={page} title={page.t('nav.changeRequests')}>
        <PageHead title={page.t('nav.changeRequests')} subtitle={page.t('changeRequest.intro')} />
        <SectionNav
          label={page.t('changeRequest.filter')}
          current={`/change-requests?status=${status}`}
          items={['pending', 'approved', 'rejected', 'withdrawn'].map((t) => ({
            href: `/change-requests?status=${t}`,
            label: page.t(key(`discount.status.${t}`)),
          }))}
        />
        <DataTable
          rows={items}
          empty={page.t('changeRequest.none')}
          columns={[
            {
              head: page.t('access.customer'),
              cell: (r: ChangeRequest) => (
                <CustomerLink id={r.customerId} name={customers.get(r.customerId)?.name ?? r.customerId} />
              ),
            },
            { head: page.t('changeRequest.kind'), cell: (r) => page.t(key(`changeRequest.kind.${r.kind}`)) },
            {
              head: page.t('changeRequest.changes'),
              class: 'small',
              cell: (r) =>
                Object.entries(r.changes).map(([field, ch]) => (
                  <div>
                    {field}: {show(ch.from)} → {show(ch.to)}
                  </div>
                )),
            },
            { head: page.t('access.reason'), cell: (r) => r.reason },
            {
              head: page.t('access.requester'),
              cell: (r) => (
                <>
                  {users.get(r.requestedBy ?? '')?.name ?? '—'}
                  <div class="muted small">{page.format.dateTime(r.requestedAt)}</div>
                </>
              ),
            },
            {
              head: page.t('access.status'),
              cell: (r) => (
                <>
                  <Badge kind={r.status}>{page.t(key(`discount.status.${r.status}`))}</Badge>
                  {decider && r.status === 'pending' && r.requestedBy !== page.principal.id ? (
                    <DecisionForms page={page} action={`/change-requests/${r.id}`} id={`cr-note-${r.id}`} />
                  ) : null}
                </>
              ),
            },
          ]}
        />
      </Layout>,
    );
  });

  for (const action of ['approve', 'reject'] as const) {
    app.post(`/change-requests/:requestId/${action}`, async (c) => {
      const page = c.get('page') as SignedInPage;
      const note = text(c.get('form'), 'note');
      const res = await callApi(
        page,
        'POST',
        `/api/v1/customers/change-requests/${encodeURIComponent(c.req.param('requestId'))}/${action}`,
        note ? { note } : action === 'approve' ? {} : { note: '' },
      );
      if (res.status === 403 && (res.body as { code?: string })?.code !== 'four_eyes')
        return errorPage(page, 403);
      flashNext(
        page,
        res.ok ? 'success' : 'error',
        res.ok
          ? page.t(action === 'approve' ? 'changeRequest.approved' : 'changeRequest.rejected')
          : problemText(page, res.body, res.status),
      );
      return c.redirect('/change-requests?status=pending', 303);
    });
  }

  app.get('/customer-value', async (c) => {
    const page = c.get('page') as SignedInPage;
    const res = await callApi<{
      currency: string;
      computedAt: string | null;
      segments: {
        segment: string;
        serviceLevel: string;
        customers: number;
        lifetimeValue: number;
        lastYearRevenue: number;
      }[];
      top: {
        customerId: string;
        code: string;
        name: string;
        segment: string;
        lifetimeValue: number;
        lastYearRevenue: number;
      }[];
    }>(page, 'GET', '/api/v1/customers/value/report');
    if (!res.ok) return errorPage(page, 403);
    const r = res.body;
    return c.html(
      <Layout page={page} title={page.t('nav.customerValue')}>
        <PageHead
          title={page.t('nav.customerValue')}
          subtitle={
            r.computedAt
              ? page.t('value.asOf', { at: page.format.dateTime(r.computedAt) })
              : page.t('value.notYet')
          }
        >
          <a class="button button-secondary" href={`/customer-value/export?format=xlsx`}>
            {page.t('value.downloadXlsx')}
          </a>
          <a class="button button-secondary" href={`/customer-value/export?format=csv`}>
            {page.t('value.downloadCsv')}
          </a>
          {page.principal.can('customers.value.manage') ? (
            <a class="button" href="/customer-value/import">
              {page.t('value.import.action')}
            </a>
          ) : null}
        </PageHead>
        <DataTable
          id="segments"
          title={page.t('value.segments')}
          rows={r.segments}
          empty=""
          columns={[
            {
              head: page.t('value.segment'),
              cell: (s) => (
                <a href={`/customers?valueSegment=${s.segment}`}>
                  {page.t(key(`value.segment.${s.segment}`))}
                </a>
              ),
            },
            {
              head: page.t('value.serviceLevel'),
              cell: (s) => page.t(key(`value.service.${s.serviceLevel}`)),
            },
            { head: page.t('value.customers'), num: true, cell: (s) => s.customers },
            {
              head: page.t('value.lifetimeValue'),
              num: true,
              cell: (s) => page.format.money(s.lifetimeValue, r.currency),
            },
            {
              head: page.t('value.lastYearRevenue'),
              num: true,
              cell: (s) => page.format.money(s.lastYearRevenue, r.currency),
            },
          ]}
        />
        <DataTable
          id="top"
          title={page.t('value.top')}
          rows={r.top}
          empty={page.t('value.noHistory')}
          after={<p class="muted small">{page.t('value.method')}</p>}
          columns={[
            {
              head: page.t('access.customer'),
              cell: (t) => (
                <>
                  <a href={`/customers/${t.customerId}/archive`}>{t.name}</a>
                  <div class="muted small">{t.code}</div>
                </>
              ),
            },
            { head: page.t('value.segment'), cell: (t) => page.t(key(`value.segment.${t.segment}`)) },
            {
              head: page.t('value.lifetimeValue'),
              num: true,
              cell: (t) => page.format.money(t.lifetimeValue, r.currency),
            },
            {
              head: page.t('value.lastYearRevenue'),
              num: true,
              cell: (t) => page.format.money(t.lastYearRevenue, r.currency),
            },
          ]}
        />
      </Layout>,
    );
  });

  app.get('/customer-value/export', async (c) => {
    const page = c.get('page') as SignedInPage;
    const format = c.req.query('format') === 'csv' ? 'csv' : 'xlsx';
    const res = await requestAs(
      page.kernel.app,
      page.principal,
      `/api/v1/customers/value/report?format=${format}&lang=${page.lang}`,
    );
    if (!res.ok) return errorPage(page, 403);
    const headers = new Headers();
    for (const h of ['content-type', 'content-disposition']) {
      const v = res.headers.get(h);
      if (v) headers.set(h, v);
    }
    return new Response(res.body, { status: 200, headers });
  });
}
