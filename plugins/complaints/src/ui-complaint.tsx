import type { PluginContext, UiRequest } from '@kehu/core';
import { CHANNELS, NATURES, REMEDY_KINDS, RESPONSIBLE_PARTIES, SEVERITIES } from './model.js';
import { Hidden, L, Labelled, lbl, Options, slaText } from './ui-kit';

/** The fields each transition's form asks for. */
function TransitionForm({
  req,
  id,
  name,
  others,
  closed,
}: {
  req: UiRequest;
  id: string;
  name: string;
  /** The customer's other complaints: what a duplicate may be merged into. */
  others: { id: string; number: string; subject: string }[];
  /** A closed complaint's later return visit can only find the customer dissatisfied (it reopens). */
  closed: boolean;
}) {
  const f = (field: string) => `${name}-${field}`;
  const fields: Record<string, unknown> = {
    accept: (
      <>
        <Labelled id={f('severity')} label={req.t('severity')}>
          <select id={f('severity')} name="severity">
            <Options values={SEVERITIES} req={req} group="severity" />
          </select>
        </Labelled>
        <Labelled id={f('nature')} label={req.t('nature')}>
          <select id={f('nature')} name="nature">
            <Options values={NATURES} req={req} group="nature" />
          </select>
        </Labelled>
        <Labelled id={f('note')} label={req.t('note')}>
          <input id={f('note')} name="guidance" />
        </Labelled>
      </>
    ),
    investigate: (
      <>
        <Labelled id={f('cause')} label={req.t('cause')}>
          <input id={f('cause')} name="cause" required />
        </Labelled>
        <Labelled id={f('evidence')} label={req.t('evidence')}>
          <input id={f('evidence')} name="evidence" required />
        </Labelled>
      </>
    ),
    establishResponsibility: (
      <>
        <Labelled id={f('party')} label={req.t('party')}>
          <select id={f('party')} name="party">
            <Options values={RESPONSIBLE_PARTIES} req={req} group="party" />
          </select>
        </Labelled>
        <Labelled id={f('name')} label={req.t('responsibleName')}>
          <input id={f('name')} name="responsibleName" />
        </Labelled>
        <Labelled id={f('root')} label={req.t('rootCause')}>
          <input id={f('root')} name="rootCause" required />
        </Labelled>
      </>
    ),
    handle: (
      <>
        <Labelled id={f('kind')} label={req.t('remedyKind')}>
          <select id={f('kind')} name="kind">
            <Options values={REMEDY_KINDS} req={req} group="remedy" />
          </select>
        </Labelled>
        <Labelled id={f('description')} label={req.t('description')}>
          <input id={f('description')} name="description" required />
        </Labelled>
        <Labelled id={f('amount')} label={req.t('amount')}>
          <input id={f('amount')} name="amount" type="number" min="1" />
        </Labelled>
        <Labelled id={f('currency')} label={req.t('currency')}>
          <input id={f('currency')} name="currency" value="CNY" />
        </Labelled>
      </>
    ),
    reply: (
      <>
        <Labelled id={f('text')} label={req.t('text')}>
          <textarea id={f('text')} name="text" required />
        </Labelled>
        <Labelled id={f('channel')} label={req.t('channel')}>
          <select id={f('channel')} name="channel">
            <Options values={CHANNELS} req={req} group="channel" />
          </select>
        </Labelled>
        <label class="check">
          <input type="checkbox" name="customerAccepted" value="true" /> {req.t('customerAccepted')}
        </label>
      </>
    ),
    returnVisit: (
      <Labelled id={f('satisfied')} label={req.t('satisfied')}>
        <select id={f('satisfied')} name="satisfied">
          {closed ? null : <option value="true">{req.t('satisfied')}</option>}
          <option value="false">{req.t('notSatisfied')}</option>
        </select>
      </Labelled>
    ),
    pause: (
      <>
        <Labelled id={f('for')} label={req.t('waitingFor')}>
          <select id={f('for')} name="waitingFor">
            <Options values={['customer', 'third_party']} req={req} group="waitingFor" />
          </select>
        </Labelled>
        <Labelled id={f('reason')} label={req.t('reason')}>
          <input id={f('reason')} name="reason" required />
        </Labelled>
      </>
    ),
    resume: <></>,
    withdraw: (
      <Labelled id={f('reason')} label={req.t('reason')}>
        <input id={f('reason')} name="reason" required />
      </Labelled>
    ),
    markDuplicate:
      others.length === 0 ? null : (
        <>
          <Labelled id={f('of')} label={req.t('duplicateOf')}>
            <select id={f('of')} name="of">
              {others.map((o) => (
                <option value={o.id}>
                  {o.number} {o.subject}
                </option>
              ))}
            </select>
          </Labelled>
          <Labelled id={f('reason')} label={req.t('reason')}>
            <input id={f('reason')} name="reason" />
          </Labelled>
        </>
      ),
  };
  if (fields[name] === null) return null;
  if (!(name in fields)) return null;
  return (
    <form method="post" action={req.href(`/complaints/${id}`)} class="stack card">
      <Hidden req={req} />
      <input type="hidden" name="action" value={name} />
      <strong>{lbl(req, 'transition', name)}</strong>
      <div class="form-grid">{fields[name]}</div>
      <button type="submit">{req.t('submit')}</button>
    </form>
  );
}

const PATHS: Record<string, string> = {
  accept: 'accept',
  investigate: 'investigation',
  establishResponsibility: 'responsibility',
  handle: 'handling',
  reply: 'reply',
  returnVisit: 'return-visit',
  pause: 'pause',
  resume: 'resume',
  withdraw: 'withdraw',
  markDuplicate: 'duplicate',
  nature: 'nature',
  reassign: 'reassign',
};

/** The body a transition's form posts, from its fields. */
function bodyOf(action: string, form: Record<string, string | string[]>): Record<string, unknown> {
  const s = (k: string) => {
    const v = form[k];
    const one = Array.isArray(v) ? v[0] : v;
    return one && one.trim() !== '' ? one.trim() : undefined;
  };
  switch (action) {
    case 'accept':
      return {
        severity: s('severity'),
        nature: s('nature'),
        guidance: s('guidance'),
        rebuttal: s('guidance'),
      };
    case 'investigate':
      return { cause: s('cause'), evidence: [s('evidence')].filter(Boolean) };
    case 'establishResponsibility':
      return { party: s('party'), responsibleName: s('responsibleName'), rootCause: s('rootCause') };
    case 'handle':
      return {
        remedies: [
          {
            kind: s('kind'),
            description: s('description'),
            ...(s('amount') ? { amount: Number(s('amount')), currency: s('currency') } : {}),
          },
        ],
      };
    case 'reply':
      return { text: s('text'), channel: s('channel'), customerAccepted: s('customerAccepted') === 'true' };
    case 'returnVisit':
      return { satisfied: s('satisfied') === 'true' };
    case 'pause':
      return { waitingFor: s('waitingFor'), reason: s('reason') };
    case 'withdraw':
      return { reason: s('reason') };
    case 'markDuplicate':
      return { of: s('of'), reason: s('reason') };
    case 'nature':
      return {
        nature: s('nature'),
        reason: s('reason'),
        ...(s('nature') === 'false' ? { guidance: s('note') } : {}),
        ...(s('nature') === 'malicious' ? { rebuttal: s('note'), legalAction: s('legalAction') } : {}),
      };
    case 'reassign':
      return { handlerId: s('handlerId'), reason: s('reason') };
    case 'approve':
    case 'reject':
      return { note: s('note') };
    case 'contact':
      return { channel: s('channel'), note: s('note') };
    default:
      return {};
  }
}

/** One complaint: its SLA, the steps open in its state, remedies and history. */
export function complaintPage(ctx: PluginContext<unknown>): void {
  ctx.ui.page({
    path: '/complaints/:id',
    title: L('Complaint', '投诉详情'),
    access: 'complaints.read',
    async get(req) {
      const res = await req.api('GET', `/api/v1/complaints/${encodeURIComponent(req.params.id!)}`);
      if (!res.ok) return <p class="muted">{res.body.detail}</p>;
      const c = res.body;
      const mayAct = c.allowedTransitions.length > 0;
      const [handlers, siblings] = await Promise.all([
        req.api('GET', '/api/v1/complaints/handlers'),
        mayAct && c.allowedTransitions.includes('markDuplicate')
          ? req.api(
              'GET',
              `/api/v1/complaints?open=all&limit=50&customerId=${encodeURIComponent(c.customerId)}`,
            )
          : null,
      ]);
      const people: { id: string; name: string }[] = handlers.ok ? handlers.body.items : [];
      const nameOf = (userId: string) => people.find((p) => p.id === userId)?.name ?? userId;
      const others = (siblings?.ok ? (siblings.body.items as any[]) : []).filter(
        (o) => o.id !== c.id && o.state !== 'duplicate',
      );
      const approver = req.principal.can('complaints.compensation.approve');
      return (
        <div class="stack">
          <h2>
            {c.number} · {c.subject}
          </h2>
          <p>
            {c.customer?.name} · <span class="badge">{lbl(req, 'state', c.state)}</span> · {req.t('severity')}
            : {lbl(req, 'severity', c.severity)} · {req.t('nature')}: {lbl(req, 'nature', c.nature)} ·{' '}
            {req.t('handler')}: {nameOf(c.handlerId)}
          </p>
          <p class="actions">
            <a href={req.href(`/complaints/${c.id}/forms/handling`)}>{req.t('forms.handling')}</a>
            <a href={req.href(`/complaints/${c.id}/forms/opinion`)}>{req.t('forms.opinion')}</a>
          </p>
          <p>{c.description}</p>
          <div class="card">
            <strong>{req.t('sla')}</strong> <span class="badge">{lbl(req, 'sla', c.sla.status)}</span>{' '}
            {slaText(req, c.sla)}
            <ul class="plain-list small">
              <li>
                {req.t('response')}: {c.sla.response.dueAt ? req.format.dateTime(c.sla.response.dueAt) : '—'}{' '}
                ({lbl(req, 'sla', c.sla.response.status)})
              </li>
              <li>
                {req.t('resolution')}:{' '}
                {c.sla.resolution.dueAt ? req.format.dateTime(c.sla.resolution.dueAt) : '—'} (
                {lbl(req, 'sla', c.sla.resolution.status)})
              </li>
            </ul>
          </div>
          <h3>{req.t('actions')}</h3>
          {c.allowedTransitions.length === 0 ? <p class="muted">{req.t('notAllowed')}</p> : null}
          {c.allowedTransitions.map((name: string) => (
            <TransitionForm req={req} id={c.id} name={name} others={others} closed={c.state === 'closed'} />
          ))}
          {mayAct ? (
            <>
              <form method="post" action={req.href(`/complaints/${c.id}`)} class="stack card">
                <Hidden req={req} />
                <input type="hidden" name="action" value="nature" />
                <strong>{req.t('changeNature')}</strong>
                <div class="form-grid">
                  <Labelled id="nature-nature" label={req.t('nature')}>
                    <select id="nature-nature" name="nature">
                      <Options values={NATURES.filter((n) => n !== c.nature)} req={req} group="nature" />
                    </select>
                  </Labelled>
                  <Labelled id="nature-reason" label={req.t('reason')}>
                    <input id="nature-reason" name="reason" required />
                  </Labelled>
                  <Labelled id="nature-note" label={req.t('natureNote')}>
                    <input id="nature-note" name="note" />
                  </Labelled>
                  <Labelled id="nature-legal" label={req.t('legalAction')}>
                    <input id="nature-legal" name="legalAction" />
                  </Labelled>
                </div>
                <button type="submit">{req.t('submit')}</button>
              </form>
              {people.length > 1 ? (
                <form method="post" action={req.href(`/complaints/${c.id}`)} class="stack card">
                  <Hidden req={req} />
                  <input type="hidden" name="action" value="reassign" />
                  <strong>{req.t('reassign')}</strong>
                  <div class="form-grid">
                    <Labelled id="reassign-to" label={req.t('newHandler')}>
                      <select id="reassign-to" name="handlerId">
                        {people
                          .filter((p) => p.id !== c.handlerId)
                          .map((p) => (
                            <option value={p.id}>{p.name}</option>
                          ))}
                      </select>
                    </Labelled>
                    <Labelled id="reassign-reason" label={req.t('reason')}>
                      <input id="reassign-reason" name="reason" required />
                    </Labelled>
                  </div>
                  <button type="submit">{req.t('submit')}</button>
                </form>
              ) : null}
            </>
          ) : null}
          {c.allowedTransitions.length > 0 ? (
            <form method="post" action={req.href(`/complaints/${c.id}`)} class="stack card">
              <Hidden req={req} />
              <input type="hidden" name="action" value="contact" />
              <strong>{req.t('contact')}</strong>
              <div class="form-grid">
                <Labelled id="contact-channel" label={req.t('channel')}>
                  <select id="contact-channel" name="channel">
                    <Options values={CHANNELS} req={req} group="channel" />
                  </select>
                </Labelled>
                <Labelled id="contact-note" label={req.t('note')}>
                  <input id="contact-note" name="note" required />
                </Labelled>
              </div>
              <button type="submit">{req.t('submit')}</button>
            </form>
          ) : null}
          <h3>{req.t('remedies')}</h3>
          <ul class="plain-list">
            {c.remedies.map((r: any) => (
              <li>
                {lbl(req, 'remedy', r.kind)}: {r.description}{' '}
                {r.amount != null ? req.format.money(r.amount, r.currency) : ''}{' '}
                <span class="badge">{lbl(req, 'remedyStatus', r.status)}</span>
                {r.status === 'pending_approval' && approver && r.requestedBy !== req.principal.id ? (
                  <form method="post" action={req.href(`/complaints/${c.id}`)} class="actions">
                    <Hidden req={req} />
                    <input type="hidden" name="remedyId" value={r.id} />
                    <label class="sr-only" for={`decide-${r.id}`}>
                      {req.t('note')}
                    </label>
                    <input id={`decide-${r.id}`} name="note" type="text" placeholder={req.t('note')} />
                    <button type="submit" name="action" value="approve">
                      {req.t('approve')}
                    </button>
                    <button type="submit" name="action" value="reject" class="secondary">
                      {req.t('reject')}
                    </button>
                  </form>
                ) : null}
                {r.status === 'pending_approval' && r.requestedBy === req.principal.id ? (
                  <span class="small muted"> {req.t('awaitsOther')}</span>
                ) : null}
              </li>
            ))}
          </ul>
          <h3>{req.t('history')}</h3>
          <ul class="plain-list">
            {c.history.map((h: any) => (
              <li>
                <span class="small muted">{req.format.dateTime(h.at)}</span> {h.kind}
                {h.to ? ` → ${h.to}` : ''} {h.note ? `— ${h.note}` : ''}
              </li>
            ))}
          </ul>
        </div>
      );
    },
    async post(req) {
      const id = req.params.id!;
      const action = String(req.form.action ?? '');
      const remedyId = String(req.form.remedyId ?? '');
      const path =
        action === 'approve' || action === 'reject'
          ? `remedies/${encodeURIComponent(remedyId)}/${action}`
          : action === 'contact'
            ? `${encodeURIComponent(id)}/contacts`
            : PATHS[action]
              ? `${encodeURIComponent(id)}/${PATHS[action]}`
              : null;
      if (!path) return req.c.redirect(req.href(`/complaints/${id}`), 303);
      const res = await req.api('POST', `/api/v1/complaints/${path}`, bodyOf(action, req.form));
      req.flash(res.ok ? 'success' : 'error', res.ok ? req.t('done') : (res.body.detail ?? 'Error'));
      // A handed-over complaint may be out of the former handler's sight: back to the queue.
      if (res.ok && action === 'reassign') return req.c.redirect(req.href('/'), 303);
      return req.c.redirect(req.href(`/complaints/${id}`), 303);
    },
  });
}
