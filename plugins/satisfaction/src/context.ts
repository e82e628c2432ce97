import type { PluginDeps } from '@kehu/core';
import type { SatisfactionConfig } from './config.js';

/** What the satisfaction services need from the kernel; built once in `setup`. */
export type Deps = PluginDeps<SatisfactionConfig>;

export { inTransaction, nowIso } from '@kehu/core';

/** A text in both console languages. */
export type Bilingual = { 'zh-CN': string; en: string };

export const parseJson = <T>(text: unknown, fallback: T): T =>
  typeof text === 'string' && text.length > 0 ? (JSON.parse(text) as T) : fallback;
