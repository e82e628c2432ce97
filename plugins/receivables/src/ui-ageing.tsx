import type { PluginContext, UiRequest } from '@kehu/core';
import { problemText, type UiProblem } from '@kehu/core/ui';
import type { AgeingSummary } from './ageing.js';
import { API, CustomerLink, customerNames, DataTable, Heading } from './ui-kit';

// Ageing (账龄): one chart per currency (amounts in different currencies are never added up) and
// the customers with the largest balance in the oldest bucket.

const bucketLabel = (req: UiRequest, key: string) =>
  key === 'not_due' ? req.t('notDue') : req.t('daysOverdue', { range: key });

export function ageingPage(ctx: PluginContext<unknown>): void {
  const names = customerNames(ctx);

  ctx.ui.page({
    path: '/ageing',
    title: { en: 'Ageing', 'zh-CN': '账龄分析' },
    access: 'receivables.ageing.read',
    async get(req) {
      const res = await req.api<AgeingSummary>('GET', `${API}/ageing?top=10`);
      if (!res.ok) return <p class="muted">{problemText(req, res.body as UiProblem)}</p>;
      const ageing = res.body;
      const name = await names(ageing.top.customers.map((c) => c.customerId));
      const keys = ageing.buckets.map((b) => b.key);
      // One chart per currency: amounts in different currencies are never added up.
      const charts = await Promise.all(
        ageing.totals.map((line) => {
          const digits =
            new Intl.NumberFormat('en', { style: 'currency', currency: line.currency }).resolvedOptions()
              .maximumFractionDigits ?? 2;
          const scale = 10 ** digits;
          return req.chart(
            {
              grid: { left: 90, right: 20, top: 20, bottom: 40 },
              xAxis: { type: 'category', data: keys.map((k) => bucketLabel(req, k)) },
              yAxis: { type: 'value' },
              series: [
                {
                  name: line.currency,
                  type: 'bar',
                  data: keys.map((k) => (line.buckets[k] ?? 0) / scale),
                  itemStyle: { color: '#0f6e5f' },
                },
              ],
            },
            {
              title: req.t('ageingChart', { currency: line.currency }),
              description: req.t('ageingChartDesc', { currency: line.currency }),
              width: 640,
              height: 280,
              table: {
                head: [req.t('bucket'), line.currency],
                rows: keys.map((k) => [
                  bucketLabel(req, k),
                  req.format.money(line.buckets[k] ?? 0, line.currency),
                ]),
              },
            },
          );
        }),
      );
      return (
        <>
          <Heading req={req} title={req.t('ageing')} current="/ageing" />
          <p class="muted">{req.t('asOf', { date: req.format.date(ageing.asOf) })}</p>
          {ageing.totals.length === 0 ? (
            <div class="card">
              <p class="muted">{req.t('nothingOutstanding')}</p>
            </div>
          ) : (
            ageing.totals.map((line, i) => (
              <section class="card" aria-label={req.t('ageingChart', { currency: line.currency })}>
                <p>
                  {req.t('outstanding')}: <strong>{req.format.money(line.outstanding, line.currency)}</strong>{' '}
                  · {req.t('invoiceCount')}: {req.format.number(line.invoices)}
                </p>
                {charts[i]}
              </section>
            ))
          )}
          {ageing.top.customers.length ? (
            <DataTable
              id="rcv-top"
              title={`${req.t('topCustomers')} (${bucketLabel(req, ageing.top.bucket)})`}
              rows={ageing.top.customers}
              empty=""
              columns={[
                {
                  head: req.t('customer'),
                  cell: (c) => <CustomerLink id={c.customerId} name={name(c.customerId)} />,
                },
                {
                  head: bucketLabel(req, ageing.top.bucket),
                  num: true,
                  cell: (c) => req.format.money(c.amount, c.currency),
                },
                {
                  head: req.t('outstanding'),
                  num: true,
                  cell: (c) => req.format.money(c.outstanding, c.currency),
                },
              ]}
            />
          ) : null}
        </>
      );
    },
  });
}
