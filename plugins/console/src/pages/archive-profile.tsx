import type { Customer } from '@kehu/core';
import { FieldRows } from '../components';
import type { SignedInPage } from '../context.js';
import { text } from '../form.js';
import type { MessageKey } from '../i18n.js';

/** Empty rows offered below the stored managers and competitors, to add new ones. */
const BLANK_ROWS = 2;
/** The API's limit per list. */
const MAX_ROWS = 50;
const STATUS_FIELDS = ['salesActivity', 'problems', 'outlook', 'reputation'] as const;
const STATUS_LABELS: Record<(typeof STATUS_FIELDS)[number], MessageKey> = {
  salesActivity: 'profile.salesActivity',
  problems: 'profile.problems',
  outlook: 'profile.outlook',
  reputation: 'profile.reputation',
};
const RELATION_LABELS: Record<string, MessageKey> = {
  main_supplier: 'profile.relation.main',
  secondary_supplier: 'profile.relation.secondary',
  former_supplier: 'profile.relation.former',
  courting: 'profile.relation.courting',
};

type Form = Parameters<typeof text>[0];

/** The form values of a customer's structured archive fields, by the names the form uses. */
export function profileValues(customer: Customer): Record<string, string> {
  const v: Record<string, string> = {};
  customer.managers.forEach((m, i) => {
    v[`managers.${i}.name`] = m.name;
    v[`managers.${i}.title`] = m.title ?? '';
    v[`managers.${i}.background`] = m.background ?? '';
  });
  for (const k of STATUS_FIELDS) v[`businessStatus.${k}`] = customer.businessStatus[k] ?? '';
  customer.competitors.forEach((c, i) => {
    v[`competitors.${i}.name`] = c.name;
    v[`competitors.${i}.relation`] = c.relation;
    v[`competitors.${i}.note`] = c.note ?? '';
  });
  return v;
}

/** Rows to draw for a list: the highest row the values hold, plus blank ones. */
function rowCount(values: Record<string, string>, list: string): number {
  let filled = 0;
  for (const key of Object.keys(values)) {
    const m = new RegExp(`^${list}\\.(\\d+)\\.`).exec(key);
    if (m) filled = Math.max(filled, Number(m[1]) + 1);
  }
  return Math.min(MAX_ROWS, filled + BLANK_ROWS);
}

/**
 * The customer form's structured archive fields: the managers and their background (经营管理者),
 * the business status (业务状况) and the relation to competitors (竞争关系). Errors stand beside
 * the field they are about.
 */
export function ProfileFields(props: {
  page: SignedInPage;
  values: Record<string, string>;
  errors: Record<string, string>;
}) {
  const { page, values: v, errors: e } = props;
  const rows = (list: string) => Array.from({ length: rowCount(v, list) }, (_, i) => i);
  const f = { values: v, errors: e };
  return (
    <>
      <fieldset class="stack" id="profile-managers">
        <legend>{page.t('profile.managers')}</legend>
        <p class="field-hint">{page.t('profile.rowsHint')}</p>
        {rows('managers').map((i) => (
          <div class="form-grid">
            <FieldRows
              {...f}
              rows={[
                { name: `managers.${i}.name`, label: page.t('profile.managerName', { n: i + 1 }) },
                { name: `managers.${i}.title`, label: page.t('profile.managerTitle', { n: i + 1 }) },
                {
                  name: `managers.${i}.background`,
                  label: page.t('profile.managerBackground', { n: i + 1 }),
                  multiline: true,
                },
              ]}
            />
          </div>
        ))}
      </fieldset>
      <fieldset class="stack" id="profile-status">
        <legend>{page.t('profile.businessStatus')}</legend>
        <div class="form-grid">
          <FieldRows
            {...f}
            rows={STATUS_FIELDS.map((k) => ({
              name: `businessStatus.${k}`,
              label: page.t(STATUS_LABELS[k]),
              multiline: true,
            }))}
          />
        </div>
      </fieldset>
      <fieldset class="stack" id="profile-competitors">
        <legend>{page.t('profile.competitors')}</legend>
        {rows('competitors').map((i) => (
          <div class="form-grid">
            <FieldRows
              {...f}
              rows={[
                { name: `competitors.${i}.name`, label: page.t('profile.competitorName', { n: i + 1 }) },
                {
                  name: `competitors.${i}.relation`,
                  label: page.t('profile.competitorRelation', { n: i + 1 }),
                  options: Object.entries(RELATION_LABELS).map(([value, key]) => ({
                    value,
                    label: page.t(key),
                  })),
                  value: v[`competitors.${i}.relation`] || 'main_supplier',
                },
                { name: `competitors.${i}.note`, label: page.t('profile.competitorNote', { n: i + 1 }) },
              ]}
            />
          </div>
        ))}
      </fieldset>
    </>
  );
}

const cell = (form: Form, name: string): string | null => text(form, name).trim() || null;

/** The rows of a list the form posted, in order; a row without a name is left out. */
function postedRows(form: Form, list: string, columns: readonly string[]): Record<string, string | null>[] {
  const indexes = new Set<number>();
  for (const key of Object.keys(form)) {
    const m = new RegExp(`^${list}\\.(\\d+)\\.`).exec(key);
    if (m && Number(m[1]) < MAX_ROWS + BLANK_ROWS) indexes.add(Number(m[1]));
  }
  return [...indexes]
    .sort((a, b) => a - b)
    .map((i) => Object.fromEntries(columns.map((c) => [c, cell(form, `${list}.${i}.${c}`)])))
    .filter((row) => row.name !== null);
}

/**
 * The structured fields of a posted customer form as the API takes them: each replaces the stored
 * value whole on an edit; on a create, left out when empty.
 */
export function profileBody(form: Form, editing: boolean): Record<string, unknown> {
  const managers = postedRows(form, 'managers', ['name', 'title', 'background']);
  const competitors = postedRows(form, 'competitors', ['name', 'relation', 'note']).map((c) => ({
    ...c,
    relation: c.relation ?? 'main_supplier',
  }));
  const businessStatus = Object.fromEntries(STATUS_FIELDS.map((k) => [k, cell(form, `businessStatus.${k}`)]));
  const body: Record<string, unknown> = {};
  if (editing || managers.length > 0) body.managers = managers;
  if (editing || competitors.length > 0) body.competitors = competitors;
  if (editing || Object.values(businessStatus).some((s) => s !== null)) body.businessStatus = businessStatus;
  return body;
}

/** The structured fields as read-only text, for the archive page. */
export function ProfileView(props: { page: SignedInPage; customer: Customer; editHref: string | null }) {
  const { page, customer: c } = props;
  const empty =
    c.managers.length === 0 && c.competitors.length === 0 && STATUS_FIELDS.every((k) => !c.businessStatus[k]);
  return (
    <section class="card" aria-labelledby="h-profile">
      <h2 id="h-profile">{page.t('profile.title')}</h2>
      {empty ? <p class="muted">{page.t('profile.none')}</p> : null}
      {c.managers.length > 0 ? (
        <>
          <h3>{page.t('profile.managers')}</h3>
          <ul>
            {c.managers.map((m) => (
              <li>
                <strong>{m.name}</strong>
                {m.title ? ` · ${m.title}` : ''}
                {m.background ? <p>{m.background}</p> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {STATUS_FIELDS.some((k) => c.businessStatus[k]) ? (
        <>
          <h3>{page.t('profile.businessStatus')}</h3>
          <dl class="fields">
            {STATUS_FIELDS.filter((k) => c.businessStatus[k]).map((k) => (
              <>
                <dt>{page.t(STATUS_LABELS[k])}</dt>
                <dd>{c.businessStatus[k]}</dd>
              </>
            ))}
          </dl>
        </>
      ) : null}
      {c.competitors.length > 0 ? (
        <>
          <h3>{page.t('profile.competitors')}</h3>
          <ul>
            {c.competitors.map((x) => (
              <li>
                <strong>{x.name}</strong> · {page.t(RELATION_LABELS[x.relation] ?? 'profile.relation.main')}
                {x.note ? ` — ${x.note}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {props.editHref ? (
        <p>
          <a href={props.editHref}>{page.t('profile.edit')}</a>
        </p>
      ) : null}
    </section>
  );
}
