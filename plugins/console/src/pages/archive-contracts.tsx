import type { Customer } from '@kehu/core';
import { DataTable } from '@kehu/core/ui';
import type { ConsoleApp } from '../app';
import { Badge, errorPage, FieldRows, Notice, PageHead, problemText } from '../components';
import type { SignedInPage } from '../context.js';
import { callApi, fieldErrors, flashNext } from '../context.js';
import { orNull, text } from '../form.js';
import { CsrfField, Layout } from '../layout';
import { api, back, base, key, majorUnits, minorUnits, money } from './archive-common';

export interface Contract {
  id: string;
  number: string;
  title: string;
  parties: string[];
  signedOn: string;
  validFrom: string | null;
  validTo: string | null;
  value: { amount: number; currency: string } | null;
  status: string;
  reminderDays: number;
  version: number;
}

const CONTRACT_STATUSES = ['draft', 'active', 'expired', 'terminated'];

type Values = Record<string, string>;

function valuesOf(ct: Contract): Values {
  return {
    number: ct.number,
    title: ct.title,
    parties: ct.parties.join(', '),
    signedOn: ct.signedOn,
    validTo: ct.validTo ?? '',
    amount: ct.value ? majorUnits(ct.value.amount, ct.value.currency) : '',
    currency: ct.value?.currency ?? 'CNY',
    status: ct.status,
    version: String(ct.version),
  };
}

/** The fields of the contract forms (filing and editing); errors beside the field they are about. */
function ContractFields({
  page,
  values: v,
  errors: e,
}: {
  page: SignedInPage;
  values: Values;
  errors: Values;
}) {
  return (
    <div class="form-grid">
      <FieldRows
        values={{ currency: 'CNY', status: 'active', ...v }}
        errors={e}
        rows={[
          { name: 'number', id: 'f-contract-number', label: page.t('contract.number'), required: true },
          { name: 'title', id: 'f-contract-title', label: page.t('contract.title'), required: true },
          {
            name: 'parties',
            label: page.t('contract.parties'),
            hint: page.t('contract.partiesHint'),
            error: e.parties ?? e['parties.0'],
            required: true,
          },
          { name: 'signedOn', type: 'date', label: page.t('contract.signedOn'), required: true },
          { name: 'validTo', type: 'date', label: page.t('contract.validTo') },
          {
            name: 'amount',
            label: page.t('contract.value'),
            hint: page.t('archive.amountHint'),
            error: e.amount ?? e['value.amount'],
          },
          {
            name: 'currency',
            id: 'f-contract-currency',
            label: page.t('archive.currency'),
            error: e['value.currency'],
          },
          {
            name: 'status',
            label: page.t('contract.status'),
            options: CONTRACT_STATUSES.map((s) => ({ value: s, label: page.t(key(`contract.status.${s}`)) })),
          },
        ]}
      />
    </div>
  );
}

/** A posted contract form as the API's body; an amount that is not money is an error beside it. */
function contractBody(form: Parameters<typeof text>[0], editing: boolean) {
  const currency = text(form, 'currency').toUpperCase() || 'CNY';
  const amountText = text(form, 'amount');
  const amount = minorUnits(amountText, currency);
  const errors: Values = {};
  if (amountText && amount === undefined) errors.amount = 'Expected an amount such as 1234.56';
  const body: Record<string, unknown> = {
    number: text(form, 'number'),
    title: text(form, 'title'),
    parties: text(form, 'parties')
      .split(/[,，;；\n]/)
      .map((p) => p.trim())
      .filter(Boolean),
    signedOn: text(form, 'signedOn'),
    validTo: orNull(form, 'validTo'),
    status: text(form, 'status') || 'active',
  };
  if (amount !== undefined) body.value = { amount, currency };
  else if (editing && !amountText) body.value = null;
  return { body, errors };
}

const rawValues = (form: Record<string, unknown>): Values =>
  Object.fromEntries(Object.entries(form).filter((e): e is [string, string] => typeof e[1] === 'string'));

export function ContractSection({
  page,
  customer,
  items,
  editable,
}: {
  page: SignedInPage;
  customer: Customer;
  items: Contract[];
  editable: boolean;
}) {
  return (
    <DataTable
      id="contracts"
      title={page.t('archive.contracts')}
      rows={items}
      empty={page.t('archive.noContracts')}
      columns={[
        { head: page.t('contract.number'), cell: (ct: Contract) => ct.number },
        {
          head: page.t('contract.title'),
          cell: (ct) => (
            <>
              {ct.title}
              <div class="muted small">{ct.parties.join(' · ')}</div>
              {editable ? (
                <a class="small" href={`${base(customer.id)}/contracts/${ct.id}/edit`}>
                  {page.t('contract.edit')}
                  <span class="skip"> {ct.number}</span>
                </a>
              ) : null}
            </>
          ),
        },
        { head: page.t('contract.signedOn'), cell: (ct) => page.format.date(ct.signedOn) },
        { head: page.t('contract.validTo'), cell: (ct) => (ct.validTo ? page.format.date(ct.validTo) : '—') },
        { head: page.t('contract.value'), num: true, cell: (ct) => money(page, ct.value) },
        {
          head: page.t('contract.status'),
          cell: (ct) => <Badge kind={ct.status}>{page.t(key(`contract.status.${ct.status}`))}</Badge>,
        },
      ]}
      after={
        editable ? (
          <form method="post" action={`${base(customer.id)}/contracts`} class="stack">
            <h3>{page.t('contract.add')}</h3>
            <CsrfField page={page} />
            <ContractFields page={page} values={{ parties: customer.name }} errors={{}} />
            <div class="actions">
              <button type="submit">{page.t('contract.add')}</button>
            </div>
          </form>
        ) : null
      }
    />
  );
}

/** Filing and editing a customer's contracts from its archive page. */
export function contractPages(app: ConsoleApp): void {
  app.post('/customers/:id/archive/contracts', async (c) => {
    const page = c.get('page') as SignedInPage;
    const id = c.req.param('id');
    const { body, errors } = contractBody(c.get('form'), false);
    if (Object.keys(errors).length > 0) {
      flashNext(page, 'error', errors.amount!);
      return c.redirect(base(id), 303);
    }
    return back(page, id, await callApi(page, 'POST', `${api(id)}/contracts`, body), 'contract.added');
  });

  /** The contract of a customer the user may change, or the page to answer instead (404 alike). */
  const editable = async (page: SignedInPage, id: string, contractId: string) => {
    const customer = await callApi<Customer>(page, 'GET', api(id));
    if (!customer.ok) return { refused: errorPage(page, 404) };
    if (
      !page.principal.can('customers.update') ||
      !(await page.kernel.customers.canEdit(page.principal, customer.body))
    )
      return { refused: errorPage(page, 403) };
    const list = await callApi<{ items: Contract[] }>(page, 'GET', `${api(id)}/contracts`);
    const contract = list.ok ? list.body.items.find((ct) => ct.id === contractId) : undefined;
    if (!contract) return { refused: errorPage(page, 404) };
    return { customer: customer.body, contract };
  };

  const form = (
    page: SignedInPage,
    customer: Customer,
    contract: Contract,
    state: { values: Values; errors: Values; message?: string | undefined },
    status = 200,
  ) =>
    page.c.html(
      <Layout page={page} title={page.t('contract.editTitle', { number: contract.number })}>
        <PageHead
          title={page.t('contract.editTitle', { number: contract.number })}
          subtitle={`${customer.code} · ${customer.name}`}
        />
        <form
          method="post"
          action={`${base(customer.id)}/contracts/${contract.id}/edit`}
          class="card stack"
          novalidate
        >
          <CsrfField page={page} />
          {state.message ? <Notice kind="error">{state.message}</Notice> : null}
          <input type="hidden" name="version" value={state.values.version ?? String(contract.version)} />
          <ContractFields page={page} values={state.values} errors={state.errors} />
          <div class="actions">
            <button type="submit">{page.t('common.save')}</button>
            <a href={base(customer.id)}>{page.t('common.cancel')}</a>
          </div>
        </form>
      </Layout>,
      status as 200,
    );

  app.get('/customers/:id/archive/contracts/:contractId/edit', async (c) => {
    const page = c.get('page') as SignedInPage;
    const found = await editable(page, c.req.param('id'), c.req.param('contractId'));
    if ('refused' in found) return found.refused;
    return form(page, found.customer, found.contract, { values: valuesOf(found.contract), errors: {} });
  });

  app.post('/customers/:id/archive/contracts/:contractId/edit', async (c) => {
    const page = c.get('page') as SignedInPage;
    const id = c.req.param('id');
    const found = await editable(page, id, c.req.param('contractId'));
    if ('refused' in found) return found.refused;
    const posted = c.get('form');
    const values = rawValues(posted);
    const { body, errors } = contractBody(posted, true);
    if (Object.keys(errors).length > 0)
      return form(page, found.customer, found.contract, { values, errors }, 422);
    const version = Number(text(posted, 'version'));
    const res = await callApi(
      page,
      'PATCH',
      `${api(id)}/contracts/${encodeURIComponent(found.contract.id)}`,
      {
        ...body,
        version: Number.isInteger(version) && version > 0 ? version : found.contract.version,
      },
    );
    if (res.ok) {
      flashNext(page, 'success', page.t('contract.saved'));
      return c.redirect(base(id), 303);
    }
    if (res.status === 404) return errorPage(page, 404);
    if (res.status === 403) return errorPage(page, 403);
    const stale = res.body?.code === 'stale_version';
    return form(
      page,
      found.customer,
      found.contract,
      {
        values: stale ? { ...values, version: String(found.contract.version) } : values,
        errors: fieldErrors(res.body),
        message: stale ? page.t('contract.versionConflict') : problemText(page, res.body, res.status),
      },
      stale ? 409 : 422,
    );
  });
}
