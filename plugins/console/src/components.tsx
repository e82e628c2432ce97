import type { Child } from '@kehu/core/ui';
import type { Page } from './context.js';
import { Layout } from './layout';

export function Field(props: {
  name: string;
  label: string;
  value?: string | null | undefined;
  type?: string;
  required?: boolean;
  error?: string | undefined;
  hint?: string;
  autocomplete?: string;
  placeholder?: string;
  multiline?: boolean;
  id?: string;
}) {
  const id = props.id ?? `f-${props.name}`;
  const describedBy = props.error ? `${id}-error` : props.hint ? `${id}-hint` : undefined;
  return (
    <div class="field">
      <label for={id}>
        {props.label}
        {props.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {props.multiline ? (
        <textarea
          id={id}
          name={props.name}
          required={props.required}
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={describedBy}
          placeholder={props.placeholder}
        >
          {props.value ?? ''}
        </textarea>
      ) : (
        <input
          id={id}
          type={props.type ?? 'text'}
          name={props.name}
          value={props.value ?? ''}
          required={props.required}
          autocomplete={props.autocomplete}
          placeholder={props.placeholder}
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={describedBy}
        />
      )}
      {props.error ? (
        <div class="field-error" id={`${id}-error`}>
          {props.error}
        </div>
      ) : props.hint ? (
        <div class="field-hint" id={`${id}-hint`}>
          {props.hint}
        </div>
      ) : null}
    </div>
  );
}

export function Select(props: {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  value?: string | null | undefined;
  error?: string | undefined;
  blank?: string;
  id?: string;
  required?: boolean;
}) {
  const id = props.id ?? `f-${props.name}`;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        required={props.required}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${id}-error` : undefined}
      >
        {props.blank !== undefined ? <option value="">{props.blank}</option> : null}
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === (props.value ?? '')}>
            {o.label}
          </option>
        ))}
      </select>
      {props.error ? (
        <div class="field-error" id={`${id}-error`}>
          {props.error}
        </div>
      ) : null}
    </div>
  );
}

/** A checkbox with its label after it; ticked, it posts `value` ("true" unless said). */
export function Check(props: {
  name: string;
  value?: string;
  checked?: boolean | undefined;
  children?: Child;
}) {
  return (
    <label class="check">
      <input type="checkbox" name={props.name} value={props.value ?? 'true'} checked={props.checked} />{' '}
      {props.children}
    </label>
  );
}

type FieldProps = Parameters<typeof Field>[0];
type SelectProps = Parameters<typeof Select>[0];
/**
 * One field of a console form: a `Field`, or a `Select` when it has options. Without `value` it shows
 * the form's value of its name; without `error`, the error at its name.
 */
export type FormRow = (
  | (Omit<FieldProps, 'value' | 'error'> & { options?: undefined })
  | Omit<SelectProps, 'value' | 'error'>
) & { value?: string | null | undefined; error?: string | undefined };

/** A form's fields, each filled with its value and showing its error. Rows that are false or null are left out. */
export function FieldRows(props: {
  values: Readonly<Record<string, string | undefined>>;
  errors: Readonly<Record<string, string | undefined>>;
  rows: readonly (FormRow | false | null | undefined)[];
}) {
  return (
    <>
      {props.rows.map((row) => {
        if (!row) return null;
        const value = 'value' in row ? row.value : props.values[row.name];
        const error = 'error' in row ? row.error : props.errors[row.name];
        return row.options ? (
          <Select {...row} options={row.options} value={value} error={error} />
        ) : (
          <Field {...row} value={value} error={error} />
        );
      })}
    </>
  );
}

// The console's own pages draw headings, badges and tables with the same kit as plugin pages.
export { Badge, DataTable, PageHead } from '@kehu/core/ui';

export function Notice({ kind, children }: { kind: 'success' | 'error' | 'info'; children?: Child }) {
  return (
    <div class={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

export function Empty({ children }: { children?: Child }) {
  return <p class="empty">{children}</p>;
}

/** A full error page (404, 403) in the console's layout. */
export function errorPage(page: Page, status: 403 | 404, extra?: Child) {
  const title = status === 404 ? page.t('error.notFoundTitle') : page.t('error.forbiddenTitle');
  const body = status === 404 ? page.t('error.notFoundBody') : page.t('error.forbiddenBody');
  return page.c.html(
    <Layout page={page} title={title}>
      <div class="card">
        <h1>{title}</h1>
        <p class="muted">{body}</p>
        {extra}
        <p>
          <a href="/dashboard">{page.t('error.backToDashboard')}</a>
        </p>
      </div>
    </Layout>,
    status,
  );
}

/** A problem document's message for the user: its detail, else the status. */
export function problemText(page: Page, problem: any, status: number): string {
  if (problem && typeof problem === 'object' && typeof problem.detail === 'string') return problem.detail;
  return page.t('error.generic', { status });
}
