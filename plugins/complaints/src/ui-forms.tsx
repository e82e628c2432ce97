import type { PluginContext, UiRequest } from '@kehu/core';
import type { PrintedForm } from './forms.js';

const MESSAGES = {
  en: {
    'forms.print': 'Print',
    'forms.csv': 'Download CSV',
    'forms.back': 'Back to the complaint',
    'forms.printedAt': 'Printed {at}',
    'forms.date': 'Date',
    'forms.from': 'From',
    'forms.to': 'To',
    'forms.show': 'Show',
    'forms.handling': 'Handling form',
    'forms.opinion': 'Opinion form',
    'forms.analysis': 'Analysis form',
    'forms.tracking': 'Tracking form',
    'forms.empty': 'No complaints in this period.',
  },
  'zh-CN': {
    'forms.print': '打印',
    'forms.csv': '下载 CSV',
    'forms.back': '返回投诉',
    'forms.printedAt': '打印时间 {at}',
    'forms.date': '日期',
    'forms.from': '起',
    'forms.to': '止',
    'forms.show': '查询',
    'forms.handling': '处理表',
    'forms.opinion': '意见表',
    'forms.analysis': '分析表',
    'forms.tracking': '追踪表',
    'forms.empty': '本期间没有投诉。',
  },
};

const lang = (req: UiRequest) => (req.lang === 'zh-CN' ? 'zh-CN' : 'en');

/** A page answering the API's CSV as a download the signed-in user may take. */
export async function csvDownload(req: UiRequest, apiPath: string, filename: string): Promise<Response> {
  const res = await req.api('GET', apiPath);
  if (!res.ok)
    return new Response(String(res.body?.detail ?? res.status), {
      status: res.status,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  return new Response(String(res.body), {
    status: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
    },
  });
}

/** One of the four forms, laid out for paper. */
function FormView({
  req,
  form,
  csv,
  back,
}: {
  req: UiRequest;
  form: PrintedForm;
  csv: string;
  back?: string;
}) {
  return (
    <article class="printable card">
      <p class="actions no-print">
        <button type="button" data-print>
          {req.t('forms.print')}
        </button>
        <a class="button button-secondary" href={csv}>
          {req.t('forms.csv')}
        </a>
        {back ? <a href={back}>{req.t('forms.back')}</a> : null}
      </p>
      <header>
        <h1>{form.title}</h1>
        <p class="muted">{form.subtitle}</p>
      </header>
      {form.sections.map((s, i) => (
        <section aria-labelledby={`form-s${i}`}>
          <h2 id={`form-s${i}`}>{s.heading}</h2>
          <table class="form-fields">
            <tbody>
              {s.fields.map((f) => (
                <tr>
                  <th scope="row">{f.label}</th>
                  <td>{f.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      {form.table ? (
        form.table.rows.length === 0 ? (
          <p class="muted">{req.t('forms.empty')}</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  {form.table.head.map((h) => (
                    <th scope="col">{h}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {form.table.rows.map((r) => (
                  <tr>
                    {r.map((cell) => (
                      <td>{cell}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
      <div class="signatures">
        {form.signatures.map((s) => (
          <div>
            <div class="signature-line" />
            <span class="small">
              {s} · {req.t('forms.date')}
            </span>
          </div>
        ))}
      </div>
      <p class="small muted">{req.t('forms.printedAt', { at: form.printedAt })}</p>
    </article>
  );
}

const PERIOD = /^\d{4}-\d{2}-\d{2}$/;

/** The four forms of the manuals as print-friendly pages, each with its CSV. */
export function complaintFormPages(ctx: PluginContext<unknown>): void {
  ctx.ui.messages(MESSAGES);

  ctx.ui.page({
    path: '/complaints/:id/forms/:form',
    title: { en: 'Complaint form', 'zh-CN': '投诉表单' },
    access: 'complaints.read',
    async get(req) {
      const id = encodeURIComponent(req.params.id!);
      const name = req.params.form === 'opinion' ? 'opinion' : 'handling';
      const api = `/api/v1/complaints/${id}/forms/${name}?lang=${lang(req)}`;
      if (req.query.format === 'csv') return csvDownload(req, `${api}&format=csv`, `complaint-${name}.csv`);
      const res = await req.api<PrintedForm>('GET', api);
      if (!res.ok) return <p class="muted">{String((res.body as any)?.detail ?? res.status)}</p>;
      return (
        <FormView
          req={req}
          form={res.body}
          csv={req.href(`/complaints/${id}/forms/${name}?format=csv`)}
          back={req.href(`/complaints/${id}`)}
        />
      );
    },
  });

  ctx.ui.page({
    path: '/forms/:form',
    title: { en: 'Complaint form', 'zh-CN': '投诉表单' },
    access: 'complaints.reports',
    async get(req) {
      const name = req.params.form === 'tracking' ? 'tracking' : 'analysis';
      const today = ctx.clock.today();
      const from = PERIOD.test(req.query.from ?? '') ? req.query.from! : `${today.slice(0, 7)}-01`;
      const to = PERIOD.test(req.query.to ?? '') ? req.query.to! : today;
      const qs = `from=${from}&to=${to}`;
      const api = `/api/v1/complaints/forms/${name}?${qs}&lang=${lang(req)}`;
      if (req.query.format === 'csv')
        return csvDownload(req, `${api}&format=csv`, `complaints-${name}-${from}-${to}.csv`);
      const res = await req.api<PrintedForm>('GET', api);
      return (
        <div class="stack">
          <form method="get" action={req.href(`/forms/${name}`)} class="form-grid no-print">
            <div>
              <label for="form-from">{req.t('forms.from')}</label>
              <input id="form-from" name="from" type="date" value={from} />
            </div>
            <div>
              <label for="form-to">{req.t('forms.to')}</label>
              <input id="form-to" name="to" type="date" value={to} />
            </div>
            <div>
              <button type="submit">{req.t('forms.show')}</button>
            </div>
          </form>
          {res.ok ? (
            <FormView req={req} form={res.body} csv={req.href(`/forms/${name}?${qs}&format=csv`)} />
          ) : (
            <p class="muted">{String((res.body as any)?.detail ?? res.status)}</p>
          )}
        </div>
      );
    },
  });
}
