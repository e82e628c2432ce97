import type { PluginContext } from '@kehu/core';
import { DataTable, PageHead } from '@kehu/core/ui';
import { L, lbl } from './ui-kit';

/** Systemic issues the detection opened. */
export function issuesPage(ctx: PluginContext<unknown>): void {
  ctx.ui.page({
    path: '/issues',
    title: L('Systemic issues', '普遍性问题'),
    access: 'complaints.reports',
    async get(req) {
      const [res, categories] = await Promise.all([
        req.api('GET', '/api/v1/complaints/systemic-issues'),
        req.api('GET', '/api/v1/complaints/categories'),
      ]);
      const items: any[] = res.ok ? res.body.items : [];
      const categoryName = new Map<string, string>(
        (categories.ok ? (categories.body.items as any[]) : []).map((c) => [c.code, req.label(c.labels)]),
      );
      return (
        <div class="stack">
          {PageHead({ title: req.t('issues') })}
          {DataTable({
            rows: items,
            empty: req.t('none'),
            caption: req.t('issues'),
            columns: [
              { head: req.t('category'), cell: (i) => categoryName.get(i.category) ?? i.category },
              { head: req.t('reference'), cell: (i) => i.reference },
              { head: req.t('complaints'), num: true, cell: (i) => i.complaintIds.length },
              { head: req.t('customers'), num: true, cell: (i) => i.customerCount },
              {
                head: req.t('state'),
                cell: (i) =>
                  [lbl(req, 'issue', i.status), i.assessment ? lbl(req, 'issue', i.assessment) : '']
                    .filter(Boolean)
                    .join(' · '),
              },
            ],
          })}
        </div>
      );
    },
  });
}
