import type { UiRequest } from '@kehu/core';
import { en } from './ui-messages.js';

/** A catalog label for a known value, the value itself for one a company configured. */
export function label(req: UiRequest, group: string, value: string | null): string {
  if (value === null) return '—';
  const key = `${group}.${value}`;
  return key in en ? req.t(key) : value;
}
