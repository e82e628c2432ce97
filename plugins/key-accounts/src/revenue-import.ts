import {
  badRequest,
  CsvError,
  DomainError,
  isBusinessDate,
  isCurrency,
  newId,
  type Principal,
  parseMoney,
  readCsv,
} from '@kehu/core';
import type { Deps } from './context.js';

const COLUMNS = ['customerId', 'date', 'amount', 'currency', 'reference'] as const;
const MAX_ROWS = 200_000;

export interface RevenueImportReport {
  imported: number;
  /** Rows whose reference was imported before (a file sent twice counts once). */
  duplicates: number;
}

interface RowProblem {
  row: number;
  message: string;
}

/**
 * Revenue rows from CSV (`customerId,date,amount,currency,reference`; amounts in major units such as
 * `1234.56`), for companies whose sales live outside Kehu. All or nothing: one bad row writes no row.
 * Only the reporting currency is accepted, so a later run never mixes currencies.
 */
export async function importRevenue(
  deps: Deps,
  body: ReadableStream<Uint8Array>,
  actor: Principal,
): Promise<RevenueImportReport> {
  const currency = deps.config.reportingCurrency;
  const problems: RowProblem[] = [];
  const rows: { row: number; customer_id: string; revenue_on: string; amount: number; reference: string }[] =
    [];
  let header: string[] | null = null;
  try {
    for await (const { row, cells } of readCsv(body)) {
      if (!header) {
        header = cells.map((c) => c.trim());
        const missing = COLUMNS.filter((c) => !header!.includes(c));
        if (missing.length > 0)
          throw badRequest('invalid_csv', `The header lacks ${missing.join(', ')}`, [
            { path: 'body.row1', message: `Columns: ${COLUMNS.join(',')}` },
          ]);
        continue;
      }
      if (rows.length + problems.length >= MAX_ROWS)
        throw badRequest('too_many_rows', `A revenue import holds at most ${MAX_ROWS} rows`);
      const cell = (name: (typeof COLUMNS)[number]) => (cells[header!.indexOf(name)] ?? '').trim();
      const [customerId, date, amount, rowCurrency, reference] = COLUMNS.map(cell) as string[];
      if (!customerId || customerId.length > 32) problems.push({ row, message: 'customerId is required' });
      else if (!isBusinessDate(date!)) problems.push({ row, message: `date "${date}" is not YYYY-MM-DD` });
      else if (!isCurrency(rowCurrency!))
        problems.push({ row, message: `"${rowCurrency}" is not a currency` });
      else if (rowCurrency !== currency)
        problems.push({
          row,
          message: `revenue is ranked in ${currency}; ${rowCurrency} is never mixed in (convert first)`,
        });
      else if (!reference || reference.length > 100)
        problems.push({ row, message: 'reference is required (at most 100 characters)' });
      else {
        try {
          rows.push({
            row,
            customer_id: customerId,
            revenue_on: date!,
            amount: parseMoney(amount!, currency),
            reference,
          });
        } catch (err) {
          problems.push({ row, message: (err as Error).message });
        }
      }
    }
  } catch (err) {
    if (err instanceof CsvError)
      throw badRequest('invalid_csv', `Row ${err.row}: ${err.message}`, [
        { path: `body.row${err.row}`, message: err.message },
      ]);
    throw err;
  }
  if (!header) throw badRequest('empty_file', 'The file has no header row');
  const summaries = await deps.customers.summaries([...new Set(rows.map((r) => r.customer_id))]);
  for (const r of rows) {
    const s = summaries.get(r.customer_id);
    if (!s || s.deleted) problems.push({ row: r.row, message: `customer ${r.customer_id} does not exist` });
  }
  if (problems.length > 0) {
    problems.sort((a, b) => a.row - b.row);
    const code = problems.some((p) => p.message.includes('never mixed'))
      ? 'revenue_currency_mismatch'
      : 'invalid_rows';
    throw new DomainError(code, `Row ${problems[0]!.row}: ${problems[0]!.message}`, {
      currency,
      rows: problems.slice(0, 100),
    });
  }
  const now = deps.clock.now().toISOString();
  return deps.transaction(async (trx) => {
    let imported = 0;
    for (let i = 0; i < rows.length; i += 1_000) {
      const chunk = rows.slice(i, i + 1_000).map(({ row: _row, ...r }) => ({
        id: newId(),
        ...r,
        currency,
        created_at: now,
      }));
      const res = await trx
        .insertInto('ka_revenue')
        .values(chunk)
        .onConflict((oc) => oc.column('reference').doNothing())
        .executeTakeFirst();
      imported += Number(res.numInsertedOrUpdatedRows ?? 0);
    }
    await deps.audit.record(trx, {
      entityType: 'key_account_revenue',
      entityId: 'import',
      action: 'revenue.imported',
      actor,
      changes: { rows: { from: null, to: imported } },
    });
    return { imported, duplicates: rows.length - imported };
  });
}
