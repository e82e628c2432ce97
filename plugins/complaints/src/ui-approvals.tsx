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

/** Compensation awaiting the signed-in approver. */
export function approvalsPage(ctx: PluginContext<unknown>): void {
  ctx.ui.page({
    path: '/approvals',
    title: L('Compensation awaiting approval', '待审批的赔偿'),
    access: 'complaints.compensation.approve',
    async get(req) {
      const res = await req.api('GET', '/api/v1/complaints/remedies');
      const items: any[] = res.ok ? res.body.items : [];
      return (
        <div class="stack">
          <h1>{req.t('approvals')}</h1>
          {items.length === 0 ? (
            <p class="muted">{req.t('none')}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">{req.t('number')}</th>
                  <th scope="col">{req.t('subject')}</th>
                  <th scope="col">{req.t('remedyKind')}</th>
                  <th scope="col" class="num">
                    {req.t('compensation')}
                  </th>
                  <th scope="col">{req.t('requestedBy')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((r) => (
                  <tr>
                    <td>
                      <a href={req.href(`/complaints/${r.complaint.id}`)}>{r.complaint.number}</a>
                    </td>
                    <td>{r.complaint.subject}</td>
                    <td>
                      {lbl(req, 'remedy', r.kind)}: {r.description}
                    </td>
                    <td class="num">{r.amount != null ? req.format.money(r.amount, r.currency) : ''}</td>
                    <td>{r.ownRequest ? req.t('awaitsOther') : (r.requestedBy ?? '')}</td>
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
