import { type Customer, type CustomField, OPTIONAL_TEXT_FIELDS } from '@kehu/core';
import type { Child } from '@kehu/core/ui';
import type { ConsoleApp } from '../app';
import { Check, errorPage, Field, FieldRows, Notice, PageHead, problemText } from '../components';
import type { SignedInPage } from '../context.js';
import {
  callApi,
  customFieldInputType,
  customFieldOptions,
  enumOptions,
  fieldErrors,
  flashNext,
  labelOf,
} from '../context.js';
import { text } from '../form.js';
import { CsrfField, Layout } from '../layout';
import { ProfileFields, profileBody, profileValues } from './archive-profile';

interface FormState {
  values: Record<string, string>;
  errors: Record<string, string>;
  message?: string | undefined;
  /** A duplicate was found: offer to add anyway. */
  duplicate?: boolean;
}

function valuesOf(customer: Customer, fields: CustomField[]): Record<string, string> {
  const v: Record<string, string> = {
    name: customer.name,
    code: customer.code,
    kind: customer.kind,
    status: customer.status,
    chainPosition: customer.chainPosition,
    internal: customer.internal ? 'true' : '',
    tags: customer.tags.join(', '),
    version: String(customer.version),
  };
  for (const k of OPTIONAL_TEXT_FIELDS) v[k] = customer[k] ?? '';
  Object.assign(v, profileValues(customer));
  for (const f of fields) {
    const x = customer.custom[f.key];
    v[`custom.${f.key}`] = x === undefined || x === null ? '' : String(x);
  }
  return v;
}

function CustomerForm(props: {
  page: SignedInPage;
  action: string;
  fields: CustomField[];
  state: FormState;
  editing: boolean;
}) {
  const { page, state, fields } = props;
  const v = state.values;
  const e = state.errors;
  const reasonRequired = page.kernel.customers.options.requireChangeReason;
  return (
    <form method="post" action={props.action} class="card stack" novalidate>
      <CsrfField page={page} />
      {state.message ? <Notice kind="error">{state.message}</Notice> : null}
      {props.editing ? <input type="hidden" name="version" value={v.version ?? ''} /> : null}
      <div class="form-grid">
        <FieldRows
          values={{ kind: 'business', status: 'potential', chainPosition: 'end', ...v }}
          errors={e}
          rows={[
            { name: 'name', label: page.t('customer.name'), required: true },
            !props.editing && {
              name: 'code',
              label: page.t('customer.code'),
              hint: page.t('customer.codeHint'),
            },
            { name: 'kind', label: page.t('customer.kind'), options: enumOptions(page, 'customer.kind') },
            {
              name: 'status',
              label: page.t('customer.status'),
              options: enumOptions(page, 'customer.status').filter((o) => o.value !== 'terminated'),
            },
            {
              name: 'chainPosition',
              label: page.t('customer.chainPosition'),
              options: enumOptions(page, 'customer.chainPosition'),
            },
            { name: 'phone', label: page.t('customer.phone'), type: 'text' },
            { name: 'email', label: page.t('customer.email'), type: 'email' },
            { name: 'region', label: page.t('customer.region') },
            { name: 'industry', label: page.t('customer.industry') },
            { name: 'legalRepresentative', label: page.t('customer.legalRepresentative') },
            { name: 'source', label: page.t('customer.source') },
            { name: 'tags', label: page.t('customer.tags'), hint: page.t('customer.tagsHint') },
          ]}
        />
      </div>
      <Field name="address" label={page.t('customer.address')} value={v.address} error={e.address} />
      <Check name="internal" checked={v.internal === 'true'}>
        {page.t('customer.internalCheck')}
      </Check>
      {fields.length > 0 ? (
        <fieldset class="form-grid">
          <legend>{page.t('customer.customFields')}</legend>
          <FieldRows
            values={v}
            errors={e}
            rows={fields.map((f) => {
              const common = {
                name: `custom.${f.key}`,
                id: `f-custom-${f.key}`,
                label: labelOf(page.lang, f.labels),
              };
              if (f.type === 'enum' || f.type === 'boolean')
                return { ...common, blank: page.t('common.none'), options: customFieldOptions(page, f) };
              return { ...common, type: customFieldInputType(f), required: f.required };
            })}
          />
        </fieldset>
      ) : null}
      <ProfileFields page={page} values={v} errors={e} />
      {props.editing ? (
        <Field
          name="reason"
          label={page.t('customer.changeReason')}
          value={v.reason}
          multiline
          required={reasonRequired}
          error={e.reason}
          hint={page.t('customer.changeReasonHint')}
        />
      ) : null}
      {state.duplicate ? <Check name="force">{page.t('customer.addAnyway')}</Check> : null}
      <div class="actions">
        <button type="submit">{props.editing ? page.t('common.save') : page.t('customers.create')}</button>
      </div>
    </form>
  );
}

function customValueOf(field: CustomField, raw: string): unknown {
  if (raw === '') return null;
  if (field.type === 'number') return Number.isFinite(Number(raw)) ? Number(raw) : raw;
  if (field.type === 'boolean') return raw === 'true';
  return raw;
}

/** The JSON body of the archive form: blanks clear a value on edit and are left out on create. */
function bodyOf(form: Record<string, unknown>, fields: CustomField[], editing: boolean) {
  const f = form as Record<string, string | string[]>;
  const body: Record<string, unknown> = {
    name: text(f, 'name'),
    kind: text(f, 'kind') || undefined,
    status: text(f, 'status') || undefined,
    chainPosition: text(f, 'chainPosition') || undefined,
    internal: text(f, 'internal') === 'true',
    tags: text(f, 'tags')
      .split(/[,，]/)
      .map((t) => t.trim())
      .filter(Boolean),
  };
  if (!editing && text(f, 'code')) body.code = text(f, 'code');
  for (const k of OPTIONAL_TEXT_FIELDS) {
    const v = text(f, k);
    if (v) body[k] = v;
    else if (editing) body[k] = null;
  }
  const custom: Record<string, unknown> = {};
  for (const field of fields) {
    const value = customValueOf(field, text(f, `custom.${field.key}`));
    if (value !== null || editing) custom[field.key] = value;
  }
  if (Object.keys(custom).length > 0) body.custom = custom;
  Object.assign(body, profileBody(f, editing));
  if (text(f, 'force') === 'true') body.force = true;
  return body;
}

function rawValues(form: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(form)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** Create and edit a customer; the change reason and the version read go with every edit. */
export function customerFormPages(app: ConsoleApp): void {
  const render = (page: SignedInPage, title: string, form: Child, status = 200) =>
    page.c.html(
      <Layout page={page} title={title}>
        <PageHead title={title} />
        {form}
      </Layout>,
      status as 200,
    );

  app.get('/customers/new', async (c) => {
    const page = c.get('page') as SignedInPage;
    if (!page.principal.can('customers.create')) return errorPage(page, 403);
    const fields = await page.kernel.customers.fields.list();
    return render(
      page,
      page.t('customers.new'),
      <CustomerForm
        page={page}
        action="/customers/new"
        fields={fields}
        state={{ values: {}, errors: {} }}
        editing={false}
      />,
    );
  });

  app.post('/customers/new', async (c) => {
    const page = c.get('page') as SignedInPage;
    const form = c.get('form');
    const fields = await page.kernel.customers.fields.list();
    const res = await callApi(page, 'POST', '/api/v1/customers', bodyOf(form, fields, false));
    if (res.ok) {
      flashNext(page, 'success', page.t('customers.created'));
      return c.redirect(`/customers/${res.body.id}`, 303);
    }
    if (res.status === 403) return errorPage(page, 403);
    const duplicate = res.body?.code === 'duplicate_customer';
    const message = duplicate
      ? res.body.match?.name
        ? page.t('customer.duplicateVisible', { name: res.body.match.name, code: res.body.match.code })
        : page.t('customer.duplicateHidden')
      : problemText(page, res.body, res.status);
    const state = { values: rawValues(form), errors: fieldErrors(res.body), message, duplicate };
    return render(
      page,
      page.t('customers.new'),
      <CustomerForm page={page} action="/customers/new" fields={fields} state={state} editing={false} />,
      422,
    );
  });

  app.get('/customers/:id/edit', async (c) => {
    const page = c.get('page') as SignedInPage;
    const id = c.req.param('id');
    const res = await callApi<Customer>(page, 'GET', `/api/v1/customers/${encodeURIComponent(id)}`);
    if (!res.ok) return errorPage(page, 404);
    if (
      !page.principal.can('customers.update') ||
      !(await page.kernel.customers.canEdit(page.principal, res.body))
    )
      return errorPage(page, 403);
    const fields = await page.kernel.customers.fields.list();
    const action = `/customers/${res.body.id}/edit`;
    return render(
      page,
      page.t('customer.editTitle', { name: res.body.name }),
      <CustomerForm
        page={page}
        action={action}
        fields={fields}
        state={{ values: valuesOf(res.body, fields), errors: {} }}
        editing
      />,
    );
  });

  app.post('/customers/:id/edit', async (c) => {
    const page = c.get('page') as SignedInPage;
    const id = c.req.param('id');
    const form = c.get('form');
    const fields = await page.kernel.customers.fields.list();
    const version = Number(text(form, 'version'));
    const body = {
      ...bodyOf(form, fields, true),
      reason: text(form, 'reason') || null,
      version: Number.isInteger(version) && version > 0 ? version : undefined,
    };
    const res = await callApi(page, 'PATCH', `/api/v1/customers/${encodeURIComponent(id)}`, body);
    if (res.status === 202) {
      // The company puts this edit under approval: it is a pending change request now.
      flashNext(page, 'success', page.t('customer.changeRequested'));
      return c.redirect(`/customers/${encodeURIComponent(id)}`, 303);
    }
    if (res.ok) {
      flashNext(page, 'success', page.t('customer.saved'));
      return c.redirect(`/customers/${res.body.id}`, 303);
    }
    if (res.status === 404) return errorPage(page, 404);
    if (res.status === 403) return errorPage(page, 403);
    const stale = res.body?.code === 'stale_version';
    const message = stale
      ? page.t('customer.versionConflict', { version: res.body.currentVersion ?? '?' })
      : res.body?.code === 'duplicate_customer'
        ? page.t('customer.duplicateHidden')
        : problemText(page, res.body, res.status);
    const state = {
      values: rawValues(form),
      errors: fieldErrors(res.body),
      message,
      duplicate: res.body?.code === 'duplicate_customer',
    };
    return render(
      page,
      page.t('customer.editTitle', { name: text(form, 'name') }),
      <>
        {stale ? (
          <p>
            <a href={`/customers/${encodeURIComponent(id)}`} target="_blank" rel="noopener">
              {page.t('customer.seeCurrent')}
            </a>
          </p>
        ) : null}
        <CustomerForm
          page={page}
          action={`/customers/${encodeURIComponent(id)}/edit`}
          fields={fields}
          state={state}
          editing
        />
      </>,
      stale ? 409 : 422,
    );
  });
}
