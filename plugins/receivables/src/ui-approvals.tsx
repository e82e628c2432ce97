import type { PluginContext, UiRequest } from '@kehu/core';
import type { ExtensionRequest } from './extensions.js';
import {
  API,
  answerPost,
  CustomerLink,
  customerNames,
  enc,
  Field,
  FieldList,
  fieldErrors,
  formValues,
  Heading,
  PostForm,
  type Problem,
  Refusal,
} from './ui-kit';
import type { WriteOff } from './write-offs.js';

// Four-eyes approvals: extension requests (延期还款审批单) and bad-debt write-offs wait here for someone
// other than their requester. The API refuses the requester's own decision; the page does not offer it.

const KINDS = {
  extensions: { decide: 'receivables.extensions.decide', title: 'extensions' },
  'write-offs': { decide: 'receivables.writeOffs.approve', title: 'writeOffs' },
} as const;
type Kind = keyof typeof KINDS;

interface Failed {
  kind: Kind;
  id: string;
  decision: string;
  problem: Problem;
  values: Record<string, string>;
}

/** The explicit "beyond the longest extended term" of an extension's approval, with the rule's refusal. */
function CeilingBox({ id, label, error }: { id: string; label: string; error: string | undefined }) {
  return (
    <div class="field">
      <label for={id}>
        <input
          type="checkbox"
          id={id}
          name="aboveCeiling"
          value="true"
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />{' '}
        {label}
      </label>
      {error ? (
        <div class="field-error" id={`${id}-error`}>
          {error}
        </div>
      ) : null}
    </div>
  );
}

export function approvalForms(ctx: PluginContext<unknown>): void {
  const names = customerNames(ctx);

  const page = async (req: UiRequest, failed?: Failed) => {
    const kinds = (Object.keys(KINDS) as Kind[]).filter((k) => req.principal.can(KINDS[k].decide));
    const lists = await Promise.all(
      kinds.map(async (kind) => {
        const res = await req.api<{ items: (ExtensionRequest | WriteOff)[] }>(
          'GET',
          `${API}/${kind}?status=pending&limit=100`,
        );
        return { kind, items: res.ok ? res.body.items : [] };
      }),
    );
    const all = lists.flatMap((l) => l.items);
    const name = await names(all.map((r) => r.customerId));
    // One call per 100 invoices the requests name, not one per invoice.
    const invoiceIds = [...new Set(all.map((r) => r.invoiceId))];
    const invoices = new Map<string, { number: string }>();
    for (let i = 0; i < invoiceIds.length; i += 100) {
      const ids = invoiceIds.slice(i, i + 100).join(',');
      const res = await req.api<{ items: { id: string; number: string }[] }>(
        'GET',
        `${API}/invoices?ids=${encodeURIComponent(ids)}&limit=100`,
      );
      if (res.ok) for (const inv of res.body.items) invoices.set(inv.id, inv);
    }
    const aboveCeiling = req.principal.can('receivables.extensions.approveAboveCeiling');
    return (
      <>
        <Heading req={req} title={req.t('approvals')} current="/approvals" />
        <Refusal req={req} problem={failed?.problem} id="approval-refusal" />
        {all.length === 0 ? (
          <div class="card">
            <p class="muted">{req.t('noPending')}</p>
          </div>
        ) : null}
        {lists
          .filter((l) => l.items.length)
          .map(({ kind, items }) => (
            <section aria-labelledby={`appr-${kind}`} class="stack">
              <h2 id={`appr-${kind}`}>{req.t(KINDS[kind].title)}</h2>
              {items.map((r) => {
                const inv = invoices.get(r.invoiceId);
                const mine = failed?.kind === kind && failed.id === r.id;
                const form = (decision: string) => ({
                  req,
                  form: `${kind}-${r.id}-${decision}`,
                  errors: fieldErrors(req, mine && failed.decision === decision ? failed.problem : undefined),
                });
                const kept = (decision: string, key: string) =>
                  mine && failed.decision === decision ? failed.values[key] : undefined;
                const action = (decision: string) => req.href(`/approvals/${kind}/${enc(r.id)}/${decision}`);
                return (
                  <article class="card" data-request={r.id} aria-labelledby={`appr-${r.id}`}>
                    <h3 id={`appr-${r.id}`}>
                      <a href={req.href(`/invoices/${enc(r.invoiceId)}`)}>
                        {inv?.number ?? req.t('invoice')}
                      </a>{' '}
                      · <CustomerLink id={r.customerId} name={name(r.customerId)} />
                    </h3>
                    <FieldList
                      fields={[
                        ...('requestedDueDate' in r
                          ? ([
                              [req.t('previousDueDate'), req.format.date(r.previousDueDate)],
                              [req.t('requestedDueDate'), req.format.date(r.requestedDueDate)],
                            ] as const)
                          : ([[req.t('amount'), req.format.money(r.amount, r.currency)]] as const)),
                        [req.t('reason'), r.reason],
                        [req.t('requestedAt'), req.format.dateTime(r.requestedAt)],
                      ]}
                    />
                    {r.requestedBy === req.principal.id ? (
                      <p class="muted">{req.t('notYours')}</p>
                    ) : (
                      <div class="cols">
                        <PostForm req={req} action={action('approve')} class="stack">
                          <Field
                            {...form('approve')}
                            name="note"
                            label={req.t('note')}
                            value={kept('approve', 'note')}
                            type="textarea"
                          />
                          {kind === 'extensions' && aboveCeiling ? (
                            <CeilingBox
                              id={`${kind}-${r.id}-approve-aboveCeiling`}
                              label={req.t('aboveCeiling')}
                              error={form('approve').errors.get('aboveCeiling')}
                            />
                          ) : null}
                          <div>
                            <button type="submit">{req.t('approve')}</button>
                          </div>
                        </PostForm>
                        <PostForm req={req} action={action('reject')} class="stack">
                          <Field
                            {...form('reject')}
                            name="note"
                            label={req.t('note')}
                            value={kept('reject', 'note')}
                            type="textarea"
                            required
                          />
                          <div>
                            <button type="submit" class="danger">
                              {req.t('reject')}
                            </button>
                          </div>
                        </PostForm>
                      </div>
                    )}
                  </article>
                );
              })}
            </section>
          ))}
      </>
    );
  };

  ctx.ui.page({
    path: '/approvals',
    title: { en: 'Approvals', 'zh-CN': '审批' },
    access: 'receivables.read',
    get: (req) => page(req),
  });

  ctx.ui.page({
    path: '/approvals/:kind/:id/:decision',
    title: { en: 'Approvals', 'zh-CN': '审批' },
    access: 'receivables.read',
    async post(req) {
      const kind = req.params.kind as Kind;
      const decision = req.params.decision ?? '';
      if (!(kind in KINDS) || (decision !== 'approve' && decision !== 'reject')) return req.notFound();
      const id = req.params.id ?? '';
      const v = formValues(req);
      const body: Record<string, unknown> = v.note ? { note: v.note } : {};
      if (decision === 'reject') body.note = v.note ?? '';
      if (kind === 'extensions' && decision === 'approve' && v.aboveCeiling === 'true')
        body.aboveCeiling = true;
      const res = await req.api('POST', `${API}/${kind}/${enc(id)}/${decision}`, body);
      const message = req.t(decision === 'approve' ? 'decidedApproved' : 'decidedRejected');
      return answerPost(req, res, { message, to: req.href('/approvals') }, (problem) =>
        page(req, { kind, id, decision, problem, values: v }),
      );
    },
  });
}
