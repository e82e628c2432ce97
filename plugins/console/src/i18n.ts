import type { UiLanguage } from '@kehu/core';
import { en } from './messages/en.js';
import { zhCN } from './messages/zh-CN.js';

export type MessageKey = keyof typeof en;
export const CATALOGS: Record<UiLanguage, Record<string, string>> = { en, 'zh-CN': zhCN };

/** Fills `{name}` placeholders. */
export function fill(text: string, params?: Record<string, string | number>): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

export function translate(
  lang: UiLanguage,
  key: MessageKey,
  params?: Record<string, string | number>,
): string {
  return fill(CATALOGS[lang][key] ?? en[key] ?? key, params);
}

/** The best of our languages for an Accept-Language header: any `zh` picks zh-CN, else English. */
export function negotiateLanguage(header: string | undefined): UiLanguage {
  if (!header) return 'en';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.toLowerCase(), q: q === undefined ? 1 : Number(q) };
    })
    .filter((r) => r.tag && r.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const r of ranked) {
    if (r.tag.startsWith('zh')) return 'zh-CN';
    if (r.tag.startsWith('en')) return 'en';
  }
  return 'en';
}

export const isLanguage = (v: unknown): v is UiLanguage => v === 'en' || v === 'zh-CN';
