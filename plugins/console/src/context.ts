import type {
  CustomField,
  KehuContext,
  Kernel,
  Labels,
  Principal,
  UiApiResult,
  UiFormat,
  UiLanguage,
} from '@kehu/core';
import { requestAs } from '@kehu/core/ui';
import type { MessageKey } from './i18n.js';
import { translate } from './i18n.js';
import type { Flash } from './session.js';
import { setFlash } from './session.js';
import type { ConsoleSettings } from './settings.js';

/** One console request: who, in which language, and the kernel the pages call. */
export interface Page {
  readonly kernel: Kernel;
  readonly settings: ConsoleSettings;
  readonly c: KehuContext;
  /** Null only on the sign-in and invitation pages. */
  readonly principal: Principal | null;
  readonly lang: UiLanguage;
  readonly format: UiFormat;
  readonly csrfToken: string;
  readonly flash: Flash | undefined;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  label(labels: Labels): string;
}

export interface SignedInPage extends Page {
  readonly principal: Principal;
}

export const labelOf = (lang: UiLanguage, labels: Labels | undefined, fallback = ''): string =>
  labels ? (labels[lang] ?? labels.en) : fallback;

export function makeT(lang: UiLanguage) {
  return (key: MessageKey, params?: Record<string, string | number>) => translate(lang, key, params);
}

/** The API, in-process, as the signed-in user: a JSON body in, the parsed answer out. */
export async function callApi<T = any>(
  page: SignedInPage,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<UiApiResult<T>> {
  const init: RequestInit = { method, headers: { 'accept-language': page.lang } };
  if (body !== undefined) {
    init.body =
      typeof body === 'string' || body instanceof Uint8Array ? (body as string) : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] = contentType;
  }
  const res = await requestAs(page.kernel.app, page.principal, path, init);
  const text = await res.text();
  let parsed: unknown = text;
  if (text && /json/.test(res.headers.get('content-type') ?? '')) parsed = JSON.parse(text);
  return { ok: res.ok, status: res.status, body: parsed as T };
}

export function flashNext(page: Page, kind: Flash['kind'], text: string): void {
  setFlash(page.c, { kind, text }, page.settings.trustProxy);
}

/** A problem document's field errors by field name (`body.name` → `name`). */
export function fieldErrors(problem: any): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of problem?.errors ?? []) {
    const key = String(e.path ?? '').replace(/^body\./, '');
    out[key] ??= String(e.message ?? '');
  }
  return out;
}

/** The label of an enum value the registry knows (`customer.status`, `communication.channel`…). */
export function enumLabel(page: Page, name: string, value: string | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const labels = page.kernel.registry.enums.get(name)?.[String(value)];
  return labels ? labelOf(page.lang, labels) : String(value);
}

export function enumOptions(page: Page, name: string): { value: string; label: string }[] {
  return Object.entries(page.kernel.registry.enums.get(name) ?? {}).map(([value, labels]) => ({
    value,
    label: labelOf(page.lang, labels),
  }));
}

/** The choices of an enum or yes/no custom field; an empty list for the other types. */
export function customFieldOptions(page: Page, field: CustomField): { value: string; label: string }[] {
  if (field.type === 'enum')
    return field.options.map((o) => ({ value: o.value, label: labelOf(page.lang, o.labels) }));
  if (field.type === 'boolean')
    return [
      { value: 'true', label: page.t('common.yes') },
      { value: 'false', label: page.t('common.no') },
    ];
  return [];
}

/** The input type of a custom field that is typed in. */
export const customFieldInputType = (field: CustomField): 'date' | 'number' | 'text' =>
  field.type === 'date' ? 'date' : field.type === 'number' ? 'number' : 'text';
