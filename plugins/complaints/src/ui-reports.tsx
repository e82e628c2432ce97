import type { PluginContext } from '@kehu/core';
import { DataTable } from '@kehu/core/ui';
import { REPORT_GROUPS } from './reports.js';
import { csvDownload } from './ui-forms';
import { L, Labelled, lbl } from './ui-kit';

/** Complaint reports with charts and the CSV export. */
export function reportsPage(ctx: PluginContext<unknown>): void {
  ctx.ui.page({
    path: '/reports',
    title: L('Complaint reports', '投诉分析'),
    access: 'complaints.reports',
    async get(req) {
      const today = ctx.clock.today();
      const from = req.query.from ?? `${today.slice(0, 7)}-01`;
      const to = req.query.to ?? today;
      const by = req.query.by ?? 'category';
      const qs = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&by=${encodeURIComponent(by)}`;
      if (req.query.format === 'csv')
        return csvDownload(req, `/api/v1/complaints/reports.csv?${qs}`, `complaints-${from}-${to}-${by}.csv`);
      const res = await req.api('GET', `/api/v1/complaints/reports?${qs}`);
      const rows: any[] = res.ok ? res.body.rows : [];
      const withInvoices = res.ok && res.body.invoices != null;
      const rate = (v: number | null) => (v == null ? '—' : String(v));
      const percent = (v: number | null) => (v == null ? '—' : `${Math.round(v * 100)}%`);
      const [categories, handlers] = await Promise.all([
        by === 'category' ? req.api('GET', '/api/v1/complaints/categories') : null,
        by === 'handler' ? req.api('GET', '/api/v1/complaints/handlers') : null,
      ]);
      const names = new Map<string, string>([
        ...((categories?.ok ? categories.body.items : []) as any[]).map(
          (c) => [c.code, req.label(c.labels)] as [string, string],
        ),
        ...((handlers?.ok ? handlers.body.items : []) as any[]).map(
          (u) => [u.id, u.name] as [string, string],
        ),
      ]);
      const groupName = (g: string) => {
        const group = (
          { nature: 'nature', severity: 'severity', channel: 'channel', responsibleParty: 'party' } as const
        )[by as 'nature'];
        return names.get(g) ?? (group ? lbl(req, group, g) : g);
      };
      const byName = req.t(`by.${by}`);
      const labels = rows.map((r) => groupName(r.group));
      /** A bar per group. */
      const bars = (yAxis: object, name: string, data: (number | string)[], color: string) => ({
        grid: { left: 60, right: 20, top: 20, bottom: 70 },
        xAxis: { type: 'category', data: labels, axisLabel: { rotate: labels.length > 6 ? 30 : 0 } },
        yAxis,
        series: [{ name, type: 'bar', data, itemStyle: { color } }],
      });
      const charts =
        rows.length === 0
          ? []
          : await Promise.all([
              req.chart(
                bars(
                  { type: 'value', minInterval: 1 },
                  req.t('complaints'),
                  rows.map((r) => r.complaints),
                  '#0f6e5f',
                ),
                {
                  title: req.t('complaintsChart', { by: byName }),
                  description: req.t('complaintsChartDesc', { by: byName }),
                  width: 640,
                  height: 280,
                },
              ),
              req.chart(
                bars(
                  { type: 'value', max: 100 },
                  req.t('attainment'),
                  // '-' is ECharts' missing value: a group with nothing judged yet draws no bar.
                  rows.map((r) => (r.slaAttainment == null ? '-' : Math.round(r.slaAttainment * 100))),
                  '#1d5fbf',
                ),
                {
                  title: req.t('attainmentChart', { by: byName }),
                  description: req.t('attainmentChartDesc', { by: byName }),
                  width: 640,
                  height: 280,
                  table: {
                    head: [byName, req.t('attainment')],
                    rows: rows.map((r, i) => [
                      labels[i]!,
                      r.slaAttainment == null ? '—' : `${Math.round(r.slaAttainment * 100)}%`,
                    ]),
                  },
                },
              ),
            ]);
      return (
        <div class="stack">
          <form method="get" action={req.href('/reports')} class="form-grid">
            <Labelled id="rep-from" label={req.t('from')}>
              <input id="rep-from" name="from" type="date" value={from} />
            </Labelled>
            <Labelled id="rep-to" label={req.t('to')}>
              <input id="rep-to" name="to" type="date" value={to} />
            </Labelled>
            <Labelled id="rep-by" label={req.t('by')}>
              <select id="rep-by" name="by">
                {REPORT_GROUPS.map((g) => (
                  <option value={g} selected={g === by}>
                    {req.t(`by.${g}`)}
                  </option>
                ))}
              </select>
            </Labelled>
            <button type="submit">{req.t('show')}</button>
          </form>
          <p class="actions">
            <a href={req.href(`/reports?${qs}&format=csv`)}>{req.t('csv')}</a>
            <a href={req.href(`/forms/analysis?from=${from}&to=${to}`)}>{req.t('forms.analysis')}</a>
            <a href={req.href(`/forms/tracking?from=${from}&to=${to}`)}>{req.t('forms.tracking')}</a>
          </p>
          {!res.ok ? <p class="muted">{res.body.detail}</p> : null}
          {DataTable({
            rows,
            empty: req.t('none'),
            caption: req.t('reports'),
            columns: [
              { head: byName, cell: (r) => groupName(r.group) },
              { head: req.t('complaints'), num: true, cell: (r) => r.complaints },
              { head: req.t('avgResponse'), num: true, cell: (r) => r.avgResponseMinutes ?? '—' },
              { head: req.t('p90Resolution'), num: true, cell: (r) => r.p90ResolutionMinutes ?? '—' },
              { head: req.t('attainment'), num: true, cell: (r) => percent(r.slaAttainment) },
              { head: req.t('reopenRate'), num: true, cell: (r) => percent(r.reopenRate) },
              { head: req.t('per100Customers'), num: true, cell: (r) => rate(r.per100Customers) },
              withInvoices && {
                head: req.t('per100Invoices'),
                num: true,
                cell: (r) => rate(r.per100Invoices),
              },
              {
                head: req.t('compensation'),
                num: true,
                cell: (r) =>
                  r.compensation.map((m: any) => req.format.money(m.amount, m.currency)).join(' · '),
              },
            ],
          })}
          {charts.map((chart) => (
            <section class="card">{chart}</section>
          ))}
        </div>
      );
    },
  });
}
