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

/** Systemic issues the detection opened. */
export function issuesPage(ctx: PluginContext<unknown>): void {
  ctx.ui.page({
    path: '/issues',
    title: L('Systemic issues', '普遍性问题'),
    access: 'complaints.reports',
    async get(req) {
      const res = await req.api('GET', '/api/v1/complaints/systemic-issues');
      const items: any[] = res.ok ? res.body.items : [];
      return items.length === 0 ? (
        <p class="muted">{req.t('none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{req.t('category')}</th>
              <th>{req.t('reference')}</th>
              <th>{req.t('complaints')}</th>
              <th>{req.t('customers')}</th>
              <th>{req.t('state')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr>
                <td>{i.category}</td>
                <td>{i.reference}</td>
                <td>{i.complaintIds.length}</td>
                <td>{i.customerCount}</td>
                <td>
                  {i.status} {i.assessment ?? ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      );
    },
  });
}
