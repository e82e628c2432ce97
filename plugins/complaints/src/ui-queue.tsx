import type { PluginContext } from '@kehu/core';
import {
  CHANNELS,
  EMOTIONS,
  NATURES,
  REMEDY_KINDS,
  RESPONSIBLE_PARTIES,
  RMLSP_STEPS,
  SEVERITIES,
} from './model.js';
import { Hidden, L, Labelled, lbl, Options, slaText } from './ui-kit';

/** The complaint queue: mine, my team's or all open, with SLA countdowns. */
export function queuePage(ctx: PluginContext<unknown>): void {
  ctx.ui.page({
    path: '/',
    title: L('Complaint queue', '投诉工作台'),
    access: 'complaints.read',
    async get(req) {
      const mine = req.query.mine === 'true';
      const res = await req.api('GET', `/api/v1/complaints?limit=50${mine ? '&mine=true' : ''}`);
      const items: any[] = res.ok ? res.body.items : [];
      return (
        <div class="stack">
          <p>
            <a href={req.href('/?mine=true')}>{req.t('mine')}</a> · <a href={req.href('/')}>{req.t('all')}</a>
            {req.principal.can('complaints.compensation.approve') ? (
              <>
                {' · '}
                <a href={req.href('/approvals')}>{req.t('approvals')}</a>
              </>
            ) : null}
            {req.principal.can('complaints.intake') ? (
              <>
                {' · '}
                <a class="button" href={req.href('/new')}>
                  {req.t('newComplaint')}
                </a>
              </>
            ) : null}
          </p>
          {items.length === 0 ? (
            <p class="muted">{req.t('none')}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>{req.t('number')}</th>
                  <th>{req.t('customer')}</th>
                  <th>{req.t('subject')}</th>
                  <th>{req.t('state')}</th>
                  <th>{req.t('severity')}</th>
                  <th>{req.t('sla')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((c) => (
                  <tr>
                    <td>
                      <a href={req.href(`/complaints/${c.id}`)}>{c.number}</a>
                    </td>
                    <td>{c.customer?.name ?? ''}</td>
                    <td>{c.subject}</td>
                    <td>{lbl(req, 'state', c.state)}</td>
                    <td>{lbl(req, 'severity', c.severity)}</td>
                    <td>
                      <span class="badge">{lbl(req, 'sla', c.sla.status)}</span>{' '}
                      <span class="small">{slaText(req, c.sla)}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      );
    },
  });
}
