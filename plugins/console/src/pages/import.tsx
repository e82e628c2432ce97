import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Child } from '@kehu/core/ui';
import type { ConsoleApp } from '../app';
import { errorPage, Notice, PageHead, problemText } from '../components';
import type { SignedInPage } from '../context.js';
import { callApi } from '../context.js';
import { file, text } from '../form.js';
import { CsrfField, Layout } from '../layout';

const MAX_UPLOAD_BYTES = 32 * 1024 * 1024;
const KEEP_MS = 30 * 60_000;

interface Report {
  dryRun: boolean;
  mode: string;
  rows: number;
  valid: number;
  invalid: number;
  created: number;
  errors: { row: number; field: string; message: string }[];
  errorsTruncated: boolean;
}

/**
 * Uploads between the dry run and the commit, per user, for half an hour. The file waits on disk
 * (a private temp folder of this process), not in memory: only its path and owner are kept here.
 */
const uploads = new Map<
  string,
  { userId: string; path: string; name: string; mode: string; force: boolean; at: number }
>();
let folder: string | undefined;
async function keep(entry: {
  userId: string;
  csv: string;
  name: string;
  mode: string;
  force: boolean;
}): Promise<string> {
  const now = Date.now();
  for (const [k, v] of uploads)
    if (now - v.at > KEEP_MS) {
      uploads.delete(k);
      await rm(v.path, { force: true });
    }
  folder ??= mkdtempSync(join(tmpdir(), 'kehu-import-'));
  const id = randomBytes(16).toString('base64url');
  const path = join(folder, `${id}.csv`);
  await writeFile(path, entry.csv, { mode: 0o600 });
  const { csv: _csv, ...rest } = entry;
  uploads.set(id, { ...rest, path, at: now });
  return id;
}
/** The kept file of an upload, once: it is removed as it is taken. */
async function take(
  id: string,
  userId: string,
): Promise<{ csv: string; mode: string; force: boolean } | undefined> {
  const entry = uploads.get(id);
  if (!entry || entry.userId !== userId || Date.now() - entry.at > KEEP_MS) return undefined;
  uploads.delete(id);
  try {
    return { csv: await readFile(entry.path, 'utf8'), mode: entry.mode, force: entry.force };
  } catch {
    return undefined;
  } finally {
    await rm(entry.path, { force: true });
  }
}

function ReportView({ page, report }: { page: SignedInPage; report: Report }) {
  return (
    <>
      <dl class="fields">
        <dt>{page.t('import.rows')}</dt>
        <dd>{page.format.number(report.rows)}</dd>
        <dt>{page.t('import.valid')}</dt>
        <dd>{page.format.number(report.valid)}</dd>
        <dt>{page.t('import.invalid')}</dt>
        <dd>{page.format.number(report.invalid)}</dd>
        {!report.dryRun ? (
          <>
            <dt>{page.t('import.created')}</dt>
            <dd>{page.format.number(report.created)}</dd>
          </>
        ) : null}
      </dl>
      {report.errors.length > 0 ? (
        <div class="table-wrap">
          <h3>{page.t('import.errors')}</h3>
          <table>
            <thead>
              <tr>
                <th class="num">{page.t('import.row')}</th>
                <th>{page.t('import.field')}</th>
                <th>{page.t('import.message')}</th>
              </tr>
            </thead>
            <tbody>
              {report.errors.slice(0, 200).map((e) => (
                <tr>
                  <td class="num">{e.row}</td>
                  <td>{e.field}</td>
                  <td>{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.errorsTruncated || report.errors.length > 200 ? (
            <p class="muted">{page.t('import.moreErrors')}</p>
          ) : null}
        </div>
      ) : null}
    </>
  );
}

async function run(page: SignedInPage, csv: string, mode: string, force: boolean, dryRun: boolean) {
  const q = new URLSearchParams({ mode, dryRun: String(dryRun), force: String(force) });
  return callApi<Report>(page, 'POST', `/api/v1/customers/import?${q}`, csv, 'text/csv; charset=utf-8');
}

/** The CSV import wizard: upload, a dry run with a report per row, then commit. */
export function importPages(app: ConsoleApp): void {
  const layout = (page: SignedInPage, body: Child, status = 200) =>
    page.c.html(
      <Layout page={page} title={page.t('nav.import')}>
        <PageHead title={page.t('nav.import')} subtitle={page.t('import.intro')} />
        {body}
      </Layout>,
      status as 200,
    );

  app.get('/import', (c) => {
    const page = c.get('page') as SignedInPage;
    if (!page.principal.can('customers.import')) return errorPage(page, 403);
    return layout(
      page,
      <form method="post" action="/import/check" enctype="multipart/form-data" class="card stack">
        <CsrfField page={page} />
        <h2>{page.t('import.step1')}</h2>
        <div>
          <label for="f-file">{page.t('import.file')}</label>
          <input id="f-file" type="file" name="file" accept=".csv,text/csv" required />
          <div class="field-hint">{page.t('import.fileHint')}</div>
        </div>
        <div>
          <label for="f-mode">{page.t('import.mode')}</label>
          <select id="f-mode" name="mode">
            <option value="all-or-nothing">{page.t('import.allOrNothing')}</option>
            <option value="skip-invalid">{page.t('import.skipInvalid')}</option>
          </select>
        </div>
        <label class="check">
          <input type="checkbox" name="force" value="true" /> {page.t('import.force')}
        </label>
        <div>
          <button type="submit">{page.t('import.check')}</button>
        </div>
      </form>,
    );
  });

  app.post('/import/check', async (c) => {
    const page = c.get('page') as SignedInPage;
    if (!page.principal.can('customers.import')) return errorPage(page, 403);
    const form = c.get('form');
    const upload = file(form, 'file');
    if (!upload || upload.size === 0)
      return layout(page, <Notice kind="error">{page.t('import.noFile')}</Notice>, 422);
    if (upload.size > MAX_UPLOAD_BYTES)
      return layout(page, <Notice kind="error">{page.t('error.tooLarge')}</Notice>, 413);
    const csv = await upload.text();
    const mode = text(form, 'mode') === 'skip-invalid' ? 'skip-invalid' : 'all-or-nothing';
    const force = text(form, 'force') === 'true';
    const res = await run(page, csv, mode, force, true);
    if (!res.body || typeof res.body !== 'object' || !('rows' in res.body))
      return layout(page, <Notice kind="error">{problemText(page, res.body, res.status)}</Notice>, 422);
    const report = res.body;
    const id = await keep({ userId: page.principal.id, csv, name: upload.name, mode, force });
    const canCommit = mode === 'skip-invalid' ? report.valid > 0 : report.invalid === 0 && report.valid > 0;
    return layout(
      page,
      <div class="card">
        <h2>{page.t('import.step2', { name: upload.name })}</h2>
        <ReportView page={page} report={report} />
        {canCommit ? (
          <form method="post" action="/import/commit" class="actions">
            <CsrfField page={page} />
            <input type="hidden" name="upload" value={id} />
            <button type="submit">{page.t('import.commit', { count: report.valid })}</button>
            <a href="/import">{page.t('common.cancel')}</a>
          </form>
        ) : (
          <Notice kind="error">{page.t('import.fixFirst')}</Notice>
        )}
      </div>,
    );
  });

  app.post('/import/commit', async (c) => {
    const page = c.get('page') as SignedInPage;
    const id = text(c.get('form'), 'upload');
    const entry = await take(id, page.principal.id);
    if (!entry) return layout(page, <Notice kind="error">{page.t('import.expired')}</Notice>, 410);
    const res = await run(page, entry.csv, entry.mode, entry.force, false);
    if (!res.body || typeof res.body !== 'object' || !('rows' in res.body))
      return layout(page, <Notice kind="error">{problemText(page, res.body, res.status)}</Notice>, 422);
    return layout(
      page,
      <div class="card">
        <h2>{page.t('import.done')}</h2>
        {res.ok ? (
          <Notice kind="success">{page.t('import.createdCount', { count: res.body.created })}</Notice>
        ) : null}
        <ReportView page={page} report={res.body} />
        <p>
          <a href="/customers?sort=-createdAt">{page.t('import.seeCustomers')}</a>
        </p>
      </div>,
    );
  });
}
