import type { Contact } from './contacts.js';
import type { CustomField } from './custom-fields.js';
import type { Customer } from './customer-record.js';

/**
 * Columns of the customer CSV, shared by export and import so an exported file imports again.
 * `key` is the English header; `zh` the Chinese one; `aliases` other headers accepted on import.
 */
export interface CsvColumn {
  key: string;
  zh: string;
  aliases?: readonly string[];
  /** Written by export, ignored by import (ids, timestamps, state the archive rules own). */
  readOnly?: boolean;
}

export const CUSTOMER_CSV_COLUMNS: readonly CsvColumn[] = [
  { key: 'id', zh: 'ID', readOnly: true },
  { key: 'code', zh: '客户编号', aliases: ['编号', '客户代码'] },
  { key: 'name', zh: '客户名称', aliases: ['名称', '客户', '公司名称'] },
  { key: 'kind', zh: '客户类型', aliases: ['类型', '客户性质'] },
  { key: 'internal', zh: '内部客户', aliases: ['内部'] },
  { key: 'chainPosition', zh: '中间/最终客户', aliases: ['客户层级', '渠道位置'] },
  { key: 'status', zh: '客户状态', aliases: ['状态'] },
  { key: 'region', zh: '区域', aliases: ['地区', '市场区域'] },
  { key: 'industry', zh: '行业' },
  { key: 'address', zh: '地址' },
  { key: 'phone', zh: '电话', aliases: ['客户电话'] },
  { key: 'email', zh: '邮箱', aliases: ['电子邮件', '电子邮箱'] },
  { key: 'legalRepresentative', zh: '法定代表人', aliases: ['法人代表', '法人'] },
  { key: 'source', zh: '客户来源', aliases: ['来源'] },
  { key: 'ownerId', zh: '客户经理', aliases: ['owner', '负责人'] },
  { key: 'tags', zh: '标签' },
  { key: 'contactName', zh: '联系人' },
  { key: 'contactTitle', zh: '联系人职务' },
  { key: 'contactPhone', zh: '联系人电话' },
  { key: 'contactEmail', zh: '联系人邮箱' },
  { key: 'doNotContact', zh: '禁止联系', readOnly: true },
  { key: 'createdAt', zh: '创建时间', readOnly: true },
  { key: 'updatedAt', zh: '更新时间', readOnly: true },
  { key: 'version', zh: '版本', readOnly: true },
  { key: 'terminatedAt', zh: '终止时间', readOnly: true },
];

/** Tags in one cell: `;` (also full-width `；`, `|` and `、`) between them. */
export const TAG_SEPARATOR = /[;；|、]/;

export const headerKey = (h: string): string => h.normalize('NFKC').trim().toLowerCase();

/** Header text → column key (`custom.<key>` for custom fields), for every accepted spelling. */
export function importHeaderMap(fields: readonly CustomField[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const c of CUSTOMER_CSV_COLUMNS) {
    for (const h of [c.key, c.zh, ...(c.aliases ?? [])]) map.set(headerKey(h), c.key);
  }
  for (const f of fields) {
    for (const h of [`custom.${f.key}`, f.key, f.labels.en, f.labels['zh-CN']])
      if (!map.has(headerKey(h))) map.set(headerKey(h), `custom.${f.key}`);
  }
  return map;
}

export const isReadOnlyColumn = (key: string): boolean =>
  CUSTOMER_CSV_COLUMNS.some((c) => c.key === key && c.readOnly);

/** The export's header row in the language asked for. */
export function exportHeader(
  fields: readonly CustomField[],
  lang: 'en' | 'zh-CN',
  facets: readonly string[],
): string[] {
  return [
    ...CUSTOMER_CSV_COLUMNS.map((c) => (lang === 'zh-CN' ? c.zh : c.key)),
    ...fields.map((f) => (lang === 'zh-CN' ? f.labels['zh-CN'] : `custom.${f.key}`)),
    ...facets.map((f) => `facet.${f}`),
  ];
}

/** One export row, in the order of {@link exportHeader}. */
export function exportRow(
  c: Customer,
  primary: Contact | undefined,
  fields: readonly CustomField[],
  facets: readonly string[],
  facetValues: Record<string, unknown> | undefined,
): unknown[] {
  const values: Record<string, unknown> = {
    ...c,
    tags: c.tags.join(';'),
    contactName: primary?.name,
    contactTitle: primary?.title,
    contactPhone: primary?.phone,
    contactEmail: primary?.email,
  };
  return [
    ...CUSTOMER_CSV_COLUMNS.map((col) => values[col.key]),
    ...fields.map((f) => c.custom[f.key]),
    ...facets.map((f) => facetValues?.[f] ?? null),
  ];
}
