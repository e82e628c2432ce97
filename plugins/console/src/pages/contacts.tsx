import type { Contact, Customer } from '@kehu/core';
import type { ConsoleApp } from '../app';
import { Check, errorPage, Field, FieldRows, Notice, PageHead, problemText } from '../components';
import type { SignedInPage } from '../context.js';
import { callApi, fieldErrors, flashNext } from '../context.js';
import { orNull, text } from '../form.js';
import { CsrfField, Layout } from '../layout';

type Full = Customer & { facets?: { contacts?: Contact[] } };

const FIELDS = ['name', 'title', 'phone', 'email', 'note'] as const;
type Values = Partial<Record<(typeof FIELDS)[number] | 'primary' | 'version', string>>;

function contactForm(
  page: SignedInPage,
  customer: Customer,
  action: string,
  heading: string,
  values: Values,
  problem?: { errors: Record<string, string>; message?: string },
  status: 200 | 404 | 409 | 422 = 200,
) {
  return page.c.html(
    <Layout page={page} title={heading}>
      <PageHead title={heading} subtitle={customer.name} />
      {problem?.message ? <Notice kind="error">{problem.message}</Notice> : null}
      <form method="post" action={action} class="card stack">
        <CsrfField page={page} />
        {values.version ? <input type="hidden" name="version" value={values.version} /> : null}
        <div class="form-grid">
          <FieldRows
            values={values}
            errors={problem?.errors ?? {}}
            rows={[
              { name: 'name', label: page.t('contact.name'), required: true, autocomplete: 'off' },
              { name: 'title', label: page.t('contact.title') },
              { name: 'phone', label: page.t('contact.phone'), type: 'tel' },
              { name: 'email', label: page.t('contact.email'), type: 'email' },
            ]}
          />
        </div>
        <Field
          name="note"
          label={page.t('contact.note')}
          value={values.note}
          multiline
          error={problem?.errors.note}
        />
        <Check name="primary" checked={values.primary === 'true'}>
          {page.t('contact.primary')}
        </Check>
        <div class="actions">
          <button type="submit">{page.t('common.save')}</button>
          <a href={`/customers/${encodeURIComponent(customer.id)}`}>{page.t('common.cancel')}</a>
        </div>
      </form>
    </Layout>,
    status,
  );
}

/** A customer the user may change, or the page to answer instead (404 as for an invisible one, 403). */
async function editableCustomer(page: SignedInPage, id: string): Promise<Full | Response> {
  const res = await callApi<Full>(
    page,
    'GET',
    `/api/v1/customers/${encodeURIComponent(id)}?include=contacts`,
  );
  if (!res.ok) return errorPage(page, 404);
  if (
    !page.principal.can('customers.update') ||
    !(await page.kernel.customers.canEdit(page.principal, res.body))
  )
    return errorPage(page, 403);
  return res.body;
}

const posted = (form: Record<string, unknown>): Values => {
  const f = form as Parameters<typeof text>[0];
  return {
    ...Object.fromEntries(FIELDS.map((k) => [k, text(f, k)])),
    primary: text(f, 'primary') === 'true' ? 'true' : '',
    version: text(f, 'version'),
  };
};
const body = (form: Record<string, unknown>) => {
  const f = form as Parameters<typeof text>[0];
  return {
    name: text(f, 'name'),
    title: orNull(f, 'title'),
    phone: orNull(f, 'phone'),
    email: orNull(f, 'email'),
    note: orNull(f, 'note'),
    primary: text(f, 'primary') === 'true',
  };
};

/** Adding and changing a customer's contacts, through the API as the signed-in user. */
export function contactPages(app: ConsoleApp): void {
  app.get('/customers/:id/contacts/new', async (c) => {
    const page = c.get('page') as SignedInPage;
    const customer = await editableCustomer(page, c.req.param('id'));
    if (customer instanceof Response) return customer;
    return contactForm(page, customer, `/customers/${customer.id}/contacts/new`, page.t('contact.add'), {});
  });

  app.post('/customers/:id/contacts/new', async (c) => {
    const page = c.get('page') as SignedInPage;
    const customer = await editableCustomer(page, c.req.param('id'));
    if (customer instanceof Response) return customer;
    const form = c.get('form');
    const res = await callApi(page, 'POST', `/api/v1/customers/${customer.id}/contacts`, body(form));
    if (!res.ok)
      return contactForm(
        page,
        customer,
        `/customers/${customer.id}/contacts/new`,
        page.t('contact.add'),
        posted(form),
        { errors: fieldErrors(res.body), message: problemText(page, res.body, res.status) },
        422,
      );
    flashNext(page, 'success', page.t('contact.saved'));
    return c.redirect(`/customers/${customer.id}#h-contacts`, 303);
  });

  app.get('/customers/:id/contacts/:contactId/edit', async (c) => {
    const page = c.get('page') as SignedInPage;
    const customer = await editableCustomer(page, c.req.param('id'));
    if (customer instanceof Response) return customer;
    const contact = (customer.facets?.contacts ?? []).find((x) => x.id === c.req.param('contactId'));
    if (!contact) return errorPage(page, 404);
    return contactForm(
      page,
      customer,
      `/customers/${customer.id}/contacts/${contact.id}/edit`,
      page.t('contact.edit'),
      {
        name: contact.name,
        title: contact.title ?? '',
        phone: contact.phone ?? '',
        email: contact.email ?? '',
        note: contact.note ?? '',
        primary: contact.primary ? 'true' : '',
        version: String(contact.version),
      },
    );
  });

  app.post('/customers/:id/contacts/:contactId/edit', async (c) => {
    const page = c.get('page') as SignedInPage;
    const customer = await editableCustomer(page, c.req.param('id'));
    if (customer instanceof Response) return customer;
    const contactId = c.req.param('contactId');
    const form = c.get('form');
    const version = Number(text(form, 'version'));
    const res = await callApi(
      page,
      'PATCH',
      `/api/v1/customers/${customer.id}/contacts/${encodeURIComponent(contactId)}`,
      { ...body(form), ...(Number.isInteger(version) && version > 0 ? { version } : {}) },
    );
    if (res.status === 404) return errorPage(page, 404);
    if (!res.ok)
      return contactForm(
        page,
        customer,
        `/customers/${customer.id}/contacts/${contactId}/edit`,
        page.t('contact.edit'),
        posted(form),
        {
          errors: fieldErrors(res.body),
          message:
            res.body?.code === 'stale_version'
              ? page.t('contact.stale')
              : problemText(page, res.body, res.status),
        },
        res.status === 409 ? 409 : 422,
      );
    flashNext(page, 'success', page.t('contact.saved'));
    return c.redirect(`/customers/${customer.id}#h-contacts`, 303);
  });
}
