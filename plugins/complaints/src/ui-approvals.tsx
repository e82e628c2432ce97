import type { PluginContext } from '@kehu/core';
import { DataTable, PageHead } from '@kehu/core/ui';
import { L, lbl } from './ui-kit';

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
          {PageHead({ title: req.t('approvals') })}
          {DataTable({
            rows: items,
            empty: req.t('none'),
            caption: req.t('approvals'),
            columns: [
              {
                head: req.t('number'),
                cell: (r) => <a href={req.href(`/complaints/${r.complaint.id}`)}>{r.complaint.number}</a>,
              },
              { head: req.t('subject'), cell: (r) => r.complaint.subject },
              { head: req.t('remedyKind'), cell: (r) => `${lbl(req, 'remedy', r.kind)}: ${r.description}` },
              {
                head: req.t('compensation'),
                num: true,
                cell: (r) => (r.amount != null ? req.format.money(r.amount, r.currency) : ''),
              },
              {
                head: req.t('requestedBy'),
                cell: (r) => (r.ownRequest ? req.t('awaitsOther') : (r.requestedBy ?? '')),
              },
            ],
          })}
        </div>
      );
    },
  });
}
