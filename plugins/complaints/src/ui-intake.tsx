import type { PluginContext } from '@kehu/core';
import { CHANNELS, EMOTIONS, RMLSP_STEPS } from './model.js';
import { Hidden, L, Labelled, lbl, Options } from './ui-kit';

/** The intake form usable during a phone call: find the caller, then file the complaint. */
export function intakePage(ctx: PluginContext<unknown>): void {
  ctx.ui.page({
    path: '/new',
    title: L('File a complaint', '受理投诉'),
    access: 'complaints.intake',
    async get(req) {
      const q = req.query.q?.trim() ?? '';
      const found =
        q.length >= 2
          ? await req.api('GET', `/api/v1/complaints/customer-lookup?q=${encodeURIComponent(q)}`)
          : null;
      const matches: { id: string; code: string; name: string }[] = found?.ok ? found.body.items : [];
      const categories = await req.api('GET', '/api/v1/complaints/categories');
      return (
        <div class="stack">
          <form method="get" action={req.href('/new')} class="card">
            <label for="lookup-q">{req.t('lookup')}</label>
            <input id="lookup-q" name="q" value={q} />
            <button type="submit" class="secondary">
              {req.t('find')}
            </button>
            {found && matches.length === 0 ? <p class="muted">{req.t('noMatch')}</p> : null}
          </form>
          {matches.length > 0 ? (
            <form method="post" action={req.href('/new')} class="stack card">
              <Hidden req={req} />
              <div class="form-grid">
                <Labelled id="cmp-customer" label={req.t('customer')}>
                  <select id="cmp-customer" name="customerId">
                    {matches.map((m) => (
                      <option value={m.id}>
                        {m.code} {m.name}
                      </option>
                    ))}
                  </select>
                </Labelled>
                <Labelled id="cmp-channel" label={req.t('channel')}>
                  <select id="cmp-channel" name="channel">
                    <Options values={CHANNELS} req={req} group="channel" />
                  </select>
                </Labelled>
                <Labelled id="cmp-category" label={req.t('category')}>
                  <select id="cmp-category" name="category">
                    {(categories.ok ? categories.body.items : []).map((c: any) => (
                      <option value={c.code}>{req.label(c.labels)}</option>
                    ))}
                  </select>
                </Labelled>
                <Labelled id="cmp-severity" label={req.t('severity')}>
                  <select id="cmp-severity" name="severity">
                    <Options values={['normal', 'high', 'critical', 'low']} req={req} group="severity" />
                  </select>
                </Labelled>
                <Labelled id="cmp-emotion" label={req.t('emotion')}>
                  <select id="cmp-emotion" name="emotion">
                    <Options values={EMOTIONS} req={req} group="emotion" />
                  </select>
                </Labelled>
                <Labelled id="cmp-batch" label={req.t('batch')}>
                  <input id="cmp-batch" name="batchRef" />
                </Labelled>
                <Labelled id="cmp-subject" label={req.t('subject')}>
                  <input id="cmp-subject" name="subject" required />
                </Labelled>
                <Labelled id="cmp-description" label={req.t('description')}>
                  <textarea id="cmp-description" name="description" required />
                </Labelled>
                <Labelled id="cmp-request" label={req.t('request')}>
                  <input id="cmp-request" name="customerRequest" />
                </Labelled>
              </div>
              <fieldset>
                <legend>{req.t('rmlsp')}</legend>
                {RMLSP_STEPS.map((s) => (
                  <label>
                    <input type="checkbox" name="rmlsp" value={s} /> {lbl(req, 'rmlsp', s)}
                  </label>
                ))}
              </fieldset>
              <button type="submit">{req.t('submit')}</button>
            </form>
          ) : null}
        </div>
      );
    },
    async post(req) {
      const v = (k: string) => {
        const x = req.form[k];
        const one = Array.isArray(x) ? x[0] : x;
        return one && one.trim() !== '' ? one.trim() : undefined;
      };
      const steps = req.form.rmlsp === undefined ? [] : ([] as string[]).concat(req.form.rmlsp);
      const res = await req.api('POST', '/api/v1/complaints', {
        customerId: v('customerId'),
        channel: v('channel'),
        category: v('category'),
        severity: v('severity'),
        emotion: v('emotion'),
        subject: v('subject'),
        description: v('description'),
        customerRequest: v('customerRequest'),
        batchRef: v('batchRef'),
        rmlsp: { steps },
      });
      if (!res.ok) {
        req.flash('error', res.body.detail ?? 'Error');
        return req.c.redirect(req.href('/new'), 303);
      }
      req.flash('success', req.t('filed', { number: res.body.number }));
      return req.c.redirect(req.href(`/complaints/${res.body.id}`), 303);
    },
  });
}
