import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Child, DataTable } from '@kehu/core/ui';
import type { ConsoleApp } from '../app';
import { Check, errorPage, Notice, PageHead, problemText } from '../components';
import type { SignedInPage } from '../context.js';
import { callApi } from '../context.js';
import { file, text } from '../form.js';
import type { MessageKey } from '../i18n.js';
import { CsrfField, Layout } from '../layout';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

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

interface Upload {
  /** The wizard the file was checked by: an upload is committed only there. */
  wizard: string;
  userId: string;
  name: string;
  contentType: string;
  mode: string;
  force: boolean;
}

/**
 * Uploads between the dry run and the commit, per user, for half an hour. The file waits on disk
 * (a private temp folder of this process), not in memory: only its path and owner are kept here.
 */
const uploads = new Map<string, Upload & { path: string; at: number }>();
let folder: string | undefined;
async function keep(entry: Upload, bytes: Uint8Array): Promise<string> {
  const now = Date.now();
  for (const [k, v] of uploads)
    if (now - v.at > KEEP_MS) {
      uploads.delete(k);
      await rm(v.path, { force: true });
    }
  folder ??= mkdtempSync(join(tmpdir(), 'kehu-import-'));
  const id = randomBytes(16).toString('base64url');
  const path = join(folder, id);
  await writeFile(path, bytes, { mode: 0o600 });
  uploads.set(id, { ...entry, path, at: now });
  return id;
}
/** The kept file of an upload, once: it is removed as it is taken. */
async function take(
  id: string,
  userId: string,
  wizard: string,
): Promise<(Upload & { bytes: Uint8Array }) | undefined> {
  const entry = uploads.get(id);
  if (!entry || entry.userId !== userId || entry.wizard !== wizard || Date.now() - entry.at > KEEP_MS)
    return undefined;
  uploads.delete(id);
  try {
    return { ...entry, bytes: new Uint8Array(await readFile(entry.path)) };
  } catch {
    return undefined;
  } finally {
    await rm(entry.path, { force: true });
  }
}

/** A check's or a commit's report: the counts in a card (with what comes before and after them), then the rows refused. */
function ReportView({
  page,
  report,
  title,
  lead,
  children,
}: {
  page: SignedInPage;
  report: Report;
  title: string;
  lead?: Child;
  children?: Child;
}) {
  return (
    <>
      <div class="card">
        <h2>{title}</h2>
        {lead}
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
        {children}
      </div>
      {report.errors.length > 0 ? (
        <DataTable
          id="import-errors"
          title={page.t('import.errors')}
          rows={report.errors.slice(0, 200)}
          empty=""
          columns={[
            { head: page.t('import.row'), num: true, cell: (e) => e.row },
            { head: page.t('import.field'), cell: (e) => e.field },
            { head: page.t('import.message'), cell: (e) => e.message },
          ]}
        >
          {report.errorsTruncated || report.errors.length > 200 ? (
            <p class="muted">{page.t('import.moreErrors')}</p>
          ) : null}
        </DataTable>
      ) : null}
    </>
  );
}

/** One import wizard: the console path, who may use it, the API route it drives, its words. */
export interface ImportWizard {
  path: string;
  permission: string;
  api: string;
  title: MessageKey;
  intro: MessageKey;
  fileHint: MessageKey;
  /** Offer to import rows that look like existing records (the API's `force`). */
  force: boolean;
  /** `{count}` rows to write. */
  commit: MessageKey;
  /** `{count}` rows written. */
  created: MessageKey;
  next: { href: string; label: MessageKey };
}

async function run(
  page: SignedInPage,
  wizard: ImportWizard,
  upload: Upload & { bytes: Uint8Array },
  dryRun: boolean,
) {
  const q = new URLSearchParams({ mode: upload.mode, dryRun: String(dryRun) });
  if (wizard.force) q.set('force', String(upload.force));
  return callApi<Report>(page, 'POST', `${wizard.api}?${q}`, upload.bytes, upload.contentType);
}

/** The file's type by its name: an `.xlsx` workbook, else CSV. */
const contentTypeOf = (name: string) => (/\.xlsx$/i.test(name) ? XLSX_TYPE : 'text/csv; charset=utf-8');

/** An import wizard (CSV or .xlsx): upload, a dry run with a report per row, then commit. */
export function importWizard(app: ConsoleApp, wizard: ImportWizard): void {
  const layout = (page: SignedInPage, body: Child, status = 200) =>
    page.c.html(
      <Layout page={page} title={page.t(wizard.title)}>
        <PageHead title={page.t(wizard.title)} subtitle={page.t(wizard.intro)} />
        {body}
      </Layout>,
      status as 200,
    );

  app.get(wizard.path, (c) => {
    const page = c.get('page') as SignedInPage;
    if (!page.principal.can(wizard.permission)) return errorPage(page, 403);
    return layout(
      page,
      <form method="post" action={`${wizard.path}/check`} enctype="multipart/form-data" class="card stack">
        <CsrfField page={page} />
        <h2>{page.t('import.step1')}</h2>
        <div>
          <label for="f-file">{page.t('import.file')}</label>
          <input id="f-file" type="file" name="file" accept={`.csv,text/csv,.xlsx,${XLSX_TYPE}`} required />
          <div class="field-hint">{page.t(wizard.fileHint)}</div>
        </div>
        <div>
          <label for="f-mode">{page.t('import.mode')}</label>
          <select id="f-mode" name="mode">
            <option value="all-or-nothing">{page.t('import.allOrNothing')}</option>
            <option value="skip-invalid">{page.t('import.skipInvalid')}</option>
          </select>
        </div>
        {wizard.force ? <Check name="force">{page.t('import.force')}</Check> : null}
        <div>
          <button type="submit">{page.t('import.check')}</button>
        </div>
      </form>,
    );
  });

  app.post(`${wizard.path}/check`, async (c) => {
    const page = c.get('page') as SignedInPage;
    if (!page.principal.can(wizard.permission)) return errorPage(page, 403);
    const form = c.get('form');
    const chosen = file(form, 'file');
    if (!chosen || chosen.size === 0)
      return layout(page, <Notice kind="error">{page.t('import.noFile')}</Notice>, 422);
    if (chosen.size > MAX_UPLOAD_BYTES)
      return layout(page, <Notice kind="error">{page.t('error.tooLarge')}</Notice>, 413);
    const upload = {
      wizard: wizard.path,
      userId: page.principal.id,
      name: chosen.name,
      contentType: contentTypeOf(chosen.name),
      mode: text(form, 'mode') === 'skip-invalid' ? 'skip-invalid' : 'all-or-nothing',
      force: wizard.force && text(form, 'force') === 'true',
      bytes: new Uint8Array(await chosen.arrayBuffer()),
    };
    const res = await run(page, wizard, upload, true);
    if (!res.body || typeof res.body !== 'object' || !('rows' in res.body))
      return layout(page, <Notice kind="error">{problemText(page, res.body, res.status)}</Notice>, 422);
    const report = res.body;
    const { bytes, ...entry } = upload;
    const id = await keep(entry, bytes);
    const canCommit =
      upload.mode === 'skip-invalid' ? report.valid > 0 : report.invalid === 0 && report.valid > 0;
    return layout(
      page,
      <ReportView page={page} report={report} title={page.t('import.step2', { name: upload.name })}>
        {canCommit ? (
          <form method="post" action={`${wizard.path}/commit`} class="actions">
            <CsrfField page={page} />
            <input type="hidden" name="upload" value={id} />
            <button type="submit">{page.t(wizard.commit, { count: report.valid })}</button>
            <a href={wizard.path}>{page.t('common.cancel')}</a>
          </form>
        ) : (
          <Notice kind="error">{page.t('import.fixFirst')}</Notice>
        )}
      </ReportView>,
    );
  });

  app.post(`${wizard.path}/commit`, async (c) => {
    const page = c.get('page') as SignedInPage;
    if (!page.principal.can(wizard.permission)) return errorPage(page, 403);
    const id = text(c.get('form'), 'upload');
    const upload = await take(id, page.principal.id, wizard.path);
    if (!upload) return layout(page, <Notice kind="error">{page.t('import.expired')}</Notice>, 410);
    const res = await run(page, wizard, upload, false);
    if (!res.body || typeof res.body !== 'object' || !('rows' in res.body))
      return layout(page, <Notice kind="error">{problemText(page, res.body, res.status)}</Notice>, 422);
    return layout(
      page,
      <ReportView
        page={page}
        report={res.body}
        title={page.t('import.done')}
        lead={
          res.ok ? (
            <Notice kind="success">{page.t(wizard.created, { count: res.body.created })}</Notice>
          ) : null
        }
      >
        <p>
          <a href={wizard.next.href}>{page.t(wizard.next.label)}</a>
        </p>
      </ReportView>,
    );
  });
}

/** The customer import wizard. */
export function importPages(app: ConsoleApp): void {
  importWizard(app, {
    path: '/import',
    permission: 'customers.import',
    api: '/api/v1/customers/import',
    title: 'nav.import',
    intro: 'import.intro',
    fileHint: 'import.fileHint',
    force: true,
    commit: 'import.commit',
    created: 'import.createdCount',
    next: { href: '/customers?sort=-createdAt', label: 'import.seeCustomers' },
  });
}
