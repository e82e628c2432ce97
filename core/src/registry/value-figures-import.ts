import type { Principal } from '../auth/principal.js';
import type { Trx } from '../db/database.js';
import { badRequest } from '../errors.js';
import { currencyExponent, isCurrency } from '../money/currencies.js';
import { MAX_MONEY_AMOUNT, parseMoney } from '../money/money.js';
import { headerKey } from './customer-csv-columns.js';
import type { CustomerService } from './customer-service.js';
import type { ContributionInput, CustomerValues } from './customer-value.js';
import {
  type ImportMode,
  type ImportReport,
  type ImportSource,
  mapHeader,
  runImport,
  sourceRecords,
} from './sheet-import.js';

/** Columns of a yearly-figures file: `key` is the English header, `zh` the Chinese one, `aliases` others accepted. */
export const FIGURE_COLUMNS = [
  { key: 'customerCode', zh: '客户编号', aliases: ['code', '编号', '客户代码'] },
  { key: 'customerId', zh: '客户ID', aliases: ['id'] },
  { key: 'year', zh: '年度', aliases: ['年份', '年'] },
  { key: 'currency', zh: '币种', aliases: ['货币'] },
  { key: 'revenue', zh: '收入', aliases: ['营业收入', '销售收入', '销售额'] },
  { key: 'margin', zh: '毛利', aliases: ['毛利润', '利润'] },
] as const;

type FigureColumn = (typeof FIGURE_COLUMNS)[number]['key'];

const COLUMN_OF = new Map<string, string>(
  FIGURE_COLUMNS.flatMap((c) => [c.key, c.zh, ...c.aliases].map((h) => [headerKey(h), c.key] as const)),
);

const BATCH = 500;

/**
 * Minor units of a money cell in the currency's major unit. Thousands separators are dropped; a
 * number a spreadsheet computed (1234.5600000000002) counts as the amount it shows, while real extra
 * decimals (12.345 yuan) are an error.
 */
export function moneyCell(cell: string, currency: string): number | { error: string } {
  const text = cell.replace(/[,，\s]/g, '');
  try {
    return parseMoney(text, currency);
  } catch (err) {
    const scale = 10 ** currencyExponent(currency);
    const n = Number(text);
    if (/^-?\d+\.\d+$/.test(text) && Number.isFinite(n)) {
      const minor = Math.round(n * scale);
      if (
        Math.abs(minor / scale - n) < 1e-9 * Math.max(1, Math.abs(n)) &&
        Math.abs(minor) <= MAX_MONEY_AMOUNT
      )
        return minor;
    }
    return { error: (err as Error).message };
  }
}

interface ParsedFigure {
  row: number;
  code: string | undefined;
  id: string | undefined;
  figure: Omit<ContributionInput, 'customerId'>;
}

export interface FigureImportOptions {
  mode: ImportMode;
  dryRun: boolean;
  actor: Principal;
  /** The currency of a row without one: the value view's. */
  defaultCurrency: string;
}

/**
 * Imports yearly figures (customer code or id, year, currency, revenue, margin in major units) from
 * a CSV or `.xlsx` upload, with the customer import's column mapping, dry run, modes and per-row
 * report. A row names a customer the actor can see, once per year and currency; it replaces the
 * stored imported figure of that year and currency, and the customers' segments are refreshed.
 */
export async function importValueFigures(
  svc: CustomerService,
  values: CustomerValues,
  source: ImportSource,
  options: FigureImportOptions,
): Promise<ImportReport> {
  return runImport(
    (fn) => svc.inTransaction(undefined, fn),
    options,
    async (trx, builder) => {
      let header: { keys: (string | null)[]; names: string[] } | undefined;
      const seen = new Map<string, number>();
      let batch: ParsedFigure[] = [];
      const flush = async () => {
        const rows = batch;
        batch = [];
        builder.report.created += await writeFigures(
          svc,
          values,
          trx,
          rows,
          options.actor,
          seen,
          header!,
          builder,
        );
      };
      for await (const { row, cells } of sourceRecords(source)) {
        if (!header) {
          header = mapHeader(cells, COLUMN_OF, {
            known: FIGURE_COLUMNS.map((c) => `${c.key}/${c.zh}`).join(', '),
            required: [
              {
                keys: ['customerCode', 'customerId'],
                detail: 'The file needs a customer code (客户编号) or customer id column',
              },
              { keys: ['year'], detail: 'The file needs a year (年度) column' },
              { keys: ['revenue'], detail: 'The file needs a revenue (收入) column' },
            ],
          });
          continue;
        }
        builder.report.rows++;
        const parsed = parseFigure(cells, header, row, options.defaultCurrency);
        if ('errors' in parsed) {
          for (const e of parsed.errors) builder.fail(row, e.field, e.message);
          continue;
        }
        batch.push(parsed);
        if (batch.length >= BATCH) await flush();
      }
      if (!header) throw badRequest('empty_file', 'The file has no header row');
      if (batch.length > 0) await flush();
    },
  );
}

function parseFigure(
  cells: readonly string[],
  header: { keys: (string | null)[]; names: string[] },
  row: number,
  defaultCurrency: string,
): ParsedFigure | { errors: { field: string; message: string }[] } {
  const at: Partial<Record<FigureColumn, string>> = {};
  const nameOf: Partial<Record<FigureColumn, string>> = {};
  for (const [i, key] of header.keys.entries()) {
    if (!key) continue;
    at[key as FigureColumn] = (cells[i] ?? '').trim();
    nameOf[key as FigureColumn] = header.names[i]!;
  }
  const name = (key: FigureColumn) => nameOf[key] ?? key;
  const errors: { field: string; message: string }[] = [];
  const code = at.customerCode || undefined;
  const id = at.customerId || undefined;
  if (!code && !id)
    errors.push({
      field: name(nameOf.customerCode ? 'customerCode' : 'customerId'),
      message: 'A customer code or id is required',
    });
  const yearText = (at.year ?? '').replace(/年$/, '');
  const year = /^\d{4}$/.test(yearText) ? Number(yearText) : Number.NaN;
  if (!(year >= 1900 && year <= 2999))
    errors.push({ field: name('year'), message: 'Expected a year such as 2025' });
  const currency = (at.currency || defaultCurrency).toUpperCase();
  if (!isCurrency(currency))
    errors.push({ field: name('currency'), message: `${currency} is not an ISO 4217 currency code` });
  let revenue: number | undefined;
  let margin: number | null = null;
  if (isCurrency(currency)) {
    if (!at.revenue) errors.push({ field: name('revenue'), message: 'Revenue is required' });
    else {
      const r = moneyCell(at.revenue, currency);
      if (typeof r === 'number') revenue = r;
      else errors.push({ field: name('revenue'), message: r.error });
    }
    if (at.margin) {
      const m = moneyCell(at.margin, currency);
      if (typeof m === 'number') margin = m;
      else errors.push({ field: name('margin'), message: m.error });
    }
  }
  if (errors.length > 0) return { errors };
  return { row, code, id, figure: { year, currency, revenue: revenue!, margin } };
}

/** Resolves a batch's customers (visible ones only), drops repeated rows, writes the rest; returns how many it wrote. */
async function writeFigures(
  svc: CustomerService,
  values: CustomerValues,
  trx: Trx,
  rows: ParsedFigure[],
  actor: Principal,
  seen: Map<string, number>,
  header: { keys: (string | null)[]; names: string[] },
  builder: { fail(row: number, field: string, message: string): void },
): Promise<number> {
  const visible = svc.visibilityFilter(actor);
  const lookup = async (column: 'code' | 'id', wanted: string[]) => {
    const found = new Map<string, string>();
    if (wanted.length === 0) return found;
    let q = trx
      .selectFrom('customer')
      .select(['id', 'code'])
      .where(column, 'in', wanted)
      .where('deleted_at', 'is', null);
    if (visible) q = q.where(visible);
    for (const r of await q.execute()) found.set(r[column] as string, r.id as string);
    return found;
  };
  const byCode = await lookup('code', [...new Set(rows.flatMap((r) => (r.code ? [r.code] : [])))]);
  const byId = await lookup('id', [...new Set(rows.flatMap((r) => (!r.code && r.id ? [r.id] : [])))]);
  const headerOf = (key: string) => header.names[header.keys.indexOf(key)] ?? key;
  const good: ContributionInput[] = [];
  for (const r of rows) {
    const customerId = r.code ? byCode.get(r.code) : byId.get(r.id!);
    if (!customerId) {
      builder.fail(
        r.row,
        headerOf(r.code ? 'customerCode' : 'customerId'),
        r.code ? `No customer with code ${r.code}` : `No customer with id ${r.id}`,
      );
      continue;
    }
    const key = `${customerId} ${r.figure.year} ${r.figure.currency}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      builder.fail(r.row, 'row', `Same customer, year and currency as row ${earlier}`);
      continue;
    }
    seen.set(key, r.row);
    good.push({ customerId, ...r.figure });
  }
  if (good.length > 0) await values.importFigures(trx, good);
  return good.length;
}
