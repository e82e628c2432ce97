import type { Context } from '@kehu/core/ui';

type Form = Record<string, string | string[] | File | File[]>;

/** One text field of the posted form, trimmed; '' when absent. */
export function text(form: Form, name: string): string {
  const v = form[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first.trim() : '';
}

/** Every value of a repeated field. */
export function texts(form: Form, name: string): string[] {
  const v = form[name];
  const all = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return all
    .filter((x): x is string => typeof x === 'string')
    .map((x) => x.trim())
    .filter(Boolean);
}

/** Text or null when blank: an emptied field clears the value. */
export const orNull = (form: Form, name: string): string | null => text(form, name) || null;

export function file(form: Form, name: string): File | undefined {
  const v = form[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'object' && first !== null ? (first as File) : undefined;
}

export type { Context };
