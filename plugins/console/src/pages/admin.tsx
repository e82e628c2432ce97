import type { CustomField, User } from '@kehu/core';
import { DataTable } from '@kehu/core/ui';
import type { ConsoleApp } from '../app';
import { Badge, Check, Empty, errorPage, Field, FieldRows, Notice, problemText } from '../components';
import type { SignedInPage } from '../context.js';
import { callApi, enumLabel, enumOptions, fieldErrors, flashNext, labelOf } from '../context.js';
import { text, texts } from '../form.js';
import { CsrfField, roleLabel } from '../layout';
import { adminScreen, guarded, postedForm } from './admin-common';

/** Admin pages: users and roles, invitations, tokens, custom fields, plugins, hooks, deliveries, jobs. */
export function adminPages(app: ConsoleApp): void {
  const screen = adminScreen;
  const back = (
    page: SignedInPage,
    path: string,
    ok: boolean,
    success: string,
    res: { body: unknown; status: number },
  ) => {
    flashNext(page, ok ? 'success' : 'error', ok ? success : problemText(page, res.body, res.status));
    return page.c.redirect(path, 303);
  };

  app.get('/admin', (c) => c.redirect('/admin/users', 303));

  // Users and roles
  const usersPage = async (
    page: SignedInPage,
    shown?: { kind: 'invite' | 'token'; secret: string; user: string },
    form?: { values: Record<string, string>; errors: Record<string, string>; message?: string },
  ) => {
    const users = await page.kernel.users.list();
    const roles = page.kernel.permissions.listRoles();
    const manage = page.principal.can('users.manage');
    const origin = new URL(page.c.req.url).origin;
    return screen(
      page,
      page.t('admin.users'),
      <>
        {shown ? (
          <div class="card">
            <h2>
              {shown.kind === 'invite'
                ? page.t('admin.inviteLinkFor', { name: shown.user })
                : page.t('admin.tokenFor', { name: shown.user })}
            </h2>
            <p class="muted">{page.t('admin.shownOnce')}</p>
            <div class="secret" id="shown-secret">
              {shown.kind === 'invite' ? `${origin}/invite/${shown.secret}` : shown.secret}
            </div>
          </div>
        ) : null}
        <DataTable
          rows={users}
          empty=""
          columns={[
            { head: page.t('admin.name'), cell: (u: User) => u.name },
            { head: page.t('auth.email'), cell: (u) => u.email ?? '—' },
            { head: page.t('admin.roles'), cell: (u) => u.roles.map((r) => roleLabel(page, r)).join(', ') },
            {
              head: page.t('admin.state'),
              cell: (u) =>
                u.active ? (
                  <Badge kind="active">{page.t('admin.active')}</Badge>
                ) : (
                  <Badge kind="dormant">{page.t('admin.inactive')}</Badge>
                ),
            },
            manage && {
              head: page.t('admin.actions'),
              cell: (u) => (
                <div class="actions">
                  <a href={`/admin/users/${u.id}`}>{page.t('common.edit')}</a>
                  <form method="post" action={`/admin/users/${u.id}/invite`}>
                    <CsrfField page={page} />
                    <button type="submit" class="link">
                      {page.t('admin.invite')}
                    </button>
                  </form>
                </div>
              ),
            },
          ]}
        />
        {manage ? (
          <form method="post" action="/admin/users" class="card stack">
            <h2>{page.t('admin.addUser')}</h2>
            {form?.message ? <Notice kind="error">{form.message}</Notice> : null}
            <CsrfField page={page} />
            <div class="form-grid">
              <FieldRows
                values={form?.values ?? {}}
                errors={form?.errors ?? {}}
                rows={[
                  { name: 'name', label: page.t('admin.name'), required: true },
                  { name: 'email', type: 'email', label: page.t('auth.email') },
                ]}
              />
            </div>
            <fieldset>
              <legend>{page.t('admin.roles')}</legend>
              {roles.map((r) => (
                <Check name="roles" value={r.name} checked={form?.values.roles?.split(',').includes(r.name)}>
                  {labelOf(page.lang, r.labels)}
                </Check>
              ))}
              {form?.errors.roles ? <div class="field-error">{form.errors.roles}</div> : null}
            </fieldset>
            <div>
              <button type="submit">{page.t('admin.addUser')}</button>
            </div>
          </form>
        ) : null}
      </>,
      form ? 422 : 200,
    );
  };
  app.get(
    '/admin/users',
    guarded('users.read', (page) => usersPage(page)),
  );
  app.post(
    '/admin/users',
    guarded('users.manage', async (page) => {
      const form = postedForm(page);
      const body = {
        name: text(form, 'name'),
        email: text(form, 'email') || null,
        roles: texts(form, 'roles'),
      };
      const res = await callApi<User>(page, 'POST', '/api/v1/users', body);
      if (!res.ok)
        return usersPage(page, undefined, {
          values: { name: body.name, email: body.email ?? '', roles: body.roles.join(',') },
          errors: fieldErrors(res.body),
          message: problemText(page, res.body, res.status),
        });
      const invitation = await page.kernel.accounts.invite(res.body.id, {
        createdBy: page.principal.id,
        validMs: page.settings.invitationMs,
      });
      return usersPage(page, { kind: 'invite', secret: invitation.token, user: res.body.name });
    }),
  );
  app.post(
    '/admin/users/:id/invite',
    guarded('users.manage', async (page) => {
      const user = await page.kernel.users.get(page.c.req.param('id') ?? '');
      if (!user) return errorPage(page, 404);
      const invitation = await page.kernel.accounts.invite(user.id, {
        createdBy: page.principal.id,
        validMs: page.settings.invitationMs,
      });
      return usersPage(page, { kind: 'invite', secret: invitation.token, user: user.name });
    }),
  );

  const userPage = async (page: SignedInPage, user: User, shownToken?: string) => {
    const [tokens, roles] = [
      await page.kernel.users.listTokens(user.id),
      page.kernel.permissions.listRoles(),
    ];
    return screen(
      page,
      user.name,
      <>
        {shownToken ? (
          <div class="card">
            <h2>{page.t('admin.tokenFor', { name: user.name })}</h2>
            <p class="muted">{page.t('admin.shownOnce')}</p>
            <div class="secret">{shownToken}</div>
          </div>
        ) : null}
        <form method="post" action={`/admin/users/${user.id}`} class="card stack">
          <h2>{page.t('admin.rolesAndState')}</h2>
          <CsrfField page={page} />
          <Field name="name" label={page.t('admin.name')} value={user.name} required />
          <fieldset>
            <legend>{page.t('admin.roles')}</legend>
            {roles.map((r) => (
              <Check name="roles" value={r.name} checked={user.roles.includes(r.name)}>
                {labelOf(page.lang, r.labels)}
              </Check>
            ))}
          </fieldset>
          <Check name="active" checked={user.active}>
            {page.t('admin.active')}
          </Check>
          <div>
            <button type="submit">{page.t('common.save')}</button>
          </div>
        </form>
        <DataTable
          id="tokens"
          title={page.t('admin.tokens')}
          rows={tokens}
          empty={page.t('admin.noTokens')}
          columns={[
            { head: page.t('admin.name'), cell: (t) => t.name },
            { head: page.t('admin.created'), class: 'small', cell: (t) => page.format.dateTime(t.createdAt) },
            {
              head: page.t('admin.expires'),
              class: 'small',
              cell: (t) => (t.expiresAt ? page.format.dateTime(t.expiresAt) : '—'),
            },
            {
              head: page.t('admin.state'),
              cell: (t) =>
                t.revokedAt ? (
                  <Badge kind="revoked">{page.t('admin.revoked')}</Badge>
                ) : (
                  <Badge kind="active">{page.t('admin.active')}</Badge>
                ),
            },
            {
              head: '',
              cell: (t) =>
                t.revokedAt ? null : (
                  <form
                    method="post"
                    action={`/admin/tokens/${t.id}/revoke`}
                    data-confirm={page.t('admin.revokeConfirm')}
                  >
                    <CsrfField page={page} />
                    <input type="hidden" name="user" value={user.id} />
                    <button type="submit" class="link">
                      {page.t('admin.revoke')}
                    </button>
                  </form>
                ),
            },
          ]}
        >
          <form method="post" action={`/admin/users/${user.id}/tokens`} class="actions">
            <CsrfField page={page} />
            <label class="skip" for="f-token-name">
              {page.t('admin.tokenName')}
            </label>
            <input
              id="f-token-name"
              type="text"
              name="name"
              placeholder={page.t('admin.tokenName')}
              required
            />
            <button type="submit" class="secondary">
              {page.t('admin.issueToken')}
            </button>
          </form>
        </DataTable>
      </>,
    );
  };
  app.get(
    '/admin/users/:id',
    guarded('users.manage', async (page) => {
      const user = await page.kernel.users.get(page.c.req.param('id') ?? '');
      return user ? userPage(page, user) : errorPage(page, 404);
    }),
  );
  app.post(
    '/admin/users/:id',
    guarded('users.manage', async (page) => {
      const form = postedForm(page);
      const id = page.c.req.param('id') ?? '';
      const res = await callApi(page, 'PATCH', `/api/v1/users/${encodeURIComponent(id)}`, {
        name: text(form, 'name'),
        roles: texts(form, 'roles'),
        active: text(form, 'active') === 'true',
      });
      if (res.status === 404) return errorPage(page, 404);
      return back(page, `/admin/users/${id}`, res.ok, page.t('admin.userSaved'), res);
    }),
  );
  app.post(
    '/admin/users/:id/tokens',
    guarded('users.manage', async (page) => {
      const form = postedForm(page);
      const id = page.c.req.param('id') ?? '';
      const res = await callApi<{ token: string }>(
        page,
        'POST',
        `/api/v1/users/${encodeURIComponent(id)}/tokens`,
        { name: text(form, 'name') },
      );
      const user = await page.kernel.users.get(id);
      if (!user) return errorPage(page, 404);
      if (!res.ok) return back(page, `/admin/users/${id}`, false, '', res);
      return userPage(page, user, res.body.token);
    }),
  );
  app.post(
    '/admin/tokens/:id/revoke',
    guarded('users.manage', async (page) => {
      const form = postedForm(page);
      const res = await callApi(
        page,
        'DELETE',
        `/api/v1/tokens/${encodeURIComponent(page.c.req.param('id') ?? '')}`,
      );
      return back(
        page,
        `/admin/users/${encodeURIComponent(text(form, 'user'))}`,
        res.ok,
        page.t('admin.tokenRevoked'),
        res,
      );
    }),
  );

  app.get(
    '/admin/invitations',
    guarded('users.manage', async (page) => {
      const invitations = await page.kernel.accounts.listInvitations();
      const users = await page.kernel.users.getMany(
        invitations.flatMap((i) => [i.userId, ...(i.createdBy ? [i.createdBy] : [])]),
      );
      const now = page.kernel.clock.now().toISOString();
      return screen(
        page,
        page.t('admin.invitations'),
        <DataTable
          rows={invitations}
          empty={page.t('admin.noInvitations')}
          columns={[
            { head: page.t('admin.user'), cell: (i) => users.get(i.userId)?.name ?? i.userId },
            {
              head: page.t('admin.invitedBy'),
              cell: (i) => (i.createdBy ? (users.get(i.createdBy)?.name ?? '') : '—'),
            },
            { head: page.t('admin.created'), class: 'small', cell: (i) => page.format.dateTime(i.createdAt) },
            { head: page.t('admin.expires'), class: 'small', cell: (i) => page.format.dateTime(i.expiresAt) },
            {
              head: page.t('admin.state'),
              cell: (i) =>
                i.usedAt ? (
                  <Badge kind="approved">{page.t('admin.used')}</Badge>
                ) : i.expiresAt <= now ? (
                  <Badge kind="expired">{page.t('admin.expired')}</Badge>
                ) : (
                  <Badge kind="pending">{page.t('admin.open')}</Badge>
                ),
            },
          ]}
        />,
      );
    }),
  );

  // Custom fields
  const fieldsPage = async (
    page: SignedInPage,
    form?: { values: Record<string, string>; errors: Record<string, string>; message: string },
  ) => {
    const fields = await page.kernel.customers.fields.list();
    const v = form?.values ?? {};
    return screen(
      page,
      page.t('admin.customFields'),
      <>
        <DataTable
          rows={fields}
          empty={page.t('admin.noCustomFields')}
          columns={[
            { head: page.t('admin.key'), cell: (f: CustomField) => <code>{f.key}</code> },
            {
              head: page.t('admin.label'),
              cell: (f) => (
                <>
                  {f.labels.en} / {f.labels['zh-CN']}
                  {f.options.length > 0 ? (
                    <div class="muted small">
                      {f.options.map((o) => labelOf(page.lang, o.labels)).join(', ')}
                    </div>
                  ) : null}
                </>
              ),
            },
            { head: page.t('admin.type'), cell: (f) => enumLabel(page, 'customField.type', f.type) },
            {
              head: page.t('admin.filterable'),
              cell: (f) => (f.filterable ? page.t('common.yes') : page.t('common.no')),
            },
            {
              head: page.t('admin.required'),
              cell: (f) => (f.required ? page.t('common.yes') : page.t('common.no')),
            },
          ]}
        />
        <form method="post" action="/admin/custom-fields" class="card stack">
          <h2>{page.t('admin.addCustomField')}</h2>
          {form ? <Notice kind="error">{form.message}</Notice> : null}
          <CsrfField page={page} />
          <div class="form-grid">
            <FieldRows
              values={{ type: 'text', ...v }}
              errors={form?.errors ?? {}}
              rows={[
                { name: 'key', label: page.t('admin.key'), required: true, hint: page.t('admin.keyHint') },
                { name: 'type', label: page.t('admin.type'), options: enumOptions(page, 'customField.type') },
                {
                  name: 'labelEn',
                  label: page.t('admin.labelEn'),
                  required: true,
                  error: form?.errors['labels.en'],
                },
                {
                  name: 'labelZh',
                  label: page.t('admin.labelZh'),
                  required: true,
                  error: form?.errors['labels.zh-CN'],
                },
              ]}
            />
          </div>
          <Field
            name="options"
            label={page.t('admin.options')}
            value={v.options}
            multiline
            hint={page.t('admin.optionsHint')}
            error={form?.errors.options}
          />
          <Check name="filterable" checked={v.filterable === 'true'}>
            {page.t('admin.filterable')}
          </Check>
          <Check name="required" checked={v.required === 'true'}>
            {page.t('admin.required')}
          </Check>
          <div>
            <button type="submit">{page.t('admin.addCustomField')}</button>
          </div>
        </form>
      </>,
      form ? 422 : 200,
    );
  };
  app.get(
    '/admin/custom-fields',
    guarded('customers.customFields.manage', (page) => fieldsPage(page)),
  );
  app.post(
    '/admin/custom-fields',
    guarded('customers.customFields.manage', async (page) => {
      const form = postedForm(page);
      const type = text(form, 'type');
      const options = text(form, 'options')
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .map((l) => {
          const [value = '', en = value, zh = en] = l.split('|').map((p) => p.trim());
          return { value, labels: { en, 'zh-CN': zh } };
        });
      const body = {
        key: text(form, 'key'),
        type,
        labels: { en: text(form, 'labelEn'), 'zh-CN': text(form, 'labelZh') },
        filterable: text(form, 'filterable') === 'true',
        required: text(form, 'required') === 'true',
        ...(type === 'enum' ? { options } : {}),
      };
      const res = await callApi(page, 'POST', '/api/v1/customers/custom-fields', body);
      if (res.ok) return back(page, '/admin/custom-fields', true, page.t('admin.customFieldAdded'), res);
      const values: Record<string, string> = {};
      for (const k of ['key', 'type', 'labelEn', 'labelZh', 'options', 'filterable', 'required'])
        values[k] = text(form, k);
      return fieldsPage(page, {
        values,
        errors: fieldErrors(res.body),
        message: problemText(page, res.body, res.status),
      });
    }),
  );

  app.get(
    '/admin/plugins',
    guarded('admin.hooks', (page) => {
      const ui = page.kernel.ui;
      const count = (name: string, list: { plugin: string }[]) =>
        list.filter((x) => x.plugin === name).length;
      return screen(
        page,
        page.t('admin.plugins'),
        <DataTable
          rows={page.kernel.plugins}
          empty=""
          columns={[
            { head: page.t('admin.plugin'), cell: (p) => <strong>{p.name}</strong> },
            { head: page.t('admin.version'), cell: (p) => p.version },
            { head: page.t('admin.description'), cell: (p) => p.description ?? '' },
            { head: page.t('admin.uiPages'), num: true, cell: (p) => count(p.name, ui.pages) },
            { head: page.t('admin.uiPanels'), num: true, cell: (p) => count(p.name, ui.customerPanels) },
            { head: page.t('admin.uiWidgets'), num: true, cell: (p) => count(p.name, ui.dashboardWidgets) },
          ]}
        />,
      );
    }),
  );

  app.get(
    '/admin/hooks',
    guarded('admin.hooks', (page) => {
      const hooks = page.kernel.describeHooks();
      return screen(
        page,
        page.t('admin.hooks'),
        <div class="cols">
          <div class="card">
            <h2>{page.t('admin.filters')}</h2>
            {hooks.filters.length === 0 ? <Empty>{page.t('admin.noHooks')}</Empty> : null}
            {hooks.filters.map((f) => (
              <div>
                <h3>
                  <code>{f.name}</code>
                </h3>
                <ol>
                  {f.handlers.map((h) => (
                    <li>
                      {h.plugin}{' '}
                      <span class="muted small">
                        ({page.t('admin.priority')} {h.priority})
                      </span>
                    </li>
                  ))}
                </ol>
              </div>
            ))}
          </div>
          <div class="card">
            <h2>{page.t('admin.events')}</h2>
            {hooks.events.map((e) => (
              <div>
                <h3>
                  <code>{e.name}</code>
                </h3>
                <ul>
                  {e.subscribers.map((s) => (
                    <li>
                      {s.plugin}: {s.id}
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </div>
        </div>,
      );
    }),
  );

  app.get(
    '/admin/deliveries',
    guarded('admin.hooks', async (page) => {
      const status = page.c.req.query('status');
      const filter = status === 'dead' || status === 'pending' || status === 'delivered' ? status : undefined;
      const items = await page.kernel.dispatcher.list({ status: filter, limit: 100 });
      return screen(
        page,
        page.t('admin.deliveries'),
        <>
          <nav class="subnav" aria-label={page.t('admin.deliveries')}>
            {['', 'dead', 'pending', 'delivered'].map((s) => (
              <a
                href={s ? `/admin/deliveries?status=${s}` : '/admin/deliveries'}
                aria-current={(filter ?? '') === s ? 'page' : undefined}
              >
                {s ? page.t(`admin.delivery.${s}` as 'admin.delivery.dead') : page.t('common.all')}
              </a>
            ))}
          </nav>
          <DataTable
            rows={items}
            empty={page.t('admin.noDeliveries')}
            columns={[
              { head: page.t('admin.event'), cell: (d) => <code>{d.event}</code> },
              { head: page.t('admin.subscriber'), cell: (d) => d.subscriber },
              {
                head: page.t('admin.state'),
                cell: (d) => (
                  <Badge kind={d.status}>
                    {page.t(`admin.delivery.${d.status}` as 'admin.delivery.dead')}
                  </Badge>
                ),
              },
              { head: page.t('admin.attempts'), num: true, cell: (d) => d.attempts },
              { head: page.t('admin.lastError'), class: 'small', cell: (d) => d.lastError ?? '' },
              {
                head: page.t('admin.occurred'),
                class: 'small',
                cell: (d) => page.format.dateTime(d.occurredAt),
              },
              {
                head: '',
                cell: (d) =>
                  d.status === 'dead' ? (
                    <form method="post" action={`/admin/deliveries/${d.id}/replay`}>
                      <CsrfField page={page} />
                      <button type="submit" class="secondary">
                        {page.t('admin.replay')}
                      </button>
                    </form>
                  ) : null,
              },
            ]}
          />
        </>,
      );
    }),
  );
  app.post(
    '/admin/deliveries/:id/replay',
    guarded('admin.hooks', async (page) => {
      const res = await callApi(
        page,
        'POST',
        `/api/v1/admin/deliveries/${encodeURIComponent(page.c.req.param('id') ?? '')}/replay`,
      );
      return back(page, '/admin/deliveries?status=dead', res.ok, page.t('admin.replayed'), res);
    }),
  );

  const jobsPage = async (
    page: SignedInPage,
    results?: { job: string; period: string; status: string; error?: string }[],
  ) =>
    screen(
      page,
      page.t('admin.jobs'),
      <>
        {results ? (
          <div class="card">
            <h2>{page.t('admin.jobResults')}</h2>
            {results.length === 0 ? <Empty>{page.t('admin.noJobsDue')}</Empty> : null}
            <ul class="plain-list">
              {results.map((r) => (
                <li>
                  <code>{r.job}</code> {r.period} <Badge kind={r.status}>{r.status}</Badge> {r.error ?? ''}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <DataTable
          rows={page.kernel.scheduler.list()}
          empty=""
          columns={[
            { head: page.t('admin.job'), cell: (j) => <code>{j.name}</code> },
            { head: page.t('admin.plugin'), cell: (j) => j.plugin },
            {
              head: page.t('admin.period'),
              cell: (j) => page.t(`admin.period.${j.period}` as 'admin.period.day'),
            },
            {
              head: '',
              cell: (j) => (
                <form method="post" action="/admin/jobs/run">
                  <CsrfField page={page} />
                  <input type="hidden" name="job" value={j.name} />
                  <button type="submit" class="secondary">
                    {page.t('admin.runNow')}
                  </button>
                </form>
              ),
            },
          ]}
        />
      </>,
    );
  app.get(
    '/admin/jobs',
    guarded('admin.jobs', (page) => jobsPage(page)),
  );
  app.post(
    '/admin/jobs/run',
    guarded('admin.jobs', async (page) => {
      const form = postedForm(page);
      const res = await callApi<{ results: { job: string; period: string; status: string }[] }>(
        page,
        'POST',
        '/api/v1/admin/jobs/run',
        { job: text(form, 'job') || undefined },
      );
      if (!res.ok) return back(page, '/admin/jobs', false, '', res);
      return jobsPage(page, res.body.results);
    }),
  );
}
