import type { PluginContext, UiRequest } from '@kehu/core';
import {
  ActionLink,
  answerPost,
  Badge,
  DataTable,
  Field,
  FormGrid,
  fieldErrors,
  formValues,
  PageHead,
  PostForm,
  problemText,
  Refusal,
  type UiProblem,
} from '@kehu/core/ui';
import type { Deps } from './context.js';
import { ENTITLEMENT_KINDS, getEntitlement } from './entitlements.js';
import { API, accountHref, enc, label } from './ui-kit';

// The account page's entitlements and the forms that grant and end them. The forms post to the
// entitlement routes as the signed-in user; their rules and refusals are the API's.

interface Entitlement {
  id: string;
  kind: string;
  startsOn: string;
  endsOn: string | null;
  cadenceDays: number | null;
  note: string | null;
  status: string;
  grantedBy: string | null;
}

/** The account page's section: every entitlement, newest start first; grant and end for those who may. */
export async function EntitlementsSection(props: {
  req: UiRequest;
  customerId: string;
  userName: (id: string | null) => Promise<string>;
}) {
  const { req, customerId } = props;
  const res = await req.api<{ items: Entitlement[] }>(
    'GET',
    `${API}/customers/${enc(customerId)}/entitlements`,
  );
  const items = res.ok ? res.body.items : [];
  const manage = req.principal.can('keyAccounts.entitlements.manage');
  const granters = new Map<string, string>();
  for (const e of items) if (e.grantedBy) granters.set(e.grantedBy, await props.userName(e.grantedBy));
  return (
    <DataTable
      id="ka-entitlements"
      title={req.t('entitlements')}
      rows={items}
      empty={req.t('noEntitlements')}
      columns={[
        {
          head: req.t('entitlementKind'),
          cell: (e) =>
            `${label(req, 'entitlementKind', e.kind)}${e.cadenceDays ? ` · ${req.t('everyDays', { days: e.cadenceDays })}` : ''}`,
        },
        { head: req.t('startsOn'), cell: (e) => e.startsOn },
        { head: req.t('endsOn'), cell: (e) => e.endsOn ?? '—' },
        {
          head: req.t('status'),
          cell: (e) => <Badge kind={e.status} label={label(req, 'entitlementStatus', e.status)} />,
        },
        { head: req.t('note'), cell: (e) => e.note ?? '' },
        { head: req.t('grantedBy'), cell: (e) => (e.grantedBy ? granters.get(e.grantedBy) : '—') },
        manage && {
          head: req.t('endEntitlement'),
          cell: (e) =>
            e.status === 'ended' ? null : (
              <PostForm
                req={req}
                action={req.href(`/customers/${enc(customerId)}/entitlements/${enc(e.id)}/end`)}
                class="inline"
              >
                <Field
                  req={req}
                  form={`end-${e.id}`}
                  name="reason"
                  label={req.t('endReason')}
                  required
                  errors={new Map()}
                />
                <button type="submit" class="button-secondary">
                  {req.t('endEntitlement')}
                </button>
              </PostForm>
            ),
        },
      ]}
    >
      <ActionLink
        when={manage}
        href={req.href(`/customers/${enc(customerId)}/entitlements/new`)}
        label={req.t('grantEntitlement')}
      />
    </DataTable>
  );
}

/** The grant form page and the end action. */
export function entitlementPages(ctx: PluginContext<unknown>, deps: Deps): void {
  const grantForm = async (req: UiRequest, v: Record<string, string>, problem?: UiProblem) => {
    const id = req.params.id ?? '';
    const account = await req.api('GET', `${API}/customers/${enc(id)}`);
    if (!account.ok) return req.notFound();
    const errors = fieldErrors(req, problem);
    const f = { req, form: 'entitlement', errors };
    return (
      <>
        <PageHead
          title={req.t('grantEntitlement')}
          subtitle={<a href={accountHref(req, id)}>{req.t('accountOf')}</a>}
        />
        <Refusal req={req} problem={problem} id="entitlement-refusal" />
        <PostForm req={req} action={req.href(`/customers/${enc(id)}/entitlements/new`)}>
          <FormGrid
            {...f}
            values={v}
            rows={[
              {
                name: 'kind',
                label: req.t('entitlementKind'),
                required: true,
                options: ENTITLEMENT_KINDS.map((k) => ({
                  value: k,
                  label: label(req, 'entitlementKind', k),
                })),
              },
              { name: 'startsOn', label: req.t('startsOn'), type: 'date', required: true },
              { name: 'endsOn', label: req.t('endsOn'), type: 'date' },
              {
                name: 'cadenceDays',
                label: req.t('cadenceDays'),
                type: 'number',
                min: 7,
                max: 730,
                hint: req.t('cadenceHint'),
              },
              { name: 'note', label: req.t('note'), type: 'textarea' },
            ]}
            submit={req.t('grantEntitlement')}
          />
        </PostForm>
      </>
    );
  };

  ctx.ui.page({
    path: '/customers/:id/entitlements/new',
    title: { en: 'Grant an entitlement', 'zh-CN': '授予大客户权益' },
    access: 'keyAccounts.entitlements.manage',
    get: (req) => grantForm(req, { kind: 'priority_supply', startsOn: deps.clock.today() }),
    async post(req) {
      const v = formValues(req);
      const id = req.params.id ?? '';
      // Empty optional fields are left out; anything typed goes to the API as it is, for it to judge.
      const body = {
        kind: v.kind,
        ...(v.startsOn ? { startsOn: v.startsOn } : {}),
        ...(v.endsOn ? { endsOn: v.endsOn } : {}),
        ...(v.cadenceDays
          ? { cadenceDays: /^\d+$/.test(v.cadenceDays) ? Number(v.cadenceDays) : v.cadenceDays }
          : {}),
        ...(v.note ? { note: v.note } : {}),
      };
      const res = await req.api('POST', `${API}/customers/${enc(id)}/entitlements`, body);
      const success = { message: req.t('granted'), to: accountHref(req, id) };
      return answerPost(req, res, success, (problem) => grantForm(req, v, problem));
    },
  });

  ctx.ui.page({
    path: '/customers/:id/entitlements/:entitlementId/end',
    title: { en: 'End an entitlement', 'zh-CN': '终止大客户权益' },
    access: 'keyAccounts.entitlements.manage',
    async post(req) {
      const id = req.params.id ?? '';
      // Another account's entitlement under this account's path is not found here (nor anywhere).
      const entitlement = await getEntitlement(deps.db, req.params.entitlementId ?? '', deps.clock.today());
      if (entitlement?.customerId !== id) return req.notFound();
      const res = await req.api('POST', `${API}/entitlements/${enc(req.params.entitlementId ?? '')}/end`, {
        reason: formValues(req).reason ?? '',
      });
      if (res.status === 404) return req.notFound();
      if (!res.ok)
        req.flash('error', req.t('endFailed', { detail: problemText(req, res.body as UiProblem) }));
      else req.flash('success', req.t('entitlementEnded'));
      return req.c.redirect(accountHref(req, id), 303);
    },
  });
}
